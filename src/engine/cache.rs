//! The build cache: what one build hands to the next, so a rebuild redoes only what changed.
//!
//! Everything is keyed by content hashes: each seed's bytes, the corpus furniture its lines
//! depend on, the templates, the configuration and the program itself (version and
//! executable). Per seed it keeps the digest's [`Entry`] and warnings, so an unchanged seed is
//! neither decoded nor cleaned; per page, the key of the inputs it was rendered from, so an
//! unchanged page is neither rendered nor written; per output file, its hash, length and
//! modification time, so a file edited or deleted by hand is noticed and written again.
//!
//! It also keeps how the timeline merged each date ([`crate::digest::MergeMemo`]), the key
//! of each list page's data, and where the pieces of the search index and `timeline.json`
//! are in them ([`crate::engine::pieces`]), so that a rebuild copies the unchanged ones.
//!
//! `build` keeps the cache in `.broadsheet-cache/` beside `site.toml` ([`postcard`]-encoded):
//! `build.bin`, read by every build, and the entries in [`ENTRY_SHARDS`] files read only when
//! something changed and rewritten only where their bytes changed. `serve` keeps it in
//! memory. A missing, unreadable or outdated cache file is an empty cache (a full build),
//! never an error. Cost: loading and saving are linear in the number of seeds and files.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::engine::spool::Spool;
use crate::ingest::modified_nanos;
use crate::model::Entry;
use crate::output::FileRecord;

/// What the previous build learnt about one seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedRecord {
    /// Hash of the file's bytes.
    pub raw_hash: u64,
    /// The file's length when it was hashed.
    pub len: u64,
    /// The file's modification time when it was hashed (ns since the epoch).
    pub modified: u64,
    /// The text's corpus keys ([`crate::clean::corpus_keys`]).
    pub corpus_keys: Vec<u64>,
    /// The corpus furniture among them when it was cleaned ([`crate::clean::CorpusStats::furniture_of`]).
    pub furniture_key: u64,
    /// Its page and the key of what the page was rendered from; `None` when the seed had no
    /// story text (no page, no entry).
    pub page: Option<(String, u64)>,
    /// Warning messages (decoding, no title, no date, no text).
    pub warnings: Vec<String>,
    /// Where its page's "Also reported by" block is, and what it holds; `None` when the page
    /// template shows none.
    pub also: Option<AlsoRecord>,
}

/// The "Also reported by" block of an article page as the page on disk has it: put in once
/// the stories are known, after the page was rendered ([`crate::render::ArticleHtml`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlsoRecord {
    /// The byte offset of the block in the page.
    pub at: u64,
    /// Its length (0: no block, the article is in no story).
    pub len: u64,
    /// The content hash of its bytes.
    pub key: u64,
}

impl AlsoRecord {
    /// A block's place in a page just rendered: empty.
    pub fn empty_at(at: usize) -> Self {
        AlsoRecord { at: at as u64, len: 0, key: crate::text::hash_bytes(&[]) }
    }
}

/// Everything one build hands to the next.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BuildCache {
    /// The output folder the pages and files below were written to.
    pub output: String,
    /// The key of everything every page depends on besides its own data (program, templates,
    /// site settings).
    pub site_key: u64,
    /// The key of the settings seeds were processed with (program, `[clean]`, overrides):
    /// seed records are valid only under the same key.
    pub seeds_key: u64,
    /// Seeds by path relative to the seeds folder (`/`-separated).
    pub seeds: HashMap<String, SeedRecord>,
    /// Article pages: output path → key of what the page was rendered from.
    pub pages: HashMap<String, u64>,
    /// The key of everything the list pages were rendered from.
    pub lists_key: u64,
    /// How many stories the list pages show.
    pub stories: usize,
    /// The list pages' files (home pages, timeline, feeds, search), each with the key of the
    /// data it was rendered from (0 for files always made again) and, for a long file made in
    /// pieces, where its pieces are.
    pub lists: Vec<crate::render::ListFile>,
    /// Output files on disk (`build` only), by output path.
    pub files: HashMap<String, FileRecord>,
    /// How the last build merged each date's reports into events (valid under `settings`).
    pub merges: crate::digest::MergeMemo,
    /// The content hash of each file of entries as last written ([`ENTRY_SHARDS`] of them):
    /// a file whose entries serialise to the same bytes is not written again, and a file
    /// whose bytes do not hash to this is damaged.
    pub entry_shards: Vec<u64>,
    /// The key of what each file of entries was made from (its entries' seed hashes,
    /// furniture, slugs and positions, and the settings): a file whose key is unchanged is
    /// not even serialised again (its entries' texts wait in the spool, and reading them all
    /// back was a second of a 100,000-article rebuild).
    pub entry_shard_keys: Vec<u64>,
    /// The digest's entry of each seed with a page, with the seed's hash and furniture it was
    /// made from, by seed path. Kept beside the cache file in [`ENTRY_SHARDS`] files (by a
    /// hash of the path, [`entries_file`]) and read only when a build needs them: a rebuild
    /// with nothing changed never does; one after a few edits rewrites a few files.
    #[serde(skip)]
    pub entries: HashMap<String, StoredEntry>,
    /// What this process holds beside the saved state: never saved.
    #[serde(skip)]
    pub session: Session,
}

