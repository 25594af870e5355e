//! Quotes across outlets: the same remark in several articles, verbatim or in another
//! translation, merged into one quote with every article's own wording.
//!
//! Each quote ([`crate::model::Quote`], found by [`crate::quotes`]) is reduced to its content
//! words in order, normalised so British and American spellings agree (`organisation` and
//! `organization`, `colour` and `color`, `defence` and `defense`, `travelled` and
//! `traveled`) and crudely stemmed (`agreements` and `agreement`). Two quotes match when
//! most content words of the shorter are in the longer ([`containment`] at least a
//! threshold that falls with length: every word for one of two or three words, 60 % up to
//! six, 50 % beyond, so a clause more or less does not part them) and the shared words come
//! in much the same order (half of them, when eight or more are shared: a translation may
//! move a clause). Speakers must agree when both are known (by surname: `Putin` and
//! `Vladimir Putin`); a short quote (three content words or fewer) matches only with a
//! known, agreeing speaker, and joins at most one remark, never bridging two.
//!
//! Candidates come from an inverted index of content words: each quote looks up only its
//! [`QUERY_WORDS`] rarest words, and words carried by more than [`posting_cap`] quotes are
//! never looked up, so the work is O(q·W·C) for `q` quotes, never all pairs. Deterministic:
//! quotes are numbered in digest order and every order ends in an article id and a position.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::{DocId, Entry};
use crate::text::{HashMap64, hash_str, is_stop_word, words};

/// A remark carried by two articles or more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteGroup {
    /// Who said it: the longest form of the name the articles agree on; `None` when none says.
    pub speaker: Option<String>,
    /// Each article's wording, by article id then position in the article.
    pub wordings: Vec<Wording>,
    /// How many distinct articles carry it (two or more).
    pub articles: usize,
}

/// One article's wording of a remark: the quote at `index` of the article's quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Wording {
    /// The article.
    pub article: DocId,
    /// Index in the article's [`Entry::quotes`].
    pub index: u32,
}

/// A quote looks up candidates by at most this many of its rarest words.
pub const QUERY_WORDS: usize = 4;
/// The most content words of a quote compared (the rest is not read).
const MAX_WORDS: usize = 80;

/// Words carried by more quotes than this are not looked up: at least 64, and grows as
/// the square root of the number of quotes.
pub fn posting_cap(quotes: usize) -> usize {
    64.max((quotes as f64).sqrt() as usize)
}

/// One quote, reduced.
struct Reduced {
    wording: Wording,
    /// Content words in order (hashes of their normalised forms).
    seq: Vec<u64>,
    /// The same, sorted and distinct.
    set: Vec<u64>,
    /// The speaker's surname, lower case.
    surname: Option<String>,
}

/// The remarks the entries' quotes share across articles, most widely carried first, then
/// by speaker, then by first wording.
pub fn merge(entries: &[Box<Entry>]) -> Vec<QuoteGroup> {
    let mut quotes: Vec<Reduced> = Vec::new();
    for e in entries {
        for (i, q) in e.quotes.iter().enumerate() {
            let seq: Vec<u64> = content(&q.text).take(MAX_WORDS).collect();
            let mut set = seq.clone();
            set.sort_unstable();
            set.dedup();
            if set.is_empty() {
                continue;
            }
            let surname = q.speaker.as_deref().map(surname_of);
            quotes.push(Reduced { wording: Wording { article: e.id, index: i as u32 }, seq, set, surname });
        }
    }
    let n = quotes.len();
    if n < 2 {
        return Vec::new();
    }
    // Postings: every word of every quote; document frequency is a posting list's length.
    let mut postings: HashMap64<Vec<u32>> = HashMap64::default();
    for (i, q) in quotes.iter().enumerate() {
        for &w in &q.set {
            postings.entry(w).or_default().push(i as u32);
        }
    }
    let cap = posting_cap(n);
    // Each quote's matches among the quotes that share one of its rarest words, on every
    // core: a pair may be found from both sides (the unions below do not mind), and nothing
    // but the matches is kept.
    let matched: Vec<Vec<(usize, u32)>> = quotes
        .par_iter()
        .enumerate()
        .map(|(i, q)| {
            let mut rare: Vec<(usize, u64)> = q
                .set
                .iter()
                .filter_map(|w| postings.get(w).map(|p| (p.len(), *w)))
                .filter(|&(df, _)| df >= 2 && df <= cap)
                .collect();
            rare.sort_unstable();
            let mut candidates: Vec<u32> = rare
                .iter()
                .take(QUERY_WORDS)
                .flat_map(|(_, w)| postings.get(w).into_iter().flatten().copied())
                .filter(|&j| j as usize != i)
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates
                .into_iter()
                .map(|j| j as usize)
                .filter(|&j| quotes[j].wording.article != q.wording.article)
                .filter_map(|j| matches(q, &quotes[j]).map(|score| (j, score)))
                .collect()
        })
        .collect();
    let mut parent: Vec<usize> = (0..n).collect();
    // The best long partner of each short quote: (score, partner).
    let mut attach: Vec<Option<(u32, usize)>> = vec![None; n];
    let mut short_pairs: Vec<(usize, usize)> = Vec::new();
    for (i, found) in matched.iter().enumerate() {
        for &(j, score) in found {
            match (is_short(&quotes[i]), is_short(&quotes[j])) {
                (false, false) => union(&mut parent, i, j),
                (true, true) => short_pairs.push((i, j)),
                (true, false) => better(&mut attach[i], score, j),
                (false, true) => better(&mut attach[j], score, i),
            }
        }
    }
    for (i, a) in attach.iter().enumerate() {
        if let Some((_, j)) = a {
            union(&mut parent, i, *j);
        }
    }
    for (i, j) in short_pairs {
        if attach[i].is_none() && attach[j].is_none() {
            union(&mut parent, i, j);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let mut out: Vec<QuoteGroup> = groups
        .into_values()
        .filter_map(|members| {
            let mut wordings: Vec<Wording> = members.iter().map(|&i| quotes[i].wording).collect();
            wordings.sort_unstable();
            let mut articles: Vec<DocId> = wordings.iter().map(|w| w.article).collect();
            articles.dedup();
            (articles.len() >= 2).then_some(QuoteGroup { speaker: None, wordings, articles: articles.len() })
        })
        .collect();
    let by_id: BTreeMap<DocId, &Entry> = entries.iter().map(|e| (e.id, &**e)).collect();
    for g in &mut out {
        g.speaker = speaker_of(g, &by_id);
    }
    out.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then_with(|| a.speaker.is_none().cmp(&b.speaker.is_none()))
            .then_with(|| a.speaker.cmp(&b.speaker))
            .then_with(|| a.wordings.cmp(&b.wordings))
    });
    out
}

