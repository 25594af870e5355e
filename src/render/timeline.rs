//! The timeline's data: sections by date (day, month or year) holding the events told in the
//! articles and the articles published that day, a position on a compact scale, and the
//! TimelineJS3 export (`timeline.json`).
//!
//! Cost: linear in events and articles, plus one sort of the section keys.

use std::collections::BTreeMap;
use std::io;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use super::context::Card;
use super::escape::escape_html_into;
use crate::digest::Digest;
use crate::engine::pieces::LongFile;
use crate::model::{DocId, Entry, Event, Granularity, Part, PartialDate, TextSource, Unresolved, date_text};

/// A date of any granularity as templates show it.
#[derive(Debug, Serialize)]
pub struct PartialDateView {
    /// For `<time datetime>`: `2016-09-05`, `2016-09` or `2016` (the whole period when a
    /// part is named).
    pub iso: String,
    /// For readers: `5 September 2016`, `September 2016`, `2010`, and with a part `early
    /// 2011`, `mid-March 2012`, `the first quarter of 2013`, `the 1990s`.
    pub human: String,
    /// `day`, `month` or `year`.
    pub granularity: &'static str,
    /// The part of the period the text names (`early`, `q1`, `summer`, ...), if any.
    pub part: Option<&'static str>,
}

/// A date as readers read it: `5 September 2016`, `September 2016`, `2010`, `early 2011`,
/// `mid-March 2012`, `the first quarter of 2013`.
pub fn human(p: &PartialDate) -> String {
    let period = match p.granularity {
        Granularity::Day => date_text::human_day(p.date),
        Granularity::Month => date_text::human_month(p.date),
        Granularity::Year => p.to_string(),
    };
    match p.part {
        Some(part) => part.describe(&period),
        None => period,
    }
}

impl PartialDateView {
    /// The view of a date.
    pub fn of(p: &PartialDate) -> Self {
        let granularity = match p.granularity {
            Granularity::Day => "day",
            Granularity::Month => "month",
            Granularity::Year => "year",
        };
        PartialDateView { iso: p.to_string(), human: human(p), granularity, part: p.part.map(Part::code) }
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
    pub expression: String,
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
    /// Reporting articles not listed on the page ([`MAX_REPORTS_SHOWN`]).
    pub more_reports: usize,
}

/// An article under "published this day": what the line shows, no more (the page lists
/// thousands of them in a large digest).
#[derive(Debug, Serialize)]
pub struct PublishedView<'a> {
    /// Headline.
    pub title: &'a str,
    /// Path from the site root.
    pub url: &'a str,
    /// Outlet.
    pub source: Option<&'a str>,
    /// Publication date.
    pub date: Option<&'a super::context::DateView>,
}

impl<'a> PublishedView<'a> {
    fn of(c: &'a Card<'a>) -> Self {
        PublishedView { title: c.title, url: &c.url, source: c.source, date: c.date.as_ref() }
    }
}

/// A section of the timeline: one date.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// The date.
    pub date: PartialDateView,
    /// Anchor id (`d2016-09-05`, `d2016-09`, `d2015`).
    pub anchor: String,
    /// Position on the scale, 0 (earliest) to 100 (latest), one decimal.
    pub position: f64,
    /// Whether the scale shows a tick for it (not when one sits within [`MIN_TICK_GAP`]).
    pub tick: bool,
    /// Events told for this date.
    pub events: Vec<EventView<'a>>,
    /// Articles published this day (day sections only), at most [`MAX_ARTICLES_SHOWN`].
    pub published: Vec<PublishedView<'a>>,
    /// Articles published this day beyond those listed.
    pub more_published: usize,
}

/// A tick of the timeline's scale: a link to a section.
#[derive(Debug, Serialize)]
pub struct TickView<'a> {
    /// The section's date.
    pub date: &'a PartialDateView,
    /// The section's anchor.
    pub anchor: &'a str,
    /// Position on the scale, 0 to 100.
    pub position: f64,
}

