//! Sentence splitting: a paragraph's sentences, as the temporal stage and the timeline
//! take them (end marks, abbreviations, CJK full stops).

/// Words after which a full stop does not end a sentence.
pub(crate) const ABBREVIATIONS: &[&str] = &[
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
                && !(c == '.' && ends_in_abbreviation(&paragraph[start..at]))
                && !(c == '.' && day_before_month(&paragraph[start..at], &paragraph[j..]));
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

/// Whether `text` ends in a day of one or two digits and `rest` starts with a month name
/// (`am 5. September 2016`): the German ordinal's full stop ends no sentence.
fn day_before_month(text: &str, rest: &str) -> bool {
    let word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let next = rest.split_whitespace().next().unwrap_or("").trim_end_matches([',', '.']);
    (1..=2).contains(&word.len())
        && word.bytes().all(|b| b.is_ascii_digit())
        && crate::temporal::languages::month_number(next).is_some()
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
