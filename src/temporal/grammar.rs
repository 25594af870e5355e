//! The grammar: one pattern per kind of expression (English, and the absolute dates of the
//! other languages through [`super::languages`]), searched as one, and the rules that read the numbers of a
//! match in context, so that a street number, a score, an amount, a count, a clock time or
//! a label's number is no date.
//!
//! Alternatives are tried leftmost first, and at one position in the order written: the
//! longer and more specific patterns (ranges, a day with its month and year) come before
//! the shorter ones they contain (a month, a bare year).

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::{Captures, Match, Regex};

use super::languages;
use crate::dates::regex;

/// English month names, in full.
pub(super) const FULL_MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
/// Full month names but `May` (a name and a modal as often as a month).
const FULL_MONTHS_NOT_MAY: &str = "January|February|March|April|June|July|August|September|October|November|December";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
/// Counts in words or digits.
pub(super) const NUMBER_WORDS: &str = r"\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

/// The grammar: every kind of expression, one named group each ([`super::resolve`] resolves
/// each): the English ones, then the absolute dates of the other languages (`5 septembre
/// 2016`, `5. September 2016`, `5 de setembro de 2016`, `5 сентября 2016 г.`, `в сентябре
/// 2016 года`, through [`super::languages`]). At one position the kinds are tried in the
/// order written, so an English match comes first where both start at one place.
pub(super) static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
    let year = r"(?:1[89]|20)\d{2}";
    let b = r"(?-u:\b)";
    let ord = r"(?:st|nd|rd|th)?";
    let unit = r"(?i:days?|weeks?|months?|years?)";
    let foreign = languages::month_pattern();
    Grammar::new(&[
        format!(r"(?P<iso>{b}\d{{4}}-\d{{2}}-\d{{2}}{b})"),
        format!(r"(?P<slash>{b}(?P<sa>\d{{1,2}})/(?P<sb>\d{{1,2}})/(?P<sly>\d{{4}}|\d{{2}}){b})"),
        format!(r"(?P<dotted>{b}(?P<da>\d{{1,2}})\.(?P<db>\d{{1,2}})\.(?P<dy>{year}){b})"),
        format!(r"(?P<yrange>{b}(?P<ya>{year})\s?(?:-|–|—|/)\s?(?P<yb>{year}|\d{{2}}){b})"),
        format!(
            r"(?P<mrange>{b}(?P<mrp>(?i:between|from)\s+)?(?P<ma>{FULL_MONTHS})(?:\s+(?i:and|to|until|till|through)\s+|\s?[-–/]\s?)(?P<mb>{FULL_MONTHS}){b}(?:,?\s+(?P<mry>{year}){b})?)"
        ),
        format!(r"(?P<my>{b}(?P<m3>{FULL_MONTHS})\s+(?P<y3>{year}){b})"),
        format!(
            r"(?P<drange>{b}(?:(?i:from|between|on|in)\s+)?(?P<dra>\d{{1,2}}){ord}\s*(?:-|–|(?i:to|and|until))\s*(?P<drb>\d{{1,2}}){ord}\s+(?:of\s+)?(?P<drm>{month}){b}\.?(?:,?\s+(?P<dry>{year}){b})?)"
        ),
        format!(
            r"(?P<mdrange>{b}(?:(?i:from|between|on|in)\s+)?(?P<mdm>{month})\.?\s+(?P<mda>\d{{1,2}}){ord}\s*(?:-|–|(?i:to|and|until|through))\s*(?P<mdb>\d{{1,2}}){ord}{b}(?:,?\s+(?P<mdry>{year}){b})?)"
        ),
        format!(r"(?P<mdy>{b}(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}}){ord}{b}(?:,?\s+(?P<y1>{year}){b})?)"),
        format!(r"(?P<dmy>{b}(?P<d2>\d{{1,2}}){ord}\s+(?:of\s+)?(?P<m2>{month}){b}\.?(?:,?\s+(?P<y2>{year}){b})?)"),
        format!(
            r"(?P<quarter>{b}(?:(?i:the)\s+)?(?P<qn>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))[\s-]+(?P<qu>(?i:quarter|half))\s+(?i:of)\s+(?:(?i:the\s+)?(?i:fiscal|financial)\s+(?:(?i:year)\s+)?)?(?:(?P<qy>{year}){b}|(?P<qrel>(?i:this|last|next|the\s+previous|the\s+same|the\s+following|the\s+current|the\s+past|the))\s+(?i:year){b}))"
        ),
        format!(r"(?P<qshort>{b}(?P<qq>Q[1-4]|H[12])\s+(?P<qy2>{year}){b})"),
        format!(
            r"(?P<fiscal>{b}(?:(?:(?i:the)\s+)?(?i:fiscal|financial)\s+(?:(?i:year)\s+)?|FY\s?)(?P<fiy>{year}){b})"
        ),
        format!(r"(?P<decade>{b}(?:(?i:the)\s+)?(?P<dec>(?:1[89]|20)\d0)'?s{b})"),
        format!(
            r"(?P<season>{b}(?:(?P<smod>(?i:last|this|next|past|coming))\s+(?P<sn>(?i:spring|summer|autumn|fall|winter)){b}|(?:(?i:the)\s+)?(?P<sn2>(?i:spring|summer|autumn|fall|winter))\s+(?:(?i:of)\s+)?(?P<sy>{year}){b}))"
        ),
        format!(
            r"(?P<samelast>{b}(?i:the\s+same\s+(?P<su>day|week|month|period|quarter|time))\s+(?i:a\s+year\s+(?:ago|earlier|before)|last\s+year|of\s+(?:the\s+)?(?:previous|prior|last)\s+year|the\s+(?:previous|prior)\s+year){b})"
        ),
        format!(
            r"(?P<sameday>{b}(?i:(?:the\s+)?(?:same|very)\s+day|that\s+(?:same\s+|very\s+)?day|(?:a|the|its)\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{{1,2}}(?:st|nd|rd|th))\s+(?:consecutive|straight|successive)\s+(?:trading\s+|business\s+)?(?:day|session)){b})"
        ),
        format!(
            r"(?P<theday>{b}(?i:(?:(?:end|ended|ending|ends|close|closed|closing|closes|finish|finished|finishing|finishes|start|started|starting|starts|began|begin|begins|open|opened|opening|opens)\s+(?:the|that)\s+(?:trading\s+)?day|(?:for|during|throughout|over)\s+the\s+(?:trading\s+)?day|(?:earlier|later|late|early)\s+in\s+the\s+(?:trading\s+)?day|(?:the\s+)?(?:start|beginning|end|close|rest|course)\s+of\s+(?:the\s+)?(?:trading\s+)?day)){b})"
        ),
        format!(
            r"(?P<prevday>{b}(?i:the\s+(?P<pdw>previous|preceding|following|next)\s+day{b}|the\s+day\s+(?P<pdw2>before|after|earlier|later)(?:[,.;:!?)]|\s*$)))"
        ),
        format!(
            r"(?P<theunit>{b}(?i:(?:(?:the\s+)?(?:start|beginning|end|middle|close|rest|remainder|turn)\s+of\s+|(?:earlier|later|early|late)\s+in\s+|(?:for|during|throughout|over)\s+)the\s+(?:current\s+)?(?P<tuu>year|month)){b})"
        ),
        format!(
            r"(?P<thatunit>{b}(?i:that\s+(?P<tu>week|month|year|time|date)|the\s+same\s+(?P<tu6>week|month|year)|the\s+(?P<tu2>year|month)\s+(?:before|previous|prior|earlier)|the\s+(?P<tu3>previous|preceding|prior|following)\s+(?P<tu4>year|month)|the\s+(?:entire|whole|full)\s+(?P<tu5>year|month)){b})"
        ),
        format!(
            r"(?P<rel>{b}(?P<rn>(?i:{NUMBER_WORDS}))\s+(?P<ru>{unit})\s+(?P<rw>(?i:later|earlier|afterwards|previously|before|after))(?:[,.;:!?)]|\s*$))"
        ),
        format!(
            r"(?P<weekof>{b}(?i:the)\s+(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(?i:week)\s+(?i:of)\s+(?P<wom>{FULL_MONTHS}){b}(?:,?\s+(?P<woy>{year}){b})?)"
        ),
        format!(
            r"(?P<monthrel>{b}(?P<m7>{FULL_MONTHS})\s+(?i:of)\s+(?P<mrel2>(?i:next|last|this|the\s+following|the\s+previous|the\s+same))\s+(?i:year){b})"
        ),
        format!(
            r"(?P<monthonly>{b}(?P<mmod>(?i:in|since|until|till|by|during|from|through|early|late|mid|end\ of|beginning\ of|start\ of|middle\ of|last|this|next))(?:\s+|-)(?P<m4>{FULL_MONTHS}){b}(?:\s+(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?{b})?(?:,?\s+(?P<y5>{year}){b}|\s+(?i:of)\s+(?P<mrel>(?i:next|last|this|the\s+following|the\s+previous|the\s+same))\s+(?i:year){b})?)"
        ),
        format!(
            r"(?P<monthof>{b}(?P<mmod2>(?i:of|as\ of|before|between|and|or|to|for))\s+(?P<m6>{FULL_MONTHS_NOT_MAY}){b})"
        ),
        format!(r"(?P<monthadj>{b}(?i:their|its|his|her|the|our|a|an)\s+(?P<m8>{FULL_MONTHS_NOT_MAY})\s+[a-z])"),
        format!(
            r"(?P<year>{b}(?P<yp>(?i:in|since|until|till|by|during|from|of|before|after|through|between|and|to|or|for|throughout))\s+(?P<y4>(?:19|20)\d{{2}}){b})"
        ),
        format!(r"(?P<relday>{b}(?i:yesterday|today|tomorrow|tonight){b})"),
        format!(
            r"(?P<period>{b}(?P<pmod>(?i:last|this|next|earlier\ this|later\ this|previous|past|coming))\s+(?P<unit>(?i:week|month|year)){b})"
        ),
        format!(r"(?P<ago>{b}(?P<n>(?i:{NUMBER_WORDS}))\s+(?P<u2>{unit})\s+(?i:ago){b})"),
        format!(r"(?P<inn>{b}(?i:in|within)\s+(?P<n2>(?i:{NUMBER_WORDS}))\s+(?P<u3>{unit}){b})"),
        format!(
            r"(?P<weekday>{b}(?:(?P<wmod>(?i:last|next|this|on|coming|past|until|till|by|before))\s+)?(?P<wd>{WEEKDAYS}){b})"
        ),
        format!(r"(?P<bare>{b}(?P<by>{year}){b})"),
        format!(
            r"(?P<fdmy>{b}(?P<fd>\d{{1,2}})(?:er|\.|º|°|ª)?\s+(?:de\s+)?(?P<fm>{foreign})(?:(?:\s+del?|,)?\s+(?P<fy>{year}){b}(?:\s*(?:г\.|года|году))?)?)"
        ),
        format!(r"(?P<fmy>(?P<fm2>{foreign})(?:\s+del?)?\s+(?P<fy2>{year}){b}(?:\s*(?:г\.|года|году))?)"),
    ])
});

