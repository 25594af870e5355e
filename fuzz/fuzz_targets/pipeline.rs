//! Arbitrary bytes as a seed: decode → clean → extract → temporal, through the public
//! pipeline; never a panic. Two seeds (the bytes split at a NUL, when there is one) so the
//! corpus of repeated lines is exercised too.
#![no_main]

use std::path::PathBuf;

use broadsheet::config::CleanRules;
use broadsheet::ingest;
use broadsheet::model::DocId;
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
    for p in broadsheet::pipeline::articles(&docs, &CleanRules::default()) {
        // What the page shows must be text the seed had (decoded), never invented bytes.
        assert!(!p.article.meta.title.text().contains('\0'));
    }
});
