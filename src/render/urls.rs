//! Slugs, output paths and relative links.
//!
//! Slugs come from titles only (never from seed file names) and are ASCII `[a-z0-9-]`, so
//! no output path can leave the output folder. Links between pages are relative
//! (`../../index.html`), so the site works under any sub-path and from disk; only `404.html`,
//! which hosts serve at any depth, links from the site's absolute base path.

use std::collections::{HashMap, HashSet};

/// The longest slug, in bytes (before a `-N` suffix).
const MAX_SLUG: usize = 80;

/// An ASCII slug of a title: transliterated, lower case, words joined by `-`.
pub fn slugify(title: &str) -> String {
    let ascii = deunicode::deunicode(title);
    let mut slug = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    if slug.len() > MAX_SLUG {
        let cut = slug[..MAX_SLUG].rfind('-').unwrap_or(MAX_SLUG);
        slug.truncate(cut);
    }
    if slug.is_empty() { "article".to_owned() } else { slug }
}

/// Gives each title a slug unique among those given so far: the second "Rain returns" is
/// `rain-returns-2`. Amortised O(1) per title, however many titles share a slug.
#[derive(Debug, Default)]
pub struct Slugs {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Slugs {
    /// The slug of the next title.
    pub fn next(&mut self, title: &str) -> String {
        let base = slugify(title);
        let mut slug = base.clone();
        if self.taken.contains(&slug) {
            let n = self.next_suffix.entry(base.clone()).or_insert(2);
            loop {
                slug = format!("{base}-{n}");
                *n += 1;
                if !self.taken.contains(&slug) {
                    break;
                }
            }
        }
        self.taken.insert(slug.clone());
        slug
    }
}

/// Unique slugs for titles in order (see [`Slugs`]).
pub fn unique_slugs<'a>(titles: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut slugs = Slugs::default();
    titles.into_iter().map(|t| slugs.next(t)).collect()
}

/// The output file of page `n` (from 1) of the article list: `index.html`, `page/2/index.html`.
pub fn list_file(n: usize) -> String {
    if n <= 1 { "index.html".to_owned() } else { format!("page/{n}/index.html") }
}

/// The output file of an article page.
pub fn article_file(slug: &str) -> String {
    format!("articles/{slug}/index.html")
}

/// The path of a page's folder relative to the site root, as used in canonical URLs
/// (`articles/x/` for `articles/x/index.html`, empty for the home page).
pub fn pretty_path(file: &str) -> &str {
    file.strip_suffix("index.html").unwrap_or(file)
}

/// The relative prefix from a file to the site root: `""` for `index.html`, `../../` for
/// `articles/x/index.html`.
pub fn root_of(file: &str) -> String {
    "../".repeat(file.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_readable() {
        assert_eq!(
            slugify("Putin: Russia & US may reach agreement on Syria 'within next few days'"),
            "putin-russia-us-may-reach-agreement-on-syria-within-next-few-days"
        );
        assert_eq!(slugify("Диета Аткинса (14 дней)"), "dieta-atkinsa-14-dnei");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("！？"), "article");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word() {
        let s = slugify(&"word ".repeat(40));
        assert!(s.len() <= MAX_SLUG && !s.ends_with('-'), "{s}");
    }

    #[test]
    fn collisions_get_numbers_in_order() {
        assert_eq!(unique_slugs(["A b", "a-b", "A B", "c"]), ["a-b", "a-b-2", "a-b-3", "c"]);
    }

    #[test]
    fn roots_and_paths() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("articles/x/index.html"), "../../");
        assert_eq!(pretty_path("articles/x/index.html"), "articles/x/");
        assert_eq!(pretty_path("index.html"), "");
        assert_eq!(list_file(1), "index.html");
        assert_eq!(list_file(3), "page/3/index.html");
    }
}