/// The kinds of expression searched as one, and each kind alone: the search over all of them
/// says where the next expression is and which kind it is; the kind's own small pattern then
/// reads its groups (capturing with the whole grammar costs several times more).
pub(super) struct Grammar {
    /// Every kind, one pattern each, in order: leftmost-first over all, the first kind in
    /// order winning at one position, as one alternation would.
    any: regex_automata::meta::Regex,
    /// Each kind's pattern, by pattern number.
    kinds: Vec<String>,
    /// Each kind's pattern compiled alone, with its group names by group number: compiled
    /// the first time the kind matches (most articles meet a few of the kinds).
    each: Vec<OnceLock<Kind>>,
}

/// One kind's own pattern, its group names by group number, and a sieve of those names:
/// [`super::resolve`] asks a match for dozens of names, nearly all of another kind, and the
/// sieve turns most of them away without comparing a string.
struct Kind {
    regex: Regex,
    names: Vec<Option<String>>,
    sieve: u64,
}

/// A name's bit in a [`Kind`]'s sieve: from its length and its first and last bytes.
fn sieve_bit(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let (first, last) = (bytes.first().copied().unwrap_or(0), bytes.last().copied().unwrap_or(0));
    1 << ((bytes.len() * 7 + usize::from(first) * 3 + usize::from(last)) % 64)
}

