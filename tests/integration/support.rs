//! Helpers: temp sites, running the binary, parsing HTML, the shingle metric.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use regex::Regex;
use scraper::{Html, Selector};
use tempfile::TempDir;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, beside the project.
pub fn shared() -> PathBuf {
    root().join("../shared")
}

/// A site in a temp folder: `site.toml`, `seeds/`, optional `templates/`.
pub struct Site {
    pub dir: TempDir,
}

impl Site {
    /// A site whose seeds are the project's bundled seeds, with the project's site.toml.
    pub fn bundled() -> Site {
        let site = Site::empty(&std::fs::read_to_string(root().join("site.toml")).unwrap());
        for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, site.path().join("seeds").join(path.file_name().unwrap())).unwrap();
        }
        site
    }

    /// The bundled site, to be served under `https://example.org/digest/` (a sub-path).
    pub fn bundled_under_sub_path() -> Site {
        let site = Site::bundled();
        let toml = std::fs::read_to_string(site.path().join("site.toml"))
            .unwrap()
            .replace("base_url = \"https://example.org/\"", "base_url = \"https://example.org/digest/\"");
        std::fs::write(site.path().join("site.toml"), toml).unwrap();
        site
    }

    /// A site with the given site.toml and no seeds yet.
    pub fn empty(toml: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
        std::fs::write(dir.path().join("site.toml"), toml).unwrap();
        Site { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.path().join("public")
    }

    pub fn seed(&self, name: &str, bytes: &[u8]) -> &Self {
        std::fs::write(self.path().join("seeds").join(name), bytes).unwrap();
        self
    }

    pub fn template(&self, name: &str, text: &str) -> &Self {
        std::fs::create_dir_all(self.path().join("templates")).unwrap();
        std::fs::write(self.path().join("templates").join(name), text).unwrap();
        self
    }

    /// Runs `broadsheet ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }

    /// Runs `broadsheet build` and asserts it succeeded.
    pub fn build(&self) -> Output {
        let out = self.run(&["build"]);
        assert!(out.status.success(), "build failed: {}", String::from_utf8_lossy(&out.stderr));
        out
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every file below public/, relative path → bytes.
    pub fn files(&self) -> HashMap<String, Vec<u8>> {
        files_under(&self.public(), |path| std::fs::read(path).unwrap())
    }

    /// Article page paths, sorted.
    pub fn article_pages(&self) -> Vec<String> {
        let mut pages: Vec<String> =
            self.files().into_keys().filter(|k| k.starts_with("articles/") && k.ends_with("index.html")).collect();
        pages.sort();
        pages
    }
}

/// Every file below `dir`, by relative path, with what `of` gives for it.
pub fn files_under<T>(dir: &Path, of: impl Fn(&Path) -> T) -> HashMap<String, T> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), of(e.path())))
        .collect()
}

pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The texts of every element matching `selector`.
pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>().trim().to_owned()).collect()
}

/// The values of `attr` on every element matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_owned)).collect()
}

fn shingles(text: &str) -> HashMap<Vec<String>, usize> {
    let re = Regex::new(r"\w+").unwrap();
    let toks: Vec<String> = re.find_iter(text).map(|m| m.as_str().to_owned()).collect();
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    if toks.len() < 4 {
        *out.entry(toks).or_insert(0) += 1;
        return out;
    }
    for w in toks.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// The metric of `../shared/eval/score.py` for one page: F1 of 4-token shingles.
pub fn shingle_f1(gold: &str, pred: &str) -> f64 {
    let (g, p) = (shingles(gold), shingles(pred));
    let tp: usize = g.iter().map(|(k, n)| (*n).min(*p.get(k).unwrap_or(&0))).sum();
    let (gn, pn): (usize, usize) = (g.values().sum(), p.values().sum());
    if gn == tp && pn == tp {
        return 1.0;
    }
    if tp == 0 {
        return 0.0;
    }
    let (precision, recall) = (tp as f64 / pn as f64, tp as f64 / gn as f64);
    2.0 * precision * recall / (precision + recall)
}
