//! The publication date: from the date lines the cleaner set aside, never from running text
//! (a story mentions many dates; only a date line says when it was published).

use crate::clean::rules::{DateLabel, date_label, date_label_before};
use crate::dates::{find_date, find_relative};
use crate::model::{CleanLine, LineKind, Published};
use crate::text;

/// How much a date line is trusted to be the publication date; lower is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// `Published: ...`, `Posted ...`.
    Published,
    /// A bare date line.
    Bare,
    /// `Updated ...`, `Last modified ...`.
    Updated,
}

/// The rank a label gives a date (`Date:` says nothing either way).
fn rank_of(label: DateLabel) -> Option<Rank> {
    match label {
        DateLabel::Published => Some(Rank::Published),
        DateLabel::Updated => Some(Rank::Updated),
        DateLabel::Date => None,
    }
}

/// The rank the label opening a date line gives it.
fn label_rank(line: &str) -> Option<Rank> {
    rank_of(date_label(line)?.0)
}

/// The rank of a date inside a line: by the label opening the line, else by the one just
/// before the date (`… First published February 1, 2016`).
fn rank_in(line: &str, date_start: usize) -> Option<Rank> {
    label_rank(line).or_else(|| date_label_before(line, date_start).and_then(rank_of))
}

/// A date that says how current some figures are (`Data as of Dec 20, 2025`), not when the
/// story was published.
fn as_of(line: &str, date_start: usize) -> bool {
    let before = line.get(..date_start).unwrap_or("").trim_end_matches([' ', ':', ',']);
    before.len() >= 5 && before.as_bytes()[before.len() - 5..].eq_ignore_ascii_case(b"as of")
}

/// The publication date: the best-ranked date line (a byline that prints the date counts as
/// a bare one: `by Jane Roe on Dec 17, 2025`); among equals, the one nearest the headline
/// printed above the story (or, with none, the start of the story), a line above it
/// counting two: lists of other articles with their dates sit further off, and a page's
/// masthead or footer often prints today's date. Then the first.
///
/// A `Published` label the page prints over several different dates labels a list of other
/// articles (`Published November 19, 2019 at 6:56 PM` under each teaser), not this one: its
/// dates rank as bare ones.
pub fn published(lines: &[CleanLine]) -> Option<Published> {
    let anchor = anchor(lines);
    let mut candidates: Vec<(Rank, usize, Published)> = Vec::new();
    let mut pending_label: Option<Rank> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.kind == LineKind::Blank {
            continue;
        }
        let label = pending_label.take();
        if line.kind != LineKind::Meta || !matches!(line.rule, "date_line" | "byline") {
            continue;
        }
        match find_date(&line.text) {
            Some(found) if as_of(&line.text, found.span.start) => {}
            Some(found) => {
                let rank = rank_in(&line.text, found.span.start).or(label).unwrap_or(Rank::Bare);
                candidates.push((rank, distance(i, anchor), found.published));
            }
            // A label alone: the date is on the next line.
            None if line.rule == "date_line" => pending_label = label_rank(&line.text),
            None => {}
        }
    }
    let mut labelled = candidates.iter().filter(|(rank, ..)| *rank == Rank::Published).map(|c| c.2);
    let a_list = labelled.next().is_some_and(|first| labelled.any(|p| p != first));
    candidates
        .into_iter()
        .map(|(rank, distance, published)| {
            let rank = if a_list && rank == Rank::Published { Rank::Bare } else { rank };
            ((rank, distance), published)
        })
        .min_by_key(|(key, _)| *key)
        .map(|(_, p)| p)
}

/// Where the story's dates are looked for from: the last headline printed above the first
/// line of the story (or, with none, that first line).
fn anchor(lines: &[CleanLine]) -> usize {
    let body = lines.iter().position(|l| l.kind.is_body()).unwrap_or(0);
    lines[..body].iter().rposition(|l| l.kind == LineKind::Title).unwrap_or(body)
}

/// How far line `i` stands from the anchor, a line above it counting two: a masthead prints
/// today's date there.
fn distance(i: usize, anchor: usize) -> usize {
    if i > anchor { i - anchor } else { 2 * (anchor - i) }
}

/// The most words of a line read for a relative date (`By M. Smith, 1h ago`): a sentence
/// saying `two days ago` is the story's, not a date line.
const RELATIVE_MAX_WORDS: usize = 8;