fn better(slot: &mut Option<(u32, usize)>, score: u32, j: usize) {
    if slot.is_none_or(|(s, k)| (score, std::cmp::Reverse(j)) > (s, std::cmp::Reverse(k))) {
        *slot = Some((score, j));
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    // The smaller index is the root: the result does not depend on the order of unions.
    let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
    parent[hi] = lo;
}

/// A short quote: three content words or fewer.
fn is_short(q: &Reduced) -> bool {
    q.set.len() <= 3
}

/// Share of the shorter quote's distinct words found in the longer one.
pub fn containment(a: &[u64], b: &[u64]) -> (usize, usize) {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (shared, a.len().min(b.len()))
}

/// Whether two quotes are one remark; the score (per mille) when they are.
fn matches(a: &Reduced, b: &Reduced) -> Option<u32> {
    let speakers_agree = match (&a.surname, &b.surname) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    };
    if a.surname.is_some() && b.surname.is_some() && !speakers_agree {
        return None;
    }
    let (shared, shorter) = containment(&a.set, &b.set);
    if shorter == 0 {
        return None;
    }
    let c = shared as f64 / shorter as f64;
    let enough = match shorter {
        0..=1 => false,
        2..=3 => c >= 1.0 && speakers_agree,
        4..=6 => shared >= 3 && c >= 0.6,
        _ => shared >= 4 && c >= 0.5,
    };
    if !enough {
        return None;
    }
    // The shared words in much the same order; with many of them, a translation may put a
    // clause first that the other puts last.
    let order = lcs_shared(&a.seq, &b.seq) as f64 / shared as f64;
    let min_order = if shared >= 8 { 0.5 } else { 0.6 };
    (order >= min_order).then_some(((c + order) * 500.0) as u32)
}

/// The longest common subsequence of the two word sequences (first occurrences only).
fn lcs_shared(a: &[u64], b: &[u64]) -> usize {
    let first = |s: &[u64]| {
        let mut seen = Vec::with_capacity(s.len());
        s.iter()
            .filter(|w| {
                if seen.contains(*w) {
                    false
                } else {
                    seen.push(**w);
                    true
                }
            })
            .copied()
            .collect::<Vec<_>>()
    };
    let (a, b) = (first(a), first(b));
    let mut row = vec![0usize; b.len() + 1];
    for x in &a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

/// The group's speaker: the surname most of its wordings give, as its longest form.
fn speaker_of(g: &QuoteGroup, by_id: &BTreeMap<DocId, &Entry>) -> Option<String> {
    let names: Vec<&str> = g
        .wordings
        .iter()
        .filter_map(|w| by_id.get(&w.article)?.quotes.get(w.index as usize)?.speaker.as_deref())
        .collect();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for n in &names {
        *counts.entry(surname_of(n)).or_default() += 1;
    }
    let (best, _) = counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))?;
    names
        .iter()
        .filter(|n| &surname_of(n) == best)
        .max_by(|a, b| a.split(' ').count().cmp(&b.split(' ').count()).then_with(|| b.cmp(a)))
        .map(|n| (*n).to_owned())
}

