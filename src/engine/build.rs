//! One build: the stages run over the seeds in chunks, reusing what the cache says is unchanged.
//!
//! ```text
//! scan      every seed: read, hash; decode and count its short lines if the hash is new
//! articles  chunk by chunk, in input order:
//!           clean → extract (unless cached) → slug → render the page (unless unchanged)
//!           → keep only the digest's Entry
//! digest    order, days, timeline                       (skipped when nothing changed)
//! lists     home pages, timeline, feeds, search index   (skipped when nothing changed)
//! ```
//!
//! A changed seed is read twice, in the scan and in its chunk, so that no text is held between
//! the two (the second read comes from the page cache).
//!
//! Memory stays flat in the number of articles' text: a story lives from its cleaning to its
//! page, one chunk at a time, and the digest holds [`Entry`]s (metadata, summary, dated
//! mentions), never bodies; an entry's search words and dated sentences wait in the cache's
//! spool ([`crate::engine::spool`]) from the end of its chunk, read back when the timeline merges
//! their date and when the search index and the cache are written. Slugs are given in input
//! order between chunks, so they are the same as a one-pass build's.
//!
//! Cost, for n seeds of total size S: scan O(S) (hashing; decoding only new seeds); articles
//! O(S) for the seeds that changed, O(1) per unchanged one; digest O(n log n + m log m) for m
//! dated sentences; lists O(n + m). Every stage is parallel across seeds except slugging and
//! the final sorts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::clean::{self, CleanContext, CorpusStats};
use crate::config::Config;
use crate::digest::{self, DigestConfig};
use crate::engine::cache::{AlsoRecord, BuildCache, SeedRecord, StoredEntry};
use crate::engine::sink::PageSink;
use crate::engine::spool::Spool;
use crate::error::{Error, IngestError, OutputError};
use crate::model::{Article, DocId, Entry, Warning};
use crate::render::{self, SiteInfo, Templates};

use crate::pipeline::{self, Clock, Step};
use crate::text::hash_of;
use crate::{ingest, render::urls};

/// Seeds per chunk: enough to keep every core busy, few enough that a chunk's stories are a
/// small part of memory.
const CHUNK: usize = 256;

/// Told how far a build has got (a progress bar in the binary).
pub trait Progress: Sync {
    /// The build will go through `total` seeds.
    fn start(&self, total: u64);
    /// `n` more seeds are done.
    fn advance(&self, n: u64);
}

/// No progress shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Time spent in each stage of a build: wall time per phase, and within the articles phase,
/// the time every thread spent in each step, added up (CPU time of the step).
#[derive(Debug, Default)]
pub struct Timings {
    /// Loading the build cache (wall).
    pub cache_load: Duration,
    /// Reading the cache's entries, when something changed (wall).
    pub entries_load: Duration,
    /// Saving the build cache (wall).
    pub cache_save: Duration,
    /// Reading and hashing every seed (wall).
    pub scan: Duration,
    /// Cleaning, extracting and rendering articles (wall).
    pub articles: Duration,
    /// Ordering and the timeline (wall).
    pub digest: Duration,
    /// List pages, feeds and search index (wall).
    pub lists: Duration,
    /// Static files and moving the staged files into place (wall).
    pub commit: Duration,
    /// Reading and decoding changed seeds (summed over threads).
    pub read: StageClock,
    /// Cleaning (summed over threads).
    pub clean: StageClock,
    /// Extraction and date resolution (summed over threads).
    pub extract: StageClock,
    /// Rendering article pages (summed over threads).
    pub render: StageClock,
    /// Minifying and writing article pages (summed over threads).
    pub write: StageClock,
}

/// Time summed over the threads that ran a step.
#[derive(Debug, Default)]
pub struct StageClock(AtomicU64);

impl StageClock {
    /// Runs `f`, adding its duration.
    pub fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add(start.elapsed());
        out
    }

    /// Adds `took`.
    pub fn add(&self, took: Duration) {
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.0.fetch_add(nanos, Ordering::Relaxed);
    }

    /// The total.
    pub fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

