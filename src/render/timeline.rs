//! The timeline's data: sections by date (day, month or year) holding the events told in the
//! articles and the articles published that day, a position on a compact scale, and the
//! TimelineJS3 export (`timeline.json`).
//!
//! Cost: linear in events and articles, plus one sort of the section keys.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::context::Card;
use crate::digest::Digest;
use crate::model::{DocId, Entry, Event, Granularity, PartialDate, Unresolved};

/// A date of any granularity as templates show it.
#[derive(Debug, Serialize)]
pub struct PartialDateView {
    /// For `<time datetime>`: `2016-09-05`, `2016-09` or `2016`.
    pub iso: String,
    /// For readers: `5 September 2016`, `September 2016`, `2016`.
    pub human: String,
    /// `day`, `month` or `year`.
    pub granularity: &'static str,
}

impl PartialDateView {
    fn of(p: &PartialDate) -> Self {
        let (human, granularity) = match p.granularity {
            Granularity::Day => (p.date.format("%-d %B %Y").to_string(), "day"),
            Granularity::Month => (p.date.format("%B %Y").to_string(), "month"),
            Granularity::Year => (p.date.format("%Y").to_string(), "year"),
        };
        PartialDateView { iso: p.to_string(), human, granularity }
    }
}

/// One article's report of an event.
#[derive(Debug, Serialize)]
pub struct ReportView<'a> {
    /// The outlet, or the article's title when the outlet is unknown.
    pub outlet: &'a str,
    /// The article's title.
    pub title: &'a str,
    /// Path from the site root to the reporting paragraph (`articles/x/index.html#p3`).
    pub url: String,
    /// The temporal expression the date comes from.
    pub expression: &'a str,
}

/// An event on the timeline.
#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    /// The most complete reporting sentence.
    pub summary: &'a str,
    /// Every report, by article.
    pub reports: Vec<ReportView<'a>>,
    /// How many distinct articles report it.
    pub report_count: usize,
}

/// A section of the timeline: one date.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// The date.
    pub date: PartialDateView,
    /// Anchor id (`d2016-09-05`, `d2016-09`, `d2015`).
    pub anchor: String,
    /// Position on the scale, 0 (earliest) to 100 (latest), one decimal.
    pub position: f32,
    /// Events told for this date.
    pub events: Vec<EventView<'a>>,
    /// Articles published this day (day sections only).
    pub published: Vec<&'a Card<'a>>,
}

/// An undated article with the expressions that could not be resolved without a date.
#[derive(Debug, Serialize)]
pub struct UndatedView<'a> {
    /// The article.
    pub card: &'a Card<'a>,
    /// Its unresolved expressions.
    pub unresolved: &'a [Unresolved],
}

/// What the links and labels of the timeline need about each article.
pub struct Lookup<'a> {
    /// Article by id.
    pub articles: HashMap<DocId, &'a Entry>,
    /// Card by id.
    pub cards: HashMap<DocId, &'a Card<'a>>,
}

impl<'a> Lookup<'a> {
    fn label(&self, id: DocId) -> (&'a str, &'a str) {
        let article = self.articles.get(&id);
        let title = article.map_or("", |a| a.title.text());
        (article.and_then(|a| a.source.as_deref()).unwrap_or(title), title)
    }

    fn url(&self, id: DocId, block: usize) -> String {
        self.cards.get(&id).map_or_else(String::new, |c| format!("{}#p{}", c.url, block + 1))
    }
}

fn event_view<'a>(e: &'a Event, lookup: &Lookup<'a>) -> EventView<'a> {
    let reports: Vec<ReportView<'a>> = e
        .reports
        .iter()
        .map(|r| {
            let (outlet, title) = lookup.label(r.article);
            ReportView { outlet, title, url: lookup.url(r.article, r.block), expression: &r.expression }
        })
        .collect();
    let mut ids: Vec<DocId> = e.reports.iter().map(|r| r.article).collect();
    ids.dedup();
    EventView { summary: &e.summary, reports, report_count: ids.len() }
}

/// The anchor of a section's date.
pub fn anchor(p: &PartialDate) -> String {
    format!("d{p}")
}