fn surname_of(name: &str) -> String {
    name.rsplit(' ').next().unwrap_or(name).to_lowercase()
}

/// The content words of a quote, normalised ([`normalise`]) and hashed, in order.
fn content(text: &str) -> impl Iterator<Item = u64> + '_ {
    words(text).filter(|w| w.chars().count() >= 3 && !is_stop_word(w)).map(|w| hash_str(&normalise(&w.to_lowercase())))
}

/// One spelling for British and American forms, and a crude stem: `organisations` →
/// `organization`, `colours` → `color`, `defence` → `defense`, `travelled` → `travel`,
/// `centre` → `center`, `analysed` → `analyz`.
pub fn normalise(word: &str) -> String {
    let mut w = word.replace('’', "'");
    if let Some(stem) = w.strip_suffix("'s") {
        w = stem.to_owned();
    }
    // Plurals and verb endings first, so the spelling rules see the stem.
    for (from, to) in [("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")] {
        if w.len() > from.len() + 3 && w.ends_with(from) && !(from == "s" && (w.ends_with("ss") || w.ends_with("us"))) {
            w.truncate(w.len() - from.len());
            w.push_str(to);
            break;
        }
    }
    for (from, to) in [
        ("isation", "ization"),
        ("yse", "yze"),
        ("yz", "yz"),
        ("ys", "yz"),
        ("ise", "ize"),
        ("is", "iz"),
        ("our", "or"),
        ("ence", "ense"),
        ("tre", "ter"),
        ("ll", "l"),
        ("ogue", "og"),
    ] {
        if w.len() >= from.len() + 3 && w.ends_with(from) {
            w.truncate(w.len() - from.len());
            w.push_str(to);
            break;
        }
    }
    if w.len() > 7
        && let Some(at) = w.find("isation")
    {
        w.replace_range(at..at + 7, "ization");
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Quote, Title};

    fn entry(id: u32, quotes: &[(&str, Option<&str>)]) -> Box<Entry> {
        let mut a = Article::new(DocId(id), format!("a{id}"), Title::Found(format!("A{id}")));
        a.quotes = quotes
            .iter()
            .map(|(t, s)| Quote { text: (*t).into(), speaker: s.map(str::to_owned), partial: false, paragraph: 0 })
            .collect();
        Box::new(Entry::of(&a, format!("a{id}")))
    }

    #[test]
    fn british_and_american_spellings_agree() {
        for (a, b) in [
            ("organisations", "organizations"),
            ("colour", "color"),
            ("defence", "defense"),
            ("travelled", "traveled"),
            ("analysed", "analyzed"),
            ("centre", "center"),
            ("recognised", "recognized"),
            ("agreements", "agreement"),
        ] {
            assert_eq!(normalise(a), normalise(b), "{a} / {b}");
        }
    }

    #[test]
    fn two_translations_of_one_remark_are_one_quote() {
        let groups = merge(&[
            entry(
                0,
                &[(
                    "Our collaborative effort with the US in fighting terrorist organizations, including the ones in Syria, may be significantly improved and intensified",
                    Some("Vladimir Putin"),
                )],
            ),
            entry(
                1,
                &[(
                    "Our mutual work with the US in fighting terrorist organisations, including in Syria, will be significantly improved and intensified.",
                    Some("Putin"),
                )],
            ),
            entry(2, &[("The harvest was the best in a decade, and prices will fall", Some("Ann Lee"))]),
        ]);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].speaker.as_deref(), Some("Vladimir Putin"));
        assert_eq!(groups[0].articles, 2);
    }

    #[test]
    fn speakers_that_differ_keep_remarks_apart() {
        let groups = merge(&[
            entry(0, &[("We will cut taxes for every working family next year", Some("Ann Lee"))]),
            entry(1, &[("We will cut taxes for every working family next year", Some("Bob Stone"))]),
        ]);
        assert!(groups.is_empty(), "{groups:?}");
    }

    #[test]
    fn a_short_quote_needs_its_speaker_and_joins_one_remark() {
        let long = "We are gradually heading in the right direction and may agree soon";
        let groups = merge(&[
            entry(0, &[(long, Some("Vladimir Putin"))]),
            entry(1, &[("in the right direction.", Some("Putin"))]),
            entry(2, &[("heading in the right direction.", None)]),
        ]);
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].wordings.iter().map(|w| w.article.0).collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn unrelated_quotes_on_one_topic_stay_apart() {
        let groups = merge(&[
            entry(0, &[("The river has never been this high and the bridge must stay shut", Some("Ann Lee"))]),
            entry(1, &[("Our library will reopen in spring after two years of work", Some("Ann Lee"))]),
        ]);
        assert!(groups.is_empty());
    }
}
