//! Long generated files made in pieces, and a rebuild's reuse of the pieces that did not
//! change: the search index and `timeline.json`, hundreds of megabytes each in a large
//! digest, of which one edited article changes an item or two.
//!
//! A long file is a head, items joined by a separator, and a tail. Each item has a key: a
//! hash of everything its bytes show. The items are cut into pieces after every item whose
//! key is a multiple of 256 (and after 1,024 items at the latest), so the cuts follow the
//! items, not their positions: inserting, removing or editing an item changes the piece that
//! holds it and leaves the others as they were. A piece's key is a hash of its items' keys;
//! the file's, of the pieces'.
//!
//! Writing the file again copies each piece whose key the previous file has from there
//! ([`crate::engine::sink::Splice`]: on disk, by the kernel, without reading it into the program) and
//! makes the others on every core, a few at a time, written in order: the file is never held
//! whole. The build cache keeps each file's [`Piece`]s for the next build.
//!
//! No file system access here. Cost: linear in the items (a hash each); an edited item
//! remakes one piece of about 256 items, and the rest is copied.

use std::io;
use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::engine::sink::Splice;
use crate::text::{ContentHasher, FnvMap};

/// A piece ends after an item whose key is a multiple of this: pieces hold this many items
/// on average.
const CUT_EVERY: u64 = 256;

/// The most items in one piece (a run of items with no cut in their keys is cut here).
const MAX_ITEMS: usize = 1024;

/// Where one piece of a long file is in the file as written: kept in the build cache with
/// the file, so that the next build can copy it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// The piece's key: a hash of its items' keys.
    pub key: u64,
    /// Its first byte's offset in the file.
    pub at: u64,
    /// Its length in bytes.
    pub len: u64,
}

/// Writes item `i` of a long file at the end of the buffer.
pub(crate) type WriteItem<'a> = dyn Fn(&mut Vec<u8>, usize) -> io::Result<()> + Sync + 'a;

/// A file made of a head, items joined by a separator, and a tail.
pub(crate) struct LongFile<'a> {
    /// What comes before the first item.
    pub head: Vec<u8>,
    /// What comes after the last item.
    pub tail: &'a [u8],
    /// What goes between two items.
    pub separator: &'a [u8],
    /// Each item's key: a hash of everything the item's bytes show (equal keys, equal bytes).
    pub keys: Vec<u64>,
    /// Makes an item's bytes.
    pub write_item: Box<WriteItem<'a>>,
}

/// How a long file is cut: its pieces (the items of each, and its key) and the file's key.
#[derive(Debug)]
pub(crate) struct Plan {
    pieces: Vec<(Range<usize>, u64)>,
    key: u64,
}

impl Plan {
    /// Cuts `file`'s items into pieces and keys them; `salt` is the key of everything besides
    /// the items that the bytes depend on (program, settings, file name).
    pub fn new(salt: u64, file: &LongFile<'_>) -> Plan {
        let pieces: Vec<(Range<usize>, u64)> = cuts(&file.keys)
            .into_iter()
            .map(|items| {
                let mut h = ContentHasher::default();
                h.write(&salt.to_le_bytes());
                h.field(file.separator);
                // The first piece has no separator before its first item.
                h.write(&[u8::from(items.start == 0)]);
                for key in &file.keys[items.clone()] {
                    h.write(&key.to_le_bytes());
                }
                (items, h.finish())
            })
            .collect();
        let mut h = ContentHasher::default();
        h.write(&salt.to_le_bytes());
        h.field(&file.head);
        h.field(file.tail);
        for (_, key) in &pieces {
            h.write(&key.to_le_bytes());
        }
        Plan { pieces, key: h.finish() | 1 }
    }

    /// The file's key: equal keys, equal bytes. Never 0.
    pub fn key(&self) -> u64 {
        self.key
    }
}

