//! Measurements of one line, and its prose class in the manner of jusText.
//!
//! A line's class says how much it looks like running prose, from its length and the
//! density of function words: menus, headlines and link lists are short or sparse in
//! them; paragraphs are long and dense.

use std::sync::LazyLock;

use super::cues::CUES;
pub use super::cues::cue;
use crate::text::{self, FnvMap};

/// Every word a line's measures or the rules care about, with its [`cue`] bits: each word of
/// a line is looked up once, for its function-word count and the rules' cues alike, so no rule
/// scans a line for its words.
static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut lexicon = Lexicon::default();
    for w in text::stop_words() {
        lexicon.add(w, cue::STOP);
    }
    for (bits, words) in CUES {
        for w in *words {
            lexicon.add(w, *bits);
        }
    }
    lexicon
});

/// The longest word in [`LEXICON`], in bytes: longer words are not looked up.
const LEXICON_MAX_BYTES: usize = 24;

/// Words and their [`cue`] bits, with a filter in front: most words of a page are in no list,
/// and the filter turns most of those away without hashing them.
#[derive(Default)]
struct Lexicon {
    bits: FnvMap<&'static str, u16>,
    /// One bit per [`Lexicon::slot`], set for the slots of the words held.
    filter: Vec<u64>,
}

impl Lexicon {
    /// Bits in the filter: a few times the number of words held, so few words share a slot.
    const FILTER_BITS: usize = 1 << 13;

    /// A word's slot in the filter, from its length and its first two and last bytes.
    fn slot(word: &str) -> usize {
        let b = word.as_bytes();
        let byte = |i: usize| usize::from(b.get(i).copied().unwrap_or(0));
        let last = usize::from(b.last().copied().unwrap_or(0));
        (b.len().wrapping_mul(0x9E37) ^ byte(0).wrapping_mul(0x3B9) ^ byte(1).wrapping_mul(0x61) ^ last)
            % Self::FILTER_BITS
    }

    fn add(&mut self, word: &'static str, bits: u16) {
        if self.filter.is_empty() {
            self.filter = vec![0; Self::FILTER_BITS / 64];
        }
        let slot = Self::slot(word);
        self.filter[slot / 64] |= 1 << (slot % 64);
        *self.bits.entry(word).or_default() |= bits;
    }

    /// The [`cue`] bits of a lower-case word (0 for a word in no list).
    fn get(&self, word: &str) -> u16 {
        let slot = Self::slot(word);
        if word.len() > LEXICON_MAX_BYTES || self.filter.get(slot / 64).is_none_or(|f| f & (1 << (slot % 64)) == 0) {
            return 0;
        }
        self.bits.get(word).copied().unwrap_or(0)
    }
}

/// Lines shorter than this many characters (CJK characters count three) are "short".
pub const LENGTH_LOW: usize = 70;
/// Lines at least this long are "good" when their stop-word density is high enough.
pub const LENGTH_HIGH: usize = 200;
/// Below this stop-word density a line is not prose.
pub const STOPWORDS_LOW: f32 = 0.25;
/// At or above this density (and long enough) a line is certainly prose.
pub const STOPWORDS_HIGH: f32 = 0.32;

/// How much a line looks like prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Long enough but with few function words: a list of names, a menu, a tag cloud.
    Bad,
    /// Too short to judge alone: a menu item, a subheading, a short quote.
    Short,
    /// Prose-like but short or only moderately dense.
    NearGood,
    /// Certainly prose.
    Good,
}

/// What is measured of a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// Words (CJK characters count one each).
    pub words: usize,
    /// Effective length in characters (CJK characters count three).
    pub length: usize,
    /// Share of function words.
    pub stop_density: f32,
    /// Ends like a sentence: `.`, `!`, `?`, `…`, `。` (closing quotes and brackets allowed after).
    pub ends_sentence: bool,
    /// Share of words that start with a capital letter.
    pub capitalised: f32,
    /// The prose class.
    pub class: Class,
    /// The line's comparison key ([`text::line_key`]): lower-case words, single spaces.
    pub key: String,
    /// [`text::hash_str`] of the key (what the corpus counts; what repeats are found by).
    pub key_hash: u64,
    /// Words as split (a CJK run is one).
    pub tokens: usize,
    /// Length in bytes of the key's first word.
    pub first_len: usize,
    /// The [`cue`] bits of the line's words, together.
    pub cues: u16,
    /// How many of its words are [`cue::SOCIAL`].
    pub social: usize,
}

