//! A scratch file for text a build makes early and reads only later, once: each article's
//! search words and dated sentences (two thirds of what the digest would otherwise hold in
//! memory) wait here, on disk, from the article's cleaning to the timeline's merge, the search
//! index and the cache ([`hold`], [`crate::model::SpoolText::read`], [`resolved`]).
//!
//! Append-only: [`Spool::put_all`] writes a batch of texts at the end, [`Spool::read`] reads
//! one back by its [`Spooled`] place. Writes and reads are positional, so threads share a
//! spool freely. The file is anonymous (unlinked as soon as it is made, in the folder given:
//! the build cache's), so nothing is left behind however the process ends. Cost: one write
//! per batch, one read per text.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::model::{Entry, SpoolText, TextPlace, TextSource};

/// Where a text is in a [`Spool`].
pub type Spooled = TextPlace;

/// An append-only scratch file of texts.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
    file: File,
    /// The end of the file: where the next batch goes.
    end: Mutex<u64>,
}

impl Spool {
    /// A new, empty spool in `dir` (made if missing).
    ///
    /// # Errors
    /// The folder cannot be made or written to.
    pub fn new_in(dir: &Path) -> io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        Ok(Spool { dir: dir.to_owned(), file: tempfile::tempfile_in(dir)?, end: Mutex::new(0) })
    }

    /// The folder the spool's file is in (for messages).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Appends the texts, in one write; returns where each went, in order.
    ///
    /// # Errors
    /// The write fails (disk full), or the batch is larger than the spool can address.
    pub fn put_all<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> io::Result<Vec<Spooled>> {
        let mut batch = Vec::new();
        let mut places = Vec::new();
        for t in texts {
            let len = u32::try_from(t.len()).map_err(|_| io::Error::other("text too long for the spool"))?;
            places.push(Spooled { at: batch.len() as u64, len });
            batch.extend_from_slice(t.as_bytes());
        }
        let mut end = self.end.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        write_all_at(&self.file, &batch, *end)?;
        for p in &mut places {
            p.at += *end;
        }
        *end += batch.len() as u64;
        Ok(places)
    }

    /// The text at `place`.
    ///
    /// # Errors
    /// The read fails, or `place` is not where a text of this spool was put.
    pub fn read(&self, place: Spooled) -> io::Result<String> {
        let mut bytes = vec![0; place.len as usize];
        read_exact_at(&self.file, &mut bytes, place.at)?;
        String::from_utf8(bytes).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not a text of this spool"))
    }
}

impl TextSource for Spool {
    fn read(&self, place: TextPlace) -> io::Result<String> {
        Spool::read(self, place)
    }
}

/// A text, read from `spool` when it waits there.
///
/// # Errors
/// The text is spooled but `spool` is `None` or cannot read it.
fn read_text(text: &SpoolText, spool: Option<&Spool>) -> io::Result<Arc<str>> {
    match spool {
        Some(spool) => text.read(spool),
        None => text.read(&crate::model::InMemory),
    }
}

/// Moves the texts of `entries` (search words, dated sentences) into the spool, in one write.
/// A sentence that carries two dates is written once.
///
/// # Errors
/// The spool cannot be written.
pub fn hold<'e>(spool: &Spool, entries: impl IntoIterator<Item = &'e mut Entry>) -> io::Result<()> {
    let mut entries: Vec<&mut Entry> = entries.into_iter().collect();
    let mut texts: Vec<Arc<str>> = Vec::new();
    for e in &entries {
        if let SpoolText::Text(t) = &e.search_words {
            texts.push(Arc::clone(t));
        }
        let mut last: Option<&Arc<str>> = None;
        for m in &e.mentions {
            if let SpoolText::Text(t) = &m.sentence {
                if last.is_none_or(|l| l != t) {
                    texts.push(Arc::clone(t));
                }
                last = Some(t);
            }
        }
    }
    let mut places = spool.put_all(texts.iter().map(|t| &**t))?.into_iter();
    drop(texts);
    let mut next = || places.next().ok_or_else(|| io::Error::other("the spool gave fewer places than texts"));
    for e in &mut entries {
        if matches!(e.search_words, SpoolText::Text(_)) {
            e.search_words = SpoolText::Spooled(next()?);
        }
        let mut last: Option<(Arc<str>, Spooled)> = None;
        for m in &mut e.mentions {
            if let SpoolText::Text(t) = &m.sentence {
                let place = match &last {
                    Some((l, place)) if l == t => *place,
                    _ => next()?,
                };
                last = Some((Arc::clone(t), place));
                m.sentence = SpoolText::Spooled(place);
            }
        }
    }
    Ok(())
}

