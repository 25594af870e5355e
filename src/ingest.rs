//! Input: walk the seeds folder, read and decode each article; read template overrides.
//!
//! Decoding ([`decode`]) is pure and total: any bytes give text. UTF-8 (with or without
//! BOM) and UTF-16 with a BOM are decoded as such; anything else is a legacy encoding
//! guessed by chardetng (Firefox's detector) and noted for a warning. Line ends become
//! `\n`, control characters go, and the text is put in Unicode NFC.
//!
//! This module reads files and nothing else: no article parsing happens here.
//! Cost: linear in the bytes read; files are read and decoded in parallel.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use walkdir::WalkDir;

use crate::error::{IngestError, TemplateError};
use crate::model::{DocId, SourceDoc};

/// The readable seeds of a folder, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Seeds {
    /// Decoded seeds, sorted by path.
    pub docs: Vec<SourceDoc>,
    /// Files that could not be read; the rest are still processed.
    pub failures: Vec<IngestError>,
}

/// Text decoded from bytes, with a note when the encoding had to be guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text: NFC, `\n` line ends.
    pub text: String,
    /// Set when the bytes were not UTF-8 or UTF-16 with a BOM.
    pub note: Option<String>,
}

/// Lists the `.txt` files below `dir`, sorted by path, skipping hidden files and folders.
///
/// # Errors
/// The folder (or a folder below it) cannot be listed.
pub fn list_seeds(dir: &Path) -> Result<Vec<PathBuf>, IngestError> {
    let mut paths = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|source| IngestError::Walk { path: dir.to_owned(), source })?;
        let is_txt = entry.path().extension().is_some_and(|x| x.eq_ignore_ascii_case("txt"));
        if entry.file_type().is_file() && is_txt {
            paths.push(entry.into_path());
        }
    }
    Ok(paths)
}

/// Reads every seed below `dir` (see [`list_seeds`]) and decodes it.
///
/// # Errors
/// The folder cannot be listed. A single unreadable file is not an error: it is returned
/// in [`Seeds::failures`].
pub fn read_seeds(dir: &Path) -> Result<Seeds, IngestError> {
    let paths = list_seeds(dir)?;
    Ok(read_files(dir, &paths))
}

/// Reads and decodes the given files; `base` is what their relative paths are taken from.
pub fn read_files(base: &Path, paths: &[PathBuf]) -> Seeds {
    let results: Vec<Result<SourceDoc, IngestError>> = paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let rel_path = path.strip_prefix(base).unwrap_or(path).to_owned();
            Ok(doc_of(&read_bytes(path)?, rel_path, DocId(u32::try_from(i).unwrap_or(u32::MAX))))
        })
        .collect();
    let mut seeds = Seeds::default();
    for r in results {
        match r {
            Ok(doc) => seeds.docs.push(doc),
            Err(e) => seeds.failures.push(e),
        }
    }
    // Ids are dense over the readable docs, in path order.
    for (i, doc) in seeds.docs.iter_mut().enumerate() {
        doc.id = DocId(u32::try_from(i).unwrap_or(u32::MAX));
    }
    seeds
}

/// A seed file's length and modification time, known without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedStat {
    /// Length in bytes.
    pub len: u64,
    /// Modification time, in nanoseconds since the Unix epoch (0 when unknown).
    pub modified: u64,
}

/// The length and modification time of the seed at `path`.
///
/// # Errors
/// The file's metadata cannot be read.
pub fn stat(path: &Path) -> Result<SeedStat, IngestError> {
    let meta = std::fs::metadata(path).map_err(|source| IngestError::Read { path: path.to_owned(), source })?;
    Ok(SeedStat { len: meta.len(), modified: modified_nanos(&meta) })
}

/// The bytes of the seed at `path`.
///
/// # Errors
/// The file cannot be read.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, IngestError> {
    std::fs::read(path).map_err(|source| IngestError::Read { path: path.to_owned(), source })
}