impl Timings {
    /// One line for `build --timings`.
    pub fn summary(&self) -> String {
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        format!(
            "timings: cache load {}, scan {}, entries load {}, articles {}, digest {}, lists {}, commit {}, \
             cache save {}; articles' steps summed over threads: read {}, clean {}, extract {}, render {}, write {}",
            ms(self.cache_load),
            ms(self.scan),
            ms(self.entries_load),
            ms(self.articles),
            ms(self.digest),
            ms(self.lists),
            ms(self.commit),
            ms(self.cache_save),
            ms(self.read.total()),
            ms(self.clean.total()),
            ms(self.extract.total()),
            ms(self.render.total()),
            ms(self.write.total()),
        )
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Seeds read (readable ones).
    pub seeds: usize,
    /// Article pages in the site.
    pub articles: usize,
    /// Stories (of two or more articles) in the site.
    pub stories: usize,
    /// Pages in the site (articles, list pages, timeline, 404, search).
    pub pages: usize,
    /// Seeds cleaned this time (the others came from the cache).
    pub cleaned: usize,
    /// Article pages rendered this time (the others were unchanged).
    pub rendered: usize,
    /// Whether the list pages were rendered (false: nothing they show changed).
    pub lists_rendered: bool,
    /// Non-fatal problems, sorted by file.
    pub warnings: Vec<Warning>,
    /// Seeds that could not be read; the rest of the site was still built.
    pub failures: Vec<IngestError>,
    /// Per-stage times.
    pub timings: Timings,
}

/// What a build reads besides the seeds: the configuration and the parsed templates, with
/// the hash of the template sources.
pub struct Inputs<'a> {
    /// `site.toml`.
    pub config: &'a Config,
    /// Parsed templates.
    pub templates: &'a Templates,
    /// Hash of the template overrides' names and text.
    pub templates_key: u64,
}

/// One seed after the scan: where it is, the hash of its bytes, and its lines' corpus keys.
struct ScannedSeed {
    path: PathBuf,
    /// Its path relative to the seeds folder, `/`-separated: its key in the cache.
    rel: String,
    raw_hash: u64,
    len: u64,
    modified: u64,
    corpus_keys: Vec<u64>,
    /// The key of the corpus furniture among its lines (set once every seed is scanned).
    furniture_key: u64,
}

impl ScannedSeed {
    /// Its record in the cache, when that was made from the same bytes and furniture.
    fn record_in<'c>(&self, cache: &'c BuildCache) -> Option<&'c SeedRecord> {
        cache.seeds.get(&self.rel).filter(|r| r.raw_hash == self.raw_hash && r.furniture_key == self.furniture_key)
    }

    /// Its record and entry in the cache, when both are still valid (a seed without a page
    /// has no entry).
    fn unchanged<'c>(&self, cache: &'c BuildCache, entries: &HashMap<String, StoredEntry>) -> Option<&'c SeedRecord> {
        let record = self.record_in(cache)?;
        if record.page.is_some() && !entries.get(&self.rel)?.made_from(self.raw_hash, self.furniture_key) {
            return None;
        }
        Some(record)
    }
}

/// What the articles phase did with one seed.
struct SeedOutcome {
    /// Its position in the scan.
    at: usize,
    /// What the cache keeps of it.
    record: SeedRecord,
    /// Cleaned this time.
    cleaned: bool,
    /// Page rendered this time.
    rendered: bool,
}

/// A seed done with: what the cache keeps of it, and its entry when it has a page.
type Finished = (SeedOutcome, Option<Box<Entry>>);

/// A seed in the articles phase: fresh from the pipeline, unchanged since the last build,
/// or unreadable.
enum SeedWork<'c> {
    Fresh {
        article: Box<Article>,
        warnings: Vec<String>,
    },
    /// Its record, and, once slugs are given, its entry (taken, not copied, from the last
    /// build's entries) when it has a page.
    Cached {
        record: &'c SeedRecord,
        entry: Option<Box<Entry>>,
    },
    Failed(IngestError),
}

/// The two keys a build compares with the last build's.
#[derive(Debug, Clone, Copy)]
struct BuildKeys {
    /// What seeds are processed with (program, `[clean]`, overrides, crawl time): seed records and
    /// entries are valid only under the same key.
    seeds: u64,
    /// What every page depends on besides its own data (the seeds key, templates, site
    /// settings, minification).
    site: u64,
}

