//! Pages from the digest, through Tera templates, handed to a [`PageSink`] as they are made.
//!
//! Built-in templates are compiled into the binary; a file of the same name in the site's
//! `templates/` replaces one. Article text reaches HTML only escaped: by Tera's autoescape
//! (on for `.html` and `.xml`), or, for an article's body as HTML, by the same escaping as
//! it is marked up (`article.body`); the other values marked safe are the editor's
//! Markdown and the JSON-LD (escaped for a `<script>` element).
//! With `minify` on, the templates' markup is minified once when they are parsed
//! ([`crate::output::minify_template`]), so no page is minified one by one.
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
//! file ([`pieces`]), the sitemap an item at a time.

pub mod context;
pub mod feeds;
pub mod markdown;
pub mod pieces;
pub mod timeline;
pub mod urls;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tera::Tera;

use self::context::{
    ArticlePage, ArticleView, Card, DateView, IndexPage, NotFoundPage, PageView, Pagination, SiteView, TimelinePage,
};
use self::pieces::LongFile;
use crate::digest::Digest;
use crate::error::{Error, OutputError, TemplateError};
use crate::model::{Article, Entry};
use crate::sink::PageSink;
use crate::spool::Spool;
use crate::text::FnvMap;

/// The templates compiled into the binary, by name.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("timeline.html", include_str!("../../templates/timeline.html")),
    ("timeline_section.html", include_str!("../../templates/timeline_section.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
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
    // The five are ASCII, so every one is a character boundary, and the text between them is
    // copied in runs; they are found with two vectorised searches (three bytes, then two).
    let bytes = input.as_bytes();
    let mut markup = memchr::memchr3_iter(b'&', b'<', b'>', bytes).peekable();
    let mut quotes = memchr::memchr2_iter(b'"', b'\'', bytes).peekable();
    let mut from = 0;
    loop {
        let i = match (markup.peek(), quotes.peek()) {
            (Some(&m), Some(&q)) if q < m => quotes.next(),
            (Some(_), _) => markup.next(),
            (None, _) => quotes.next(),
        };
        let Some(i) = i else { break };
        let entity = match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        };
        out.push_str(&input[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&input[from..]);
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
        let ctx = context(page, data)?;
        self.tera.render(template, &ctx).map(String::into_bytes).map_err(|source| render_error(page, template, source))
    }

    /// Renders `template` with `ctx`, writing as it goes.
    fn render_to(
        &self,
        template: &str,
        page: &str,
        ctx: &tera::Context,
        out: &mut dyn std::io::Write,
    ) -> Result<(), TemplateError> {
        self.tera.render_to(template, ctx, out).map_err(|source| render_error(page, template, source))
    }
}

/// The template context of a page's data.
fn context(page: &str, data: &impl Serialize) -> Result<tera::Context, TemplateError> {
    tera::Context::from_serialize(data).map_err(|source| TemplateError::Context { page: page.to_owned(), source })
}

fn render_error(page: &str, template: &str, source: tera::Error) -> TemplateError {
    TemplateError::Render { page: page.to_owned(), template: template.to_owned(), source }
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

/// What the list pages were rendered from last time, so that a page whose data did not
/// change is not rendered again (a one-article edit changes one home page, rarely the
/// timeline page), and a long file is remade only in the pieces that changed.
#[derive(Debug, Clone, Copy)]
pub struct ListKeys<'a> {
    /// The key of everything besides a page's data that its bytes depend on (program,
    /// templates, settings).
    pub base: u64,
    /// Each list file of the last build.
    pub previous: &'a [ListFile],
}

/// A file made by [`render_lists`]: kept in the build cache for the next build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFile {
    /// Its output path.
    pub path: String,
    /// The key of the data it was made from (0: none, always made).
    pub key: u64,
    /// For a long file made in pieces (the search index, `timeline.json`), where each piece
    /// is in it ([`pieces`]).
    pub pieces: Vec<pieces::Piece>,
}

