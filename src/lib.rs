//! Broadsheet: a static site generator that turns scraped news pages into a news digest.
//!
//! The stages, one module each, plain data ([`model`]) flowing between them:
//!
//! ```text
//! ingest (walk seeds/, decode) → clean (boilerplate out) → extract (title, date, outlet…)
//!   → temporal (dated statements)      [these four: pipeline::article, per seed]
//!   → digest (order, timeline: a stage per module) → render (Tera) → output (atomic write)
//! ```
//!
//! Only [`ingest`] (seeds, templates) and [`output`] (the site) touch the file system among
//! the stages; the stages between are pure. The [`engine`] runs them over the seeds (in
//! chunks, reusing the build cache) and keeps what a rebuild needs; `docs/ARCHITECTURE.md`
//! maps every file.

// The library never prints: it returns reports and warnings, and the binary prints them.
#![warn(clippy::print_stdout, clippy::print_stderr)]

// Plain data and what every stage shares.
pub mod model;
pub mod config;
pub mod error;
pub mod text;
pub mod dates;

// The stages, in pipeline order.
pub mod ingest;
pub mod clean;
pub mod extract;
pub mod temporal;
pub mod quotes;
pub mod pipeline;
pub mod digest;
pub mod render;
pub mod output;

// The incremental engine, and what the commands run besides a build.
pub mod engine;
pub mod check;
#[cfg(feature = "serve")]
pub mod serve;

use std::path::Path;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::engine::build;
use crate::engine::cache::{self, BuildCache};
use crate::engine::sink::{self, PageSink};
use crate::error::Error;
use crate::render::{SiteInfo, Templates};

/// How a build runs (beyond `site.toml`).
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildOptions {
    /// Ignore the build cache: clean, render and compare every page (the cache is still
    /// written for the next build).
    pub fresh: bool,
    /// The process exits right after the build: leave the build cache's memory to the OS
    /// instead of freeing its many small allocations one by one (a tenth of a second at
    /// 10,000 articles, more than a second at 100,000).
    pub exit_after: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// What the stages did, with per-stage times.
    pub outcome: build::Outcome,
    /// Files in the site, static files included.
    pub files: usize,
    /// Files whose bytes changed (the others were left as they were).
    pub written: usize,
    /// A problem with the build cache that did not stop the build (it could not be saved).
    pub cache_note: Option<String>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

impl BuildReport {
    /// The one-line summary printed at the end of a build.
    pub fn summary(&self, out: &Path) -> String {
        let o = &self.outcome;
        let n = o.articles;
        let plural = |k: usize| if k == 1 { "" } else { "s" };
        let reused = if o.cleaned == o.seeds && o.rendered == n {
            String::new()
        } else {
            format!(
                " ({} cleaned, {} rendered, {} file{} written)",
                o.cleaned,
                o.rendered,
                self.written,
                plural(self.written)
            )
        };
        format!(
            "built {n} article{}, {} stor{}, 1 timeline, {} pages in {:.2} s{reused} -> {}/",
            plural(n),
            o.stories,
            if o.stories == 1 { "y" } else { "ies" },
            o.pages,
            self.elapsed.as_secs_f64(),
            out.display().to_string().trim_end_matches('/'),
        )
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

/// Parses the templates (the built-in ones and the site's overrides) with a hash of the
/// overrides' text for the cache.
///
/// # Errors
/// A template cannot be read or does not parse.
pub fn load_templates(config: &Config) -> Result<(Templates, u64), Error> {
    let overrides = ingest::read_templates(&config.templates_dir)?;
    let key = text::hash_of(&overrides);
    Ok((Templates::new(&overrides, config.minify)?, key))
}

/// Builds the whole site into a sink, with no cache (memory for `check` and the tests).
///
/// # Errors
/// Seeds folder unreadable, a template broken, or the sink failing.
pub fn build_into(config: &Config, sink: &dyn PageSink) -> Result<build::Outcome, Error> {
    let (templates, templates_key) = load_templates(config)?;
    let inputs = build::Inputs { config, templates: &templates, templates_key };
    build::run(&inputs, &mut BuildCache::default(), sink, &build::Quiet)
}

/// Builds the site into `config.output_dir`, redoing only what changed since the last build
/// (the cache in `config.cache_dir`). Atomic: on any error the previous output is left as it
/// was.
///
/// # Errors
/// Seeds folder unreadable, a template broken, or the output not writable.
pub fn build(config: &Config, options: BuildOptions, progress: &dyn build::Progress) -> Result<BuildReport, Error> {
    let start = Instant::now();
    // Templates first: a broken one fails the build before any work or output.
    let (templates, templates_key) = load_templates(config)?;
    let cache_file = config.cache_dir.join("build.bin");
    let t = Instant::now();
    let mut cache = if options.fresh { BuildCache::default() } else { cache::load(&cache_file) };
    let cache_load = t.elapsed();
    cache.session.spool_dir = Some(config.cache_dir.clone());
    cache.target(&config.output_dir);
    let site = output::SiteWriter::begin(&config.output_dir, std::mem::take(&mut cache.files))?;
    let inputs = build::Inputs { config, templates: &templates, templates_key };
    let mut outcome = build::run(&inputs, &mut cache, &site, progress)?;
    let t = Instant::now();
    site.copy_static(&config.static_dir)?;
    let written = site.written();
    cache.files = site.commit()?;
    outcome.timings.commit = t.elapsed();
    outcome.timings.cache_load = cache_load;
    let mut report = BuildReport { outcome, files: cache.files.len(), written, ..Default::default() };
    let o = &report.outcome;
    let unchanged = !options.fresh && o.cleaned == 0 && o.rendered == 0 && !o.lists_rendered && report.written == 0;
    // Nothing changed: the cache file already says all this.
    let t = Instant::now();
    if !unchanged && let Err(e) = cache::save(&cache_file, &mut cache) {
        report.cache_note = Some(format!("could not save the build cache {}: {e}", cache_file.display()));
    }
    report.outcome.timings.cache_save = t.elapsed();
    report.elapsed = start.elapsed();
    if options.exit_after {
        std::mem::forget(cache);
    }
    Ok(report)
}

/// Builds the site in memory and checks its links, anchors, ids and titles (nothing is
/// written to disk).
///
/// # Errors
/// Seeds folder unreadable, a template broken, or a static file unreadable.
pub fn check(config: &Config) -> Result<(build::Outcome, check::CheckReport), Error> {
    let sink = sink::MemorySink::default();
    let outcome = build_into(config, &sink)?;
    for (rel, bytes) in output::static_files(&config.static_dir)? {
        sink.put(&rel, bytes)?;
    }
    let files = sink.into_files();
    Ok((outcome, check::check_site(&files, config.base_url.path())))
}
