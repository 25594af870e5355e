//! Analysis across articles: the order of the digest, its days, and the timeline of
//! events told in the articles' text ([`temporal`] finds the dates, [`timeline`] merges the
//! reports of one event across outlets).
//!
//! Pure: the dated sentences an entry holds out of memory are read back, a date at a time,
//! through the [`TextSource`] the caller hands in, to be merged. Takes the extracted articles, returns
//! them ordered with the timeline built.
//! Every order ends in a unique key (the article's `DocId`), so output is deterministic.
//! Cost: O(n log n) in the number of articles and of dated sentences (sorts and grouping).

pub mod timeline;

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::io;

use chrono::{FixedOffset, NaiveDate};

pub use self::timeline::MergeMemo;
use crate::model::TextSource;
use crate::model::{DocId, Entry, Event, Published};

/// What the analysis needs from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct DigestConfig {
    /// The site's zone: dates printed with another offset are moved into it.
    pub timezone: FixedOffset,
}

/// The articles in digest order, with the timeline.
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
}

/// One day of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    /// The day, in the site's zone.
    pub date: NaiveDate,
    /// The articles published that day, earliest first.
    pub articles: Vec<DocId>,
}

/// The calendar day of a publication date in the site's zone.
pub fn local_day(p: &Published, tz: FixedOffset) -> NaiveDate {
    match p.offset {
        Some(offset) => {
            let utc = p.naive() - chrono::Duration::seconds(i64::from(offset.local_minus_utc()));
            (utc + chrono::Duration::seconds(i64::from(tz.local_minus_utc()))).date()
        }
        None => p.date,
    }
}

/// Digest order: newest first, undated last, then by title, then by id.
fn newest_first(a: &Entry, b: &Entry) -> Ordering {
    let key = |x: &Entry| x.published.map(|p| p.naive());
    match (key(a), key(b)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.title.text().cmp(b.title.text()))
    .then_with(|| a.id.cmp(&b.id))
}

/// Orders the articles and builds the timeline (dates whose reports are in `memo` are not
/// merged again; sentences held out of memory are read from `texts`).
///
/// # Errors
/// A held sentence cannot be read back.
pub fn analyse(
    mut articles: Vec<Box<Entry>>,
    config: &DigestConfig,
    memo: &MergeMemo,
    texts: &dyn TextSource,
) -> io::Result<Digest> {
    articles.sort_by(|a, b| newest_first(a, b));
    let mut by_day: BTreeMap<NaiveDate, Vec<&Entry>> = BTreeMap::new();
    let mut undated = Vec::new();
    for a in &articles {
        match &a.published {
            Some(p) => by_day.entry(local_day(p, config.timezone)).or_default().push(&**a),
            None => undated.push(a.id),
        }
    }
    let days = by_day
        .into_iter()
        .map(|(date, mut list)| {
            list.sort_by(|a, b| newest_first(b, a).then_with(|| a.id.cmp(&b.id)));
            Day { date, articles: list.into_iter().map(|a| a.id).collect() }
        })
        .collect();
    let (events, merges) = timeline::merge(&articles, memo, texts)?;
    Ok(Digest { entries: articles, days, undated, events, merges })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Title};

    fn article(id: u32, title: &str, published: Option<&str>) -> Box<Entry> {
        let a = Article {
            published: published.and_then(Published::parse_iso),
            ..Article::new(DocId(id), format!("s{id}"), Title::Found(title.into()))
        };
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
