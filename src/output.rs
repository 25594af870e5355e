//! Writing the site: stage new and changed files beside the output folder, then
//! move them into place.
//!
//! Nothing touches the output folder until every page has rendered: pages stream into a
//! staging folder next to it (same file system, so moving is a rename), and
//! [`SiteWriter::commit`] moves them in and removes what the build no longer makes. A failed
//! build drops the staging folder and leaves the previous site as it was. A file whose bytes
//! did not change is not written at all, so an unchanged rebuild rewrites nothing. Cost: one
//! write and one rename per changed file, one `stat` per unchanged one.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::engine::sink::{PageSink, Splice};
use crate::error::OutputError;
use crate::ingest::{modified_nanos, rel_key};

/// The assets used when the site's `static/` has no file of the same name: the stylesheet
/// and the search script.
pub const BUILTIN_STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../static/style.css")),
    ("search.js", include_str!("../static/search.js")),
    ("favicon.svg", include_str!("../static/favicon.svg")),
];

/// The files below `static_dir` (a missing folder is fine), by `/`-separated relative path,
/// plus each built-in asset ([`BUILTIN_STATIC`]) the folder does not replace.
///
/// # Errors
/// A static file or folder cannot be read.
pub fn static_files(static_dir: &Path) -> Result<Vec<(String, Vec<u8>)>, OutputError> {
    let mut files = Vec::new();
    if static_dir.is_dir() {
        for entry in WalkDir::new(static_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| OutputError::Io {
                action: "read",
                path: e.path().map_or_else(|| static_dir.to_owned(), Path::to_owned),
                source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = rel_key(static_dir, entry.path());
            let bytes = fs::read(entry.path()).map_err(OutputError::io("read", entry.path()))?;
            files.push((rel, bytes));
        }
    }
    for (name, text) in BUILTIN_STATIC {
        if !files.iter().any(|(rel, _)| rel == name) {
            files.push(((*name).to_owned(), text.as_bytes().to_vec()));
        }
    }
    Ok(files)
}

/// What the previous build wrote to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Hash of the bytes; 0 when not known (a long file partly copied from its previous
    /// version, [`crate::engine::sink::PageSink::put_spliced`], which its maker keys itself).
    pub hash: u64,
    /// Length in bytes.
    pub len: u64,
    /// Modification time, in nanoseconds since the Unix epoch (0 when unknown).
    pub modified: u64,
}

/// A site being written. New and changed files go to a staging folder beside the output
/// folder; [`SiteWriter::commit`] moves them into place and removes the files the build no
/// longer makes. Until then the output folder is untouched, so a failed build (dropping the
/// writer) leaves the previous site as it was. A file whose bytes are unchanged is never
/// written again: known from the previous build's [`FileRecord`]s (hash, length and
/// modification time), or, without them, by comparing with the file on disk.
#[derive(Debug)]
pub struct SiteWriter {
    target: PathBuf,
    staging: tempfile::TempDir,
    /// The output folder did not exist: commit renames the staging folder into place.
    fresh: bool,
    previous: HashMap<String, FileRecord>,
    records: Mutex<HashMap<String, FileRecord>>,
    staged: Mutex<std::collections::BTreeSet<String>>,
    made_dirs: Mutex<HashSet<PathBuf>>,
}

