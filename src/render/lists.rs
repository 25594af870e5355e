//! The pages that list the digest: home pages, the timeline page and `timeline.json`, the
//! quotes page and `quotes.json`, the search page and index, the feed, the sitemap, `robots.txt` and the 404 page, rendered in
//! parallel. A page whose data hashes as last time, and which the sink still holds intact,
//! is kept, not rendered ([`ListKeys`]); a long file is remade only in its changed pieces.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::context::{Card, DateView, IndexPage, NotFoundPage, PageView, Pagination, SiteView, StoryCard};
use super::search_index::search_index;
use super::templates::{Templates, context};
use super::{SiteInfo, feeds, quotes, sitemap, stories, timeline, urls};
use crate::digest::Digest;
use crate::engine::sink::PageSink;
use crate::error::{Error, OutputError, TemplateError};
use crate::model::{DocId, Entry, TextSource};
use crate::text::{FnvMap, FnvSet};

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
    /// is in it ([`crate::engine::pieces`]).
    pub pieces: Vec<crate::engine::pieces::Piece>,
}

/// What [`render_lists`] made: the list files, and the "Also reported by" block of each
/// article in a story (rendered by `article_also.html`, by article id), which the engine puts
/// into the article pages.
#[derive(Debug, Default)]
pub struct Lists {
    /// Every file made or kept, by path.
    pub files: Vec<ListFile>,
    /// Each story article's block, with the key of its data.
    pub also: Vec<(DocId, Vec<u8>)>,
}

/// Renders every page that lists articles (home pages, stories, timeline, search, feeds,
/// sitemap) and the 404 page into `sink`; returns the files, each with the key of its data
/// (see [`ListKeys`]), and the articles' "Also reported by" blocks. A page whose key is the
/// same as last time and which the sink still holds intact is kept, not rendered; a long file
/// is remade only in its pieces that changed. Article pages are [`super::article_page`]'s.
/// The entries' search words are read from `texts` when they are held there.
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
    texts: &dyn TextSource,
) -> Result<Lists, Error> {
    let out = ListSink {
        sink,
        templates,
        base: keys.base,
        previous: keys.previous.iter().map(|f| (f.path.as_str(), f)).collect(),
        files: std::sync::Mutex::new(Vec::new()),
    };
    let cards: Vec<Card<'_>> = digest.entries.iter().map(|a| card(a)).collect();
    let lookup = timeline::Lookup::new(&digest.entries, &cards, texts);
    let story_cards = stories::story_cards(digest, &lookup);
    let in_story: FnvSet<DocId> = digest.stories.iter().flat_map(|s| s.members.iter().copied()).collect();
    let standalone: Vec<&Card<'_>> =
        digest.entries.iter().zip(&cards).filter(|(e, _)| !in_story.contains(&e.id)).map(|(_, c)| c).collect();
    let lists =
        ListPages { digest, site, site_view, out: &out, lookup: &lookup, cards: &cards, story_cards: &story_cards };
    let home_pages = standalone.len().div_ceil(site.paginate_by.max(1)).max(1);

    // The pages are independent: render them on every core.
    let ((a, b), (c, (d, e))) = rayon::join(
        || rayon::join(|| lists.timeline_page(), || lists.timeline_json().and_then(|()| lists.quotes_page())),
        || {
            rayon::join(
                || lists.home_pages(&standalone),
                || rayon::join(|| lists.story_pages(), || lists.the_rest(home_pages, texts)),
            )
        },
    );
    a.and(b).and(c).and(d)?;
    let also = e?;
    let mut files = out.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Lists { files, also })
}

/// What every list page is made from.
struct ListPages<'a> {
    digest: &'a Digest,
    site: &'a SiteInfo,
    site_view: &'a SiteView,
    out: &'a ListSink<'a>,
    lookup: &'a timeline::Lookup<'a>,
    cards: &'a [Card<'a>],
    story_cards: &'a [StoryCard<'a>],
}