/// The publication date of a page that prints it only relative to when it was saved
/// (`1 day ago` under the byline), counted back from `crawled`: the short line outside the
/// story nearest the headline, as for [`published`] (on a tie, the one under it). The
/// caller asks only when the page
/// prints no date of its own.
pub fn published_relative(lines: &[CleanLine], crawled: &Published) -> Option<Published> {
    let anchor = anchor(lines);
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l.kind, LineKind::Meta | LineKind::Boilerplate))
        .filter(|(_, l)| text::at_most_words(&l.key, RELATIVE_MAX_WORDS))
        .filter_map(|(i, l)| find_relative(&l.text, crawled).map(|p| (i, p)))
        .min_by_key(|&(i, _)| (distance(i, anchor), i < anchor))
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, kind: LineKind, rule: &'static str) -> CleanLine {
        CleanLine::new(text, kind, rule)
    }

    #[test]
    fn published_label_beats_bare_and_updated() {
        let lines = vec![
            line("Updated", LineKind::Meta, "date_line"),
            line("1:39 am EST, Wednesday, November 20, 2019", LineKind::Meta, "date_line"),
            line("A story that happened on 3 March 2010.", LineKind::Body, "main_region"),
            line("Published: September 5, 2016 04:00 AM", LineKind::Meta, "date_line"),
        ];
        assert_eq!(published(&lines).unwrap().to_string(), "2016-09-05T04:00:00");
    }

    #[test]
    fn a_byline_s_date_and_a_label_inside_the_line_count() {
        let story = line("The story.", LineKind::Body, "main_region");
        let lines = vec![line("by Jane Roe in Festivals on Dec 17, 2025", LineKind::Meta, "byline"), story.clone()];
        assert_eq!(published(&lines).unwrap().to_string(), "2025-12-17");
        let lines = vec![
            line("by Jane Roe February 1, 2016: 12:41 PM ET", LineKind::Meta, "byline"),
            story,
            line("CNNMoney (New York) First published February 1, 2016: 1:28 AM ET", LineKind::Meta, "date_line"),
        ];
        assert_eq!(published(&lines).unwrap().to_string(), "2016-02-01T01:28:00-05:00");
    }

    #[test]
    fn label_on_its_own_line_applies_to_the_next() {
        let lines = vec![
            line("Updated", LineKind::Meta, "date_line"),
            line("1:39 am EST, Wednesday, November 20, 2019", LineKind::Meta, "date_line"),
        ];
        assert_eq!(published(&lines).unwrap().to_string(), "2019-11-20T01:39:00-05:00");
    }

    #[test]
    fn date_nearest_the_story_wins() {
        let lines = vec![
            line("13/06/2014 Jane Roe", LineKind::Meta, "date_line"),
            line("The story.", LineKind::Body, "main_region"),
            line("Footer", LineKind::Boilerplate, "outside_main_region"),
            line("Footer", LineKind::Boilerplate, "outside_main_region"),
            line("20/11/2019 / 11:42 am", LineKind::Meta, "date_line"),
        ];
        assert_eq!(published(&lines).unwrap().to_string(), "2014-06-13");
    }

    #[test]
    fn the_date_under_the_headline_beats_dated_teasers_and_data_notes() {
        let lines = vec![
            line("A Headline - The Daily", LineKind::Title, "headline"),
            line("Jan 2, 2019", LineKind::Meta, "date_line"),
            line("Other story", LineKind::Boilerplate, "outside_main_region"),
            line("A Headline", LineKind::Title, "headline_repeated"),
            line("By Jane Roe", LineKind::Meta, "byline"),
            line("JULY 29, 2016", LineKind::Meta, "date_line"),
            line("Related", LineKind::Boilerplate, "section_end"),
            line("Data as of Dec 20, 2025.", LineKind::Meta, "date_line"),
            line("数据 2025.12.20", LineKind::Meta, "date_line"),
            line("JULY 26, 2016", LineKind::Meta, "date_line"),
            line("The story.", LineKind::Body, "main_region"),
        ];
        assert_eq!(published(&lines).unwrap().to_string(), "2016-07-29");
    }

    #[test]
    fn a_label_over_several_dates_is_a_list_of_other_articles() {
        let lines = vec![
            line("Water found on a distant moon", LineKind::Title, "headline"),
            line("By HNN Staff | November 18, 2019 at 2:26 PM HST", LineKind::Meta, "byline"),
            line("The story.", LineKind::Body, "main_region"),
            line("Another story", LineKind::Boilerplate, "outside_main_region"),
            line("Published November 19, 2019 at 6:56 PM", LineKind::Meta, "date_line"),
            line("A third story", LineKind::Boilerplate, "outside_main_region"),
            line("Published November 19, 2019 at 6:15 PM", LineKind::Meta, "date_line"),
        ];
        assert_eq!(published(&lines).unwrap().to_string(), "2019-11-18T14:26:00-10:00");
        // One labelled date, printed twice, still beats the byline's.
        let mut once = lines.clone();
        once[6] = line("Published November 19, 2019 at 6:56 PM", LineKind::Meta, "date_line");
        assert_eq!(published(&once).unwrap().to_string(), "2019-11-19T18:56:00");
    }

    #[test]
    fn a_relative_date_under_the_byline_counts_back_from_the_crawl() {
        let crawled = Published::parse_iso("2019-11-20T14:30:00Z").unwrap();
        let lines = vec![
            line("2 hours ago", LineKind::Boilerplate, "outside_main_region"),
            line("The man whose duvet nearly killed him", LineKind::Title, "headline"),
            line("By Sandee LaMotte, CNN", LineKind::Meta, "byline"),
            line("1 day ago", LineKind::Boilerplate, "outside_main_region"),
            line("Two days ago the symptoms came on quickly, his doctor said.", LineKind::Body, "main_region"),
            line("8 hours ago", LineKind::Boilerplate, "outside_main_region"),
        ];
        assert_eq!(published(&lines), None);
        assert_eq!(published_relative(&lines, &crawled).unwrap().to_string(), "2019-11-19");
    }

    #[test]
    fn body_dates_are_not_publication_dates() {
        let lines = vec![line("It happened on September 30, 2015.", LineKind::Body, "main_region")];
        assert_eq!(published(&lines), None);
    }
}
