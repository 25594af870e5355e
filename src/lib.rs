//! Broadsheet: a static site generator that turns scraped news pages into a news digest.
//!
//! The pipeline, one module per stage, plain data ([`model`]) flowing between them:
//!
//! ```text
//! ingest (walk seeds/, decode) → clean (boilerplate out) → extract (title, date, outlet…)
//!        → digest (order, timeline) → render (Tera) → output (minify, atomic write)
//! ```
//!
//! Only [`ingest`] and [`output`] touch the file system; the stages between are pure.
//! This file is the only one that names more than one stage.

// The library never prints: it returns reports and warnings, and the binary prints them.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod clean;
pub mod config;
pub mod dates;
pub mod digest;
pub mod error;
pub mod extract;
pub mod incremental;
pub mod ingest;
pub mod model;
pub mod output;
pub mod render;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sink;
pub mod text;

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::clean::{CleanContext, CorpusStats};
use crate::config::{ArticleOverride, CleanRules, Config};
use crate::digest::{Digest, DigestConfig};
use crate::error::{Error, IngestError};
use crate::model::{Article, Cleaned, SourceDoc, Title, Warning};
use crate::render::{RenderReport, SiteInfo, Templates};
use crate::sink::PageSink;

/// A seed after cleaning and extraction.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The cleaner's verdict on every line.
    pub cleaned: Cleaned,
    /// What extraction found.
    pub article: Article,
}

/// Cleans and extracts every document, in parallel, in input order. The documents are
/// also the corpus whose repeated lines count as site furniture.
pub fn process(docs: &[SourceDoc], rules: &CleanRules) -> Vec<Processed> {
    process_reusing(docs, rules, &mut incremental::ProcessCache::default())
}

/// [`process`], reusing from `cache` every document whose text is unchanged while the
/// corpus's furniture is unchanged too; `cache` then holds this run's results.
pub fn process_reusing(
    docs: &[SourceDoc],
    rules: &CleanRules,
    cache: &mut incremental::ProcessCache,
) -> Vec<Processed> {
    let corpus = CorpusStats::from_texts(docs.par_iter().map(|d| d.text.as_str()));
    cache.start(corpus.furniture_fingerprint());
    let ctx = CleanContext { corpus: Some(&corpus), keep: &rules.keep, drop: &rules.drop };
    let processed: Vec<Processed> = docs
        .par_iter()
        .map(|doc| {
            cache.reuse(doc).unwrap_or_else(|| {
                let cleaned = clean::clean(&doc.text, &ctx);
                let mut article = extract::extract(doc, &cleaned);
                date_mentions(&mut article);
                Processed { cleaned, article }
            })
        })
        .collect();
    cache.store(docs, &processed);
    processed
}

/// Finds the dated statements of an article's body, resolved against its publication date.
pub fn date_mentions(article: &mut Article) {
    let (mentions, unresolved) = digest::temporal::mentions(&article.body, article.published.map(|p| p.date));
    article.mentions = mentions;
    article.unresolved = unresolved;
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
    if article.title.is_derived() {
        warn(format!("no title found; using \"{}\"", article.title.text()));
    }
    if article.published.is_none() {
        warn("no publication date found".into());
    }
    out
}

/// How a build runs (beyond `site.toml`).
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {}

/// Time spent in each stage of a build.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Walking and decoding the seeds.
    pub ingest: Duration,
    /// Cleaning and extraction (they run together, per article).
    pub clean_extract: Duration,
    /// Ordering and the timeline.
    pub digest: Duration,
    /// Rendering and writing pages (they stream together).
    pub render_write: Duration,
    /// Static files and the swap of the staged site into place.
    pub commit: Duration,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// What was rendered.
    pub rendered: RenderReport,
    /// Files written or linked, static files included.
    pub files: usize,
    /// Files whose bytes changed (the others were kept from the previous build).
    pub written: usize,
    /// Non-fatal problems, one per seed and kind, sorted by file.
    pub warnings: Vec<Warning>,
    /// Seeds that could not be read; the rest of the site was still built.
    pub failures: Vec<IngestError>,
    /// Per-stage times.
    pub timings: Timings,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

impl BuildReport {
    /// The one-line summary printed at the end of a build.
    pub fn summary(&self, out: &Path) -> String {
        let n = self.rendered.articles;
        format!(
            "built {n} article{}, 1 timeline, {} pages in {:.2} s -> {}/",
            if n == 1 { "" } else { "s" },
            self.rendered.pages,
            self.elapsed.as_secs_f64(),
            out.display().to_string().trim_end_matches('/'),
        )
    }
}

