//! Command-line behaviour: help, version, exit statuses, errors that name the file.

use crate::support::{Site, root, run_in, stderr, stdout};

#[test]
fn help_and_version() {
    for args in [&["--help"][..], &["build", "--help"], &["extract", "--help"], &["--version"]] {
        let out = run_in(&root(), args);
        assert!(out.status.success(), "{args:?}");
        assert!(!stdout(&out).is_empty());
    }
    assert!(stdout(&run_in(&root(), &["--version"])).starts_with("broadsheet "));
}

#[test]
fn usage_error_exits_2() {
    let out = run_in(&root(), &["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(run_in(&root(), &["extract"]).status.code(), Some(2));
}

#[test]
fn unreadable_input_is_named_and_the_rest_processed() {
    let out = run_in(&root(), &["extract", "no/such/file.txt", "seeds/001_29341f0f88ff01eb.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no/such/file.txt"), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1);
}

#[test]
fn missing_seeds_folder_is_an_error_naming_it() {
    let site = Site::empty("seeds_dir = \"nowhere\"\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nowhere"), "{}", stderr(&out));
    assert!(!site.public().exists());
}

#[test]
fn explain_shows_every_line_with_its_rule() {
    let out = run_in(&root(), &["extract", "--explain", "seeds/004_d81941642b072ecd.txt"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("DROP section_end") && text.contains("Most Read"), "{text}");
    assert!(text.contains("META date_line") && text.contains("TITL headline"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when piped");
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let site = Site::bundled();
    let out = site.run(&["build", "--base-url", "https://preview.example.net/pr-7"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let index = std::fs::read_to_string(site.public().join("index.html")).unwrap();
    assert!(index.contains("https://preview.example.net/pr-7/"), "{index}");
}

#[test]
fn check_passes_on_the_bundled_site_and_names_broken_links() {
    let site = Site::bundled();
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains(": no problems"), "{}", stdout(&out));
    assert!(!site.public().exists(), "check writes nothing");
    site.template("404.html", "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1><a href=\"{{ page.root }}nowhere.html\">x</a>{% endblock main %}");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("404.html → broken link /nowhere.html"), "{}", stdout(&out));
}
