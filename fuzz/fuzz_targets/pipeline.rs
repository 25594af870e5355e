//! Arbitrary bytes as a seed: decode → clean → extract (with a crawl time) → temporal,
//! through the public pipeline; never a panic. Two seeds (the bytes split at a NUL, when
//! there is one) so the corpus of repeated lines is exercised too.
#![no_main]

use std::path::PathBuf;

use broadsheet::config::CleanRules;
use broadsheet::ingest;
use broadsheet::model::{DocId, Published};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (a, b) = match data.iter().position(|&b| b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let docs = vec![
        ingest::doc_of(a, PathBuf::from("a.txt"), DocId(0)),
        ingest::doc_of(b, PathBuf::from("b.txt"), DocId(1)),
    ];
    // A crawl time, so that relative dates (`2 hours ago`) are counted back too.
    let crawled = Published::parse_iso("2019-11-20T14:30:00Z");
    for p in broadsheet::pipeline::articles(&docs, &CleanRules::default(), crawled.as_ref()) {
        // What the page shows must be text the seed had (decoded), never invented bytes.
        assert!(!p.article.meta.title.text().contains('\0'));
    }
});
