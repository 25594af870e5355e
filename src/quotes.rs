//! Direct quotes in an article's body, and who said them.
//!
//! Quotes are found by their marks: curly and straight double quotes, `« »`, `„ “` and
//! `「 」`; single quotes inside them are part of the quote. A quote split by its attribution
//! (`“For now,” Putin said, “it is too early”`) is one quote; a quote whose paragraph ends
//! before its closing mark continues in the next paragraph when that one opens with a mark.
//! A quote inside a sentence that goes on around it (`said there had been some “alignment”`)
//! is *partial*. One or two quoted words are scare quotes, not quotes, unless a reporting
//! verb with a known speaker governs them (`Mr Putin said there had been some “alignment”`);
//! title-cased words with no end mark are a title of a work, not a quote.
//!
//! The speaker comes from the quote's sentence: `X said`, `said X`, `X told reporters`,
//! `according to X`, `X was quoted as saying`, `X added/insisted/noted/warned…`; a
//! participle (`adding`, `saying`) takes the subject of the sentence's other reporting verb.
//! A name is the longest form of it the article gives (`Mr Obama` is `Barack Obama` named
//! earlier); a pronoun or a role (`he said`, `the Russian leader told the media`) is the last
//! person named before it whom it fits (a role fits a person the article gave that title,
//! or, when nobody has it, the last person named with no title). A quote with no reporting
//! verb in its sentence takes the speaker of another sentence of its paragraph, or, when the
//! paragraph is the quote alone, of the quote that ended the paragraph before. What the
//! article does not say stays `None`: no speaker is guessed from outside it.
//!
//! Pure; linear in the text: one scan of the marks, one pass over each paragraph's words,
//! no regular expression.

use std::sync::LazyLock;

use crate::model::{Block, Quote};
use crate::text::wordmap::{WordMap, WordSet};

/// The quotes of an article's body, in text order, each with its speaker when the article
/// says who spoke. Subheadings are not searched.
pub fn quotes(body: &[Block]) -> Vec<Quote> {
    let marked: Vec<bool> = body.iter().map(|b| has_opener(b.text())).collect();
    if !marked.contains(&true) {
        return Vec::new();
    }
    // Paragraphs after the one past the last quote cannot name a speaker: not read.
    let last = body.iter().zip(&marked).rposition(|(b, &m)| m && matches!(b, Block::Paragraph(_))).unwrap_or(0);
    let read: Vec<(&str, Vec<Span>)> = body
        .iter()
        .zip(&marked)
        .enumerate()
        .map(|(i, (b, &m))| match b {
            Block::Paragraph(t) if i <= last + 1 => (t.as_str(), if m { spans(t) } else { Vec::new() }),
            _ => ("", Vec::new()),
        })
        .collect();
    let mut scan = Scan::with_capacity(read.iter().map(|(t, _)| t.len()).sum());
    let stretches: Vec<Stretch> = read.iter().map(|(text, spans)| scan.add(text, spans)).collect();
    let paragraphs: Vec<Para<'_>> = read
        .into_iter()
        .zip(stretches)
        .enumerate()
        .map(|(index, ((text, spans), at))| Para {
            text,
            index,
            spans,
            toks: &scan.toks[at.toks],
            sentences: &scan.sentences[at.sentences],
            capitals: &scan.capitals[at.capitals],
        })
        .collect();
    let people = People::of(&paragraphs);
    let mut out: Vec<Found> = Vec::new();
    for (k, para) in paragraphs.iter().enumerate() {
        let first = out.len();
        attribute(para, &people, &mut out);
        // A paragraph that is a quote alone takes the speaker of the quote ending the last.
        if out.len() == first + 1 && out[first].alone && out[first].speaker.is_none() && !out[first].explicit {
            let previous = out[..first].last().filter(|q| k > 0 && q.paragraph as usize == k - 1);
            if let Some(p) = previous {
                out[first].speaker = p.speaker.clone();
            }
        }
        // A quote left open at the end of the last paragraph goes on in this one.
        if first > 0 && out.len() > first && out[first - 1].open && out[first].at_start {
            let next = out.remove(first);
            let prev = &mut out[first - 1];
            prev.text.push(' ');
            prev.text.push_str(&next.text);
            prev.open = next.open;
            if prev.speaker.is_none() {
                prev.speaker = next.speaker;
            }
        }
    }
    out.into_iter()
        .filter(|q| !q.dropped)
        .map(|q| Quote { text: q.text, speaker: q.speaker, partial: q.partial, paragraph: q.paragraph })
        .collect()
}

/// Every mark that opens a quote.
const OPENERS: [char; 5] = ['“', '"', '«', '„', '「'];

/// Whether `text` has a mark that opens a quote. Each mark's UTF-8 starts with `"`, 0xC2,
/// 0xE2 or 0xE3: a vectorised search for those bytes, each hit checked, is much faster than
/// matching every character against the marks.
fn has_opener(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut leads = memchr::memchr3_iter(b'"', 0xC2, 0xE2, bytes).chain(memchr::memchr_iter(0xE3, bytes));
    leads.any(|at| char_at(text, at).is_some_and(|c| OPENERS.contains(&c)))
}

/// A quote as found, before the joins across paragraphs.
#[derive(Debug)]
struct Found {
    text: String,
    speaker: Option<String>,
    partial: bool,
    paragraph: u32,
    /// Not closed before the paragraph's end.
    open: bool,
    /// Its opening mark opens the paragraph.
    at_start: bool,
    /// The paragraph is this quote and nothing else (but end marks).
    alone: bool,
    /// A reporting verb of its own sentence said who spoke (even if that is nobody known).
    explicit: bool,
    /// Not a quote (scare quotes, a title): kept only to carry speakers and continuations.
    dropped: bool,
}

/// A quoted stretch of a paragraph: its text between the marks.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// The opening mark.
    open: usize,
    /// The text's start (after the mark).
    start: usize,
    /// The text's end (before the closing mark, or the paragraph's end).
    end: usize,
    /// After the closing mark.
    close: usize,
    /// No closing mark.
    unclosed: bool,
}

/// Finds the quoted stretches of a paragraph: one linear scan, which stops only at the bytes
/// a mark can start with (`"`, `'`, and the first bytes of `“ ” „ ’ « » 「 」`).
fn spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut open: Option<(char, usize, usize)> = None;
    let mut from = 0;
    while let Some(i) = next_mark(text, from) {
        let Some(c) = char_at(text, i) else { break };
        from = i + c.len_utf8();
        let next = char_at(text, from);
        match open {
            None => {
                let opens = match c {
                    '“' | '„' | '«' | '「' => true,
                    // A straight mark opens before a word, after a space or start.
                    '"' => {
                        let prev = text.get(..i).and_then(|before| before.chars().next_back());
                        next.is_some_and(|n| !n.is_whitespace())
                            && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | '/'))
                    }
                    _ => false,
                };
                if opens {
                    open = Some((c, i, i + c.len_utf8()));
                }
            }
            Some((opener, at, start)) => {
                let double_single = (c == '’' && next == Some('’')) || (c == '\'' && next == Some('\''));
                let closes = match opener {
                    '“' => matches!(c, '”' | '"') || double_single,
                    '"' => matches!(c, '"' | '”') || double_single,
                    '«' => c == '»',
                    '„' => matches!(c, '“' | '”'),
                    _ => c == '」',
                };
                if closes {
                    if double_single {
                        from += c.len_utf8();
                    }
                    out.push(Span { open: at, start, end: i, close: from, unclosed: false });
                    open = None;
                }
            }
        }
    }
    if let Some((_, at, start)) = open {
        out.push(Span { open: at, start, end: text.len(), close: text.len(), unclosed: true });
    }
    out
}

/// The byte offset of the first byte at or after `from` that may start a mark.
fn next_mark(text: &str, from: usize) -> Option<usize> {
    let rest = text.as_bytes().get(from..)?;
    rest.iter().position(|&b| MARK_LEADS[usize::from(b)]).map(|k| from + k)
}

/// The bytes a mark can start with: `"`, `'`, and the first bytes of `“ ” „ ’ « » 「 」`.
static MARK_LEADS: [bool; 256] = {
    let mut leads = [false; 256];
    leads[b'"' as usize] = true;
    leads[b'\'' as usize] = true;
    leads[0xC2] = true;
    leads[0xE2] = true;
    leads[0xE3] = true;
    leads
};

