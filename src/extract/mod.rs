//! Metadata and structure from a cleaned page: title, date, outlet, credit, dateline,
//! standfirst, captions, and the body as paragraphs and subheadings.
//!
//! Pure and total: extraction never fails. What the text does not give is `None` (or a
//! derived title), and the caller turns that into a warning naming the file.
//! Linear in the number of lines.

pub mod date;
pub mod source;
pub mod title;

use crate::model::{Article, Block, CleanLine, Cleaned, LineKind, SourceDoc};
use crate::text;

/// The longest paragraph taken for a standfirst, in words.
const STANDFIRST_MAX_WORDS: usize = 60;

/// Builds the article record of a cleaned page.
pub fn extract(doc: &SourceDoc, cleaned: &Cleaned) -> Article {
    let lines = &cleaned.lines;
    let headline_at = title::headline_line(lines).map(|(i, _)| i);
    let mut body: Vec<(usize, Block)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l.kind {
            LineKind::Body => Some((i, Block::Paragraph(l.text.clone()))),
            LineKind::Subheading => Some((i, Block::Subheading(l.text.clone()))),
            _ => None,
        })
        .collect();
    let marked = lines.iter().find(|l| l.kind == LineKind::Standfirst).map(|l| l.text.clone());
    let standfirst = marked.or_else(|| {
        let found = standfirst(lines, &body);
        if found.is_some() {
            body.remove(0);
        }
        found
    });
    let body: Vec<Block> = body.into_iter().map(|(_, b)| b).collect();
    let dateline = body.iter().find_map(|b| match b {
        Block::Paragraph(p) => Some(source::dateline(p)),
        Block::Subheading(_) => None,
    });
    let mut captions: Vec<String> = Vec::new();
    for l in lines.iter().filter(|l| l.kind == LineKind::Caption) {
        if !captions.iter().any(|c| text::line_key(c) == text::line_key(&l.text)) {
            captions.push(l.text.clone());
        }
    }
    Article {
        id: doc.id,
        stem: doc.stem.clone(),
        title: title::title(lines, &body),
        published: date::published(lines),
        source: source::outlet(lines, headline_at),
        credit: source::credit(lines),
        dateline: dateline.flatten(),
        standfirst,
        captions,
        body,
        mentions: Vec::new(),
        unresolved: Vec::new(),
    }
}

/// The first paragraph, when the page sets it apart from the story: the next paragraph
/// opens with a dateline, or a caption or photo stands between them.
fn standfirst(lines: &[CleanLine], body: &[(usize, Block)]) -> Option<String> {
    let [(first_at, Block::Paragraph(first)), (second_at, Block::Paragraph(second)), ..] = body else {
        return None;
    };
    if source::dateline(first).is_some() || text::word_count(first) > STANDFIRST_MAX_WORDS {
        return None;
    }
    let media_between = lines[first_at + 1..*second_at].iter().any(|l| l.kind == LineKind::Caption);
    (media_between || source::dateline(second).is_some()).then(|| first.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocId;
    use std::path::PathBuf;

    fn doc() -> SourceDoc {
        SourceDoc {
            id: DocId(0),
            rel_path: PathBuf::from("a.txt"),
            stem: "a".into(),
            text: String::new(),
            decode_note: None,
        }
    }

    fn l(text: &str, kind: LineKind) -> CleanLine {
        CleanLine { text: text.into(), kind, rule: if kind == LineKind::Title { "headline" } else { "test" } }
    }

    #[test]
    fn standfirst_before_caption_and_dateline() {
        let cleaned = Cleaned {
            lines: vec![
                l("Leaders fail to agree", LineKind::Title),
                l("The two leaders met for 90 minutes without a deal.", LineKind::Body),
                l("The leaders at the summit. Photo agency", LineKind::Caption),
                l("HANGZHOU, China // The US and Russia did not agree.", LineKind::Body),
                l("Talks go on.", LineKind::Body),
            ],
        };
        let a = extract(&doc(), &cleaned);
        assert_eq!(a.standfirst.as_deref(), Some("The two leaders met for 90 minutes without a deal."));
        assert_eq!(a.dateline.as_deref(), Some("HANGZHOU, China"));
        assert_eq!(a.body.len(), 2);
        assert_eq!(a.captions, ["The leaders at the summit. Photo agency"]);
        assert_eq!(a.title.text(), "Leaders fail to agree");
    }

    #[test]
    fn no_standfirst_when_story_runs_on() {
        let cleaned = Cleaned {
            lines: vec![l("First paragraph of the story.", LineKind::Body), l("Second paragraph.", LineKind::Body)],
        };
        let a = extract(&doc(), &cleaned);
        assert_eq!(a.standfirst, None);
        assert!(a.title.is_derived());
        assert_eq!(a.title.text(), "First paragraph of the story");
    }
}
