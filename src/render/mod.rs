//! Pages from the digest, through Tera templates, handed to a [`PageSink`] as they are made.
//!
//! Built-in templates are compiled into the binary; a file of the same name in the site's
//! `templates/` replaces one. Article text reaches HTML only through Tera's autoescape
//! (on for `.html` and `.xml`); the one value marked safe is the editor's Markdown.
//! With `minify` on, the templates' markup is minified once when they are parsed
//! ([`crate::output::minify_template`]), so no page is minified one by one.
//! No file system access here. Cost: one render per page. An article page needs its article
//! only ([`article_page`], called as each article is extracted); the list pages, timeline,
//! feeds and search index ([`render_lists`]) render in parallel, linear in articles and
//! events, and the timeline page is bounded whatever the digest's size (its most-reported
//! events, a dozen reports and articles per line).

pub mod context;
pub mod feeds;
pub mod markdown;
pub mod timeline;
pub mod urls;

use crate::text::FnvMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use self::context::{
    ArticlePage, ArticleView, Card, DateView, IndexPage, NotFoundPage, PageView, Pagination, SiteView, TimelinePage,
};
use crate::digest::Digest;
use crate::error::{Error, TemplateError};
use crate::model::{Article, DocId, Entry};
use crate::sink::PageSink;

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

/// Tera's autoescape, without its escaping of `/`: `&`, `<`, `>`, `"` and `'` are all that
/// text and quoted attribute values need (every template attribute holding a value is quoted),
/// and URLs stay readable.
/// Also what `timeline.json` escapes its HTML fields with (TimelineJS renders them as HTML).
pub(crate) fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 16);
    escape_html_into(&mut out, input);
    out
}

/// [`escape_html`], appended to `out`.
pub(crate) fn escape_html_into(out: &mut String, input: &str) {
    if !input.contains(['&', '<', '>', '"', '\'']) {
        out.push_str(input);
        return;
    }
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Parsed templates, ready to render.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// The built-in templates, each replaced by the override of the same name if given;
    /// with `minify`, the markup of the `.html` ones minified
    /// ([`crate::output::minify_template`]).
    ///
    /// # Errors
    /// A template does not parse, or extends one that does not exist.
    pub fn new(overrides: &[(String, String)], minify: bool) -> Result<Self, TemplateError> {
        let mut all: Vec<(&str, &str)> = BUILTIN_TEMPLATES.to_vec();
        for (name, body) in overrides {
            match all.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = body,
                None => all.push((name, body)),
            }
        }
        // Parse the templates as written first: errors name the lines the editor sees.
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        tera.add_raw_templates(all.iter().copied()).map_err(|source| TemplateError::Parse { source })?;
        if minify {
            let minified: Vec<(&str, String)> = all
                .iter()
                .map(|(name, body)| {
                    let body =
                        if name.ends_with(".html") { crate::output::minify_template(body) } else { (*body).to_owned() };
                    (*name, body)
                })
                .collect();
            let mut small = Tera::default();
            small.set_escape_fn(escape_html);
            // Should the minifier ever break a template, the site is built unminified.
            if small.add_raw_templates(minified.iter().map(|(n, b)| (*n, b.as_str()))).is_ok() {
                tera = small;
            }
        }
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
) -> Result<Vec<u8>, TemplateError> {
    let file = urls::article_file(slug);
    let mut page = page_view(view, &file, article.title.text());
    page.og_type = "article";
    page.description = article.summary();
    let json_ld = feeds::json_ld(article, &page.canonical, site.timezone);
    let data = ArticlePage { site: view, page, article: ArticleView::of(article), json_ld };
    templates.render("article.html", &file, &data)
}

