//! The digest's order: articles newest first (undated last), and the days that have
//! articles, in the site's zone. Every order ends in a unique key (the article's `DocId`), so
//! output is deterministic. Cost: O(n log n).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{FixedOffset, NaiveDate};

use crate::model::{DocId, Entry, Published};

/// The articles in digest order, with their days.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Order {
    /// Days with articles, oldest first.
    pub days: Vec<Day>,
    /// Articles without a date, in digest order.
    pub undated: Vec<DocId>,
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
    let key = |x: &Entry| x.meta.published.map(|p| p.naive());
    match (key(a), key(b)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.meta.title.text().cmp(b.meta.title.text()))
    .then_with(|| a.id.cmp(&b.id))
}

/// Sorts `articles` into digest order and gives their days.
pub fn order(articles: &mut [Box<Entry>], timezone: FixedOffset) -> Order {
    articles.sort_by(|a, b| newest_first(a, b));
    let mut by_day: BTreeMap<NaiveDate, Vec<&Entry>> = BTreeMap::new();
    let mut undated = Vec::new();
    for a in articles.iter() {
        match &a.meta.published {
            Some(p) => by_day.entry(local_day(p, timezone)).or_default().push(&**a),
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
    Order { days, undated }
}