impl BuildKeys {
    fn of(inputs: &Inputs<'_>, site: &SiteInfo) -> Self {
        let config = inputs.config;
        let seeds = hash_of(&(
            crate::engine::cache::program_key(),
            config.clean.keep.iter().map(regex::Regex::as_str).collect::<Vec<_>>(),
            config.clean.drop.iter().map(regex::Regex::as_str).collect::<Vec<_>>(),
            format!("{:?}", config.overrides),
            format!("{:?}", config.crawled),
        ));
        let site = hash_of(&(seeds, inputs.templates_key, format!("{site:?}"), config.minify));
        BuildKeys { seeds, site }
    }
}

/// Runs the build over the seeds into `sink`, reusing and then updating `cache`.
///
/// # Errors
/// The seeds folder cannot be listed, a template fails to render, or the sink fails. A seed
/// that cannot be read is not an error: it is in [`Outcome::failures`].
pub fn run(
    inputs: &Inputs<'_>,
    cache: &mut BuildCache,
    sink: &dyn PageSink,
    progress: &dyn Progress,
) -> Result<Outcome, Error> {
    let config = inputs.config;
    let mut out = Outcome::default();
    let site = crate::site_info(config);
    let keys = BuildKeys::of(inputs, &site);
    if cache.seeds_key != keys.seeds {
        cache.seeds.clear();
        cache.merges.clear();
        cache.seeds_key = keys.seeds;
    }

    let t = Instant::now();
    let (mut scans, corpus) = scan_seeds(&config.seeds_dir, cache, progress, &mut out.failures)?;
    out.timings.scan = t.elapsed();
    if let Some(unchanged) = nothing_changed(&scans, keys.site, cache, sink) {
        out.seeds = scans.len();
        out.articles = unchanged.articles;
        out.stories = cache.stories;
        out.pages = unchanged.articles + html_pages(&cache.lists);
        out.warnings = unchanged.warnings;
        return Ok(out);
    }
    let spool = cache.spool().map_err(|e| {
        let dir = cache.session.spool_dir.clone().unwrap_or_else(std::env::temp_dir);
        OutputError::io("make a scratch file in", dir)(e)
    })?;
    let t = Instant::now();
    cache.load_entries();
    // Taken out of the cache: an unchanged seed's entry moves into this build's entries.
    let mut previous = std::mem::take(&mut cache.entries);
    out.timings.entries_load = t.elapsed();

    let t = Instant::now();
    let view = render::site_view(&site);
    let pages = Pages { inputs, site: &site, view: &view, site_key: keys.site, sink };
    let (mut done, entries, failed) = {
        let ctx = CleanContext { corpus: Some(&corpus), keep: &config.clean.keep, drop: &config.clean.drop };
        let phase = ArticlesPhase { pages, ctx: &ctx, cache, timings: &out.timings };
        phase.run(&scans, &mut previous, &spool, progress)?
    };
    out.failures.extend(failed);
    out.timings.articles = t.elapsed();
    // What only the articles needed goes before the digest: the corpus furniture, and the
    // last build's records of seeds and pages (the new ones are made at the end).
    drop((corpus, previous));
    drop(std::mem::take(&mut cache.seeds));
    drop(std::mem::take(&mut cache.pages));

    let entries = digest_and_lists(&pages, &scans, &mut done, entries, cache, &spool, &mut out)?;
    cache.entries = stored_entries(&scans, &done, entries);
    record_seeds(&mut scans, done, cache, &mut out);
    cache.site_key = keys.site;
    Ok(out)
}

/// Lists the seeds and scans each (in parallel); the unreadable ones go to `failures`. Then
/// the corpus of every seed's lines, and each seed's furniture key in it.
fn scan_seeds(
    dir: &Path,
    cache: &BuildCache,
    progress: &dyn Progress,
    failures: &mut Vec<IngestError>,
) -> Result<(Vec<ScannedSeed>, CorpusStats), Error> {
    let paths = ingest::list_seeds(dir)?;
    progress.start(paths.len() as u64);
    let scanned: Vec<Result<ScannedSeed, IngestError>> =
        paths.into_par_iter().map(|path| scan(dir, path, cache)).collect();
    let mut scans = Vec::with_capacity(scanned.len());
    for s in scanned {
        match s {
            Ok(s) => scans.push(s),
            Err(e) => failures.push(e),
        }
    }
    let corpus = CorpusStats::from_keys(scans.iter().map(|s| s.corpus_keys.as_slice()));
    scans.par_iter_mut().for_each(|s| s.furniture_key = corpus.furniture_of(&s.corpus_keys));
    Ok((scans, corpus))
}

