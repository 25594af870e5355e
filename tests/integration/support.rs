//! Helpers: fixture sites in temp folders, running the binary, parsing HTML, the shingle metric.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/sites/NAME`: a committed site (site.toml, seeds/, maybe templates/).
pub fn fixture_dir(name: &str) -> PathBuf {
    root().join("tests/fixtures/sites").join(name)
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
    /// A copy, in a temp folder, of the fixture site `tests/fixtures/sites/NAME/`.
    pub fn fixture(name: &str) -> Site {
        let from = fixture_dir(name);
        assert!(from.join("site.toml").is_file(), "no fixture site {}", from.display());
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&from).sort_by_file_name() {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        Site { dir }
    }

    /// The bundled example (`fixtures/sites/bundled`: the project's site.toml and seeds).
    pub fn bundled() -> Site {
        Site::fixture("bundled")
    }

    /// The bundled example under `https://example.org/digest/` (`fixtures/sites/sub-path`).
    pub fn bundled_under_sub_path() -> Site {
        Site::fixture("sub-path")
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
/// The article pages' paths (`articles/x/index.html`) of each story in `stories.json`.
pub fn story_articles(site: &Site) -> Vec<Vec<String>> {
    let json: serde_json::Value = serde_json::from_str(&site.read("stories.json")).unwrap();
    json["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["articles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| format!("articles/{}/index.html", a["slug"].as_str().unwrap()))
                .collect()
        })
        .collect()
}

pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>().trim().to_owned()).collect()
}

/// The values of `attr` on every element matching `selector`.
pub fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_owned)).collect()
}

/// A text's word 4-shingles as a multiset, as `../shared/eval/score.py` counts them: tokens
/// are runs of word characters; a text of one to three tokens has one shingle, all its tokens.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let re = Regex::new(r"\w+").unwrap();
    let toks: Vec<&str> = re.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    for w in toks.windows(4.min(toks.len())) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// One page's precision and recall by the metric of `../shared/eval/score.py`: `None` where
/// score.py leaves the page out of the mean (precision of an empty prediction, recall of an
/// empty gold); both 1 when nothing is missed or extra.
pub fn precision_recall(gold: &str, pred: &str) -> (Option<f64>, Option<f64>) {
    let (g, p) = (shingles(gold), shingles(pred));
    let tp: usize = g.iter().map(|(k, n)| (*n).min(*p.get(k).unwrap_or(&0))).sum();
    let (fp, fn_) = (p.values().sum::<usize>() - tp, g.values().sum::<usize>() - tp);
    let (precision, recall) = if fp == 0 && fn_ == 0 {
        (1.0, 1.0)
    } else {
        let ratio = |a: usize, b: usize| if a + b == 0 { 0.0 } else { a as f64 / (a + b) as f64 };
        (ratio(tp, fp), ratio(tp, fn_))
    };
    ((tp + fp > 0).then_some(precision), (tp + fn_ > 0).then_some(recall))
}

/// One page's F1 by the same metric (1 for two empty texts).
pub fn shingle_f1(gold: &str, pred: &str) -> f64 {
    match precision_recall(gold, pred) {
        (None, None) => 1.0,
        (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
        _ => 0.0,
    }
}

/// The `<main>` of a page as an outline for a snapshot: one element a line, indented by depth,
/// with its attributes sorted, and its text on the same line when it holds only text.
/// Whitespace is collapsed, so the outline says what the page shows and how it is marked up,
/// not how the minifier spaced it.
pub fn main_outline(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mains: Vec<_> = doc.select(&Selector::parse("main").unwrap()).collect();
    assert_eq!(mains.len(), 1, "one <main> per page");
    let mut out = String::new();
    outline(mains[0], 0, &mut out);
    out
}

fn outline(element: ElementRef<'_>, depth: usize, out: &mut String) {
    let collapse = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let e = element.value();
    let mut attrs: Vec<(&str, &str)> = e.attrs().collect();
    attrs.sort();
    let attrs: String = attrs.iter().map(|(k, v)| format!(" {k}=\"{v}\"")).collect();
    out.push_str(&format!("{:indent$}<{}{attrs}>", "", e.name(), indent = depth * 2));
    if element.children().all(|c| c.value().is_text()) {
        let text = collapse(&element.text().collect::<String>());
        if !text.is_empty() {
            out.push(' ');
            out.push_str(&text);
        }
        out.push('\n');
        return;
    }
    out.push('\n');
    for child in element.children() {
        if let Some(child) = ElementRef::wrap(child) {
            outline(child, depth + 1, out);
        } else if let Some(text) = child.value().as_text().map(|t| collapse(t)).filter(|t| !t.is_empty()) {
            out.push_str(&format!("{:indent$}{text}\n", "", indent = (depth + 1) * 2));
        }
    }
}

/// What a command printed, for a snapshot: its exit status, stdout and stderr, with `site`'s
/// path shown as `[SITE]` and a build's elapsed seconds as `[TIME]`.
pub fn transcript(out: &Output, site: &Path) -> String {
    let elapsed = Regex::new(r"in \d+\.\d+ s").unwrap();
    let redact =
        |s: String| elapsed.replace_all(&s.replace(&*site.to_string_lossy(), "[SITE]"), "in [TIME] s").into_owned();
    format!(
        "status: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().map_or_else(|| "killed by a signal".to_owned(), |c| c.to_string()),
        redact(stdout(out)),
        redact(stderr(out)),
    )
}