/// The ticks of the scale: the sections that show one.
pub fn ticks<'a>(sections: &'a [SectionView<'_>]) -> Vec<TickView<'a>> {
    sections
        .iter()
        .filter(|s| s.tick)
        .map(|s| TickView { date: &s.date, anchor: &s.anchor, position: s.position })
        .collect()
}

/// An undated article with the expressions that could not be resolved without a date.
#[derive(Debug, Serialize)]
pub struct UndatedView<'a> {
    /// The article.
    pub card: &'a Card<'a>,
    /// Its unresolved expressions.
    pub unresolved: &'a [Unresolved],
}

/// What the links and labels of the timeline need about each article: its entry and card by
/// id, in a table indexed by the id (ids are dense: a seed's position), as every one of the
/// digest's reports looks its article up.
pub struct Lookup<'a> {
    by_id: Vec<Option<(&'a Entry, &'a Card<'a>)>>,
    /// Where the reports' sentences wait (for the expressions the page shows).
    texts: &'a dyn TextSource,
}

impl<'a> Lookup<'a> {
    /// The lookup of the digest's entries, `cards[i]` being the card of `entries[i]`.
    pub fn new(entries: &'a [Box<Entry>], cards: &'a [Card<'a>], texts: &'a dyn TextSource) -> Self {
        let len = entries.iter().map(|e| e.id.0 as usize + 1).max().unwrap_or(0);
        let mut by_id = vec![None; len];
        for (e, c) in entries.iter().zip(cards) {
            by_id[e.id.0 as usize] = Some((&**e, c));
        }
        Lookup { by_id, texts }
    }

    fn get(&self, id: DocId) -> Option<(&'a Entry, &'a Card<'a>)> {
        self.by_id.get(id.0 as usize).copied().flatten()
    }

    /// The entry of an article.
    pub fn entry(&self, id: DocId) -> Option<&'a Entry> {
        self.get(id).map(|(e, _)| e)
    }

    /// The card of an article.
    pub fn card(&self, id: DocId) -> Option<&'a Card<'a>> {
        self.get(id).map(|(_, c)| c)
    }

    /// The outlet (or, without one, the title) and the title of an article.
    fn label(&self, id: DocId) -> (&'a str, &'a str) {
        self.card(id).map_or(("", ""), |c| (c.label(), c.title))
    }

    fn url(&self, id: DocId, block: u32) -> String {
        self.card(id).map_or_else(String::new, |c| format!("{}#p{}", c.url, block + 1))
    }

    /// [`Lookup::url`], escaped for HTML, appended to `out`.
    fn write_url(&self, out: &mut String, id: DocId, block: u32) {
        if let Some(c) = self.card(id) {
            escape_html_into(out, &c.url);
            out.push_str("#p");
            push_number(out, block + 1);
        }
    }
}

/// `n` in decimal, appended to `out` (what `write!(out, "{n}")` gives, without the
/// formatting machinery: once per report of the digest).
fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|d| char::from(*d)));
}

/// The view of one event: its summary and its reports, at most [`MAX_REPORTS_SHOWN`] articles.
///
/// # Errors
/// A shown report's sentence cannot be read back.
pub fn event_view<'a>(e: &'a Event, lookup: &Lookup<'a>) -> io::Result<EventView<'a>> {
    let report_count = article_count(e);
    let mut listed = 0;
    let mut previous = None;
    let reports: Vec<ReportView<'a>> = e
        .reports
        .iter()
        .filter(|r| {
            if previous != Some(r.article) {
                previous = Some(r.article);
                listed += 1;
            }
            listed <= MAX_REPORTS_SHOWN
        })
        .map(|r| {
            let (outlet, title) = lookup.label(r.article);
            let expression = r.at.in_text(&r.sentence.read(lookup.texts)?).to_owned();
            Ok(ReportView { outlet, title, url: lookup.url(r.article, r.block), expression })
        })
        .collect::<io::Result<_>>()?;
    Ok(EventView {
        summary: &e.summary,
        reports,
        report_count,
        more_reports: report_count.saturating_sub(MAX_REPORTS_SHOWN),
    })
}

