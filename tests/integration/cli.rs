//! Command-line behaviour: help, version, exit statuses, errors that name the file, and what
//! each command prints (snapshots of the status, stdout and stderr, paths and times redacted).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::{Site, fixture_dir, root, run_in, stderr, stdout, transcript};

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
fn build_prints_warnings_and_a_summary_then_nothing_to_redo() {
    let site = Site::bundled();
    let first = site.run(&["build"]);
    let second = site.run(&["build"]);
    insta::assert_snapshot!("build", transcript(&first, site.path()));
    insta::assert_snapshot!("build_again", transcript(&second, site.path()));
}

#[test]
fn check_prints_problems_or_a_clean_verdict() {
    let site = Site::bundled();
    insta::assert_snapshot!("check", transcript(&site.run(&["check"]), site.path()));
    assert!(!site.public().exists(), "check writes nothing");
    site.template(
        "404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1><a href=\"{{ page.root }}nowhere.html\">x</a>\
         <a href=\"#nowhere\">y</a>{% endblock main %}",
    );
    insta::assert_snapshot!("check_broken_links", transcript(&site.run(&["check"]), site.path()));
}

#[test]
fn a_template_that_does_not_parse_fails_the_build_naming_file_and_line() {
    let site = Site::fixture("broken-template");
    let out = site.run(&["build"]);
    insta::assert_snapshot!("build_broken_template", transcript(&out, site.path()));
    assert!(!site.public().exists(), "nothing written");
}

/// `extract SEED`'s transcript, its stdout (one JSON object) pretty-printed, keys sorted.
fn extract_transcript(seed: &str) -> String {
    let dir = fixture_dir("bundled");
    let mut out = run_in(&dir, &["extract", seed]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    out.stdout = (serde_json::to_string_pretty(&json).unwrap() + "\n").into_bytes();
    transcript(&out, &dir)
}

#[test]
fn extract_prints_what_the_text_gives() {
    // No title and no date in the text (site.toml dates it for `build` only): warnings, and its
    // relative dates stay unresolved.
    insta::assert_snapshot!("extract_002", extract_transcript("seeds/002_f962c6da223e6bec.txt"));
    // Title, date, credit, dateline, standfirst, a caption, dated events, and quotes with their
    // speakers (`Mr Obama` is the Barack Obama named before; `he` the Mr Putin before it).
    insta::assert_snapshot!("extract_004", extract_transcript("seeds/004_d81941642b072ecd.txt"));
}

/// The five bundled seeds, as paths relative to the bundled fixture.
fn seed_args() -> Vec<String> {
    let mut seeds: Vec<String> = std::fs::read_dir(fixture_dir("bundled").join("seeds"))
        .unwrap()
        .map(|e| format!("seeds/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    seeds.sort();
    seeds
}

/// Asserts that `extract` ended cleanly: status 0, and nothing on stderr but the seeds' warnings.
fn assert_quiet_end(status: std::process::ExitStatus, err: &str) {
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
    assert!(err.lines().all(|l| l.starts_with("warning: seeds/")), "{err}");
    assert_eq!(status.code(), Some(0), "{err}");
}

#[test]
fn extract_into_a_closed_pipe_ends_quietly() {
    let dir = fixture_dir("bundled");
    // The reader is gone before the first write.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .arg("extract")
        .args(seed_args())
        .current_dir(&dir)
        .stdout(writer)
        .output()
        .unwrap();
    assert_quiet_end(out.status, &stderr(&out));

    // `| head -1`: the reader takes one line and goes. The seeds, twenty times over, are more
    // than a pipe holds, so the writer meets the closed pipe.
    let args: Vec<String> = std::iter::repeat_n(seed_args(), 20).flatten().collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .arg("extract")
        .args(&args)
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"file\":\"seeds/000_50e8af048900bf4a.txt\""), "{first}");
    let out = child.wait_with_output().unwrap();
    assert_quiet_end(out.status, &stderr(&out));
}
