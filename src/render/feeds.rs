//! Discovery data: the Atom feed's, and the schema.org `NewsArticle` JSON-LD of an article
//! page (the sitemap and `robots.txt` are [`super::sitemap`]'s).
//!
//! Timestamps come from the articles (never the clock), so feeds are deterministic. A date
//! without a zone is taken in the site's `timezone`; a date without a time at midnight.

use chrono::{FixedOffset, NaiveTime};
use serde::Serialize;

use super::context::Card;
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
            let p = a.meta.published.as_ref()?;
            Some(FeedEntry {
                title: c.title,
                url: format!("{base_url}{}", super::urls::pretty_path(&c.url)),
                updated: rfc3339(p, tz),
                author: a.meta.source.as_deref().or(a.meta.credit.as_deref()),
                summary: c.summary,
            })
        })
        .take(FEED_ENTRIES)
        .collect();
    let updated = entries.first().map_or_else(|| "1970-01-01T00:00:00+00:00".to_owned(), |e| e.updated.clone());
    FeedPage { title, base_url, updated, entries }
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
        headline: a.meta.title.text(),
        date_published: a.meta.published.as_ref().map(|p| rfc3339(p, tz)),
        publisher: a.meta.source.as_deref().map(|name| Org { kind: "Organization", name }),
        author: a.meta.credit.as_deref().map(|name| Org { kind: "Organization", name }),
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
    fn timestamps_take_the_site_zone_when_the_text_gives_none() {
        let tz = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(rfc3339(&Published::parse_iso("2016-09-05T04:00").unwrap(), tz), "2016-09-05T04:00:00+01:00");
        assert_eq!(rfc3339(&Published::parse_iso("2016-09-05T04:00Z").unwrap(), tz), "2016-09-05T04:00:00+00:00");
        assert_eq!(rfc3339(&Published::parse_iso("2016-09-05").unwrap(), tz), "2016-09-05T00:00:00+01:00");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let mut a =
            Article::new(DocId(0), "x", Title::Found("Évil </script><script>alert(1)</script>é&ç co ☕>".into()));
        a.meta.source = Some("Outlet".into());
        let ld = json_ld(&a, "https://e.org/articles/x/", FixedOffset::east_opt(0).unwrap());
        assert!(!ld.contains("</") && !ld.contains('<') && !ld.contains('&'), "{ld}");
        let back: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(back["headline"], "Évil </script><script>alert(1)</script>é&ç co ☕>");
        assert_eq!(back["publisher"]["name"], "Outlet");
    }
}
