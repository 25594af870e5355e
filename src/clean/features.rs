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
        let mut class = classify(words, length, stop_density, ends_sentence);
        if class == Class::Bad && ends_sentence && sentences_in_lower_case(line, words, capitalised) {
            class = Class::NearGood;
        }
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

/// Lines of at least this many words show a page's language.
const PAGE_LANGUAGE_WORDS: usize = 12;
/// A page needs this many such lines before its own function words are learned.
const PAGE_LANGUAGE_LINES: usize = 5;
/// Below this median stop-word density of its long lines, a page is in a language the lists
/// do not cover (Czech, Dutch, Turkish…), not merely dense in names.
const PAGE_DENSITY_FLOOR: f32 = 0.08;
/// A page's own function word: at most this many bytes…
pub const PAGE_STOP_MAX_BYTES: usize = 4;
/// …in at least this share of its long lines…
const PAGE_STOP_SHARE: f32 = 0.25;
/// …and at most this many of them (the most widespread first).
const PAGE_STOP_MAX: usize = 40;

/// Re-measures the stop-word density of a page in a language the lists do not cover, with
/// the page's own function words: the short words (at most [`PAGE_STOP_MAX_BYTES`] bytes)
/// that most of its long lines share. Function words are short and everywhere in prose,
/// whatever the language, while menus and names repeat none; the page's prose then classes as
/// prose does in a covered language. Pages whose long lines the lists already cover, CJK
/// lines and pages with few long lines are left as they are. Linear in the page's words.
pub fn adapt_to_page(features: &mut [Features]) {
    let long: Vec<usize> = (0..features.len())
        .filter(|&i| features[i].tokens >= PAGE_LANGUAGE_WORDS && text::cjk_share(&features[i].key) <= 0.5)
        .collect();
    if long.len() < PAGE_LANGUAGE_LINES {
        return;
    }
    let mut densities: Vec<f32> = long.iter().map(|&i| features[i].stop_density).collect();
    densities.sort_by(f32::total_cmp);
    if densities[densities.len() / 2] >= PAGE_DENSITY_FLOOR {
        return;
    }
    // In how many long lines each short word occurs.
    let mut lines_with: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for &i in &long {
        let mut seen: Vec<&str> = features[i]
            .key
            .split(' ')
            .filter(|w| !w.is_empty() && w.len() <= PAGE_STOP_MAX_BYTES && w.chars().all(char::is_alphabetic))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for w in seen {
            *lines_with.entry(w).or_default() += 1;
        }
    }
    let min_lines = (PAGE_STOP_SHARE * long.len() as f32).ceil() as usize;
    let mut own: Vec<(&str, usize)> = lines_with.into_iter().filter(|&(_, n)| n >= min_lines.max(2)).collect();
    own.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    own.truncate(PAGE_STOP_MAX);
    if own.is_empty() {
        return;
    }
    let own: Vec<String> = own.into_iter().map(|(w, _)| w.to_owned()).collect();
    for f in features.iter_mut().filter(|f| f.tokens > 0 && text::cjk_share(&f.key) <= 0.5) {
        let extra = f.key.split(' ').filter(|w| own.iter().any(|o| o == w) && LEXICON.get(w) & cue::STOP == 0).count();
        if extra > 0 {
            f.stop_density += extra as f32 / f.tokens as f32;
            f.class = classify(f.words, f.length, f.stop_density, f.ends_sentence);
        }
    }
}

/// True when the line ends with sentence punctuation, ignoring closing quotes and brackets.
pub fn ends_like_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '\'', '»', ')', ']', ' ']);
    trimmed.ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

/// The jusText-style class from length and stop-word density.
/// Prose in a language the stop-word lists do not know, on a page with too few long lines to
/// learn its function words ([`adapt_to_page`]): a long line of several sentences, its words
/// in lower case. Menus, keyword clouds and lists of names have no sentence breaks, or
/// capitalise their words.
fn sentences_in_lower_case(line: &str, words: usize, capitalised: f32) -> bool {
    words >= FOREIGN_PROSE_WORDS && capitalised <= FOREIGN_PROSE_CAPITALS && line.contains(". ")
}