/// Renders every page that lists articles (home pages, timeline, search, feeds, sitemap)
/// and the 404 page into `sink`; returns the paths written. Article pages are
/// [`article_page`]'s.
///
/// # Errors
/// A template fails to render, or the sink cannot store a page.
pub fn render_lists(
    digest: &Digest,
    site: &SiteInfo,
    site_view: &SiteView,
    templates: &Templates,
    sink: &dyn PageSink,
) -> Result<Vec<String>, Error> {
    let files = std::sync::Mutex::new(Vec::new());
    let put = |file: &str, bytes: Vec<u8>| -> Result<(), Error> {
        sink.put(file, bytes)?;
        files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(file.to_owned());
        Ok(())
    };
    let put_with = |file: &str, write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>| {
        sink.put_with(file, write)?;
        files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(file.to_owned());
        Ok::<(), Error>(())
    };
    let cards: Vec<Card<'_>> = digest.entries.iter().map(card).collect();
    let card_of: FnvMap<DocId, &Card<'_>> = digest.entries.iter().map(|a| a.id).zip(cards.iter()).collect();
    let per_page = site.paginate_by.max(1);
    let total = cards.len().div_ceil(per_page).max(1);
    let lookup = timeline::Lookup { articles: digest.entries.iter().map(|a| (a.id, a)).collect(), cards: card_of };

    // The pages are independent: render them on every core.
    let index_pages = || {
        (1..=total).into_par_iter().try_for_each(|n| {
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
                IndexPage { site: site_view, page: page_view(site_view, &file, &title), articles: chunk, pagination };
            put(&file, templates.render("index.html", &file, &page)?)
        })
    };
    let timeline_page = || {
        let file = "timeline/index.html";
        let title = format!("Timeline · {}", site_view.title);
        let page = TimelinePage {
            site: site_view,
            page: page_view(site_view, file, &title),
            sections: timeline::sections(digest, &lookup),
            undated: timeline::undated(digest, &lookup),
            event_count: digest.events.len(),
            hidden_events: timeline::shown(digest).iter().filter(|k| !**k).count(),
            undated_more: digest.undated.len().saturating_sub(timeline::MAX_UNDATED_SHOWN),
        };
        put(file, templates.render("timeline.html", file, &page)?)
    };
    let timeline_json = || {
        put_with("timeline.json", &mut |w| {
            timeline::timeline_json(w, digest, &lookup, &site_view.title, &site_view.base_url)
        })
    };
    let the_rest = || -> Result<(), Error> {
        let file = "404.html";
        let title = format!("Page not found · {}", site_view.title);
        let mut view = page_view(site_view, file, &title);
        view.root = site_view.base_path.clone(); // served at any depth: link from the base path
        put(file, templates.render("404.html", file, &NotFoundPage { site: site_view, page: view })?)?;

        let file = "search/index.html";
        let title = format!("Search · {}", site_view.title);
        let page = NotFoundPage { site: site_view, page: page_view(site_view, file, &title) };
        put(file, templates.render("search.html", file, &page)?)?;
        put_with("search-index.js", &mut |w| search_index(w, &digest.entries, &cards))?;

        let feed = feeds::feed(&site_view.title, &site_view.base_url, &digest.entries, &cards, site.timezone);
        put("atom.xml", templates.render("atom.xml", "atom.xml", &feed)?)?;
        let mut urls_list: Vec<feeds::SitemapUrl> = (1..=total)
            .map(urls::list_file)
            .chain(std::iter::once("timeline/index.html".to_owned()))
            .map(|f| feeds::SitemapUrl {
                loc: format!("{}{}", site_view.base_url, urls::pretty_path(&f)),
                lastmod: None,
            })
            .collect();
        urls_list.extend(digest.entries.iter().map(|a| feeds::SitemapUrl {
            loc: format!("{}{}", site_view.base_url, urls::pretty_path(&urls::article_file(&a.slug))),
            lastmod: a.published.map(|p| p.date.format("%Y-%m-%d").to_string()),
        }));
        let sitemap = feeds::SitemapPage { urls: urls_list };
        put("sitemap.xml", templates.render("sitemap.xml", "sitemap.xml", &sitemap)?)?;
        put("robots.txt", feeds::robots(&site_view.base_url).into_bytes())
    };
    let ((a, b), (c, d)) =
        rayon::join(|| rayon::join(timeline_page, timeline_json), || rayon::join(index_pages, the_rest));
    a.and(b).and(c).and(d)?;
    let mut files = files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort();
    Ok(files)
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

fn card(a: &Entry) -> Card<'_> {
    Card {
        title: a.title.text(),
        title_derived: a.title.is_derived(),
        url: urls::article_file(&a.slug),
        source: a.source.as_deref(),
        date: a.published.as_ref().map(DateView::of),
        credit: a.credit.as_deref(),
        summary: &a.summary,
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
    d: &'a str,
    /// Human date.
    h: &'a str,
    /// The distinct content words of standfirst and body, lower case, space-separated.
    b: &'a str,
}

/// `search-index.js`: the index as a script (`window.BROADSHEET_INDEX = [...]`), so the
/// search page works from disk as well as from a server.
fn search_index(out: &mut dyn std::io::Write, entries: &[Entry], cards: &[Card<'_>]) -> std::io::Result<()> {
    let docs = entries.iter().zip(cards).map(|(a, c)| SearchDoc {
        t: c.title,
        u: &c.url,
        s: c.source,
        d: c.date.as_ref().map_or("", |d| &d.iso),
        h: c.date.as_ref().map_or("", |d| &d.human),
        b: &a.search_words,
    });
    out.write_all(b"window.BROADSHEET_INDEX = ")?;
    let mut escaped = EscapeLt(out);
    serde::Serializer::collect_seq(&mut serde_json::Serializer::new(&mut escaped), docs)?;
    out.write_all(b";\n")
}

/// Writes through with every `<` as `\u003c`, so article text in a script can never close it
/// (`</script>`). Only valid inside JSON strings, where serde_json puts all text.
struct EscapeLt<'a>(&'a mut dyn std::io::Write);

impl std::io::Write for EscapeLt<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for part in buf.split_inclusive(|b| *b == b'<') {
            match part.split_last() {
                Some((b'<', head)) => {
                    self.0.write_all(head)?;
                    self.0.write_all(b"\\u003c")?;
                }
                _ => self.0.write_all(part)?,
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