impl ListPages<'_> {
    /// The home pages: the stories first (page 1), then the articles that stand alone,
    /// newest first, `paginate_by` a page.
    fn home_pages(&self, standalone: &[&Card<'_>]) -> Result<(), Error> {
        let site_view = self.site_view;
        let per_page = self.site.paginate_by.max(1);
        let total = standalone.len().div_ceil(per_page).max(1);
        (1..=total).into_par_iter().try_for_each(|n| {
            let file = urls::list_file(n);
            let title =
                if n == 1 { site_view.title.clone() } else { format!("{} · page {n} of {total}", site_view.title) };
            let chunk = standalone.get((n - 1) * per_page..(n * per_page).min(standalone.len())).unwrap_or(&[]);
            let pagination = Pagination {
                current: n,
                total,
                first_number: (n - 1) * per_page + 1,
                prev: (n > 1).then(|| urls::list_file(n - 1)),
                next: (n < total).then(|| urls::list_file(n + 1)),
            };
            let stories =
                if n == 1 { &self.story_cards[..self.story_cards.len().min(stories::HOME_STORIES)] } else { &[] };
            let page = IndexPage {
                site: site_view,
                page: page_view(site_view, &file, &title),
                stories,
                stories_total: self.story_cards.len(),
                articles: chunk,
                pagination,
            };
            self.out.page(&file, "index.html", &page)
        })
    }

    /// The timeline page: its sections rendered one at a time into the page's slot.
    fn timeline_page(&self) -> Result<(), Error> {
        let (digest, lookup, site_view) = (self.digest, self.lookup, self.site_view);
        let file = "timeline/index.html";
        let title = format!("Timeline · {}", site_view.title);
        let sections = timeline::sections(digest, lookup).map_err(OutputError::io("read a sentence for", file))?;
        let background = timeline::background(digest, lookup).map_err(OutputError::io("read a sentence for", file))?;
        let (event_count, background_count) = timeline::event_counts(digest);
        let page = timeline::TimelinePage {
            site: site_view,
            page: page_view(site_view, file, &title),
            sections: SECTIONS_SLOT,
            section_count: sections.len(),
            ticks: timeline::ticks(&sections),
            first: sections.first().map(|s| &s.date),
            last: sections.last().map(|s| &s.date),
            undated: timeline::undated(digest, lookup),
            event_count,
            background,
            background_count,
            hidden_events: timeline::shown(digest).iter().filter(|k| !**k).count(),
            undated_more: digest.undated.len().saturating_sub(timeline::MAX_UNDATED_SHOWN),
        };
        let parts = Parts { slot: ("sections", SECTIONS_SLOT), template: "timeline_section.html", name: "section" };
        self.out.page_with_parts(file, "timeline.html", &page, &parts, &sections)
    }

    /// `timeline.json`, in pieces.
    fn timeline_json(&self) -> Result<(), Error> {
        let (title, base_url) = (&self.site_view.title, &self.site_view.base_url);
        self.out.long("timeline.json", &timeline::timeline_json(self.digest, self.lookup, title, base_url))
    }

    /// The quotes page and `quotes.json`.
    fn quotes_page(&self) -> Result<(), Error> {
        let site_view = self.site_view;
        let (shared, single) = quotes::sections(self.digest, self.lookup);
        let title = format!("Quotes · {}", site_view.title);
        let page = quotes::QuotesPage {
            site: site_view,
            page: page_view(site_view, quotes::QUOTES_FILE, &title),
            shared: &shared,
            shared_count: self.digest.quotes.len(),
            single: &single,
            single_count: single.iter().map(|s| s.quotes.len()).sum(),
        };
        self.out.page(quotes::QUOTES_FILE, "quotes.html", &page)?;
        let json = quotes::absolute(&quotes::quotes_json(&shared, &single), &site_view.base_url);
        self.out.json("quotes.json", &json)
    }

    /// A page per story, the page of every story, and `stories.json`.
    fn story_pages(&self) -> Result<(), Error> {
        let site_view = self.site_view;
        let told = stories::events_by_story(self.digest);
        let said = quotes::by_story(self.digest, self.lookup);
        let all = self.digest.stories.par_iter().zip(self.story_cards).zip(&told).zip(said);
        all.try_for_each(|(((story, card), told), said)| {
            let title = format!("{} · {}", card.headline, site_view.title);
            let view = page_view(site_view, &card.url, &title);
            let page = stories::story_page(site_view, view, story, card, told, said, self.lookup)
                .map_err(OutputError::io("read a sentence for", &card.url))?;
            self.out.page(&card.url, "story.html", &page)
        })?;
        let file = "stories/index.html";
        let title = format!("Stories · {}", site_view.title);
        let page = stories::StoriesPage {
            site: site_view,
            page: page_view(site_view, file, &title),
            stories: self.story_cards,
        };
        self.out.page(file, "stories.html", &page)?;
        let json = stories::stories_json(self.digest, self.story_cards, self.lookup, &site_view.base_url);
        self.out.json("stories.json", &json)
    }

    /// The 404 and search pages, the search index, the feed, the sitemap and `robots.txt`;
    /// then the articles' "Also reported by" blocks.
    fn the_rest(&self, home_pages: usize, texts: &dyn TextSource) -> Result<Vec<(DocId, Vec<u8>)>, Error> {
        let (digest, site_view, out) = (self.digest, self.site_view, self.out);
        let file = "404.html";
        let title = format!("Page not found · {}", site_view.title);
        let mut view = page_view(site_view, file, &title);
        view.root = site_view.base_path.clone(); // served at any depth: link from the base path
        out.page(file, "404.html", &NotFoundPage { site: site_view, page: view })?;

        let file = "search/index.html";
        let title = format!("Search · {}", site_view.title);
        let page = NotFoundPage { site: site_view, page: page_view(site_view, file, &title) };
        out.page(file, "search.html", &page)?;
        out.long("search-index.js", &search_index(&digest.entries, self.cards, self.story_cards, texts))?;

        let feed = feeds::feed(&site_view.title, &site_view.base_url, &digest.entries, self.cards, self.site.timezone);
        out.page("atom.xml", "atom.xml", &feed)?;
        // Every page, made one at a time as the sitemap is written.
        let mut other: Vec<&str> = vec!["timeline/index.html", "stories/index.html", quotes::QUOTES_FILE];
        other.extend(self.story_cards.iter().map(|c| c.url.as_str()));
        let pages = sitemap::SitePages {
            list_pages: home_pages,
            other: &other,
            entries: &digest.entries,
            base_url: &site_view.base_url,
        };
        let files = sitemap::sitemap_files(pages.count(), sitemap::SITEMAP_MAX_URLS);
        for (file, range) in &files {
            out.stream(file, &mut |w| sitemap::write_urlset(w, range.clone().map(|i| pages.url(i))))?;
        }
        if files.len() > 1 {
            let names: Vec<String> = files.into_iter().map(|(f, _)| f).collect();
            out.stream("sitemap.xml", &mut |w| sitemap::write_sitemap_index(w, &site_view.base_url, &names))?;
        }
        out.bytes("robots.txt", sitemap::robots(&site_view.base_url).into_bytes())?;
        let root = urls::root_of(&urls::article_file("x"));
        stories::also_views(digest, self.story_cards, self.lookup)
            .into_iter()
            .map(|(id, also)| {
                let html = self.out.templates.render(
                    "article_also.html",
                    "articles",
                    &stories::AlsoPage { site: site_view, root: &root, also: &also },
                )?;
                Ok((id, html))
            })
            .collect()
    }
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

    /// A JSON file of `data`, kept like [`ListSink::page`] when its data is as last time.
    fn json(&self, file: &str, data: &impl Serialize) -> Result<(), Error> {
        let key = data_key(self.base, file, data);
        if !(self.same_key(file, key) && self.sink.keep(file)) {
            let bytes =
                serde_json::to_vec_pretty(data).map_err(std::io::Error::from).map_err(OutputError::io("make", file))?;
            self.sink.put(file, bytes)?;
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
    fn long(&self, file: &str, long: &crate::engine::pieces::LongFile<'_>) -> Result<(), Error> {
        // The program (its format) and the settings are in `base`.
        let plan = crate::engine::pieces::Plan::new(crate::text::hash_of(&(self.base, file)), long);
        let previous = self.previous.get(file).map_or(&[][..], |p| &p.pieces);
        let pieces = if self.same_key(file, plan.key()) && self.sink.keep(file) {
            previous.to_vec()
        } else {
            let mut pieces = Vec::new();
            self.sink.put_spliced(file, &mut |out| {
                pieces = crate::engine::pieces::write(out, long, &plan, previous)?;
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

    fn record_pieces(&self, file: &str, key: u64, pieces: Vec<crate::engine::pieces::Piece>) {
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

pub(crate) fn page_view(site: &SiteView, file: &str, title: &str) -> PageView {
    PageView {
        root: urls::root_of(file),
        canonical: format!("{}{}", site.base_url, urls::pretty_path(file)),
        title: title.to_owned(),
        description: site.description_text.clone(),
        og_type: "website",
    }
}

pub(crate) fn card(a: &Entry) -> Card<'_> {
    Card {
        title: a.meta.title.text(),
        title_derived: a.meta.title.is_derived(),
        url: urls::article_file(&a.slug),
        source: a.meta.source.as_deref(),
        date: a.meta.published.as_ref().map(DateView::of),
        credit: a.meta.credit.as_deref(),
        summary: &a.summary,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    use super::*;

    use crate::digest::{DigestConfig, MergeMemo};
    use crate::engine::sink::MemorySink;
    use crate::error::OutputError;
    use crate::model::{Article, DocId, Title};
    use crate::render::site_view;

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
            write: &mut dyn FnMut(&mut dyn crate::engine::sink::Splice) -> std::io::Result<()>,
        ) -> Result<(), OutputError> {
            self.made.lock().unwrap().push(path.to_owned());
            self.inner.put_spliced(path, &mut |out| {
                let mut counting = crate::engine::sink::CountingSplice { inner: out, copied: 0 };
                write(&mut counting)?;
                *self.copied.lock().unwrap() += counting.copied;
                Ok(())
            })
        }

        fn read(&self, path: &str) -> Result<Vec<u8>, OutputError> {
            self.inner.read(path)
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
            &crate::model::InMemory,
        )
        .unwrap();
        let site = crate::site_info(&config);
        render_lists(
            &digest,
            &site,
            &site_view(&site),
            templates,
            sink,
            ListKeys { base: 7, previous },
            &crate::model::InMemory,
        )
        .map(|lists| lists.files)
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
                let mut a = Article::new(DocId(i as u32), format!("s{i}"), Title::Found((*t).into()));
                a.meta.published = crate::model::Published::parse_iso(&format!("2016-09-0{}", i + 1));
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
}
