//! Temporal expressions in running text, resolved against the publication date.
//!
//! A span finder in the manner of HeidelTime: one regex of English patterns finds the
//! expressions in a sentence; each is then resolved against the article's publication day
//! with the sentence's tense deciding the direction of underspecified ones ("on Tuesday" in
//! a past-tense sentence is the last Tuesday on or before publication; with "will" it is the
//! next one on or after it). Absolute dates (`September 5, 2016`, `2016-09-05`, `in 2015`)
//! need no anchor; relative ones (`yesterday`, `last year`, `two days ago`) stay unresolved
//! when there is no publication date: no date is invented.
//!
//! Weeks have no granularity of their own: `last week` resolves to the month that holds the
//! day a week before publication (coarser, never falsely precise).
//!
//! Pure, no clock; linear in the text (one regex pass per sentence). Other languages can be
//! added as further pattern sets over the same resolver.

use std::sync::{Arc, LazyLock};

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use regex::{Captures, Regex};

use crate::dates::{self, regex};
use crate::model::{Block, Granularity, Mention, PartialDate, Span, Standing, Unresolved};
use crate::text;

/// Which way an underspecified expression points from the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// On or before publication (`yesterday`, `last Friday`, `on Tuesday` said in the past).
    Past,
    /// On or after publication (`tomorrow`, `next week`, `on Tuesday` with `will`).
    Future,
    /// Fixed by the text itself (`September 5, 2016`, `in 2015`).
    Absolute,
}

/// An expression found in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The expression as written.
    pub expression: String,
    /// Where it is in the sentence.
    pub at: Span,
    /// Its date, when it could be resolved.
    pub date: Option<PartialDate>,
    /// How it was resolved.
    pub direction: Direction,
}

const FULL_MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December";
const WEEKDAYS: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const NUMBER_WORDS: &str = r"\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve";

static EXPRESSION: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
    regex(&format!(
        r"(?x)
        (?P<iso>(?-u:\b)\d{{4}}-\d{{2}}-\d{{2}}(?-u:\b))
        | (?P<my>(?-u:\b)(?P<m3>{FULL_MONTHS})\s+(?P<y3>(?:1[89]|2\d)\d{{2}})(?-u:\b))
        | (?P<mdy>(?-u:\b)(?P<m1>{month})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)(?:,?\s+(?P<y1>(?:1[89]|2\d)\d{{2}})(?-u:\b))?)
        | (?P<dmy>(?-u:\b)(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{month})(?-u:\b)\.?(?:,?\s+(?P<y2>(?:1[89]|2\d)\d{{2}})(?-u:\b))?)
        | (?P<monthonly>(?-u:\b)(?P<mmod>(?i:in|since|until|till|by|during|from|through|early|late|mid|end\ of|beginning\ of|start\ of|last|this|next))(?:\s+|-)(?P<m4>{FULL_MONTHS})(?-u:\b)(?:\s+(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b))?(?:,?\s+(?P<y5>(?:1[89]|2\d)\d{{2}})(?-u:\b))?)
        | (?P<year>(?-u:\b)(?i:in|since|until|till|by|during|from|of|before|after|through)\s+(?P<y4>(?:19|20)\d{{2}})(?-u:\b))
        | (?P<relday>(?-u:\b)(?i:yesterday|today|tomorrow|tonight)(?-u:\b))
        | (?P<period>(?-u:\b)(?P<pmod>(?i:last|this|next|earlier\ this|later\ this|previous|past|coming))\s+(?P<unit>(?i:week|month|year))(?-u:\b))
        | (?P<ago>(?-u:\b)(?P<n>(?i:{NUMBER_WORDS}))\s+(?P<u2>(?i:days?|weeks?|months?|years?))\s+(?i:ago|earlier)(?-u:\b))
        | (?P<inn>(?-u:\b)(?i:in|within)\s+(?P<n2>(?i:{NUMBER_WORDS}))\s+(?P<u3>(?i:days?|weeks?|months?|years?))(?-u:\b))
        | (?P<weekday>(?-u:\b)(?:(?P<wmod>(?i:last|next|this|on|coming|past))\s+)?(?P<wd>{WEEKDAYS})(?-u:\b))
        "
    ))
});

static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:will|shall|won't|going to|plans? to|planned to|is scheduled|are scheduled|is expected to|are expected to|is due|are due|upcoming|next)(?-u:\b)|'ll(?-u:\b)",
    )
});

