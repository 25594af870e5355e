//! The headline: the one the cleaner found, or one derived from the story's opening.

use crate::clean::blocks::{PageLine, TitleSplit, name_shaped, section_word, site_evidence, split_title};
use crate::model::{Block, CleanLine, LineKind, Title};
use crate::text;

/// The longest derived title, in words.
const DERIVED_MAX_WORDS: usize = 14;

/// The headline line the cleaner marked, as `(index, full line)`.
pub fn headline_line(lines: &[CleanLine]) -> Option<(usize, &str)> {
    lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.kind == LineKind::Title && l.rule == "headline")
        .map(|(i, l)| (i, l.text.as_str()))
}

/// The headline line the cleaner marked: where it is, and its split into headline and site
/// name (which the title and the outlet both read).
#[derive(Debug)]
pub struct Headline<'l> {
    /// Its line.
    pub at: usize,
    /// The headline and the site name cut off it.
    pub split: TitleSplit<'l>,
}

/// The headline line the cleaner marked, split ([`split_headline_line`]).
pub fn headline(lines: &[CleanLine]) -> Option<Headline<'_>> {
    let (at, line) = headline_line(lines)?;
    Some(Headline { at, split: split_headline_line(lines, at, line) })
}

/// The title: the headline without its site suffix, or one derived from the body.
pub fn title(headline: Option<&Headline<'_>>, body: &[Block]) -> Title {
    match headline {
        Some(h) => Title::Found(h.split.head.to_owned()),
        None => Title::Derived(derive(body)),
    }
}

/// The headline line split into headline and site name, checked against the page's other
/// lines (see [`split_title`]).
pub fn split_headline_line<'l>(lines: &[CleanLine], at: usize, line: &'l str) -> TitleSplit<'l> {
    let page: Vec<PageLine<'_>> = lines
        .iter()
        .filter(|l| l.kind != LineKind::Blank)
        .map(|l| PageLine { key: &l.key, text: &l.text, copyright: l.rule == "copyright" })
        .collect();
    let title_key = lines[at].key.as_str();
    let split = split_title(line, &|name: &str| site_evidence(&page, title_key, name));
    if split.site.is_some() {
        return split;
    }
    // `Blog Name: Post title` (Blogger's form) when the name stands alone in the masthead
    // right under the title; a colon also opens headlines (`Putin: ...`), whose first word
    // no masthead prints alone.
    let masthead = |name: &str| {
        let key = text::line_key(name);
        lines[at + 1..].iter().filter(|l| l.kind != LineKind::Blank).take(MASTHEAD_LINES).any(|l| l.key == key)
    };
    match split.head.split_once(": ") {
        Some((pre, rest))
            if text::word_count(pre) <= 5
                && text::word_count(rest) >= 3
                && name_shaped(pre)
                && !section_word(pre)
                && masthead(pre) =>
        {
            TitleSplit { head: rest.trim(), site: Some(pre.trim()), confirmed: true }
        }
        _ => split,
    }
}

/// Lines under the title that count as the page's masthead.
const MASTHEAD_LINES: usize = 3;

/// A title made of the first sentence of the first paragraph that is not a quotation.
pub fn derive(body: &[Block]) -> String {
    let paragraph = body
        .iter()
        .map(Block::text)
        .find(|t| !t.starts_with(['“', '"', '‘', '\'', '«', '„']))
        .or_else(|| body.first().map(Block::text))
        .unwrap_or("");
    let sentence = first_sentence(paragraph);
    let sentence = sentence.trim_end_matches(['.', '。']);
    let title = text::truncate_words(sentence, DERIVED_MAX_WORDS);
    if title.is_empty() { "Untitled article".to_owned() } else { title }
}

/// The text up to the first sentence end that is not an initial or a short abbreviation.
pub fn first_sentence(paragraph: &str) -> &str {
    let bytes = paragraph.as_bytes();
    for (i, c) in paragraph.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '。') {
            continue;
        }
        let end = i + c.len_utf8();
        let next_is_space = bytes.get(end).is_none_or(|b| *b == b' ');
        let word_before = paragraph[..i].rsplit(' ').next().unwrap_or("");
        let abbreviation = c == '.' && (word_before.chars().count() <= 2 || word_before.contains('.'));
        if next_is_space && !abbreviation {
            return &paragraph[..end];
        }
    }
    paragraph
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_title_skips_opening_quotes() {
        let body = vec![
            Block::Paragraph("“I asked him: ‘What view would you take?’,” Putin said.".into()),
            Block::Paragraph(
                "Syrian President Assad flew into Moscow on Tuesday for a meeting with Putin. More text.".into(),
            ),
        ];
        assert_eq!(derive(&body), "Syrian President Assad flew into Moscow on Tuesday for a meeting with Putin");
    }

    #[test]
    fn first_sentence_skips_abbreviations() {
        assert_eq!(first_sentence("The U.S. and Mr. Smith met. Then left."), "The U.S. and Mr. Smith met.");
    }

    #[test]
    fn long_derived_title_is_cut() {
        let body = vec![Block::Paragraph(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen.".into(),
        )];
        assert_eq!(derive(&body), "one two three four five six seven eight nine ten eleven twelve thirteen fourteen…");
    }

    fn page(texts: &[&str]) -> Vec<CleanLine> {
        let kind = |i: usize| if i == 0 { LineKind::Title } else { LineKind::Boilerplate };
        texts.iter().enumerate().map(|(i, t)| CleanLine::new(*t, kind(i), "test")).collect()
    }

    #[test]
    fn a_blog_name_before_a_colon_is_the_site_when_the_masthead_prints_it() {
        let title = "RogerBW's Blog: Advent of Code 2025 week 2";
        let lines = page(&[title, "RogerBW's Blog", "Home", "Advent of Code 2025 week 2"]);
        let split = split_headline_line(&lines, 0, title);
        assert_eq!(
            (split.head, split.site, split.confirmed),
            ("Advent of Code 2025 week 2", Some("RogerBW's Blog"), true)
        );
        // A headline's opening word before a colon, even printed as a tag far below, stays.
        let title = "Putin: Moscow and Washington close to a deal on Syria";
        let lines = page(&[title, "Home", "World", "Middle East", "Putin"]);
        let split = split_headline_line(&lines, 0, title);
        assert_eq!((split.head, split.site), (title, None));
    }

    #[test]
    fn empty_body_still_gets_a_title() {
        assert_eq!(derive(&[]), "Untitled article");
    }
}
