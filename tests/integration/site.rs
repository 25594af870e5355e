//! The built site: pages, metadata, links, escaping, determinism and failure safety.

use std::path::Path;

use crate::support::{Site, attrs, stderr, stdout, texts};

/// Lines of site furniture in the bundled seeds that must appear on no page.
const SEED_BOILERPLATE: &[&str] = &[
    "Follow us on",
    "Select Page",
    "Media ID",
    "Caption:",
    "Editor's Picks",
    "Most Read",
    "Sign up to",
    "Please select one",
    "icon bookmark",
    "Published: September",
    "English Archive 2005",
    "Middle-east Arab News Opinion",
];

#[test]
fn bundled_site_has_every_page() {
    let site = Site::bundled();
    // What `build` prints is the snapshot `cli::build`.
    site.build();
    for page in ["index.html", "timeline/index.html", "404.html", "style.css"] {
        assert!(site.public().join(page).is_file(), "{page}");
    }
    assert_eq!(site.article_pages().len(), 5);
}

#[test]
fn article_pages_carry_title_date_outlet_and_no_furniture() {
    let site = Site::bundled();
    site.build();
    let mut titles = Vec::new();
    for page in site.article_pages() {
        let doc = site.html(&page);
        let h1 = texts(&doc, "article h1");
        assert_eq!(h1.len(), 1, "{page}");
        titles.push(h1[0].clone());
        assert!(!texts(&doc, "article p[id]").is_empty(), "{page} has no body");
        let html = site.read(&page);
        for junk in SEED_BOILERPLATE {
            assert!(!html.contains(junk), "{page} contains `{junk}`");
        }
    }
    titles.sort();
    assert_eq!(
        titles,
        [
            "Obama and Putin fail to reach agreement on Syria",
            "Putin: Moscow and Washington Close to Breakthrough Deal on Syria",
            "Putin: Russia & US may reach agreement on Syria 'within next few days'",
            "Syrian Crisis: Russia and U.S. nearly reached an agreement",
            "Syrian President Assad flew into Moscow on Tuesday for a meeting with Putin",
        ]
    );
    let obama = site.html("articles/obama-and-putin-fail-to-reach-agreement-on-syria/index.html");
    assert_eq!(attrs(&obama, "article time", "datetime"), ["2016-09-05T04:00:00"]);
    assert_eq!(texts(&obama, ".credit"), ["Associated Press"]);
    assert_eq!(texts(&obama, ".dateline"), ["HANGZHOU, China"]);
    assert_eq!(texts(&obama, "figure figcaption").len(), 1);
    assert!(texts(&obama, ".standfirst")[0].starts_with("The US and Russian leaders held"));
    let asharq = site.html("articles/putin-moscow-and-washington-close-to-breakthrough-deal-on-syria/index.html");
    assert_eq!(texts(&asharq, "article .source"), ["Asharq Al-Awsat"]);
}

#[test]
fn home_page_lists_newest_first_undated_last() {
    let site = Site::bundled();
    site.build();
    let doc = site.html("index.html");
    // The stories lead, then the articles in no story: together, every article once.
    let stories = crate::support::story_articles(&site);
    let in_stories: usize = stories.iter().map(Vec::len).sum();
    assert_eq!(texts(&doc, ".story-cards h3").len(), stories.len());
    let alone = "ol.cards:not(.story-cards) > li";
    assert_eq!(texts(&doc, &format!("{alone} h2")).len() + in_stories, 5);
    let linked = attrs(&doc, &format!("{alone} h2 a"), "href");
    assert!(linked.iter().all(|l| !stories.iter().flatten().any(|s| s == l)), "{linked:?} {stories:?}");
    // Newest first, undated last.
    let all = ["2016-09-05T14:12:00", "2016-09-05T04:00:00", "2015-10-22"];
    let dates = attrs(&doc, &format!("{alone} time"), "datetime");
    let expected: Vec<&str> = all.iter().copied().filter(|d| dates.iter().any(|x| x == d)).collect();
    assert_eq!(dates, expected);
    // The description is the editor's Markdown, rendered.
    assert_eq!(texts(&doc, ".intro strong"), ["Obama–Putin talks on Syria"]);
}