/// Renders every page that lists articles (home pages, timeline, search, feeds, sitemap)
/// and the 404 page into `sink`; returns the files, each with the key of its data (see
/// [`ListKeys`]). A page whose key is the same as last time and which the sink still holds
/// intact is kept, not rendered; a long file is remade only in its pieces that changed.
/// Article pages are [`article_page`]'s. The entries' search words are read from `spool`
/// when they wait there.
///
/// # Errors
/// A template fails to render, or the sink cannot store a page.
pub fn render_lists(
    digest: &Digest,
    site: &SiteInfo,
    site_view: &SiteView,
    templates: &Templates,
    sink: &dyn PageSink,
    keys: ListKeys<'_>,
    spool: Option<&Spool>,
) -> Result<Vec<ListFile>, Error> {
    let out = ListSink {
        sink,
        templates,
        base: keys.base,
        previous: keys.previous.iter().map(|f| (f.path.as_str(), f)).collect(),
        files: std::sync::Mutex::new(Vec::new()),
    };
    let cards: Vec<Card<'_>> = digest.entries.iter().map(|a| card(a)).collect();
    let per_page = site.paginate_by.max(1);
    let total = cards.len().div_ceil(per_page).max(1);
    let lookup = timeline::Lookup::new(&digest.entries, &cards, spool);

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
            out.page(&file, "index.html", &page)
        })
    };
    let timeline_page = || {
        let file = "timeline/index.html";
        let title = format!("Timeline · {}", site_view.title);
        let sections = timeline::sections(digest, &lookup).map_err(|e| match spool {
            Some(spool) => OutputError::io("read a scratch file in", spool.dir())(e),
            None => OutputError::io("read a sentence for", "timeline/index.html")(e),
        })?;
        let background = timeline::background(digest, &lookup).map_err(|e| match spool {
            Some(spool) => OutputError::io("read a scratch file in", spool.dir())(e),
            None => OutputError::io("read a sentence for", "timeline/index.html")(e),
        })?;
        let (event_count, background_count) = timeline::event_counts(digest);
        let page = TimelinePage {
            site: site_view,
            page: page_view(site_view, file, &title),
            sections: SECTIONS_SLOT,
            section_count: sections.len(),
            ticks: timeline::ticks(&sections),
            first: sections.first().map(|s| &s.date),
            last: sections.last().map(|s| &s.date),
            undated: timeline::undated(digest, &lookup),
            event_count,
            background,
            background_count,
            hidden_events: timeline::shown(digest).iter().filter(|k| !**k).count(),
            undated_more: digest.undated.len().saturating_sub(timeline::MAX_UNDATED_SHOWN),
        };
        let parts = Parts { slot: ("sections", SECTIONS_SLOT), template: "timeline_section.html", name: "section" };
        out.page_with_parts(file, "timeline.html", &page, &parts, &sections)
    };
    let timeline_json =
        || out.long("timeline.json", &timeline::timeline_json(digest, &lookup, &site_view.title, &site_view.base_url));
    let the_rest = || -> Result<(), Error> {
        let file = "404.html";
        let title = format!("Page not found · {}", site_view.title);
        let mut view = page_view(site_view, file, &title);
        view.root = site_view.base_path.clone(); // served at any depth: link from the base path
        out.page(file, "404.html", &NotFoundPage { site: site_view, page: view })?;

        let file = "search/index.html";
        let title = format!("Search · {}", site_view.title);
        let page = NotFoundPage { site: site_view, page: page_view(site_view, file, &title) };
        out.page(file, "search.html", &page)?;
        out.long("search-index.js", &search_index(&digest.entries, &cards, spool))?;

        let feed = feeds::feed(&site_view.title, &site_view.base_url, &digest.entries, &cards, site.timezone);
        out.page("atom.xml", "atom.xml", &feed)?;
        // Every page, made one at a time as the sitemap is written.
        let count = total + 1 + digest.entries.len();
        let url_at = |i: usize| {
            let (file, lastmod) = match i.checked_sub(total + 1) {
                Some(a) => {
                    let a = &digest.entries[a];
                    (urls::article_file(&a.slug), a.published.map(|p| crate::model::Published::day(p.date).to_string()))
                }
                None if i < total => (urls::list_file(i + 1), None),
                None => ("timeline/index.html".to_owned(), None),
            };
            feeds::SitemapUrl { loc: format!("{}{}", site_view.base_url, urls::pretty_path(&file)), lastmod }
        };
        let files = feeds::sitemap_files(count, feeds::SITEMAP_MAX_URLS);
        for (file, range) in &files {
            out.stream(file, &mut |w| feeds::write_urlset(w, range.clone().map(url_at)))?;
        }
        if files.len() > 1 {
            let names: Vec<String> = files.into_iter().map(|(f, _)| f).collect();
            out.stream("sitemap.xml", &mut |w| feeds::write_sitemap_index(w, &site_view.base_url, &names))?;
        }
        out.bytes("robots.txt", feeds::robots(&site_view.base_url).into_bytes())
    };
    let ((a, b), (c, d)) =
        rayon::join(|| rayon::join(timeline_page, timeline_json), || rayon::join(index_pages, the_rest));
    a.and(b).and(c).and(d)?;
    let mut files = out.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Where [`render_lists`] puts its files: rendering a page only when its data changed, and
