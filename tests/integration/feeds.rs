//! Discovery files: Atom feed, sitemap, robots.txt, and the meta data of article pages.

use crate::support::{Site, attrs, texts};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name((ATOM, name)))
}

#[test]
fn atom_feed_has_required_elements_and_absolute_links() {
    let site = Site::bundled();
    site.build();
    let xml = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(child(feed, "id").and_then(|n| n.text()), Some("https://example.org/"));
    assert!(child(feed, "title").is_some() && child(feed, "author").is_some());
    let updated = child(feed, "updated").and_then(|n| n.text()).unwrap();
    assert_eq!(updated, "2016-09-05T14:12:00+00:00", "the newest article's time, never the clock");
    let self_link = feed.children().find(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self"));
    assert_eq!(self_link.and_then(|l| l.attribute("href")), Some("https://example.org/atom.xml"));
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))).collect();
    assert_eq!(entries.len(), 3, "the three dated articles");
    let mut ids = Vec::new();
    for e in entries {
        let id = child(e, "id").and_then(|n| n.text()).unwrap().to_owned();
        assert!(id.starts_with("https://example.org/articles/") && id.ends_with('/'), "{id}");
        let time = child(e, "updated").and_then(|n| n.text()).unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(time).is_ok(), "{time}");
        assert!(child(e, "title").is_some_and(|t| t.text().is_some_and(|t| !t.is_empty())));
        ids.push(id);
    }
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "entry ids are unique: {ids:?}");
}

#[test]
fn sitemap_and_robots_name_every_page() {
    let site = Site::bundled();
    site.build();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    let stories = crate::support::story_articles(&site).len();
    assert_eq!(locs.len(), 9 + stories, "home, timeline, stories, quotes, each story and five articles: {locs:?}");
    assert!(locs.contains(&"https://example.org/stories/"));
    assert!(locs.contains(&"https://example.org/quotes/"));
    assert!(locs.iter().all(|l| l.starts_with("https://example.org/")));
    assert!(locs.contains(&"https://example.org/timeline/"));
    assert!(site.read("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn article_pages_carry_json_ld_and_opengraph() {
    let site = Site::bundled();
    site.build();
    let doc = site.html("articles/obama-and-putin-fail-to-reach-agreement-on-syria/index.html");
    let ld = texts(&doc, "script[type='application/ld+json']");
    assert_eq!(ld.len(), 1);
    let ld: serde_json::Value = serde_json::from_str(&ld[0]).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Obama and Putin fail to reach agreement on Syria");
    assert_eq!(ld["datePublished"], "2016-09-05T04:00:00+00:00");
    assert_eq!(ld["author"]["name"], "Associated Press");
    assert_eq!(attrs(&doc, "meta[property='og:type']", "content"), ["article"]);
    assert_eq!(
        attrs(&doc, "meta[property='og:url']", "content"),
        ["https://example.org/articles/obama-and-putin-fail-to-reach-agreement-on-syria/"]
    );
    assert_eq!(attrs(&doc, "link[rel=alternate]", "href"), ["https://example.org/atom.xml"]);
}