#[test]
fn home_page_list_is_paginated() {
    let site = Site::bundled();
    // `paginate_by` is a top-level key: put it before the first table.
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap().replacen(
        "minify = true",
        "minify = true\npaginate_by = 2",
        1,
    );
    std::fs::write(site.path().join("site.toml"), toml).unwrap();
    let out = site.build();
    assert!(stdout(&out).starts_with("built 5 articles, "), "{}", stdout(&out));
    // The articles in no story, two a page.
    let alone = 5 - crate::support::story_articles(&site).iter().map(Vec::len).sum::<usize>();
    let pages = alone.div_ceil(2).max(1);
    let list = "ol.cards:not(.story-cards) > li h2";
    let first = site.html("index.html");
    assert_eq!(texts(&first, list).len(), alone.min(2));
    let mut seen = 0;
    for n in 1..=pages {
        let doc = if n == 1 { site.html("index.html") } else { site.html(&format!("page/{n}/index.html")) };
        seen += texts(&doc, list).len();
        let next = attrs(&doc, "a[rel=next]", "href");
        if n < pages {
            assert_eq!(next.len(), 1, "page {n}");
        } else {
            assert!(next.is_empty(), "page {n}");
        }
        if n > 1 {
            assert_eq!(attrs(&doc, "a[rel=prev]", "href").len(), 1, "page {n}");
        }
    }
    assert_eq!(seen, alone);
    assert!(!site.public().join(format!("page/{}/index.html", pages + 1)).exists());
}

#[test]
fn timeline_shows_events_with_their_outlets() {
    let site = Site::bundled();
    site.build();
    let doc = site.html("timeline/index.html");
    let dates = attrs(&doc, ".section > h2 time", "datetime");
    for expected in ["2015", "2015-09-30", "2015-10-20", "2015-10-22", "2016-09-05"] {
        assert!(dates.contains(&expected.to_owned()), "{expected} missing from {dates:?}");
    }
    let mut sorted = dates.clone();
    sorted.sort_by_key(|d| (d[..4].to_owned(), d.len(), d.clone()));
    assert_eq!(dates, sorted, "sections are chronological");
    // The Obama–Putin meeting on 5 September 2016, reported by two articles.
    let meeting = texts(&doc, "#d2016-09-05 .event .reported");
    assert!(meeting.iter().any(|r| r.contains("2 outlets")), "{meeting:?}");
    // The climate deal reached in Paris "last year".
    assert!(texts(&doc, "#d2015 .summary").iter().any(|s| s.contains("reached last year in Paris")));
    // Seed 002, dated by site.toml: "on Tuesday" → 20 October 2015.
    assert!(texts(&doc, "#d2015-10-20 .summary")[0].contains("flew into Moscow on Tuesday"));
    // Publication marks and the undated articles.
    assert_eq!(texts(&doc, "#d2016-09-05 .reports > li").len(), 2);
    assert_eq!(texts(&doc, ".undated-list .reports > li").len(), 2);
    // Every report links to the exact paragraph, and the paragraph exists.
    for href in attrs(&doc, ".event .reported a", "href") {
        let (path, anchor) = href.split_once('#').expect("paragraph anchor");
        let target = site.public().join("timeline").join(path);
        let page = scraper::Html::parse_document(&std::fs::read_to_string(&target).unwrap());
        assert_eq!(attrs(&page, &format!("[id={anchor}]"), "id").len(), 1, "{href}");
    }
}

