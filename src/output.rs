//! Writing the site: minify HTML, stage every file beside the output folder, then swap.
//!
//! Nothing touches the output folder until every page has rendered: pages stream into a
//! staging folder next to it (same file system), and [`Staging::commit`] swaps the two with
//! two renames. A failed build drops the staging folder and leaves the previous site as it
//! was. A file whose bytes did not change is hard-linked from the previous site rather than
//! written again, so an unchanged rebuild rewrites nothing and files of removed articles do
//! not survive. Cost: one write (or link) per file; reading the old file to compare is the
//! only extra work.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use walkdir::WalkDir;

use crate::error::OutputError;
use crate::sink::PageSink;

/// The assets used when the site's `static/` has no file of the same name: the stylesheet
/// and the search script.
pub const BUILTIN_STATIC: &[(&str, &str)] =
    &[("style.css", include_str!("../static/style.css")), ("search.js", include_str!("../static/search.js"))];

/// Output settings.
#[derive(Debug, Clone, Copy)]
pub struct OutputOptions {
    /// Minify `.html` files.
    pub minify: bool,
}

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
            let rel = entry.path().strip_prefix(static_dir).unwrap_or(entry.path());
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
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

/// Minifies an HTML page (spec-compliant settings: the output stays valid HTML).
pub fn minify(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg.minify_css = true;
    escape_in_attributes(escape_title(minify_html::minify(html, &cfg)))
}

/// minify-html writes `<` bare inside quoted attribute values (legal there), but article text
/// reaches `content="..."` attributes: keep every `<` of a value escaped, so no file ever holds
/// a raw `<script` from an article.
fn escape_in_attributes(html: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + 16);
    let (mut in_tag, mut quote) = (false, None::<u8>);
    for &b in &html {
        match (in_tag, quote, b) {
            (true, Some(q), _) if b == q => quote = None,
            (true, Some(_), b'<') => {
                out.extend_from_slice(b"&lt;");
                continue;
            }
            (true, Some(_), _) => {}
            (true, None, b'"' | b'\'') => quote = Some(b),
            (true, None, b'>') => in_tag = false,
            (false, _, b'<') => in_tag = true,
            _ => {}
        }
        out.push(b);
    }
    out
}

/// minify-html writes `<` inside `<title>` bare (legal there: the element holds only text),
/// but article titles are untrusted text; keep them escaped for any reader of the file.
fn escape_title(html: Vec<u8>) -> Vec<u8> {
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
    };
    let (Some(open), Some(close)) = (find(&html, b"<title>", 0), find(&html, b"</title>", 0)) else {
        return html;
    };
    let start = open + b"<title>".len();
    if close < start || !html[start..close].contains(&b'<') {
        return html;
    }
    let mut out = Vec::with_capacity(html.len() + 16);
    out.extend_from_slice(&html[..start]);
    for &b in &html[start..close] {
        if b == b'<' {
            out.extend_from_slice(b"&lt;");
        } else {
            out.push(b);
        }
    }
    out.extend_from_slice(&html[close..]);
    out
}

/// A site being written: a staging folder that becomes the output folder on commit.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: tempfile::TempDir,
    options: OutputOptions,
    made_dirs: Mutex<HashSet<PathBuf>>,
    written: Mutex<usize>,
}