/// The anchor of a section's date (`d2016-09-05`, `d2011`, and with a part `d2011-early`).
pub fn anchor(p: &PartialDate) -> String {
    format!("d{}", p.key().replace('~', "-"))
}

/// The most events the page shows: past it, the ones the most articles report (the rest
/// stay in `timeline.json`), so the page stays readable and its size bounded however large
/// the digest grows.
pub const MAX_EVENTS_SHOWN: usize = 300;
/// The most background events the page shows (the rest stay in `timeline.json`).
pub const MAX_BACKGROUND_SHOWN: usize = 100;
/// The most reporting articles listed under one event on the page.
pub const MAX_REPORTS_SHOWN: usize = 12;
/// The most articles listed under "published this day", and in the undated list.
pub const MAX_ARTICLES_SHOWN: usize = 12;
/// The most undated articles listed.
pub const MAX_UNDATED_SHOWN: usize = 100;

/// The least distance between two ticks of the scale, in percent of its length: at most
/// about 200 ticks, however many dates the timeline has.
pub const MIN_TICK_GAP: f64 = 0.5;

/// How many distinct articles report an event (reports are sorted by article).
fn article_count(e: &Event) -> usize {
    1 + e.reports.windows(2).filter(|w| w[0].article != w[1].article).count()
}

/// Which events the page shows, by index in `digest.events`: at most [`MAX_EVENTS_SHOWN`]
/// of the story's events and [`MAX_BACKGROUND_SHOWN`] background ones
/// ([`Event::background`]), each the ones the most articles report.
pub fn shown(digest: &Digest) -> Vec<bool> {
    let mut keep = vec![false; digest.events.len()];
    for (background, most) in [(false, MAX_EVENTS_SHOWN), (true, MAX_BACKGROUND_SHOWN)] {
        let mut order: Vec<(usize, usize)> = digest
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.background == background)
            .map(|(i, e)| (i, article_count(e)))
            .collect();
        if order.len() > most {
            // Most articles first; the earlier event on ties (events are chronological).
            order.select_nth_unstable_by(most - 1, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            order.truncate(most);
        }
        for (i, _) in order {
            keep[i] = true;
        }
    }
    keep
}

/// The anchor of a background section's date (`background-2015`).
pub fn background_anchor(p: &PartialDate) -> String {
    format!("background-{}", p.key().replace('~', "-"))
}

/// The background part of the timeline: the [`shown`] events that are background
/// ([`Event::background`]), a section per date, chronological, with no articles published
/// and no place on the scale.
///
/// # Errors
/// A shown report's sentence cannot be read back.
pub fn background<'a>(digest: &'a Digest, lookup: &Lookup<'a>) -> io::Result<Vec<SectionView<'a>>> {
    let mut by_date: BTreeMap<PartialDate, Vec<EventView<'a>>> = BTreeMap::new();
    let keep = shown(digest);
    for (e, _) in digest.events.iter().zip(&keep).filter(|(e, k)| **k && e.background) {
        by_date.entry(e.date).or_default().push(event_view(e, lookup)?);
    }
    Ok(by_date
        .into_iter()
        .map(|(date, events)| SectionView {
            anchor: background_anchor(&date),
            position: 0.0,
            tick: false,
            date: PartialDateView::of(&date),
            events,
            published: Vec::new(),
            more_published: 0,
        })
        .collect())
}

/// How many events are the story's and how many background ([`Event::background`]).
pub fn event_counts(digest: &Digest) -> (usize, usize) {
    let background = digest.events.iter().filter(|e| e.background).count();
    (digest.events.len() - background, background)
}

