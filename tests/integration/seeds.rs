//! `extract` on each bundled seed matches `../shared/seeds-expected/NAME.json`.

use serde_json::Value;

use crate::support::{root, run_in, shared, shingle_f1, stdout};

fn check_seed(name: &str) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(shared().join(format!("seeds-expected/{name}.json"))).unwrap())
            .unwrap();
    let gold = std::fs::read_to_string(shared().join(format!("seeds-expected/{name}.gold.txt"))).unwrap();
    let out = run_in(&root(), &["extract", &format!("seeds/{name}.txt")]);
    assert!(out.status.success());
    let got: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    for field in
        ["title", "title_derived", "published", "source", "credit", "dateline", "standfirst", "captions", "subheadings"]
    {
        assert_eq!(got[field], expected[field], "{name}: field `{field}`");
    }
    assert_eq!(got["body"], expected["body"], "{name}: body paragraphs");
    let body: Vec<&str> = got["body"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let f1 = shingle_f1(&gold, &body.join("\n\n"));
    assert!(f1 >= 0.98, "{name}: body F1 {f1:.3} < 0.98");
}

#[test]
fn seed_000_asharq_al_awsat() {
    check_seed("000_50e8af048900bf4a");
}

#[test]
fn seed_001_repeated_title_and_tag_word() {
    check_seed("001_29341f0f88ff01eb");
}

#[test]
fn seed_002_no_title_one_paragraph_per_line() {
    check_seed("002_f962c6da223e6bec");
}

#[test]
fn seed_003_icon_sprite_and_date_line() {
    check_seed("003_d85496804ebe8909");
}

#[test]
fn seed_004_caption_standfirst_credit() {
    check_seed("004_d81941642b072ecd");
}

#[test]
fn extract_out_writes_body_and_metadata() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(&root(), &["extract", "--out", tmp.path().to_str().unwrap(), "seeds/004_d81941642b072ecd.txt"]);
    assert!(out.status.success());
    let body = std::fs::read_to_string(tmp.path().join("004_d81941642b072ecd.txt")).unwrap();
    assert!(body.starts_with("HANGZHOU, China // The US and Russia"));
    assert!(!body.contains("Editor's Picks") && !body.contains("Published:") && !body.contains("Associated Press"));
    assert_eq!(body.split("\n\n").count(), 24);
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.path().join("004_d81941642b072ecd.json")).unwrap()).unwrap();
    assert_eq!(meta["published"], "2016-09-05T04:00:00");
    assert!(meta.get("body").is_none());
}
