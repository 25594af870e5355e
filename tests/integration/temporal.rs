//! Temporal expressions: a fixture of sentences written for the tests (`tests/fixtures/
//! temporal.tsv`), resolved against their publication dates, and property tests.

use broadsheet::temporal::{self, Direction};
use chrono::NaiveDate;
use proptest::prelude::*;

struct Case {
    line: usize,
    published: Option<NaiveDate>,
    sentence: String,
    expected: String,
}

fn cases() -> Vec<Case> {
    let text = include_str!("../fixtures/temporal.tsv");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let mut parts = l.split('\t');
            let published = parts.next().and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
            let sentence = parts.next().unwrap_or("").to_owned();
            let expected = parts.next().unwrap_or("").to_owned();
            Case { line: i + 1, published, sentence, expected }
        })
        .collect()
}

fn resolve(case: &Case) -> String {
    temporal::find(&case.sentence, case.published)
        .first()
        .and_then(|f| f.date)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn fixture_resolves_every_case() {
    let cases = cases();
    assert!(cases.len() >= 60, "fixture has {} cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let got = resolve(c);
            (got != c.expected)
                .then(|| format!("line {}: {:?} → {got:?}, expected {:?}", c.line, c.sentence, c.expected))
        })
        .collect();
    // Every case is a specification: one wrong date fails the test, and every wrong one is listed.
    assert!(failures.is_empty(), "{} of {} cases wrong:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

proptest! {
    #[test]
    fn resolving_never_panics(sentence in "\\PC{0,200}", days in 0i64..40_000) {
        let published = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Duration::days(days);
        let _ = temporal::find(&sentence, Some(published));
        let _ = temporal::find(&sentence, None);
    }

    #[test]
    fn past_expressions_never_resolve_after_publication(
        word in prop::sample::select(vec![
            "yesterday", "last Friday", "on Tuesday", "two weeks ago", "last month", "last year",
            "two days ago", "three weeks ago", "a month ago", "in November", "on March 3", "last Sunday",
            "earlier this month", "on 29 February", "since September",
        ]),
        days in 0i64..30_000,
    ) {
        let published = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap() + chrono::Duration::days(days);
        let sentence = format!("The minister resigned {word}, officials said.");
        for f in temporal::find(&sentence, Some(published)) {
            if f.direction == Direction::Past {
                let d = f.date.expect("resolved with a publication date");
                prop_assert!(d.date <= published, "{word} on {published} → {d}");
            }
        }
    }
}

/// The cases of a fixture in the format of `temporal.tsv`.
fn fixture(text: &str) -> Vec<Case> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let mut parts = l.split('\t');
            let published = parts.next().and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
            let sentence = parts.next().unwrap_or("").to_owned();
            let expected = parts.next().unwrap_or("").to_owned();
            Case { line: i + 1, published, sentence, expected }
        })
        .collect()
}

#[test]
fn numbers_that_are_not_dates_give_none_and_look_alikes_their_date() {
    let cases = fixture(include_str!("../fixtures/non_dates.tsv"));
    let (none, dated) =
        cases.iter().fold((0, 0), |(n, d), c| if c.expected.is_empty() { (n + 1, d) } else { (n, d + 1) });
    assert!(none >= 40 && dated >= 20, "fixture has {none} non-dates and {dated} look-alikes");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let got = resolve(c);
            (got != c.expected)
                .then(|| format!("line {}: {:?} → {got:?}, expected {:?}", c.line, c.sentence, c.expected))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Every date `temporal::mentions` gives for `text` (one paragraph) read against
/// `published`, in text order, as `PartialDate::key` writes them, then a `?` for each
/// expression left unresolved.
fn all_dates(text: &str, published: Option<NaiveDate>) -> String {
    let body = [broadsheet::model::Block::Paragraph(text.to_owned())];
    let (resolved, unresolved) = temporal::mentions(&body, published);
    let mut out: Vec<String> = resolved.iter().map(|m| m.date.key()).collect();
    out.extend(unresolved.iter().map(|_| "?".to_owned()));
    out.join(" ")
}

#[test]
fn careful_reader_fixture_gives_every_date_of_every_case() {
    let cases = fixture(include_str!("../fixtures/timex_cases.tsv"));
    let none = cases.iter().filter(|c| c.expected.is_empty()).count();
    assert!(cases.len() >= 150 && none >= 25, "fixture has {} cases, {none} without a date", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let got = all_dates(&c.sentence, c.published);
            (got != c.expected)
                .then(|| format!("line {}: {:?} → {got:?}, expected {:?}", c.line, c.sentence, c.expected))
        })
        .collect();
    // Every case is a specification: one wrong date fails the test, and every wrong one is listed.
    assert!(failures.is_empty(), "{} of {} cases wrong:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn the_timeline_page_and_json_keep_each_date_as_precise_as_the_text() {
    use crate::support::{Site, texts};
    let site = Site::empty("title = \"Digest\"\nbase_url = \"https://example.org/\"\n");
    site.seed(
        "mill.txt",
        "Old mill changes hands again\n\nPublished: April 2, 2012\n\n\
         The mill in Leeds closed its doors in 2010 after a long decline in orders. \
         It was sold in early 2011 to a local building firm for an undisclosed sum. \
         Work on the site resumed in March 2012, the new owners told reporters.\n"
            .as_bytes(),
    );
    let out = site.build();
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let doc = site.html("timeline/index.html");
    let shown = texts(&doc, ".section > h2 time");
    for expected in ["2010", "early 2011", "March 2012"] {
        assert!(shown.iter().any(|s| s == expected), "{expected} missing from {shown:?}");
    }
    let json: serde_json::Value = serde_json::from_str(&site.read("timeline.json")).unwrap();
    let dates: Vec<&serde_json::Value> = json["events"].as_array().unwrap().iter().map(|e| &e["start_date"]).collect();
    assert!(dates.contains(&&serde_json::json!({"year": 2010})), "{dates:?}");
    assert!(dates.contains(&&serde_json::json!({"year": 2011, "display_date": "early 2011"})), "{dates:?}");
    assert!(dates.contains(&&serde_json::json!({"year": 2012, "month": 3})), "{dates:?}");
}