/// A seed's document from its bytes: decoded, with its relative path, override stem and id.
pub fn doc_of(bytes: &[u8], rel_path: PathBuf, id: DocId) -> SourceDoc {
    let decoded = decode(bytes);
    SourceDoc { id, stem: stem_of(&rel_path), rel_path, text: decoded.text, decode_note: decoded.note }
}

/// Nanoseconds since the Unix epoch of a file's modification time (0 when unknown).
pub fn modified_nanos(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// The `/`-separated path of a seed relative to the seeds folder: its key in the build cache.
pub fn rel_key(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The override key of a seed: its relative path without extension, `/`-separated.
pub fn stem_of(rel_path: &Path) -> String {
    let no_ext = rel_path.with_extension("");
    no_ext.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Decodes bytes of unknown encoding into normalised text. Never fails, never panics.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (raw, note) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), None)
    } else if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        (text.into_owned(), None)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), None),
            Err(_) => {
                let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
                let (text, _, had_errors) = encoding.decode(bytes);
                let mut note = format!("not UTF-8; decoded as {} (detected)", encoding.name());
                if had_errors {
                    note.push_str(", with undecodable bytes replaced");
                }
                (text.into_owned(), Some(note))
            }
        }
    };
    Decoded { text: normalise(raw), note }
}

/// Whether UTF-8 text holds anything [`normalise`] changes: `\r`, a control character other
/// than `\n` and `\t` (C1 controls included), U+2028, U+2029 or a BOM. Blocks of 64 bytes
/// are first tested for a byte that could start one (a test that vectorises); only a block
/// with one is looked at byte by byte.
fn needs_cleanup(bytes: &[u8]) -> bool {
    let suspect =
        |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') | (b == 0x7f) | (b == 0xC2) | (b == 0xE2) | (b == 0xEF);
    bytes.chunks(64).enumerate().any(|(n, block)| {
        block.iter().fold(false, |any, &b| any | suspect(b))
            && block.iter().enumerate().any(|(i, &b)| needs_cleanup_at(bytes, n * 64 + i, b))
    })
}

/// Whether the byte `b` at `i` starts something [`normalise`] changes.
fn needs_cleanup_at(bytes: &[u8], i: usize, b: u8) -> bool {
    match b {
        b'\n' | b'\t' => false,
        0..0x20 | 0x7f => true,
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..0xA0).contains(n)),
        0xE2 => bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)),
        0xEF => bytes.get(i + 1) == Some(&0xBB) && bytes.get(i + 2) == Some(&0xBF),
        _ => false,
    }
}

/// Whether every character of `text` is one NFC leaves alone whatever surrounds it (NFC quick
/// check "yes", combining class 0): ASCII, the rest of Latin up to U+02FF, and the dashes,
/// quotes, bullets and ellipsis of U+2010–U+2027 and U+2030–U+205E. Such a text is NFC; a text
/// with anything else goes through the full quick check.
fn plainly_nfc(text: &str) -> bool {
    text.chars().all(|c| matches!(c as u32, 0..0x300 | 0x2010..=0x2027 | 0x2030..=0x205E))
}

/// `\r\n` and `\r` to `\n`, control characters (but tab) dropped, NFC.
fn normalise(raw: String) -> String {
    // Fast path: nothing to change, and NFC already (every ASCII text is).
    if !needs_cleanup(raw.as_bytes())
        && (raw.is_ascii() || plainly_nfc(&raw) || is_nfc_quick(raw.chars()) == IsNormalized::Yes)
    {
        return raw;
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            c if c.is_control() || c == '\u{FEFF}' => {}
            c => out.push(c),
        }
    }
    if is_nfc_quick(out.chars()) == IsNormalized::Yes { out } else { out.nfc().collect() }
}

