//! No panic on any input: a property test over decode → clean → extract → render.

use broadsheet::config::CleanRules;
use broadsheet::model::SourceDoc;
use proptest::prelude::*;

fn pipeline(bytes: &[u8]) {
    let decoded = broadsheet::ingest::decode(bytes);
    let doc = SourceDoc {
        id: broadsheet::model::DocId(0),
        rel_path: "x.txt".into(),
        stem: "x".into(),
        text: decoded.text,
        decode_note: decoded.note,
    };
    let processed = broadsheet::pipeline::articles(std::slice::from_ref(&doc), &CleanRules::default(), None);
    let article = &processed[0].article;
    assert!(processed[0].warnings.iter().all(|w| w.file == doc.rel_path));
    assert!(!article.meta.title.text().is_empty());
}

/// Lines shaped like scraped pages, so the strategy reaches the cleaner's rules.
fn scraped_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ,.'“”’|:/-]{0,120}",
        Just("Published: September 5, 2016 04:00 AM".to_owned()),
        Just("Caption:".to_owned()),
        Just("Most Read".to_owned()),
        Just("* Associated Press".to_owned()),
        Just(String::new()),
        "\\PC{0,80}",
        "[0-9/:.,APM ]{0,30}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        pipeline(&bytes);
    }

    #[test]
    fn any_scraped_shape_never_panics(lines in proptest::collection::vec(scraped_line(), 0..40)) {
        pipeline(lines.join("\n").as_bytes());
    }
}