/// The fewest words of a line read as prose by its shape alone ([`sentences_in_lower_case`]).
const FOREIGN_PROSE_WORDS: usize = 30;
/// The largest share of capitalised words in such a line.
const FOREIGN_PROSE_CAPITALS: f32 = 0.25;

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
    fn sentences_in_an_unknown_language_are_prose_and_a_keyword_cloud_is_not() {
        let latin = "Lorem ipsum dolor sit amet, consectetur adipisicing elit, sed do eiusmod tempor \
                     incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud \
                     exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure \
                     dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur.";
        assert_eq!(Features::of(latin).class, Class::NearGood);
        let cloud = "icon bookmark icon camera icon check icon chevron down icon chevron left icon chevron \
                     right icon close icon comment icon envelope icon facebook icon home icon instagram icon \
                     link icon menu icon search icon twitter icon user icon video icon whatsapp icon youtube.";
        assert_eq!(Features::of(cloud).class, Class::Bad);
    }

    #[test]
    fn paragraph_from_a_seed_is_good() {
        let line = "The talks in Geneva between U.S. and Russian officials aimed at reestablishing a ceasefire in Syria and cooperating militarily against ISIS and other jihadist groups in the country “are very difficult,” Putin said in an interview with Bloomberg News.";
        assert_eq!(Features::of(line).class, Class::Good);
    }

    /// Czech prose: few of its function words are in the lists.
    const CZECH: [&str; 6] = [
        "Manažer klubu řekl, že tým je letos silnější než loni, ale při zápasech venku už body ztrácí častěji, než by chtěl.",
        "Podle trenéra je obrana týmu pevná, ale útok pro další zápasy potřebuje nové hráče, jak řekl novinářům po tréninku.",
        "Fanoušci věří, že klub už letos získá titul, jak slibuje vedení, které při jednání hráčům nabídlo nové smlouvy.",
        "Kapitán týmu řekl, že hráči jsou připraveni, ale zápas proti lídrovi soutěže je pro ně velkou zkouškou sezony.",
        "Vedení klubu uvedlo, že nový stadion je téměř hotový, ale otevření pro diváky už podle plánu bude až příští rok.",
        "Komentátoři tvrdí, že jeho výkony jsou letos nejlepší, jaké kdy podal, ale při reprezentaci je jeho role menší.",
    ];

    #[test]
    fn a_page_in_an_uncovered_language_learns_its_own_function_words() {
        let mut features: Vec<Features> = CZECH.iter().map(|l| Features::of(l)).collect();
        features
            .push(Features::of("Domácí Zahraničí Sport Ekonomika Kultura Zdraví Věda Auto Cestování Bydlení Tenis"));
        assert!(
            features[..6].iter().filter(|f| f.class == Class::Bad).count() >= 3,
            "before: the lists know little Czech: {:?}",
            features.iter().map(|f| (f.stop_density, f.class)).collect::<Vec<_>>()
        );
        adapt_to_page(&mut features);
        assert!(
            features[..6].iter().all(|f| f.class >= Class::NearGood),
            "{:?}",
            features.iter().map(|f| f.stop_density).collect::<Vec<_>>()
        );
        assert_eq!(features[6].class, Class::Bad, "a menu shares none of them");
    }

    #[test]
    fn a_page_the_lists_cover_is_left_as_it_is() {
        let line = "The talks in Geneva between officials aimed at reestablishing a ceasefire in Syria and at cooperating against the groups in the country.";
        let mut features: Vec<Features> = (0..6).map(|_| Features::of(line)).collect();
        let before = features.clone();
        adapt_to_page(&mut features);
        assert_eq!(features, before);
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