#[test]
fn timeline_json_is_timelinejs3() {
    let site = Site::bundled();
    site.build();
    let json: serde_json::Value = serde_json::from_str(&site.read("timeline.json")).unwrap();
    let events = json["events"].as_array().unwrap();
    assert!(events.len() >= 5);
    for e in events {
        assert!(e["start_date"]["year"].is_i64(), "{e}");
        assert!(e["text"]["headline"].as_str().is_some_and(|h| !h.is_empty()));
        assert!(e["group"].as_str().is_some_and(|g| !g.is_empty()));
    }
    assert!(events.iter().any(|e| e["start_date"] == serde_json::json!({"year": 2016, "month": 9, "day": 5})));
    assert!(events.iter().any(|e| e["start_date"] == serde_json::json!({"year": 2015})));
    let links = events.iter().map(|e| e["text"]["text"].as_str().unwrap()).collect::<String>();
    assert!(links.contains("href=\"https://example.org/articles/"), "absolute links under base_url");
}

#[test]
fn every_page_is_accessible_html() {
    let site = Site::bundled();
    site.build();
    for (path, _) in site.files().iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = site.html(path);
        assert_eq!(attrs(&doc, "html", "lang"), ["en"], "{path}");
        assert_eq!(texts(&doc, "main").len(), 1, "{path}");
        assert_eq!(texts(&doc, "h1").len(), 1, "{path}");
        assert_eq!(texts(&doc, "title").len(), 1, "{path}");
        assert!(attrs(&doc, "meta[name=viewport]", "content").len() == 1, "{path}");
    }
}

/// Every relative link of every page resolves to a file, as when opened from disk.
#[test]
fn internal_links_resolve_from_disk_and_under_a_sub_path() {
    let site = Site::bundled_under_sub_path();
    site.build();
    for (path, _) in site.files().iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = site.html(path);
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        let mut links = attrs(&doc, "a", "href");
        links.extend(attrs(&doc, "link[rel=stylesheet]", "href"));
        for href in links {
            if href.starts_with('#') {
                continue;
            }
            if path == "404.html" {
                assert!(href.starts_with("/digest/"), "404 link {href}");
                let target = site.public().join(href.trim_start_matches("/digest/"));
                assert!(target.is_file(), "404.html → {href}");
                continue;
            }
            assert!(!href.starts_with('/') && !href.contains("://"), "{path}: non-relative link {href}");
            let (file, anchor) = href.split_once('#').unwrap_or((&href, ""));
            let target = site.public().join(dir).join(file);
            assert!(target.is_file(), "{path} → {href} does not resolve");
            if !anchor.is_empty() {
                let page = scraper::Html::parse_document(&std::fs::read_to_string(&target).unwrap());
                assert_eq!(attrs(&page, &format!("[id='{anchor}']"), "id").len(), 1, "{path} → {href}: no such id");
            }
        }
        for canonical in attrs(&doc, "link[rel=canonical]", "href") {
            assert!(canonical.starts_with("https://example.org/digest/"), "{canonical}");
        }
    }
}

#[test]
fn article_text_is_escaped() {
    let site = Site::empty("title = \"T\"\n");
    site.seed(
        "evil.txt",
        "Breaking <script>alert(1)</script> & \"quotes\" | Evil Site\n\n\
        The council met on Monday to discuss <b>the budget</b> & other \"matters\", officials said after the long meeting.\n\n\
        Members argued for hours about the plan, and the mayor said that the vote would take place next week instead.\n"
            .as_bytes(),
    );
    site.build();
    let page = site.article_pages().pop().unwrap();
    let html = site.read(&page);
    assert!(!html.contains("<script>alert(1)</script>"), "{html}");
    assert!(!html.contains("<b>the budget</b>"), "{html}");
    assert!(html.contains("&lt;script>") || html.contains("&lt;script&gt;"), "{html}");
    let doc = site.html(&page);
    assert_eq!(texts(&doc, "h1"), ["Breaking <script>alert(1)</script> & \"quotes\""]);
    assert!(texts(&doc, "#p1")[0].contains("<b>the budget</b> & other \"matters\""));
    // The slug cannot carry markup or path parts.
    assert!(page.starts_with("articles/breaking-script-alert-1-script-quotes/"), "{page}");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Site::bundled();
    let b = Site::bundled();
    a.build();
    b.build();
    let (fa, fb) = (a.files(), b.files());
    assert_eq!(fa.len(), fb.len());
    for (path, bytes) in &fa {
        assert_eq!(Some(bytes), fb.get(path), "{path} differs");
    }
}

