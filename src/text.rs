//! Small, pure text helpers shared by the stages: words, stop words, scripts, keys.
//!
//! Nothing here knows about articles or pages; each function is a few lines over `&str`.
//! All are linear in their input.

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

/// The words of a text: maximal runs of alphanumeric characters (apostrophes inside a word
/// are kept: `don't`, `Assad’s`).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).map(trim_quotes).filter(|w| !w.is_empty())
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

/// FNV-1a (64-bit): the stop-word set is probed for every word of every page, and its keys
/// are short, so a simple fast hash beats SipHash here; it is also the same in every run,
/// which the build cache needs.
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A hash set with the [`Fnv`] hasher, for small keys probed often.
pub type FnvSet<T> = HashSet<T, std::hash::BuildHasherDefault<Fnv>>;
/// A hash map with the [`Fnv`] hasher, for small keys probed often.
pub type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// A hasher for keys that are well-mixed hashes already (a [`hash_str`] value): it passes
/// them through instead of hashing them again.
#[derive(Clone, Copy, Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not reached for `u64` keys; any other key still hashes (slowly) rather than panicking.
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A set of [`hash_str`] values.
pub type HashSet64 = HashSet<u64, std::hash::BuildHasherDefault<Prehashed>>;
/// A map keyed by [`hash_str`] values.
pub type HashMap64<V> = std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<Prehashed>>;

/// Function words of English, Russian, Indonesian, French, German, Spanish, Portuguese and
/// Italian: prose is dense in them, menus and headlines are not.
static STOP_WORDS: LazyLock<FnvSet<&'static str>> = LazyLock::new(|| {
    const LISTS: [&str; 8] = [
        // English
        "a about above after again against all also am an and any are as at be because been before being \
         below between both but by can could did do does doing down during each few for from further had has \
         have having he her here hers herself him himself his how i if in into is it its itself just me more \
         most my myself no nor not now of off on once only or other our ours out over own same she should so \
         some such than that the their theirs them themselves then there these they this those through to too \
         under until up very was we were what when where which while who whom why will with would you your \
         yours said says there's it's he's she's they're we're don't can't won't isn't wasn't didn't",
        // Russian
        "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было \
         вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас \
         нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем \
         была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой совсем \
         ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец \
         два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя \
         впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между \
         это также",
        // Indonesian
        "yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan atau juga oleh sudah saya ada \
         mereka kami kita bisa karena tersebut dapat seperti telah bahwa lebih hanya jika kepada para namun \
         masih harus sebagai saat ia dia atas antara hal secara agar tak pun setelah bagi tentang sangat \
         sehingga maka lagi belum apa ketika sebuah orang",
        // French
        "le la les de des du un une et est en que qui dans pour pas sur au aux avec ce ces il elle ils elles \
         ne se sont par plus a été sa son ses leur leurs mais ou nous vous on",
        // German
        "der die das und ist in zu den von mit sich des auf für nicht ein eine als auch es an er hat aus bei \
         sie nach wird dem im um wie noch über einen so zum war haben nur oder aber vor zur bis mehr durch",
        // Spanish
        "el la los las de del y en que a un una es por con para no se su sus al lo como más pero fue ha son \
         este esta ya o muy sin sobre también me hasta hay donde quien desde todo nos durante",
        // Portuguese
        "o a os as de do da dos das e em que um uma é por com para não se seu sua ao pelo pela mais mas foi \
         ou ele ela eles está são",
        // Italian
        "il lo la i gli le di del della e è che un una per con non si da al alla sono come ma più anche nel \
         nella questo questa",
    ];
    LISTS.iter().flat_map(|l| l.split_whitespace()).collect()
});

/// The function words of every supported language, lower case.
pub fn stop_words() -> impl Iterator<Item = &'static str> {
    STOP_WORDS.iter().copied()
}

