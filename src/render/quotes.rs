//! Quotes as pages and data: `quotes/index.html` (the remarks two or more outlets carried
//! first, grouped by speaker, each with every outlet's wording and a link to the paragraph it
//! is in; then, up to [`MAX_SINGLE`], remarks one outlet carried), `quotes.json`, and the
//! quotes of each story for its page.
//!
//! Quote text is article text: it reaches HTML only through the templates' autoescape.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{PageView, SiteView};
use super::timeline::Lookup;
use super::urls;
use crate::digest::{Digest, QuoteGroup};
use crate::model::{DocId, Quote};
use crate::text::{FnvMap, FnvSet};

/// The most remarks carried by one outlet the quotes page and `quotes.json` list (the
/// newest articles' first).
pub const MAX_SINGLE: usize = 200;
/// The most quotes a story page shows.
pub const MAX_STORY_QUOTES: usize = 12;

/// One outlet's wording of a remark.
#[derive(Debug, Serialize, Hash)]
pub struct WordingView<'a> {
    /// The article.
    #[serde(skip)]
    pub article: DocId,
    /// The words, as this article quotes them.
    pub text: &'a str,
    /// Part of a sentence, not a statement standing alone.
    pub partial: bool,
    /// Shown with an ellipsis after it: partial, and not ending a sentence.
    pub cut: bool,
    /// The speaker this article names.
    pub speaker: Option<&'a str>,
    /// The outlet, when the article names it.
    pub outlet: Option<&'a str>,
    /// What a reader is shown for the article: the outlet, or the title when the outlet is
    /// unknown.
    pub label: &'a str,
    /// The article's headline.
    pub title: &'a str,
    /// The article's slug.
    pub slug: &'a str,
    /// The paragraph, from the site root (`articles/x/index.html#p3`).
    pub url: String,
}

/// A remark with every wording of it.
#[derive(Debug, Serialize, Hash)]
pub struct QuoteView<'a> {
    /// Who said it, when the articles say.
    pub speaker: Option<&'a str>,
    /// How many articles carry it.
    pub articles: usize,
    /// How many outlets (articles without one count as their own).
    pub outlets: usize,
    /// Each article's wording, by article.
    pub wordings: Vec<WordingView<'a>>,
}

/// The remarks of one speaker.
#[derive(Debug, Serialize, Hash)]
pub struct SpeakerView<'a> {
    /// The speaker (`None`: not named).
    pub speaker: Option<&'a str>,
    /// The heading's id.
    pub id: String,
    /// The remarks, most widely carried first.
    pub quotes: Vec<QuoteView<'a>>,
}

/// `quotes/index.html`.
#[derive(Debug, Serialize)]
pub struct QuotesPage<'a> {
    /// Site values.
    pub site: &'a SiteView,
    /// Page values.
    pub page: PageView,
    /// Remarks carried by two or more outlets, by speaker.
    pub shared: &'a [SpeakerView<'a>],
    /// How many such remarks.
    pub shared_count: usize,
    /// Remarks one outlet carried, by speaker (at most [`MAX_SINGLE`]).
    pub single: &'a [SpeakerView<'a>],
    /// How many of those are listed.
    pub single_count: usize,
}

/// `quotes.json`.
#[derive(Debug, Serialize)]
pub struct QuotesJson<'a> {
    /// Remarks carried by two or more outlets, most widely carried first, each wording's
    /// `url` absolute.
    pub shared: Vec<&'a QuoteView<'a>>,
    /// Remarks one outlet carried (at most [`MAX_SINGLE`]).
    pub single: Vec<&'a QuoteView<'a>>,
}

/// The page file of the quotes.
pub const QUOTES_FILE: &str = "quotes/index.html";

fn wording<'a>(lookup: &Lookup<'a>, id: DocId, q: &'a Quote) -> Option<WordingView<'a>> {
    let (entry, card) = (lookup.entry(id)?, lookup.card(id)?);
    Some(WordingView {
        article: id,
        text: &q.text,
        partial: q.partial,
        cut: q.partial && !q.text.ends_with(['.', '?', '!', '…']),
        speaker: q.speaker.as_deref(),
        outlet: card.source,
        label: card.label(),
        title: card.title,
        slug: &entry.slug,
        url: format!("{}#p{}", card.url, q.paragraph + 1),
    })
}

