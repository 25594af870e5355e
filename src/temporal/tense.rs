//! The tense around an expression: which way an underspecified date points.
//!
//! Each word of the sentence that marks a tense (`will`, `is set to`, `should` look
//! forward; `said`, `was`, a word in `-ed`, an irregular past look back) is weighed by its
//! distance in words from the expression, a clause boundary between them (a comma, `that`,
//! `which`, ...) counting as several words: the nearest marker gives the direction, so that
//! reported speech keeps its tense (`announced Friday that it will give`: `announced`). With
//! no marker at all the sentence has no tense, and the date is the nearest one.
//!
//! Pure; linear in the sentence.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::Direction;
use crate::text::wordmap::WordMap;

/// What one clause boundary weighs, in words.
const CLAUSE: usize = 6;

/// Words that open a new clause.
const BOUNDARY_WORDS: &[&str] = &[
    "that", "which", "who", "while", "amid", "amidst", "because", "but", "although", "though", "whereas", "if",
    "where", "when", "after", "before", "since", "whose", "despite",
];

/// Irregular past forms (and `said`, `had`, `was` and their kind).
const PAST_WORDS: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "said",
    "told",
    "met",
    "fell",
    "rose",
    "began",
    "took",
    "made",
    "came",
    "went",
    "saw",
    "gave",
    "won",
    "lost",
    "sold",
    "bought",
    "paid",
    "left",
    "led",
    "grew",
    "hit",
    "held",
    "spent",
    "struck",
    "brought",
    "became",
    "ran",
    "wrote",
    "spoke",
    "broke",
    "chose",
    "drove",
    "flew",
    "fought",
    "found",
    "got",
    "kept",
    "knew",
    "meant",
    "sent",
    "shot",
    "stood",
    "threw",
    "wore",
    "sank",
    "slid",
    "shed",
    "swung",
    "ago",
    "thought",
    "felt",
    "heard",
    "hid",
    "began",
    "forgot",
    "froze",
    "rang",
    "sang",
    "shrank",
    "tore",
    "woke",
    "wound",
    "underwent",
    "withdrew",
    "overtook",
    "undertook",
    "mistook",
    "foresaw",
    "oversaw",
    "upheld",
    "withheld",
];

/// Words in `-ed` that are no past forms.
const NOT_PAST: &[&str] = &[
    "need",
    "feed",
    "speed",
    "seed",
    "bleed",
    "breed",
    "indeed",
    "hundred",
    "red",
    "bed",
    "proceed",
    "exceed",
    "succeed",
    "embed",
    "united",
    "based",
    "related",
    "limited",
    "listed",
    "unlisted",
    "advanced",
    "detailed",
    "owned",
    "aged",
    "armed",
    "alleged",
    "biased",
    "supposed",
    "so-called",
    "named",
    "called",
    "led",
];

/// Words that look forward.
const FUTURE_WORDS: &[&str] = &[
    "will",
    "shall",
    "won't",
    "won’t",
    "upcoming",
    "scheduled",
    "slated",
    "due",
    "expected",
    "should",
    "must",
    "next",
    "tomorrow",
    "forthcoming",
    "planned",
];

/// Words that look forward before `to` (`plans to`, `is set to`, `is going to`).
const FUTURE_BEFORE_TO: &[&str] =
    &["plan", "plans", "planning", "set", "going", "intends", "intend", "aims", "aim", "hopes", "hope", "wants"];

/// Modal words that look forward, weakly (a few words' weight more).
const WEAK_FUTURE: &[&str] = &["would", "could", "may", "might"];

/// A word of the sentence with where it is.
struct Word<'a> {
    text: &'a str,
    start: usize,
    clause: usize,
    /// What the word is in the lists above ([`classes`]).
    class: u8,
}