impl Staging {
    /// Starts a build of `target` (created on commit if missing).
    ///
    /// # Errors
    /// `target` exists but is not a folder, or the staging folder cannot be made.
    pub fn begin(target: &Path, options: OutputOptions) -> Result<Self, OutputError> {
        if target.exists() && !target.is_dir() {
            return Err(OutputError::NotADir { path: target.to_owned() });
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(OutputError::io("create folder", &parent))?;
        let name = target.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(OutputError::io("create staging folder in", &parent))?;
        Ok(Staging {
            target: target.to_owned(),
            dir,
            options,
            made_dirs: Mutex::new(HashSet::new()),
            written: Mutex::new(0),
        })
    }

    /// How many files were written (not linked from the previous site).
    pub fn written(&self) -> usize {
        *self.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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

    /// Stores a file in the staging folder: a hard link to the previous site's file when the
    /// bytes are the same, a new file otherwise.
    fn store(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let dest = self.dir.path().join(rel);
        if let Some(parent) = dest.parent() {
            let mut made = self.made_dirs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if !made.contains(parent) {
                fs::create_dir_all(parent).map_err(OutputError::io("create folder", parent))?;
                made.insert(parent.to_owned());
            }
        }
        let old = self.target.join(rel);
        let unchanged =
            fs::metadata(&old).is_ok_and(|m| m.len() == bytes.len() as u64) && fs::read(&old).is_ok_and(|b| b == bytes);
        if unchanged && fs::hard_link(&old, &dest).is_ok() {
            return Ok(());
        }
        fs::write(&dest, bytes).map_err(OutputError::io("write", &dest))?;
        *self.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        Ok(())
    }

    /// Makes the staged site the output folder: the old one is moved aside, the new one
    /// renamed in, and the old one removed.
    ///
    /// # Errors
    /// A rename fails; the previous site is then put back where possible.
    pub fn commit(self) -> Result<(), OutputError> {
        let staged = self.dir.keep();
        set_public_permissions(&staged);
        let aside = if self.target.exists() {
            let aside = staged.with_extension("old");
            fs::rename(&self.target, &aside).map_err(OutputError::io("move aside", &self.target))?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = fs::rename(&staged, &self.target) {
            if let Some(aside) = &aside {
                let _ = fs::rename(aside, &self.target);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(OutputError::Io { action: "rename into place", path: self.target.clone(), source: e });
        }
        if let Some(aside) = aside {
            fs::remove_dir_all(&aside).map_err(OutputError::io("remove", &aside))?;
        }
        Ok(())
    }
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

impl PageSink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), OutputError> {
        let bytes = if self.options.minify && path.ends_with(".html") { minify(&bytes) } else { bytes };
        self.store(path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minify_keeps_lang_and_doctype() {
        let html = b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>x</title>\n</head>\n<body>\n<p>a   b</p>\n</body>\n</html>\n";
        let out = String::from_utf8(minify(html)).unwrap();
        assert!(out.starts_with("<!doctype html>") || out.starts_with("<!DOCTYPE html>"), "{out}");
        assert!(out.contains("<html lang=en>") || out.contains("<html lang=\"en\">"), "{out}");
        assert!(out.contains("<p>a b</p>"), "{out}");
    }

    #[test]
    fn title_text_stays_escaped() {
        let out =
            minify(b"<!DOCTYPE html><html lang=en><head><title>a &lt;script&gt; b</title></head><body></body></html>");
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<title>a &lt;script> b</title>"), "{out}");
    }

    #[test]
    fn attribute_values_keep_lt_escaped() {
        let html = b"<!DOCTYPE html><html lang=en><head><meta name=description content=\"a &lt;script&gt; b\"></head><body><p title=\"x &lt; y\">t</p></body></html>";
        let out = String::from_utf8(minify(html)).unwrap();
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("&lt;script>"), "{out}");
    }

    #[test]
    fn commit_swaps_and_drops_stale_files() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(target.join("articles/old")).unwrap();
        fs::write(target.join("articles/old/index.html"), "old").unwrap();
        fs::write(target.join("same.txt"), "same").unwrap();
        let staging = Staging::begin(&target, OutputOptions { minify: false }).unwrap();
        staging.put("same.txt", b"same".to_vec()).unwrap();
        staging.put("new/index.html", b"new".to_vec()).unwrap();
        assert_eq!(staging.written(), 1);
        staging.commit().unwrap();
        assert!(!target.join("articles/old/index.html").exists());
        assert_eq!(fs::read_to_string(target.join("new/index.html")).unwrap(), "new");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }

    #[test]
    fn dropped_staging_leaves_target_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("index.html"), "old").unwrap();
        {
            let staging = Staging::begin(&target, OutputOptions { minify: false }).unwrap();
            staging.put("index.html", b"new".to_vec()).unwrap();
        }
        assert_eq!(fs::read_to_string(target.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