/// Builds the timeline's sections, chronological (a year before its months, a month
/// before its days): the [`shown`] events of the story's time (background ones are in
/// [`background`]) and the articles published each day.
///
/// # Errors
/// A shown report's sentence cannot be read back.
pub fn sections<'a>(digest: &'a Digest, lookup: &Lookup<'a>) -> io::Result<Vec<SectionView<'a>>> {
    let mut by_date: BTreeMap<PartialDate, (Vec<EventView<'a>>, Vec<PublishedView<'a>>, usize)> = BTreeMap::new();
    let keep = shown(digest);
    for (e, _) in digest.events.iter().zip(&keep).filter(|(e, k)| **k && !e.background) {
        by_date.entry(e.date).or_default().0.push(event_view(e, lookup)?);
    }
    for d in &digest.days {
        let key = PartialDate::new(d.date, Granularity::Day);
        let cards = d.articles.iter().filter_map(|id| lookup.card(*id));
        let section = by_date.entry(key).or_default();
        section.1.extend(cards.take(MAX_ARTICLES_SHOWN).map(PublishedView::of));
        section.2 = d.articles.len().saturating_sub(MAX_ARTICLES_SHOWN);
    }
    let (first, last) = match (by_date.keys().next(), by_date.keys().next_back()) {
        (Some(a), Some(b)) => (a.date, b.date),
        _ => return Ok(Vec::new()),
    };
    let span = (last - first).num_days().max(1) as f64;
    let mut last_tick = f64::NEG_INFINITY;
    let sections = by_date
        .into_iter()
        .map(|(date, (events, published, more_published))| {
            let position = ((date.date - first).num_days() as f64 / span * 1000.0).round() / 10.0;
            let tick = position - last_tick >= MIN_TICK_GAP;
            if tick {
                last_tick = position;
            }
            SectionView {
                anchor: anchor(&date),
                position,
                tick,
                date: PartialDateView::of(&date),
                events,
                published,
                more_published,
            }
        })
        .collect();
    Ok(sections)
}

/// TimelineJS3's date object: a year, with month and day as precise as known, and for a
/// part of a period the words readers see (`display_date`: `early 2011`).
#[derive(Debug, Serialize)]
struct TjsDate {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
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
struct TjsTitle {
    text: TjsText,
}

/// The `group` of a background event in `timeline.json` ([`Event::background`]).
pub const BACKGROUND_GROUP: &str = "Background";

/// `timeline.json`: every event in TimelineJS3's JSON format, links absolute under
/// `base_url`, `group` the first reporting outlet (or [`BACKGROUND_GROUP`]), as a long file made in pieces (its report
/// lists make it hundreds of megabytes in a large digest). An event's key is a hash of all
/// it shows: its date and summary, each report's outlet and link, and the base address.
pub(crate) fn timeline_json<'a>(
    digest: &'a Digest,
    lookup: &'a Lookup<'a>,
    title: &str,
    base_url: &'a str,
) -> LongFile<'a> {
    // What `serde_json` writes for `{"title": .., "events": [..]}`, the events as items.
    let title = TjsTitle { text: TjsText { headline: title.to_owned(), text: String::new() } };
    let mut head = b"{\"title\":".to_vec();
    // Serialising a struct of strings into memory cannot fail.
    let _ = serde_json::to_writer(&mut head, &title);
    head.extend_from_slice(b",\"events\":[");
    LongFile {
        head,
        tail: b"]}",
        separator: b",",
        keys: event_keys(digest, lookup, base_url),
        write_item: Box::new(move |piece, i| {
            serde_json::to_writer(piece, &tjs_event(&digest.events[i], lookup, base_url)).map_err(std::io::Error::from)
        }),
    }
}

