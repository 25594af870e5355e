//! Metadata and structure from a cleaned page: title, date, outlet, credit, dateline,
//! standfirst, captions, and the body as paragraphs and subheadings.
//!
//! Pure and total: extraction never fails. What the text does not give is `None` (or a
//! derived title), and the caller turns that into a warning naming the file.
//! Linear in the number of lines.

pub mod date;
pub mod source;
pub mod title;

use crate::model::{Article, Block, CleanLine, Cleaned, LineKind, Meta, SEARCH_WORDS, SourceDoc};
use crate::text;

/// The longest paragraph taken for a standfirst, in words.
const STANDFIRST_MAX_WORDS: usize = 60;

/// Builds the article record of a cleaned page.
pub fn extract(doc: &SourceDoc, cleaned: &Cleaned) -> Article {
    let lines = &cleaned.lines;
    let headline = title::headline(lines);
    let mut body: Vec<(usize, Block)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l.kind {
            LineKind::Body => Some((i, Block::Paragraph(l.text.clone()))),
            LineKind::Subheading => Some((i, Block::Subheading(l.text.clone()))),
            _ => None,
        })
        .collect();
    // The standfirst: the line the cleaner marked, or the first paragraph when set apart.
    let standfirst_at = lines
        .iter()
        .position(|l| l.kind == LineKind::Standfirst)
        .or_else(|| first_set_apart(lines, &body).then(|| body.remove(0).0));
    let standfirst = standfirst_at.map(|i| lines[i].text.clone());
    let mut search_words = text::DistinctWords::new(SEARCH_WORDS);
    for i in standfirst_at.into_iter().chain(body.iter().map(|(i, _)| *i)) {
        search_words.add_keyed(&lines[i].text, &lines[i].key);
    }
    let body: Vec<Block> = body.into_iter().map(|(_, b)| b).collect();
    let dateline = body.iter().find_map(|b| match b {
        Block::Paragraph(p) => Some(source::dateline(p)),
        Block::Subheading(_) => None,
    });
    let mut caption_lines: Vec<&CleanLine> = Vec::new();
    for l in lines.iter().filter(|l| l.kind == LineKind::Caption) {
        if !caption_lines.iter().any(|c| c.key == l.key) {
            caption_lines.push(l);
        }
    }
    let captions = caption_lines.into_iter().map(|l| l.text.clone()).collect();
    Article {
        id: doc.id,
        stem: doc.stem.clone(),
        meta: Meta {
            title: title::title(headline.as_ref(), &body),
            published: date::published(lines),
            source: source::outlet(lines, headline.as_ref()),
            credit: source::credit(lines),
        },
        dateline: dateline.flatten(),
        standfirst,
        captions,
        body,
        mentions: Vec::new(),
        unresolved: Vec::new(),
        search_words: search_words.finish(),
        story: Default::default(), // the pipeline's last steps
        quotes: Vec::new(),
    }
}

/// Whether the page sets the first paragraph apart from the story (a standfirst): the next
/// paragraph opens with a dateline, or a caption or photo stands between them.
fn first_set_apart(lines: &[CleanLine], body: &[(usize, Block)]) -> bool {
    let [(first_at, Block::Paragraph(first)), (second_at, Block::Paragraph(second)), ..] = body else {
        return false;
    };
    if source::dateline(first).is_some() || text::word_count(first) > STANDFIRST_MAX_WORDS {
        return false;
    }
    let media_between = lines[first_at + 1..*second_at].iter().any(|l| l.kind == LineKind::Caption);
    media_between || source::dateline(second).is_some()
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
        CleanLine::new(text, kind, if kind == LineKind::Title { "headline" } else { "test" })
    }

    /// The search words made from the cleaner's keys are the words of standfirst and story.
    fn assert_search_words_match_the_text(name: &str, text: &str) {
        let doc = SourceDoc { text: text.to_owned(), ..doc() };
        let article = extract(&doc, &crate::clean::clean(text, &crate::clean::CleanContext::default()));
        let texts = article.standfirst.iter().map(String::as_str).chain(article.body.iter().map(Block::text));
        assert_eq!(article.search_words, text::distinct_content_words(texts, SEARCH_WORDS), "{name}");
    }

    #[test]
    fn search_words_are_those_of_standfirst_and_story() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for entry in std::fs::read_dir(seeds).unwrap() {
            let path = entry.unwrap().path();
            assert_search_words_match_the_text(&path.display().to_string(), &std::fs::read_to_string(&path).unwrap());
        }
        // A trailing tag cut from the last paragraph, a standfirst, and words outside ASCII.
        let page = "Talks Resume in Geneva | The Daily\n\n\
            Delegates returned to the table, officials said, hoping for a deal this week.\n\n\
            Photo: delegates arriving.\n\n\
            GENEVA — The talks in Geneva between the two sides were aimed at gaining time, they said on Monday \
            after a long night of meetings in the old palace by the lake, where the last round had ended without a word.\n\n\
            Über die Brücke: the İstanbul delegation was said to be close to the agreement and its terms, which \
            the others had not yet seen in full.\n\n\
            The talks were set to continue into the night, and the envoy told reporters that he expected a result \
            before the end of the week, though he would not say what it would be or who would sign it. summit diplomacy\n";
        assert_search_words_match_the_text("page", page);
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
        assert_eq!(a.meta.title.text(), "Leaders fail to agree");
    }

    #[test]
    fn no_standfirst_when_story_runs_on() {
        let cleaned = Cleaned {
            lines: vec![l("First paragraph of the story.", LineKind::Body), l("Second paragraph.", LineKind::Body)],
        };
        let a = extract(&doc(), &cleaned);
        assert_eq!(a.standfirst, None);
        assert!(a.meta.title.is_derived());
        assert_eq!(a.meta.title.text(), "First paragraph of the story");
    }
}
