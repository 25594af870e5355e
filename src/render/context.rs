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

impl<'a> Card<'a> {
    /// What a reader is shown where outlets are listed: the outlet, or the headline when the
    /// article names none.
    pub fn label(&self) -> &'a str {
        self.source.unwrap_or(self.title)
    }
}

/// A story as lists show it.
#[derive(Debug, Serialize)]
pub struct StoryCard<'a> {
    /// The central article's headline.
    pub headline: &'a str,
    /// Path from the site root (`stories/x/index.html`).
    pub url: String,
    /// The outlets that carried it, each once, in digest order (articles without an outlet
    /// are counted in `article_count` only).
    pub outlets: Vec<&'a str>,
    /// How many articles tell it.
    pub article_count: usize,
    /// Its earliest publication date, when any article has one.
    pub first: Option<&'a DateView>,
    /// Its latest publication date.
    pub last: Option<&'a DateView>,
    /// The day of `first` for readers (`5 September 2016`), or "".
    pub first_day: String,
    /// The day of `last` for readers, or "".
    pub last_day: String,
    /// The central article's summary.
    pub summary: &'a str,
    /// What it is called where outlets are named (search results): `Story · 3 outlets`.
    pub label: String,
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
            title: a.meta.title.text(),
            title_derived: a.meta.title.is_derived(),
            date: a.meta.published.as_ref().map(DateView::of),
            source: a.meta.source.as_deref(),
            credit: a.meta.credit.as_deref(),
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
        super::escape::escape_html_into(&mut out, b.text());
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
    /// The stories the first page leads with, largest and newest first (none on the others).
    pub stories: &'a [StoryCard<'a>],
    /// How many stories the site has.
    pub stories_total: usize,
    /// This page's articles (those that stand alone, in no story), newest first.
    pub articles: &'a [&'a Card<'a>],
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
    /// Where the "Also reported by" block goes (`{{ also | safe }}`): a marker that the page
    /// is rendered with and that [`super::article_page`] takes out, giving its place; the
    /// block is put there once the stories are known ([`super::stories`]).
    pub also: &'static str,
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