/// A match of the grammar: the groups of its kind, found by name among the few that kind
/// has (a lookup in the regex's own name map hashes every name asked, present or not).
pub(super) struct Groups<'g, 'h> {
    caps: Captures<'h>,
    kind: &'g Kind,
}

impl<'h> Groups<'_, 'h> {
    /// Group `i`: 0 is the whole match.
    pub(super) fn get(&self, i: usize) -> Option<Match<'h>> {
        self.caps.get(i)
    }

    /// The group called `name`, when the match has it.
    pub(super) fn name(&self, name: &str) -> Option<Match<'h>> {
        if self.kind.sieve & sieve_bit(name) == 0 {
            return None;
        }
        let i = self.kind.names.iter().position(|n| n.as_deref() == Some(name))?;
        self.caps.get(i)
    }
}

impl Grammar {
    /// Compiles the kinds, each a verbose-mode pattern.
    fn new(kinds: &[String]) -> Self {
        let kinds: Vec<String> = kinds.iter().map(|k| format!("(?x){k}")).collect();
        // Only where a kind matches is asked of the whole grammar: no groups to compile.
        let config =
            regex_automata::meta::Config::new().which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit);
        #[allow(clippy::expect_used, reason = "literal patterns, each compiled by a unit test")]
        let any = regex_automata::meta::Builder::new()
            .configure(config)
            .build_many(&kinds)
            .expect("literal grammar compiles");
        let each = kinds.iter().map(|_| OnceLock::new()).collect();
        Grammar { any, kinds, each }
    }

    /// Kind `kind`'s own pattern and its group names.
    fn kind(&self, kind: usize) -> Option<&Kind> {
        let pattern = self.kinds.get(kind)?;
        Some(self.each.get(kind)?.get_or_init(|| {
            let regex = regex(pattern);
            let names: Vec<Option<String>> = regex.capture_names().map(|n| n.map(str::to_owned)).collect();
            let sieve = names.iter().flatten().fold(0, |sieve, n| sieve | sieve_bit(n));
            Kind { regex, names, sieve }
        }))
    }

    /// Whether `haystack` holds an expression.
    pub(super) fn is_match(&self, haystack: &str) -> bool {
        self.any.is_match(haystack)
    }

    /// Where the expressions of `haystack` are, leftmost-first, none overlapping.
    pub(super) fn find_iter<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = Range<usize>> + 'h {
        self.any.find_iter(haystack).map(|m| m.range())
    }

    /// The first expression at or after byte `at` of `haystack` (a character boundary, at
    /// most its length), with its groups.
    pub(super) fn captures_at<'h>(&self, haystack: &'h str, at: usize) -> Option<Groups<'_, 'h>> {
        let found = self.any.search(&regex_automata::Input::new(haystack).range(at..))?;
        let kind = found.pattern().as_usize();
        // The kind's own pattern matches at the same place, the same way: leftmost-first
        // within one kind is the whole grammar's choice once that kind won there.
        let kind = self.kind(kind)?;
        let caps = kind.regex.captures_at(haystack, found.start())?;
        Some(Groups { caps, kind })
    }

    /// The kinds' patterns, in order (for tests).
    #[cfg(test)]
    pub(super) fn kinds(&self) -> impl Iterator<Item = &str> {
        self.kinds.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole grammar as one alternation, as it was written before it was split by kind.
    static ALTERNATION: LazyLock<Regex> = LazyLock::new(|| {
        let kinds: Vec<&str> = GRAMMAR.kinds().map(|k| k.strip_prefix("(?x)").unwrap_or(k)).collect();
        regex(&format!("(?x){}", kinds.join("|")))
    });

    /// A match: its range (named "") and each named group's that took part.
    type Matched = Vec<(String, Range<usize>)>;

    /// Every match of `sentence`, searched on from each match's end as `find_all` does, by
    /// the split grammar and by the alternation.
    fn both(alternation: &Regex, sentence: &str) -> (Vec<Matched>, Vec<Matched>) {
        let mut split = Vec::new();
        let mut at = 0;
        while at <= sentence.len()
            && let Some(g) = GRAMMAR.captures_at(sentence, at)
        {
            let Some(whole) = g.get(0) else { break };
            let groups = g.kind.names.iter().flatten().filter_map(|n| Some((n.clone(), g.name(n)?.range())));
            split.push(std::iter::once((String::new(), whole.range())).chain(groups).collect());
            at = whole.end().max(at + 1);
            while !sentence.is_char_boundary(at) {
                at += 1;
            }
        }
        let mut joined = Vec::new();
        let mut at = 0;
        while at <= sentence.len()
            && let Some(c) = alternation.captures_at(sentence, at)
        {
            let Some(whole) = c.get(0) else { break };
            let groups = alternation.capture_names().flatten().filter_map(|n| Some((n.to_owned(), c.name(n)?.range())));
            joined.push(std::iter::once((String::new(), whole.range())).chain(groups).collect());
            at = whole.end().max(at + 1);
            while !sentence.is_char_boundary(at) {
                at += 1;
            }
        }
        (split, joined)
    }

    #[test]
    fn the_kinds_searched_as_one_match_as_their_alternation_does() {
        let alternation = &*ALTERNATION;
        let fixtures =
            [include_str!("../../tests/fixtures/timex_cases.tsv"), include_str!("../../tests/fixtures/non_dates.tsv")];
        let sentences: Vec<&str> = fixtures
            .iter()
            .flat_map(|f| f.lines())
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(1))
            .collect();
        assert!(sentences.len() > 250);
        let mut matches = 0;
        for s in sentences {
            let (split, joined) = both(alternation, s);
            assert_eq!(split, joined, "{s}");
            matches += split.len();
        }
        assert!(matches > 250, "{matches} matches");
    }

    proptest::proptest! {
        #[test]
        fn the_kinds_searched_as_one_match_as_their_alternation_does_on_any_text(
            s in "(on Monday|May|5|2016|1957-58|Sept\\.|2015-09-05|in|of|the|last week|early|mid-|first quarter of|two days ago|between|and|to|5 septembre|сентября|\\$|-|,|\\. |! |” | ){0,24}"
        ) {
            let (split, joined) = both(&ALTERNATION, &s);
            proptest::prop_assert_eq!(split, joined);
        }
    }
}