impl SiteWriter {
    /// Starts a build of `target` (created on commit if missing); `previous` describes the
    /// files the last build left there (empty when unknown).
    ///
    /// # Errors
    /// `target` exists but is not a folder, or the staging folder cannot be made.
    pub fn begin(target: &Path, previous: HashMap<String, FileRecord>) -> Result<Self, OutputError> {
        if target.exists() && !target.is_dir() {
            return Err(OutputError::NotADir { path: target.to_owned() });
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(OutputError::io("create folder", &parent))?;
        let name = target.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        remove_leftover_staging(&parent, &name);
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(OutputError::io("create staging folder in", &parent))?;
        let fresh = !target.exists();
        Ok(SiteWriter {
            target: target.to_owned(),
            staging,
            fresh,
            previous: if fresh { HashMap::new() } else { previous },
            records: Mutex::default(),
            staged: Mutex::default(),
            made_dirs: Mutex::default(),
        })
    }

    /// How many files this build wrote (the others were kept as they were).
    pub fn written(&self) -> usize {
        lock(&self.staged).len()
    }

    /// Copies [`static_files`] into the site as they are (never minified).
    ///
    /// # Errors
    /// A static file cannot be read or stored.
    pub fn copy_static(&self, static_dir: &Path) -> Result<usize, OutputError> {
        let files = static_files(static_dir)?;
        for (rel, bytes) in &files {
            self.store(rel, bytes)?;
        }
        Ok(files.len())
    }

    /// The previous build's record of `rel`, if the file on disk still matches it.
    fn intact(&self, rel: &str) -> Option<FileRecord> {
        let record = *self.previous.get(rel)?;
        let meta = fs::metadata(self.target.join(rel)).ok()?;
        (meta.is_file() && meta.len() == record.len && modified_nanos(&meta) == record.modified).then_some(record)
    }

    /// Keeps the previous build's file at `rel` (records it for this build) when it is intact
    /// and `wanted` agrees.
    fn keep_if(&self, rel: &str, wanted: impl FnOnce(&FileRecord) -> bool) -> bool {
        match self.intact(rel).filter(wanted) {
            Some(record) => {
                lock(&self.records).insert(rel.to_owned(), record);
                true
            }
            None => false,
        }
    }

    /// Stores a file: nothing when the output folder already holds these bytes, a new file
    /// in the staging folder otherwise.
    fn store(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let hash = crate::text::hash_bytes(bytes);
        if self.keep_if(rel, |r| r.hash == hash) {
            return self.unstage(rel);
        }
        let old = self.target.join(rel);
        if !self.fresh && !self.previous.contains_key(rel) {
            // No record of it (no cache): compare with the file itself.
            if let Ok(meta) = fs::metadata(&old)
                && meta.is_file()
                && meta.len() == bytes.len() as u64
                && fs::read(&old).is_ok_and(|b| b == bytes)
            {
                let record = FileRecord { hash, len: meta.len(), modified: modified_nanos(&meta) };
                lock(&self.records).insert(rel.to_owned(), record);
                return self.unstage(rel);
            }
        }
        let dest = self.staging.path().join(rel);
        self.make_parent(&dest)?;
        let mut file = fs::File::create(&dest).map_err(OutputError::io("write", &dest))?;
        file.write_all(bytes).map_err(OutputError::io("write", &dest))?;
        let modified = file.metadata().map_or(0, |m| modified_nanos(&m));
        lock(&self.records).insert(rel.to_owned(), FileRecord { hash, len: bytes.len() as u64, modified });
        lock(&self.staged).insert(rel.to_owned());
        Ok(())
    }

    /// Drops what an earlier [`PageSink::put`] of this build staged at `rel`, now that the
    /// file is to stay as the output folder has it (a page made again with the same bytes,
    /// such as an article page given back its "Also reported by" block).
    fn unstage(&self, rel: &str) -> Result<(), OutputError> {
        let dest = self.staging.path().join(rel);
        match fs::remove_file(&dest) {
            Ok(()) => {
                lock(&self.staged).remove(rel);
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(OutputError::io("remove", &dest)(e)),
        }
    }

    /// Makes the staging folder that will hold `dest`.
    fn make_parent(&self, dest: &Path) -> Result<(), OutputError> {
        if let Some(parent) = dest.parent()
            && !lock(&self.made_dirs).contains(parent)
        {
            // Outside the lock: every article page has a folder of its own, and the threads
            // would otherwise take turns in the kernel. Making one twice is harmless.
            fs::create_dir_all(parent).map_err(OutputError::io("create folder", parent))?;
            lock(&self.made_dirs).insert(parent.to_owned());
        }
        Ok(())
    }

    /// Puts the build in place, returning the records of the site's files for the next build.
    ///
    /// Atomic where the system allows: with no output folder, the staging folder is renamed
    /// into place; otherwise the staging folder is completed into the whole new site (each
    /// unchanged file hard-linked from the output folder, so nothing is copied) and the two
    /// folders are swapped in one step (`renameat2(RENAME_EXCHANGE)` on Linux). A kill at any
    /// moment leaves the output folder the previous site or the new one, never a mix; the old
    /// site, now in the staging folder, is removed after. Where links or the swap are not
    /// supported (or the output folder is a symbolic link), new and changed files are moved
    /// in one by one and files the build no longer makes are removed.
    ///
    /// # Errors
    /// A file cannot be linked, moved or removed (a full disk among them); the previous site
    /// is then whole.
    pub fn commit(self) -> Result<HashMap<String, FileRecord>, OutputError> {
        let records = std::mem::take(&mut *lock(&self.records));
        if self.fresh {
            let staged = self.staging.keep();
            set_public_permissions(&staged);
            if let Err(e) = fs::rename(&staged, &self.target) {
                let _ = fs::remove_dir_all(&staged);
                return Err(OutputError::Io { action: "rename into place", path: self.target.clone(), source: e });
            }
            return Ok(records);
        }
        let staged = std::mem::take(&mut *lock(&self.staged));
        let stale = stale_files(&self.target, &records, &self.previous);
        if staged.is_empty() && stale.is_empty() {
            return Ok(records);
        }
        // A symlinked output folder is updated where it points: never swapped away.
        let linked = fs::symlink_metadata(&self.target).is_ok_and(|m| m.file_type().is_symlink());
        if swap::supported() && !linked {
            match self.link_unchanged(&records, &staged) {
                Ok(()) => {
                    set_public_permissions(self.staging.path());
                    match swap::exchange(self.staging.path(), &self.target) {
                        // The staging folder now holds the previous site: dropped with it.
                        Ok(()) => return Ok(records),
                        Err(e) if !swap::unsupported(&e) => {
                            return Err(OutputError::Io {
                                action: "swap into place",
                                path: self.target.clone(),
                                source: e,
                            });
                        }
                        Err(_) => {}
                    }
                }
                Err(e) if !swap::unsupported(&e.1) => {
                    return Err(OutputError::Io { action: "link", path: e.0, source: e.1 });
                }
                Err(_) => {}
            }
        }
        let mut made: HashSet<PathBuf> = HashSet::new();
        for rel in &staged {
            let dest = self.target.join(rel);
            if let Some(parent) = dest.parent()
                && !made.contains(parent)
            {
                fs::create_dir_all(parent).map_err(OutputError::io("create folder", parent))?;
                set_public_permissions(parent);
                made.insert(parent.to_owned());
            }
            let from = self.staging.path().join(rel);
            fs::rename(&from, &dest).map_err(OutputError::io("move into place", &dest))?;
        }
        remove_stale(&self.target, &stale)?;
        Ok(records)
    }

    /// Completes the staging folder into the whole new site: every recorded file the build
    /// did not stage is hard-linked from the output folder. Returns the file that failed.
    fn link_unchanged(
        &self,
        records: &HashMap<String, FileRecord>,
        staged: &std::collections::BTreeSet<String>,
    ) -> Result<(), (PathBuf, std::io::Error)> {
        use rayon::prelude::*;
        let mut kept: Vec<&String> = records.keys().filter(|rel| !staged.contains(*rel)).collect();
        kept.sort_unstable();
        let staging = self.staging.path();
        let mut parents: Vec<PathBuf> =
            kept.iter().filter_map(|rel| staging.join(rel).parent().map(Path::to_owned)).collect();
        parents.dedup();
        let made = lock(&self.made_dirs);
        for dir in parents.iter().filter(|d| !made.contains(*d)) {
            fs::create_dir_all(dir).map_err(|e| (dir.clone(), e))?;
        }
        drop(made);
        kept.par_iter().try_for_each(|rel| {
            let dest = staging.join(rel);
            fs::hard_link(self.target.join(rel), &dest).map_err(|e| (dest, e))
        })
    }
}

/// Removes the staging folders a killed build left beside the output folder (a build killed
/// before its commit, or after the swap, before the old site was removed).
fn remove_leftover_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) && entry.path().is_dir() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The atomic swap of two folders.
mod swap {
    use std::io;
    use std::path::Path;