/// A token of a paragraph's text outside its quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// A word: its byte range and its shape.
    Word(usize, usize, Shape),
    /// A punctuation mark that matters to a clause: `, : ; . ? ! ( ) –`.
    Punct(char, usize),
    /// The quote of this index in the paragraph's spans.
    Quote(usize),
}

/// One paragraph, its quotes, tokens and sentences.
struct Para<'a> {
    text: &'a str,
    index: usize,
    spans: Vec<Span>,
    toks: &'a [Tok],
    /// Sentences as token ranges.
    sentences: &'a [std::ops::Range<usize>],
    /// The word tokens that start with a capital, in order: where names can start.
    capitals: &'a [usize],
}

/// The tokens, capitals and sentences of an article's paragraphs, each kind in one buffer
/// (not three allocations a paragraph); each [`Para`] borrows its stretch of them.
struct Scan {
    toks: Vec<Tok>,
    capitals: Vec<usize>,
    sentences: Vec<std::ops::Range<usize>>,
}

/// Where a paragraph's tokens, capitals and sentences are in a [`Scan`].
struct Stretch {
    toks: std::ops::Range<usize>,
    capitals: std::ops::Range<usize>,
    sentences: std::ops::Range<usize>,
}

/// What a word looks like, learnt while it is read: the tests on its characters that the
/// attribution asks again and again, answered once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape(u8);

impl Shape {
    /// The first character is upper case.
    const CAPITAL: u8 = 1;
    /// The first character is upper case or numeric: the word may open a sentence.
    const OPENS: u8 = 2;
    /// Some character is lower case.
    const LOWER: u8 = 4;
    /// Every byte is ASCII.
    const ASCII: u8 = 8;

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

impl Scan {
    /// Room for the tokens of `bytes` bytes of text.
    fn with_capacity(bytes: usize) -> Self {
        Scan {
            toks: Vec::with_capacity(bytes / 4),
            capitals: Vec::with_capacity(bytes / 32),
            sentences: Vec::with_capacity(bytes / 64),
        }
    }

    /// Scans the paragraph `text`, whose quotes are `spans`.
    fn add(&mut self, text: &str, spans: &[Span]) -> Stretch {
        let (toks, capitals, sentences) = (self.toks.len(), self.capitals.len(), self.sentences.len());
        tokens(text, spans, &mut self.toks);
        let new = &self.toks[toks..];
        for (t, tok) in new.iter().enumerate() {
            if matches!(tok, Tok::Word(_, _, shape) if shape.has(Shape::CAPITAL)) {
                self.capitals.push(t);
            }
        }
        split_sentences(text, new, spans, &mut self.sentences);
        Stretch {
            toks: toks..self.toks.len(),
            capitals: capitals..self.capitals.len(),
            sentences: sentences..self.sentences.len(),
        }
    }
}

impl<'a> Para<'a> {
    fn word(&self, t: usize) -> Option<&'a str> {
        match self.toks.get(t) {
            Some(&Tok::Word(s, e, _)) => self.text.get(s..e),
            _ => None,
        }
    }

    /// Whether token `t` is a word that may be part of a name ([`is_name_word`]): its shape
    /// answers the tests on its characters, so only the word lists are searched.
    fn name_word(&self, t: usize) -> bool {
        match self.toks.get(t) {
            Some(&Tok::Word(s, e, shape)) => {
                shape.has(Shape::CAPITAL)
                    && shape.has(Shape::LOWER)
                    && self.text.get(s..e).is_some_and(|w| !never_in_names(w))
            }
            _ => false,
        }
    }

    /// Whether token `t` is a word that, without its possessive ending, may be part of a name.
    fn bare_name_word(&self, t: usize) -> bool {
        match self.word(t) {
            Some(w) if bare(w).len() < w.len() => is_name_word(bare(w)),
            Some(_) => self.name_word(t),
            None => false,
        }
    }

    /// The byte offset of token `t`.
    fn offset(&self, t: usize) -> usize {
        match self.toks.get(t) {
            Some(&Tok::Word(s, ..) | &Tok::Punct(_, s)) => s,
            Some(&Tok::Quote(q)) => self.spans.get(q).map_or(0, |s| s.open),
            None => self.text.len(),
        }
    }
}

/// The character at byte `at` of `text` (a character boundary).
fn char_at(text: &str, at: usize) -> Option<char> {
    let b = *text.as_bytes().get(at)?;
    if b.is_ascii() { Some(b as char) } else { text.get(at..)?.chars().next() }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Appends the paragraph's words and marks outside its quotes to `out`, each quote one token.
fn tokens(text: &str, spans: &[Span], out: &mut Vec<Tok>) {
    let mut from = 0;
    for (q, span) in spans.iter().enumerate() {
        words_and_marks(text, from, span.open, out);
        out.push(Tok::Quote(q));
        from = span.close;
    }
    words_and_marks(text, from, text.len(), out);
}

/// What an ASCII byte is to the tokeniser: bits of [`ASCII_CLASSES`].
const LETTER_OR_DIGIT: u8 = 1;
/// A lower-case letter (and so [`LETTER_OR_DIGIT`] too).
const LOWER_CASE: u8 = 2;
/// An upper-case letter (and so [`LETTER_OR_DIGIT`] too).
const UPPER_CASE: u8 = 4;
/// A digit (and so [`LETTER_OR_DIGIT`] too).
const DIGIT: u8 = 8;
/// A mark that matters to a clause: `, : ; . ? ! ( )`.
const CLAUSE_MARK: u8 = 16;

/// The class of each ASCII byte: one load tells a word's byte from a mark and a space.
static ASCII_CLASSES: [u8; 128] = {
    let mut classes = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        classes[b] = if c.is_ascii_lowercase() {
            LETTER_OR_DIGIT | LOWER_CASE
        } else if c.is_ascii_uppercase() {
            LETTER_OR_DIGIT | UPPER_CASE
        } else if c.is_ascii_digit() {
            LETTER_OR_DIGIT | DIGIT
        } else if matches!(c, b',' | b':' | b';' | b'.' | b'?' | b'!' | b'(' | b')') {
            CLAUSE_MARK
        } else {
            0
        };
        b += 1;
    }
    classes
};

/// Appends the words and marks of `text[from..limit]`, a stretch with no quote, to `out`.
fn words_and_marks(text: &str, from: usize, limit: usize, out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    let limit = limit.min(bytes.len());
    let mut pos = from;
    while let Some(&b) = bytes.get(pos).filter(|_| pos < limit) {
        // ASCII first: most of a text is, and most of what is not a word is a space.
        let class = ASCII_CLASSES.get(usize::from(b)).copied();
        if class.is_some_and(|c| c & LETTER_OR_DIGIT != 0)
            || (class.is_none() && char_at(text, pos).is_some_and(is_word_char))
        {
            let (end, shape) = read_word(text, pos, limit);
            out.push(Tok::Word(pos, end, shape));
            pos = end;
        } else if let Some(c) = class {
            if c & CLAUSE_MARK != 0 {
                out.push(Tok::Punct(char::from(b), pos));
            }
            pos += 1;
        } else {
            let Some(c) = char_at(text, pos) else { break };
            if matches!(c, '–' | '—') {
                out.push(Tok::Punct(c, pos));
            }
            pos += c.len_utf8();
        }
    }
}