/// What a number standing right after it says it is not a year, day or date: a thousands
/// or decimal part (`1,500`, `2019.5`), a clock time (`2030 GMT`, `1900 hours`, `from 1900 to
/// 2100 GMT`), a unit or currency (`2019 dollars`, `2000 metres`, `2016 %`).
pub(super) static AFTER_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?x)^(?:
        [,.]\d
        | \s*(?:%|(?i:per\s?cent|percent)(?-u:\b))
        | h(?-u:\b) | \s*(?:GMT|UTC|BST|[ECMP][SD]T|(?i:hours|hrs?|local\ time|zulu))(?-u:\b)
        | \s*(?:-|–|to|and)\s*\d{3,4}\s*(?:h|GMT|UTC|BST|[ECMP][SD]T|(?i:hours|hrs?|local\ time))(?-u:\b)
        | \s*(?i:dollars?|euros?|pounds|pence|cents|yen|yuan|rupees|francs|pesos|roubles|rubles|usd|eur|gbp|bucks)(?-u:\b)
        | \s*(?i:km|kilomet(?:re|er)s|met(?:re|er)s|miles|feet|ft|inches|yards|kg|kilo(?:gram)?s|tonnes|tons|lbs|lit(?:re|er)s|gallons|acres|hectares|sq|square|cubic|calories|mph|degrees|points|pts|votes|seats|barrels)(?-u:\b)
        )",
    )
});

