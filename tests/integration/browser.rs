//! In a real browser: headless Chromium runs the search page's script from disk.
//!
//! Needs `chromium` on the PATH (`.ci/run` installs it). Without it the test fails under CI
//! (`CI` set) and is reported as skipped on a developer's machine.

use std::process::Command;

use crate::support::{Site, attrs, texts};

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// The DOM of `url` after its scripts ran.
fn dump_dom(browser: &str, url: &str) -> scraper::Html {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.path().display()),
            "--dump-dom",
            url,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    scraper::Html::parse_document(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn search_finds_articles_by_a_body_word_from_disk() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "chromium is required under CI");
        eprintln!("skipped: no chromium on PATH");
        return;
    };
    let site = Site::bundled();
    site.build();
    let page = site.public().join("search/index.html");
    // A word only the body of one article has.
    let doc = dump_dom(browser, &format!("file://{}?q=cybersecurity", page.display()));
    assert_eq!(texts(&doc, "#search-results li a"), ["Obama and Putin fail to reach agreement on Syria"]);
    let href = attrs(&doc, "#search-results li a", "href").remove(0);
    assert!(site.public().join("search").join(&href).is_file(), "{href}");
    // An outlet and a date.
    let doc = dump_dom(browser, &format!("file://{}?q=asharq", page.display()));
    assert_eq!(texts(&doc, "#search-results li").len(), 1);
    let doc = dump_dom(browser, &format!("file://{}?q=2016-09-05", page.display()));
    assert_eq!(texts(&doc, "#search-results li").len(), 2);
    let status = texts(&doc, "#search-status");
    assert!(status[0].starts_with("2 articles match"), "{status:?}");
}