/// The end and shape of the word starting at `start`, not past `limit` (at most the text's
/// length): letters and digits, with `'`, `’`, `-` or `.` between two of them, and the last
/// full stop of an initialism (`U.S.`).
fn read_word(text: &str, start: usize, limit: usize) -> (usize, Shape) {
    let bytes = text.as_bytes();
    let mut shape = match bytes.get(start).and_then(|&b| ASCII_CLASSES.get(usize::from(b))) {
        Some(&c) if c & UPPER_CASE != 0 => Shape::CAPITAL | Shape::OPENS,
        Some(&c) if c & DIGIT != 0 => Shape::OPENS,
        Some(_) => 0,
        None => match char_at(text, start) {
            Some(c) if c.is_uppercase() => Shape::CAPITAL | Shape::OPENS,
            Some(c) if c.is_numeric() => Shape::OPENS,
            _ => 0,
        },
    };
    shape |= Shape::ASCII;
    let mut seen = 0; // the classes of its ASCII letters and digits
    let mut dotted = false;
    let mut end = start;
    loop {
        // ASCII first: most words are nothing else.
        while let Some(&c) = bytes.get(end).filter(|_| end < limit).and_then(|&b| ASCII_CLASSES.get(usize::from(b)))
            && c & LETTER_OR_DIGIT != 0
        {
            seen |= c;
            end += 1;
        }
        let Some(d) = char_at(text, end).filter(|_| end < limit) else { break };
        let joins = matches!(d, '\'' | '’' | '-' | '.')
            && end + d.len_utf8() < limit
            && char_at(text, end + d.len_utf8()).is_some_and(is_word_char);
        if (!d.is_ascii() && is_word_char(d)) || joins {
            if d.is_lowercase() {
                shape |= Shape::LOWER;
            }
            if !d.is_ascii() {
                shape &= !Shape::ASCII;
            }
            dotted |= d == '.';
            end += d.len_utf8();
        } else {
            break;
        }
    }
    if end < limit && bytes.get(end) == Some(&b'.') && dotted {
        end += 1;
    }
    if seen & LOWER_CASE != 0 {
        shape |= Shape::LOWER;
    }
    (end, Shape(shape))
}

/// Appends the sentences of a paragraph's tokens to `out`, as token ranges: a sentence ends at
/// `.`, `?` or `!` before a capital or an opening mark (not after an abbreviation or an
/// initial), or at a quote that ends with one.
fn split_sentences(text: &str, toks: &[Tok], spans: &[Span], out: &mut Vec<std::ops::Range<usize>>) {
    let mut start = 0;
    let starts_sentence = |t: Option<&Tok>| match t {
        Some(&Tok::Word(_, _, shape)) => shape.has(Shape::OPENS),
        Some(Tok::Quote(_)) => true,
        _ => false,
    };
    for (i, t) in toks.iter().enumerate() {
        let ends = match *t {
            Tok::Punct('.' | '?' | '!', _) => {
                let abbrev = matches!(t, Tok::Punct('.', _))
                    && i > 0
                    && matches!(toks[i - 1], Tok::Word(s, e, _) if is_abbreviation(&text[s..e]));
                !abbrev && starts_sentence(toks.get(i + 1))
            }
            Tok::Word(_, e, _) if e > 0 && text.as_bytes().get(e - 1) == Some(&b'.') => {
                // `U.S.` at a sentence's end: only before a quote.
                matches!(toks.get(i + 1), Some(Tok::Quote(_)))
            }
            Tok::Quote(q) => {
                let inner = spans.get(q).map_or("", |s| text[s.start..s.end].trim_end());
                inner.ends_with(['.', '?', '!']) && starts_sentence(toks.get(i + 1))
            }
            _ => false,
        };
        if ends {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < toks.len() {
        out.push(start..toks.len());
    }
}

/// Whether a word before a full stop is an abbreviation or an initial: the stop ends no sentence.
fn is_abbreviation(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let mut chars = w.chars();
    let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    initial || w.contains('.') || SET_ABBREVIATIONS.get_ascii(w).is_some()
}

// ---------------------------------------------------------------------------------------
// Words that matter to attribution.

/// A word that reports speech: one of [`VERBS`] or of [`PARTICIPLES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reporting {
    Verb,
    Participle,
}

/// Whether `word`, of shape `shape`, is one of [`VERBS`] or [`PARTICIPLES`] as [`lower_in`]
/// tells, and which: for an ASCII word (nearly all), one lookup in both lists.
fn reporting(word: &str, shape: Shape) -> Option<Reporting> {
    let w = word.trim_end_matches('.');
    if shape.has(Shape::ASCII) {
        MAP_REPORTING.get_ascii(w)
    } else if lower_in(word, &SET_PARTICIPLES) {
        Some(Reporting::Participle)
    } else if lower_in(word, &SET_VERBS) {
        Some(Reporting::Verb)
    } else {
        None
    }
}

/// Reporting verbs that take their speaker before them, and (most of them) after them.
static VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "insisted",
    "insists",
    "noted",
    "notes",
    "warned",
    "warns",
    "stressed",
    "stresses",
    "explained",
    "explains",
    "argued",
    "argues",
    "claimed",
    "claims",
    "asserted",
    "declared",
    "declares",
    "announced",
    "wrote",
    "writes",
    "asked",
    "asks",
    "replied",
    "answered",
    "continued",
    "acknowledged",
    "admitted",
    "conceded",
    "observed",
    "remarked",
    "suggested",
    "urged",
    "confirmed",
    "recalled",
    "commented",
    "emphasised",
    "emphasized",
    "predicted",
    "vowed",
    "promised",
    "cautioned",
    "complained",
    "joked",
    "tweeted",
    "concluded",
    "countered",
    "responded",
    "reiterated",
    "accused",
    "quoted",
];

/// Verbs whose object follows them: the speaker is never after them (`told reporters`).
static SUBJECT_ONLY: &[&str] =
    &["told", "tells", "urged", "quoted", "asked", "asks", "promised", "reiterated", "accused"];

/// Participles that take the speaker of their sentence's other reporting verb.
static PARTICIPLES: &[&str] = &[
    "adding",
    "saying",
    "insisting",
    "noting",
    "warning",
    "stressing",
    "explaining",
    "arguing",
    "claiming",
    "telling",
    "urging",
    "emphasising",
    "emphasizing",
    "calling",
    "describing",
    "asking",
];

/// Words between a subject and its verb: `Putin also said`, `Mr Obama had told`.
static BETWEEN: &[&str] =
    &["also", "later", "then", "has", "had", "have", "earlier", "again", "previously", "once", "further", "reportedly"];

/// Honorifics: not part of a name; `Mr`/`Mrs` say a gender.
const HONORIFICS: &[(&str, Option<Gender>)] = &[
    ("mr", Some(Gender::Male)),
    ("mrs", Some(Gender::Female)),
    ("ms", Some(Gender::Female)),
    ("miss", Some(Gender::Female)),
    ("sir", Some(Gender::Male)),
    ("dame", Some(Gender::Female)),
    ("lord", Some(Gender::Male)),
    ("lady", Some(Gender::Female)),
    ("dr", None),
    ("prof", None),
    ("mx", None),
];

/// Titles and roles: before a name they are not part of it, and they are what a role
/// (`the president`) is matched by.
static ROLES: &[&str] = &[
    "president",
    "leader",
    "premier",
    "prime",
    "minister",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "emir",
    "sheikh",
    "secretary",
    "senator",
    "sen",
    "rep",
    "representative",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "director",
    "ambassador",
    "envoy",
    "general",
    "gen",
    "admiral",
    "colonel",
    "captain",
    "commander",
    "judge",
    "justice",
    "professor",
    "coach",
    "manager",
    "ceo",
    "executive",
    "head",
    "counterpart",
    "official",
    "commissioner",
    "inspector",
    "sheriff",
    "officer",
    "analyst",
    "economist",
    "deputy",
    "councillor",
    "councilor",
    "councilman",
    "councilwoman",
    "secretary-general",
    "assemblyman",
    "assemblywoman",
    "mp",
    "mep",
    "lawmaker",
    "attorney",
    "lieutenant",
    "sergeant",
    "detective",
    "superintendent",
    "constable",
    "bishop",
    "archbishop",
    "cardinal",
    "rabbi",
    "imam",
    "reverend",
    "rev",
    "ayatollah",
    "marshal",
    "brigadier",
    "president-elect",
    "vice",
    "foreign",
    "defence",
    "defense",
    "state",
    "finance",
    "interior",
    "health",
    "of",
];

/// Role words that name a country's or a government's head: one class.
const LEADERS: &[&str] = &["president", "leader", "premier", "prime", "chancellor", "king", "queen", "emir"];

