//! `broadsheet check`: a built site, checked in memory before it is published.
//!
//! Every internal link and `#anchor`, every stylesheet, script and image reference must
//! resolve to a file of the site (and an `id` in it); ids must be unique in a page; every
//! page needs a non-empty `<title>`. External links (`https:`, `mailto:` ...) are not
//! fetched. Pure: works on the files a build produced, so it sees exactly what a host would
//! serve. Cost: one parse per page, one lookup per link.

use std::collections::{BTreeMap, HashMap, HashSet};

use scraper::{Html, Selector};

/// One broken thing on one page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The page (site-relative path).
    pub page: String,
    /// What is wrong.
    pub message: String,
}

/// What a check looked at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// HTML pages checked.
    pub pages: usize,
    /// Internal references checked.
    pub links: usize,
    /// Everything broken, sorted by page.
    pub problems: Vec<Problem>,
}

#[allow(clippy::expect_used, reason = "literal selectors, exercised by every test below")]
fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("literal selector parses")
}

/// Resolves `href` found on `page` to a site path and fragment; `None` for external links.
/// `base_path` (`/digest/`) is how absolute paths into the site start.
fn resolve<'a>(page: &str, href: &'a str, base_path: &str) -> Option<(String, &'a str)> {
    let href = href.trim();
    if href.contains("://") || href.starts_with("//") || href.contains(':') && !href.starts_with('#') {
        return None; // external, or mailto:/tel:/data:
    }
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let path = path.split('?').next().unwrap_or("");
    let mut parts: Vec<&str> = if path.is_empty() {
        page.split('/').collect()
    } else if let Some(abs) = path.strip_prefix('/') {
        let inside = abs.strip_prefix(base_path.trim_start_matches('/')).unwrap_or(abs);
        inside.split('/').collect()
    } else {
        let mut dir: Vec<&str> = page.split('/').collect();
        dir.pop();
        dir.extend(path.split('/'));
        dir
    };
    let mut out: Vec<&str> = Vec::new();
    for p in parts.drain(..) {
        match p {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            p => out.push(p),
        }
    }
    let mut resolved = out.join("/");
    if path.ends_with('/') || resolved.is_empty() {
        if !resolved.is_empty() {
            resolved.push('/');
        }
        resolved.push_str("index.html");
    }
    Some((resolved, fragment))
}

/// Checks the files of a built site (site-relative path → bytes).
pub fn check_site(files: &BTreeMap<String, Vec<u8>>, base_path: &str) -> CheckReport {
    let pages: Vec<(&String, Html)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| (p, Html::parse_document(&String::from_utf8_lossy(bytes))))
        .collect();
    let any_id = selector("[id]");
    let mut report = CheckReport { pages: pages.len(), ..CheckReport::default() };
    let mut ids: HashMap<&str, HashSet<String>> = HashMap::new();
    for (page, doc) in &pages {
        let set = ids.entry(page.as_str()).or_default();
        for el in doc.select(&any_id) {
            if let Some(id) = el.value().attr("id")
                && !set.insert(id.to_owned())
            {
                report.problems.push(Problem { page: (*page).clone(), message: format!("duplicate id `{id}`") });
            }
        }
        let title: String = doc.select(&selector("title")).flat_map(|t| t.text()).collect();
        if title.trim().is_empty() {
            report.problems.push(Problem { page: (*page).clone(), message: "empty <title>".into() });
        }
    }
    let refs = [("a[href]", "href"), ("link[href]", "href"), ("script[src]", "src"), ("img[src]", "src")];
    for (page, doc) in &pages {
        // 404.html is served at any depth: its links are checked from the site root.
        let from = if page.as_str() == "404.html" { "index.html" } else { page.as_str() };
        for (sel, attr) in refs {
            for el in doc.select(&selector(sel)) {
                let Some(href) = el.value().attr(attr) else { continue };
                let Some((target, fragment)) = resolve(from, href, base_path) else { continue };
                report.links += 1;
                if !files.contains_key(&target) {
                    report.problems.push(Problem { page: (*page).clone(), message: format!("broken link {href}") });
                } else if !fragment.is_empty() && !ids.get(target.as_str()).is_some_and(|s| s.contains(fragment)) {
                    report.problems.push(Problem { page: (*page).clone(), message: format!("missing anchor {href}") });
                }
            }
        }
    }
    report.problems.sort();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pages.iter().map(|(p, h)| ((*p).to_owned(), h.as_bytes().to_vec())).collect()
    }

    #[test]
    fn resolves_relative_absolute_and_directory_links() {
        assert_eq!(resolve("articles/a/index.html", "../../index.html", "/"), Some(("index.html".into(), "")));
        assert_eq!(resolve("articles/a/index.html", "../b/#p2", "/"), Some(("articles/b/index.html".into(), "p2")));
        assert_eq!(resolve("index.html", "/digest/style.css", "/digest/"), Some(("style.css".into(), "")));
        assert_eq!(resolve("index.html", "#main", "/"), Some(("index.html".into(), "main")));
        assert_eq!(resolve("index.html", "https://e.org/", "/"), None);
        assert_eq!(resolve("index.html", "mailto:a@b", "/"), None);
    }

    #[test]
    fn finds_broken_links_anchors_duplicate_ids_and_empty_titles() {
        let files = site(&[
            (
                "index.html",
                "<title>Home</title><a href=a/index.html#x>a</a><a href=missing.html>m</a><a href=a/index.html#nope>n</a>",
            ),
            ("a/index.html", "<title> </title><p id=x>1</p><p id=x>2</p><a href=../index.html>home</a>"),
        ]);
        let report = check_site(&files, "/");
        let messages: Vec<String> = report.problems.iter().map(|p| format!("{}: {}", p.page, p.message)).collect();
        assert_eq!(
            messages,
            [
                "a/index.html: duplicate id `x`",
                "a/index.html: empty <title>",
                "index.html: broken link missing.html",
                "index.html: missing anchor a/index.html#nope",
            ]
        );
        assert_eq!(report.links, 4);
        assert_eq!(report.pages, 2);
    }
}
