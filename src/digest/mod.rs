//! Analysis across articles: a stage per module, each a function from the articles' entries
//! to its own output, all run by [`analyse`], the one place a stage is registered:
//!
//! - [`order`]: digest order (newest first) and the days with articles;
//! - [`timeline`]: the events told in the articles' text, each report of one event across
//!   outlets merged into one;
//! - [`stories`]: the articles that tell one story, across outlets, grouped;
//! - [`quotes`]: the remarks several articles quote, each merged across outlets.
//!
//! A new stage is a module here, a field of [`Digest`] and a line in [`analyse`] (and, for a
//! page, a template and a call in [`crate::render::lists`]).
//!
//! Pure: the texts an entry holds out of memory are read back through the [`TextSource`]
//! the caller hands in. Every order ends in a unique key (the article's `DocId`), so output
//! is deterministic. Cost: O(n log n) in the number of articles and of dated sentences.

pub mod order;
pub mod quotes;
pub mod stories;
pub mod timeline;

use std::io;

use chrono::FixedOffset;

pub use self::order::{Day, local_day};
pub use self::quotes::QuoteGroup;
pub use self::stories::StoryGroup;
pub use self::timeline::MergeMemo;
use crate::model::{DocId, Entry, Event, TextSource};

/// What the analysis needs from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct DigestConfig {
    /// The site's zone: dates printed with another offset are moved into it.
    pub timezone: FixedOffset,
}

/// The articles in digest order, with every stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Digest {
    /// The articles' entries, newest first; undated articles last.
    pub entries: Vec<Box<Entry>>,
    /// Days with articles, oldest first.
    pub days: Vec<Day>,
    /// Articles without a date, in digest order.
    pub undated: Vec<DocId>,
    /// Events told in the articles, chronological.
    pub events: Vec<Event>,
    /// How each date's reports were merged into events: give it to the next analysis, which
    /// then merges only the dates whose reports changed.
    pub merges: MergeMemo,
    /// Stories of two or more articles: largest first, then newest.
    pub stories: Vec<StoryGroup>,
    /// Remarks quoted by two or more articles: most widely carried first.
    pub quotes: Vec<QuoteGroup>,
}

/// Runs every digest stage over the articles, in order: digest order, the timeline (dates
/// whose reports are in `memo` are not merged again; held sentences are read from `texts`),
/// then the stories, then the quotes shared across articles.
///
/// # Errors
/// A held sentence cannot be read back.
pub fn analyse(
    mut articles: Vec<Box<Entry>>,
    config: &DigestConfig,
    memo: &MergeMemo,
    texts: &dyn TextSource,
) -> io::Result<Digest> {
    let order::Order { days, undated } = order::order(&mut articles, config.timezone);
    // The three read the ordered articles and not each other: one core each.
    let (timeline, (stories, quotes)) = rayon::join(
        || timeline::merge(&articles, memo, texts),
        || rayon::join(|| stories::stories(&articles), || quotes::merge(&articles)),
    );
    let (events, merges) = timeline?;
    Ok(Digest { entries: articles, days, undated, events, merges, stories, quotes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Published, Title};

    fn article(id: u32, title: &str, published: Option<&str>) -> Box<Entry> {
        let mut a = Article::new(DocId(id), format!("s{id}"), Title::Found(title.into()));
        a.meta.published = published.and_then(Published::parse_iso);
        Box::new(Entry::of(&a, format!("s{id}")))
    }

    fn utc() -> DigestConfig {
        DigestConfig { timezone: FixedOffset::east_opt(0).unwrap() }
    }

    #[test]
    fn newest_first_undated_last() {
        let d = analyse(
            vec![
                article(0, "Old", Some("2015-10-22")),
                article(1, "None", None),
                article(2, "New", Some("2016-09-05T14:12:00")),
                article(3, "Same day earlier", Some("2016-09-05T04:00:00")),
            ],
            &utc(),
            &MergeMemo::default(),
            &crate::model::InMemory,
        )
        .unwrap();
        let order: Vec<u32> = d.entries.iter().map(|a| a.id.0).collect();
        assert_eq!(order, [2, 3, 0, 1]);
        assert_eq!(d.undated, [DocId(1)]);
        assert_eq!(d.days.len(), 2);
        assert_eq!(d.days[0].date.to_string(), "2015-10-22");
        assert_eq!(d.days[1].articles, [DocId(3), DocId(2)]);
    }

    #[test]
    fn offsets_move_into_site_zone() {
        let p = Published::parse_iso("2019-11-20T01:39:00-05:00").unwrap();
        assert_eq!(local_day(&p, FixedOffset::east_opt(0).unwrap()).to_string(), "2019-11-20");
        let p = Published::parse_iso("2019-11-20T21:00:00-05:00").unwrap();
        assert_eq!(local_day(&p, FixedOffset::east_opt(0).unwrap()).to_string(), "2019-11-21");
    }

    #[test]
    fn ties_break_on_title_then_id() {
        let d = analyse(
            vec![article(1, "B", None), article(0, "B", None), article(2, "A", None)],
            &utc(),
            &MergeMemo::default(),
            &crate::model::InMemory,
        )
        .unwrap();
        let order: Vec<u32> = d.entries.iter().map(|a| a.id.0).collect();
        assert_eq!(order, [2, 0, 1]);
    }
}
