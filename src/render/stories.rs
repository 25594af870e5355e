//! Stories as pages and data: a page per story of two or more articles
//! (`stories/SLUG/index.html`: its headline, outlets, span of dates, articles and its own
//! timeline), the index of every story (`stories/index.html`), the story cards the home page
//! leads with, `stories.json`, and the "Also reported by" block of each article in a story.
//!
//! Slugs come from each story's headline (its central article's title) through
//! [`super::urls::Slugs`], in story order: unique, deterministic, never a path from the text.

use std::collections::BTreeSet;

use serde::Serialize;

use super::context::{Card, DateView, PageView, SiteView, StoryCard};
use super::timeline::{EventView, Lookup, PartialDateView, event_view};
use super::urls;
use crate::digest::{Digest, StoryGroup};
use crate::model::{DocId, Event};
use crate::text::FnvMap;

/// The most story cards the home page leads with (the stories page lists them all).
pub const HOME_STORIES: usize = 20;
/// The most events a story page shows.
pub const MAX_STORY_EVENTS: usize = 100;
/// The most other articles an article's "Also reported by" block lists.
pub const MAX_ALSO: usize = 12;

/// One date of a story's own timeline.
#[derive(Debug, Serialize)]
pub struct StoryDate<'a> {
    /// The date.
    pub date: PartialDateView,
    /// The events its articles report for it.
    pub events: Vec<EventView<'a>>,
}

/// `stories/SLUG/index.html`.
#[derive(Debug, Serialize)]
pub struct StoryPage<'a> {
    /// Site values.
    pub site: &'a SiteView,
    /// Page values.
    pub page: PageView,
    /// The story.
    pub story: &'a StoryCard<'a>,
    /// Its articles, newest first.
    pub articles: Vec<&'a Card<'a>>,
    /// What happened when, as its articles tell it (background dates aside), chronological.
    pub timeline: Vec<StoryDate<'a>>,
    /// Events beyond those shown.
    pub more_events: usize,
    /// What was said, as its articles quote it: the remarks several outlets carried first.
    pub quotes: Vec<super::quotes::QuoteView<'a>>,
}

/// `stories/index.html`.
#[derive(Debug, Serialize)]
pub struct StoriesPage<'a> {
    /// Site values.
    pub site: &'a SiteView,
    /// Page values.
    pub page: PageView,
    /// Every story, largest and newest first.
    pub stories: &'a [StoryCard<'a>],
}

/// The page file of a story.
pub fn story_file(slug: &str) -> String {
    format!("stories/{slug}/index.html")
}

/// The cards of the digest's stories, in story order, with their slugs.
pub fn story_cards<'a>(digest: &'a Digest, lookup: &Lookup<'a>) -> Vec<StoryCard<'a>> {
    let mut slugs = urls::Slugs::default();
    digest
        .stories
        .iter()
        .map(|s| {
            let central = lookup.card(s.central);
            let headline = central.map_or("", |c| c.title);
            let cards: Vec<&Card<'_>> = s.members.iter().filter_map(|&id| lookup.card(id)).collect();
            let mut seen = BTreeSet::new();
            let outlets = cards.iter().filter_map(|c| c.source).filter(|o| seen.insert(*o)).collect();
            let dates: Vec<&DateView> = cards.iter().filter_map(|c| c.date.as_ref()).collect();
            let (first, last) = (
                dates.iter().copied().min_by(|a, b| a.iso.cmp(&b.iso)),
                dates.iter().copied().max_by(|a, b| a.iso.cmp(&b.iso)),
            );
            let human = |d: Option<&DateView>| {
                d.and_then(|d| chrono::NaiveDate::parse_from_str(&d.day, "%Y-%m-%d").ok())
                    .map_or_else(String::new, crate::model::date_text::human_day)
            };
            StoryCard {
                headline,
                url: story_file(&slugs.next(headline)),
                outlets,
                article_count: s.members.len(),
                first,
                last,
                first_day: human(first),
                last_day: human(last),
                summary: central.map_or("", |c| c.summary),
                label: match seen.len() {
                    0 | 1 => format!("Story · {} articles", s.members.len()),
                    n => format!("Story · {n} outlets"),
                },
            }
        })
        .collect()
}

/// The events each story's articles report (background ones aside), chronological, by
/// story: one pass over the digest's events, whatever the number of stories.
pub fn events_by_story(digest: &Digest) -> Vec<Vec<&Event>> {
    let mut story_of: FnvMap<DocId, usize> = FnvMap::default();
    for (k, s) in digest.stories.iter().enumerate() {
        story_of.extend(s.members.iter().map(|&id| (id, k)));
    }
    let mut out: Vec<Vec<&Event>> = vec![Vec::new(); digest.stories.len()];
    for e in digest.events.iter().filter(|e| !e.background) {
        let mut told: Vec<usize> = e.reports.iter().filter_map(|r| story_of.get(&r.article).copied()).collect();
        told.sort_unstable();
        told.dedup();
        told.into_iter().for_each(|k| out[k].push(e));
    }
    out
}

