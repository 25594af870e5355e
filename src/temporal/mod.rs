//! Temporal expressions in running text, resolved as a careful reader resolves them.
//!
//! A span finder in the manner of HeidelTime, in four parts:
//! - `grammar.rs`: one regex of patterns finds the expressions of a sentence (absolute
//!   dates in English and in French, German, Spanish, Portuguese, Italian and Russian
//!   through `languages.rs`; ranges and pairs; parts of periods; relative and anaphoric
//!   expressions), and rules read the numbers in context so that street numbers, scores,
//!   amounts, counts, clock times and labels give no date;
//! - `tense.rs`: the tense around an expression, by its nearest tense marker, which decides
//!   the direction of an underspecified one (`on Tuesday` said in the past is the last
//!   Tuesday on or before publication; with `will` the next one; with no tense at all a
//!   month and day is the nearest one);
//! - `resolve.rs`: the date each expression names, against the publication day and the
//!   reference time, the last date the text named (`the previous day`, `two days later`,
//!   `that time`, a market report's `to end the day`);
//! - this file: the search over a sentence and an article's body, the parts of periods
//!   (`early 2011`, `late last year`) and where each date stands against the story's time.
//!
//! Absolute dates need no anchor; relative ones stay unresolved when there is no
//! publication date: no date is invented. A week (`last week`, `that week`, `the last
//! week of March`) has no granularity of its own and stays unresolved, off the timeline:
//! widened into a month it would often name the wrong one (a week crosses a month's end
//! about one time in four), and read as a day it would be falsely precise. A part of a period (`early 2011`, `the first quarter of 2013`, `last
//! summer`, `the 1990s`) resolves to the period, the part kept in [`PartialDate::part`].
//!
//! Pure, no clock; linear in the text (one regex pass per sentence).

mod grammar;
pub(crate) mod languages;
mod resolve;
mod tense;

use std::sync::{Arc, LazyLock};

use chrono::{Datelike, Months, NaiveDate};
use regex::Regex;

use crate::dates::regex;
use crate::model::{Block, Granularity, Mention, Part, PartialDate, Span, Standing, Unresolved};
use crate::text;
use grammar::{GRAMMAR, Reading, reading};
pub use resolve::Reference;
pub use tense::{tense, tense_at};

/// Which way an underspecified expression points from the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// On or before publication (`yesterday`, `last Friday`, `on Tuesday` said in the past).
    Past,
    /// On or after publication (`tomorrow`, `next week`, `on Tuesday` with `will`).
    Future,
    /// No tense says: the nearest to publication (`has a June 1 deadline`), or to the
    /// reference time (`the same day`).
    Nearest,
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

/// The words right before a year or month that name a part of it: `early`, `mid-`, `late`,
/// `the end of`, `the beginning of`, `the middle of`.
static PART_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?:^|[^\w-])(?P<p>early|mid|late|(?:the\s+)?(?:start|beginning|end|middle|close|turn)\s+of)(?:\s+|-)$")
});

/// The last `most` bytes (or fewer, from a space) of `sentence[..end]`, and
/// where they start: what a pattern anchored at the end needs to see, so that it does not
/// scan the whole of a long sentence for each expression.
pub(crate) fn tail(sentence: &str, end: usize, most: usize) -> (usize, &str) {
    let mut start = end.saturating_sub(most);
    while !sentence.is_char_boundary(start) {
        start += 1;
    }
    // Cut at a space, never inside a word (`yearly` is no `early`).
    if start > 0 {
        start = sentence[start..end].find(char::is_whitespace).map_or(end, |i| start + i);
    }
    (start, &sentence[start..end])
}

/// The part the words of [`PART_BEFORE`] name.
fn part_of(words: &str) -> Option<Part> {
    let w = words.to_ascii_lowercase();
    Some(if w == "early" {
        Part::Early
    } else if w == "mid" || w.contains("middle") {
        Part::Mid
    } else if w == "late" {
        Part::Late
    } else if w.contains("start") || w.contains("beginning") || w.contains("turn") {
        Part::Start
    } else if w.contains("end") || w.contains("close") {
        Part::End
    } else {
        return None;
    })
}

/// Every temporal expression of a sentence, in order, resolved against `published` when
/// given (and, for the anaphoric ones, against the dates named before them in the sentence).
pub fn find(sentence: &str, published: Option<NaiveDate>) -> Vec<Found> {
    if !GRAMMAR.is_match(sentence) {
        return Vec::new(); // most sentences: no tense to work out
    }
    find_all(sentence, published, &mut Reference::default())
}