/// A street after a number (`1909 Jolinda Drive`, `25 March Avenue`, `12 N. Main St.`): up to
/// three capitalised words, then a street word followed by punctuation, a lower-case word or
/// the end (so `in 2019 St Petersburg` is no street).
pub(super) static STREET_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:\s+(?:[NSEW]\.?|\p{Lu}[\w'.-]*)){0,3}\s+(?:Drive|Dr|Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Way|Place|Pl|Court|Ct|Terrace|Highway|Hwy|Parkway|Pkwy|Circle|Crescent|Close|Square|Trail|Pike|Alley|Plaza)\.?(?:[,;:)!?]|\s+[a-z0-9]|\s*$|\.\s*$)",
    )
});

/// A count: a number followed by a plural noun (`2000 people`, `2019 homes`). Words that
/// end in `s` without being plurals (`was`, `this`, `onwards`, `status`) are not counts
/// ([`NOT_PLURALS`]).
pub(super) static COUNT_AFTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\s+(?P<w>people|children|men|women|staff|police|personnel|[a-z]{2,}s)(?-u:\b)"));

/// Words ending in `s` that are no plural noun after a number.
const NOT_PLURALS: &[&str] = &[
    "was",
    "has",
    "is",
    "as",
    "us",
    "his",
    "its",
    "this",
    "thus",
    "plus",
    "less",
    "unless",
    "across",
    "always",
    "yes",
    "whereas",
    "perhaps",
    "sometimes",
    "besides",
    "towards",
    "onwards",
    "afterwards",
    "upwards",
    "downwards",
    "nevertheless",
    "news",
    "does",
    "goes",
    "says",
];