/// Nationality words, each with the country it names, so `US`, `U.S.` and `American` agree.
const NATIONS: &[(&str, &str)] = &[
    ("us", "us"),
    ("u.s.", "us"),
    ("american", "us"),
    ("russian", "russia"),
    ("russia", "russia"),
    ("british", "uk"),
    ("uk", "uk"),
    ("chinese", "china"),
    ("china", "china"),
    ("french", "france"),
    ("france", "france"),
    ("german", "germany"),
    ("germany", "germany"),
    ("turkish", "turkey"),
    ("turkey", "turkey"),
    ("syrian", "syria"),
    ("syria", "syria"),
    ("iranian", "iran"),
    ("iran", "iran"),
    ("israeli", "israel"),
    ("ukrainian", "ukraine"),
    ("ukraine", "ukraine"),
    ("indian", "india"),
    ("japanese", "japan"),
    ("italian", "italy"),
    ("spanish", "spain"),
    ("canadian", "canada"),
    ("australian", "australia"),
    ("european", "eu"),
    ("eu", "eu"),
    ("palestinian", "palestine"),
    ("egyptian", "egypt"),
    ("saudi", "saudi"),
    ("brazilian", "brazil"),
    ("mexican", "mexico"),
    ("korean", "korea"),
    ("polish", "poland"),
    ("irish", "ireland"),
    ("scottish", "scotland"),
];

/// Words before a short quote that make it a label, not speech: `the so-called “X”`.
static LABELS: &[&str] = &[
    "so-called",
    "dubbed",
    "called",
    "named",
    "nicknamed",
    "titled",
    "entitled",
    "headlined",
    "labelled",
    "labeled",
    "branded",
    "as",
];

/// Prepositions of place: a name after one is a place more often than a person.
static PLACE_PREPOSITIONS: &[&str] = &["in", "into", "from", "across", "throughout", "inside", "near", "outside"];

/// Whether `word` (any case, a trailing full stop aside) is in `set`.
fn lower_in(word: &str, set: &WordSet) -> bool {
    let w = word.trim_end_matches('.');
    if w.len() > 24 || !set.has_length(w.len()) {
        return false;
    }
    if w.is_ascii() { set.get_ascii(w).is_some() } else { set.get_ascii(&w.to_lowercase()).is_some() }
}

static SET_VERBS: LazyLock<WordSet> = LazyLock::new(|| WordSet::of_words(VERBS));
static SET_SUBJECT_ONLY: LazyLock<WordSet> = LazyLock::new(|| WordSet::of_words(SUBJECT_ONLY));
static SET_PARTICIPLES: LazyLock<WordSet> = LazyLock::new(|| WordSet::of_words(PARTICIPLES));
static SET_BETWEEN: LazyLock<WordSet> = LazyLock::new(|| WordSet::of_words(BETWEEN));
static SET_ROLES: LazyLock<WordSet> = LazyLock::new(|| WordSet::of_words(ROLES));
static SET_LABELS: LazyLock<WordSet> = LazyLock::new(|| WordSet::of_words(LABELS));
static SET_PLACE_PREPOSITIONS: LazyLock<WordSet> = LazyLock::new(|| WordSet::of_words(PLACE_PREPOSITIONS));
static SET_NOT_PEOPLE: LazyLock<WordSet> = LazyLock::new(|| WordSet::of_words(NOT_PEOPLE));
static SET_STOP_WORDS: LazyLock<WordSet> =
    LazyLock::new(|| WordMap::of(crate::text::stop_words().filter(|w| w.is_ascii()).map(|w| (w, ()))));
static SET_ABBREVIATIONS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::of_words(crate::text::sentences::ABBREVIATIONS));
static MAP_REPORTING: LazyLock<WordMap<Reporting>> = LazyLock::new(|| {
    let verbs = VERBS.iter().map(|&w| (w, Reporting::Verb));
    WordMap::of(verbs.chain(PARTICIPLES.iter().map(|&w| (w, Reporting::Participle))))
});
static SET_NEVER_IN_NAMES: LazyLock<WordSet> = LazyLock::new(|| {
    let stop_words = crate::text::stop_words().filter(|w| w.is_ascii());
    let lists = ROLES.iter().chain(HONORIFICS.iter().map(|(w, _)| w)).chain(NATIONS.iter().map(|(w, _)| w));
    WordMap::of(stop_words.chain(lists.copied()).map(|w| (w, ())))
});
static MAP_NATIONS: LazyLock<WordMap<&'static str>> = LazyLock::new(|| WordMap::of(NATIONS.iter().copied()));
static MAP_HONORIFICS: LazyLock<WordMap<Option<Gender>>> = LazyLock::new(|| WordMap::of(HONORIFICS.iter().copied()));

/// [`crate::text::is_stop_word`], quicker on an ASCII word (most are): the function words
/// that are ASCII, which are all an ASCII word can be, in a [`WordMap`].
fn is_stop_word(word: &str) -> bool {
    if word.is_ascii() {
        word.len() <= 24 && SET_STOP_WORDS.get_ascii(word).is_some()
    } else {
        crate::text::is_stop_word(word)
    }
}

/// The country a nationality word (any ASCII case) names.
fn nation(word: &str) -> Option<&'static str> {
    MAP_NATIONS.get_ascii(word)
}

/// Whether a word (any ASCII case, a trailing full stop aside) is an honorific, and the
/// gender it says.
fn honorific(word: &str) -> Option<Option<Gender>> {
    MAP_HONORIFICS.get_ascii(word.trim_end_matches('.'))
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A word without its possessive ending (`Putin’s` → `Putin`).
fn bare(word: &str) -> &str {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).or_else(|| word.strip_suffix('’')).unwrap_or(word)
}

/// Lower-case particles inside names: `Bashar al-Assad`, `Ursula von der Leyen`.
fn is_particle(word: &str) -> bool {
    matches!(word, "al" | "bin" | "ibn" | "de" | "da" | "del" | "van" | "von" | "der" | "la" | "le" | "du" | "dos")
}

/// A lower-case word that may stand before a name to say who they are (`resident`,
/// `striker`, `economist`): not a function word, not a verb of reporting.
fn is_descriptor(word: &str) -> bool {
    word.chars().all(char::is_lowercase) && word.len() > 3 && !is_stop_word(word) && !lower_in(word, &SET_VERBS)
}

/// Last words of a run of capitalised words that make it an organisation or a place.
static NOT_PEOPLE: &[&str] = &[
    "bank",
    "state",
    "states",
    "ministry",
    "council",
    "party",
    "union",
    "company",
    "group",
    "news",
    "agency",
    "association",
    "committee",
    "court",
    "university",
    "department",
    "office",
    "times",
    "post",
    "club",
    "street",
    "road",
    "city",
    "square",
    "sea",
    "river",
    "bay",
    "kingdom",
    "republic",
    "nations",
    "assembly",
    "parliament",
    "congress",
    "house",
    "senate",
    "hall",
    "airport",
    "station",
    "hospital",
    "school",
    "college",
    "institute",
    "foundation",
    "fund",
    "organization",
    "organisation",
    "forces",
    "army",
    "police",
    "front",
    "movement",
    "summit",
    "county",
    "province",
    "region",
    "valley",
    "island",
    "islands",
    "park",
    "centre",
    "center",
    "church",
    "service",
    "television",
    "radio",
    "press",
    "network",
    "board",
    "commission",
    "government",
    "administration",
    "cup",
    "league",
];

fn is_name_word(word: &str) -> bool {
    capitalised(word) && word.chars().any(char::is_lowercase) && !never_in_names(word)
}