/// What every page of a build is made with, and where it goes.
#[derive(Clone, Copy)]
struct Pages<'a> {
    inputs: &'a Inputs<'a>,
    site: &'a SiteInfo,
    view: &'a render::context::SiteView,
    /// [`BuildKeys::site`].
    site_key: u64,
    sink: &'a dyn PageSink,
}

/// The build's shared state while the articles are made, chunk by chunk.
struct ArticlesPhase<'a> {
    pages: Pages<'a>,
    ctx: &'a CleanContext<'a>,
    cache: &'a BuildCache,
    timings: &'a Timings,
}

/// What the articles phase gives: each readable seed's outcome (in input order), the entries
/// of the seeds with a page, and the seeds that failed on their second read.
type ArticlesDone = (Vec<SeedOutcome>, Vec<Box<Entry>>, Vec<IngestError>);

impl ArticlesPhase<'_> {
    /// Cleans, extracts and renders the seeds that changed, and carries over the others, a
    /// chunk at a time; every chunk's fresh entries hand their texts to the spool.
    fn run(
        &self,
        scans: &[ScannedSeed],
        previous: &mut HashMap<String, StoredEntry>,
        spool: &Spool,
        progress: &dyn Progress,
    ) -> Result<ArticlesDone, Error> {
        let mut slugs = urls::Slugs::default();
        let mut done: Vec<SeedOutcome> = Vec::with_capacity(scans.len());
        // Boxed: entries move through the chunks, the digest's sort and the cache's map, and a
        // box moves as a pointer (with no second buffer of them all when the map is made).
        let mut entries: Vec<Box<Entry>> = Vec::with_capacity(scans.len());
        let mut failed: Vec<IngestError> = Vec::new();
        for (chunk_no, chunk) in scans.chunks(CHUNK).enumerate() {
            let first = chunk_no * CHUNK;
            let work: Vec<SeedWork<'_>> = chunk
                .par_iter()
                .enumerate()
                .map(|(i, s)| match s.unchanged(self.cache, previous) {
                    Some(record) => SeedWork::Cached { record, entry: None },
                    None => match process(s, doc_id(first + i), self.pages.inputs.config, self.ctx, self.timings) {
                        Ok((article, warnings)) => SeedWork::Fresh { article: Box::new(article), warnings },
                        Err(e) => SeedWork::Failed(e),
                    },
                })
                .collect();
            // Slugs in input order, exactly as one pass over all seeds would give them.
            let slugged: Vec<(usize, SeedWork<'_>, Option<String>)> = work
                .into_iter()
                .enumerate()
                .map(|(i, mut work)| {
                    if let SeedWork::Cached { record, entry } = &mut work
                        && record.page.is_some()
                    {
                        *entry = previous.remove(&scans[first + i].rel).map(|stored| stored.entry);
                    }
                    let title = match &work {
                        SeedWork::Fresh { article, .. } if !article.body.is_empty() => Some(article.meta.title.text()),
                        SeedWork::Cached { entry, .. } => entry.as_ref().map(|e| e.meta.title.text()),
                        _ => None,
                    };
                    let slug = title.map(|t| slugs.next(t));
                    (first + i, work, slug)
                })
                .collect();
            let results: Vec<Result<Finished, Error>> =
                slugged.into_par_iter().map(|(at, work, slug)| self.finish(at, &scans[at], work, slug)).collect();
            let first_new = entries.len();
            for r in results {
                match r {
                    Ok((d, entry)) => {
                        entries.extend(entry);
                        done.push(d);
                    }
                    Err(Error::Ingest(e)) => failed.push(e),
                    Err(e) => return Err(e),
                }
            }
            // Fresh entries' words and sentences wait in the spool (cached ones already do).
            crate::engine::spool::hold(spool, entries[first_new..].iter_mut().map(|e| &mut **e))
                .map_err(OutputError::io("write a scratch file in", spool.dir()))?;
            progress.advance(chunk.len() as u64);
        }
        Ok((done, entries, failed))
    }

    /// Renders a seed's page unless it is unchanged, and returns what the cache and the
    /// digest keep of it.
    fn finish(&self, at: usize, s: &ScannedSeed, work: SeedWork<'_>, slug: Option<String>) -> Result<Finished, Error> {
        let id = doc_id(at);
        let (mut article, cached, warnings) = match work {
            SeedWork::Failed(e) => return Err(e.into()),
            SeedWork::Fresh { article, warnings } => (Some(*article), None, warnings),
            SeedWork::Cached { record, entry } => (None, Some(entry), record.warnings.clone()),
        };
        let record = SeedRecord {
            raw_hash: s.raw_hash,
            len: s.len,
            modified: s.modified,
            corpus_keys: Vec::new(), // moved in from the scan at the end
            furniture_key: s.furniture_key,
            page: None,
            warnings,
            also: None,
        };
        let mut done = SeedOutcome { at, record, cleaned: cached.is_none(), rendered: false };
        let Some(slug) = slug else {
            return Ok((done, None)); // no story text: no page, no entry
        };
        let entry = match (cached, &article) {
            (Some(entry), _) => entry.map(|mut e| {
                e.id = id;
                e.slug.clone_from(&slug);
                e
            }),
            (None, Some(a)) => Some(Box::new(Entry::of(a, slug.clone()))),
            (None, None) => None,
        };
        let file = urls::article_file(&slug);
        let page_key = hash_of(&(self.pages.site_key, s.raw_hash, s.furniture_key, &slug));
        if !(self.cache.pages.get(&file) == Some(&page_key) && self.pages.sink.keep(&file)) {
            let a = match article.take() {
                Some(a) => a,
                // The entry is cached but the page must be made again: clean the seed once more.
                None => process(s, id, self.pages.inputs.config, self.ctx, self.timings)?.0,
            };
            let html = self.timings.render.time(|| {
                render::article_page(&a, &slug, self.pages.site, self.pages.view, self.pages.inputs.templates)
            })?;
            done.record.also = html.also_at.map(AlsoRecord::empty_at);
            self.timings.write.time(|| self.pages.sink.put(&file, html.bytes))?;
            done.rendered = true;
        } else {
            // Kept as it is: with the block its last build put in.
            done.record.also = self.cache.seeds.get(&s.rel).and_then(|r| r.also);
        }
        done.record.page = Some((file, page_key));
        Ok((done, entry))
    }
}