/// Reads every file below `dir` as a template, named by its `/`-separated relative path.
/// A missing folder gives no templates (the built-in ones are used).
///
/// # Errors
/// A template file or folder cannot be read.
pub fn read_templates(dir: &Path) -> Result<Vec<(String, String)>, TemplateError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut templates = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| TemplateError::Read {
            path: e.path().map_or_else(|| dir.to_owned(), Path::to_owned),
            source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let text =
            std::fs::read_to_string(path).map_err(|source| TemplateError::Read { path: path.to_owned(), source })?;
        templates.push((stem_of(path.strip_prefix(dir).unwrap_or(path)) + &extension_of(path), text));
    }
    Ok(templates)
}

fn extension_of(path: &Path) -> String {
    path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_plainly_nfc_lets_through_needs_no_normalising() {
        let ranges = [0..0x300u32, 0x2010..0x2028, 0x2030..0x205F];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "U+{:04X}", c as u32);
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            assert!(plainly_nfc(&c.to_string()));
        }
        assert!(!plainly_nfc("e\u{301}"), "a combining accent");
        assert!(!plainly_nfc("\u{2000}"), "EN QUAD, which NFC replaces");
    }

    proptest::proptest! {
        #[test]
        fn the_block_test_agrees_with_every_byte(text in "[a-z \n\t\r“”—…\u{1}\u{7f}\u{85}\u{a0}\u{2028}\u{feff}é]{0,200}") {
            let bytes = text.as_bytes();
            let by_byte = bytes.iter().enumerate().any(|(i, &b)| needs_cleanup_at(bytes, i, b));
            proptest::prop_assert_eq!(needs_cleanup(bytes), by_byte);
        }
    }

    #[test]
    fn the_block_test_finds_what_the_byte_test_finds() {
        let base = "Plain “quoted” text — with dashes… and\ttabs\nand lines. ".repeat(5);
        for (at, bad) in
            [(0, "\r"), (63, "\u{85}"), (64, "\u{2028}"), (127, "\u{feff}"), (200, "\u{7f}"), (300, "\u{1}")]
        {
            let mut text = base.clone();
            let at = (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            text.insert_str(at, bad);
            assert!(needs_cleanup(text.as_bytes()), "{bad:?} at {at}");
        }
        assert!(!needs_cleanup(base.as_bytes()));
    }

    #[test]
    fn line_separators_controls_and_inner_boms_are_cleaned() {
        assert_eq!(decode("a\u{2028}b\u{2029}c\u{85}d\u{FEFF}e\u{7}f\u{9f}g".as_bytes()).text, "a\nb\nc\ndefg");
        assert_eq!(decode("café “quoted”\tand\n".as_bytes()).text, "café “quoted”\tand\n");
        assert_eq!(decode("e\u{301}".as_bytes()).text, "\u{e9}", "NFC");
    }

    #[test]
    fn utf8_with_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFHello\r\nworld\rend");
        assert_eq!(d.text, "Hello\nworld\nend");
        assert_eq!(d.note, None);
    }

    #[test]
    fn utf16_le_and_be_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in "Café “quote”".encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode(&le).text, "Café “quote”");
        assert_eq!(decode(&be).text, "Café “quote”");
    }

    #[test]
    fn latin1_is_detected_and_noted() {
        let bytes = b"Le pr\xe9sident fran\xe7ais a d\xe9clar\xe9 que la r\xe9union \xe9tait importante.";
        let d = decode(bytes);
        assert!(d.text.contains("président français"), "{}", d.text);
        assert!(d.note.unwrap().contains("windows-1252"));
    }

    #[test]
    fn text_is_nfc() {
        let d = decode("Cafe\u{301}".as_bytes());
        assert_eq!(d.text, "Caf\u{e9}");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(decode(b"a\x00b\x07c\td").text, "abc\td");
    }

    #[test]
    fn stem_keeps_subfolders() {
        assert_eq!(stem_of(Path::new("a/b.txt")), "a/b");
        assert_eq!(stem_of(Path::new("002_x.txt")), "002_x");
    }
}