/// [`find`] without its first test for an expression, from the reference time `reference`,
/// which it moves on past every date it finds (a `since` aside: `since 1983` tells no time
/// of the story).
pub fn find_all(sentence: &str, published: Option<NaiveDate>, reference: &mut Reference) -> Vec<Found> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(c) = GRAMMAR.captures_at(sentence, at) {
        let Some(whole) = c.get(0) else { break };
        // `in 2015-09-05` is a date and `in 2008/09` a range, not a year: look again from the
        // year itself.
        if let Some(y) = c.name("y4").filter(|_| sentence[whole.end()..].starts_with(['-', '/', '–'])) {
            at = y.start();
            continue;
        }
        at = whole.end().max(at + 1);
        // A number of the match that is no date (`of 2000 people`, `from 1909 Jolinda Drive`)
        // drops it, or the part of it past the month (`in May 20 people`).
        let c = match reading(sentence, &c) {
            Reading::Date => c,
            Reading::None => continue,
            Reading::Shorter(end) => {
                let Some(s) = GRAMMAR.captures_at(&sentence[..end], whole.start()) else { continue };
                match s.get(0) {
                    Some(w) if w.start() == whole.start() => s,
                    _ => continue,
                }
            }
        };
        let partable = ["year", "bare", "my", "period", "fmy"].iter().any(|g| c.name(g).is_some());
        for piece in resolve::resolve(sentence, &c, published, *reference) {
            let mut range = piece.range;
            let mut date = piece.date;
            // `early 2011`, `late last year`, `the end of March 2012`: the part before it.
            // `the beginning of 2012`: the year group starts at its `of`.
            let part_end = match c.name("y4") {
                Some(y) if c.name("yp").is_some_and(|p| p.as_str().eq_ignore_ascii_case("of")) => y.start(),
                _ => range.start,
            };
            if partable
                && let Some((offset, tail)) = Some(tail(sentence, part_end, 40))
                && let Some(p) = PART_BEFORE.captures(tail)
                && let Some(words) = p.name("p").map(|m| (offset + m.start())..(offset + m.end()))
                && date.is_none_or(|d| d.granularity != Granularity::Day && d.part.is_none())
            {
                date = date.map(|d| d.with_part(part_of(&sentence[words.clone()])));
                range.start = words.start;
            }
            let text = sentence[range.clone()].trim_end_matches([',', '.', ';', ':', '!', '?', ')', ' ']);
            let start = range.start + (text.len() - text.trim_start().len());
            let expression = text.trim().to_owned();
            if expression.is_empty() {
                continue;
            }
            if let Some(d) = date
                && !expression.get(..5).is_some_and(|w| w.eq_ignore_ascii_case("since"))
            {
                *reference = reference.after(d);
            }
            let at = Span::of(start..start + expression.len());
            found.push(Found { expression, at, date, direction: piece.direction });
        }
        if at >= sentence.len() {
            break;
        }
    }
    found
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
    // The reference time runs on through the article: the last date it named.
    let mut reference = Reference::default();
    for (block, b) in (0u32..).zip(body) {
        let Block::Paragraph(p) = b else { continue };
        // The expressions of the paragraph, found as the sentences need them. A sentence no
        // match overlaps has none of its own (each sentence is bounded by spaces or end
        // marks, so a match inside it is a match of the paragraph, or lies within or after
        // one the search found first): it is not searched.
        let mut expressions = GRAMMAR.find_iter(p).peekable();
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
            for f in find_all(sentence, published, &mut reference) {
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
        let body = [Block::Paragraph("Talks began on Monday. They ended  last month, officials said.".into())];
        let (mentions, _) = mentions(&body, Some(d("2016-09-07")));
        let found: Vec<(&str, &str)> = mentions
            .iter()
            .map(|m| (m.expression(m.sentence.text().unwrap_or_default()), m.sentence.text().unwrap_or_default()))
            .collect();
        assert_eq!(
            found,
            [("on Monday", "Talks began on Monday."), ("last month", "They ended  last month, officials said.")]
        );
    }

    #[test]
    fn modal_may_is_not_a_month() {
        assert!(find("Moscow and Washington may reach an agreement.", Some(d("2016-09-05"))).is_empty());
    }

    #[test]
    fn all_patterns_compile() {
        use grammar::{AFTER_NUMBER, COUNT_AFTER, CURRENCY_BEFORE, LABEL_BEFORE, STREET_AFTER};
        assert!(GRAMMAR.kinds().count() > 30 && !PART_BEFORE.as_str().is_empty());
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