/// A copy of `entry` with its spooled texts read back (to be saved).
///
/// # Errors
/// A text is spooled and cannot be read.
pub fn resolved(entry: &Entry, spool: Option<&Spool>) -> io::Result<Entry> {
    // [`hold`] wrote an entry's texts one after another: read them in one go when they are.
    let region = spool.and_then(|spool| Region::read(spool, entry).transpose()).transpose()?;
    let text_of = |text: &SpoolText| match (&region, text) {
        (Some(region), SpoolText::Spooled(place)) => region.text(*place),
        _ => read_text(text, spool),
    };
    let mut copy = entry.clone();
    copy.search_words = SpoolText::Text(text_of(&entry.search_words)?);
    let mut last: Option<(Spooled, Arc<str>)> = None;
    for m in &mut copy.mentions {
        let text = match (&m.sentence, &last) {
            (SpoolText::Spooled(place), Some((p, text))) if p == place => Arc::clone(text),
            (SpoolText::Spooled(place), _) => {
                let text = text_of(&m.sentence)?;
                last = Some((*place, Arc::clone(&text)));
                text
            }
            (SpoolText::Text(t), _) => Arc::clone(t),
        };
        m.sentence = SpoolText::Text(text);
    }
    Ok(copy)
}

/// The stretch of a spool that holds all of an entry's spooled texts, read at once.
struct Region {
    at: u64,
    bytes: Vec<u8>,
}

impl Region {
    /// The entry's region, when its texts lie together (`None`: read them one by one).
    fn read(spool: &Spool, entry: &Entry) -> io::Result<Option<Self>> {
        let places = std::iter::once(&entry.search_words).chain(entry.mentions.iter().map(|m| &m.sentence));
        let (mut start, mut end, mut total) = (u64::MAX, 0, 0);
        for text in places {
            if let SpoolText::Spooled(p) = text {
                start = start.min(p.at);
                end = end.max(p.at + u64::from(p.len));
                total += u64::from(p.len);
            }
        }
        // Together: no more than a little besides the texts themselves between them.
        if start > end || end - start > 2 * total + 4096 {
            return Ok(None);
        }
        let mut bytes = vec![0; usize::try_from(end - start).map_err(io::Error::other)?];
        read_exact_at(&spool.file, &mut bytes, start)?;
        Ok(Some(Region { at: start, bytes }))
    }

    /// The text at `place`, which must lie in the region (else it is read as not a text).
    fn text(&self, place: Spooled) -> io::Result<Arc<str>> {
        let from = usize::try_from(place.at.wrapping_sub(self.at)).unwrap_or(usize::MAX);
        self.bytes
            .get(from..)
            .and_then(|b| b.get(..place.len as usize))
            .and_then(|b| std::str::from_utf8(b).ok())
            .map(Arc::from)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not a text of this spool"))
    }
}

/// A spool is the same only as itself (its texts are not compared).
impl PartialEq for Spool {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(windows)]
fn write_all_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
        if n == 0 {
            return Err(io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        let n = std::os::windows::fs::FileExt::seek_read(file, bytes, at)?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[n..];
        at += n as u64;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_read_back_as_put_across_batches() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::new_in(&dir.path().join("cache")).unwrap();
        let first = spool.put_all(["alpha beta", "", "γράμμα"]).unwrap();
        let second = spool.put_all(["gamma"]).unwrap();
        assert_eq!(spool.read(second[0]).unwrap(), "gamma");
        let back: Vec<String> = first.iter().map(|p| spool.read(*p).unwrap()).collect();
        assert_eq!(back, ["alpha beta", "", "γράμμα"]);
        // Anonymous: the folder holds no file of it.
        assert_eq!(std::fs::read_dir(dir.path().join("cache")).unwrap().count(), 0);
    }

    #[test]
    fn held_entries_read_back_as_they_were() {
        use crate::model::{Article, Block, DocId, Title};
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::new_in(dir.path()).unwrap();
        let entries: Vec<Entry> = (0..3)
            .map(|i| {
                let mut a = Article::new(DocId(i), "a", Title::Found(format!("Talks {i}")));
                a.body =
                    vec![Block::Paragraph(format!("Talks began on Monday {i}. They ended in May 2016, on Friday."))];
                a.meta.published = crate::model::Published::parse_iso("2016-09-07");
                crate::pipeline::date_mentions(&mut a);
                Entry::of(&a, format!("talks-{i}"))
            })
            .collect();
        assert!(entries.iter().all(|e| e.mentions.len() >= 3), "two dates share a sentence");
        let mut held = entries.clone();
        hold(&spool, held.iter_mut()).unwrap();
        assert!(held.iter().all(|e| matches!(e.search_words, SpoolText::Spooled(_))));
        let back: Vec<Entry> = held.iter().map(|e| resolved(e, Some(&spool)).unwrap()).collect();
        assert_eq!(back, entries);
    }

    #[test]
    fn a_place_outside_the_spool_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::new_in(dir.path()).unwrap();
        spool.put_all(["short"]).unwrap();
        assert!(spool.read(Spooled { at: 2, len: 10 }).is_err());
    }
}
