//! Incremental builds: the build cache keeps unchanged pages as they are (not rendered, not
//! written), redoes what an edit touches, and always ends with the site a fresh build makes.

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

use crate::support::{Site, files_under, stdout, texts};

const SEED: &str = "seeds/004_d81941642b072ecd.txt";

/// Modification time of every file below `dir`.
fn mtimes(dir: &Path) -> HashMap<String, SystemTime> {
    files_under(dir, |path| std::fs::metadata(path).unwrap().modified().unwrap())
}

/// The site a build with no cache makes, built beside the incremental one.
fn fresh_build(site: &Site) -> HashMap<String, Vec<u8>> {
    let out = site.run(&["build", "--fresh", "--out", "fresh"]);
    assert!(out.status.success());
    files_under(&site.path().join("fresh"), |path| std::fs::read(path).unwrap())
}

#[test]
fn unchanged_rebuild_cleans_renders_and_writes_nothing() {
    let site = Site::bundled();
    site.build();
    let before = mtimes(&site.public());
    let cache = site.path().join(".broadsheet-cache/build.bin");
    let cache_mtime = std::fs::metadata(&cache).unwrap().modified().unwrap();
    let out = site.build();
    assert!(stdout(&out).contains("(0 cleaned, 0 rendered, 0 files written)"), "{}", stdout(&out));
    assert_eq!(mtimes(&site.public()), before, "a file was rewritten");
    assert_eq!(std::fs::metadata(&cache).unwrap().modified().unwrap(), cache_mtime, "the cache was rewritten");
}

#[test]
fn editing_one_seed_rewrites_exactly_the_files_that_show_the_edit() {
    let site = Site::bundled();
    site.build();
    let (before, bytes_before) = (mtimes(&site.public()), site.files());
    let seed = site.path().join(SEED);
    let text = std::fs::read_to_string(&seed).unwrap();
    assert!(text.contains("gaps of trust") && !text.contains("chasms"));
    std::fs::write(&seed, text.replacen("gaps of trust", "chasms of trust", 1)).unwrap();

    let out = site.build();
    let stories_showing = crate::support::story_articles(&site)
        .iter()
        .filter(|s| s.iter().any(|p| p == "articles/obama-and-putin-fail-to-reach-agreement-on-syria/index.html"))
        .count();
    let written = format!("(1 cleaned, 1 rendered, {} files written)", 6 + stories_showing);
    assert!(stdout(&out).contains(&written), "{}", stdout(&out));
    let (after, bytes_after) = (mtimes(&site.public()), site.files());
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let rewritten = sorted(after.keys().filter(|k| before.get(*k) != after.get(*k)).cloned().collect());
    let changed = sorted(bytes_after.keys().filter(|k| bytes_before.get(*k) != bytes_after.get(*k)).cloned().collect());
    let showing_edit = sorted(
        bytes_after
            .iter()
            .filter(|(_, b)| String::from_utf8_lossy(b).contains("chasms"))
            .map(|(k, _)| k.clone())
            .collect(),
    );
    // Written: the files whose bytes changed, no other (an unchanged page keeps its mtime).
    assert_eq!(rewritten, changed, "rewritten files vs files whose bytes changed");
    // Changed: the files that show the edited words, no other: the article's own page, the
    // search index (its words), the timeline (the sentence is dated), the quotes page and
    // `quotes.json` (the edited words are quoted) and the page of the article's story (its own
    // timeline). Other article pages, the home page, the feed and the stylesheet and scripts
    // are left alone.
    let stories: Vec<&String> = changed.iter().filter(|c| c.starts_with("stories/")).collect();
    assert_eq!(stories.len(), stories_showing, "{changed:?}");
    let others: Vec<&String> = changed.iter().filter(|c| !c.starts_with("stories/")).collect();
    assert_eq!(
        others,
        [
            "articles/obama-and-putin-fail-to-reach-agreement-on-syria/index.html",
            "quotes.json",
            "quotes/index.html",
            "search-index.js",
            "timeline.json",
            "timeline/index.html",
        ],
    );
    assert_eq!(changed, showing_edit, "a file that shows the edit was not rewritten, or one that does not was");
    assert_eq!(site.files(), fresh_build(&site), "the incremental site differs from a fresh build");
}

#[test]
fn a_template_change_renders_every_article_page_again() {
    let site = Site::bundled();
    site.build();
    let article = std::fs::read_to_string(crate::support::root().join("templates/article.html")).unwrap();
    site.template("article.html", &article.replace("← All articles", "← Every article"));
    let out = site.build();
    assert!(stdout(&out).contains("5 rendered"), "{}", stdout(&out));
    for page in site.article_pages() {
        assert_eq!(texts(&site.html(&page), ".pager a")[0], "← Every article", "{page}");
    }
    assert_eq!(site.files(), fresh_build(&site));
}

#[test]
fn a_file_edited_or_deleted_by_hand_is_restored() {
    let site = Site::bundled();
    site.build();
    let original = site.files();
    let page = site.article_pages().remove(0);
    std::fs::write(site.public().join(&page), "defaced").unwrap();
    std::fs::remove_file(site.public().join("timeline/index.html")).unwrap();
    site.build();
    assert_eq!(site.files(), original);
}

#[test]
fn a_damaged_cache_is_ignored() {
    let site = Site::bundled();
    site.build();
    let original = site.files();
    std::fs::write(site.path().join(".broadsheet-cache/build.bin"), b"broadsheet-cache 1 garbage\n\xff\xfe").unwrap();
    let out = site.build();
    assert!(out.status.success());
    assert_eq!(site.files(), original);
}