/// recording each file with its key.
struct ListSink<'a> {
    sink: &'a dyn PageSink,
    templates: &'a Templates,
    base: u64,
    previous: FnvMap<&'a str, &'a ListFile>,
    files: std::sync::Mutex<Vec<ListFile>>,
}

impl ListSink<'_> {
    /// A page made by a template from `data`; kept as it is when the key of its data is the
    /// same as last time and the sink still holds it intact.
    fn page(&self, file: &str, template: &str, data: &impl Serialize) -> Result<(), Error> {
        let key = data_key(self.base, template, data);
        let kept = self.same_key(file, key) && self.sink.keep(file);
        if !kept {
            self.sink.put(file, self.templates.render(template, file, data)?)?;
        }
        self.record(file, key);
        Ok(())
    }

    /// A page whose template shows a slot where `parts` go (see [`Parts`]): the page is
    /// rendered around the slot, then each part into it, one at a time, written as it goes.
    /// Kept, like [`ListSink::page`], when its data (the parts too) is as last time.
    fn page_with_parts<P: Serialize>(
        &self,
        file: &str,
        template: &str,
        data: &impl Serialize,
        parts: &Parts,
        items: &[P],
    ) -> Result<(), Error> {
        let key = data_key(self.base, template, &(data, parts.template, items));
        let kept = self.same_key(file, key) && self.sink.keep(file);
        if !kept {
            let (name, marker) = parts.slot;
            let shell = self.templates.render(template, file, data)?;
            let found: Vec<usize> = positions(&shell, marker.as_bytes()).take(2).collect();
            let at = match found[..] {
                [at] => at,
                // Nothing to put in: the template may leave the slot out (it shows no list then).
                [] if items.is_empty() => {
                    self.sink.put(file, shell)?;
                    self.record(file, key);
                    return Ok(());
                }
                _ => return Err(TemplateError::Slot { template: template.to_owned(), slot: name }.into()),
            };
            let (head, tail) = (&shell[..at], &shell[at + marker.len()..]);
            let mut ctx = context(file, data)?;
            let mut failed: Option<TemplateError> = None;
            let written = self.sink.put_with(file, &mut |w| {
                w.write_all(head)?;
                for item in items {
                    let rendered = ctx
                        .try_insert(parts.name, item)
                        .map_err(|source| TemplateError::Context { page: file.to_owned(), source })
                        .and_then(|()| self.templates.render_to(parts.template, file, &ctx, w));
                    if let Err(e) = rendered {
                        failed = Some(e);
                        return Err(std::io::Error::other("a template failed"));
                    }
                }
                w.write_all(tail)
            });
            if let Some(e) = failed {
                return Err(e.into());
            }
            written?;
        }
        self.record(file, key);
        Ok(())
    }

    /// A file made some other way: always made (key 0).
    fn bytes(&self, file: &str, bytes: Vec<u8>) -> Result<(), Error> {
        self.sink.put(file, bytes)?;
        self.record(file, 0);
        Ok(())
    }

    /// A file written as it is made: always made, compared by the sink.
    fn stream(
        &self,
        file: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        self.sink.put_with(file, write)?;
        self.record(file, 0);
        Ok(())
    }

    /// A long file made in pieces ([`pieces`]): kept as it is when its key is the same as
    /// last time and the sink still holds it intact; else made again, copying from the
    /// previous file every piece that is the same.
    fn long(&self, file: &str, long: &pieces::LongFile<'_>) -> Result<(), Error> {
        // The program (its format) and the settings are in `base`.
        let plan = pieces::Plan::new(crate::text::hash_of(&(self.base, file)), long);
        let previous = self.previous.get(file).map_or(&[][..], |p| &p.pieces);
        let pieces = if self.same_key(file, plan.key()) && self.sink.keep(file) {
            previous.to_vec()
        } else {
            let mut pieces = Vec::new();
            self.sink.put_spliced(file, &mut |out| {
                pieces = pieces::write(out, long, &plan, previous)?;
                Ok(())
            })?;
            pieces
        };
        self.record_pieces(file, plan.key(), pieces);
        Ok(())
    }

    /// Whether `file` was made last time from data of key `key` (never for key 0).
    fn same_key(&self, file: &str, key: u64) -> bool {
        key != 0 && self.previous.get(file).is_some_and(|p| p.key == key)
    }

    fn record(&self, file: &str, key: u64) {
        self.record_pieces(file, key, Vec::new());
    }

    fn record_pieces(&self, file: &str, key: u64, pieces: Vec<pieces::Piece>) {
        let made = ListFile { path: file.to_owned(), key, pieces };
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(made);
    }
}

