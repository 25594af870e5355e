//! The pages of the fixture sites, as snapshots of their `<main>` (the cut mdBook makes: the
//! header, footer and `<head>` are checked elsewhere) and as the editor's overrides show.
//!
//! A snapshot is the specification of what a page shows: review a change with
//! `cargo insta review` (or compare the `.snap.new` file beside the `.snap`); under `CI` a
//! mismatch fails.

use std::collections::BTreeSet;

use crate::support::{Site, attrs, fixture_dir, main_outline, root, run_in, stdout, texts};

const OBAMA: &str = "articles/obama-and-putin-fail-to-reach-agreement-on-syria/index.html";

#[test]
fn the_bundled_fixture_is_the_bundled_example() {
    let fixture = fixture_dir("bundled");
    assert_eq!(
        std::fs::read_to_string(fixture.join("site.toml")).unwrap(),
        std::fs::read_to_string(root().join("site.toml")).unwrap(),
        "tests/fixtures/sites/bundled/site.toml is a copy of site.toml"
    );
    let names = |dir: &std::path::Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        names
    };
    let seeds = names(&root().join("seeds"));
    assert_eq!(seeds.len(), 5);
    for site in ["bundled", "sub-path", "overrides", "broken-template"] {
        let dir = fixture_dir(site).join("seeds");
        assert_eq!(names(&dir), seeds, "{site}");
        for name in &seeds {
            assert_eq!(std::fs::read(dir.join(name)).unwrap(), std::fs::read(root().join("seeds").join(name)).unwrap());
        }
    }
}

#[test]
fn home_page() {
    let site = Site::bundled();
    site.build();
    insta::assert_snapshot!("home", main_outline(&site.read("index.html")));
}

#[test]
fn article_page() {
    let site = Site::bundled();
    site.build();
    insta::assert_snapshot!("article", main_outline(&site.read(OBAMA)));
}

#[test]
fn timeline_page() {
    let site = Site::bundled();
    site.build();
    insta::assert_snapshot!("timeline", main_outline(&site.read("timeline/index.html")));
}

#[test]
fn quotes_page() {
    let site = Site::bundled();
    site.build();
    insta::assert_snapshot!("quotes", main_outline(&site.read("quotes/index.html")));
}

#[test]
fn under_a_sub_path_pages_differ_only_in_absolute_urls() {
    let (root_site, sub) = (Site::bundled(), Site::bundled_under_sub_path());
    root_site.build();
    sub.build();
    let (a, b) = (root_site.files(), sub.files());
    assert_eq!(a.keys().collect::<BTreeSet<_>>(), b.keys().collect::<BTreeSet<_>>());
    for (path, bytes) in &a {
        let moved = String::from_utf8_lossy(bytes)
            .replace("https://example.org/", "https://example.org/digest/")
            .replace("href=/", "href=/digest/")
            .replace("href=\"/", "href=\"/digest/")
            .replace("data-root=\"/\"", "data-root=\"/digest/\"");
        assert_eq!(moved, String::from_utf8_lossy(&b[path]), "{path}");
    }
    // And the pages' content is the same: relative links need no base.
    assert_eq!(main_outline(&sub.read(OBAMA)), main_outline(&root_site.read(OBAMA)));
}

#[test]
fn overrides_replace_what_the_text_gives() {
    let site = Site::fixture("overrides");
    let out = site.build();
    // Every seed that lacked a title or date has one from site.toml: no warnings.
    assert_eq!(crate::support::stderr(&out), "");
    // Newest first by the overriding dates (the atom feed lists every article in digest
    // order; the home page splits them into stories and the rest), with the dates as given:
    // a time with an offset keeps its offset.
    let feed = site.read("atom.xml");
    let feed = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()))
        .collect();
    assert_eq!(
        titles,
        [
            "Putin: Russia & US may reach agreement on Syria 'within next few days'",
            "Obama and Putin meet in Hangzhou without a deal",
            "Putin: Moscow and Washington Close to Breakthrough Deal on Syria",
            "Syrian Crisis: Russia and U.S. nearly reached an agreement",
            "Assad meets Putin in Moscow",
        ],
    );
    let mut dates = Vec::new();
    for page in site.article_pages() {
        dates.extend(attrs(&site.html(&page), "article time", "datetime"));
    }
    dates.sort();
    assert_eq!(
        dates,
        ["2015-10-22", "2016-09-02", "2016-09-03T10:30:00+03:00", "2016-09-05T06:00:00", "2016-09-05T14:12:00"]
    );
    let article = |slug: &str| site.html(&format!("articles/{slug}/index.html"));
    let obama = article("obama-and-putin-meet-in-hangzhou-without-a-deal");
    assert_eq!(texts(&obama, "article h1"), ["Obama and Putin meet in Hangzhou without a deal"]);
    assert_eq!(attrs(&obama, "article time", "datetime"), ["2016-09-05T06:00:00"]);
    assert_eq!(texts(&obama, "article .source"), ["The National"]);
    assert_eq!(texts(&obama, ".credit"), ["AP"]);
    let asharq = article("putin-moscow-and-washington-close-to-breakthrough-deal-on-syria");
    assert_eq!(texts(&asharq, "article .source"), ["Asharq Al-Awsat"], "kept from the text");
    assert_eq!(texts(&asharq, ".credit"), ["Asharq Al-Awsat staff"]);
    assert_eq!(texts(&article("assad-meets-putin-in-moscow"), "article .source"), ["TBP"]);
    assert_eq!(
        texts(&article("syrian-crisis-russia-and-u-s-nearly-reached-an-agreement"), "article .source"),
        ["Bloomberg"]
    );
    // `extract` reports what the text alone gives.
    let dir = fixture_dir("overrides");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run_in(&dir, &["extract", "seeds/004_d81941642b072ecd.txt"]))).unwrap();
    assert_eq!(json["title"], "Obama and Putin fail to reach agreement on Syria");
    assert_eq!(json["credit"], "Associated Press");
}