/// Whether a word is a function word, a role, an honorific or a nation: never part of a name.
fn never_in_names(word: &str) -> bool {
    if word.is_ascii() && !word.ends_with('.') {
        // The four tests agree on such a word as it is: one lookup in their union.
        return SET_NEVER_IN_NAMES.get_ascii(word).is_some();
    }
    is_stop_word(word) || lower_in(word, &SET_ROLES) || honorific(word).is_some() || nation(word).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

// ---------------------------------------------------------------------------------------
// People named in the article.

#[derive(Debug, Default)]
struct Person {
    /// The longest form of the name the article gives.
    full: String,
    /// The number of words in `full`.
    words: usize,
    /// The last word of the name.
    surname: String,
    /// Role words the article gives the person, lower case, nations as their country.
    roles: Vec<String>,
    gender: Option<Gender>,
    /// A title or honorific vouches for a person.
    titled: bool,
    /// Named after a preposition of place (`in Moscow`).
    placeish: bool,
}

/// A place in the article: paragraph and byte offset.
type At = (usize, usize);

struct People {
    people: Vec<Person>,
    /// Each mention of a person (outside quotes), in text order.
    mentions: Vec<(At, usize)>,
    /// Words the article capitalises inside a sentence (outside quotes), lower case by
    /// hash: a capital that only ever opens a sentence (`Police said`, `Critics said`) is
    /// no name.
    capitalised_inside: crate::text::HashSet64,
}

/// A name found in a paragraph's tokens: its word tokens `start..end`, and what stood before.
#[derive(Debug, Clone, Copy)]
struct NameRun {
    start: usize,
    end: usize,
}

impl NameRun {
    /// The number of words.
    fn len(self) -> usize {
        self.end - self.start
    }

    /// The name as written, without possessive endings, its words joined by spaces.
    fn name(self, p: &Para<'_>) -> String {
        let words: Vec<&str> = (self.start..self.end).filter_map(|i| p.word(i)).map(bare).collect();
        words.join(" ")
    }
}

impl People {
    fn of(paragraphs: &[Para<'_>]) -> Self {
        let mut people: Vec<Person> = Vec::new();
        // Each person's index in `people` by surname.
        let mut by_surname: crate::text::FnvMap<&str, usize> = crate::text::FnvMap::default();
        let mut runs: Vec<(usize, NameRun)> = Vec::new();
        // Pass 1: names with a title, an honorific or a reporting verb make people.
        for (k, p) in paragraphs.iter().enumerate() {
            // A name starts with a capital, and not inside the name before.
            let mut next = 0;
            for &t in p.capitals {
                if t < next {
                    continue;
                }
                let Some(run) = name_run_at(p, t) else { continue };
                next = run.end;
                runs.push((k, run));
                let (roles, gender, titled) = roles_before(p, run.start);
                let speaks = || subject_of_verb(p, run.end) || object_of_inverted_verb(p, run.start);
                // Two or three capitalised words not after `the` or a preposition of place,
                // not ending like an organisation: a person's name, most likely.
                let looks_like_person = || {
                    let before = run.start.checked_sub(1).and_then(|b| p.word(b));
                    (2..=3).contains(&run.len())
                        && p.word(run.end - 1).is_some_and(|w| !lower_in(bare(w), &SET_NOT_PEOPLE))
                        && !before
                            .is_some_and(|b| b.eq_ignore_ascii_case("the") || lower_in(b, &SET_PLACE_PREPOSITIONS))
                };
                if !(titled || speaks() || looks_like_person()) {
                    continue;
                }
                let Some(surname) = p.word(run.end - 1).map(bare) else { continue };
                let idx = *by_surname.entry(surname).or_insert_with(|| {
                    people.push(Person { surname: surname.to_owned(), ..Person::default() });
                    people.len() - 1
                });
                let person = &mut people[idx];
                if run.len() > person.words {
                    person.full = run.name(p);
                    person.words = run.len();
                }
                for r in roles {
                    if !person.roles.contains(&r) {
                        person.roles.push(r);
                    }
                }
                person.gender = person.gender.or(gender);
                person.titled |= titled;
            }
        }
        // Pass 2: every run whose last word is a person's surname is a mention of them.
        let mut mentions = Vec::new();
        for (k, run) in runs {
            let p = &paragraphs[k];
            let Some(last) = p.word(run.end - 1).map(bare) else { continue };
            if let Some(&i) = by_surname.get(last) {
                mentions.push(((k, p.offset(run.start)), i));
                if run.len() > people[i].words && run.len() <= 3 {
                    people[i].full = run.name(p);
                    people[i].words = run.len();
                }
                let before = run.start.checked_sub(1).and_then(|b| p.word(b));
                if run.len() == 1 && before.is_some_and(|w| lower_in(w, &SET_PLACE_PREPOSITIONS)) {
                    people[i].placeish = true;
                }
            }
        }
        let capitals = paragraphs.iter().map(|p| p.capitals.len()).sum();
        let mut capitalised_inside = crate::text::HashSet64::with_capacity_and_hasher(capitals, Default::default());
        for p in paragraphs {
            for &t in p.capitals {
                let opens_sentence = p.sentences.binary_search_by_key(&t, |r| r.start).is_ok();
                if !opens_sentence && let Some(w) = p.word(t) {
                    capitalised_inside.insert(crate::text::hash_str(bare(w)));
                }
            }
        }
        People { people, mentions, capitalised_inside }
    }

    /// Whether a person is named: not one capitalised word that only ever opens a sentence.
    fn named(&self, p: &Person) -> bool {
        p.titled || p.full.contains(' ') || !self.only_opens_sentences(&p.surname)
    }

    /// Whether the single word `w` opening a sentence is a common noun: the article never
    /// capitalises it inside a sentence, and no title names it.
    fn only_opens_sentences(&self, w: &str) -> bool {
        !self.capitalised_inside.contains(&crate::text::hash_str(w))
            && !self.people.iter().any(|p| p.surname == w && p.titled)
    }

    fn by_name(&self, name: &str) -> Option<&Person> {
        let last = name.rsplit(' ').next().map(bare)?;
        let found = self.people.iter().find(|p| p.surname == last);
        // `Ms Li` for `Li Wei`: a family name written first.
        let longer = || self.people.iter().find(|p| p.full.contains(' ') && p.full.split(' ').any(|w| w == last));
        match found {
            Some(p) if !p.full.contains(' ') => longer().or(found),
            _ => found,
        }
    }

    /// The people mentioned before `at`, latest first.
    fn before(&self, at: At) -> impl Iterator<Item = &Person> {
        let n = self.mentions.partition_point(|(m, _)| *m < at);
        self.mentions[..n].iter().rev().map(|&(_, i)| &self.people[i])
    }

    fn resolve(&self, who: &Who, at: At) -> Option<String> {
        match who {
            Who::Name(n) => Some(self.by_name(n).map_or_else(|| n.clone(), |p| p.full.clone())),
            Who::Opening(n) if self.only_opens_sentences(n) => None,
            Who::Opening(n) => Some(self.by_name(n).map_or_else(|| n.clone(), |p| p.full.clone())),
            Who::Pronoun(g) => self
                .before(at)
                .find(|p| self.named(p) && !p.placeish && p.gender.is_none_or(|pg| pg == *g))
                .map(|p| p.full.clone()),
            Who::Role(words) => {
                let fits = |p: &Person| role_fits(words, &p.roles);
                self.before(at)
                    .find(|p| fits(p))
                    .or_else(|| self.before(at).find(|p| self.named(p) && p.roles.is_empty() && !p.placeish))
                    .map(|p| p.full.clone())
            }
            Who::Nobody | Who::Inherit => None,
        }
    }
}

/// Whether a role (`the Russian leader`: its words, lower case, nations as countries) fits a
/// person given `roles`.
fn role_fits(words: &[String], roles: &[String]) -> bool {
    let Some(head) = words.last() else { return false };
    let leader = |w: &str| LEADERS.contains(&w);
    let head_fits = roles.iter().any(|r| r == head) || (leader(head) && roles.iter().any(|r| leader(r)));
    let nations_agree = words.iter().filter(|w| is_country(w)).all(|w| {
        let theirs: Vec<&String> = roles.iter().filter(|r| is_country(r)).collect();
        theirs.is_empty() || theirs.contains(&w)
    });
    head_fits && nations_agree
}

fn is_country(w: &str) -> bool {
    NATIONS.iter().any(|(_, n)| *n == w)
}

/// The name starting at token `t`: capitalised words (particles inside), not titles,
/// honorifics or function words; `None` when token `t` starts none.
fn name_run_at(p: &Para<'_>, t: usize) -> Option<NameRun> {
    if !p.name_word(t) {
        return None;
    }
    // A name starts a run: the word before is not itself a name word.
    let mut end = t + 1;
    while let Some(w) = p.word(end) {
        let prev = p.word(end - 1).unwrap_or("");
        if p.name_word(end) && bare(prev) == prev {
            end += 1;
        } else if is_particle(w) && p.name_word(end + 1) {
            end += 2;
        } else {
            break;
        }
        if end - t >= 4 {
            break;
        }
    }
    Some(NameRun { start: t, end })
}

/// The roles, gender and whether a title vouches for the name starting at token `start`:
/// `Russian President Vladimir Putin`, `Kremlin spokesman Dmitry Peskov`, `Mr Obama`,
/// `the Russian president, Vladimir Putin`.
fn roles_before(p: &Para<'_>, start: usize) -> (Vec<String>, Option<Gender>, bool) {
    let mut roles = Vec::new();
    let mut gender = None;
    let mut titled = false;
    let mut t = start;
    // An apposition: `president, Vladimir Putin`.
    if t >= 2 && matches!(p.toks[t - 1], Tok::Punct(',', _)) && p.word(t - 2).is_some_and(|w| lower_in(w, &SET_ROLES)) {
        t -= 1;
    }
    let mut steps = 0;
    while t > 0 && steps < 5 {
        let Some(w) = p.word(t - 1) else { break };
        if let Some(g) = honorific(w) {
            gender = gender.or(g);
            titled = true;
        } else if lower_in(w, &SET_ROLES) {
            if w != "of" {
                titled = true;
                roles.push(w.trim_end_matches('.').to_lowercase());
            }
        } else if let Some(n) = nation(w) {
            roles.push(n.to_owned());
        } else if titled && capitalised(w) && !is_stop_word(w) {
            // `Kremlin spokesman`: what the role belongs to.
            roles.push(w.to_lowercase());
        } else {
            break;
        }
        t -= 1;
        steps += 1;
    }
    (roles, gender, titled)
}

/// Whether the words after token `end` (a name's end) are a reporting verb (`Putin said`,
/// `Putin also said`, `Putin was quoted as saying`).
fn subject_of_verb(p: &Para<'_>, end: usize) -> bool {
    let mut t = end;
    while p.word(t).is_some_and(|w| lower_in(w, &SET_BETWEEN)) {
        t += 1;
    }
    p.word(t).is_some_and(|w| lower_in(w, &SET_VERBS) || w == "was" && p.word(t + 1) == Some("quoted"))
}

/// Whether the name starting at token `start` follows an inverted reporting verb (`said
/// Putin`, `according to Putin`, `quoted Putin as saying`), titles between.
fn object_of_inverted_verb(p: &Para<'_>, start: usize) -> bool {
    let mut t = start;
    let mut descriptors = 0;
    while t > 0
        && let Some(w) = p.word(t - 1)
    {
        if lower_in(w, &SET_ROLES) || nation(w).is_some() || honorific(w).is_some() {
            t -= 1;
        } else if descriptors < 2 && is_descriptor(w) {
            descriptors += 1;
            t -= 1;
        } else {
            break;
        }
    }
    let Some(w) = t.checked_sub(1).and_then(|b| p.word(b)) else { return false };
    (lower_in(w, &SET_VERBS) && (!lower_in(w, &SET_SUBJECT_ONLY) || w == "quoted"))
        || (w == "to" && t >= 2 && p.word(t - 2).is_some_and(|a| a.eq_ignore_ascii_case("according")))
}

// ---------------------------------------------------------------------------------------
// Attribution.

/// Who a reporting verb says spoke.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Who {
    /// A name as written.
    Name(String),
    /// One capitalised word opening its sentence: a name, or a common noun (`Police`).
    Opening(String),
    /// `he` or `she`.
    Pronoun(Gender),
    /// `the Russian president`: its words, lower case, nations as countries.
    Role(Vec<String>),
    /// Someone the article does not name (`officials`, `they`, `a spokesman`).
    Nobody,
    /// A participle: the subject of the sentence's other verb.
    Inherit,
}

/// A reporting verb in a sentence: its token and who it says spoke.
#[derive(Debug)]
struct Verb {
    tok: usize,
    who: Who,
    /// Where the speaker's words are (for pronouns and roles: the last person before it).
    at: usize,
}

/// The reporting verbs of the sentence `range` of `p`.
fn verbs(p: &Para<'_>, range: std::ops::Range<usize>) -> Vec<Verb> {
    let mut out = Vec::new();
    for (t, tok) in p.toks.iter().enumerate().take(range.end).skip(range.start) {
        let Tok::Word(s, e, shape) = *tok else { continue };
        let Some(w) = p.text.get(s..e) else { continue };
        if w.eq_ignore_ascii_case("according") && p.word(t + 1) == Some("to") {
            let (who, at) = who_after(p, t + 2, range.end);
            out.push(Verb { tok: t, who, at });
            continue;
        }
        let Some(kind) = reporting(w, shape) else { continue };
        if kind == Reporting::Participle {
            if !(w == "saying" && t >= 2 && p.word(t - 1) == Some("as")) {
                // (`quoted as saying`: the verb is `quoted`.)
                out.push(Verb { tok: t, who: Who::Inherit, at: t });
            }
            continue;
        }
        let lw = w.to_lowercase();
        let passive =
            lw == "quoted" && t > 0 && p.word(t - 1).is_some_and(|b| matches!(b, "was" | "is" | "were" | "been"));
        let subject_end = if passive { t - 1 } else { t };
        let (mut who, mut at) = who_before(p, subject_end, range.start);
        if who == Who::Inherit && lw == "quoted" && !passive {
            // `Interfax quoted Peskov as saying`: the speaker is the object.
            (who, at) = who_after(p, t + 1, range.end);
        } else if who == Who::Inherit && (!lower_in(&lw, &SET_SUBJECT_ONLY) || inverted_after_quote(p, t, &lw)) {
            (who, at) = who_after(p, t + 1, range.end);
        }
        out.push(Verb { tok: t, who, at });
    }
    out
}

/// `“Who will pay?” asked Senator Whitaker`: a verb whose object usually follows it is
/// inverted when it comes straight after a quote.
fn inverted_after_quote(p: &Para<'_>, t: usize, verb: &str) -> bool {
    let mut b = t;
    while b > 0 && matches!(p.toks[b - 1], Tok::Punct(',', _)) {
        b -= 1;
    }
    matches!(verb, "asked" | "asks" | "urged" | "promised") && b > 0 && matches!(p.toks[b - 1], Tok::Quote(_))
}

/// The subject ending before token `t` (`Putin`, `Mr Obama`, `he`, `the US president`,
/// `officials`); `Who::Inherit` when there is none.
fn who_before(p: &Para<'_>, t: usize, floor: usize) -> (Who, usize) {
    let mut j = t;
    while j > floor && p.word(j - 1).is_some_and(|w| lower_in(w, &SET_BETWEEN)) {
        j -= 1;
    }
    if j == floor {
        return (Who::Inherit, t);
    }
    if matches!(p.toks[j - 1], Tok::Punct(',', _)) {
        return apposition(p, j - 1, floor).unwrap_or((Who::Inherit, t));
    }
    let Some(w) = p.word(j - 1) else { return (Who::Inherit, t) };
    let at = j - 1;
    match w.to_lowercase().as_str() {
        "he" => return (Who::Pronoun(Gender::Male), at),
        "she" => return (Who::Pronoun(Gender::Female), at),
        "they" | "we" | "i" | "you" | "it" | "who" | "which" | "that" | "one" | "others" | "some" => {
            return (Who::Nobody, at);
        }
        _ => {}
    }
    if p.bare_name_word(j - 1) || is_particle(w) {
        let mut s = j - 1;
        while s > floor && (p.name_word(s - 1) || p.word(s - 1).is_some_and(is_particle)) && j - s < 4 {
            s -= 1;
        }
        while s < j && p.word(s).is_some_and(is_particle) {
            s += 1;
        }
        let name: Vec<&str> = (s..j).filter_map(|i| p.word(i)).collect();
        if s == floor && name.len() == 1 {
            return (Who::Opening(bare(name[0]).to_owned()), at);
        }
        return (Who::Name(name.join(" ")), at);
    }
    role_ending_at(p, j, floor).map_or((Who::Inherit, t), |who| (who, at))
}

/// The subject before an apposition that ends at the comma `comma`: `the chief executive,
/// Rachel Kim, said` (the name between the commas), `Mr Adeyemi, the finance minister, said`
/// or `Li Wei, an economist at Eastbridge Bank, said` (the subject before them).
fn apposition(p: &Para<'_>, comma: usize, floor: usize) -> Option<(Who, usize)> {
    let mut k = comma;
    let mut steps = 0;
    loop {
        if k == floor || steps > 12 {
            return None;
        }
        k -= 1;
        steps += 1;
        match p.toks[k] {
            Tok::Punct(',', _) => break,
            Tok::Word(..) => {}
            _ => return None,
        }
    }
    let segment: Vec<&str> = (k + 1..comma).filter_map(|i| p.word(i)).collect();
    let first = segment.first()?;
    if segment.iter().all(|w| is_name_word(bare(w)) || is_particle(w)) && segment.len() <= 4 {
        return Some((Who::Name(segment.iter().map(|w| bare(w)).collect::<Vec<_>>().join(" ")), k + 1));
    }
    let opens =
        matches!(first.to_lowercase().as_str(), "a" | "an" | "the" | "who" | "whose" | "his" | "her" | "its" | "their")
            || lower_in(first, &SET_ROLES)
            || nation(first).is_some();
    if !opens {
        return None;
    }
    match who_before(p, k, floor) {
        (Who::Inherit, _) => None,
        found => Some(found),
    }
}

/// A role phrase ending before token `j`: `the (Russian) president`, `the US leader`;
/// plural or indefinite ones are `Nobody`.
fn role_ending_at(p: &Para<'_>, j: usize, floor: usize) -> Option<Who> {
    let head = p.word(j - 1)?;
    let lower_head = head.to_lowercase();
    let is_role = lower_in(&lower_head, &SET_ROLES) && lower_head != "of";
    let plural = lower_head.ends_with('s') && !is_role && lower_head.len() > 3;
    if !is_role && !plural {
        return None;
    }
    let mut words = vec![lower_head];
    let mut s = j - 1;
    while s > floor && words.len() < 5 {
        let w = p.word(s - 1)?;
        let lw = w.to_lowercase();
        match lw.as_str() {
            "the" => {
                words.reverse();
                return Some(if plural { Who::Nobody } else { Who::Role(role_words(&words)) });
            }
            "a" | "an" | "his" | "her" | "their" | "its" | "our" | "some" | "two" | "several" | "many" => {
                return Some(Who::Nobody);
            }
            _ => {}
        }
        if is_stop_word(w) && nation(w).is_none() && lw != "of" {
            break;
        }
        words.push(lw);
        s -= 1;
    }
    // No article: `officials said`, `diplomats said`.
    plural.then_some(Who::Nobody)
}

/// Role words with nations as their countries and `secretary of state` as `secretary`.
fn role_words(words: &[String]) -> Vec<String> {
    words.iter().map(|w| nation(w).map_or_else(|| w.clone(), str::to_owned)).collect()
}

/// The speaker after token `t` (inverted: `said Putin`, `said the diplomats`, `said Kremlin
/// spokesman Dmitry Peskov`, `said he`).
fn who_after(p: &Para<'_>, t: usize, end: usize) -> (Who, usize) {
    let mut s = t;
    let mut role: Vec<String> = Vec::new();
    let mut determiner = None;
    while s < end {
        let Some(w) = p.word(s) else { break };
        let lw = w.to_lowercase();
        if lw == "the" || lw == "a" || lw == "an" {
            determiner = Some(lw);
        } else if lower_in(w, &SET_ROLES) || nation(w).is_some() || honorific(w).is_some() {
            if honorific(w).is_none() && lw != "of" {
                role.push(nation(w).map_or(lw, str::to_owned));
            }
        } else if capitalised(w) && role.is_empty() && determiner.is_none() && !p.bare_name_word(s) {
            // `said Kremlin spokesman`: what the role belongs to.
            role.push(lw);
        } else if determiner.is_none()
            && s - t < 2
            && is_descriptor(w)
            && (p.bare_name_word(s + 1) || p.word(s + 1).is_some_and(is_descriptor))
        {
            // `said resident Maggie Doyle`, `said protester Jade Nkemelu`.
        } else {
            break;
        }
        s += 1;
    }
    let Some(w) = p.word(s) else {
        return if role.is_empty() { (Who::Inherit, t) } else { (role_or_nobody(determiner.as_deref(), role), t) };
    };
    match w.to_lowercase().as_str() {
        "he" if s == t => return (Who::Pronoun(Gender::Male), s),
        "she" if s == t => return (Who::Pronoun(Gender::Female), s),
        _ => {}
    }
    if p.bare_name_word(s) {
        let mut e = s + 1;
        while e < end && (p.bare_name_word(e) || p.word(e).is_some_and(is_particle)) && e - s < 4 {
            if bare(p.word(e - 1).unwrap_or("")) != p.word(e - 1).unwrap_or("") {
                break;
            }
            e += 1;
        }
        // `said Treasury spokeswoman Alice Grant`: what the role belongs to, then the name.
        let mut r = e;
        while r < end && r - e < 3 && p.word(r).is_some_and(|b| lower_in(b, &SET_ROLES) && b != "of") {
            r += 1;
        }
        if r > e && p.bare_name_word(r) {
            return who_after(p, r, end);
        }
        let name: Vec<&str> = (s..e).filter_map(|i| p.word(i)).map(bare).collect();
        return (Who::Name(name.join(" ")), s);
    }
    if determiner.is_some() || !role.is_empty() {
        // `said the diplomats`, `said the president`.
        let lw = w.to_lowercase();
        if role.is_empty() && lw.ends_with('s') {
            return (Who::Nobody, s);
        }
        if !role.is_empty() {
            return (role_or_nobody(determiner.as_deref(), role), s);
        }
    }
    (Who::Inherit, t)
}

fn role_or_nobody(determiner: Option<&str>, role: Vec<String>) -> Who {
    match determiner {
        Some("the") if role.last().is_some_and(|h| lower_in(h, &SET_ROLES)) => Who::Role(role),
        _ => Who::Nobody,
    }
}

/// Finds, attributes and classifies the quotes of one paragraph, appending them to `out`.
fn attribute(p: &Para<'_>, people: &People, out: &mut Vec<Found>) {
    if p.spans.is_empty() {
        return;
    }
    // Each sentence's reporting verbs, read when first asked: those of a sentence with a
    // quote always, the others only for a quote whose own sentence names nobody.
    let sentence_verbs: Vec<std::cell::OnceCell<Vec<Verb>>> =
        p.sentences.iter().map(|_| std::cell::OnceCell::new()).collect();
    let verbs_of = |o: usize| -> &[Verb] {
        match (sentence_verbs.get(o), p.sentences.get(o)) {
            (Some(cell), Some(range)) => cell.get_or_init(|| verbs(p, range.clone())),
            _ => &[],
        }
    };
    // The speaker sentence `o`'s verbs name, resolved: for quotes with none of their own.
    let resolved = |o: usize| {
        verbs_of(o)
            .iter()
            .filter(|v| !matches!(v.who, Who::Inherit | Who::Nobody))
            .find_map(|v| people.resolve(&v.who, (p.index, p.offset(v.at))))
    };
    let only_quote = p.toks.iter().filter(|t| !matches!(t, Tok::Punct(..))).count() == 1
        && matches!(p.toks.first(), Some(Tok::Quote(_)));
    for (si, range) in p.sentences.iter().enumerate() {
        let quote_toks: Vec<usize> = range.clone().filter(|&t| matches!(p.toks[t], Tok::Quote(_))).collect();
        if quote_toks.is_empty() {
            continue;
        }
        let vs = verbs_of(si);
        let mut last_in_sentence: Option<usize> = None; // index into `out` of the last quote here
        for (n, &qt) in quote_toks.iter().enumerate() {
            let Tok::Quote(qi) = p.toks[qt] else { continue };
            let span = p.spans[qi];
            let raw = &p.text[span.start..span.end];
            let text = raw.trim().trim_end_matches(',').trim_end().to_owned();
            if text.is_empty() {
                continue;
            }
            // The verb that governs it: the nearest; a participle takes the sentence's subject.
            let nearest = vs.iter().min_by_key(|v| (v.tok.abs_diff(qt), v.tok < qt));
            let explicit = nearest.is_some();
            let mut speaker = None;
            let mut nobody = false;
            if let Some(v) = nearest {
                match &v.who {
                    Who::Nobody => nobody = true,
                    Who::Inherit => {
                        let by = vs
                            .iter()
                            .filter(|o| !matches!(o.who, Who::Inherit))
                            .min_by_key(|o| (o.tok.abs_diff(qt), o.tok));
                        match by {
                            Some(o) if o.who == Who::Nobody => nobody = true,
                            Some(o) => speaker = people.resolve(&o.who, (p.index, p.offset(o.at))),
                            None => {}
                        }
                    }
                    who => speaker = people.resolve(who, (p.index, p.offset(v.at))),
                }
            }
            if speaker.is_none() && !nobody && !explicit {
                // Another sentence of the paragraph says who: the nearest before, then after.
                speaker = (0..si).rev().chain(si + 1..p.sentences.len()).find_map(resolved);
            }
            // A reporting verb before it, naming someone, governs it (`said there had been`).
            let verb_before = vs.iter().any(|v| v.tok < qt && !matches!(v.who, Who::Inherit | Who::Nobody));
            // Full or partial: a full quote starts its sentence (or follows `said:`/`said,`)
            // with a capital.
            let before = qt.checked_sub(1).filter(|&b| b >= range.start).map(|b| p.toks[b]);
            let opens_clause = match before {
                None => true,
                Some(Tok::Punct(':', _)) => true,
                Some(Tok::Punct(',', _)) => verb_before,
                Some(Tok::Word(s, e, _)) => lower_in(&p.text[s..e], &SET_VERBS),
                _ => false,
            };
            let capital = text.chars().find(|c| c.is_alphanumeric() || *c == '[').is_some_and(|c| !c.is_lowercase());
            let partial = !(opens_clause && capital);

            // Split by its attribution: `“For now,” Putin said, “it is too early”`.
            if n > 0
                && let Some(li) = last_in_sentence
                && let Some(&prev_t) = quote_toks.get(n - 1)
            {
                let between = &p.toks[prev_t + 1..qt];
                let ends_comma = matches!(between.last(), Some(Tok::Punct(',', _)));
                let has_verb = vs.iter().any(|v| v.tok > prev_t && v.tok < qt);
                let lower_start = text.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_lowercase);
                let prev_raw = p.spans.get(qi - 1).map_or("", |s| &p.text[s.start..s.end]);
                let prev_comma = prev_raw.trim_end().ends_with(',');
                if ends_comma && has_verb && lower_start && prev_comma {
                    let q = &mut out[li];
                    q.dropped = false;
                    q.text.push_str(", ");
                    q.text.push_str(&text);
                    q.open = span.unclosed;
                    if q.speaker.is_none() {
                        q.speaker = speaker;
                    }
                    continue;
                }
            }

            let short = crate::text::at_most_words(&text, 2);
            let label_before = before
                .is_some_and(|b| matches!(b, Tok::Word(s, e, _) if lower_in(&p.text[s..e], &SET_LABELS)))
                || (qt >= 2
                    && p.word(qt - 2).is_some_and(|w| lower_in(w, &SET_LABELS))
                    && p.word(qt - 1).is_some_and(|w| matches!(w, "a" | "the" | "it")));
            // One or two words: a quote when it stands alone with its own reporting verb
            // (`“I’m delighted,” she said`), or when a verb naming someone governs it
            // (`Mr Putin said there had been some “alignment”`); else scare quotes.
            let dropped = if short {
                let alone = !partial && explicit;
                let reported = partial && verb_before && speaker.is_some();
                !(alone || reported) || label_before
            } else {
                is_title(&text) || (label_before && crate::text::at_most_words(&text, 6))
            };
            let at_start = span.open == 0;
            out.push(Found {
                text,
                speaker,
                partial,
                paragraph: p.index as u32,
                open: span.unclosed,
                at_start,
                alone: only_quote,
                explicit: explicit || nobody,
                dropped,
            });
            last_in_sentence = Some(out.len() - 1);
        }
    }
}

