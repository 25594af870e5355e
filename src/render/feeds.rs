//! Discovery files: the Atom feed's data, the sitemap's, `robots.txt`, and the schema.org
//! `NewsArticle` JSON-LD of an article page.
//!
//! Timestamps come from the articles (never the clock), so feeds are deterministic. A date
//! without a zone is taken in the site's `timezone`; a date without a time at midnight.

use std::io::{self, Write};

use chrono::{FixedOffset, NaiveTime};
use serde::Serialize;

use super::context::Card;
use super::escape_html_into;
use crate::model::{Article, Entry, Published, date_text};

/// The most entries in the Atom feed.
pub const FEED_ENTRIES: usize = 50;

/// RFC 3339 timestamp of a publication date (site zone when the text gave none).
pub fn rfc3339(p: &Published, tz: FixedOffset) -> String {
    let offset = p.offset.unwrap_or(tz);
    let mut out = String::with_capacity(25);
    // Writing to a `String` cannot fail.
    let _ = date_text::ymd(&mut out, p.date);
    out.push('T');
    let _ = date_text::hms(&mut out, p.time.unwrap_or(NaiveTime::MIN));
    out.push_str(&offset.to_string());
    out
}

/// One Atom entry.
#[derive(Debug, Serialize)]
pub struct FeedEntry<'a> {
    /// Headline.
    pub title: &'a str,
    /// Absolute URL of the article page (also its stable id).
    pub url: String,
    /// RFC 3339 publication time.
    pub updated: String,
    /// Outlet or credit, for `<author>`.
    pub author: Option<&'a str>,
    /// Standfirst or opening.
    pub summary: &'a str,
}

/// `atom.xml` data.
#[derive(Debug, Serialize)]
pub struct FeedPage<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site address (the feed's id and alternate link).
    pub base_url: &'a str,
    /// The newest entry's time (the feed's `updated`).
    pub updated: String,
    /// Dated articles, newest first.
    pub entries: Vec<FeedEntry<'a>>,
}

/// Builds the feed's data: the newest dated articles, newest first.
pub fn feed<'a>(
    title: &'a str,
    base_url: &'a str,
    articles: &'a [Box<Entry>],
    cards: &'a [Card<'a>],
    tz: FixedOffset,
) -> FeedPage<'a> {
    let entries: Vec<FeedEntry<'a>> = articles
        .iter()
        .zip(cards)
        .filter_map(|(a, c)| {
            let p = a.published.as_ref()?;
            Some(FeedEntry {
                title: c.title,
                url: format!("{base_url}{}", super::urls::pretty_path(&c.url)),
                updated: rfc3339(p, tz),
                author: a.source.as_deref().or(a.credit.as_deref()),
                summary: c.summary,
            })
        })
        .take(FEED_ENTRIES)
        .collect();
    let updated = entries.first().map_or_else(|| "1970-01-01T00:00:00+00:00".to_owned(), |e| e.updated.clone());
    FeedPage { title, base_url, updated, entries }
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

#[derive(Serialize)]
struct JsonLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Org<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Org<'a>>,
    url: &'a str,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: &'a str,
}

#[derive(Serialize)]
struct Org<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// The schema.org `NewsArticle` of an article page, as JSON safe to place inside
/// `<script type="application/ld+json">`: `<`, `>` and `&` are written as `\u003c`, `\u003e`,
/// `\u0026`, so no `</script>` can close the element early.
pub fn json_ld(a: &Article, canonical: &str, tz: FixedOffset) -> String {
    let ld = JsonLd {
        context: "https://schema.org",
        kind: "NewsArticle",
        headline: a.title.text(),
        date_published: a.published.as_ref().map(|p| rfc3339(p, tz)),
        publisher: a.source.as_deref().map(|name| Org { kind: "Organization", name }),
        author: a.credit.as_deref().map(|name| Org { kind: "Organization", name }),
        url: canonical,
        main_entity_of_page: canonical,
    };
    let json = serde_json::to_string(&ld).unwrap_or_default();
    // One pass over the JSON (all three are ASCII: every position found is a char boundary).
    let mut safe = String::with_capacity(json.len() + 16);
    let mut from = 0;
    for at in memchr::memchr3_iter(b'<', b'>', b'&', json.as_bytes()) {
        safe.push_str(&json[from..at]);
        safe.push_str(match json.as_bytes()[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        from = at + 1;
    }
    safe.push_str(&json[from..]);
    safe
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocId, Title};

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

    #[test]
    fn timestamps_take_the_site_zone_when_the_text_gives_none() {
        let tz = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(rfc3339(&Published::parse_iso("2016-09-05T04:00").unwrap(), tz), "2016-09-05T04:00:00+01:00");
        assert_eq!(rfc3339(&Published::parse_iso("2016-09-05T04:00Z").unwrap(), tz), "2016-09-05T04:00:00+00:00");
        assert_eq!(rfc3339(&Published::parse_iso("2016-09-05").unwrap(), tz), "2016-09-05T00:00:00+01:00");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let a = Article {
            source: Some("Outlet".into()),
            ..Article::new(DocId(0), "x", Title::Found("Évil </script><script>alert(1)</script>é&ç co ☕>".into()))
        };
        let ld = json_ld(&a, "https://e.org/articles/x/", FixedOffset::east_opt(0).unwrap());
        assert!(!ld.contains("</") && !ld.contains('<') && !ld.contains('&'), "{ld}");
        let back: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(back["headline"], "Évil </script><script>alert(1)</script>é&ç co ☕>");
        assert_eq!(back["publisher"]["name"], "Outlet");
    }
}
