//! The sitemap (`sitemap.xml`, split past 50,000 URLs with `sitemap.xml` as their index) and
//! `robots.txt`. Written by code rather than templates: crawlers read them, never readers,
//! and they list every page of the site, one URL at a time (no list of them all is made).

use std::io::{self, Write};

use super::escape::escape_html_into;
use super::urls;
use crate::model::{Entry, Published};

/// Every page of the site in sitemap order: the home pages, the other list pages (timeline,
/// stories), then the article pages in digest order. Each URL is made when it is asked for.
#[derive(Debug, Clone, Copy)]
pub struct SitePages<'a> {
    /// How many home pages there are.
    pub list_pages: usize,
    /// The other list pages' files, in order.
    pub other: &'a [&'a str],
    /// The articles, in digest order.
    pub entries: &'a [Box<Entry>],
    /// The site's public address, ending in `/`.
    pub base_url: &'a str,
}

impl SitePages<'_> {
    /// How many pages there are.
    pub fn count(&self) -> usize {
        self.list_pages + self.other.len() + self.entries.len()
    }

    /// The URL of page `i` (in `0..count()`).
    pub fn url(&self, i: usize) -> SitemapUrl {
        let (file, lastmod) = match i.checked_sub(self.list_pages + self.other.len()) {
            Some(a) => {
                let a = &self.entries[a];
                (urls::article_file(&a.slug), a.meta.published.map(|p| Published::day(p.date).to_string()))
            }
            None if i < self.list_pages => (urls::list_file(i + 1), None),
            None => (self.other[i - self.list_pages].to_owned(), None),
        };
        SitemapUrl { loc: format!("{}{}", self.base_url, urls::pretty_path(&file)), lastmod }
    }
}

/// One sitemap URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    /// Absolute URL.
    pub loc: String,
    /// `YYYY-MM-DD`, when known.
    pub lastmod: Option<String>,
}

/// The most URLs one sitemap file may list (the sitemaps protocol's limit).
pub const SITEMAP_MAX_URLS: usize = 50_000;

/// The sitemap files of a site of `count` pages, each with the range of pages it lists:
/// `sitemap.xml` alone when they fit in one file of at most `max`, otherwise `sitemap-1.xml`,
/// `sitemap-2.xml`, ... (and `sitemap.xml` is their index, [`write_sitemap_index`]).
pub fn sitemap_files(count: usize, max: usize) -> Vec<(String, std::ops::Range<usize>)> {
    let max = max.max(1);
    if count <= max {
        return vec![("sitemap.xml".to_owned(), 0..count)];
    }
    (0..count.div_ceil(max)).map(|k| (format!("sitemap-{}.xml", k + 1), k * max..((k + 1) * max).min(count))).collect()
}

/// Writes a sitemap (`<urlset>`) of `urls`, one line each. Written by code rather than a
/// template: it is read by crawlers, never by readers, and lists every page of the site.
///
/// # Errors
/// `out` fails.
pub fn write_urlset(out: &mut dyn Write, urls: impl Iterator<Item = SitemapUrl>) -> io::Result<()> {
    write_sitemap_list(out, "urlset", urls, |line, u| {
        line.push_str("<url><loc>");
        escape_html_into(line, &u.loc);
        line.push_str("</loc>");
        if let Some(day) = &u.lastmod {
            line.push_str("<lastmod>");
            escape_html_into(line, day);
            line.push_str("</lastmod>");
        }
        line.push_str("</url>");
    })
}

/// Writes `sitemap.xml` as the index of the sitemap `files` (under `base_url`).
///
/// # Errors
/// `out` fails.
pub fn write_sitemap_index(out: &mut dyn Write, base_url: &str, files: &[String]) -> io::Result<()> {
    write_sitemap_list(out, "sitemapindex", files.iter(), |line, f| {
        line.push_str("<sitemap><loc>");
        escape_html_into(line, base_url);
        escape_html_into(line, f);
        line.push_str("</loc></sitemap>");
    })
}

/// A sitemaps-protocol document: the root element `root`, holding one line per item.
fn write_sitemap_list<T>(
    out: &mut dyn Write,
    root: &str,
    items: impl Iterator<Item = T>,
    mut line_of: impl FnMut(&mut String, T),
) -> io::Result<()> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>")?;
    writeln!(out, "<{root} xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")?;
    let mut line = String::new();
    for item in items {
        line.clear();
        line_of(&mut line, item);
        line.push('\n');
        out.write_all(line.as_bytes())?;
    }
    writeln!(out, "</{root}>")
}

/// `robots.txt`: everything allowed, the sitemap named.
pub fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_past_the_limit_are_split_and_indexed() {
        assert_eq!(sitemap_files(3, 3), [("sitemap.xml".to_owned(), 0..3)]);
        assert_eq!(sitemap_files(0, 3), [("sitemap.xml".to_owned(), 0..0)]);
        assert_eq!(
            sitemap_files(7, 3),
            [
                ("sitemap-1.xml".to_owned(), 0..3),
                ("sitemap-2.xml".to_owned(), 3..6),
                ("sitemap-3.xml".to_owned(), 6..7)
            ]
        );
        let mut index = Vec::new();
        write_sitemap_index(&mut index, "https://example.org/a&b/", &["sitemap-1.xml".to_owned()]).unwrap();
        let index = String::from_utf8(index).unwrap();
        assert!(index.contains("<sitemap><loc>https://example.org/a&amp;b/sitemap-1.xml</loc></sitemap>"), "{index}");
    }

    #[test]
    fn urlset_escapes_and_gives_lastmod_when_known() {
        let urls = [
            SitemapUrl { loc: "https://example.org/?a=1&b=2".into(), lastmod: None },
            SitemapUrl { loc: "https://example.org/x/".into(), lastmod: Some("2016-09-05".into()) },
        ];
        let mut out = Vec::new();
        write_urlset(&mut out, urls.into_iter()).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert!(xml.contains("<url><loc>https://example.org/?a=1&amp;b=2</loc></url>\n"), "{xml}");
        assert!(xml.contains("<url><loc>https://example.org/x/</loc><lastmod>2016-09-05</lastmod></url>\n"), "{xml}");
        assert!(xml.ends_with("</urlset>\n"));
    }
}