/// The slot of `timeline.html` where its sections go: text no article can hold.
const SECTIONS_SLOT: &str = "\u{1}broadsheet-sections\u{1}";

/// How a page made of parts is put together: `slot` (its name in the page's data, and the
/// text the template shows there), and the template that renders each part, which sees the
/// page's data plus the part as `name`.
struct Parts {
    slot: (&'static str, &'static str),
    template: &'static str,
    name: &'static str,
}

/// Where `needle` occurs in `haystack`.
fn positions<'a>(haystack: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    haystack.windows(needle.len()).enumerate().filter(move |(_, w)| *w == needle).map(|(i, _)| i)
}

/// The key of a page's data: a hash of `base`, the template and the data as JSON, streamed
/// into the hasher (no copy of the data is made). 0 when the data cannot be serialised (the
/// render then reports why).
fn data_key(base: u64, template: &str, data: &impl Serialize) -> u64 {
    let mut hasher = crate::text::ContentHasher::default();
    hasher.write(&base.to_le_bytes());
    hasher.write(template.as_bytes());
    let mut out = std::io::BufWriter::with_capacity(1 << 14, hasher);
    if serde_json::to_writer(&mut out, data).is_err() {
        return 0;
    }
    out.into_inner().map_or(0, |hasher| hasher.finish() | 1)
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

impl<'a> SearchDoc<'a> {
    fn of(card: &'a Card<'_>, words: &'a str) -> Self {
        SearchDoc {
            t: card.title,
            u: &card.url,
            s: card.source,
            d: card.date.as_ref().map_or("", |d| &d.iso),
            h: card.date.as_ref().map_or("", |d| &d.human),
            b: words,
        }
    }
}

/// `search-index.js`: the index as a script (`window.BROADSHEET_INDEX = [...]`), so the
/// search page works from disk as well as from a server. An item's key is a hash of its
/// card's fields and its words' key ([`Entry::search_words_key`]): the words themselves are
/// read from `spool` only for the pieces made again.
fn search_index<'a>(entries: &'a [Box<Entry>], cards: &'a [Card<'a>], spool: Option<&'a Spool>) -> LongFile<'a> {
    let keys = entries
        .par_iter()
        .zip(cards)
        .map(|(a, c)| {
            let doc = SearchDoc::of(c, "");
            let mut h = crate::text::ContentHasher::default();
            for field in [doc.t, doc.u, doc.d, doc.h] {
                h.field(field.as_bytes());
            }
            // No outlet and an empty one are written apart (`null`, `""`): hashed apart.
            h.field(doc.s.map_or(&[0xff][..], str::as_bytes));
            h.write(&a.search_words_key.to_le_bytes());
            h.finish()
        })
        .collect();
    LongFile {
        head: b"window.BROADSHEET_INDEX = [".to_vec(),
        tail: b"];\n",
        separator: b",",
        keys,
        write_item: Box::new(move |piece, i| {
            // One article's words at a time, from the spool: never all of them in memory.
            let words = crate::spool::read_text(&entries[i].search_words, spool)?;
            serde_json::to_writer(EscapeLt(piece), &SearchDoc::of(&cards[i], &words)).map_err(std::io::Error::from)
        }),
    }
}

/// Writes through with every `<` as `\u003c`, so article text in a script can never close it
/// (`</script>`). Only valid inside JSON strings, where serde_json puts all text.
struct EscapeLt<'a, W: std::io::Write>(&'a mut W);