    /// Whether this system can swap two folders in one step (`BROADSHEET_NO_SWAP` set says
    /// no: the tests of the one-by-one moves use it).
    pub fn supported() -> bool {
        cfg!(target_os = "linux") && std::env::var_os("BROADSHEET_NO_SWAP").is_none()
    }

    /// Whether `e` says the file system cannot do it (links or the swap), rather than failing.
    pub fn unsupported(e: &io::Error) -> bool {
        matches!(
            e.kind(),
            io::ErrorKind::Unsupported
                | io::ErrorKind::InvalidInput
                | io::ErrorKind::PermissionDenied
                | io::ErrorKind::CrossesDevices
        ) || matches!(e.raw_os_error(), Some(code) if code == 38 /* ENOSYS */ || code == 31 /* EMLINK */ || code == 95 /* EOPNOTSUPP */)
    }

    /// Swaps the folders `a` and `b` in one step.
    #[cfg(target_os = "linux")]
    pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }

    /// Not available here: the caller moves files one by one.
    #[cfg(not(target_os = "linux"))]
    pub fn exchange(_: &Path, _: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }
}

/// The files in `target` the build did not make: those the previous build recorded, or,
/// without records, every file not in `records`.
fn stale_files(
    target: &Path,
    records: &HashMap<String, FileRecord>,
    previous: &HashMap<String, FileRecord>,
) -> Vec<PathBuf> {
    if previous.is_empty() {
        WalkDir::new(target)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| !records.contains_key(&rel_key(target, e.path())))
            .map(walkdir::DirEntry::into_path)
            .collect()
    } else {
        let mut stale: Vec<PathBuf> = previous
            .keys()
            .filter(|rel| !records.contains_key(*rel))
            .map(|rel| target.join(rel))
            .filter(|p| p.exists())
            .collect();
        stale.sort();
        stale
    }
}