/// What a word right before a number says it is a label, not a date: `page 12`, `No. 5`,
/// `model 2010`, `flight 1909`, `room 12`, `Route 66`, `#5`.
pub(super) static LABEL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:\#\s*|(?-u:\b)(?i:pages?|pp?|no|nos|nr|number|model|flight|room|route|rte|highway|hwy|interstate|suite|apt|apartment|unit|gate|platform|bus|channel|exit|pier|track|code|floor|ward|episode|ep|vol|volume|issue|item|row|seat|block|lot|terminal|section|article|chapter|clause|paragraph|para|resolution|version|mk|mark|series|tier|jersey|shirt|bib)\.?\s+)$",
    )
});

/// A currency sign or code right before a number: `$2019`, `£ 12`, `US$20`, `Rs. 2000`.
pub(super) static CURRENCY_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:[$£€¥₹₽₩¢]|(?-u:\b)(?:USD|EUR|GBP|Rs\.?|INR))\s*$"));

/// Does what stands before a number make it a label's number or an amount
/// ([`LABEL_BEFORE`], [`CURRENCY_BEFORE`])?
fn labelled(before: &str) -> bool {
    LABEL_BEFORE.is_match(before) || CURRENCY_BEFORE.is_match(before)
}

/// Does what follows a number make it a count, time, unit or street ([`AFTER_NUMBER`],
/// [`STREET_AFTER`], and with `counts` a plural noun, [`COUNT_AFTER`])?
fn measured(after: &str, counts: bool) -> bool {
    if AFTER_NUMBER.is_match(after) || STREET_AFTER.is_match(after) {
        return true;
    }
    counts
        && COUNT_AFTER.captures(after).is_some_and(|c| {
            let w = &c["w"];
            !(NOT_PLURALS.contains(&w) || w.ends_with("ss") || w.ends_with("us") || w.ends_with("is"))
        })
}