/// Applies an editor's corrections to an article.
pub fn apply_override(article: &mut Article, o: &ArticleOverride) {
    if let Some(t) = &o.title {
        article.title = Title::Found(t.clone());
    }
    if let Some(p) = o.published {
        article.published = Some(p);
    }
    if let Some(s) = &o.source {
        article.source = Some(s.clone());
    }
    if let Some(c) = &o.credit {
        article.credit = Some(c.clone());
    }
}

/// The site settings templates need, from the configuration.
pub fn site_info(config: &Config) -> SiteInfo {
    SiteInfo {
        title: config.title.clone(),
        description: config.description.clone(),
        language: config.language.clone(),
        base_url: config.base_url.as_str().to_owned(),
        base_path: config.base_url.path().to_owned(),
        paginate_by: config.paginate_by,
        timezone: config.timezone,
    }
}

/// Reads, cleans and extracts the seeds and analyses them into a digest, with the warnings
/// and failures met on the way.
///
/// # Errors
/// The seeds folder cannot be read.
pub fn load_digest(config: &Config, timings: &mut Timings) -> Result<(Digest, Vec<Warning>, Vec<IngestError>), Error> {
    load_digest_reusing(config, timings, &mut incremental::ProcessCache::default())
}

/// [`load_digest`], reusing the cleaning and extraction of unchanged seeds from `cache`.
///
/// # Errors
/// The seeds folder cannot be read.
pub fn load_digest_reusing(
    config: &Config,
    timings: &mut Timings,
    cache: &mut incremental::ProcessCache,
) -> Result<(Digest, Vec<Warning>, Vec<IngestError>), Error> {
    let t = Instant::now();
    let seeds = ingest::read_seeds(&config.seeds_dir)?;
    timings.ingest = t.elapsed();

    let t = Instant::now();
    let processed = process_reusing(&seeds.docs, &config.clean, cache);
    let mut warnings = Vec::new();
    let mut articles = Vec::with_capacity(processed.len());
    for (doc, p) in seeds.docs.iter().zip(processed) {
        let mut article = p.article;
        if let Some(o) = config.overrides.get(&doc.stem) {
            apply_override(&mut article, o);
            if o.published.is_some() {
                date_mentions(&mut article);
            }
        }
        warnings.extend(warnings_for(doc, &article));
        if !article.body.is_empty() {
            articles.push(article);
        }
    }
    warnings.sort();
    timings.clean_extract = t.elapsed();

    let t = Instant::now();
    let digest = digest::analyse(articles, &DigestConfig { timezone: config.timezone });
    timings.digest = t.elapsed();
    Ok((digest, warnings, seeds.failures))
}

/// Renders the whole site into a sink (memory for `serve` and tests, staging for `build`).
///
/// # Errors
/// Seeds folder unreadable, a template broken, or the sink failing.
pub fn build_into(config: &Config, sink: &dyn PageSink) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let mut report = BuildReport::default();
    // Templates first: a broken one fails the build before any work or output.
    let templates = Templates::new(&ingest::read_templates(&config.templates_dir)?)?;
    let (digest, warnings, failures) = load_digest(config, &mut report.timings)?;
    let t = Instant::now();
    report.rendered = render::render_site(&digest, &site_info(config), &templates, sink)?;
    report.timings.render_write = t.elapsed();
    report.warnings = warnings;
    report.failures = failures;
    report.elapsed = start.elapsed();
    Ok(report)
}

/// Builds the site into `config.output_dir`, atomically: on any error the previous output
/// is left as it was.
///
/// # Errors
/// Seeds folder unreadable, a template broken, or the output not writable.
pub fn build(config: &Config, _options: &BuildOptions) -> Result<BuildReport, Error> {
    let start = Instant::now();
    let staging = output::Staging::begin(&config.output_dir, output::OutputOptions { minify: config.minify })?;
    let mut report = build_into(config, &staging)?;
    let t = Instant::now();
    let statics = staging.copy_static(&config.static_dir)?;
    report.files = report.rendered.pages + statics;
    report.written = staging.written();
    staging.commit()?;
    report.timings.commit = t.elapsed();
    report.elapsed = start.elapsed();
    Ok(report)
}

/// Builds the site in memory and checks its links, anchors, ids and titles (nothing is
/// written to disk).
///
/// # Errors
/// Seeds folder unreadable, a template broken, or a static file unreadable.
pub fn check(config: &Config) -> Result<(BuildReport, check::CheckReport), Error> {
    let sink = sink::MemorySink::default();
    let report = build_into(config, &sink)?;
    for (rel, bytes) in output::static_files(&config.static_dir)? {
        sink.put(&rel, bytes)?;
    }
    let files = sink.into_files();
    Ok((report, check::check_site(&files, config.base_url.path())))
}
