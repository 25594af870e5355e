//! Small, pure text helpers shared by the stages: words, scripts, line keys and content
//! words here; hashes ([`hash`]), function words ([`stopwords`]) and sentences
//! ([`mod@sentences`]) in their own files, re-exported here.
//!
//! Nothing here knows about articles or pages; each function is a few lines over `&str`.
//! All are linear in their input.

pub mod hash;
pub mod sentences;
pub mod stopwords;
pub mod wordmap;

pub use self::hash::{
    ContentHasher, Fnv, FnvMap, FnvSet, HashMap64, HashSet64, Prehashed, hash_bytes, hash_of, hash_str,
};
pub use self::sentences::sentences;
use self::stopwords::ascii_content_hash;
pub use self::stopwords::{is_stop_word, stop_word_density, stop_words};

/// The words of a text: maximal runs of alphanumeric characters (apostrophes inside a word
/// are kept: `don't`, `Assad’s`).
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The iterator of [`words`]. Every word of every page goes through it (line keys, measures,
/// word counts), so it reads bytes: an ASCII byte is classed by a table, and only a non-ASCII
/// character is decoded.
#[derive(Debug, Clone)]
pub struct Words<'a> {
    text: &'a str,
    /// Where the next word is looked for (a character boundary).
    at: usize,
}

/// [`BYTE_CLASS`]: an ASCII byte outside words.
const SEPARATOR: u8 = 0;
/// [`BYTE_CLASS`]: an ASCII letter, digit or apostrophe.
const WORD: u8 = 1;
/// [`BYTE_CLASS`]: the first byte of a non-ASCII character, which is decoded to be classed.
const DECODE: u8 = 2;

/// The class of the byte at a character boundary, as [`is_word_char`] would class its character.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [DECODE; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() || byte == b'\'' { WORD } else { SEPARATOR };
        b += 1;
    }
    table
};

/// The end of the run of characters that starts at byte `at` of `text` (a character
/// boundary) and are word characters (`word`) or are not. ASCII bytes go through a tight loop
/// here; at a non-ASCII character, [`decoding_run_end`] takes over.
#[inline(always)]
fn run_end(text: &str, mut at: usize, word: bool) -> usize {
    let bytes = text.as_bytes();
    let class = if word { WORD } else { SEPARATOR };
    while let Some(&b) = bytes.get(at)
        && BYTE_CLASS[usize::from(b)] == class
    {
        at += 1;
    }
    if bytes.get(at).is_some_and(|b| !b.is_ascii()) { decoding_run_end(text, at, word) } else { at }
}

/// [`run_end`] from a non-ASCII character on: each character decoded and classed by
/// [`is_word_char`] (out of line, so the ASCII loop keeps its registers).
#[inline(never)]
fn decoding_run_end(text: &str, mut at: usize, word: bool) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(at) {
        match BYTE_CLASS[usize::from(b)] {
            DECODE => match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_word_char(c) == word => at += c.len_utf8(),
                _ => break,
            },
            class if (class == WORD) == word => at += 1,
            _ => break,
        }
    }
    at
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let start = run_end(self.text, self.at, false);
            if start >= self.text.len() {
                self.at = start;
                return None;
            }
            self.at = run_end(self.text, start, true);
            let w = trim_quotes(&self.text[start..self.at]);
            if !w.is_empty() {
                return Some(w);
            }
        }
    }
}

/// A character of a word: a letter or digit of any script, or an apostrophe (`'`, `’`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// A run of word characters without its leading and trailing apostrophes (`'quoted'`).
fn trim_quotes(run: &str) -> &str {
    // `’` is E2 80 99: a run that neither starts with E2 or `'` nor ends with 99 or `'` has none.
    let bytes = run.as_bytes();
    if matches!(bytes.first(), Some(b'\'' | 0xE2)) || matches!(bytes.last(), Some(b'\'' | 0x99)) {
        run.trim_matches(|c| c == '\'' || c == '’')
    } else {
        run
    }
}

/// Number of words in a text, counting each CJK character as a word (those scripts do not
/// separate words with spaces).
pub fn word_count(text: &str) -> usize {
    words(text).map(|w| if is_cjk_word(w) { w.chars().count() } else { 1 }).sum()
}

/// Whether a text has at most `max` words as [`word_count`] counts them, reading no further
/// than word `max + 1`.
pub fn at_most_words(text: &str, max: usize) -> bool {
    let mut n = 0;
    for w in words(text) {
        n += if is_cjk_word(w) { w.chars().count() } else { 1 };
        if n > max {
            return false;
        }
    }
    true
}

fn is_cjk_word(w: &str) -> bool {
    w.chars().next().is_some_and(is_cjk)
}