/// What a loaded cache holds while a build runs, beside its saved state: where its entries
/// and scratch file are, and how far its files' times can be trusted.
#[derive(Debug, Default)]
pub struct Session {
    /// Seeds last modified before this time (ns since the epoch) whose length and time match
    /// their record are taken as unchanged without being read (as git trusts its index):
    /// two seconds before the cache file was written, so an edit made while the last build
    /// ran is always read. Zero (nothing trusted) for a cache that was not loaded from disk.
    pub trust_before: u64,
    /// The folder the entries are in, while they are not loaded yet.
    pub entries_dir: Option<PathBuf>,
    /// Where the entries' texts (search words, dated sentences) wait (see [`crate::engine::spool`]);
    /// made on first use.
    pub spool: Option<Arc<Spool>>,
    /// The folder the spool is made in: the cache's own, or the system's temporary folder
    /// when `None`.
    pub spool_dir: Option<PathBuf>,
}

impl PartialEq for Session {
    /// Sessions are not state: any two are alike (a cache compares by what it saves).
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// How many files the entries are spread over.
pub const ENTRY_SHARDS: usize = 64;

/// The file of entries number `shard` in the cache folder `dir`.
pub fn entries_file(dir: &Path, shard: usize) -> PathBuf {
    dir.join(format!("entries-{shard:02}.bin"))
}

/// The file (shard) a seed's entry is kept in.
fn shard_of(rel: &str) -> usize {
    (crate::text::hash_str(rel) % ENTRY_SHARDS as u64) as usize
}

/// An entry as kept, with what it was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredEntry {
    /// The hash of its seed's bytes.
    pub raw_hash: u64,
    /// The key of the corpus furniture among its seed's lines when it was cleaned.
    pub furniture_key: u64,
    /// The entry.
    pub entry: Box<Entry>,
}

impl StoredEntry {
    /// Whether it was made from a seed of these bytes and furniture.
    pub fn made_from(&self, raw_hash: u64, furniture_key: u64) -> bool {
        self.raw_hash == raw_hash && self.furniture_key == furniture_key
    }
}

/// One file's entries, by seed path, sorted (so the same entries give the same bytes).
type Shard = Vec<(String, StoredEntry)>;

impl BuildCache {
    /// Reads the entries, if they are still on disk. Entries that cannot be read make every
    /// seed record useless (a seed is reused only with its entry): they are dropped, and the
    /// seeds are processed again.
    pub fn load_entries(&mut self) {
        let Some(dir) = self.session.entries_dir.take() else { return };
        let header = header();
        let spool = self.spool().ok();
        let expected = &self.entry_shards;
        let loaded: Option<Vec<Shard>> = (0..ENTRY_SHARDS)
            .into_par_iter()
            .map(|i| {
                let bytes = fs::read(entries_file(&dir, i)).ok()?;
                if expected.get(i) != Some(&crate::text::hash_bytes(&bytes)) {
                    return None;
                }
                let mut shard = postcard::from_bytes::<Shard>(bytes.strip_prefix(header.as_slice())?).ok()?;
                drop(bytes);
                // The texts go to the spool at once: the entries are all in memory from here.
                crate::engine::spool::hold(spool.as_ref()?, shard.iter_mut().map(|(_, stored)| &mut *stored.entry))
                    .ok()?;
                Some(shard)
            })
            .collect();
        match loaded {
            Some(shards) => self.entries = shards.into_iter().flatten().collect(),
            None => {
                self.seeds.clear();
                self.pages.clear();
                self.entry_shards.clear();
                self.entry_shard_keys.clear();
            }
        }
    }