/// What a number standing right after it says it is not a year, day or date: a thousands
/// or decimal part (`1,500`, `2019.5`), a clock time (`2030 GMT`, `1900 hours`, `from 1900 to
/// 2100 GMT`), a unit or currency (`2019 dollars`, `2000 metres`, `2016 %`).
static AFTER_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
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
static STREET_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:\s+(?:[NSEW]\.?|\p{Lu}[\w'.-]*)){0,3}\s+(?:Drive|Dr|Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Way|Place|Pl|Court|Ct|Terrace|Highway|Hwy|Parkway|Pkwy|Circle|Crescent|Close|Square|Trail|Pike|Alley|Plaza)\.?(?:[,;:)!?]|\s+[a-z0-9]|\s*$|\.\s*$)",
    )
});

/// A count: a number followed by a plural noun (`2000 people`, `2019 homes`). Words that
/// end in `s` without being plurals (`was`, `this`, `onwards`, `status`) are not counts
/// ([`NOT_PLURALS`]).
static COUNT_AFTER: LazyLock<Regex> =
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
static LABEL_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:\#\s*|(?-u:\b)(?i:pages?|pp?|no|nos|nr|number|model|flight|room|route|rte|highway|hwy|interstate|suite|apt|apartment|unit|gate|platform|bus|channel|exit|pier|track|code|floor|ward|episode|ep|vol|volume|issue|item|row|seat|block|lot|terminal|section|article|chapter|clause|paragraph|para|resolution|version|mk|mark|series|tier|jersey|shirt|bib)\.?\s+)$",
    )
});

/// A currency sign or code right before a number: `$2019`, `£ 12`, `US$20`, `Rs. 2000`.
static CURRENCY_BEFORE: LazyLock<Regex> =
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
fn in_a_name(sentence: &str, start: usize, end: usize) -> bool {
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
    previous.eq_ignore_ascii_case("the") && next_capitalised
}

/// What a match of [`EXPRESSION`] is, its numbers read in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// A date expression, as matched.
    Date,
    /// Not one: a number in it is no date.
    None,
    /// A date up to this byte of the sentence (`in May 20 people`: `in May`).
    Shorter(usize),
}

