//! The typed data each template receives. A template sees these fields and nothing else;
//! a typo in a template is an error at render time, not an empty string.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::{Article, Block, Published, date_text};

/// Site-wide values, the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView {
    /// Site title.
    pub title: String,
    /// The description, rendered from the editor's Markdown (the one trusted HTML value).
    pub description_html: String,
    /// The same description as plain text (for meta tags).
    pub description_text: String,
    /// `lang` of the pages.
    pub language: String,
    /// The public address, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, ending in `/`.
    pub base_path: String,
}

/// Values about the page being rendered.
#[derive(Debug, Serialize)]
pub struct PageView {
    /// Relative prefix to the site root (`../../`), or the absolute base path on `404.html`.
    pub root: String,
    /// The page's canonical absolute URL.
    pub canonical: String,
    /// The text of `<title>`.
    pub title: String,
    /// Plain-text description for `<meta name=description>` and OpenGraph.
    pub description: String,
    /// OpenGraph type: `website` or `article`.
    pub og_type: &'static str,
}

/// A date as templates show it.
#[derive(Debug, Serialize)]
pub struct DateView {
    /// For `<time datetime>`: ISO 8601 as precise as known.
    pub iso: String,
    /// The calendar day, `YYYY-MM-DD`.
    pub day: String,
    /// For readers: `5 September 2016, 14:12`.
    pub human: String,
}

impl DateView {
    /// The view of a publication date.
    pub fn of(p: &Published) -> Self {
        let mut human = date_text::human_day(p.date);
        let mut day = String::with_capacity(10);
        // Writing to a `String` cannot fail.
        let _ = date_text::ymd(&mut day, p.date);
        if let Some(t) = p.time {
            human.push_str(", ");
            let _ = date_text::hm(&mut human, t);
        }
        DateView { iso: p.to_string(), day, human }
    }
}

/// An article as lists show it.
#[derive(Debug, Serialize)]
pub struct Card<'a> {
    /// Headline.
    pub title: &'a str,
    /// True when the headline was derived from the text.
    pub title_derived: bool,
    /// Path from the site root (`articles/x/index.html`).
    pub url: String,
    /// Outlet.
    pub source: Option<&'a str>,
    /// Publication date.
    pub date: Option<DateView>,
    /// Credit line.
    pub credit: Option<&'a str>,
    /// The standfirst, or the opening of the first paragraph.
    pub summary: &'a str,
}

/// A body block with its anchor.
#[derive(Debug, Serialize)]
pub struct BlockView<'a> {
    /// `paragraph` or `subheading`.
    pub kind: &'static str,
    /// The text (escaped by the template).
    pub text: &'a str,
    /// The anchor id (`p1`, `p2`, ...), stable for a given text.
    pub id: String,
}

/// An article as its own page shows it.
#[derive(Debug, Serialize)]
pub struct ArticleView<'a> {
    /// Headline.
    pub title: &'a str,
    /// True when the headline was derived from the text.
    pub title_derived: bool,
    /// Publication date.
    pub date: Option<DateView>,
    /// Outlet.
    pub source: Option<&'a str>,
    /// Credit line.
    pub credit: Option<&'a str>,
    /// Dateline place.
    pub dateline: Option<&'a str>,
    /// Standfirst.
    pub standfirst: Option<&'a str>,
    /// Photo captions.
    pub captions: &'a [String],
    /// The story as data, block by block, for a template that marks it up itself.
    pub blocks: Vec<BlockView<'a>>,
    /// The story as HTML (`{{ article.body | safe }}`): each paragraph a `<p>`, each
    /// subheading an `<h2>`, with the blocks' `id` anchors; the text escaped.
    pub body: String,
}

impl<'a> ArticleView<'a> {
    /// The view of an article.
    pub fn of(a: &'a Article) -> Self {
        let blocks = a
            .body
            .iter()
            .enumerate()
            .map(|(i, b)| BlockView {
                kind: match b {
                    Block::Paragraph(_) => "paragraph",
                    Block::Subheading(_) => "subheading",
                },
                text: b.text(),
                id: format!("p{}", i + 1),
            })
            .collect();
        ArticleView {
            body: body_html(&a.body),
            title: a.title.text(),
            title_derived: a.title.is_derived(),
            date: a.published.as_ref().map(DateView::of),
            source: a.source.as_deref(),
            credit: a.credit.as_deref(),
            dateline: a.dateline.as_deref(),
            standfirst: a.standfirst.as_deref(),
            captions: &a.captions,
            blocks,
        }
    }
}