/// The key of each event of [`timeline_json`], made without writing it, on every core.
fn event_keys(digest: &Digest, lookup: &Lookup<'_>, base_url: &str) -> Vec<u64> {
    // What a report shows of its article (outlet and link), hashed once per article.
    let articles: Vec<u64> = lookup
        .by_id
        .par_iter()
        .map(|found| {
            let Some((entry, card)) = found else { return 0 };
            let mut h = crate::text::ContentHasher::default();
            h.field(lookup.label(entry.id).0.as_bytes());
            h.field(card.url.as_bytes());
            h.finish()
        })
        .collect();
    digest
        .events
        .par_iter()
        .map(|e| {
            let mut h = crate::text::ContentHasher::default();
            h.field(base_url.as_bytes());
            let mut date = [e.date.granularity as u8, 0, 0, 0, 0];
            date[1..].copy_from_slice(&e.date.date.num_days_from_ce().to_le_bytes());
            h.field(&date);
            h.field(e.date.part.map_or("", Part::code).as_bytes());
            h.field(e.summary.as_bytes());
            h.field(&[u8::from(e.background)]);
            h.field(&(e.reports.len() as u64).to_le_bytes());
            for r in &e.reports {
                let article = articles.get(r.article.0 as usize).copied().unwrap_or(0);
                let mut report = [0u8; 12];
                report[..8].copy_from_slice(&article.to_le_bytes());
                report[8..].copy_from_slice(&r.block.to_le_bytes());
                h.write(&report);
            }
            h.finish()
        })
        .collect()
}

fn tjs_event(e: &Event, lookup: &Lookup<'_>, base_url: &str) -> TjsEvent {
    let d: NaiveDate = e.date.date;
    let start_date = TjsDate {
        year: d.year(),
        month: (e.date.granularity != Granularity::Year).then(|| d.month()),
        day: (e.date.granularity == Granularity::Day).then(|| d.day()),
        display_date: e.date.part.map(|_| human(&e.date)),
    };
    // The text is one string per event (the largest name hundreds of reports): written in
    // place, escaped as it goes.
    let mut text = String::with_capacity(e.summary.len() + 96 * e.reports.len() + 32);
    text.push_str("<p>");
    escape_html_into(&mut text, &e.summary);
    text.push_str("</p><p>Reported by: ");
    for (i, r) in e.reports.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        text.push_str("<a href=\"");
        escape_html_into(&mut text, base_url);
        lookup.write_url(&mut text, r.article, r.block);
        text.push_str("\">");
        escape_html_into(&mut text, lookup.label(r.article).0);
        text.push_str("</a>");
    }
    text.push_str("</p>");
    TjsEvent {
        start_date,
        text: TjsText { headline: crate::text::truncate_words(&e.summary, 12), text },
        group: if e.background {
            BACKGROUND_GROUP.to_owned()
        } else {
            e.reports.first().map_or_else(String::new, |r| lookup.label(r.article).0.to_owned())
        },
    }
}

/// The undated articles, each with its unresolved expressions: at most
/// [`MAX_UNDATED_SHOWN`], in digest order.
pub fn undated<'a>(digest: &'a Digest, lookup: &Lookup<'a>) -> Vec<UndatedView<'a>> {
    digest
        .undated
        .iter()
        .filter_map(|id| {
            let (article, card) = lookup.get(*id)?;
            Some(UndatedView { card, unresolved: &article.unresolved })
        })
        .take(MAX_UNDATED_SHOWN)
        .collect()
}