impl<W: std::io::Write> std::io::Write for EscapeLt<'_, W> {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use super::*;

    /// [`escape_html_into`] as first written: byte by byte.
    fn escape_by_bytes(input: &str) -> String {
        let mut out = String::new();
        let mut from = 0;
        for (i, b) in input.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            out.push_str(&input[from..i]);
            out.push_str(entity);
            from = i + 1;
        }
        out.push_str(&input[from..]);
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_agrees_with_the_byte_loop(t in "([a-z ]{0,40}|[&<>\"']|é|日本){0,30}") {
            proptest::prop_assert_eq!(escape_html(&t), escape_by_bytes(&t));
        }
    }
    use crate::digest::{DigestConfig, MergeMemo};
    use crate::error::OutputError;
    use crate::model::{DocId, Title};
    use crate::sink::MemorySink;

    #[test]
    fn escaping_replaces_the_five_and_keeps_the_rest() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a> é/日本"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; é/日本"
        );
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("plain “text”"), "plain “text”");
    }

    /// A memory sink that notes which files were made (not kept), and how many bytes of
    /// them were copied from the previous files.
    #[derive(Default)]
    struct Noting {
        inner: MemorySink,
        made: Mutex<Vec<String>>,
        copied: Mutex<u64>,
    }

    impl PageSink for Noting {
        fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), OutputError> {
            self.made.lock().unwrap().push(path.to_owned());
            self.inner.put(path, bytes)
        }

        fn put_spliced(
            &self,
            path: &str,
            write: &mut dyn FnMut(&mut dyn crate::sink::Splice) -> std::io::Result<()>,
        ) -> Result<(), OutputError> {
            self.made.lock().unwrap().push(path.to_owned());
            self.inner.put_spliced(path, &mut |out| {
                let mut counting = crate::sink::CountingSplice { inner: out, copied: 0 };
                write(&mut counting)?;
                *self.copied.lock().unwrap() += counting.copied;
                Ok(())
            })
        }

        fn keep(&self, path: &str) -> bool {
            self.inner.keep(path)
        }
    }

    fn lists(titles: &[&str], previous: &[ListFile], sink: &Noting) -> Vec<ListFile> {
        let templates = Templates::new(&[], true).unwrap();
        let entries = titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let a = Article::new(DocId(i as u32), format!("s{i}"), Title::Found((*t).into()));
                Entry::of(&a, format!("s{i}"))
            })
            .collect();
        lists_with(entries, previous, sink, &templates).unwrap()
    }

    fn lists_with(
        entries: Vec<Entry>,
        previous: &[ListFile],
        sink: &Noting,
        templates: &Templates,
    ) -> Result<Vec<ListFile>, Error> {
        let config = crate::config::Config::defaults(std::path::Path::new(".")).unwrap();
        let digest = crate::digest::analyse(
            entries.into_iter().map(Box::new).collect(),
            &DigestConfig { timezone: config.timezone },
            &MergeMemo::default(),
            None,
        )
        .unwrap();
        let site = crate::site_info(&config);
        render_lists(&digest, &site, &site_view(&site), templates, sink, ListKeys { base: 7, previous }, None)
    }

    fn made(sink: &Noting) -> Vec<String> {
        let mut made = sink.made.lock().unwrap().clone();
        made.sort();
        made
    }

    fn dated(titles: &[&str]) -> Vec<Entry> {
        titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let a = Article {
                    published: crate::model::Published::parse_iso(&format!("2016-09-0{}", i + 1)),
                    ..Article::new(DocId(i as u32), format!("s{i}"), Title::Found((*t).into()))
                };
                Entry::of(&a, format!("s{i}"))
            })
            .collect()
    }

    #[test]
    fn timeline_sections_are_rendered_one_by_one_into_the_page() {
        let overrides = [
            ("timeline.html".to_owned(), "<ol>{{ sections }}</ol>({{ section_count }})".to_owned()),
            (
                "timeline_section.html".to_owned(),
                "<li>{{ section.date.iso }} {{ section.published.0.title }}</li>".to_owned(),
            ),
        ];
        let sink = Noting::default();
        let templates = Templates::new(&overrides, false).unwrap();
        lists_with(dated(&["Rain returns", "Markets <fall>"]), &[], &sink, &templates).unwrap();
        let page = String::from_utf8(sink.inner.into_files()["timeline/index.html"].clone()).unwrap();
        assert_eq!(page, "<ol><li>2016-09-01 Rain returns</li><li>2016-09-02 Markets &lt;fall&gt;</li></ol>(2)");
    }

    #[test]
    fn a_timeline_template_without_its_sections_slot_is_an_error_naming_it() {
        for body in ["<ol></ol>", "{{ sections }}{{ sections }}"] {
            let overrides = [("timeline.html".to_owned(), body.to_owned())];
            let templates = Templates::new(&overrides, false).unwrap();
            let err = lists_with(dated(&["Rain returns"]), &[], &Noting::default(), &templates).unwrap_err();
            assert!(
                err.to_string().contains("`timeline.html` must show `{{ sections }}` exactly once"),
                "{body}: {err}"
            );
        }
    }

    #[test]
    fn list_pages_whose_data_did_not_change_are_kept_not_rendered() {
        let first = Noting::default();
        let keys = lists(&["Rain returns", "Markets fall"], &[], &first);
        let first_files = first.inner.into_files();

        let again = Noting { inner: MemorySink::with_previous(first_files.clone()), ..Noting::default() };
        assert_eq!(lists(&["Rain returns", "Markets fall"], &keys, &again), keys);
        // Only the files made without a key are made again.
        assert_eq!(made(&again), ["robots.txt", "sitemap.xml"]);
        assert_eq!(again.inner.into_files(), first_files);

        let edited = Noting { inner: MemorySink::with_previous(first_files.clone()), ..Noting::default() };
        lists(&["Rain returns", "Markets rise"], &keys, &edited);
        let made = made(&edited);
        assert!(made.contains(&"index.html".to_owned()), "{made:?}");
        let files: BTreeMap<String, Vec<u8>> = edited.inner.into_files();
        assert!(String::from_utf8_lossy(&files["index.html"]).contains("Markets rise"));
    }

    #[test]
    fn a_long_file_is_made_again_from_its_unchanged_pieces_and_the_edited_one() {
        let titles: Vec<String> = (0..3_000).map(|i| format!("Story number {i} of the day")).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let first = Noting::default();
        let keys = lists(&titles, &[], &first);
        let first_files = first.inner.into_files();
        let pieces = &keys.iter().find(|f| f.path == "search-index.js").unwrap().pieces;
        assert!(pieces.len() > 4, "{} pieces", pieces.len());

        let mut edited_titles = titles.clone();
        edited_titles[1_234] = "A story told again";
        let fresh = Noting::default();
        lists(&edited_titles, &[], &fresh);
        let edited = Noting { inner: MemorySink::with_previous(first_files), ..Noting::default() };
        let edited_keys = lists(&edited_titles, &keys, &edited);
        assert!(made(&edited).contains(&"search-index.js".to_owned()));
        let copied = *edited.copied.lock().unwrap();
        let (edited, fresh) = (edited.inner.into_files(), fresh.inner.into_files());
        let index = &edited["search-index.js"];
        assert_eq!(index, &fresh["search-index.js"]);
        assert!(String::from_utf8_lossy(index).contains("A story told again"));
        // Everything was copied but the piece holding the edited title (two, if its new key
        // moved a cut), and the file's head and tail.
        let mut lengths: Vec<u64> =
            edited_keys.iter().find(|f| f.path == "search-index.js").unwrap().pieces.iter().map(|p| p.len).collect();
        lengths.sort_unstable_by(|a, b| b.cmp(a));
        let made = index.len() as u64 - copied;
        assert!(made > 0 && made < lengths[0] + lengths[1] + 64, "{made} bytes made, pieces {lengths:?}");
    }

    #[test]
    fn a_search_entry_key_follows_every_field_it_shows() {
        let key = |edit: &dyn Fn(&mut Article)| {
            let mut a = Article::new(DocId(0), "s0", Title::Found("Rain returns".into()));
            a.source = Some("Outlet".into());
            a.published = crate::model::Published::parse_iso("2016-09-05T14:12:00");
            a.search_words = "rain valley".into();
            edit(&mut a);
            let entries = vec![Box::new(Entry::of(&a, "rain-returns".into()))];
            let cards: Vec<Card<'_>> = entries.iter().map(|e| card(e)).collect();
            search_index(&entries, &cards, None).keys[0]
        };
        let base = key(&|_| {});
        assert_eq!(base, key(&|_| {}));
        assert_ne!(base, key(&|a| a.title = Title::Found("Rain returned".into())), "title");
        assert_ne!(base, key(&|a| a.source = None), "no outlet");
        assert_ne!(key(&|a| a.source = None), key(&|a| a.source = Some(String::new())), "empty outlet");
        assert_ne!(base, key(&|a| a.published = crate::model::Published::parse_iso("2016-09-05")), "date");
        assert_ne!(base, key(&|a| a.search_words = "rain valleys".into()), "words");
    }
}