/// The view of a remark several articles carry.
pub fn group_view<'a>(g: &'a QuoteGroup, lookup: &Lookup<'a>) -> QuoteView<'a> {
    let wordings: Vec<WordingView<'a>> = g
        .wordings
        .iter()
        .filter_map(|w| {
            let q = lookup.entry(w.article)?.quotes.get(w.index as usize)?;
            wording(lookup, w.article, q)
        })
        .collect();
    let mut outlets: Vec<&str> = wordings.iter().map(|w: &WordingView<'_>| w.label).collect();
    outlets.sort_unstable();
    outlets.dedup();
    QuoteView { speaker: g.speaker.as_deref(), articles: g.articles, outlets: outlets.len(), wordings }
}

/// The quotes in a shared remark, as `(article, index)`.
fn grouped(digest: &Digest) -> FnvSet<(DocId, u32)> {
    digest.quotes.iter().flat_map(|g| g.wordings.iter().map(|w| (w.article, w.index))).collect()
}

/// The remarks one article carried, with a named speaker: in digest order (newest first),
/// at most `max`, those accepted by `keep`.
fn singles<'a>(
    digest: &'a Digest,
    lookup: &Lookup<'a>,
    in_group: &FnvSet<(DocId, u32)>,
    keep: impl Fn(DocId, &Quote) -> bool,
    max: usize,
) -> Vec<QuoteView<'a>> {
    let mut out = Vec::new();
    for e in &digest.entries {
        for (i, q) in e.quotes.iter().enumerate() {
            if out.len() == max {
                return out;
            }
            if q.speaker.is_none() || in_group.contains(&(e.id, i as u32)) || !keep(e.id, q) {
                continue;
            }
            if let Some(w) = wording(lookup, e.id, q) {
                out.push(QuoteView { speaker: q.speaker.as_deref(), articles: 1, outlets: 1, wordings: vec![w] });
            }
        }
    }
    out
}

/// Remarks by speaker: speakers with the most remarks first, then by name, the unnamed last;
/// each speaker's remarks in the order given.
fn by_speaker<'a>(quotes: Vec<QuoteView<'a>>, prefix: &str) -> Vec<SpeakerView<'a>> {
    let mut groups: BTreeMap<Option<&'a str>, Vec<QuoteView<'a>>> = BTreeMap::new();
    for q in quotes {
        groups.entry(q.speaker).or_default().push(q);
    }
    let mut out: Vec<(Option<&'a str>, Vec<QuoteView<'a>>)> = groups.into_iter().collect();
    out.sort_by(|a, b| {
        a.0.is_none().cmp(&b.0.is_none()).then_with(|| b.1.len().cmp(&a.1.len())).then_with(|| a.0.cmp(&b.0))
    });
    out.into_iter()
        .enumerate()
        .map(|(n, (speaker, quotes))| SpeakerView { speaker, id: format!("{prefix}-{}", n + 1), quotes })
        .collect()
}

/// The quotes page's sections: the shared remarks by speaker, then the single ones.
pub fn sections<'a>(digest: &'a Digest, lookup: &Lookup<'a>) -> (Vec<SpeakerView<'a>>, Vec<SpeakerView<'a>>) {
    let shared = digest.quotes.iter().map(|g| group_view(g, lookup)).collect();
    let in_group = grouped(digest);
    let single = singles(digest, lookup, &in_group, |_, _| true, MAX_SINGLE);
    (by_speaker(shared, "shared"), by_speaker(single, "single"))
}

