//! Pages from the digest, through Tera templates, handed to a [`PageSink`] as they are made.
//!
//! Built-in templates are compiled into the binary; a file of the same name in the site's
//! `templates/` replaces one. Article text reaches HTML only through Tera's autoescape
//! (on for `.html` and `.xml`); the one value marked safe is the editor's Markdown.
//! No file system access here. Cost: one render per page; article pages render in
//! parallel, and no template loops over every article except the list pages.

pub mod context;
pub mod feeds;
pub mod markdown;
pub mod timeline;
pub mod urls;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use self::context::{
    ArticlePage, ArticleView, Card, DateView, IndexPage, NotFoundPage, PageView, Pagination, SiteView, TimelinePage,
};
use crate::digest::Digest;
use crate::error::{Error, TemplateError};
use crate::model::{Article, DocId};
use crate::sink::PageSink;
use crate::text;

/// The templates compiled into the binary, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("timeline.html", include_str!("../../templates/timeline.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("search.html", include_str!("../../templates/search.html")),
];

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

/// Parsed templates, ready to render.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// The built-in templates, each replaced by the override of the same name if given.
    ///
    /// # Errors
    /// A template does not parse, or extends one that does not exist.
    pub fn new(overrides: &[(String, String)]) -> Result<Self, TemplateError> {
        let mut all: Vec<(&str, &str)> = BUILTIN_TEMPLATES.to_vec();
        for (name, body) in overrides {
            match all.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = body,
                None => all.push((name, body)),
            }
        }
        let mut tera = Tera::default();
        tera.add_raw_templates(all).map_err(|source| TemplateError::Parse { source })?;
        Ok(Templates { tera })
    }

    fn render(&self, template: &str, page: &str, data: &impl Serialize) -> Result<Vec<u8>, TemplateError> {
        let ctx = tera::Context::from_serialize(data)
            .map_err(|source| TemplateError::Context { page: page.to_owned(), source })?;
        self.tera.render(template, &ctx).map(String::into_bytes).map_err(|source| TemplateError::Render {
            page: page.to_owned(),
            template: template.to_owned(),
            source,
        })
    }
}

/// What was rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderReport {
    /// Article pages.
    pub articles: usize,
    /// All pages (articles, home, timeline, 404).
    pub pages: usize,
    /// Article pages rendered this time (the others were left to the caller).
    pub rendered_articles: usize,
    /// Every article's page, rendered or not.
    pub article_files: Vec<(DocId, String)>,
}