/// Title-cased words without an end mark: the title of a work (`“War and Peace”`), not speech.
fn is_title(text: &str) -> bool {
    if text.ends_with(['.', '?', '!', ',', '…']) || !crate::text::at_most_words(text, 8) {
        return false;
    }
    let mut content = crate::text::words(text).filter(|w| !is_stop_word(w) || w.len() > 3).peekable();
    content.peek().is_some() && content.all(capitalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(paragraphs: &[&str]) -> Vec<Quote> {
        quotes(&paragraphs.iter().map(|p| Block::Paragraph((*p).to_owned())).collect::<Vec<_>>())
    }

    fn one(p: &str) -> (String, Option<String>, bool) {
        let found = q(&[p]);
        assert_eq!(found.len(), 1, "{p}: {found:?}");
        let x = found.into_iter().next().unwrap();
        (x.text, x.speaker, x.partial)
    }

    #[test]
    fn a_quote_before_said_is_the_speakers() {
        let (t, s, partial) = one("“The talks are very difficult,” Putin said.");
        assert_eq!((t.as_str(), s.as_deref(), partial), ("The talks are very difficult", Some("Putin"), false));
    }

    #[test]
    fn a_quote_split_by_its_attribution_is_one() {
        let (t, s, _) = one("“For now,” Putin said, “it is too early to say.”");
        assert_eq!(t, "For now, it is too early to say.");
        assert_eq!(s.as_deref(), Some("Putin"));
    }

    #[test]
    fn a_pronoun_is_the_last_person_named() {
        let found = q(&["Russian President Vladimir Putin spoke on Monday.", "“We are ready,” he said."]);
        assert_eq!(found[0].speaker.as_deref(), Some("Vladimir Putin"));
        assert_eq!(found[0].paragraph, 1);
    }

    #[test]
    fn mr_is_the_full_name_given_earlier() {
        let found = q(&["Barack Obama said talks would go on.", "“It is tough,” Mr Obama said."]);
        assert_eq!(found[0].speaker.as_deref(), Some("Barack Obama"));
    }

    #[test]
    fn a_role_is_the_last_person_given_it() {
        let found = q(&[
            "Russian President Vladimir Putin met US Secretary of State John Kerry.",
            "“We are close,” the Russian leader told the media.",
        ]);
        assert_eq!(found[0].speaker.as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn a_quote_goes_on_over_paragraphs() {
        let found = q(&["“We will go on,” Putin said. “It is not over.", "“We will win.”"]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[1].text, "It is not over. We will win.");
        assert_eq!(found[1].speaker.as_deref(), Some("Putin"));
    }

    #[test]
    fn scare_quotes_are_not_quotes_but_a_reported_word_is() {
        assert!(q(&["The two sides have fallen into a “vicious circle,” said the diplomats."]).is_empty());
        let (t, s, partial) = one("Mr Putin said there had been some “alignment”, insisting a deal was near.");
        assert_eq!((t.as_str(), s.as_deref(), partial), ("alignment", Some("Putin"), true));
    }

    proptest::proptest! {
        #[test]
        fn any_text_of_marks_names_and_verbs_never_panics(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "“", "”", "\"", "«", "»", "„", "「", "」", "‘", "’", "'", ",", ".", ":", "?", " ", " ", "\u{a0}",
                "Mr", "Putin", "Vladimir", "said", "told", "he", "the", "president", "according", "to", "U.S.",
                "was", "quoted", "as", "saying", "adding", "a", "spokesman", "é", "始", "Ms", "of", "State",
            ]), 0..60),
            paragraphs in 1usize..4,
        ) {
            let text: String = parts.concat();
            let n = text.len().max(1);
            let body: Vec<Block> = (0..paragraphs)
                .map(|i| {
                    let cut = text.char_indices().map(|(at, _)| at).find(|&at| at >= n * i / paragraphs).unwrap_or(0);
                    Block::Paragraph(text[cut..].to_owned())
                })
                .collect();
            for q in quotes(&body) {
                proptest::prop_assert!(!q.text.is_empty());
                proptest::prop_assert!((q.paragraph as usize) < body.len());
            }
        }
    }

    #[test]
    fn no_speaker_is_none() {
        let (_, s, _) = one("“It is too early to say,” officials said.");
        assert_eq!(s, None);
    }
}