/// The digest and the list pages, unless every input they show is unchanged and their files
/// are still there (then the last build's list files are kept). Returns the entries.
#[allow(clippy::vec_box, reason = "boxed entries move as pointers through the sorts and the cache's map")]
fn digest_and_lists(
    pages: &Pages<'_>,
    scans: &[ScannedSeed],
    done: &mut [SeedOutcome],
    entries: Vec<Box<Entry>>,
    cache: &mut BuildCache,
    spool: &Spool,
    out: &mut Outcome,
) -> Result<Vec<Box<Entry>>, Error> {
    let Pages { inputs, site, view, site_key, sink } = *pages;
    let config = inputs.config;
    let lists_key = hash_of(&(
        site_key,
        config.timezone.local_minus_utc(),
        done.iter().map(|d| (&scans[d.at].rel, d.record.raw_hash, d.record.furniture_key)).collect::<Vec<_>>(),
        entries.iter().map(|e| &e.slug).collect::<Vec<_>>(),
    ));
    out.articles = entries.len();
    // A page rendered this build waits for its "Also reported by" block, which the list
    // pages' pass gives: then they are made again too.
    let unchanged = lists_key == cache.lists_key
        && !cache.lists.is_empty()
        && done.iter().all(|d| !d.rendered)
        && cache.lists.iter().all(|f| sink.keep(&f.path));
    if unchanged {
        out.stories = cache.stories;
        out.pages = out.articles + html_pages(&cache.lists);
        return Ok(entries);
    }
    let t = Instant::now();
    let mut digest = digest::analyse(entries, &DigestConfig { timezone: config.timezone }, &cache.merges, spool)
        .map_err(OutputError::io("read a scratch file in", spool.dir()))?;
    cache.merges = std::mem::take(&mut digest.merges);
    (out.stories, cache.stories) = (digest.stories.len(), digest.stories.len());
    out.timings.digest = t.elapsed();
    let t = Instant::now();
    let keys = render::ListKeys { base: site_key, previous: &cache.lists };
    let lists = render::render_lists(&digest, site, view, inputs.templates, sink, keys, spool)?;
    put_also(&lists.also, done, sink)?;
    out.timings.lists = t.elapsed();
    out.pages = out.articles + html_pages(&lists.files);
    out.lists_rendered = true;
    cache.lists = lists.files;
    cache.lists_key = lists_key;
    Ok(digest.entries)
}