/// Renders every page of the digest into `sink`.
///
/// # Errors
/// A template fails to render, or the sink cannot store a page.
pub fn render_site(
    digest: &Digest,
    site: &SiteInfo,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<RenderReport, Error> {
    render_site_where(digest, site, templates, sink, &|_, _| true)
}

/// Renders the digest into `sink`, article pages only where `render_article(file, article)`
/// says so (`serve` skips the pages whose article did not change); every other page always.
///
/// # Errors
/// A template fails to render, or the sink cannot store a page.
pub fn render_site_where(
    digest: &Digest,
    site: &SiteInfo,
    templates: &Templates,
    sink: &dyn PageSink,
    render_article: &(dyn Fn(&str, &Article) -> bool + Sync),
) -> Result<RenderReport, Error> {
    let site_view = SiteView {
        title: site.title.clone(),
        description_html: markdown::to_html(&site.description),
        description_text: markdown::to_text(&site.description),
        language: site.language.clone(),
        base_url: site.base_url.clone(),
        base_path: site.base_path.clone(),
    };
    // Slugs follow input order (DocId), so adding an article never renames another.
    let mut by_id: Vec<&Article> = digest.articles.iter().collect();
    by_id.sort_by_key(|a| a.id);
    let slugs: HashMap<DocId, String> =
        by_id.iter().map(|a| a.id).zip(urls::unique_slugs(by_id.iter().map(|a| a.title.text()))).collect();
    let slug_of = |id: DocId| slugs.get(&id).map_or("article", String::as_str);

    let cards: Vec<Card<'_>> = digest.articles.iter().map(|a| card(a, slug_of(a.id))).collect();
    let card_of: HashMap<DocId, &Card<'_>> = digest.articles.iter().map(|a| a.id).zip(cards.iter()).collect();

    let rendered = std::sync::atomic::AtomicUsize::new(0);
    digest.articles.par_iter().try_for_each(|a| -> Result<(), Error> {
        let file = urls::article_file(slug_of(a.id));
        if !render_article(&file, a) {
            return Ok(());
        }
        rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut view = page_view(&site_view, &file, a.title.text());
        view.og_type = "article";
        view.description = card_of.get(&a.id).map_or_else(String::new, |c| c.summary.clone());
        let json_ld = feeds::json_ld(a, &view.canonical, site.timezone);
        let page = ArticlePage { site: &site_view, page: view, article: ArticleView::of(a), json_ld };
        let html = templates.render("article.html", &file, &page)?;
        sink.put(&file, html)?;
        Ok(())
    })?;

    let per_page = site.paginate_by.max(1);
    let total = cards.len().div_ceil(per_page).max(1);
    for n in 1..=total {
        let file = urls::list_file(n);
        let title =
            if n == 1 { site_view.title.clone() } else { format!("{} · page {n} of {total}", site_view.title) };
        let chunk = cards.get((n - 1) * per_page..(n * per_page).min(cards.len())).unwrap_or(&[]);
        let pagination = Pagination {
            current: n,
            total,
            first_number: (n - 1) * per_page + 1,
            prev: (n > 1).then(|| urls::list_file(n - 1)),
            next: (n < total).then(|| urls::list_file(n + 1)),
        };
        let page =
            IndexPage { site: &site_view, page: page_view(&site_view, &file, &title), articles: chunk, pagination };
        sink.put(&file, templates.render("index.html", &file, &page)?)?;
    }

    let lookup = timeline::Lookup { articles: digest.articles.iter().map(|a| (a.id, a)).collect(), cards: card_of };
    let file = "timeline/index.html";
    let title = format!("Timeline · {}", site_view.title);
    let page = TimelinePage {
        site: &site_view,
        page: page_view(&site_view, file, &title),
        sections: timeline::sections(digest, &lookup),
        undated: timeline::undated(digest, &lookup),
        event_count: digest.events.len(),
        hidden_events: digest.events.iter().filter(|e| !timeline::shown(digest, e)).count(),
    };
    sink.put(file, templates.render("timeline.html", file, &page)?)?;
    sink.put("timeline.json", timeline::timeline_json(digest, &lookup, &site_view.title, &site_view.base_url))?;

    let file = "404.html";
    let title = format!("Page not found · {}", site_view.title);
    let mut view = page_view(&site_view, file, &title);
    view.root = site_view.base_path.clone(); // served at any depth: link from the base path
    sink.put(file, templates.render("404.html", file, &NotFoundPage { site: &site_view, page: view })?)?;

    let file = "search/index.html";
    let title = format!("Search · {}", site_view.title);
    let page = NotFoundPage { site: &site_view, page: page_view(&site_view, file, &title) };
    sink.put(file, templates.render("search.html", file, &page)?)?;
    sink.put("search-index.js", search_index(&digest.articles, &cards))?;

    let feed = feeds::feed(&site_view.title, &site_view.base_url, &digest.articles, &cards, site.timezone);
    sink.put("atom.xml", templates.render("atom.xml", "atom.xml", &feed)?)?;
    let mut urls_list: Vec<feeds::SitemapUrl> = (1..=total)
        .map(urls::list_file)
        .chain(std::iter::once("timeline/index.html".to_owned()))
        .map(|f| feeds::SitemapUrl { loc: format!("{}{}", site_view.base_url, urls::pretty_path(&f)), lastmod: None })
        .collect();
    urls_list.extend(digest.articles.iter().map(|a| feeds::SitemapUrl {
        loc: format!("{}{}", site_view.base_url, urls::pretty_path(&urls::article_file(slug_of(a.id)))),
        lastmod: a.published.map(|p| p.date.format("%Y-%m-%d").to_string()),
    }));
    let sitemap = feeds::SitemapPage { urls: urls_list };
    sink.put("sitemap.xml", templates.render("sitemap.xml", "sitemap.xml", &sitemap)?)?;
    sink.put("robots.txt", feeds::robots(&site_view.base_url).into_bytes())?;

    Ok(RenderReport {
        articles: digest.articles.len(),
        pages: digest.articles.len() + total + 3,
        rendered_articles: rendered.into_inner(),
        article_files: digest.articles.iter().map(|a| (a.id, urls::article_file(slug_of(a.id)))).collect(),
    })
}

fn page_view(site: &SiteView, file: &str, title: &str) -> PageView {
    PageView {
        root: urls::root_of(file),
        canonical: format!("{}{}", site.base_url, urls::pretty_path(file)),
        title: title.to_owned(),
        description: site.description_text.clone(),
        og_type: "website",
    }
}

fn card<'a>(a: &'a Article, slug: &str) -> Card<'a> {
    let summary = match &a.standfirst {
        Some(s) => s.clone(),
        None => a.body.first().map(|b| text::truncate_words(b.text(), 40)).unwrap_or_default(),
    };
    Card {
        title: a.title.text(),
        title_derived: a.title.is_derived(),
        url: urls::article_file(slug),
        source: a.source.as_deref(),
        date: a.published.as_ref().map(DateView::of),
        credit: a.credit.as_deref(),
        summary,
    }
}

/// One article in the search index (short keys: the index ships to every reader).
#[derive(Serialize)]
struct SearchDoc<'a> {
    /// Title.
    t: &'a str,
    /// Path from the site root.
    u: &'a str,
    /// Outlet.
    s: Option<&'a str>,
    /// ISO date.
    d: String,
    /// Human date.
    h: String,
    /// The distinct content words of standfirst and body, lower case, space-separated.
    b: String,
}

/// The most distinct body words an article puts in the search index.
const SEARCH_WORDS: usize = 400;

/// `search-index.js`: the index as a script (`window.BROADSHEET_INDEX = [...]`), so the
/// search page works from disk as well as from a server.
fn search_index(articles: &[Article], cards: &[Card<'_>]) -> Vec<u8> {
    let docs: Vec<SearchDoc<'_>> = articles
        .iter()
        .zip(cards)
        .map(|(a, c)| {
            let mut seen = std::collections::HashSet::new();
            let text = a.standfirst.iter().map(String::as_str).chain(a.body.iter().map(|b| b.text()));
            let words: Vec<String> =
                text.flat_map(text::content_words).filter(|w| seen.insert(w.clone())).take(SEARCH_WORDS).collect();
            SearchDoc {
                t: c.title,
                u: &c.url,
                s: c.source,
                d: c.date.as_ref().map_or_else(String::new, |d| d.iso.clone()),
                h: c.date.as_ref().map_or_else(String::new, |d| d.human.clone()),
                b: words.join(" "),
            }
        })
        .collect();
    let json = serde_json::to_string(&docs).unwrap_or_else(|_| "[]".to_owned()).replace('<', "\\u003c");
    format!("window.BROADSHEET_INDEX = {json};\n").into_bytes()
}