/// Whether a [`line_key`] holds the key `finder` searches for as whole words (between
/// spaces or the key's ends): `sky news` in `about sky news`, not in `sky newsroom`.
pub fn key_holds(line_key: &str, finder: &memchr::memmem::Finder<'_>) -> bool {
    let (bytes, len) = (line_key.as_bytes(), finder.needle().len());
    finder.find_iter(bytes).any(|at| {
        let end = at + len;
        (at == 0 || bytes[at - 1] == b' ') && (end == bytes.len() || bytes[end] == b' ')
    })
}

/// A letter of a script without capitals (Chinese, Japanese, Arabic...): a name written in
/// it cannot show itself by a capital.
pub fn uncased_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()
}

/// True for Han, Hiragana, Katakana and Hangul characters.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0xFF66..=0xFF9F)
}

/// Share of a text's letters that are CJK.
pub fn cjk_share(text: &str) -> f32 {
    // CJK starts at U+3040, whose UTF-8 lead byte is 0xE3: a line with no lead byte that high
    // (most, curly quotes and all) has none. A byte scan (the largest byte: it vectorises),
    // no decoding.
    if text.bytes().fold(0, u8::max) < 0xE3 {
        return 0.0;
    }
    let (mut cjk, mut letters) = (0u32, 0u32);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if is_cjk(c) {
            cjk += 1;
        }
    }
    if letters == 0 { 0.0 } else { cjk as f32 / letters as f32 }
}

/// A key under which two lines count as the same: lower case, words only, single spaces.
pub fn line_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    line_key_into(text, &mut key);
    key
}

/// [`line_key`] into a buffer (cleared first), to reuse one allocation over many lines.
pub fn line_key_into(text: &str, key: &mut String) {
    key.clear();
    for w in words(text) {
        if !key.is_empty() {
            key.push(' ');
        }
        if w.is_ascii() {
            let at = key.len();
            key.push_str(w);
            key[at..].make_ascii_lowercase();
        } else {
            key.extend(w.chars().flat_map(char::to_lowercase));
        }
    }
}

/// The lower-cased content words of a text (not stop words, at least three letters).
pub fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).filter(|w| w.chars().count() >= 3 && !is_stop_word(w)).map(str::to_lowercase)
}

/// The first `max` distinct [`content_words`] of some texts, space-separated. Words are told
/// apart by hash, and lower-cased in one reused buffer: no allocation per word.
pub fn distinct_content_words<'a>(texts: impl Iterator<Item = &'a str>, max: usize) -> String {
    let mut words = DistinctWords::new(max);
    texts.for_each(|t| words.add_text(t));
    words.finish()
}

/// [`distinct_content_words`] gathered text by text, from the text or from its
/// [`line_key`] when the caller has it (no second splitting and lower-casing of its words).
#[derive(Debug)]
pub struct DistinctWords {
    seen: HashSet64,
    out: String,
    lower: String,
    max: usize,
}

impl DistinctWords {
    /// Gathers at most `max` words.
    pub fn new(max: usize) -> Self {
        DistinctWords {
            seen: HashSet64::with_capacity_and_hasher(max, Default::default()),
            out: String::new(),
            lower: String::new(),
            max,
        }
    }

    /// Adds the content words of `text` not seen yet.
    pub fn add_text(&mut self, text: &str) {
        for w in words(text) {
            if self.seen.len() >= self.max {
                return;
            }
            if let Some(hash) = content_word_hash(w, &mut self.lower)
                && self.seen.insert(hash)
            {
                push_word(&mut self.out, &self.lower);
            }
        }
    }

    /// [`DistinctWords::add_text`] of `text`, whose [`line_key`] is `key`: an ASCII text's
    /// words are read from the key, already split and in lower case.
    pub fn add_keyed(&mut self, text: &str, key: &str) {
        if !text.is_ascii() {
            return self.add_text(text); // lower-casing may change a word's length in characters
        }
        for w in key.split_ascii_whitespace() {
            if self.seen.len() >= self.max {
                return;
            }
            if let Some(hash) = ascii_content_hash(w)
                && self.seen.insert(hash)
            {
                push_word(&mut self.out, w);
            }
        }
    }