/// Puts each article's "Also reported by" block (`also`, by article id; none for an article
/// in no story) into its page, where the page does not hold that block already: the page is
/// read back from the sink and the old block's bytes replaced.
fn put_also(also: &[(DocId, Vec<u8>)], done: &mut [SeedOutcome], sink: &dyn PageSink) -> Result<(), Error> {
    let empty = crate::text::hash_bytes(&[]);
    done.par_iter_mut().try_for_each(|d| -> Result<(), Error> {
        let (Some(record), Some((file, _))) = (d.record.also, d.record.page.as_ref()) else {
            return Ok(());
        };
        let block = also.binary_search_by_key(&doc_id(d.at), |(id, _)| *id).map_or(&[][..], |i| &also[i].1[..]);
        let key = if block.is_empty() { empty } else { crate::text::hash_bytes(block) };
        if key == record.key {
            return Ok(());
        }
        let page = sink.read(file)?;
        let (at, len) =
            (usize::try_from(record.at).unwrap_or(usize::MAX), usize::try_from(record.len).unwrap_or(usize::MAX));
        let Some(tail) = at.checked_add(len).and_then(|end| page.get(end..)).filter(|_| page.len() >= at) else {
            // Not the page the cache describes (changed behind the build's back): it stays as
            // it is, and its key is forgotten, so the next build renders it again.
            if let Some((_, page_key)) = d.record.page.as_mut() {
                *page_key = 0;
            }
            return Ok(());
        };
        let mut bytes = Vec::with_capacity(page.len() + block.len());
        bytes.extend_from_slice(&page[..at]);
        bytes.extend_from_slice(block);
        bytes.extend_from_slice(tail);
        sink.put(file, bytes)?;
        d.record.also = Some(AlsoRecord { at: record.at, len: block.len() as u64, key });
        Ok(())
    })
}

/// The entries as the cache keeps them, by seed path. `done` is in input order, and an
/// entry's id is its seed's position: the two are joined in one pass, with no second map of
/// every entry.
#[allow(clippy::vec_box, reason = "boxed entries move into the cache's map as they are")]
fn stored_entries(
    scans: &[ScannedSeed],
    done: &[SeedOutcome],
    mut entries: Vec<Box<Entry>>,
) -> HashMap<String, StoredEntry> {
    entries.sort_unstable_by_key(|e| e.id);
    let mut entries = entries.into_iter().peekable();
    done.iter()
        .filter_map(|d| {
            let entry = entries.next_if(|e| e.id == doc_id(d.at))?;
            let stored = StoredEntry { raw_hash: d.record.raw_hash, furniture_key: d.record.furniture_key, entry };
            Some((scans[d.at].rel.clone(), stored))
        })
        .collect()
}

/// The cache's records of this build's seeds and pages, and the outcome's counts and
/// warnings.
fn record_seeds(scans: &mut [ScannedSeed], done: Vec<SeedOutcome>, cache: &mut BuildCache, out: &mut Outcome) {
    out.seeds = done.len();
    let mut warnings = Vec::new();
    let mut seeds = HashMap::with_capacity(done.len());
    let mut pages = HashMap::with_capacity(done.len());
    for mut d in done {
        let s = &mut scans[d.at];
        d.record.corpus_keys = std::mem::take(&mut s.corpus_keys);
        out.cleaned += usize::from(d.cleaned);
        out.rendered += usize::from(d.rendered);
        let file = PathBuf::from(&s.rel);
        warnings.extend(d.record.warnings.iter().map(|m| Warning { file: file.clone(), message: m.clone() }));
        pages.extend(d.record.page.clone());
        seeds.insert(s.rel.clone(), d.record);
    }
    warnings.sort();
    out.warnings = warnings;
    cache.seeds = seeds;
    cache.pages = pages;
}

