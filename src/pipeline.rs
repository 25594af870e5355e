//! The article pipeline: one seed's decoded text to its article, the same for `build`,
//! `serve` and `extract`.
//!
//! ```text
//! SourceDoc → clean (verdict per line) → extract (title, date, outlet…; a relative date
//!           counted back from the crawl) → temporal (dated statements) → the editor's
//!           overrides → story signature → Article + warnings
//! ```
//!
//! Pure: the text comes in ([`crate::ingest`] reads it), the article goes out; no file, no
//! cache, no clock but the optional [`Clock`] that `build --timings` hands in. The corpus the
//! cleaner compares lines with (lines repeated across seeds are site furniture) is part of
//! the [`CleanContext`]: it is made once per build from every seed, before any article.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::clean::{self, CleanContext, CorpusStats};
use crate::config::{ArticleOverride, CleanRules};
use crate::digest::stories;
use crate::extract;
use crate::model::{Article, Cleaned, Published, SourceDoc, Title, Warning};
use crate::quotes;
use crate::temporal;

/// A seed after the pipeline.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The cleaner's verdict on every line (`extract --explain` shows them).
    pub cleaned: Cleaned,
    /// What extraction found, with the overrides applied.
    pub article: Article,
    /// What the seed lacked or how it was decoded (no title, no date, a guessed encoding).
    pub warnings: Vec<Warning>,
}

/// A step of the pipeline, for [`Clock`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Cleaning the lines.
    Clean,
    /// Extraction, dated statements and overrides.
    Extract,
}

/// Told how long each step took (the build's `--timings`); [`NoClock`] when nobody asks.
pub trait Clock: Sync {
    /// `step` of one article took `took`.
    fn add(&self, step: Step, took: Duration);
}

/// No timing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoClock;

impl Clock for NoClock {
    fn add(&self, _: Step, _: Duration) {}
}

/// Runs one seed through the pipeline: clean, extract, date its statements, apply the
/// editor's `overrides` (a corrected date dates the statements again).
pub fn article(doc: &SourceDoc, ctx: &CleanContext<'_>, editor: &Editor<'_>, clock: &dyn Clock) -> Processed {
    let t = Instant::now();
    let cleaned = clean::clean(&doc.text, ctx);
    let t = lap(clock, Step::Clean, t);
    let mut article = extract::extract(doc, &cleaned);
    if article.meta.published.is_none()
        && let Some(crawled) = editor.crawled
    {
        article.meta.published = extract::date::published_relative(&cleaned.lines, crawled);
    }
    let overrides = editor.overrides;
    date_mentions(&mut article);
    if let Some(o) = overrides {
        apply_override(&mut article, o);
        if o.published.is_some() {
            date_mentions(&mut article);
        }
    }
    story_signature(&mut article);
    article.quotes = quotes::quotes(&article.body);
    let warnings = warnings_for(doc, &article);
    lap(clock, Step::Extract, t);
    Processed { cleaned, article, warnings }
}

/// What the editor knows of one seed beyond its text (`site.toml`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Editor<'a> {
    /// Corrections of its metadata (`[articles."STEM"]`).
    pub overrides: Option<&'a ArticleOverride>,
    /// When it was scraped (`crawled`): what a relative date counts back from.
    pub crawled: Option<&'a Published>,
}

fn lap(clock: &dyn Clock, step: Step, since: Instant) -> Instant {
    let now = Instant::now();
    clock.add(step, now - since);
    now
}

/// Runs every document through the pipeline, in parallel, in input order, with no overrides
/// (`extract` reports what the text alone gives). The documents are also the corpus whose
/// repeated lines count as site furniture. A site build streams through
/// [`crate::engine::build::run`] instead, a chunk of seeds at a time.
pub fn articles(docs: &[SourceDoc], rules: &CleanRules, crawled: Option<&Published>) -> Vec<Processed> {
    let corpus = CorpusStats::from_texts(docs.par_iter().map(|d| d.text.as_str()));
    let ctx = CleanContext { corpus: Some(&corpus), keep: &rules.keep, drop: &rules.drop };
    let editor = Editor { overrides: None, crawled };
    docs.par_iter().map(|doc| article(doc, &ctx, &editor, &NoClock)).collect()
}

/// Finds the dated statements of an article's body, resolved against its publication date.
pub fn date_mentions(article: &mut Article) {
    let (mentions, unresolved) = temporal::mentions(&article.body, article.meta.published.map(|p| p.date));
    article.mentions = mentions;
    article.unresolved = unresolved;
}

/// What the stories stage compares an article by: from its (corrected) title, standfirst
/// and story.
pub fn story_signature(article: &mut Article) {
    let paragraphs: Vec<&str> =
        article.standfirst.iter().map(String::as_str).chain(article.body.iter().map(|b| b.text())).collect();
    article.story = stories::signature(article.meta.title.text(), &paragraphs);
}

/// The warnings a seed deserves: an encoding guessed, a title derived, no date, no text.
pub fn warnings_for(doc: &SourceDoc, article: &Article) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |message: String| out.push(Warning { file: doc.rel_path.clone(), message });
    if let Some(note) = &doc.decode_note {
        warn(note.clone());
    }
    if article.body.is_empty() {
        warn("no article text found".into());
    }
    if article.meta.title.is_derived() {
        warn(format!("no title found; using \"{}\"", article.meta.title.text()));
    }
    if article.meta.published.is_none() {
        warn("no publication date found".into());
    }
    out
}

/// Applies an editor's corrections to an article.
pub fn apply_override(article: &mut Article, o: &ArticleOverride) {
    if let Some(t) = &o.title {
        article.meta.title = Title::Found(t.clone());
    }
    if let Some(p) = o.published {
        article.meta.published = Some(p);
    }
    if let Some(s) = &o.source {
        article.meta.source = Some(s.clone());
    }
    if let Some(c) = &o.credit {
        article.meta.credit = Some(c.clone());
    }
}