/// The items of each piece: a cut after every item whose key is a multiple of [`CUT_EVERY`],
/// and after [`MAX_ITEMS`] items without one.
fn cuts(keys: &[u64]) -> Vec<Range<usize>> {
    let mut pieces = Vec::with_capacity(keys.len() / CUT_EVERY as usize + 1);
    let mut start = 0;
    for (i, key) in keys.iter().enumerate() {
        if key % CUT_EVERY == 0 || i + 1 - start == MAX_ITEMS {
            pieces.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < keys.len() {
        pieces.push(start..keys.len());
    }
    pieces
}

/// Writes `file`, cut as `plan` says, into `out`: each piece listed in `previous` (the
/// pieces of the file `out` can copy from) is copied from there, the others are made, on
/// every core, a few at a time, and everything is written in order. Returns the pieces as
/// written, for the next build.
///
/// # Errors
/// Making an item, writing or copying fails.
pub(crate) fn write(
    out: &mut dyn Splice,
    file: &LongFile<'_>,
    plan: &Plan,
    previous: &[Piece],
) -> io::Result<Vec<Piece>> {
    // Only pieces that lie within the previous file as it is (a file the sink cannot copy
    // from has no length, and then no piece is copied).
    let old: FnvMap<u64, (u64, u64)> = match out.previous_len() {
        Some(len) => previous
            .iter()
            .filter(|p| p.at.checked_add(p.len).is_some_and(|end| end <= len))
            .map(|p| (p.key, (p.at, p.len)))
            .collect(),
        None => FnvMap::default(),
    };
    let mut written = Vec::with_capacity(plan.pieces.len());
    let mut copy = Copier { out, pending: None };
    copy.write(&file.head)?;
    let mut at = file.head.len() as u64;
    let batch = rayon::current_num_threads().max(1) * 2;
    for pieces in plan.pieces.chunks(batch) {
        let parts: Vec<io::Result<Part>> = pieces
            .par_iter()
            .map(|(items, key)| {
                if let Some(&(from, len)) = old.get(key) {
                    return Ok(Part::Copied { from, len });
                }
                let mut bytes = Vec::new();
                for i in items.clone() {
                    if i > 0 {
                        bytes.extend_from_slice(file.separator);
                    }
                    (file.write_item)(&mut bytes, i)?;
                }
                Ok(Part::Made(bytes))
            })
            .collect();
        for ((_, key), part) in pieces.iter().zip(parts) {
            let len = match part? {
                Part::Made(bytes) => {
                    copy.write(&bytes)?;
                    bytes.len() as u64
                }
                Part::Copied { from, len } => {
                    copy.previous(from, len)?;
                    len
                }
            };
            written.push(Piece { key: *key, at, len });
            at += len;
        }
    }
    copy.write(file.tail)?;
    Ok(written)
}

/// Writes a long file of `items` (`[` head, `,` separator, `]` tail) in memory, copying the
/// pieces listed in `pieces` from `previous` (the previous file's bytes) where their keys
/// match: the splice a rebuild does, for the fuzz target and tests that hand it a corrupted
/// previous file or wrong piece positions. Returns the bytes and the pieces as written.
///
/// # Errors
/// A listed piece lies outside `previous` (never a panic).
pub fn rewrite(
    items: &[&[u8]],
    previous: Option<&[u8]>,
    pieces: &[Piece],
) -> Result<(Vec<u8>, Vec<Piece>), crate::error::OutputError> {
    use crate::engine::sink::{MemorySink, PageSink};
    let file = LongFile {
        head: b"[".to_vec(),
        tail: b"]",
        separator: b",",
        keys: items.iter().map(|i| crate::text::hash_bytes(i)).collect(),
        write_item: Box::new(|out: &mut Vec<u8>, i: usize| {
            out.extend_from_slice(items.get(i).copied().unwrap_or_default());
            Ok(())
        }),
    };
    let plan = Plan::new(0, &file);
    let old = previous.map(|p| ("f".to_owned(), p.to_vec()));
    let sink = MemorySink::with_previous(old.into_iter().collect());
    let mut written = Vec::new();
    sink.put_spliced("f", &mut |out| {
        written = write(out, &file, &plan, pieces)?;
        Ok(())
    })?;
    let bytes = sink.into_files().remove("f").unwrap_or_default();
    Ok((bytes, written))
}

/// One piece of the file being written: made now, or a range of the previous file.
enum Part {
    Made(Vec<u8>),
    Copied { from: u64, len: u64 },
}

/// Writes into a [`Splice`], joining copies of adjacent ranges of the previous file into one.
struct Copier<'a> {
    out: &'a mut dyn Splice,
    /// A range of the previous file to copy, not copied yet.
    pending: Option<(u64, u64)>,
}

impl Copier<'_> {
    fn previous(&mut self, at: u64, len: u64) -> io::Result<()> {
        match &mut self.pending {
            Some((from, n)) if *from + *n == at => *n += len,
            _ => {
                self.flush()?;
                self.pending = Some((at, len));
            }
        }
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.flush()?;
        self.out.write_all(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.pending.take() {
            Some((at, len)) => self.out.copy_previous(at, len),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sink::{CountingSplice, MemorySink, PageSink};

    /// A file of numbered items; item `i`'s text (and key) from `texts`.
    fn file<'a>(texts: &'a [String]) -> LongFile<'a> {
        LongFile {
            head: b"[".to_vec(),
            tail: b"]",
            separator: b", ",
            keys: texts.iter().map(|t| crate::text::hash_str(t)).collect(),
            write_item: Box::new(move |out: &mut Vec<u8>, i: usize| {
                out.extend_from_slice(texts[i].as_bytes());
                Ok(())
            }),
        }
    }

    fn texts(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("item {i}")).collect()
    }

    /// Writes `texts` as a file through a [`MemorySink`], copying from `previous` (bytes and
    /// pieces) when given; returns the bytes, the pieces, and how many bytes were made
    /// rather than copied.
    fn build(texts: &[String], previous: Option<(&[u8], &[Piece])>) -> (Vec<u8>, Vec<Piece>, usize) {
        let f = file(texts);
        let plan = Plan::new(7, &f);
        let old = previous.map(|(bytes, _)| ("f".to_owned(), bytes.to_vec()));
        let sink = MemorySink::with_previous(old.into_iter().collect());
        let (mut pieces, mut copied) = (Vec::new(), 0);
        sink.put_spliced("f", &mut |out| {
            let mut counting = CountingSplice { inner: out, copied: 0 };
            pieces = write(&mut counting, &f, &plan, previous.map_or(&[], |(_, p)| p))?;
            copied = counting.copied;
            Ok(())
        })
        .unwrap();
        let bytes = sink.into_files().remove("f").unwrap();
        let made = bytes.len() - copied as usize;
        (bytes, pieces, made)
    }

    #[test]
    fn the_file_is_what_one_pass_in_order_writes() {
        for n in [0, 1, 255, 256, 257, 5_000] {
            let t = texts(n);
            let (bytes, pieces, made) = build(&t, None);
            assert_eq!(String::from_utf8(bytes.clone()).unwrap(), format!("[{}]", t.join(", ")), "{n} items");
            assert_eq!(made, bytes.len());
            // The pieces tile the items' bytes, in order.
            let mut at = 1;
            for p in &pieces {
                assert_eq!(p.at, at);
                at += p.len;
            }
            assert_eq!(at as usize, bytes.len() - 1);
        }
    }

    #[test]
    fn cuts_follow_the_keys_and_bound_every_piece() {
        let keys: Vec<u64> = (0..10_000u64).map(|i| crate::text::hash_of(&i)).collect();
        let pieces = cuts(&keys);
        assert_eq!(pieces.first().map(|p| p.start), Some(0));
        assert_eq!(pieces.last().map(|p| p.end), Some(keys.len()));
        assert!(pieces.windows(2).all(|w| w[0].end == w[1].start));
        assert!(pieces.iter().all(|p| !p.is_empty() && p.len() <= MAX_ITEMS));
        assert!((20..80).contains(&pieces.len()), "{} pieces", pieces.len());
        // A run of keys with no cut among them is cut at the bound.
        assert_eq!(cuts(&[1; 2_500]), [0..1024, 1024..2048, 2048..2500]);
        assert!(cuts(&[]).is_empty());
    }

    #[test]
    fn a_rebuild_copies_every_piece_but_the_edited_ones() {
        let before = texts(20_000);
        let (old, old_pieces, _) = build(&before, None);
        let mut after = before.clone();
        after[12_345] = "item edited".into();
        after.insert(3_000, "item inserted".into());
        after.remove(17_000);
        let (fresh, _, _) = build(&after, None);
        let (rebuilt, pieces, made) = build(&after, Some((&old, &old_pieces)));
        assert_eq!(rebuilt, fresh);
        // Only the pieces that hold the three changes (each with a neighbour, where a cut
        // moved), and the head and tail.
        assert!(pieces.len() > 40);
        let mut lengths: Vec<u64> = pieces.iter().map(|p| p.len).collect();
        lengths.sort_unstable_by(|a, b| b.cmp(a));
        let bound: u64 = lengths[..6].iter().sum::<u64>() + 2;
        assert!(made > 0 && made as u64 <= bound, "{made} of {} bytes made", rebuilt.len());
    }

    #[test]
    fn pieces_outside_the_previous_file_are_made_again() {
        let t = texts(3_000);
        let (old, pieces, _) = build(&t, None);
        // A previous file cut short: its pieces past the end cannot be copied.
        let (rebuilt, _, made) = build(&t, Some((&old[..old.len() / 2], &pieces)));
        assert_eq!(rebuilt, old);
        assert!(made >= old.len() - old.len() / 2 && made < old.len(), "{made} of {}", old.len());
    }

    #[test]
    fn the_file_key_follows_head_items_and_salt() {
        let t = texts(600);
        let f = file(&t);
        let key = Plan::new(1, &f).key();
        assert_eq!(key, Plan::new(1, &file(&t)).key());
        assert_ne!(key, Plan::new(2, &f).key(), "salt");
        let mut other = t.clone();
        other[599] = "changed".into();
        assert_ne!(key, Plan::new(1, &file(&other)).key(), "an item");
        let headed = LongFile { head: b"{".to_vec(), ..file(&t) };
        assert_ne!(key, Plan::new(1, &headed).key(), "the head");
    }

    #[test]
    fn an_item_that_fails_fails_the_file() {
        let t = texts(2_000);
        let f = LongFile {
            write_item: Box::new(|out: &mut Vec<u8>, i: usize| {
                if i == 1_500 {
                    return Err(io::Error::other("no"));
                }
                out.push(b'x');
                Ok(())
            }),
            ..file(&t)
        };
        let plan = Plan::new(0, &f);
        let failed = MemorySink::default().put_spliced("f", &mut |out| write(out, &f, &plan, &[]).map(drop));
        assert!(failed.is_err());
    }
}