/// Removes the `stale` files from `target`, then the folders left empty.
fn remove_stale(target: &Path, stale: &[PathBuf]) -> Result<(), OutputError> {
    let mut parents: Vec<PathBuf> = Vec::new();
    for path in stale {
        match fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(OutputError::Io { action: "remove", path: path.clone(), source: e }),
        }
        parents.extend(path.ancestors().skip(1).take_while(|p| *p != target).map(Path::to_owned));
    }
    // Deepest first; a folder that still holds something stays.
    parents.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    parents.dedup();
    for dir in parents {
        let _ = fs::remove_dir(dir);
    }
    Ok(())
}

/// Writes through, hashing and counting the bytes on the way.
struct HashingWriter<W: Write> {
    inner: W,
    hash: crate::text::ContentHasher,
    len: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.write(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Staging folders are created private (0700); a published site must be readable.
fn set_public_permissions(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
    }
    #[cfg(not(unix))]
    let _ = dir;
}

impl PageSink for SiteWriter {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), OutputError> {
        self.store(path, &bytes)
    }

    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let dest = self.staging.path().join(path);
        self.make_parent(&dest)?;
        let file = fs::File::create(&dest).map_err(OutputError::io("write", &dest))?;
        // Buffered before the hasher: serialisers write many tiny pieces, the hasher and the
        // file get them in large blocks.
        let hashing = HashingWriter { inner: file, hash: crate::text::ContentHasher::default(), len: 0 };
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, hashing);
        write(&mut buffered).and_then(|()| buffered.flush()).map_err(OutputError::io("write", &dest))?;
        let out = buffered.into_inner().map_err(|e| OutputError::Io {
            action: "write",
            path: dest.clone(),
            source: e.into_error(),
        })?;
        let hash = out.hash.finish();
        if self.keep_if(path, |r| r.hash == hash) {
            drop(out);
            fs::remove_file(&dest).map_err(OutputError::io("remove", &dest))?;
            return Ok(());
        }
        let modified = out.inner.metadata().map_or(0, |m| modified_nanos(&m));
        lock(&self.records).insert(path.to_owned(), FileRecord { hash, len: out.len, modified });
        lock(&self.staged).insert(path.to_owned());
        Ok(())
    }

    fn put_spliced(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Splice) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        // The previous file stays where it is until the commit: copy from it there.
        let previous = self.intact(path).and_then(|r| Some((fs::File::open(self.target.join(path)).ok()?, r.len)));
        let dest = self.staging.path().join(path);
        self.make_parent(&dest)?;
        let file = fs::File::create(&dest).map_err(OutputError::io("write", &dest))?;
        let mut out = FileSplice { file, previous, len: 0 };
        write(&mut out).map_err(OutputError::io("write", &dest))?;
        // Its bytes were not all seen here: no hash (the caller keys such a file itself).
        let modified = out.file.metadata().map_or(0, |m| modified_nanos(&m));
        lock(&self.records).insert(path.to_owned(), FileRecord { hash: 0, len: out.len, modified });
        lock(&self.staged).insert(path.to_owned());
        Ok(())
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, OutputError> {
        // Made by this build: in the staging folder; kept: where it was.
        let staged = self.staging.path().join(path);
        match fs::read(&staged) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let kept = self.target.join(path);
                fs::read(&kept).map_err(OutputError::io("read", &kept))
            }
            read => read.map_err(OutputError::io("read", &staged)),
        }
    }

    fn keep(&self, path: &str) -> bool {
        self.keep_if(path, |_| true)
    }
}

/// A file being written in the staging folder, copying from the previous build's file of the
/// same path (open, with its length) by the kernel (`copy_file_range` on Linux).
struct FileSplice {
    file: fs::File,
    previous: Option<(fs::File, u64)>,
    len: u64,
}

impl Write for FileSplice {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Splice for FileSplice {
    fn previous_len(&self) -> Option<u64> {
        self.previous.as_ref().map(|(_, len)| *len)
    }