    /// The spool of this cache's entries' texts, made on first use in
    /// [`Session::spool_dir`], or in the system's temporary folder when that cannot hold
    /// it (a read-only project still builds, as it does when its cache cannot be saved).
    ///
    /// # Errors
    /// Neither folder can hold the spool's file.
    pub fn spool(&mut self) -> io::Result<Arc<Spool>> {
        if let Some(spool) = &self.session.spool {
            return Ok(Arc::clone(spool));
        }
        let made = match &self.session.spool_dir {
            Some(dir) => Spool::new_in(dir).or_else(|_| Spool::new_in(&std::env::temp_dir())),
            None => Spool::new_in(&std::env::temp_dir()),
        };
        let spool = Arc::new(made?);
        self.session.spool = Some(Arc::clone(&spool));
        Ok(spool)
    }

    /// Points the cache at an output folder: the records of pages and files of another
    /// folder say nothing about this one (seed records stay valid).
    pub fn target(&mut self, output: &Path) {
        let output = std::path::absolute(output).unwrap_or_else(|_| output.to_owned()).to_string_lossy().into_owned();
        if self.output != output {
            self.pages.clear();
            self.files.clear();
            self.lists.clear();
            self.lists_key = 0;
            self.output = output;
        }
    }
}

/// How much older than the cache file a seed must be for its length and time to vouch for it.
const TRUST_MARGIN: std::time::Duration = std::time::Duration::from_secs(2);

/// The cache file's first bytes: the format and the program that wrote it. The format's
/// number changes with the entries' fields (2: entries carry their quotes), so no build
/// reads another format's entries even where the program key would agree.
fn header() -> Vec<u8> {
    format!("broadsheet-cache 2 {:016x}\n", program_key()).into_bytes()
}

/// A key of this program: its version and its executable's size and modification time, so
/// a rebuilt binary never trusts a cache another build of the code wrote.
pub fn program_key() -> u64 {
    let exe = std::env::current_exe().and_then(fs::metadata).ok().map(|m| (m.len(), modified_nanos(&m)));
    crate::text::hash_of(&(env!("CARGO_PKG_VERSION"), exe))
}

/// Reads the cache file; anything amiss (missing, truncated, written by another build of the
/// program) gives an empty cache.
pub fn load(path: &Path) -> BuildCache {
    let Ok(bytes) = fs::read(path) else {
        return BuildCache::default();
    };
    let header = header();
    // The body is followed by its hash: a byte changed or lost anywhere (a disk fault, a
    // build killed while another wrote) is an empty cache, never records that lie.
    let body = bytes.strip_prefix(header.as_slice()).and_then(|rest| {
        let (body, sum) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
        (sum == crate::text::hash_bytes(body).to_le_bytes()).then_some(body)
    });
    let Some(Ok(mut cache)) = body.map(postcard::from_bytes::<BuildCache>) else {
        return BuildCache::default();
    };
    cache.session.trust_before =
        fs::metadata(path).map_or(0, |m| modified_nanos(&m).saturating_sub(TRUST_MARGIN.as_nanos() as u64));
    cache.session.entries_dir = Some(path.parent().unwrap_or(Path::new(".")).to_owned());
    cache.session.spool_dir.clone_from(&cache.session.entries_dir);
    cache
}

/// Writes the cache file atomically (a temporary file renamed over it), and, when the
/// entries were loaded, the files of entries whose bytes changed (first, so the cache file
/// never names entries that are not there).
///
/// # Errors
/// The folder cannot be made or a file written.
pub fn save(path: &Path, cache: &mut BuildCache) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    remove_leftover_temporaries(dir);
    if cache.session.entries_dir.is_none() {
        let spool = cache.session.spool.as_deref();
        let mut shards: Vec<Vec<(&String, &StoredEntry)>> = vec![Vec::new(); ENTRY_SHARDS];
        for (rel, entry) in &cache.entries {
            shards[shard_of(rel)].push((rel, entry));
        }
        let (previous, previous_keys, seeds_key) = (&cache.entry_shards, &cache.entry_shard_keys, cache.seeds_key);
        let written: io::Result<Vec<(u64, u64)>> = shards
            .into_par_iter()
            .enumerate()
            .map(|(i, mut shard)| {
                shard.sort_unstable_by(|a, b| a.0.cmp(b.0));
                let key = shard_key(seeds_key, &shard);
                let file = entries_file(dir, i);
                if let Some(&hash) = previous.get(i)
                    && previous_keys.get(i) == Some(&key)
                    && file.exists()
                {
                    return Ok((hash, key));
                }
                let shard = shard
                    .into_iter()
                    .map(|(rel, stored)| {
                        let entry = Box::new(crate::engine::spool::resolved(&stored.entry, spool)?);
                        Ok((rel, StoredEntry { entry, ..*stored }))
                    })
                    .collect::<io::Result<Vec<_>>>()?;
                let bytes = postcard::to_extend(&shard, header()).map_err(io::Error::other)?;
                let hash = crate::text::hash_bytes(&bytes);
                if previous.get(i) != Some(&hash) || !file.exists() {
                    write_atomically(&file, &bytes)?;
                }
                Ok((hash, key))
            })
            .collect();
        (cache.entry_shards, cache.entry_shard_keys) = written?.into_iter().unzip();
    }
    // Streamed into the file: at 100,000 seeds the cache is tens of megabytes.
    write_atomically_with(path, &mut |w| {
        w.write_all(&header())?;
        let mut hashing = Summed { inner: w, hash: crate::text::ContentHasher::default() };
        postcard::to_io(&*cache, &mut hashing).map_err(io::Error::other)?;
        let sum = hashing.hash.finish();
        w.write_all(&sum.to_le_bytes())
    })
}