/// Reads the numbers of a match in context: one that starts with its number
/// ([`labelled`]), one that ends with it or with a month ([`measured`]). A year after `of`,
/// `by` or `from` also counts (`of 2000 people`); `in 2019 people` is a year.
fn reading(sentence: &str, c: &Captures<'_>) -> Reading {
    let Some(whole) = c.get(0) else { return Reading::None };
    let (start, end) = (whole.start(), whole.end());
    let digit = |ch: char| ch.is_ascii_digit();
    let after = &sentence[end..];
    if whole.as_str().starts_with(digit) && labelled(&sentence[..start]) {
        return Reading::None;
    }
    if c.name("y4").is_some() {
        let prep = whole.as_str().split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        let counts = matches!(prep.as_str(), "of" | "by" | "from");
        return if measured(after, counts) { Reading::None } else { Reading::Date };
    }
    if c.name("relday").is_some() || c.name("weekday").is_some() && c.name("wmod").is_none() {
        return if in_a_name(sentence, start, end) { Reading::None } else { Reading::Date };
    }
    let numbered = ["iso", "my", "mdy", "dmy", "monthonly"].iter().any(|g| c.name(g).is_some());
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

/// The tense of a sentence, as the direction its underspecified dates point.
pub fn tense(sentence: &str) -> Direction {
    if FUTURE.is_match(sentence) { Direction::Future } else { Direction::Past }
}

/// Every temporal expression of a sentence, in order, resolved against `published` when
/// given.
pub fn find(sentence: &str, published: Option<NaiveDate>) -> Vec<Found> {
    if !EXPRESSION.is_match(sentence) {
        return Vec::new(); // most sentences: no tense to work out
    }
    find_all(sentence, published)
}

/// [`find`] without its first test for an expression.
fn find_all(sentence: &str, published: Option<NaiveDate>) -> Vec<Found> {
    let tense = tense(sentence);
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(c) = EXPRESSION.captures_at(sentence, at) {
        let Some(whole) = c.get(0) else { break };
        // `in 2015-09-05` is a date, not a year: look again from the year itself.
        if let Some(y) = c.name("y4").filter(|_| sentence[whole.end()..].starts_with('-')) {
            at = y.start();
            continue;
        }
        at = whole.end().max(at + 1);
        // A number of the match that is no date (`of 2000 people`, `from 1909 Jolinda Drive`)
        // drops it, or the part of it past the month (`in May 20 people`).
        let (c, whole) = match reading(sentence, &c) {
            Reading::Date => (c, whole),
            Reading::None => continue,
            Reading::Shorter(end) => {
                let Some(s) = EXPRESSION.captures_at(&sentence[..end], whole.start()) else { continue };
                match s.get(0) {
                    Some(w) if w.start() == whole.start() => (s, w),
                    _ => continue,
                }
            }
        };
        if let Some((date, direction)) = resolve(&c, published, tense) {
            let text = whole.as_str();
            let start = whole.start() + (text.len() - text.trim_start().len());
            let expression = text.trim().to_owned();
            let at = Span::of(start..start + expression.len());
            found.push(Found { expression, at, date, direction });
        }
        if at >= sentence.len() {
            break;
        }
    }
    found
}

fn day(date: NaiveDate) -> PartialDate {
    PartialDate { date, granularity: Granularity::Day }
}

fn month(year: i32, month: u32) -> Option<PartialDate> {
    Some(PartialDate { date: NaiveDate::from_ymd_opt(year, month, 1)?, granularity: Granularity::Month })
}

fn year(year: i32) -> Option<PartialDate> {
    Some(PartialDate { date: NaiveDate::from_ymd_opt(year, 1, 1)?, granularity: Granularity::Year })
}

fn number(word: &str) -> Option<u32> {
    let n = match word.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        w => w.parse().ok()?,
    };
    Some(n)
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// The `wd` on or before (`Past`) or on or after (`Future`) `from`; `strict` skips `from` itself.
fn nearest_weekday(from: NaiveDate, wd: Weekday, direction: Direction, strict: bool) -> NaiveDate {
    let (a, b) = (from.weekday().num_days_from_monday() as i64, wd.num_days_from_monday() as i64);
    match direction {
        Direction::Future => {
            let mut d = (b - a).rem_euclid(7);
            if d == 0 && strict {
                d = 7;
            }
            from + Duration::days(d)
        }
        _ => {
            let mut d = (a - b).rem_euclid(7);
            if d == 0 && strict {
                d = 7;
            }
            from - Duration::days(d)
        }
    }
}

/// A month-and-day without a year: the nearest one on the side of publication the tense
/// says (`February 29` looks back or ahead to a leap year).
fn infer_year(pub_date: NaiveDate, m: u32, d: u32, direction: Direction) -> Option<NaiveDate> {
    let y = pub_date.year();
    match direction {
        Direction::Future => (y..=y + 8).filter_map(|y| NaiveDate::from_ymd_opt(y, m, d)).find(|x| *x >= pub_date),
        _ => (y - 8..=y).rev().filter_map(|y| NaiveDate::from_ymd_opt(y, m, d)).find(|x| *x <= pub_date),
    }
}

type Resolution = (Option<PartialDate>, Direction);

/// The date one match of [`EXPRESSION`] names, and which way an open one points.
///
/// Long on purpose: one arm per named group of the expression grammar, in the grammar's
/// order, so that a pattern and its resolution read side by side; split up, the grammar
/// would be scattered over a dozen functions that each only make sense beside the regex.
fn resolve(c: &Captures<'_>, published: Option<NaiveDate>, tense: Direction) -> Option<Resolution> {
    let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
    if let Some(m) = c.name("iso") {
        let date = NaiveDate::parse_from_str(m.as_str(), "%Y-%m-%d").ok()?;
        return Some((Some(day(date)), Direction::Absolute));
    }
    if c.name("my").is_some() {
        let m = dates::month_number(&c["m3"])?;
        return Some((month(num("y3")?, m), Direction::Absolute));
    }
    for (group, m, d, y) in [("mdy", "m1", "d1", "y1"), ("dmy", "m2", "d2", "y2")] {
        if c.name(group).is_none() {
            continue;
        }
        let mo = dates::month_number(&c[m])?;
        let dd = u32::try_from(num(d)?).ok()?;
        if let Some(yy) = num(y) {
            return Some((NaiveDate::from_ymd_opt(yy, mo, dd).map(day), Direction::Absolute));
        }
        // Validate the day against a leap year so that `February 29` is kept.
        NaiveDate::from_ymd_opt(2000, mo, dd)?;
        let date = published.and_then(|p| infer_year(p, mo, dd, tense)).map(day);
        return Some((date, tense));
    }
    if c.name("monthonly").is_some() {
        let mo = dates::month_number(&c["m4"])?;
        // `since September 5, 2016`, `in March 2015`: the preposition only led the way.
        match (num("d5").and_then(|d| u32::try_from(d).ok()), num("y5")) {
            (Some(dd), Some(yy)) => return Some((NaiveDate::from_ymd_opt(yy, mo, dd).map(day), Direction::Absolute)),
            (None, Some(yy)) => return Some((month(yy, mo), Direction::Absolute)),
            (Some(dd), None) => {
                NaiveDate::from_ymd_opt(2000, mo, dd)?;
                return Some((published.and_then(|p| infer_year(p, mo, dd, tense)).map(day), tense));
            }
            (None, None) => {}
        }
        let modifier = c["mmod"].to_ascii_lowercase();
        let direction = match modifier.as_str() {
            "last" => Direction::Past,
            "next" => Direction::Future,
            "since" => Direction::Past,
            "until" | "till" | "by" => tense,
            _ => tense,
        };
        let date = published.and_then(|p| {
            let first = NaiveDate::from_ymd_opt(p.year(), mo, 1)?;
            let pub_month = NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?;
            let y = match (modifier.as_str(), direction) {
                ("this", _) => p.year(),
                ("last", _) if first >= pub_month => p.year() - 1,
                ("next", _) if first <= pub_month => p.year() + 1,
                (_, Direction::Past) if first > pub_month => p.year() - 1,
                (_, Direction::Future) if first < pub_month => p.year() + 1,
                _ => p.year(),
            };
            month(y, mo)
        });
        return Some((date, direction));
    }
    if c.name("year").is_some() {
        return Some((year(num("y4")?), Direction::Absolute));
    }
    if let Some(m) = c.name("relday") {
        let (offset, direction) = match m.as_str().to_ascii_lowercase().as_str() {
            "yesterday" => (-1, Direction::Past),
            "tomorrow" => (1, Direction::Future),
            _ => (0, tense),
        };
        return Some((published.map(|p| day(p + Duration::days(offset))), direction));
    }
    if c.name("period").is_some() {
        let modifier = c["pmod"].to_ascii_lowercase();
        let unit = c["unit"].to_ascii_lowercase();
        let step: i32 = match modifier.as_str() {
            "last" | "previous" | "past" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        let direction = match step {
            -1 => Direction::Past,
            1 => Direction::Future,
            _ => tense,
        };
        let date = published.and_then(|p| match unit.as_str() {
            "week" => {
                let d = p + Duration::days(7 * i64::from(step));
                month(d.year(), d.month())
            }
            "month" => {
                let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?;
                let d = if step < 0 {
                    first.checked_sub_months(Months::new(1))?
                } else {
                    first.checked_add_months(Months::new(u32::try_from(step).ok()?))?
                };
                month(d.year(), d.month())
            }
            _ => year(p.year() + step),
        });
        return Some((date, direction));
    }
    for (group, n, u, sign) in [("ago", "n", "u2", -1i64), ("inn", "n2", "u3", 1)] {
        if c.name(group).is_none() {
            continue;
        }
        let count = i64::from(number(&c[n])?);
        let unit = c[u].to_ascii_lowercase();
        let direction = if sign < 0 { Direction::Past } else { Direction::Future };
        let date = published.and_then(|p| {
            if unit.starts_with("day") {
                Some(day(p + Duration::days(sign * count)))
            } else if unit.starts_with("week") {
                Some(day(p + Duration::days(sign * 7 * count)))
            } else if unit.starts_with("month") {
                let months = Months::new(u32::try_from(count).ok()?);
                let d = if sign < 0 { p.checked_sub_months(months)? } else { p.checked_add_months(months)? };
                month(d.year(), d.month())
            } else {
                year(p.year() + i32::try_from(sign * count).ok()?)
            }
        });
        return Some((date, direction));
    }
    if c.name("weekday").is_some() {
        let wd = weekday(&c["wd"])?;
        let modifier = c.name("wmod").map(|m| m.as_str().to_ascii_lowercase());
        let (direction, strict) = match modifier.as_deref() {
            Some("last" | "past") => (Direction::Past, true),
            Some("next" | "coming") => (Direction::Future, true),
            _ => (tense, false),
        };
        let date = published.map(|p| day(nearest_weekday(p, wd, direction, strict)));
        return Some((date, direction));
    }
    None
}

/// Words that tell a date as background wherever they stand in the sentence: an age, a
/// birth, an anniversary.
static BACKGROUND_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?-u:\b)(?:born|anniversary|anniversaries|at\s+the\s+age\s+of|aged\s+\d|centenary|centennial)(?-u:\b)")
});