/// An article's body as HTML: `<p id="p1">…</p>`, `<h2 id="p2">…</h2>`, one block a line.
fn body_html(body: &[Block]) -> String {
    let mut out = String::with_capacity(body.iter().map(|b| b.text().len() + 24).sum());
    for (n, b) in (1u32..).zip(body) {
        let tag = match b {
            Block::Paragraph(_) => "p",
            Block::Subheading(_) => "h2",
        };
        let _ = write!(out, "<{tag} id=\"p{n}\">");
        super::escape_html_into(&mut out, b.text());
        let _ = writeln!(out, "</{tag}>");
    }
    out
}

/// `index.html`.
#[derive(Debug, Serialize)]
pub struct IndexPage<'a> {
    /// Site values.
    pub site: &'a SiteView,
    /// Page values.
    pub page: PageView,
    /// This page's articles, newest first.
    pub articles: &'a [Card<'a>],
    /// Where this page stands in the list.
    pub pagination: Pagination,
}

/// The position of a list page.
#[derive(Debug, Serialize)]
pub struct Pagination {
    /// This page's number, from 1.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// The position in the whole list of this page's first article, from 1.
    pub first_number: usize,
    /// Path from the site root to the previous page.
    pub prev: Option<String>,
    /// Path from the site root to the next page.
    pub next: Option<String>,
}

/// `articles/SLUG/index.html`.
#[derive(Debug, Serialize)]
pub struct ArticlePage<'a> {
    /// Site values.
    pub site: &'a SiteView,
    /// Page values.
    pub page: PageView,
    /// The article.
    pub article: ArticleView<'a>,
    /// The schema.org `NewsArticle` JSON-LD, already safe inside a `<script>` element.
    pub json_ld: String,
}

/// `timeline/index.html`.
#[derive(Debug, Serialize)]
pub struct TimelinePage<'a> {
    /// Site values.
    pub site: &'a SiteView,
    /// Page values.
    pub page: PageView,
    /// Where the sections go: the template shows `{{ sections }}` once, and there each
    /// section (a date with events or publications, chronological) is rendered by
    /// `timeline_section.html` as `section`, one at a time, so that a timeline of thousands
    /// of dates is never one template context.
    pub sections: &'static str,
    /// How many sections there are.
    pub section_count: usize,
    /// The scale's ticks, chronological.
    pub ticks: Vec<super::timeline::TickView<'a>>,
    /// The first date of the timeline.
    pub first: Option<&'a super::timeline::PartialDateView>,
    /// The last date of the timeline.
    pub last: Option<&'a super::timeline::PartialDateView>,
    /// Articles without a date, with the expressions that could not be resolved.
    pub undated: Vec<super::timeline::UndatedView<'a>>,
    /// Number of events of the story's time (background ones aside).
    pub event_count: usize,
    /// The background part of the timeline: the shown background events, a section per
    /// date, chronological (each rendered by `timeline_section.html` as `section`).
    pub background: Vec<super::timeline::SectionView<'a>>,
    /// Number of background events (birth years, `since 1905`, dates far from publication
    /// told once).
    pub background_count: usize,
    /// Events reported by a single article that the page leaves out (a large digest).
    pub hidden_events: usize,
    /// Undated articles not listed (the page lists at most [`super::timeline::MAX_UNDATED_SHOWN`]).
    pub undated_more: usize,
}

/// `404.html`.
#[derive(Debug, Serialize)]
pub struct NotFoundPage<'a> {
    /// Site values.
    pub site: &'a SiteView,
    /// Page values.
    pub page: PageView,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_html_marks_up_blocks_with_anchors_and_escapes_their_text() {
        let body = [
            Block::Paragraph("Tom & Jerry <b>met</b>.".into()),
            Block::Subheading("What \"next\"".into()),
            Block::Paragraph("It's <script>.".into()),
        ];
        assert_eq!(
            body_html(&body),
            "<p id=\"p1\">Tom &amp; Jerry &lt;b&gt;met&lt;/b&gt;.</p>\n\
             <h2 id=\"p2\">What &quot;next&quot;</h2>\n\
             <p id=\"p3\">It&#39;s &lt;script&gt;.</p>\n"
        );
        assert_eq!(body_html(&[]), "");
    }
}