#[test]
fn lost_entries_mean_the_seeds_are_cleaned_again() {
    let site = Site::bundled();
    site.build();
    let original = site.files();
    std::fs::remove_file(site.path().join(".broadsheet-cache/entries-00.bin")).unwrap();
    let seed = site.path().join(SEED);
    let text = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, text.replacen("gaps of trust", "chasms of trust", 1)).unwrap();
    site.build();
    assert_eq!(site.files(), fresh_build(&site));
    assert!(site.article_pages().iter().any(|p| site.read(p).contains("chasms of trust")));
    std::fs::write(&seed, text).unwrap();
    site.build();
    assert_eq!(site.files(), original);
}

#[test]
fn a_new_seed_from_the_same_outlet_can_change_what_is_furniture() {
    // Lines shared by three pages are furniture: the third page makes the first two's
    // shared line furniture too, so their cached cleaning must not be reused.
    let site = Site::empty("");
    let page = |headline: &str, story: &str| {
        format!(
            "{headline} | Daily Courier\n\nSign up for the Daily Courier briefing today\n\n{story}\n\nThe courier has reported on the region's politics and economy for more than forty years, with staff in every province.\n"
        )
    };
    site.seed("a.txt", page("Rates rise again", "The central bank raised interest rates by half a point on Tuesday, the third increase this year, citing stubborn inflation in food and energy prices.").as_bytes());
    site.seed("b.txt", page("Floods close roads", "Heavy rain closed dozens of roads across the north on Wednesday as rivers burst their banks and emergency crews evacuated several villages overnight.").as_bytes());
    site.build();
    site.seed("c.txt", page("Strike ends", "Rail workers ended a week-long strike on Thursday after the union accepted a revised pay offer that includes a bonus for night shifts and weekends.").as_bytes());
    site.build();
    assert_eq!(site.files(), fresh_build(&site));
    for p in site.article_pages() {
        let body = texts(&site.html(&p), "article p").join("\n");
        assert!(!body.contains("more than forty years"), "furniture kept in {p}: {body}");
    }
}

/// An article of a generated digest: every line its own (no furniture), dated twice.
pub fn generated_article(i: usize) -> String {
    const PLACES: [&str; 7] = ["Lyon", "Tampere", "Porto", "Gdansk", "Ghent", "Bergen", "Split"];
    const MONTHS: [&str; 6] = ["March", "April", "May", "June", "October", "November"];
    let place = PLACES[i % PLACES.len()];
    let (day, month, year) = (1 + i % 28, MONTHS[(i / 28) % MONTHS.len()], 2000 + i / 168);
    format!(
        "Council approves plan {i} for {place}\n\n\
         The council of {place} approved transport plan number {i} on {day} {month} {year}, officials \
         said, after months of talks with the residents of ward {i} about buses and bridges.\n\n\
         Work on the {i} new stops will begin on {day2} {month} {year2}, according to the mayor of \
         {place}, who called plan {i} overdue and promised a vote on the next one by spring.\n",
        day2 = 1 + (i * 7) % 28,
        year2 = year + 1,
    )
}

/// A built site of 1,500 generated articles: its search index and timeline are long files
/// of many pieces.
fn generated_site() -> Site {
    let site = Site::empty("title = \"Digest\"\n");
    for i in 0..1_500 {
        site.seed(&format!("{i:04}.txt"), generated_article(i).as_bytes());
    }
    site.build();
    site
}

/// Replaces `from` with `to` in one seed of a [`generated_site`].
fn edit_generated(site: &Site, from: &str, to: &str) {
    let seed = site.path().join("seeds/0700.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    assert!(text.contains(from));
    std::fs::write(&seed, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn after_an_edit_the_long_files_are_a_fresh_builds() {
    let site = generated_site();
    edit_generated(&site, "buses and bridges", "trams and tunnels");
    site.build();
    let files = site.files();
    assert_eq!(files, fresh_build(&site), "the incremental site differs from a fresh build");
    let events = String::from_utf8_lossy(&files["timeline.json"]).matches("start_date").count();
    assert!(events > 1_000, "{events} events: too few for the file to be in many pieces");
    assert!(String::from_utf8_lossy(&files["search-index.js"]).contains("tunnels"));
}

#[test]
fn the_unchanged_pieces_of_a_long_file_are_copied_not_made() {
    let site = generated_site();
    // Bytes changed behind the build's back (same length, same time: the file counts as
    // intact) are still there after the rebuild wherever a piece was copied.
    let index = site.public().join("search-index.js");
    let modified = std::fs::metadata(&index).unwrap().modified().unwrap();
    let tampered = site.read("search-index.js").replace("Council", "COUNCIL");
    std::fs::write(&index, &tampered).unwrap();
    std::fs::File::options().write(true).open(&index).unwrap().set_modified(modified).unwrap();
    edit_generated(&site, "buses and bridges", "trams and tunnels");
    site.build();
    let rebuilt = site.read("search-index.js");
    let (copied, made) = (rebuilt.matches("COUNCIL").count(), rebuilt.matches("Council").count());
    // How many of each depends on where the pieces' cuts fall (the unit tests bound it).
    assert!(copied > 0 && made > 0, "{copied} entries copied, {made} made again");
    // Every article once, and every story once (its headline is one of its articles').
    assert_eq!(copied + made, 1_500 + crate::support::story_articles(&site).len());
    assert!(rebuilt.contains("Council approves plan 700 for"), "the edited article's piece is made again");
}
