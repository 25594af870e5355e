//! The long files' splice on a corrupted previous file: items, a previous file's bytes and
//! piece positions all arbitrary. Never a panic; a piece outside the previous file is an
//! error or made again; with no previous pieces the file is exactly its items.
#![no_main]

use broadsheet::engine::pieces::{Piece, rewrite};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Layout: items (split at 0x00) | 0x01 0x01 | previous bytes | 0x02 0x02 | pieces (24 bytes each).
    let (items_part, rest) = split(data, &[1, 1]);
    let (previous, pieces_part) = split(rest, &[2, 2]);
    let items: Vec<&[u8]> = items_part.split(|&b| b == 0).collect();
    let pieces: Vec<Piece> = pieces_part
        .chunks_exact(24)
        .map(|c| Piece {
            key: u64::from_le_bytes(c[0..8].try_into().unwrap_or_default()),
            at: u64::from_le_bytes(c[8..16].try_into().unwrap_or_default()),
            len: u64::from_le_bytes(c[16..24].try_into().unwrap_or_default()),
        })
        .collect();
    let (fresh, fresh_pieces) = rewrite(&items, None, &[]).unwrap_or_default();
    let mut expected = b"[".to_vec();
    expected.extend_from_slice(&items.join(&b","[..]));
    expected.push(b']');
    assert_eq!(fresh, expected);
    // The real previous file and its pieces give the same bytes again.
    let (again, _) = rewrite(&items, Some(&fresh), &fresh_pieces).unwrap_or_default();
    assert_eq!(again, fresh);
    // A corrupted previous file with arbitrary positions: no panic.
    let _ = rewrite(&items, Some(previous), &pieces);
});

fn split<'a>(data: &'a [u8], at: &[u8]) -> (&'a [u8], &'a [u8]) {
    match data.windows(at.len()).position(|w| w == at) {
        Some(i) => (&data[..i], &data[i + at.len()..]),
        None => (data, &[]),
    }
}