/// Is the day word at `start..end` (`Today`, `Sunday`) part of a name: a capitalised
/// `Today` or `Yesterday` after a capitalised word or a possessive (`USA Today`, `the BBC's
/// Today programme`), or a weekday between `the` and a capitalised word (`the Sunday Times`)?
pub(super) fn in_a_name(sentence: &str, start: usize, end: usize) -> bool {
    let word = &sentence[start..end];
    let mut before = sentence[..start].split_whitespace().rev();
    let previous = before.next().unwrap_or("");
    let next_capitalised =
        sentence[end..].strip_prefix(' ').and_then(|rest| rest.chars().next()).is_some_and(char::is_uppercase);
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if word.eq_ignore_ascii_case("today")
        || word.eq_ignore_ascii_case("yesterday")
        || word.eq_ignore_ascii_case("tomorrow")
    {
        return capitalised(word)
            && (previous.ends_with("'s")
                || previous.ends_with("’s")
                || capitalised(previous) && !previous.ends_with(['.', ':', '!', '?', '"', '“', '”']));
    }
    // `Black Friday`, `Super Tuesday`, `Good Friday`: the day of a name, not a date.
    let bare = previous.trim_start_matches(['\'', '"', '‘', '“']);
    NAMED_DAYS.contains(&bare) || previous.eq_ignore_ascii_case("the") && next_capitalised
}

/// Words that make a weekday after them the name of a day (`Black Friday`, `Super Tuesday`),
/// not a date: the day the name means is no weekday near publication.
const NAMED_DAYS: &[&str] =
    &["Black", "Cyber", "Super", "Good", "Holy", "Ash", "Maundy", "Bloody", "Giving", "Fat", "Shrove", "Blue", "Manic"];

/// What a match of the [`GRAMMAR`] is, its numbers read in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// A date expression, as matched.
    Date,
    /// Not one: a number in it is no date.
    None,
    /// A date up to this byte of the sentence (`in May 20 people`: `in May`).
    Shorter(usize),
}

/// Words before a bare number that make it an amount (`about 2000`, `some 1950`).
static AMOUNT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:about|some|nearly|almost|around|approximately|roughly|over|under|than|fewer|least|most|only|just|total|totalling|totaling|by|at|of|to|reached|hit|topped|exceeded|\d)\s*$",
    )
});

/// Words that stand before an adjectival year (`the 2010 raid`, `its 2009 results`).
const DETERMINERS: &[&str] =
    &["the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that", "whose", "every", "each"];

/// Plural nouns of what happens or is counted in a year: after a determiner and a year they
/// make it one (`its 2009 results`, `the 2016 elections`), not a count.
const YEAR_NOUNS: &[&str] = &[
    "results",
    "profits",
    "earnings",
    "losses",
    "sales",
    "figures",
    "accounts",
    "elections",
    "games",
    "olympics",
    "talks",
    "protests",
    "riots",
    "floods",
    "attacks",
    "polls",
    "primaries",
    "finals",
    "championships",
    "playoffs",
    "accords",
    "negotiations",
    "revenues",
    "budgets",
    "forecasts",
    "targets",
    "rules",
    "reforms",
    "events",
    "awards",
];

/// Is the character before `start` (or after `end`) of `sentence` a letter? Then a name
/// that begins (or ends) there is inside a word.
fn letter_before(sentence: &str, start: usize) -> bool {
    sentence[..start].chars().next_back().is_some_and(char::is_alphabetic)
}

fn letter_after(sentence: &str, end: usize) -> bool {
    sentence[end..].chars().next().is_some_and(char::is_alphabetic)
}