/// The function words by their [`hash_str`]: a word hashed once, in lower case, is looked up
/// without hashing it again.
static STOP_HASHES: LazyLock<HashMap64<&'static str>> =
    LazyLock::new(|| STOP_WORDS.iter().map(|w| (hash_str(w), *w)).collect());

/// True when `word` (any case) is a function word of one of the supported languages.
pub fn is_stop_word(word: &str) -> bool {
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return is_lowercase_stop_word(word);
    }
    if word.len() > 24 {
        return false; // no function word is this long
    }
    if !word.chars().any(char::is_uppercase) {
        return STOP_WORDS.contains(word);
    }
    if word.is_ascii() {
        let mut buf = [0u8; 24];
        let bytes = &mut buf[..word.len()];
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        return std::str::from_utf8(bytes).is_ok_and(|w| STOP_WORDS.contains(w));
    }
    STOP_WORDS.contains(word.to_lowercase().as_str())
}

/// Japanese particles and Chinese function characters: the CJK stand-in for stop words.
fn is_cjk_function_char(c: char) -> bool {
    matches!(
        c,
        'の' | 'は'
            | 'が'
            | 'を'
            | 'に'
            | 'で'
            | 'と'
            | 'た'
            | 'て'
            | 'し'
            | 'も'
            | 'な'
            | 'か'
            | 'る'
            | 'す'
            | 'ま'
            | 'い'
            | 'れ'
            | 'ら'
            | 'だ'
            | 'こ'
            | 'そ'
            | '的'
            | '了'
            | '是'
            | '在'
            | '和'
            | '我'
            | '有'
            | '这'
            | '他'
            | '也'
            | '就'
            | '不'
            | '人'
            | '都'
            | '이'
            | '가'
            | '은'
            | '는'
            | '을'
            | '를'
            | '에'
            | '의'
            | '다'
            | '고'
    )
}

