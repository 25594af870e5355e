//! Pages from the digest, through Tera templates, handed to a [`crate::engine::sink::PageSink`] as they are made.
//!
//! Built-in templates are compiled into the binary; a file of the same name in the site's
//! `templates/` replaces one. Article text reaches HTML only escaped: by Tera's autoescape
//! (on for `.html` and `.xml`), or, for an article's body as HTML, by the same escaping as
//! it is marked up (`article.body`); the other values marked safe are the editor's
//! Markdown and the JSON-LD (escaped for a `<script>` element).
//! With `minify` on, the templates' markup is minified once when they are parsed
//! ([`minify::minify_template`]), so no page is minified one by one.
//! No file system access here. Cost: one render per page. An article page needs its article
//! only ([`article_page`], called as each article is extracted); the list pages, timeline,
//! feeds and search index ([`render_lists`]) render in parallel, linear in articles and
//! events, and the timeline page is bounded whatever the digest's size (its most-reported
//! events, a dozen reports and articles per line). A list page whose data hashes as last
//! time is kept, not rendered ([`ListKeys`]).
//!
//! Memory: no page that lists the whole digest is one template context. The timeline's
//! sections (thousands of dates) are rendered one at a time into the page's slot and written
//! as they come; the search index, `timeline.json` and the sitemap (split past 50,000 URLs)
//! are written by code: the first two in pieces of a few hundred items made on every core
//! and written in order, a rebuild copying the pieces that did not change from the previous
//! file ([`crate::engine::pieces`]), the sitemap an item at a time.

pub mod context;
pub mod escape;
pub mod feeds;
pub mod lists;
pub mod markdown;
pub mod minify;
pub mod quotes;
pub mod search_index;
pub mod sitemap;
pub mod stories;
pub mod templates;
pub mod timeline;
pub mod urls;

use self::context::{ArticlePage, ArticleView, SiteView};
pub use self::lists::{ListFile, ListKeys, render_lists};
pub use self::templates::{BUILTIN_TEMPLATES, Templates};
use crate::error::TemplateError;
use crate::model::Article;

/// Site-wide settings the pages need.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    /// Site title.
    pub title: String,
    /// Editor's Markdown description.
    pub description: String,
    /// `lang` of the pages.
    pub language: String,
    /// Public address, ending in `/`.
    pub base_url: String,
    /// Path part of `base_url`, ending in `/`.
    pub base_path: String,
    /// Articles per page of the home page list.
    pub paginate_by: usize,
    /// The zone of publication times printed without one.
    pub timezone: chrono::FixedOffset,
}

/// The site settings as templates see them.
pub fn site_view(site: &SiteInfo) -> SiteView {
    SiteView {
        title: site.title.clone(),
        description_html: markdown::to_html(&site.description),
        description_text: markdown::to_text(&site.description),
        language: site.language.clone(),
        base_url: site.base_url.clone(),
        base_path: site.base_path.clone(),
    }
}

/// The marker an article page is rendered with where its "Also reported by" block goes:
/// text no article can hold.
const ALSO_SLOT: &str = "\u{1}broadsheet-also\u{1}";

/// An article page: its bytes, and where its "Also reported by" block goes in them (`None`
/// when the template shows no block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleHtml {
    /// The page.
    pub bytes: Vec<u8>,
    /// The byte offset of the block's place.
    pub also_at: Option<usize>,
}

/// Renders one article's page (`articles/SLUG/index.html`). It depends on the article and the
/// site alone, never on other articles, so pages render as their articles are extracted.
///
/// # Errors
/// The template fails to render.
pub fn article_page(
    article: &Article,
    slug: &str,
    site: &SiteInfo,
    view: &SiteView,
    templates: &Templates,
) -> Result<ArticleHtml, TemplateError> {
    let file = urls::article_file(slug);
    let mut page = lists::page_view(view, &file, article.meta.title.text());
    page.og_type = "article";
    page.description = article.summary();
    let json_ld = feeds::json_ld(article, &page.canonical, site.timezone);
    let data = ArticlePage { site: view, page, article: ArticleView::of(article), json_ld, also: ALSO_SLOT };
    let mut bytes = templates.render("article.html", &file, &data)?;
    let also_at = memchr::memmem::find(&bytes, ALSO_SLOT.as_bytes());
    if let Some(at) = also_at {
        bytes.drain(at..at + ALSO_SLOT.len());
    }
    Ok(ArticleHtml { bytes, also_at })
}
