//! `search-index.js`: every article's title, outlet, date and search words, as a script the
//! search page loads (so it works from disk as well as from a server), made in pieces
//! ([`crate::engine::pieces`]) so a rebuild copies the unchanged ones.

use rayon::prelude::*;
use serde::Serialize;

use super::context::Card;
use super::context::StoryCard;
use crate::engine::pieces::LongFile;
use crate::model::{Entry, TextSource};

/// One article in the search index (short keys: the index ships to every reader).
#[derive(Serialize)]
struct SearchDoc<'a> {
    /// Title.
    t: &'a str,
    /// Path from the site root.
    u: &'a str,
    /// Outlet.
    s: Option<&'a str>,
    /// ISO date.
    d: &'a str,
    /// Human date.
    h: &'a str,
    /// The distinct content words of standfirst and body, lower case, space-separated.
    b: &'a str,
}

impl<'a> SearchDoc<'a> {
    fn of(card: &'a Card<'_>, words: &'a str) -> Self {
        SearchDoc {
            t: card.title,
            u: &card.url,
            s: card.source,
            d: card.date.as_ref().map_or("", |d| &d.iso),
            h: card.date.as_ref().map_or("", |d| &d.human),
            b: words,
        }
    }
}

impl SearchDoc<'_> {
    /// The key of the item: a hash of every field but the words, and `words_key`.
    fn key(&self, words_key: u64) -> u64 {
        let mut h = crate::text::ContentHasher::default();
        for field in [self.t, self.u, self.d, self.h] {
            h.field(field.as_bytes());
        }
        // No outlet and an empty one are written apart (`null`, `""`): hashed apart.
        h.field(self.s.map_or(&[0xff][..], str::as_bytes));
        h.write(&words_key.to_le_bytes());
        h.finish()
    }
}

/// `search-index.js`: the index as a script (`window.BROADSHEET_INDEX = [...]`), so the
/// search page works from disk as well as from a server: every article, then every story
/// (found by its headline; its outlet line says how many outlets carried it). An article's
/// key is a hash of its card's fields and its words' key ([`Entry::search_words_key`]): the
/// words themselves are read from `texts` only for the pieces made again.
pub(crate) fn search_index<'a>(
    entries: &'a [Box<Entry>],
    cards: &'a [Card<'a>],
    stories: &'a [StoryCard<'a>],
    texts: &'a dyn TextSource,
) -> LongFile<'a> {
    let story_doc = move |i: usize| {
        let s = &stories[i];
        SearchDoc {
            t: s.headline,
            u: &s.url,
            s: Some(s.label.as_str()),
            d: s.last.map_or("", |d| &d.iso),
            h: s.last.map_or("", |d| &d.human),
            b: "",
        }
    };
    let mut keys: Vec<u64> =
        entries.par_iter().zip(cards).map(|(a, c)| SearchDoc::of(c, "").key(a.search_words_key)).collect();
    keys.extend((0..stories.len()).map(|i| story_doc(i).key(0)));
    LongFile {
        head: b"window.BROADSHEET_INDEX = [".to_vec(),
        tail: b"];\n",
        separator: b",",
        keys,
        write_item: Box::new(move |piece, i| match i.checked_sub(entries.len()) {
            Some(story) => serde_json::to_writer(EscapeLt(piece), &story_doc(story)).map_err(std::io::Error::from),
            None => {
                // One article's words at a time, read back: never all of them in memory.
                let words = entries[i].search_words.read(texts)?;
                serde_json::to_writer(EscapeLt(piece), &SearchDoc::of(&cards[i], &words)).map_err(std::io::Error::from)
            }
        }),
    }
}

/// Writes through with every `<` as `\u003c`, so article text in a script can never close it
/// (`</script>`). Only valid inside JSON strings, where serde_json puts all text.
struct EscapeLt<'a, W: std::io::Write>(&'a mut W);

impl<W: std::io::Write> std::io::Write for EscapeLt<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for part in buf.split_inclusive(|b| *b == b'<') {
            match part.split_last() {
                Some((b'<', head)) => {
                    self.0.write_all(head)?;
                    self.0.write_all(b"\\u003c")?;
                }
                _ => self.0.write_all(part)?,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, DocId, Title};
    use crate::render::lists::card;

    #[test]
    fn a_search_entry_key_follows_every_field_it_shows() {
        let key = |edit: &dyn Fn(&mut Article)| {
            let mut a = Article::new(DocId(0), "s0", Title::Found("Rain returns".into()));
            a.meta.source = Some("Outlet".into());
            a.meta.published = crate::model::Published::parse_iso("2016-09-05T14:12:00");
            a.search_words = "rain valley".into();
            edit(&mut a);
            let entries = vec![Box::new(Entry::of(&a, "rain-returns".into()))];
            let cards: Vec<Card<'_>> = entries.iter().map(|e| card(e)).collect();
            search_index(&entries, &cards, &[], &crate::model::InMemory).keys[0]
        };
        let base = key(&|_| {});
        assert_eq!(base, key(&|_| {}));
        assert_ne!(base, key(&|a| a.meta.title = Title::Found("Rain returned".into())), "title");
        assert_ne!(base, key(&|a| a.meta.source = None), "no outlet");
        assert_ne!(key(&|a| a.meta.source = None), key(&|a| a.meta.source = Some(String::new())), "empty outlet");
        assert_ne!(base, key(&|a| a.meta.published = crate::model::Published::parse_iso("2016-09-05")), "date");
        assert_ne!(base, key(&|a| a.search_words = "rain valleys".into()), "words");
    }
}