/// Bits of a word's class: the lists it is in.
mod class {
    pub const BOUNDARY: u8 = 1;
    pub const PAST: u8 = 2;
    pub const NOT_PAST: u8 = 4;
    pub const FUTURE: u8 = 8;
    pub const FUTURE_BEFORE_TO: u8 = 16;
    pub const WEAK_FUTURE: u8 = 32;
}

/// Every listed word with the lists it is in: one lookup a word instead of a scan of each
/// list. (`won’t` is not in it: no ASCII word can be, and [`marker`] reads other words apart.)
static CLASSES: LazyLock<WordMap<u8>> = LazyLock::new(|| {
    let lists = [
        (BOUNDARY_WORDS, class::BOUNDARY),
        (PAST_WORDS, class::PAST),
        (NOT_PAST, class::NOT_PAST),
        (FUTURE_WORDS, class::FUTURE),
        (FUTURE_BEFORE_TO, class::FUTURE_BEFORE_TO),
        (WEAK_FUTURE, class::WEAK_FUTURE),
    ];
    let mut merged: BTreeMap<&'static str, u8> = BTreeMap::new();
    for (list, bit) in lists {
        for word in list.iter().filter(|w| w.is_ascii()) {
            *merged.entry(*word).or_insert(0) |= bit;
        }
    }
    WordMap::of(merged)
});

/// The lists an ASCII word is in, whatever its case (none for other words: the members are
/// ASCII).
fn classes(word: &str) -> u8 {
    CLASSES.get_ascii(word).unwrap_or(0)
}

/// Whether a character is part of a word.
fn in_word(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '\'' || ch == '’' || ch == '-'
}

/// The words of `sentence` and the clause each is in.
fn words(sentence: &str) -> Vec<Word<'_>> {
    let mut out = Vec::with_capacity(sentence.len() / 5);
    let mut clause = 0;
    let mut start = None;
    let bytes = sentence.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        // ASCII first; the sentence's end closes its last word.
        let ch = match bytes.get(i) {
            None => ' ',
            Some(&b) if b.is_ascii() => char::from(b),
            Some(_) => sentence.get(i..).and_then(|rest| rest.chars().next()).unwrap_or(' '),
        };
        match (in_word(ch), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let text = sentence.get(s..i).unwrap_or("");
                let class = classes(text);
                if class & class::BOUNDARY != 0 {
                    clause += 1;
                }
                out.push(Word { text, start: s, clause, class });
                start = None;
            }
            _ => {}
        }
        if matches!(ch, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '"' | '“' | '”') {
            clause += 1;
        }
        i += ch.len_utf8();
    }
    out
}