    /// The words, space-separated.
    pub fn finish(mut self) -> String {
        self.out.shrink_to_fit(); // kept for the whole build, once per article
        self.out
    }
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// [`lower_content_word`] with the [`hash_str`] of the lower case: for an ASCII word the case
/// is lowered first and one hash serves both the stop-word test and the caller.
pub fn content_word_hash(word: &str, lower: &mut String) -> Option<u64> {
    if word.len() < 3 {
        return None; // fewer than three bytes: fewer than three characters
    }
    if !word.is_ascii() {
        return lower_content_word(word, lower).then(|| hash_str(lower));
    }
    lower.clear();
    lower.push_str(word);
    lower.make_ascii_lowercase();
    ascii_content_hash(lower)
}

/// When `word` is a content word (see [`content_words`]), puts it in lower case into `lower`
/// (a buffer reused over many words: no allocation per word) and returns true.
pub fn lower_content_word(word: &str, lower: &mut String) -> bool {
    if word.chars().nth(2).is_none() || is_stop_word(word) {
        return false;
    }
    lower.clear();
    if word.is_ascii() {
        lower.push_str(word);
        lower.make_ascii_lowercase();
    } else {
        lower.extend(word.chars().flat_map(char::to_lowercase));
    }
    true
}

/// Cuts `text` to at most `max_words` words, adding `…` when something was cut.
pub fn truncate_words(text: &str, max_words: usize) -> String {
    let mut out = String::new();
    for (i, w) in text.split_whitespace().enumerate() {
        if i == max_words {
            let trimmed = out.trim_end_matches([',', ';', ':', '-', '–', '—']).to_owned();
            return trimmed + "…";
        }
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sentences::ABBREVIATIONS;
    use super::*;

    #[test]
    fn distinct_content_words_once_each_in_order() {
        let words = distinct_content_words(["The Rain in Spain", "rain falls on the PLAIN in spain"].into_iter(), 3);
        assert_eq!(words, "rain spain falls");
        // `über` and `die` are German function words, in any case.
        let words = distinct_content_words(["Über DIE Brücke, über die BRÜCKE; THE Ärger end"].into_iter(), 10);
        assert_eq!(words, "brücke ärger end");
    }

    #[test]
    fn content_hash_in_pieces_is_the_hash_of_the_whole() {
        let text = "Follow us on: | Twitter ".repeat(100);
        let mut h = ContentHasher::default();
        for piece in text.as_bytes().chunks(7) {
            h.write(piece);
        }
        assert_eq!(h.finish(), hash_str(&text));
        assert_ne!(hash_str("a"), hash_str("b"));
    }

    #[test]
    fn a_reused_key_buffer_gives_the_same_keys() {
        let mut buf = String::from("left over");
        for line in ["Most Read", "  Follow us on: | Twitter ", "ÉTÉ à PARIS — İstanbul", "", "日本語のテキスト"]
        {
            line_key_into(line, &mut buf);
            assert_eq!(buf, line_key(line), "{line}");
        }
        assert_eq!(line_key("  Follow us on: | Twitter "), "follow us on twitter");
    }

    #[test]
    fn content_word_hash_agrees_with_lower_content_word() {
        let mut a = String::new();
        let mut b = String::new();
        for w in ["The", "THE", "an", "Putin", "talks", "Über", "über", "Brücke", "don't", "Don't", "it's", "x", "été"]
        {
            let hash = content_word_hash(w, &mut a);
            assert_eq!(hash.is_some(), lower_content_word(w, &mut b), "{w}");
            if let Some(h) = hash {
                assert_eq!((a.as_str(), h), (b.as_str(), hash_str(&b)), "{w}");
            }
        }
    }

    #[test]
    fn at_most_words_agrees_with_the_count() {
        for text in ["", "one", "one two three", "日本語 and two", "  a, b; c  "] {
            for max in 0..6 {
                assert_eq!(at_most_words(text, max), word_count(text) <= max, "{text:?} {max}");
            }
        }
    }

    #[test]
    fn words_keep_inner_apostrophes() {
        let w: Vec<_> = words("Assad’s “regime” isn't 'quoted' U.S.").collect();
        assert_eq!(w, ["Assad’s", "regime", "isn't", "quoted", "U", "S"]);
    }

    #[test]
    fn words_lose_outer_apostrophes_of_either_kind() {
        let w: Vec<_> = words("’tis ‘single’ '' ’ rock'n'roll' ends’").collect();
        assert_eq!(w, ["tis", "single", "rock'n'roll", "ends"]);
    }

    #[test]
    fn cjk_share_counts_letters_of_cjk_scripts() {
        assert_eq!(cjk_share("plain “quoted” text"), 0.0);
        assert_eq!(cjk_share("商品の改造"), 1.0);
        assert_eq!(cjk_share("ab商品"), 0.5);
        assert_eq!(cjk_share("Привет мир"), 0.0);
    }

    #[test]
    fn cjk_characters_count_as_words() {
        assert_eq!(word_count("商品の改造"), 5);
        assert_eq!(word_count("two words"), 2);
    }

    #[test]
    fn prose_is_dense_in_stop_words_and_menus_are_not() {
        let prose = "The talks in Geneva between the two sides are aimed at gaining time, they said.";
        assert!(stop_word_density(prose) > 0.3);
        assert!(stop_word_density("Home News Sport Business Lifestyle Entertainment") < 0.05);
        assert!(stop_word_density("Он сказал, что это было не так, и мы с ним согласны.") > 0.3);
        assert!(stop_word_density("Kami tidak akan pergi ke pasar karena hujan yang deras.") > 0.3);
        assert!(stop_word_density("商品の改造が商標法違反になるかどうかについて説明します。") > 0.25);
    }

    #[test]
    fn line_key_ignores_case_and_punctuation() {
        assert_eq!(line_key("Most  Read!"), line_key("most read"));
    }

    #[test]
    fn sentences_split_at_ends_not_abbreviations() {
        assert_eq!(
            sentences(
                "Mr. Obama met U.S. officials on Sept. 5. They talked. “It went well,” he said. J. Smith agreed!"
            ),
            [
                "Mr. Obama met U.S. officials on Sept. 5.",
                "They talked.",
                "“It went well,” he said.",
                "J. Smith agreed!"
            ]
        );
        assert_eq!(
            sentences("Der Gipfel begann am 5. September 2016. Er endete."),
            ["Der Gipfel begann am 5. September 2016.", "Er endete."]
        );
        assert_eq!(sentences("No end"), ["No end"]);
        assert!(sentences("").is_empty());
    }

    /// The first version of [`sentences`], by a vector of the paragraph's characters.
    fn sentences_by_chars(paragraph: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            let (at, c) = chars[i];
            if matches!(c, '.' | '!' | '?' | '。' | '！' | '？') {
                let mut j = i + 1;
                while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | '»') {
                    j += 1;
                }
                let space = j < chars.len() && chars[j].1.is_whitespace();
                let next = chars.get(j + 1).map(|x| x.1);
                let opens = next
                    .is_some_and(|n| n.is_uppercase() || n.is_numeric() || matches!(n, '"' | '“' | '‘' | '\'' | '«'));
                let word_before = paragraph[start..at].rsplit(|ch: char| ch.is_whitespace()).next().unwrap_or("");
                let word_lower = word_before.trim_start_matches(['(', '"', '“']).to_lowercase();
                let abbreviation = c == '.'
                    && (ABBREVIATIONS.contains(&word_lower.as_str())
                        || (word_before.chars().count() == 1 && word_before.chars().all(char::is_uppercase)));
                let cjk_end = matches!(c, '。' | '！' | '？');
                // `am 5. September`: a day's full stop before a month name.
                let rest = chars.get(j).map_or("", |x| &paragraph[x.0..]);
                let next_word = rest.split_whitespace().next().unwrap_or("").trim_end_matches([',', '.']);
                let day_month = c == '.'
                    && (1..=2).contains(&word_before.len())
                    && word_before.bytes().all(|b| b.is_ascii_digit())
                    && crate::temporal::languages::month_number(next_word).is_some();
                if (space && opens && !abbreviation && !day_month) || cjk_end {
                    let end = chars.get(j).map_or(paragraph.len(), |x| x.0);
                    let sentence = paragraph[start..end].trim();
                    if !sentence.is_empty() {
                        out.push(sentence);
                    }
                    start = end;
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        let rest = paragraph[start..].trim();
        if !rest.is_empty() {
            out.push(rest);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn sentences_agree_with_the_char_vector_version(p in "([A-Za-zÉİ\\x{212A}0-9 ]{0,6}|[.!?。！？\"”’')»“‘«(]|\\s|Mr|U\\.S|Sept|J\\. |inc|商品|12\\. Mai){0,24}") {
            proptest::prop_assert_eq!(sentences(&p), sentences_by_chars(&p));
        }
    }

    proptest::proptest! {
        /// The byte scan finds the words the definition does: runs between non-word
        /// characters, outer apostrophes trimmed, empty runs dropped.
        #[test]
        fn words_are_the_runs_between_non_word_characters(
            p in "([a-zA-Z0-9]{0,5}|['’‘“”., \t-]|é|İ|Ⅻ|٣|商品|\\x{1F600}|\\x{0301}){0,16}",
        ) {
            let by_split: Vec<&str> =
                p.split(|c: char| !is_word_char(c)).map(trim_quotes).filter(|w| !w.is_empty()).collect();
            proptest::prop_assert_eq!(words(&p).collect::<Vec<_>>(), by_split);
        }
    }

    proptest::proptest! {
        #[test]
        fn words_from_keys_are_the_words_from_texts(
            texts in proptest::collection::vec("([a-zA-Z0-9]{0,6}|the|The|AND|of|['’ .,-]|é|İx|Über){0,12}", 0..5),
            max in 0usize..12,
        ) {
            let mut keyed = DistinctWords::new(max);
            for t in &texts {
                keyed.add_keyed(t, &line_key(t));
            }
            proptest::prop_assert_eq!(keyed.finish(), distinct_content_words(texts.iter().map(String::as_str), max));
        }
    }

    #[test]
    fn truncate_adds_ellipsis_only_when_cut() {
        assert_eq!(truncate_words("a b c", 3), "a b c");
        assert_eq!(truncate_words("a b, c d", 2), "a b…");
    }
}