impl Features {
    /// Measures a line, in one pass over its words.
    pub fn of(line: &str) -> Self {
        let cjk = text::cjk_share(line) > 0.5;
        let (mut words, mut stops, mut caps, mut tokens) = (0usize, 0usize, 0usize, 0usize);
        let (mut first_len, mut cues, mut social) = (0usize, 0u16, 0usize);
        let mut key = String::with_capacity(line.len());
        for w in text::words(line) {
            tokens += 1;
            if !key.is_empty() {
                key.push(' ');
            }
            let start = key.len();
            if w.is_ascii() {
                // Most words: no decoding (an ASCII word is one word, capitalised by A-Z).
                words += 1;
                caps += usize::from(w.as_bytes().first().is_some_and(u8::is_ascii_uppercase));
                key.push_str(w);
                key[start..].make_ascii_lowercase();
            } else {
                let first = w.chars().next().unwrap_or(' ');
                words += if text::is_cjk(first) { w.chars().count() } else { 1 };
                caps += usize::from(first.is_uppercase());
                key.extend(w.chars().flat_map(char::to_lowercase));
            }
            if tokens == 1 {
                first_len = key.len();
            }
            let bits = LEXICON.get(&key[start..]);
            if !cjk && bits & cue::STOP != 0 {
                stops += 1;
            }
            cues |= bits;
            social += usize::from(bits & cue::SOCIAL != 0);
        }
        let stop_density = if cjk {
            text::stop_word_density(line)
        } else if tokens == 0 {
            0.0
        } else {
            stops as f32 / tokens as f32
        };
        let chars = line.chars().count();
        let length = if cjk { chars * 3 } else { chars };
        let capitalised = if tokens == 0 { 0.0 } else { caps as f32 / tokens as f32 };
        let ends_sentence = ends_like_sentence(line);
        let class = classify(words, length, stop_density, ends_sentence);
        let key_hash = text::hash_str(&key);
        Features {
            words,
            length,
            stop_density,
            ends_sentence,
            capitalised,
            class,
            key,
            key_hash,
            tokens,
            first_len,
            cues,
            social,
        }
    }
}

/// True when the line ends with sentence punctuation, ignoring closing quotes and brackets.
pub fn ends_like_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '\'', '»', ')', ']', ' ']);
    trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// The jusText-style class from length and stop-word density.
fn classify(words: usize, length: usize, stop_density: f32, ends_sentence: bool) -> Class {
    if words == 0 {
        return Class::Bad;
    }
    if length < LENGTH_LOW {
        return Class::Short;
    }
    if stop_density >= STOPWORDS_HIGH {
        return if length >= LENGTH_HIGH { Class::Good } else { Class::NearGood };
    }
    if stop_density >= STOPWORDS_LOW {
        return Class::NearGood;
    }
    // Sentences dense in names and figures (results, prices) are still prose.
    if ends_sentence && words >= 12 && stop_density >= 0.12 {
        return Class::NearGood;
    }
    Class::Bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_from_a_seed_is_good() {
        let line = "The talks in Geneva between U.S. and Russian officials aimed at reestablishing a ceasefire in Syria and cooperating militarily against ISIS and other jihadist groups in the country “are very difficult,” Putin said in an interview with Bloomberg News.";
        assert_eq!(Features::of(line).class, Class::Good);
    }

    #[test]
    fn menu_item_is_short_and_tag_cloud_is_bad() {
        assert_eq!(Features::of("Police Reports").class, Class::Short);
        let cloud = "Politics Business Sport Entertainment Lifestyle Opinion Technology Science Health Travel Weather";
        assert_eq!(Features::of(cloud).class, Class::Bad);
    }

    #[test]
    fn every_lexicon_word_can_be_looked_up() {
        assert!(
            LEXICON
                .bits
                .iter()
                .all(|(w, bits)| { w.len() <= LEXICON_MAX_BYTES && *w == w.to_lowercase() && LEXICON.get(w) == *bits })
        );
    }

    #[test]
    fn each_word_is_looked_up_once_for_stops_and_cues() {
        let f = Features::of("Sign up for our Newsletter: share on Twitter");
        assert_eq!(f.cues & cue::SIGN_UP, cue::SIGN_UP);
        assert_eq!(f.cues & (cue::COOKIE | cue::COPYRIGHT | cue::OPTION | cue::DATE_LABEL), 0);
        assert_eq!(f.social, 3, "share, on, twitter");
        assert_eq!((f.tokens, f.first_len), (8, 4));
        assert_eq!(&f.key[..f.first_len], "sign");
        assert!(f.stop_density > 0.3, "for, our, on");
        let f = Features::of("Published: 5 Sep 2016 · We use COOKIES · © Copyright");
        assert_eq!(
            f.cues & (cue::DATE_LABEL | cue::COOKIE | cue::COPYRIGHT),
            cue::DATE_LABEL | cue::COOKIE | cue::COPYRIGHT
        );
    }

    #[test]
    fn sentence_endings() {
        assert!(ends_like_sentence("he said.”"));
        assert!(ends_like_sentence("Really?"));
        assert!(!ends_like_sentence("Syrian rebels, Kurdish militias, and Islamic state"));
        assert!(!ends_like_sentence("'To normalize Russia-US relations, Washington should lift sanctions'"));
    }
}
