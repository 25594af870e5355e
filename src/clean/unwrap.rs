//! Hard-wrapped text: paragraphs a page saved broken into lines at a fixed width (the
//! source of an HTML page, a mailing-list archive, a plain-text article), joined back.
//!
//! The cleaner judges a line by its length, its function words and its ending; a paragraph
//! cut at 72 columns reads to it as a run of short fragments (subheadings, menu items), and
//! the article page would show each fragment as a paragraph. A page is taken for
//! hard-wrapped only on evidence: several lines that stop without a sentence's end and are
//! followed by a line that starts in lower case (a sentence carried over), and those make a
//! fair share of the page's lines of prose. On such a page, a line that stops without a
//! sentence's end, or that the next line visibly continues, is joined with the next line.
//!
//! The line count is kept: a joined paragraph stands on its first line and the lines it
//! absorbed become blank, so every line number the cleaner reports is still the input's.
//! Pages that are not hard-wrapped come back borrowed, untouched. Pure; linear.

use std::borrow::Cow;

/// Lines of at least this many words count when measuring how wrapped a page is.
const MIN_WORDS: usize = 4;
/// A page is hard-wrapped with at least this many lines carried over into the next…
const MIN_CARRIED: usize = 3;
/// …making at least this share of its lines of prose that are followed by another line.
const MIN_SHARE: f32 = 0.2;

/// The page with its hard-wrapped paragraphs joined, each on one line (the lines it
/// absorbed left blank), or the page itself when it is not hard-wrapped.
pub fn unwrap(page: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = page.lines().map(str::trim).collect();
    if !hard_wrapped(&lines) {
        return Cow::Borrowed(page);
    }
    let mut out = String::with_capacity(page.len());
    let mut absorbed = 0;
    for (i, line) in lines.iter().enumerate() {
        let joins_next = lines.get(i + 1).is_some_and(|next| joins(line, next));
        if absorbed > 0 && !out.ends_with('\n') {
            // Continuing a paragraph: a space between words, none between CJK characters.
            let cjk = out.chars().next_back().is_some_and(crate::text::is_cjk)
                && line.chars().next().is_some_and(crate::text::is_cjk);
            if !cjk {
                out.push(' ');
            }
        }
        out.push_str(line);
        if joins_next {
            absorbed += 1;
        } else {
            out.push('\n');
            push_newlines(&mut out, absorbed);
            absorbed = 0;
        }
    }
    Cow::Owned(out)
}

fn push_newlines(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n('\n', n));
}

/// Whether the line ends a sentence (or a quotation that ends one), a heading's colon
/// included.
fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '”', '’', '\'', '»', ')', ']']);
    t.ends_with(['.', '!', '?', ':', ';', '。', '！', '？', '…'])
}

/// Whether the line starts with a lower-case letter (a sentence carried over).
fn starts_lower(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_lowercase)
}

/// Whether the line opens a list item, which starts a line of its own.
fn opens_item(line: &str) -> bool {
    line.starts_with(['•', '*', '-', '–', '—', '·', '>', '|', '#'])
        || line
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.len() <= 3 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether `line` is carried over into `next` on a hard-wrapped page.
fn joins(line: &str, next: &str) -> bool {
    if line.is_empty() || next.is_empty() || opens_item(next) {
        return false;
    }
    starts_lower(next) || (!ends_sentence(line) && crate::text::word_count(line) >= MIN_WORDS)
}

/// Whether the page's paragraphs are broken into lines: enough lines of prose stop
/// mid-sentence and go on, in lower case, on the next line.
fn hard_wrapped(lines: &[&str]) -> bool {
    let (mut prose, mut carried) = (0usize, 0usize);
    for pair in lines.windows(2) {
        let (line, next) = (pair[0], pair[1]);
        if line.is_empty() || next.is_empty() || crate::text::word_count(line) < MIN_WORDS {
            continue;
        }
        prose += 1;
        if !ends_sentence(line) && starts_lower(next) && !opens_item(next) {
            carried += 1;
        }
    }
    carried >= MIN_CARRIED && carried as f32 >= MIN_SHARE * prose as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRAPPED: &str = "Museum attack - The Daily Example\n\nSign In\nSubscribe\n\n\
CAIRO — Gunmen opened fire on visitors at\n\
Tunisia's most renowned museum on Wednesday, killing at least 19 people,\n\
including 17 foreigners, in an assault that threatened to upset the fragile\n\
stability of a country seen as the lone success of the Arab Spring.\n\n\
It was the most deadly attack in the nation in\n\
more than a decade. Although no group claimed responsibility, the bloodshed\n\
raised fears that militants were expanding\n\
their operations.\n";

    #[test]
    fn joins_wrapped_paragraphs_and_keeps_the_line_count() {
        let out = unwrap(WRAPPED);
        assert_eq!(out.lines().count(), WRAPPED.lines().count());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "Museum attack - The Daily Example");
        assert_eq!(lines[2..4], ["Sign In", "Subscribe"]);
        assert!(lines[5].starts_with("CAIRO — Gunmen opened fire on visitors at Tunisia's most renowned museum"));
        assert!(lines[5].ends_with("lone success of the Arab Spring."));
        assert!(lines[6..9].iter().all(|l| l.is_empty()));
        assert!(lines[10].starts_with("It was the most deadly attack in the nation in more than a decade."));
        assert!(lines[10].ends_with("expanding their operations."));
    }

    #[test]
    fn a_page_of_one_paragraph_per_line_is_untouched() {
        let page = "Home\nNews\nMarkets fall as rates rise\nShares fell on Monday as the bank raised rates.\n\
                    \"We expect more,\" said one trader.\nmore stories\nRead more\n";
        assert!(matches!(unwrap(page), Cow::Borrowed(_)));
    }

    #[test]
    fn list_items_stay_on_their_lines() {
        let page = "The plan has three parts that the council\nagreed on after a long\nmeeting that ran late\n\
                    into the night and that\n- more buses\n- wider pavements\n1. fewer cars\n";
        let out = unwrap(page);
        let lines: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines[1..], ["- more buses", "- wider pavements", "1. fewer cars"]);
    }

    #[test]
    fn cjk_lines_join_without_a_space() {
        let page = "第一行的文字没有结束而且继续\n下一行的文字还在继续写下去\n第三行继续\nlower case carries on here\nand here too it goes on\nand on and on it goes\nfor a while longer still\n";
        let out = unwrap(page);
        assert!(out.contains("继续下一行"), "{out}");
    }
}