/// Share of a text's words that are function words; for CJK text, the share of its
/// characters that are particles or function characters (scaled to the same range).
pub fn stop_word_density(text: &str) -> f32 {
    if cjk_share(text) > 0.5 {
        let (mut func, mut all) = (0u32, 0u32);
        for c in text.chars().filter(|c| is_cjk(*c)) {
            all += 1;
            if is_cjk_function_char(c) {
                func += 1;
            }
        }
        // Japanese prose runs near 0.25-0.35 particles; scale to the alphabetic range.
        return if all == 0 { 0.0 } else { (func as f32 / all as f32) * 1.3 };
    }
    let (mut stop, mut all) = (0u32, 0u32);
    for w in words(text) {
        all += 1;
        if is_stop_word(w) {
            stop += 1;
        }
    }
    if all == 0 { 0.0 } else { stop as f32 / all as f32 }
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

/// A 64-bit hash of a string's bytes ([`hash_bytes`]).
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// A 64-bit content hash (XXH3): the same in every run and on every machine (the build cache
/// keeps it), and fast on long inputs (whole seeds, whole pages) where FNV's byte-at-a-time
/// loop is slow. [`ContentHasher`] gives the same value over bytes that come in pieces.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// [`hash_bytes`] of everything written to it, in pieces.
#[derive(Clone, Default)]
pub struct ContentHasher(xxhash_rust::xxh3::Xxh3Default);

impl ContentHasher {
    /// Adds bytes.
    pub fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Adds one field of a record: its length, then its bytes (so that two fields cannot
    /// run into each other: `ab`,`c` and `a`,`bc` hash apart).
    pub fn field(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// The hash of all bytes written so far.
    pub fn finish(&self) -> u64 {
        self.0.digest()
    }
}

/// A sink for serialisers: what is written is hashed, never stored.
impl std::io::Write for ContentHasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A 64-bit hash of any hashable value, through [`Fnv`]: the same in every run of one build
/// of the program.
pub fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = Fnv::default();
    value.hash(&mut h);
    h.finish()
}

/// [`is_stop_word`] for a word already in lower case (no case folding).
fn is_lowercase_stop_word(word: &str) -> bool {
    word.len() <= 24 && STOP_WORDS.contains(word)
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

/// The [`hash_str`] of a lower-case ASCII word, unless it is shorter than three letters or
/// a function word (the hash finds it among those, the word is compared on a hit).
fn ascii_content_hash(lower: &str) -> Option<u64> {
    if lower.len() < 3 {
        return None;
    }
    let hash = hash_str(lower);
    match STOP_HASHES.get(&hash) {
        Some(stop) if *stop == lower => None,
        _ => Some(hash),
    }
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

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof", "jr", "sr", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "inc", "corp", "co",
    "ltd", "u.s", "u.k", "e.g", "i.e", "approx", "est", "ft", "mt",
];

/// Splits a paragraph into sentences: at `.`, `!` or `?` (closing quotes may follow) before a
/// space and a capital letter, digit or opening quote, except after an abbreviation or an
/// initial; and after `。`, `！` or `？`. Each sentence is trimmed. Linear in the paragraph.
pub fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = 0;
    let mut marks = stop_marks(paragraph);
    while let Some((at, c)) = marks.find(|&(at, _)| at >= from) {
        let mut j = at + c.len_utf8();
        while let Some(q) = paragraph[j..].chars().next().filter(|q| matches!(q, '"' | '”' | '’' | '\'' | ')' | '»'))
        {
            j += q.len_utf8();
        }
        let cjk_end = c != '.' && c != '!' && c != '?';
        let mut after = paragraph[j..].chars();
        let space = after.next().is_some_and(char::is_whitespace);
        let ends = cjk_end
            || space
                && after
                    .next()
                    .is_some_and(|n| n.is_uppercase() || n.is_numeric() || matches!(n, '"' | '“' | '‘' | '\'' | '«'))
                && !(c == '.' && ends_in_abbreviation(&paragraph[start..at]));
        if ends {
            let sentence = paragraph[start..j].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = j;
            from = j;
        } else {
            from = at + c.len_utf8();
        }
    }
    let rest = paragraph[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The sentence end marks (`.`, `!`, `?`, `。`, `！`, `？`) of a text with their positions,
/// in order: two vectorised searches, for the ASCII marks and for the lead bytes of the
/// others (`。` U+3002 starts with E3, `！` U+FF01 and `？` U+FF1F with EF), merged.
fn stop_marks(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let mut ascii = memchr::memchr3_iter(b'.', b'!', b'?', bytes).map(|i| (i, char::from(bytes[i]))).peekable();
    let mut cjk = memchr::memchr2_iter(0xE3, 0xEF, bytes)
        .filter_map(|i| text[i..].chars().next().filter(|c| matches!(c, '。' | '！' | '？')).map(|c| (i, c)))
        .peekable();
    std::iter::from_fn(move || match (ascii.peek(), cjk.peek()) {
        (Some(a), Some(c)) if c.0 < a.0 => cjk.next(),
        (Some(_), _) => ascii.next(),
        (None, _) => cjk.next(),
    })
}

/// Whether the last word of `text` is an abbreviation (`Mr`, `U.S`, `Sept`...) or an
/// initial (one capital letter): a full stop after it does not end a sentence.
fn ends_in_abbreviation(text: &str) -> bool {
    let word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let mut chars = word.chars();
    if chars.next().is_some_and(char::is_uppercase) && chars.next().is_none() {
        return true;
    }
    let bare = word.trim_start_matches(['(', '"', '“']);
    if bare.is_ascii() {
        ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(bare))
    } else {
        ABBREVIATIONS.contains(&bare.to_lowercase().as_str())
    }
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
                if (space && opens && !abbreviation) || cjk_end {
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
        fn sentences_agree_with_the_char_vector_version(p in "([A-Za-zÉİ\\x{212A}0-9 ]{0,6}|[.!?。！？\"”’')»“‘«(]|\\s|Mr|U\\.S|Sept|J\\. |inc|商品){0,24}") {
            proptest::prop_assert_eq!(sentences(&p), sentences_by_chars(&p));
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