/// Words that tell a date as background right before its expression (`since 1905`,
/// `founded in 1905`, `died in 1995`, `dating back to 1982`): the end of the text before it.
static BACKGROUND_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:since|founded|established|formed|built|opened|died|dating\s+back\s+to|dates\s+back\s+to|dating\s+from|ever\s+since)(?:\s+\S+){0,2}?\s*$",
    )
});

/// The nearest distance in days between publication and the days `date` names (0 when
/// publication is one of them).
fn distance(date: PartialDate, published: NaiveDate) -> i64 {
    let first = date.date;
    let last = match date.granularity {
        Granularity::Day => Some(first),
        Granularity::Month => first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()),
        Granularity::Year => NaiveDate::from_ymd_opt(first.year(), 12, 31),
    }
    .unwrap_or(first);
    if published < first {
        (first - published).num_days()
    } else if published > last {
        (published - last).num_days()
    } else {
        0
    }
}

/// Days from publication within which a date is of the story's own time whatever the
/// sentence says (`born on Monday`, `since Tuesday`); a year alone is never that close.
pub const STORY_DAYS: i64 = 31;
/// Days from publication past which a date is far (about a year): background unless several
/// articles agree on it.
pub const DISTANT_DAYS: i64 = 366;

/// Where the date of the expression at `at` in `sentence` stands against the article's own
/// time, `published` being its publication day:
/// - [`Standing::Background`] when the sentence tells it as background (an age, a birth, an
///   anniversary anywhere; `since`, `founded`, `died`, `dating back to` right before it) and
///   it is not within [`STORY_DAYS`] of publication (a year alone never is);
/// - [`Standing::Distant`] when it lies more than [`DISTANT_DAYS`] from publication;
/// - [`Standing::Story`] otherwise, and for any date without a publication day to measure
///   from, unless the sentence tells it as background.
pub fn standing(sentence: &str, at: Span, date: PartialDate, published: Option<NaiveDate>) -> Standing {
    let gap = published.map(|p| distance(date, p));
    let close = date.granularity != Granularity::Year && gap.is_some_and(|g| g <= STORY_DAYS);
    let start = (at.start as usize).min(sentence.len());
    let before = sentence.get(..start).unwrap_or("");
    let expression = at.in_text(sentence);
    let cued = BACKGROUND_SENTENCE.is_match(sentence)
        || BACKGROUND_BEFORE.is_match(before)
        || expression.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("since"));
    if cued && !close {
        Standing::Background
    } else if gap.is_some_and(|g| g > DISTANT_DAYS) {
        Standing::Distant
    } else {
        Standing::Story
    }
}