/// What a build with nothing to do reports.
struct Unchanged {
    articles: usize,
    warnings: Vec<Warning>,
}

/// How many of the list files are HTML pages (the rest: feeds, sitemap, scripts, data).
fn html_pages(lists: &[render::ListFile]) -> usize {
    lists.iter().filter(|f| f.path.ends_with(".html")).count()
}

/// The fast path: the same seeds with the same bytes and furniture as last time, the same
/// templates and settings, and every page still in the sink. Then nothing is cleaned or
/// rendered, and the entries are not even read. `None` sends the build down the full path.
fn nothing_changed(scans: &[ScannedSeed], site_key: u64, cache: &BuildCache, sink: &dyn PageSink) -> Option<Unchanged> {
    let same = site_key == cache.site_key
        && cache.lists_key != 0
        && scans.len() == cache.seeds.len()
        && scans.iter().all(|s| s.record_in(cache).is_some());
    if !same {
        return None;
    }
    let pages_kept = scans.par_iter().all(|s| match cache.seeds.get(&s.rel).and_then(|r| r.page.as_ref()) {
        Some((file, key)) => cache.pages.get(file) == Some(key) && sink.keep(file),
        None => true,
    });
    if !pages_kept || !cache.lists.iter().all(|f| sink.keep(&f.path)) {
        return None;
    }
    let mut warnings: Vec<Warning> = scans
        .iter()
        .flat_map(|s| {
            let messages = cache.seeds.get(&s.rel).map_or(&[][..], |r| r.warnings.as_slice());
            messages.iter().map(|m| Warning { file: PathBuf::from(&s.rel), message: m.clone() })
        })
        .collect();
    warnings.sort();
    let articles = scans.iter().filter(|s| cache.seeds.get(&s.rel).is_some_and(|r| r.page.is_some())).count();
    Some(Unchanged { articles, warnings })
}

fn doc_id(at: usize) -> DocId {
    DocId(u32::try_from(at).unwrap_or(u32::MAX))
}

/// Hashes a seed; decodes it and counts its lines unless the cache knows the hash. A seed
/// whose length and time match its record, and older than the cache, is not even read.
fn scan(base: &Path, path: PathBuf, cache: &BuildCache) -> Result<ScannedSeed, IngestError> {
    let rel = ingest::rel_key(base, &path);
    let ingest::SeedStat { len, modified } = ingest::stat(&path)?;
    let record = cache.seeds.get(&rel);
    if let Some(r) = record.filter(|r| r.len == len && r.modified == modified && modified < cache.session.trust_before)
    {
        let corpus_keys = r.corpus_keys.clone();
        return Ok(ScannedSeed { path, rel, raw_hash: r.raw_hash, len, modified, corpus_keys, furniture_key: 0 });
    }
    let bytes = ingest::read_bytes(&path)?;
    let raw_hash = crate::text::hash_bytes(&bytes);
    let corpus_keys = match record.filter(|r| r.raw_hash == raw_hash) {
        Some(record) => record.corpus_keys.clone(),
        None => clean::corpus_keys(&ingest::decode(&bytes).text),
    };
    Ok(ScannedSeed { path, rel, raw_hash, len, modified, corpus_keys, furniture_key: 0 })
}

impl Clock for Timings {
    fn add(&self, step: Step, took: Duration) {
        match step {
            Step::Clean => self.clean.add(took),
            Step::Extract => self.extract.add(took),
        }
    }
}

/// Reads a seed again and runs it through the article pipeline, with the editor's overrides.
fn process(
    s: &ScannedSeed,
    id: DocId,
    config: &Config,
    ctx: &CleanContext<'_>,
    timings: &Timings,
) -> Result<(Article, Vec<String>), IngestError> {
    let doc =
        timings.read.time(|| ingest::read_bytes(&s.path).map(|b| ingest::doc_of(&b, PathBuf::from(&s.rel), id)))?;
    let editor = pipeline::Editor { overrides: config.overrides.get(&doc.stem), crawled: config.crawled.as_ref() };
    let done = pipeline::article(&doc, ctx, &editor, timings);
    Ok((done.article, done.warnings.into_iter().map(|w| w.message).collect()))
}