#[test]
fn broken_template_changes_nothing() {
    // The error it prints (file, line and column) is the snapshot `cli::build_broken_template`.
    let site = Site::bundled();
    site.build();
    let before = site.files();
    let broken = std::fs::read_to_string(crate::support::fixture_dir("broken-template").join("templates/article.html"));
    site.template("article.html", &broken.unwrap());
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(site.files(), before, "public/ changed after a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(leftovers.iter().all(|n| !n.to_string_lossy().contains("staging")), "{leftovers:?}");
}

#[test]
fn template_override_replaces_builtin() {
    let site = Site::bundled();
    site.template("404.html", "{% extends \"base.html\" %}{% block main %}<h1>Lost at sea</h1>{% endblock main %}");
    site.build();
    assert_eq!(texts(&site.html("404.html"), "h1"), ["Lost at sea"]);
}

#[test]
fn an_article_template_can_mark_up_the_blocks_itself() {
    let site = Site::bundled();
    site.template(
        "article.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ article.title }}</h1>\
         {% for block in article.blocks %}<div class=\"{{ block.kind }}\" id=\"{{ block.id }}\">{{ block.text }}</div>{% endfor %}\
         {% endblock main %}",
    );
    site.build();
    let page = site.article_pages().into_iter().next().unwrap();
    let doc = site.html(&page);
    let blocks = texts(&doc, "div.paragraph");
    assert!(blocks.len() > 3, "{blocks:?}");
    assert_eq!(texts(&doc, "div#p1").len(), 1);
    assert!(texts(&doc, "p[id]").is_empty(), "the built-in body markup is not used");
}

#[test]
fn unknown_site_toml_key_names_file_and_line() {
    let site = Site::empty("title = \"x\"\n\nbase_ulr = \"https://e.org/\"\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("site.toml") && err.contains("line 3") && err.contains("base_ulr"), "{err}");
    assert!(!site.public().exists());
}

#[test]
fn latin1_and_utf16_seeds_are_decoded() {
    let site = Site::empty("");
    let story = "Le président annonce un plan | Le Quotidien\n\nLe président français a déclaré lundi que le gouvernement présenterait un nouveau plan économique avant la fin de l'année.\n\nLes syndicats ont répondu qu'ils attendraient de voir les détails avant de se prononcer sur les mesures proposées.\n";
    let latin1: Vec<u8> = story.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in story.replace("Le président annonce", "Le ministre annonce").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    site.seed("latin1.txt", &latin1).seed("utf16.txt", &utf16);
    let out = site.build();
    assert!(stderr(&out).contains("latin1.txt: not UTF-8; decoded as windows-1252"), "{}", stderr(&out));
    let pages = site.article_pages();
    assert_eq!(pages.len(), 2);
    for page in pages {
        let doc = site.html(&page);
        assert!(texts(&doc, "#p1")[0].contains("Le président français a déclaré"), "{page}");
        assert_eq!(texts(&doc, "article .source"), ["Le Quotidien"]);
    }
}

#[test]
fn removed_article_leaves_no_stale_page_and_unchanged_files_are_kept() {
    let site = Site::bundled();
    site.build();
    let index = site.public().join("index.html");
    let css = site.public().join("style.css");
    let (index_inode, css_mtime) = (inode(&index), std::fs::metadata(&css).unwrap().modified().unwrap());
    site.build();
    assert_eq!(inode(&index), index_inode, "an unchanged page was rewritten");
    std::fs::remove_file(site.path().join("seeds/003_d85496804ebe8909.txt")).unwrap();
    site.build();
    assert_eq!(site.article_pages().len(), 4);
    assert!(!site.public().join("articles/putin-russia-us-may-reach-agreement-on-syria-within-next-few-days").exists());
    assert_eq!(std::fs::metadata(&css).unwrap().modified().unwrap(), css_mtime);
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[cfg(not(unix))]
fn inode(path: &Path) -> u64 {
    std::fs::read(path).unwrap().len() as u64
}

#[test]
fn no_minify_keeps_template_layout() {
    let site = Site::bundled();
    let out = site.run(&["build", "--no-minify", "--out", "plain"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(site.path().join("plain/index.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{html}");
}

/// A page saved hard-wrapped (its paragraphs broken at a fixed width, as a page's source or a
/// mailing-list archive is), its `<title>` on the first line with the site's name and a
/// byline that prints the date: the article shows whole paragraphs, the headline and outlet
/// from the first line, the byline's names as its credit and its date.
#[test]
fn a_hard_wrapped_page_reads_as_whole_paragraphs() {
    let site = Site::empty("title = \"T\"\n");
    site.seed(
        "wrapped.txt",
        "Museum siege ends after gunmen kill 19 - The Daily Example\n\nSign In\n\nSubscribe\n\n\
         by Jane Roe in World News on March 18, 2015\n\n\
         CAIRO — Gunmen opened fire on visitors at\n\
         Tunisia's most renowned museum on Wednesday, killing at least 19 people,\n\
         including 17 foreigners, in an assault that threatened to upset the fragile\n\
         stability of a country seen as the lone success of the Arab Spring.\n\n\
         It was the most deadly attack in the nation in\n\
         more than a decade. Although no group claimed responsibility, the bloodshed\n\
         raised fears that militants were expanding\n\
         their operations across the region, officials said on Thursday.\n\n\
         Security forces stormed the building and freed the hostages who had been held\n\
         for several hours inside the museum, a spokesman for the ministry said.\n\n\
         Copyright The Daily Example 2015\n"
            .as_bytes(),
    );
    site.build();
    let page = site.article_pages().pop().unwrap();
    let doc = site.html(&page);
    assert_eq!(texts(&doc, "h1"), ["Museum siege ends after gunmen kill 19"]);
    assert_eq!(texts(&doc, ".source"), ["The Daily Example"]);
    assert_eq!(texts(&doc, ".credit"), ["Jane Roe"]);
    assert_eq!(attrs(&doc, "time", "datetime").first().map(String::as_str), Some("2015-03-18"));
    let paragraphs = texts(&doc, "article p[id]");
    assert_eq!(paragraphs.len(), 3, "{paragraphs:?}");
    assert!(paragraphs[0].starts_with("CAIRO — Gunmen opened fire on visitors at Tunisia's most renowned museum"));
    assert!(paragraphs[0].ends_with("the lone success of the Arab Spring."));
    assert!(paragraphs[1].contains("in the nation in more than a decade."), "{paragraphs:?}");
}

#[test]
fn a_page_dated_only_relative_to_its_crawl_is_dated_from_the_crawl_time() {
    let seed = "Council votes to widen the ring road | The Example Times\n\n\
        Council votes to widen the ring road\n\nBy Jane Roe\n\n2 hours ago\n\n\
        The council met on Monday to discuss the budget and other matters, officials said after the long meeting.\n\n\
        Members argued for hours about the plan, and the mayor said that the vote would take place next week instead.\n";
    let site = Site::empty("title = \"T\"\ncrawled = \"2019-11-20T14:30:00Z\"\n");
    site.seed("roads.txt", seed.as_bytes());
    site.build();
    let page = site.article_pages().pop().unwrap();
    assert_eq!(attrs(&site.html(&page), "article time", "datetime"), ["2019-11-20T12:30:00+00:00"]);
    // Without the crawl time the page has no date (and the build says so).
    let site = Site::empty("title = \"T\"\n");
    site.seed("roads.txt", seed.as_bytes());
    let out = site.build();
    assert!(stderr(&out).contains("no publication date"), "{}", stderr(&out));
    let page = site.article_pages().pop().unwrap();
    assert!(attrs(&site.html(&page), "article time", "datetime").is_empty());
}

#[test]
fn a_crawl_time_that_is_no_date_is_an_error_naming_the_key() {
    let site = Site::empty("title = \"T\"\ncrawled = \"yesterday\"\n");
    let out = site.run(&["build"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("site.toml") && err.contains("crawled") && err.contains("yesterday"), "{err}");
}