    fn copy_previous(&mut self, at: u64, len: u64) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let Some((mut previous, previous_len)) = self.previous.as_ref().map(|(f, l)| (f, *l)) else {
            return Err(std::io::Error::other("no previous file to copy from"));
        };
        if at.checked_add(len).is_none_or(|end| end > previous_len) {
            return Err(std::io::Error::other("the range is not in the previous file"));
        }
        previous.seek(std::io::SeekFrom::Start(at))?;
        let copied = std::io::copy(&mut previous.take(len), &mut self.file)?;
        self.len += copied;
        if copied == len { Ok(()) } else { Err(std::io::ErrorKind::UnexpectedEof.into()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_swaps_and_drops_stale_files() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(target.join("articles/old")).unwrap();
        fs::write(target.join("articles/old/index.html"), "old").unwrap();
        fs::write(target.join("same.txt"), "same").unwrap();
        let staging = SiteWriter::begin(&target, HashMap::new()).unwrap();
        staging.put("same.txt", b"same".to_vec()).unwrap();
        staging.put("new/index.html", b"new".to_vec()).unwrap();
        assert_eq!(staging.written(), 1);
        staging.commit().unwrap();
        assert!(!target.join("articles/old/index.html").exists());
        assert_eq!(fs::read_to_string(target.join("new/index.html")).unwrap(), "new");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }

    /// Writes `files` as one build of the site at `target` over the `previous` one: the new
    /// records, and how many files were written.
    fn build_site(
        target: &Path,
        previous: HashMap<String, FileRecord>,
        files: &[(&str, &str)],
    ) -> (HashMap<String, FileRecord>, usize) {
        let site = SiteWriter::begin(target, previous).unwrap();
        for (path, text) in files {
            site.put(path, text.as_bytes().to_vec()).unwrap();
        }
        let written = site.written();
        (site.commit().unwrap(), written)
    }

    #[test]
    fn unchanged_files_are_not_rewritten_and_hand_edits_are_repaired() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let build = |previous, files: &[(&str, &str)]| build_site(&target, previous, files);
        let (records, written) = build(HashMap::new(), &[("a/index.html", "a"), ("b.txt", "b")]);
        assert_eq!(written, 2);
        let before = fs::metadata(target.join("a/index.html")).unwrap().modified().unwrap();
        let (records, written) = build(records, &[("a/index.html", "a"), ("b.txt", "b")]);
        assert_eq!(written, 0);
        assert_eq!(fs::metadata(target.join("a/index.html")).unwrap().modified().unwrap(), before);
        fs::write(target.join("b.txt"), "edited by hand").unwrap();
        let (records, written) = build(records, &[("a/index.html", "a"), ("b.txt", "b")]);
        assert_eq!(written, 1);
        assert_eq!(fs::read_to_string(target.join("b.txt")).unwrap(), "b");
        let (_, written) = build(records, &[("b.txt", "b")]);
        assert_eq!(written, 0);
        assert!(!target.join("a").exists(), "a page the build no longer makes goes, with its folder");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_rebuild_swaps_the_whole_folder_in_one_step_with_unchanged_files_linked() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let build = |previous, files: &[(&str, &str)]| build_site(&target, previous, files).0;
        let records = build(HashMap::new(), &[("a/index.html", "a"), ("b.txt", "b"), ("c.txt", "c")]);
        let inode = |rel: &str| fs::metadata(target.join(rel)).unwrap().ino();
        let (folder, kept) = (inode(""), inode("a/index.html"));
        // A leftover of a killed build: removed by the next one.
        fs::create_dir_all(tmp.path().join(".public.staging-killed/x")).unwrap();
        build(records, &[("a/index.html", "a"), ("b.txt", "B")]);
        assert_ne!(inode(""), folder, "the folder was swapped, not edited in place");
        assert_eq!(inode("a/index.html"), kept, "an unchanged file is linked, not copied");
        assert_eq!(fs::read_to_string(target.join("b.txt")).unwrap(), "B");
        assert!(!target.join("c.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_folder_stays_a_link_and_its_folder_is_updated() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("www");
        fs::create_dir_all(&real).unwrap();
        let target = tmp.path().join("public");
        std::os::unix::fs::symlink(&real, &target).unwrap();
        for text in ["one", "two"] {
            let site = SiteWriter::begin(&target, HashMap::new()).unwrap();
            site.put("index.html", text.as_bytes().to_vec()).unwrap();
            site.commit().unwrap();
            assert!(fs::symlink_metadata(&target).unwrap().file_type().is_symlink());
            assert_eq!(fs::read_to_string(real.join("index.html")).unwrap(), text);
        }
    }

    #[test]
    fn dropped_staging_leaves_target_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("index.html"), "old").unwrap();
        {
            let staging = SiteWriter::begin(&target, HashMap::new()).unwrap();
            staging.put("index.html", b"new".to_vec()).unwrap();
        }
        assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