/// The page of one story, with the events its articles report ([`events_by_story`]) and
/// the quotes they carry ([`super::quotes::by_story`]).
///
/// # Errors
/// A shown report's sentence cannot be read back.
pub fn story_page<'a>(
    site: &'a SiteView,
    page: PageView,
    story: &'a StoryGroup,
    card: &'a StoryCard<'a>,
    told: &[&'a Event],
    quotes: Vec<super::quotes::QuoteView<'a>>,
    lookup: &Lookup<'a>,
) -> std::io::Result<StoryPage<'a>> {
    let mut timeline: Vec<StoryDate<'a>> = Vec::new();
    let mut shown = 0;
    let mut more_events = 0;
    for &e in told {
        if shown == MAX_STORY_EVENTS {
            more_events += 1;
            continue;
        }
        shown += 1;
        let view = event_view(e, lookup)?;
        match timeline.last_mut() {
            Some(last) if last.date.iso == e.date.to_string() => last.events.push(view),
            _ => timeline.push(StoryDate { date: PartialDateView::of(&e.date), events: vec![view] }),
        }
    }
    let articles = story.members.iter().filter_map(|&id| lookup.card(id)).collect();
    Ok(StoryPage { site, page, story: card, articles, timeline, more_events, quotes })
}

/// The other articles of an article's story, as its "Also reported by" block lists them.
#[derive(Debug, Serialize, Hash)]
pub struct AlsoView<'a> {
    /// The story's page, from the site root.
    pub story_url: &'a str,
    /// The story's headline.
    pub headline: &'a str,
    /// The other articles (at most [`MAX_ALSO`]).
    pub articles: Vec<AlsoArticle<'a>>,
    /// Other articles beyond those listed.
    pub more: usize,
}

/// What `article_also.html` renders: the block put into an article page where its template
/// shows `{{ also | safe }}`.
#[derive(Debug, Serialize)]
pub struct AlsoPage<'a> {
    /// Site values.
    pub site: &'a SiteView,
    /// The way from an article page to the site root.
    pub root: &'a str,
    /// The block's data.
    pub also: &'a AlsoView<'a>,
}

/// One article in an "Also reported by" block.
#[derive(Debug, Serialize, Hash)]
pub struct AlsoArticle<'a> {
    /// The outlet, or the title when the outlet is unknown.
    pub outlet: &'a str,
    /// The headline.
    pub title: &'a str,
    /// Path from the site root.
    pub url: &'a str,
}

/// The "Also reported by" block of every article in a story, by article id.
pub fn also_views<'a>(
    digest: &'a Digest,
    cards: &'a [StoryCard<'a>],
    lookup: &Lookup<'a>,
) -> Vec<(DocId, AlsoView<'a>)> {
    let mut out = Vec::new();
    for (story, card) in digest.stories.iter().zip(cards) {
        for &id in &story.members {
            let others: Vec<AlsoArticle<'a>> = story
                .members
                .iter()
                .filter(|&&o| o != id)
                .filter_map(|&o| lookup.card(o))
                .map(|c| AlsoArticle { outlet: c.label(), title: c.title, url: &c.url })
                .collect();
            let more = others.len().saturating_sub(MAX_ALSO);
            let articles = others.into_iter().take(MAX_ALSO).collect();
            out.push((id, AlsoView { story_url: &card.url, headline: card.headline, articles, more }));
        }
    }
    out.sort_by_key(|(id, _)| *id);
    out
}

/// `stories.json`: every story with its articles, for other tools.
#[derive(Debug, Serialize)]
pub struct StoriesJson<'a> {
    /// The stories, largest and newest first.
    pub stories: Vec<StoryJson<'a>>,
}

/// One story in `stories.json`.
#[derive(Debug, Serialize)]
pub struct StoryJson<'a> {
    /// Its headline.
    pub headline: &'a str,
    /// Its page, absolute.
    pub url: String,
    /// The outlets that carried it.
    pub outlets: &'a [&'a str],
    /// Earliest and latest publication dates (ISO), when known.
    pub first: Option<&'a str>,
    /// See `first`.
    pub last: Option<&'a str>,
    /// Its articles, newest first.
    pub articles: Vec<StoryArticleJson<'a>>,
}

/// One article of a story in `stories.json`.
#[derive(Debug, Serialize)]
pub struct StoryArticleJson<'a> {
    /// The seed it came from: its file stem, as `site.toml`'s `[articles."STEM"]` names it.
    pub stem: &'a str,
    /// The article page's slug.
    pub slug: &'a str,
    /// Its page, absolute.
    pub url: String,
    /// Its headline.
    pub title: &'a str,
    /// Its outlet.
    pub outlet: Option<&'a str>,
    /// Its publication date (ISO).
    pub published: Option<&'a str>,
}

/// The data of `stories.json`.
pub fn stories_json<'a>(
    digest: &'a Digest,
    cards: &'a [StoryCard<'a>],
    lookup: &Lookup<'a>,
    base_url: &str,
) -> StoriesJson<'a> {
    let stories = digest
        .stories
        .iter()
        .zip(cards)
        .map(|(s, c)| StoryJson {
            headline: c.headline,
            url: format!("{base_url}{}", urls::pretty_path(&c.url)),
            outlets: &c.outlets,
            first: c.first.map(|d| d.iso.as_str()),
            last: c.last.map(|d| d.iso.as_str()),
            articles: s
                .members
                .iter()
                .filter_map(|&id| Some((lookup.entry(id)?, lookup.card(id)?)))
                .map(|(e, card)| StoryArticleJson {
                    stem: &e.stem,
                    slug: &e.slug,
                    url: format!("{base_url}{}", urls::pretty_path(&card.url)),
                    title: card.title,
                    outlet: card.source,
                    published: card.date.as_ref().map(|d| d.iso.as_str()),
                })
                .collect(),
        })
        .collect();
    StoriesJson { stories }
}