/// The key of what a file's entries (sorted by path) were made from: an entry is a function
/// of its seed's bytes and furniture, the settings (program, `[clean]`, overrides), its slug
/// and its position.
fn shard_key(seeds_key: u64, shard: &[(&String, &StoredEntry)]) -> u64 {
    let mut h = crate::text::ContentHasher::default();
    h.write(&seeds_key.to_le_bytes());
    for (rel, stored) in shard {
        h.field(rel.as_bytes());
        h.write(&stored.raw_hash.to_le_bytes());
        h.write(&stored.furniture_key.to_le_bytes());
        h.write(&stored.entry.id.0.to_le_bytes());
        h.field(stored.entry.slug.as_bytes());
    }
    h.finish()
}

/// Removes the temporary files a build killed while saving the cache left in its folder
/// ([`write_atomically_with`] names them `.tmp…`; they were never renamed into place).
fn remove_leftover_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_str().is_some_and(|n| n.starts_with(".tmp")) && entry.path().is_file() {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Writes through, hashing the bytes on the way (the cache file's trailing sum).
struct Summed<'a> {
    inner: &'a mut dyn io::Write,
    hash: crate::text::ContentHasher,
}

impl io::Write for Summed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.write(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(path, &mut |w| w.write_all(bytes))
}

/// Writes a file through `write` into a temporary file beside it, renamed over it once whole.
fn write_atomically_with(path: &Path, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut out = io::BufWriter::with_capacity(1 << 16, tempfile::NamedTempFile::new_in(dir)?);
    write(&mut out)?;
    let tmp = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, DocId, Mention, PartialDate, Published, Span, SpoolText, Title};

    fn sample() -> BuildCache {
        let mut article = Article::new(DocId(3), "a", Title::Derived("Rain <returns>".into()));
        article.meta.published = Published::parse_iso("2016-09-05T14:12:00+03:00");
        article.standfirst = Some("Rain returns to the valley after months".into());
        let sentence = "It rained in September.";
        let at = Span::find(sentence, "in September");
        article.mentions.push(Mention::new(PartialDate::parse("2016-09").unwrap(), sentence.into(), at, 2));
        let index = crate::render::ListFile { path: "index.html".into(), key: 5, pieces: Vec::new() };
        let search = crate::render::ListFile {
            path: "search-index.js".into(),
            key: 6,
            pieces: vec![crate::engine::pieces::Piece { key: 8, at: 27, len: 4096 }],
        };
        let mut cache = BuildCache { seeds_key: 7, lists_key: 9, lists: vec![index, search], ..Default::default() };
        cache.seeds.insert(
            "a.txt".into(),
            SeedRecord {
                raw_hash: 1,
                len: 10,
                modified: 12,
                corpus_keys: vec![4, 5],
                furniture_key: 6,
                page: Some(("articles/rain-returns/index.html".into(), 11)),
                warnings: vec!["no title found".into()],
                also: Some(AlsoRecord { at: 100, len: 20, key: 3 }),
            },
        );
        cache.entries.insert(
            "a.txt".into(),
            StoredEntry { raw_hash: 1, furniture_key: 6, entry: Box::new(Entry::of(&article, "rain-returns".into())) },
        );
        cache.pages.insert("articles/rain-returns/index.html".into(), 11);
        cache.files.insert("index.html".into(), FileRecord { hash: 1, len: 2, modified: 3 });
        cache
    }

    #[test]
    fn saved_cache_loads_equal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c/build.bin");
        let mut cache = sample();
        save(&path, &mut cache).unwrap();
        let mut loaded = load(&path);
        assert!(loaded.session.trust_before > 0);
        assert!(loaded.entries.is_empty(), "entries wait until asked for");
        loaded.load_entries();
        // The texts wait in the spool, and read back as saved.
        let spool = loaded.session.spool.take();
        for stored in loaded.entries.values_mut() {
            let e = &mut stored.entry;
            assert!(matches!(e.search_words, SpoolText::Spooled(_)));
            assert!(e.mentions.iter().all(|m| matches!(m.sentence, SpoolText::Spooled(_))));
            **e = crate::engine::spool::resolved(e, spool.as_deref()).unwrap();
        }
        assert_eq!(spool.unwrap().dir(), dir.path().join("c"));
        assert_eq!(loaded, cache);
    }

    #[test]
    fn only_changed_entry_files_are_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("build.bin");
        let mut cache = sample();
        save(&path, &mut cache).unwrap();
        let shard = shard_of("a.txt");
        let stamp = |i: usize| fs::metadata(entries_file(dir.path(), i)).unwrap().modified().unwrap();
        let before: Vec<_> = (0..ENTRY_SHARDS).map(stamp).collect();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let mut loaded = load(&path);
        loaded.load_entries();
        if let Some((_, StoredEntry { entry, .. })) = loaded.entries.iter_mut().next() {
            entry.slug = "rain-returns-2".into();
        }
        save(&path, &mut loaded).unwrap();
        let changed: Vec<usize> = (0..ENTRY_SHARDS).filter(|&i| stamp(i) != before[i]).collect();
        assert_eq!(changed, [shard]);
        let mut again = load(&path);
        again.load_entries();
        assert_eq!(again.entries["a.txt"].entry.slug, "rain-returns-2");
    }

    #[test]
    fn entry_files_made_from_the_same_inputs_are_not_serialised_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("build.bin");
        save(&path, &mut sample()).unwrap();
        let file = entries_file(dir.path(), shard_of("a.txt"));
        let before = fs::read(&file).unwrap();
        let mut loaded = load(&path);
        loaded.load_entries();
        // Same seed bytes, furniture, settings, slug and position: the file stands as it is
        // (a different title could only come from different inputs).
        if let Some(StoredEntry { entry, .. }) = loaded.entries.get_mut("a.txt") {
            entry.meta.title = Title::Found("Changed".into());
        }
        save(&path, &mut loaded).unwrap();
        assert_eq!(fs::read(&file).unwrap(), before);
        // A new seed hash makes it again.
        if let Some(StoredEntry { raw_hash: hash, .. }) = loaded.entries.get_mut("a.txt") {
            *hash = 2;
        }
        save(&path, &mut loaded).unwrap();
        assert_ne!(fs::read(&file).unwrap(), before);
    }

    #[test]
    fn a_spool_the_cache_folder_cannot_hold_goes_to_the_temporary_folder() {
        let dir = tempfile::tempdir().unwrap();
        let not_a_folder = dir.path().join("file");
        fs::write(&not_a_folder, "x").unwrap();
        let mut cache = BuildCache::default();
        cache.session.spool_dir = Some(not_a_folder.join("cache"));
        let spool = cache.spool().unwrap();
        assert_eq!(spool.dir(), std::env::temp_dir());
        assert!(Arc::ptr_eq(&spool, &cache.spool().unwrap()), "made once");
    }

    #[test]
    fn damaged_or_foreign_cache_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("build.bin");
        assert_eq!(load(&path), BuildCache::default(), "missing");
        save(&path, &mut sample()).unwrap();
        let bytes = fs::read(&path).unwrap();
        fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        assert_eq!(load(&path), BuildCache::default(), "truncated");
        fs::write(&path, b"broadsheet-cache 0 0000\nxyz").unwrap();
        assert_eq!(load(&path), BuildCache::default(), "another program");
    }

    #[test]
    fn lost_entries_void_the_seed_records() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("build.bin");
        save(&path, &mut sample()).unwrap();
        fs::write(entries_file(dir.path(), 7), b"damaged").unwrap();
        let mut loaded = load(&path);
        assert_eq!(loaded.seeds.len(), 1);
        loaded.load_entries();
        assert!(loaded.seeds.is_empty() && loaded.pages.is_empty() && loaded.entries.is_empty());
        // Saved again, every file of entries is written whole: the damaged one too.
        save(&path, &mut loaded).unwrap();
        let mut again = load(&path);
        again.load_entries();
        assert_eq!(again.entry_shards.len(), ENTRY_SHARDS);
    }
}