/// Reads the numbers of a match in context: one that starts with its number
/// ([`labelled`]), one that ends with it or with a month ([`measured`]). A year after `of`,
/// `by`, `from`, `and`, `to`, `or`, `between` or `for` also counts (`of 2000 people`); `in
/// 2019 people` is a year. A bare year must stand clear of any amount (`about 2000`), count
/// or label. A month name of another language must be a whole word.
pub(super) fn reading(sentence: &str, c: &Groups<'_, '_>) -> Reading {
    let Some(whole) = c.get(0) else { return Reading::None };
    let (start, end) = (whole.start(), whole.end());
    let digit = |ch: char| ch.is_ascii_digit();
    let after = &sentence[end..];
    let before = &sentence[..start];
    if whole.as_str().starts_with(digit) && labelled(before) {
        return Reading::None;
    }
    for name in ["fm", "fm2"] {
        if let Some(m) = c.name(name)
            && (letter_before(sentence, m.start()) && name == "fm2"
                || c.name("fy").is_none() && name == "fm" && letter_after(sentence, m.end()))
        {
            return Reading::None;
        }
    }
    if c.name("bare").is_some() {
        // `2000 people`, `about 2000`, `$2000`, `2019.5`, `1,998` (a thousands part before).
        let thousands = before.ends_with(',') && before[..before.len() - 1].ends_with(digit);
        // `095/2018`, `no.1997`, `ISO-2015`: part of a code.
        let lower_end = before.get(before.len().saturating_sub(6)..).unwrap_or("").to_ascii_lowercase();
        let part_before = ["mid-", "early-", "late-"].iter().any(|p| lower_end.ends_with(p));
        if before.ends_with(['/', '-', '.', '#', ':', '_']) && !part_before {
            return Reading::None;
        }
        // `Russell 2000`, `Windows 2000`, `Expo 2010`: a capitalised word before, not the
        // sentence's first, makes it part of a name.
        let previous = before.split_whitespace().next_back().unwrap_or("");
        let named = previous.chars().next().is_some_and(char::is_uppercase)
            && previous.chars().all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '&')
            && !DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(previous));
        if named {
            return Reading::None;
        }
        // `its 2009 results`, `the airline's 2018 profits`: a determiner or a possessive
        // before and a noun of things that happen in a year after make a year of it.
        let determiner =
            |w: &str| DETERMINERS.iter().any(|d| d.eq_ignore_ascii_case(w)) || w.ends_with("'s") || w.ends_with("’s");
        // One adjective may stand between (`its disastrous 2009 results`).
        let determined = before.split_whitespace().rev().take(2).any(determiner);
        if determined
            && let Some(noun) = COUNT_AFTER.captures(after).and_then(|c| c.name("w"))
            && YEAR_NOUNS.contains(&noun.as_str())
        {
            return Reading::Date;
        }
        return if measured(after, true)
            || AMOUNT_BEFORE.is_match(super::tail(before, before.len(), 24).1)
            || thousands
            || after.starts_with(['%', '-'])
        {
            Reading::None
        } else {
            Reading::Date
        };
    }
    if c.name("yrange").is_some() || c.name("decade").is_some() || c.name("fiscal").is_some() {
        return if measured(after, true) { Reading::None } else { Reading::Date };
    }
    if c.name("y4").is_some() {
        let prep = c.name("yp").map_or(String::new(), |m| m.as_str().to_ascii_lowercase());
        let counts = matches!(prep.as_str(), "of" | "by" | "from" | "and" | "to" | "or" | "between" | "for");
        return if measured(after, counts) { Reading::None } else { Reading::Date };
    }
    if c.name("mrange").is_some() && c.name("mrp").is_none() && c.name("mry").is_none() {
        return Reading::None; // `March and May` alone: a name as often as two months
    }
    if c.name("relday").is_some() || c.name("weekday").is_some() && c.name("wmod").is_none() {
        return if in_a_name(sentence, start, end) { Reading::None } else { Reading::Date };
    }
    let numbered = ["iso", "my", "mdy", "dmy", "monthonly", "drange", "mdrange", "fdmy", "fmy", "slash", "dotted"]
        .iter()
        .any(|g| c.name(g).is_some());
    if !numbered {
        return Reading::Date;
    }
    let ends_with_number = whole.as_str().ends_with(digit);
    // Only a day can be a count (`May 20 people`): a year after a day and month is followed by
    // verbs as well (`1 January 2006 acquires`).
    let day_last = (1..=2).contains(&whole.as_str().bytes().rev().take_while(u8::is_ascii_digit).count());
    let not_date = if ends_with_number { measured(after, day_last) } else { STREET_AFTER.is_match(after) };
    match (not_date, c.name("m4")) {
        (false, _) => Reading::Date,
        // `in May 20 people`, `since June 1,500`: the month, not the number.
        (true, Some(m)) if ends_with_number => Reading::Shorter(m.end()),
        _ => Reading::None,
    }
}