/// Up to this many events the page shows them all; past it, only events that several
/// articles report (the rest stay in `timeline.json`), so the page stays readable and small
/// for a digest of thousands of articles.
pub const ALL_EVENTS_UP_TO: usize = 300;

/// Whether the timeline page shows an event (see [`ALL_EVENTS_UP_TO`]).
pub fn shown(digest: &Digest, e: &Event) -> bool {
    digest.events.len() <= ALL_EVENTS_UP_TO || e.reports.windows(2).any(|w| w[0].article != w[1].article)
}

/// Builds the timeline's sections, chronological (a year before its months, a month
/// before its days).
pub fn sections<'a>(digest: &'a Digest, lookup: &Lookup<'a>) -> Vec<SectionView<'a>> {
    let mut by_date: BTreeMap<PartialDate, (Vec<EventView<'a>>, Vec<&'a Card<'a>>)> = BTreeMap::new();
    for e in digest.events.iter().filter(|e| shown(digest, e)) {
        by_date.entry(e.date).or_default().0.push(event_view(e, lookup));
    }
    for d in &digest.days {
        let key = PartialDate { date: d.date, granularity: Granularity::Day };
        let cards = d.articles.iter().filter_map(|id| lookup.cards.get(id).copied());
        by_date.entry(key).or_default().1.extend(cards);
    }
    let (first, last) = match (by_date.keys().next(), by_date.keys().next_back()) {
        (Some(a), Some(b)) => (a.date, b.date),
        _ => return Vec::new(),
    };
    let span = (last - first).num_days().max(1) as f32;
    by_date
        .into_iter()
        .map(|(date, (events, published))| SectionView {
            anchor: anchor(&date),
            position: ((date.date - first).num_days() as f32 / span * 1000.0).round() / 10.0,
            date: PartialDateView::of(&date),
            events,
            published,
        })
        .collect()
}

/// TimelineJS3's date object: a year, with month and day as precise as known.
#[derive(Debug, Serialize)]
struct TjsDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
}

#[derive(Debug, Serialize)]
struct TjsText {
    headline: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct TjsEvent {
    start_date: TjsDate,
    text: TjsText,
    group: String,
}

#[derive(Debug, Serialize)]
struct TjsTimeline {
    title: TjsTitle,
    events: Vec<TjsEvent>,
}

#[derive(Debug, Serialize)]
struct TjsTitle {
    text: TjsText,
}

/// HTML-escapes text for TimelineJS, which renders `text` fields as HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `timeline.json`: every event in TimelineJS3's JSON format, links absolute under
/// `base_url`, `group` the first reporting outlet.
pub fn timeline_json(digest: &Digest, lookup: &Lookup<'_>, title: &str, base_url: &str) -> Vec<u8> {
    let events = digest
        .events
        .iter()
        .map(|e| {
            let view = event_view(e, lookup);
            let d: NaiveDate = e.date.date;
            let start_date = TjsDate {
                year: d.year(),
                month: (e.date.granularity != Granularity::Year).then(|| d.month()),
                day: (e.date.granularity == Granularity::Day).then(|| d.day()),
            };
            let sources: Vec<String> = view
                .reports
                .iter()
                .map(|r| format!("<a href=\"{}{}\">{}</a>", escape(base_url), escape(&r.url), escape(r.outlet)))
                .collect();
            TjsEvent {
                start_date,
                text: TjsText {
                    headline: crate::text::truncate_words(&e.summary, 12),
                    text: format!("<p>{}</p><p>Reported by: {}</p>", escape(&e.summary), sources.join(", ")),
                },
                group: view.reports.first().map_or_else(String::new, |r| r.outlet.to_owned()),
            }
        })
        .collect();
    let timeline =
        TjsTimeline { title: TjsTitle { text: TjsText { headline: title.to_owned(), text: String::new() } }, events };
    serde_json::to_vec_pretty(&timeline).unwrap_or_default()
}

/// The undated articles, each with its unresolved expressions.
pub fn undated<'a>(digest: &'a Digest, lookup: &Lookup<'a>) -> Vec<UndatedView<'a>> {
    digest
        .undated
        .iter()
        .filter_map(|id| {
            let card = lookup.cards.get(id).copied()?;
            let article = lookup.articles.get(id)?;
            Some(UndatedView { card, unresolved: &article.unresolved })
        })
        .collect()
}