/// The direction word `i` of `words` marks, with a weight to add to its distance.
fn marker(words: &[Word<'_>], i: usize) -> Option<(Direction, usize)> {
    let w = words[i].text;
    // Every listed word is ASCII: a word that is not cannot be one (and is no `-ed` form).
    if !w.is_ascii() {
        return (w.ends_with("’ll")).then_some((Direction::Future, 0));
    }
    let is = |bit: u8| words[i].class & bit != 0;
    let next_to = words.get(i + 1).is_some_and(|n| n.text.eq_ignore_ascii_case("to"));
    let ends = |suffix: &str| w.len() >= suffix.len() && w[w.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
    if ends("'ll") || is(class::FUTURE) {
        return Some((Direction::Future, 0));
    }
    if next_to && is(class::FUTURE_BEFORE_TO) {
        return Some((Direction::Future, 0));
    }
    // `to be held`, `to be signed`: forward.
    if w.eq_ignore_ascii_case("be") && i > 0 && words[i - 1].text.eq_ignore_ascii_case("to") {
        return Some((Direction::Future, 0));
    }
    // `may` the modal is in lower case; `May` is the month.
    if is(class::WEAK_FUTURE) && w != "May" {
        return Some((Direction::Future, 3));
    }
    // A participle after `be` (`to be held`, `will be signed`) is no past.
    if i > 0 && words[i - 1].text.eq_ignore_ascii_case("be") {
        return None;
    }
    if is(class::PAST) {
        return Some((Direction::Past, 0));
    }
    let alphabetic = w.bytes().all(|b| b.is_ascii_alphabetic());
    (alphabetic && w.len() >= 5 && ends("ed") && !is(class::NOT_PAST)).then_some((Direction::Past, 0))
}

/// The direction the expression at `start..end` of `sentence` points to: that of the
/// nearest tense marker, or [`Direction::Nearest`] when the sentence has none.
pub fn tense_at(sentence: &str, start: usize, end: usize) -> Direction {
    let words = words(sentence);
    let first = words.iter().position(|w| w.start >= start).unwrap_or(words.len());
    let last = words.iter().position(|w| w.start >= end).unwrap_or(words.len());
    let clause_at = words.get(first).map_or(0, |w| w.clause);
    let mut best: Option<(usize, Direction)> = None;
    // Outward from the expression, the nearer side first: a word whose distance alone is no
    // less than the best cost cannot beat it, and neither can any word past it.
    let (mut left, mut right) = (first, last);
    loop {
        let before = left.checked_sub(1).map(|i| (i, first - i));
        let after = (right < words.len()).then(|| (right, right + 2 - last));
        let (i, distance) = match (before, after) {
            (Some(b), Some(a)) => {
                if b.1 <= a.1 {
                    b
                } else {
                    a
                }
            }
            (Some(b), None) => b,
            (None, Some(a)) => a,
            (None, None) => break,
        };
        if best.is_some_and(|(b, _)| distance >= b) {
            break;
        }
        if i < first {
            left = i;
        } else {
            right = i + 1;
        }
        let Some((direction, weight)) = marker(&words, i) else { continue };
        let cost = distance + weight + CLAUSE * words[i].clause.abs_diff(clause_at);
        if best.is_none_or(|(b, _)| cost < b) {
            best = Some((cost, direction));
        }
    }
    best.map_or(Direction::Nearest, |(_, d)| d)
}

/// The tense of a whole sentence: that of its first marker from the start, or
/// [`Direction::Nearest`].
pub fn tense(sentence: &str) -> Direction {
    tense_at(sentence, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(sentence: &str, expression: &str) -> Direction {
        let start = sentence.find(expression).unwrap();
        tense_at(sentence, start, start + expression.len())
    }

    #[test]
    fn every_listed_word_is_found_whatever_its_case() {
        for list in [BOUNDARY_WORDS, PAST_WORDS, NOT_PAST, FUTURE_WORDS, FUTURE_BEFORE_TO, WEAK_FUTURE] {
            for word in list.iter().filter(|w| w.is_ascii()) {
                assert_eq!(*word, word.to_lowercase());
                assert_ne!(classes(word), 0, "{word}");
                assert_eq!(classes(&word.to_uppercase()), classes(word), "{word}");
            }
        }
        assert_eq!(classes("Putin"), 0);
        assert_eq!(classes("said") & class::PAST, class::PAST);
    }

    #[test]
    fn the_nearest_marker_decides() {
        assert_eq!(at("Apple announced Friday that it will give owners a case.", "Friday"), Direction::Past);
        assert_eq!(at("The trial is set to begin on Wednesday in London.", "on Wednesday"), Direction::Future);
        assert_eq!(at("The contract may be signed on September 12.", "on September 12"), Direction::Future);
        assert_eq!(at("An event is to be held on October 12.", "on October 12"), Direction::Future);
        assert_eq!(at("The firm has a June 1 deadline.", "June 1"), Direction::Nearest);
        assert_eq!(at("A Romanian official said Friday.", "Friday"), Direction::Past);
        assert_eq!(at("Leaders will meet next Monday.", "next Monday"), Direction::Future);
        assert_eq!(at("In May the Prime Minister resigned.", "In May"), Direction::Past);
    }
}
