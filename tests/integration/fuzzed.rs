//! The fuzz targets' checks (`fuzz/fuzz_targets/`) on stable, over the committed corpus
//! (`fuzz/corpus/TARGET/`, where every crash fuzzing found is kept as a `crash-*` file) and
//! over each crash named in a test of its own.

use std::path::{Path, PathBuf};

use broadsheet::config::CleanRules;
use broadsheet::engine::pieces::{Piece, rewrite};
use broadsheet::ingest;
use broadsheet::model::DocId;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = crate::support::root().join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus for {target}");
    files
}

/// `fuzz_targets/pipeline.rs`.
fn pipeline(data: &[u8]) {
    let (a, b) = match data.iter().position(|&b| b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let docs =
        vec![ingest::doc_of(a, PathBuf::from("a.txt"), DocId(0)), ingest::doc_of(b, PathBuf::from("b.txt"), DocId(1))];
    let crawled = broadsheet::model::Published::parse_iso("2019-11-20T14:30:00Z");
    for p in broadsheet::pipeline::articles(&docs, &CleanRules::default(), crawled.as_ref()) {
        assert!(!p.article.meta.title.text().contains('\0'));
    }
}

/// `fuzz_targets/config.rs`.
fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(config) = broadsheet::config::parse(text, Path::new("/site"), Path::new("/site/site.toml")) {
        assert!(config.base_url.as_str().ends_with('/'));
        assert!(config.base_url.path().ends_with('/'));
    }
}

/// `fuzz_targets/dates.rs`.
fn dates(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(found) = broadsheet::dates::find_date(text) {
        assert!(text.get(found.span.clone()).is_some());
    }
    let _ = broadsheet::temporal::tense(text);
    for published in [
        None,
        chrono::NaiveDate::from_ymd_opt(2016, 9, 5),
        chrono::NaiveDate::from_ymd_opt(1, 1, 1),
        chrono::NaiveDate::from_ymd_opt(9999, 12, 31),
    ] {
        let _ = broadsheet::temporal::find(text, published);
    }
}

/// `fuzz_targets/splice.rs`.
fn splice(data: &[u8]) {
    fn split<'a>(data: &'a [u8], at: &[u8]) -> (&'a [u8], &'a [u8]) {
        match data.windows(at.len()).position(|w| w == at) {
            Some(i) => (&data[..i], &data[i + at.len()..]),
            None => (data, &[]),
        }
    }
    let (items_part, rest) = split(data, &[1, 1]);
    let (previous, pieces_part) = split(rest, &[2, 2]);
    let items: Vec<&[u8]> = items_part.split(|&b| b == 0).collect();
    let pieces: Vec<Piece> = pieces_part
        .chunks_exact(24)
        .map(|c| Piece {
            key: u64::from_le_bytes(c[0..8].try_into().unwrap()),
            at: u64::from_le_bytes(c[8..16].try_into().unwrap()),
            len: u64::from_le_bytes(c[16..24].try_into().unwrap()),
        })
        .collect();
    let (fresh, fresh_pieces) = rewrite(&items, None, &[]).unwrap();
    let mut expected = b"[".to_vec();
    expected.extend_from_slice(&items.join(&b","[..]));
    expected.push(b']');
    assert_eq!(fresh, expected);
    let (again, _) = rewrite(&items, Some(&fresh), &fresh_pieces).unwrap();
    assert_eq!(again, fresh);
    let _ = rewrite(&items, Some(previous), &pieces);
}

/// `fuzz_targets/site_path.rs`.
fn site_path(data: &[u8]) {
    let Ok(url) = std::str::from_utf8(data) else { return };
    if let Some(path) = broadsheet::serve::site_path(url) {
        assert!(!path.starts_with('/'), "{path}");
        assert!(!path.contains('\\') && !path.contains('\0'), "{path}");
        assert!(path.split('/').all(|s| !s.is_empty() && s != ".." && s != "."), "{path}");
    }
}

#[test]
fn the_fuzz_corpus_passes_every_targets_checks() {
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 5] =
        [("pipeline", pipeline), ("config", config), ("dates", dates), ("splice", splice), ("site_path", site_path)];
    for (target, check) in targets {
        for (path, bytes) in corpus(target) {
            let result = std::panic::catch_unwind(|| check(&bytes));
            assert!(result.is_ok(), "{target}: {} fails", path.display());
        }
    }
}

#[test]
fn a_piece_past_the_end_of_a_corrupted_previous_file_is_made_again() {
    let items: Vec<&[u8]> = vec![b"alpha", b"beta", b"gamma"];
    let (fresh, pieces) = rewrite(&items, None, &[]).unwrap();
    // The previous file cut short, and one claiming a piece far past its end.
    for previous in [&fresh[..3], &b""[..]] {
        let (bytes, _) = rewrite(&items, Some(previous), &pieces).unwrap();
        assert_eq!(bytes, fresh);
    }
    let wild = [Piece { key: pieces[0].key, at: u64::MAX - 1, len: 5 }];
    assert_eq!(rewrite(&items, Some(&fresh), &wild).unwrap().0, fresh);
}