/// `timeline/index.html`.
#[derive(Debug, Serialize)]
pub struct TimelinePage<'a> {
    /// Site values.
    pub site: &'a super::context::SiteView,
    /// Page values.
    pub page: super::context::PageView,
    /// Where the sections go: the template shows `{{ sections }}` once, and there each
    /// section (a date with events or publications, chronological) is rendered by
    /// `timeline_section.html` as `section`, one at a time, so that a timeline of thousands
    /// of dates is never one template context.
    pub sections: &'static str,
    /// How many sections there are.
    pub section_count: usize,
    /// The scale's ticks, chronological.
    pub ticks: Vec<TickView<'a>>,
    /// The first date of the timeline.
    pub first: Option<&'a PartialDateView>,
    /// The last date of the timeline.
    pub last: Option<&'a PartialDateView>,
    /// Articles without a date, with the expressions that could not be resolved.
    pub undated: Vec<UndatedView<'a>>,
    /// Number of events of the story's time (background ones aside).
    pub event_count: usize,
    /// The background part of the timeline: the shown background events, a section per
    /// date, chronological (each rendered by `timeline_section.html` as `section`).
    pub background: Vec<SectionView<'a>>,
    /// Number of background events (birth years, `since 1905`, dates far from publication
    /// told once).
    pub background_count: usize,
    /// Events reported by a single article that the page leaves out (a large digest).
    pub hidden_events: usize,
    /// Undated articles not listed (the page lists at most [`MAX_UNDATED_SHOWN`]).
    pub undated_more: usize,
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::digest::{DigestConfig, MergeMemo};
    use crate::model::{Article, Mention, Span, Title};

    fn digest(sentence: &str, source: &str) -> Digest {
        let mut a = Article {
            mentions: vec![Mention::new(
                PartialDate::new(NaiveDate::from_ymd_opt(2016, 9, 5).unwrap(), Granularity::Day),
                sentence.into(),
                Span::find(sentence, "on Monday"),
                0,
            )],
            ..Article::new(DocId(0), "a", Title::Found("Talks".into()))
        };
        a.meta.source = Some(source.to_owned());
        let timezone = chrono::FixedOffset::east_opt(0).unwrap();
        crate::digest::analyse(
            vec![Box::new(Entry::of(&a, "a".into()))],
            &DigestConfig { timezone },
            &MergeMemo::default(),
            &crate::model::InMemory,
        )
        .unwrap()
    }

    fn keys(d: &Digest) -> Vec<u64> {
        let cards: Vec<Card<'_>> = d.entries.iter().map(|e| crate::render::lists::card(e)).collect();
        let lookup = Lookup::new(&d.entries, &cards, &crate::model::InMemory);
        event_keys(d, &lookup, "https://example.org/")
    }

    #[test]
    fn background_events_are_apart_from_the_story_and_grouped_so_in_the_json() {
        let day = |y, m, d| PartialDate::new(NaiveDate::from_ymd_opt(y, m, d).unwrap(), Granularity::Day);
        let story = "The leaders met on Monday in Hangzhou.";
        let past = "The band was founded on 5 March 1975 in Memphis.";
        let mut a = Article {
            mentions: vec![
                Mention::new(day(2016, 9, 5), story.into(), Span::find(story, "on Monday"), 0),
                Mention::new(day(1975, 3, 5), past.into(), Span::find(past, "5 March 1975"), 1)
                    .standing(crate::model::Standing::Background),
            ],
            ..Article::new(DocId(0), "a", Title::Found("Talks".into()))
        };
        a.meta.source = Some("Reuters".to_owned());
        let timezone = chrono::FixedOffset::east_opt(0).unwrap();
        let d = crate::digest::analyse(
            vec![Box::new(Entry::of(&a, "a".into()))],
            &DigestConfig { timezone },
            &MergeMemo::default(),
            &crate::model::InMemory,
        )
        .unwrap();
        assert_eq!(event_counts(&d), (1, 1));
        let cards: Vec<Card<'_>> = d.entries.iter().map(|e| crate::render::lists::card(e)).collect();
        let lookup = Lookup::new(&d.entries, &cards, &crate::model::InMemory);
        let summaries = |sections: &[SectionView<'_>]| -> Vec<String> {
            sections.iter().flat_map(|s| s.events.iter().map(|e| e.summary.to_owned())).collect()
        };
        assert_eq!(summaries(&sections(&d, &lookup).unwrap()), [story]);
        let background = background(&d, &lookup).unwrap();
        assert_eq!(summaries(&background), [past]);
        assert_eq!(background[0].anchor, "background-1975-03-05");
        let groups: Vec<String> =
            d.events.iter().map(|e| tjs_event(e, &lookup, "https://example.org/").group).collect();
        assert_eq!(groups, [BACKGROUND_GROUP, "Reuters"]);
    }

    #[test]
    fn each_event_keeps_its_granularity_and_part_on_the_page_and_in_the_json() {
        let text = "The mill closed in 2010, reopened in March 2012 and was sold in early 2011.";
        let date = |s: &str| PartialDate::parse(s).unwrap();
        let mut a = Article {
            mentions: vec![
                Mention::new(date("2010"), text.into(), Span::find(text, "in 2010"), 0),
                Mention::new(date("2012-03"), text.into(), Span::find(text, "in March 2012"), 0),
                Mention::new(date("2011~early"), text.into(), Span::find(text, "early 2011"), 0),
            ],
            ..Article::new(DocId(0), "a", Title::Found("Mill".into()))
        };
        a.meta.source = Some("Reuters".to_owned());
        a.meta.published = crate::model::Published::parse_iso("2012-04-01");
        let timezone = chrono::FixedOffset::east_opt(0).unwrap();
        let d = crate::digest::analyse(
            vec![Box::new(Entry::of(&a, "a".into()))],
            &DigestConfig { timezone },
            &MergeMemo::default(),
            &crate::model::InMemory,
        )
        .unwrap();
        let cards: Vec<Card<'_>> = d.entries.iter().map(|e| crate::render::lists::card(e)).collect();
        let lookup = Lookup::new(&d.entries, &cards, &crate::model::InMemory);
        let shown: Vec<(String, String, &str, Option<&str>, String)> = sections(&d, &lookup)
            .unwrap()
            .into_iter()
            .chain(background(&d, &lookup).unwrap())
            .filter(|s| !s.events.is_empty())
            .map(|s| (s.date.human, s.date.iso, s.date.granularity, s.date.part, s.anchor))
            .collect();
        assert_eq!(
            shown,
            [
                ("2010".to_owned(), "2010".to_owned(), "year", None, "d2010".to_owned()),
                ("early 2011".to_owned(), "2011".to_owned(), "year", Some("early"), "d2011-early".to_owned()),
                ("March 2012".to_owned(), "2012-03".to_owned(), "month", None, "d2012-03".to_owned()),
            ]
        );
        let json: Vec<String> = d
            .events
            .iter()
            .map(|e| serde_json::to_string(&tjs_event(e, &lookup, "https://example.org/").start_date).unwrap())
            .collect();
        assert_eq!(
            json,
            [r#"{"year":2010}"#, r#"{"year":2011,"display_date":"early 2011"}"#, r#"{"year":2012,"month":3}"#,]
        );
    }

    #[test]
    fn parts_read_as_readers_say_them() {
        let human_of = |s: &str| human(&PartialDate::parse(s).unwrap());
        assert_eq!(human_of("2013~q1"), "the first quarter of 2013");
        assert_eq!(human_of("2012-03~mid"), "mid-March 2012");
        assert_eq!(human_of("1990~decade"), "the 1990s");
        assert_eq!(human_of("2012~summer"), "summer 2012");
        assert_eq!(human_of("2016-09-05"), "5 September 2016");
    }

    #[test]
    fn numbers_are_written_as_format_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, u32::MAX] {
            let mut out = String::from("#p");
            push_number(&mut out, n);
            assert_eq!(out, format!("#p{n}"));
        }
    }

    #[test]
    fn event_keys_follow_what_the_file_shows() {
        let base = digest("The leaders met on Monday in Hangzhou.", "Reuters");
        assert_eq!(keys(&base), keys(&digest("The leaders met on Monday in Hangzhou.", "Reuters")));
        assert_ne!(keys(&base), keys(&digest("The leaders met on Monday in Beijing.", "Reuters")), "summary");
        assert_ne!(keys(&base), keys(&digest("The leaders met on Monday in Hangzhou.", "AP")), "outlet");
    }
}