/// The dated statements of an article's body: each sentence with its expressions, in text
/// order. Unresolvable expressions are kept with `date: None` in `unresolved`.
pub fn mentions(body: &[Block], published: Option<NaiveDate>) -> (Vec<Mention>, Vec<Unresolved>) {
    let mut resolved = Vec::new();
    let mut unresolved = Vec::new();
    for (block, b) in (0u32..).zip(body) {
        let Block::Paragraph(p) = b else { continue };
        // The expressions of the paragraph, found as the sentences need them. A sentence no
        // match overlaps has none of its own (each sentence is bounded by spaces or end
        // marks, so a match inside it is a match of the paragraph, or lies within or after
        // one the search found first): it is not searched.
        let mut expressions = EXPRESSION.find_iter(p).map(|m| m.range()).peekable();
        if expressions.peek().is_none() {
            continue; // no expression in the paragraph: no sentence to split
        }
        for sentence in text::sentences(p) {
            let start = sentence.as_ptr().addr() - p.as_ptr().addr();
            while expressions.next_if(|m| m.end <= start).is_some() {}
            if expressions.peek().is_none_or(|m| m.start >= start + sentence.len()) {
                continue;
            }
            let mut shared: Option<Arc<str>> = None;
            for f in find_all(sentence, published) {
                match f.date {
                    Some(date) => {
                        let sentence = shared.get_or_insert_with(|| sentence.into()).clone();
                        let standing = standing(&sentence, f.at, date, published);
                        resolved.push(Mention::new(date, sentence, f.at, block).standing(standing));
                    }
                    None => unresolved.push(Unresolved { expression: f.expression, sentence: sentence.to_owned() }),
                }
            }
        }
    }
    (resolved, unresolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn first(sentence: &str, published: &str) -> String {
        find(sentence, Some(d(published))).first().and_then(|f| f.date).map(|p| p.to_string()).unwrap_or_default()
    }

    #[test]
    fn seed_002_expressions() {
        // Published Thursday 22 October 2015 (the editor's override).
        assert_eq!(
            first("Syrian President Assad flew into Moscow on Tuesday for a meeting with Putin.", "2015-10-22"),
            "2015-10-20"
        );
        assert_eq!(
            first(
                "Assad thanked Putin for his decision to launch a Russian air campaign in Syria on September 30.",
                "2015-10-22"
            ),
            "2015-09-30"
        );
    }

    #[test]
    fn same_weekday_as_publication_is_that_day() {
        assert_eq!(first("Putin said on Monday that talks went well.", "2016-09-05"), "2016-09-05");
        assert_eq!(first("Putin met him last Monday.", "2016-09-05"), "2016-08-29");
        assert_eq!(first("They will meet on Monday.", "2016-09-05"), "2016-09-05");
        assert_eq!(first("They meet next Monday.", "2016-09-05"), "2016-09-12");
    }

    #[test]
    fn last_year_is_a_year() {
        assert_eq!(first("the deal reached last year in Paris.", "2016-09-05"), "2015");
    }

    #[test]
    fn nothing_is_invented_without_a_publication_date() {
        let found = find("He left on Tuesday, two days ago.", None);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|f| f.date.is_none()));
        let absolute = find("It began on September 5, 2016.", None);
        assert_eq!(absolute[0].date.map(|p| p.to_string()).as_deref(), Some("2016-09-05"));
    }

    /// Every sentence of every paragraph searched on its own, as `mentions` first did.
    fn mentions_by_sentence(body: &[Block], published: Option<NaiveDate>) -> Vec<(u32, String, Option<String>)> {
        let mut out = Vec::new();
        for (block, b) in (0u32..).zip(body) {
            let Block::Paragraph(p) = b else { continue };
            for sentence in text::sentences(p) {
                for f in find(sentence, published) {
                    out.push((block, f.expression, f.date.map(|d| d.to_string())));
                }
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn paragraph_search_finds_what_each_sentence_search_finds(
            p in "(on Monday|May|5|2016|Sept\\.|2015-09-05|in|last week|two days ago|They|he said|yesterday|-|,|\\. |! |” | ){0,30}"
        ) {
            let body = [Block::Paragraph(p)];
            let published = Some(d("2016-09-07"));
            let (resolved, unresolved) = mentions(&body, published);
            let mut got: Vec<(u32, String, Option<String>)> = resolved
                .iter()
                .map(|m| (m.block, m.expression(m.sentence.text().unwrap_or_default()).to_owned(), Some(m.date.to_string())))
                .chain(unresolved.into_iter().map(|u| (0, u.expression, None)))
                .collect();
            let mut want = mentions_by_sentence(&body, published);
            got.sort();
            want.sort();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn a_mention_points_at_its_expression_in_the_shared_sentence() {
        let body = [Block::Paragraph("Talks began on Monday. They ended  last week, officials said.".into())];
        let (mentions, _) = mentions(&body, Some(d("2016-09-07")));
        let found: Vec<(&str, &str)> = mentions
            .iter()
            .map(|m| (m.expression(m.sentence.text().unwrap_or_default()), m.sentence.text().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [("on Monday", "Talks began on Monday."), ("last week", "They ended  last week, officials said.")]
        );
    }

    #[test]
    fn modal_may_is_not_a_month() {
        assert!(find("Moscow and Washington may reach an agreement.", Some(d("2016-09-05"))).is_empty());
    }

    #[test]
    fn all_patterns_compile() {
        assert!(!EXPRESSION.as_str().is_empty() && !FUTURE.as_str().is_empty());
        for re in [&*AFTER_NUMBER, &*STREET_AFTER, &*COUNT_AFTER, &*LABEL_BEFORE, &*CURRENCY_BEFORE] {
            assert!(!re.as_str().is_empty());
        }
    }

    #[test]
    fn a_street_number_is_no_year() {
        assert_eq!(first("Police went to 1909 Jolinda Drive in Texas.", "2016-09-05"), "");
        assert_eq!(first("The house at number from 1909 Jolinda Drive burned.", "2016-09-05"), "");
        assert_eq!(first("The office in 2010 N. Oak St. was closed.", "2016-09-05"), "");
        assert_eq!(first("In 2014 St Petersburg hosted the summit.", "2016-09-05"), "2014");
    }

    #[test]
    fn counts_units_and_clock_times_are_no_years() {
        assert_eq!(first("A crowd of 2000 people gathered.", "2016-09-05"), "");
        assert_eq!(first("In 2019 people voted.", "2016-09-05"), "2019");
        assert_eq!(first("The curfew runs from 2000 GMT.", "2016-09-05"), "");
        assert_eq!(first("Shops open from 1900 to 2300 GMT.", "2016-09-05"), "");
        assert_eq!(first("It was paid in 2000 dollars.", "2016-09-05"), "");
        assert_eq!(first("It stood at a level of 2019.5 points.", "2016-09-05"), "");
        assert_eq!(first("From 2010 onwards it grew.", "2016-09-05"), "2010");
        assert_eq!(first("The plant was closed from 2009 to 2012.", "2016-09-05"), "2009");
    }

    #[test]
    fn a_labelled_or_priced_number_is_no_day() {
        assert_eq!(first("The story ran on page 12 May editions carried.", "2016-09-05"), "");
        assert_eq!(first("It cost $12 May said.", "2016-09-05"), "");
        assert_eq!(first("It ran on 12 May.", "2016-09-05"), "2016-05-12");
    }

    /// The standing of the first expression of `sentence` published on `published`.
    fn stands(sentence: &str, published: Option<&str>) -> Standing {
        let published = published.map(d);
        let f = find(sentence, published).into_iter().next().unwrap();
        standing(sentence, f.at, f.date.unwrap(), published)
    }

    #[test]
    fn dates_around_publication_are_the_story() {
        let p = Some("2016-09-05");
        assert_eq!(stands("Putin met Obama on Monday.", p), Standing::Story);
        assert_eq!(stands("Prices fell last month.", p), Standing::Story);
        assert_eq!(stands("The war began in 2016.", p), Standing::Story);
        assert_eq!(stands("The deal was reached last year.", p), Standing::Story);
        // A cue word does not push back a date within the days around publication.
        assert_eq!(stands("Fighting has gone on since Monday.", p), Standing::Story);
        assert_eq!(stands("The singer, aged 70, died on Saturday.", p), Standing::Story);
    }

    #[test]
    fn births_ages_and_since_are_background() {
        let p = Some("2016-09-05");
        assert_eq!(stands("The family has lived there since 1905.", p), Standing::Background);
        assert_eq!(stands("He was born in 1957 in Leeds.", p), Standing::Background);
        assert_eq!(stands("The company, founded in 2015, grew fast.", p), Standing::Background);
        assert_eq!(stands("The band marked its anniversary in March.", p), Standing::Background);
        assert_eq!(stands("She died in 1995 at the age of 80.", p), Standing::Background);
        // Without a publication date, the words alone tell it.
        assert_eq!(stands("The company was founded in 2015.", None), Standing::Background);
        assert_eq!(stands("Talks ended in 2015.", None), Standing::Story);
    }

    #[test]
    fn dates_far_from_publication_are_distant() {
        let p = Some("2016-09-05");
        assert_eq!(stands("The band changed its line-up in 1975.", p), Standing::Distant);
        assert_eq!(stands("The treaty was signed on 12 March 1999.", p), Standing::Distant);
        assert_eq!(stands("The plan must be finished by 2030.", p), Standing::Distant);
        assert_eq!(stands("The attack took place on 7 July 2005.", p), Standing::Distant);
        assert_eq!(stands("Talks began in October 2015.", p), Standing::Story);
    }

    #[test]
    fn a_count_after_a_month_leaves_the_month() {
        let found = find("In May 20 people were arrested.", Some(d("2016-09-05")));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].expression, "In May");
        assert_eq!(found[0].date.map(|p| p.to_string()).as_deref(), Some("2016-05"));
        assert_eq!(first("In June 1,500 people marched.", "2016-09-05"), "2016-06");
        assert_eq!(first("Talks end on March 3,000 delegates said.", "2016-09-05"), "");
    }
}