/// The data of `quotes.json`: every wording's `url` made absolute under `base_url`.
pub fn quotes_json<'a>(shared: &'a [SpeakerView<'a>], single: &'a [SpeakerView<'a>]) -> QuotesJson<'a> {
    let mut shared_quotes: Vec<&QuoteView<'_>> = shared.iter().flat_map(|s| &s.quotes).collect();
    // Most widely carried first, whatever the speaker.
    shared_quotes.sort_by_key(|q| std::cmp::Reverse(q.articles));
    QuotesJson { shared: shared_quotes, single: single.iter().flat_map(|s| &s.quotes).collect() }
}

/// Makes the wordings' urls of a JSON export absolute.
pub fn absolute(json: &QuotesJson<'_>, base_url: &str) -> serde_json::Value {
    let fix = |q: &QuoteView<'_>| {
        serde_json::json!({
            "speaker": q.speaker,
            "articles": q.articles,
            "outlets": q.outlets,
            "wordings": q.wordings.iter().map(|w| {
                let (page, anchor) = w.url.split_once('#').unwrap_or((&w.url, ""));
                let url = format!("{base_url}{}#{anchor}", urls::pretty_path(page));
                serde_json::json!({
                "text": w.text,
                "partial": w.partial,
                "speaker": w.speaker,
                "outlet": w.outlet,
                "title": w.title,
                "slug": w.slug,
                "url": url,
            })}).collect::<Vec<_>>(),
        })
    };
    serde_json::json!({
        "shared": json.shared.iter().map(|q| fix(q)).collect::<Vec<_>>(),
        "single": json.single.iter().map(|q| fix(q)).collect::<Vec<_>>(),
    })
}

/// The quotes of each story, by story: the shared remarks any of its articles carries, then
/// its articles' other remarks with a named speaker that stand alone (not partial), at most
/// [`MAX_STORY_QUOTES`] a story. One pass over the remarks, whatever the number of stories.
pub fn by_story<'a>(digest: &'a Digest, lookup: &Lookup<'a>) -> Vec<Vec<QuoteView<'a>>> {
    let mut story_of: FnvMap<DocId, usize> = FnvMap::default();
    for (k, s) in digest.stories.iter().enumerate() {
        story_of.extend(s.members.iter().map(|&id| (id, k)));
    }
    let mut out: Vec<Vec<QuoteView<'a>>> = (0..digest.stories.len()).map(|_| Vec::new()).collect();
    if story_of.is_empty() {
        return out;
    }
    for g in &digest.quotes {
        let mut told: Vec<usize> = g.wordings.iter().filter_map(|w| story_of.get(&w.article).copied()).collect();
        told.sort_unstable();
        told.dedup();
        for k in told {
            if out[k].len() < MAX_STORY_QUOTES {
                out[k].push(group_view(g, lookup));
            }
        }
    }
    let in_group = grouped(digest);
    let in_story = |id: DocId, q: &Quote| !q.partial && story_of.contains_key(&id);
    for q in singles(digest, lookup, &in_group, in_story, usize::MAX) {
        let Some(k) = q.wordings.first().and_then(|w| story_of.get(&w.article)) else {
            continue;
        };
        if out[*k].len() < MAX_STORY_QUOTES {
            out[*k].push(q);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::{DigestConfig, MergeMemo};
    use crate::model::{Article, Entry, Title};
    use crate::render::context::Card;

    fn entry(id: u32, source: &str, quotes: &[(&str, Option<&str>, bool)]) -> Box<Entry> {
        let mut a = Article::new(DocId(id), format!("a{id}"), Title::Found(format!("Story {id}")));
        a.meta.source = Some(source.into());
        a.quotes = quotes
            .iter()
            .enumerate()
            .map(|(i, (t, s, partial))| Quote {
                text: (*t).into(),
                speaker: s.map(str::to_owned),
                partial: *partial,
                paragraph: i as u32 + 2,
            })
            .collect();
        Box::new(Entry::of(&a, format!("a{id}")))
    }

    #[test]
    fn shared_remarks_come_by_speaker_with_each_outlets_wording_and_paragraph() {
        let remark = "We will cut taxes for every working family next year";
        let digest = crate::digest::analyse(
            vec![
                entry(
                    0,
                    "The Courier",
                    &[(remark, Some("Ann Lee"), false), ("The budget is balanced", Some("Bob Stone"), false)],
                ),
                entry(
                    1,
                    "The Gazette",
                    &[("we will cut taxes for every working family next year.", Some("Lee"), true)],
                ),
                entry(2, "The Herald", &[("Nobody asked us", None, false)]),
            ],
            &DigestConfig { timezone: chrono::FixedOffset::east_opt(0).unwrap() },
            &MergeMemo::default(),
            &crate::model::InMemory,
        )
        .unwrap();
        let cards: Vec<Card<'_>> = digest.entries.iter().map(|e| crate::render::lists::card(e)).collect();
        let lookup = Lookup::new(&digest.entries, &cards, &crate::model::InMemory);
        let (shared, single) = sections(&digest, &lookup);
        assert_eq!(shared.len(), 1);
        assert_eq!(shared[0].speaker, Some("Ann Lee"));
        let q = &shared[0].quotes[0];
        assert_eq!((q.articles, q.outlets), (2, 2));
        let urls: Vec<&str> = q.wordings.iter().map(|w| w.url.as_str()).collect();
        assert_eq!(urls, ["articles/a0/index.html#p3", "articles/a1/index.html#p3"]);
        assert!(q.wordings[1].partial && !q.wordings[1].cut, "a partial quote ending a sentence is not cut");
        // One outlet's remarks: only those with a named speaker.
        let singles: Vec<Option<&str>> = single.iter().map(|s| s.speaker).collect();
        assert_eq!(singles, [Some("Bob Stone")]);
        let json = absolute(&quotes_json(&shared, &single), "https://example.org/");
        assert_eq!(json["shared"][0]["wordings"][0]["url"], "https://example.org/articles/a0/#p3");
    }
}
