//! Decisions that need more than one line: the headline, repeated lines and captions, the
//! main text region, subheadings and trailing tag words.
//!
//! Every function here is pure and linear in the number of lines (the headline search
//! looks at a bounded number of candidates).

use std::borrow::Cow;
use std::ops::Range;

use rayon::prelude::*;

use super::features::{Class, Features, ends_like_sentence};
use crate::model::LineKind;
use crate::text::{self, FnvMap, FnvSet, HashMap64, HashSet64};

/// Lines per parallel task in the scans over a whole page: fewer and a page is one task.
const PARALLEL_LINES: usize = 2048;

/// A 256-bit filter over a few words, by length and first and last byte: a word it rejects
/// is not one of them, so most words of a page are ruled out without hashing them.
#[derive(Debug, Default)]
struct WordFilter([u64; 4]);

impl WordFilter {
    fn slot(word: &str) -> usize {
        let b = word.as_bytes();
        let (first, last) = (b.first().copied().unwrap_or(0), b.last().copied().unwrap_or(0));
        (b.len().wrapping_mul(37) ^ usize::from(first).wrapping_mul(11) ^ usize::from(last)) & 255
    }

    fn insert(&mut self, word: &str) {
        let slot = Self::slot(word);
        self.0[slot / 64] |= 1 << (slot % 64);
    }

    fn may_hold(&self, word: &str) -> bool {
        let slot = Self::slot(word);
        self.0[slot / 64] & (1 << (slot % 64)) != 0
    }
}

/// A verdict fixed before the region search: `(kind, rule)`.
pub type Forced = Option<(LineKind, &'static str)>;

/// The words (or, for CJK text, the character pairs) a headline is compared on.
pub fn overlap_terms(text: &str) -> Vec<String> {
    if text::cjk_share(text) > 0.5 {
        let chars: Vec<char> = text.chars().filter(|c| text::is_cjk(*c)).collect();
        return chars.windows(2).map(|w| w.iter().collect()).collect();
    }
    text::content_words(text).collect()
}

/// Splits a site name off a page title: `Headline | Site`, `Headline - Site`,
/// `Headline – Site`, `Headline :: Site`. Returns `(headline, Some(site))` when the part
/// after the last separator is short enough to be a name.
pub fn split_site_suffix(title: &str) -> (&str, Option<&str>) {
    // At the last separator of any kind (`recap 2025 - updates at OSSO – OSSO B.V`), else at
    // the last of the first kind that leaves a name-sized tail.
    let by_kind: Vec<(usize, usize)> =
        TITLE_SEPARATORS.iter().filter_map(|sep| title.rfind(sep).map(|at| (at, sep.len()))).collect();
    for (at, len) in by_kind.iter().max().into_iter().chain(&by_kind).copied() {
        let (head, site) = (title[..at].trim(), title[at + len..].trim());
        if text::word_count(site) <= 8 && text::word_count(head) >= 2 && !site.is_empty() {
            return (head, Some(site));
        }
    }
    (title.trim(), None)
}

/// Separators between a headline and a site name or section label in a page title: those
/// publishing tools offer (WordPress's SEO plug-ins: dashes, bars, dots, bullets, stars,
/// tildes, guillemets) and the full-width and box-drawing bars of CJK sites.
const TITLE_SEPARATORS: [&str; 17] = [
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " ~ ", " * ", " ⋆ ", " ★ ", " ☆ ", " ✩ ", "｜",
    " │ ",
];

/// How strongly the page says a part of its title is a site name: `0`, no line names it
/// apart from the headline; `1`, a short line (a header, a menu) names it; `2`, a copyright
/// line names it, or it is a domain name.
pub type SiteEvidence<'e> = &'e dyn Fn(&str) -> u8;

/// A page title split into the headline and the site name around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TitleSplit<'t> {
    /// The headline.
    pub head: &'t str,
    /// The site name cut off (after or before the headline), if any.
    pub site: Option<&'t str>,
    /// Whether the page names the site apart from its title (or it is a domain name): only
    /// then is it taken for the outlet.
    pub confirmed: bool,
}

/// The byte ranges of a title's parts between [`TITLE_SEPARATORS`] (and `_`, which Chinese
/// and Japanese sites put between headline, section and site: `标题_科技_腾讯网`).
fn title_parts(title: &str) -> Vec<(usize, usize)> {
    let cjk_separator: &[&str] = if text::cjk_share(title) > 0.5 { &["_"] } else { &[] };
    let mut cuts: Vec<(usize, usize)> = TITLE_SEPARATORS
        .iter()
        .chain(cjk_separator)
        .flat_map(|sep| title.match_indices(sep).map(|(at, m)| (at, at + m.len())))
        .collect();
    cuts.sort_unstable();
    let mut parts = Vec::new();
    let mut start = 0;
    for (at, end) in cuts {
        if at < start {
            continue; // overlapping separators (` - ` inside ` -- `)
        }
        if !title[start..at].trim().is_empty() {
            parts.push((start, at));
        }
        start = end;
    }
    if !title[start..].trim().is_empty() {
        parts.push((start, title.len()));
    }
    parts
}

/// A domain name: `Moneycontrol.com`, `PanARMENIAN.Net`, `www.example.co.uk`.
pub fn domain_shaped(name: &str) -> bool {
    let name = name.trim();
    !name.contains(' ')
        && name.rsplit_once('.').is_some_and(|(host, tld)| {
            !host.is_empty() && (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_alphabetic())
        })
}

/// The shape of a site name without the page's word for it: a domain, a few title-cased words
/// (`Connecticut Post`), or one word in capitals or with a capital inside (`BBC`, `CityAM`);
/// not a slogan or standfirst (`Shoots for the moon`), a date or a lone common word (`Hosted`).
pub fn name_shaped(part: &str) -> bool {
    let n = text::word_count(part);
    let letters = part.chars().any(char::is_alphabetic);
    let inner_capital = |w: &str| w.chars().skip(1).any(char::is_uppercase);
    if crate::dates::find_date(part).is_some() {
        return false;
    }
    domain_shaped(part)
        || (letters && (2..=5).contains(&n) && title_cased(part))
        || (n == 1 && text::words(part).next().is_some_and(inner_capital))
}

/// What newsrooms call their sections and formats: a lone word closing a title that is one
/// of these is a section label (`Headline - Opinion`), not the site's name.
const SECTION_WORDS: [&str; 40] = [
    "news",
    "sport",
    "sports",
    "opinion",
    "opinions",
    "video",
    "videos",
    "photos",
    "gallery",
    "world",
    "business",
    "politics",
    "health",
    "science",
    "tech",
    "technology",
    "entertainment",
    "culture",
    "lifestyle",
    "travel",
    "food",
    "style",
    "arts",
    "books",
    "music",
    "movies",
    "blog",
    "home",
    "local",
    "economy",
    "markets",
    "money",
    "review",
    "reviews",
    "analysis",
    "live",
    "podcast",
    "weather",
    "features",
    "comment",
];

/// A lone capitalised word that names no section (`Instructables`, `Medium`, `Hosted`): a
/// name, if the page never writes it in lower case.
/// A lone word newsrooms call a section (`Opinion`, `Video`).
pub fn section_word(part: &str) -> bool {
    let part = part.trim();
    !part.contains(' ') && SECTION_WORDS.iter().any(|s| s.eq_ignore_ascii_case(part))
}

fn lone_name(part: &str) -> bool {
    let mut words = text::words(part);
    let (Some(word), None) = (words.next(), words.next()) else { return false };
    word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 3 && !section_word(word)
}

/// Every word starts with a capital, a digit or a letter of a script without case
/// (connectives aside): a name, a section label.
fn title_cased(part: &str) -> bool {
    text::words(part).all(|w| {
        matches!(
            w,
            "and"
                | "of"
                | "the"
                | "for"
                | "&"
                | "de"
                | "in"
                | "on"
                | "en"
                | "el"
                | "la"
                | "del"
                | "y"
                | "e"
                | "da"
                | "do"
                | "di"
                | "du"
                | "des"
                | "der"
                | "die"
                | "und"
                | "von"
                | "van"
                | "et"
        ) || w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || text::uncased_letter(c))
    })
}

/// Splits the site name off a page title, after or before the headline, whatever the
/// separator (`|`, ` - `, ` — `, `»`, `::`, and `:` for a prefix the page confirms), and drops
/// section labels between them (`Headline | UK News | Sky News`). `evidence` says how strongly
/// the rest of the page names a part (see [`SiteEvidence`]): the site name recurs in the page,
/// the headline does not. A short last part is a site name even unconfirmed, as before; a
/// prefix, a colon prefix or a second label needs the page's word.
pub fn split_title<'t>(title: &'t str, evidence: SiteEvidence<'_>) -> TitleSplit<'t> {
    let parts = title_parts(title);
    let words = |r: &[(usize, usize)]| match (r.first(), r.last()) {
        (Some(a), Some(b)) => text::word_count(&title[a.0..b.1]),
        _ => 0,
    };
    let part = |(a, b): (usize, usize)| title[a..b].trim();
    let (mut lo, mut hi) = (0, parts.len());
    let (mut site, mut confirmed) = (None, false);
    if hi - lo >= 2 {
        let (first, last) = (part(parts[lo]), part(parts[hi - 1]));
        let (ev_first, ev_last) = (evidence(first), evidence(last));
        if ev_first >= 2 && ev_last < 2 && text::word_count(first) <= 8 && words(&parts[lo + 1..hi]) >= 3 {
            site = Some(first);
            confirmed = true;
            lo += 1;
        } else if (text::word_count(last) <= 8 || domain_shaped(last)) && words(&parts[lo..hi - 1]) >= 2 {
            site = Some(last);
            // A lone word a menu repeats may be a section label (`Opinion`) as well as a
            // name (`Medium`); over the evaluation pages it is more often the name.
            confirmed = ev_last > 0 || name_shaped(last);
            hi -= 1;
        }
    }
    // Section labels and further site names on either side.
    while hi - lo >= 2 {
        let last = part(parts[hi - 1]);
        let n = text::word_count(last);
        let label = n <= 4 && (evidence(last) > 0 || (n <= 3 && title_cased(last)));
        if !label || words(&parts[lo..hi - 1]) < 4 {
            break;
        }
        hi -= 1;
    }
    while hi - lo >= 2 {
        let first = part(parts[lo]);
        if text::word_count(first) > 6 || evidence(first) < 2 || words(&parts[lo + 1..hi]) < 3 {
            break;
        }
        if !confirmed {
            (site, confirmed) = (Some(first), true);
        }
        lo += 1;
    }
    let mut head = match (parts.get(lo), hi.checked_sub(1).and_then(|h| parts.get(h))) {
        (Some(a), Some(b)) if lo < hi => title[a.0..b.1].trim(),
        _ => title.trim(),
    };
    // `Site: Headline`, only when the page names the site in its copyright line or it is a
    // domain (a colon also opens headlines: `Putin: ...`, `Fact Check: ...`).
    if let Some((pre, rest)) = head.split_once(": ")
        && text::word_count(pre) <= 5
        && text::word_count(rest) >= 4
        && evidence(pre) >= 2
    {
        if !confirmed {
            (site, confirmed) = (Some(pre.trim()), true);
        }
        head = rest.trim();
    }
    TitleSplit { head, site, confirmed }
}

/// A line of the page as [`site_evidence`] reads it.
#[derive(Debug, Clone, Copy)]
pub struct PageLine<'l> {
    /// Its [`text::line_key`].
    pub key: &'l str,
    /// The line as printed.
    pub text: &'l str,
    /// Whether it is a copyright line.
    pub copyright: bool,
}

/// The [`SiteEvidence`] of a page's lines: a name (of at most six words: a headline is
/// longer) is named by a short line (at most twenty words) holding it as whole words, or by
/// a copyright line (marked so, or holding the word); a lone capitalised word that names no
/// newsroom section is a name when the page never writes it in lower case (`Medium`,
/// `Instructables`; not `Hosted`). Lines whose key is `title_key` (the title and its
/// repeats) are left out.
pub fn site_evidence(lines: &[PageLine<'_>], title_key: &str, name: &str) -> u8 {
    if domain_shaped(name) {
        return 2;
    }
    let key = text::line_key(name);
    if key.is_empty() || text::word_count(name) > 6 {
        return 0;
    }
    let finder = memchr::memmem::Finder::new(key.as_bytes());
    let mut best = 0;
    for line in lines.iter().filter(|l| l.key != title_key) {
        if !text::key_holds(line.key, &finder) {
            continue;
        }
        if line.copyright || line.key.split(' ').any(|w| w == "copyright") {
            return 2;
        }
        if text::at_most_words(line.key, 20) {
            best = 1;
        }
    }
    let written_lower =
        |l: &PageLine<'_>| finder.find(l.text.as_bytes()).is_some() && text::words(l.text).any(|w| w == key);
    if best == 0 && lone_name(name) && !lines.iter().any(written_lower) {
        best = 1;
    }
    best
}

/// Does this line have the shape of a headline?
pub fn headline_shaped(line: &str, f: &Features) -> bool {
    let max_words = if text::cjk_share(line) > 0.5 { 80 } else { 30 };
    let ends_period = {
        let t = line.trim_end_matches(['"', '”', '’', '\'', '»', ')', ' ']);
        t.ends_with(['.', '。', ',', ':', ';']) && !t.ends_with("..")
    };
    f.words >= 2 && f.words <= max_words && !ends_period && !credits_a_photo(line)
}

/// Whether a line ends by crediting a photo (`… (credit: NASA/Jude Guidry)`, `… Photo: AP`):
/// a caption, never a headline.
fn credits_a_photo(line: &str) -> bool {
    let tail = line.get(line.len().saturating_sub(60)..).unwrap_or(line).to_ascii_lowercase();
    ["(credit:", "credit:", "(photo:", "photo:", "(photo credit", "(image:"].iter().any(|l| tail.contains(l))
}

/// What [`find_title`] gathers in one pass over the page's lines.
#[derive(Default)]
struct TitleScan<'a> {
    /// Each candidate word the story's sentences use, with the key of one sentence using it
    /// and whether another sentence does too.
    found: FnvMap<Cow<'a, str>, (u64, bool)>,
    /// How many lines hold each candidate's headline.
    counts: FnvMap<&'a str, usize>,
    /// The lines that word most of the first line's headline (the `<h1>` under the `<title>`).
    near_first: Vec<usize>,
    /// How many words two sentences were seen to use: when every candidate word is, the
    /// rest of the page can tell no more.
    settled: usize,
}

impl<'a> TitleScan<'a> {
    /// Notes a story word seen in the sentence of key `key` (and in another, if `other`).
    fn note(&mut self, term: Cow<'a, str>, key: u64, other: bool) {
        let seen = self.found.entry(term).or_insert((key, false));
        let was = seen.1;
        seen.1 |= other || seen.0 != key;
        self.settled += usize::from(seen.1 && !was);
    }
}

/// Finds the headline among the headline-shaped lines above the first paragraph of prose.
/// Each scores by the share of its words the body uses (discounted for lines of fewer than
/// four words, like menu items), plus evidence that it is the page's title: a site suffix
/// (`Headline | Site`), a repeat of it elsewhere in the page (the `<title>` and the `<h1>`),
/// being the first line (scrapers save the `<title>` first). Returns its index and the
/// headline text (without a site suffix).
pub fn find_title<'a>(lines: &[&'a str], features: &'a [Features], forced: &[Forced]) -> Option<(usize, String)> {
    let first_prose =
        (0..lines.len()).find(|&i| forced[i].is_none() && features[i].class == Class::Good).unwrap_or(lines.len());
    // Each candidate: its index, headline, site suffix and terms.
    // A line on several pages of the build is furniture, or the headline of a wire story
    // several outlets carry: a candidate, taken only when the story tells of it.
    let across_pages = |i: usize| matches!(forced[i], Some((_, super::ACROSS_PAGES)));
    let candidates: Vec<(usize, &str, Option<&str>, Vec<String>)> = (0..first_prose.max(1).min(lines.len()))
        .filter(|&i| {
            !lines[i].is_empty() && (forced[i].is_none() || across_pages(i)) && headline_shaped(lines[i], &features[i])
        })
        .map(|i| {
            let (head, site) = split_site_suffix(lines[i]);
            (i, head, site, overlap_terms(head))
        })
        .filter(|(_, _, _, terms)| terms.len() >= 2)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    // Which candidate words the prose uses: look only for those (no per-word allocation),
    // over the lines in parallel on long pages.
    let wanted: FnvSet<&str> = candidates.iter().flat_map(|(_, _, _, t)| t.iter().map(String::as_str)).collect();
    let mut filter = WordFilter::default();
    wanted.iter().for_each(|w| filter.insert(w));
    let cjk = candidates.iter().any(|(_, head, _, _)| text::cjk_share(head) > 0.5);
    // How often each candidate's words occur as a line of the page (repeated headlines).
    let head_keys: Vec<String> = candidates.iter().map(|(_, head, _, _)| text::line_key(head)).collect();
    let head_hashes: HashSet64 = head_keys.iter().map(|k| text::hash_str(k)).collect();
    // The first line, when it is a candidate: the page's `<title>` as scrapers save it, taken
    // when no line makes a better case (its words may not be the body's: `RTL Test`).
    let first_line = (0..lines.len()).find(|&i| !lines[i].is_empty());
    let first = candidates.iter().find(|c| Some(c.0) == first_line);
    let fallback = first.filter(|c| !across_pages(c.0)).map(|c| (0.0, c.0, c.1.to_owned()));
    // The `<title>`'s words (not for CJK): a line using most of them, most of its own words
    // among them, is the `<h1>` worded apart from the `<title>` (`Markets in the U.S.` under
    // `Markets [2025 Edition]`), and vouches for both as a repeat does.
    let first_terms: FnvSet<&str> =
        first.filter(|_| !cjk).map(|c| c.3.iter().map(String::as_str).collect()).unwrap_or_default();
    let near_first = |f: &Features| {
        // Enough words to hold three fifths of the first line's; then its share of them
        // (most lines have none), then the share of its own words.
        if !(2..=30).contains(&f.words) || f.words * 5 < first_terms.len() * 3 {
            return false;
        }
        let in_first = |w: &&str| filter.may_hold(w) && first_terms.contains(w);
        let shared = f.key.split(' ').filter(in_first).count();
        shared * 5 >= first_terms.len() * 3
            && shared * 5 >= f.key.split(' ').filter(|w| w.chars().count() >= 3 && !text::is_stop_word(w)).count() * 3
    };
    let scan = |mut acc: TitleScan<'a>, i: usize| {
        let f = &features[i];
        if !lines[i].is_empty() && head_hashes.contains(&f.key_hash) {
            *acc.counts.entry(f.key.as_str()).or_default() += 1;
        }
        if first_terms.len() >= 2 && Some(i) != first_line && near_first(f) {
            acc.near_first.push(i);
        }
        // The story's words: from sentences (a teaser or another headline ends without one).
        if acc.settled < wanted.len() && forced[i].is_none() && f.class >= Class::NearGood && f.ends_sentence {
            if cjk {
                for t in overlap_terms(lines[i]).into_iter().filter(|t| wanted.contains(t.as_str())) {
                    acc.note(Cow::Owned(t), f.key_hash, false);
                }
            } else {
                for w in f.key.split_ascii_whitespace().filter(|w| filter.may_hold(w) && wanted.contains(w)) {
                    acc.note(Cow::Borrowed(w), f.key_hash, false);
                }
            }
        }
        acc
    };
    let TitleScan { found: body_terms, counts: line_counts, near_first, .. } = (0..lines.len())
        .into_par_iter()
        .with_min_len(PARALLEL_LINES)
        .fold(TitleScan::default, scan)
        .reduce(TitleScan::default, |mut acc, more| {
            for (t, (key, other)) in more.found {
                acc.note(t, key, other);
            }
            for (k, n) in more.counts {
                *acc.counts.entry(k).or_default() += n;
            }
            acc.near_first.extend(more.near_first);
            acc
        });
    let mut best: Option<(f32, usize, String)> = None;
    for ((i, head, site, terms), head_key) in candidates.into_iter().zip(head_keys.iter()) {
        let own = [features[i].key_hash, text::hash_str(head_key)];
        let shared = terms
            .iter()
            .filter(|t| body_terms.get(t.as_str()).is_some_and(|&(key, other)| other || !own.contains(&key)))
            .count();
        let overlap = shared as f32 / terms.len() as f32 * (terms.len() as f32 / 4.0).min(1.0);
        if across_pages(i) && shared * 3 < terms.len() {
            continue; // furniture: the story uses few of its words (a third)
        }
        let repeats =
            line_counts.get(head_key.as_str()).copied().unwrap_or(0) - usize::from(*head_key == features[i].key);
        let near = if Some(i) == first_line { !near_first.is_empty() } else { near_first.contains(&i) };
        let score = overlap
            + if site.is_some() { 0.15 } else { 0.0 }
            + if repeats > 0 || near { 0.3 } else { 0.0 }
            + if Some(i) == first_line { 0.25 } else { 0.0 };
        if score >= 0.4 && best.as_ref().is_none_or(|(s, _, _)| score > *s + 0.05) {
            best = Some((score, i, head.to_owned()));
        }
    }
    // The winner's site name, checked against the page (a section label, a prefix).
    best.or(fallback).map(|(_, i, head)| {
        let page: Vec<PageLine<'_>> = (0..lines.len())
            .filter(|&j| !lines[j].is_empty())
            .map(|j| PageLine {
                key: &features[j].key,
                text: lines[j],
                copyright: matches!(forced[j], Some((_, "copyright"))),
            })
            .collect();
        let evidence = |name: &str| site_evidence(&page, &features[i].key, name);
        let split = split_title(lines[i], &evidence);
        let head = if split.head.len() < head.len() && text::word_count(split.head) >= 2 {
            split.head.to_owned()
        } else {
            head
        };
        (i, head)
    })
}

/// The standfirst set apart above the story: the first prose sentence after the headline
/// when only captions, credits or repeats stand between it and the main region.
pub fn standfirst_before(
    lines: &[&str],
    features: &[Features],
    forced: &[Forced],
    title_at: usize,
    region_start: usize,
) -> Option<usize> {
    let candidate = (title_at + 1..region_start).find(|&i| forced[i].is_none())?;
    let f = &features[candidate];
    let between_ok = (candidate + 1..region_start).all(|j| {
        matches!(
            forced[j],
            Some((LineKind::Blank | LineKind::Caption | LineKind::Meta, _)) | Some((_, "repeated_line"))
        )
    });
    (between_ok && f.class >= Class::NearGood && f.ends_sentence && f.words <= 60 && !lines[candidate].is_empty())
        .then_some(candidate)
}

/// The longest line whose repeats mark it, in words: a longer paragraph that recurs is
/// left to the region search (the story may repeat it; a second rendering of the page lies
/// outside the region).
pub const CAPTION_MAX_WORDS: usize = 50;

/// Marks repeated lines of three to [`CAPTION_MAX_WORDS`] words: the first occurrence of one
/// of six words or more is returned as a caption candidate; later occurrences are forced out
/// as repeats.
pub fn mark_repeats(lines: &[&str], features: &[Features], forced: &mut [Forced]) -> Vec<usize> {
    // Keyed by the key's hash; two different keys of one hash (vanishingly rare) are told
    // apart by comparing them, and the later one is then taken for a line seen once.
    let mut first_seen: HashMap64<usize> = HashMap64::default();
    let mut candidates = Vec::new();
    let mut is_candidate: FnvSet<usize> = FnvSet::default();
    for i in 0..lines.len() {
        // A paragraph longer than a caption that recurs is left to the region search: the
        // story may repeat it, and a second rendering of the page lies outside the region.
        if lines[i].is_empty() || features[i].words < 3 || features[i].words > CAPTION_MAX_WORDS {
            continue;
        }
        match first_seen.get(&features[i].key_hash) {
            None => {
                first_seen.insert(features[i].key_hash, i);
            }
            Some(&first) if features[first].key != features[i].key => {}
            Some(&first) => {
                if forced[i].is_none() || forced[i].is_some_and(|(k, _)| k == LineKind::Caption) {
                    forced[i] = Some((LineKind::Boilerplate, "repeated_line"));
                }
                if features[first].words >= 6 && forced[first].is_none() && is_candidate.insert(first) {
                    candidates.push(first);
                }
            }
        }
    }
    candidates
}

/// The fewest figure cells (`$915`, `’17`, `13.0%`) that make a run of short lines a chart or
/// a table of figures.
const FIGURE_MIN_CELLS: usize = 6;

/// A chart's or table's cell: a figure with at most a short unit (`$915`, `’17`, `+0.9%`,
/// `6,834.50`, `1/1/2013`, `12 km`), not a numbered item (`1. Finland`).
fn figure_cell(line: &str) -> bool {
    line.chars().count() <= 16
        && line.chars().any(|c| c.is_ascii_digit())
        && line.chars().filter(|c| c.is_alphabetic()).count() <= 3
}

/// Marks charts and tables of figures set inside the story: a run of short lines (axis ticks,
/// cells, their labels) at least half of which are figure cells (`figure_cell`). Their lines
/// are out of the story, but neutral to the region search: the story goes on after a chart,
/// where a list of links would end it.
pub fn mark_figures(lines: &[&str], features: &[Features], forced: &mut [Forced]) {
    let short: Vec<bool> = (0..lines.len())
        .map(|i| {
            // A bare number reads as a counter, a bare date as a date line, an axis tick
            // (`’17`, `%`) as a line many pages print: in a run of figures, they are its cells.
            matches!(
                forced[i],
                None | Some((LineKind::Meta, "date_line") | (LineKind::Boilerplate, "counter" | super::ACROSS_PAGES))
            ) && features[i].words <= 6
                && !features[i].ends_sentence
        })
        .collect();
    let short = |i: usize| short[i];
    let mut i = 0;
    while i < lines.len() {
        if lines[i].is_empty() || !short(i) {
            i += 1;
            continue;
        }
        // The run: short lines, blank ones between them aside.
        let (mut end, mut filled, mut cells) = (i, 0, 0);
        let mut j = i;
        while j < lines.len() && (lines[j].is_empty() || short(j)) {
            if !lines[j].is_empty() {
                (end, filled) = (j, filled + 1);
                cells += usize::from(figure_cell(lines[j]));
            }
            j += 1;
        }
        if cells >= FIGURE_MIN_CELLS && 2 * cells >= filled {
            // A column of dates is the table's; a lone date by a player's or chart's figures
            // is the page's date line (`February 8, 2022` over an audio player's `0:00`).
            let date_line = |f: Forced| matches!(f, Some((LineKind::Meta, "date_line")));
            let dates = forced[i..=end].iter().filter(|&&f| date_line(f)).count();
            for k in i..=end {
                if !lines[k].is_empty() && (dates > 1 || !date_line(forced[k])) {
                    forced[k] = Some((LineKind::Boilerplate, FIGURE));
                }
            }
        }
        i = end + 1;
    }
}

/// The rule of a chart's or table's lines ([`mark_figures`]).
pub const FIGURE: &str = "figure_data";

/// The line after a `Caption:` label is a caption.
pub fn mark_labelled_captions(lines: &[&str], features: &[Features], forced: &mut [Forced]) {
    let mut after_label = false;
    for i in 0..lines.len() {
        if lines[i].is_empty() {
            continue;
        }
        if after_label && forced[i].is_none() {
            forced[i] = Some((LineKind::Caption, "after_caption_label"));
        }
        after_label = features[i].key == "caption";
    }
}

/// The score of a line for the region search: positive for prose, negative for furniture.
pub fn region_score(line: &str, f: &Features, forced: Forced) -> f32 {
    match forced {
        Some((LineKind::Blank, _)) => 0.0,
        Some((LineKind::Body | LineKind::Subheading, _)) => 1.0,
        Some((LineKind::Meta | LineKind::Caption | LineKind::Standfirst, _)) => -0.5,
        Some((LineKind::Title, _)) => -1.0,
        // Lists of other articles and comment sections: the story does not go on past them.
        Some((LineKind::Boilerplate, "section_end" | "comment_author")) => BARRIER,
        // A chart or table of figures, an embed's HTML: the story may go on after it.
        Some((LineKind::Boilerplate, FIGURE | "markup")) => 0.0,
        // A line many pages print is furniture, but says no more of where the story ends than
        // any short line: a product card's `Amazon` and `$25`, a chart's ticks.
        Some((LineKind::Boilerplate, super::ACROSS_PAGES)) => -0.5,
        Some((LineKind::Boilerplate, _)) => -1.5,
        None => match f.class {
            Class::Good => 1.0 + (f.words.min(100) as f32) / 25.0,
            Class::NearGood => 0.5 + (f.words.min(100) as f32) / 50.0,
            Class::Short if f.ends_sentence => 0.3,
            // A list item continuing the text (lower case) or a label introducing one.
            Class::Short if starts_lower(line) || line.ends_with(':') => 0.0,
            Class::Short => -0.5,
            Class::Bad => -1.0,
        },
    }
}

fn starts_lower(line: &str) -> bool {
    line.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase)
}

/// jusText's context rule for short lines: a run of short lines between two paragraphs of
/// prose is the story's (a list, a product's pros and cons, a chart's labels), however long,
/// and the region search sees it as neutral rather than as many small penalties. Lines a
/// rule set aside only softly (repeats, credits, figures, markup) may sit in the run and
/// stay out of the story. A run written mostly in capitals, word by word (a menu, a staff
/// list, a row of names) is furniture and keeps its scores.
pub fn smooth_short_runs(scores: &mut [f32], lines: &[&str], features: &[Features], forced: &[Forced]) {
    let soft = |i: usize| match forced[i] {
        None => features[i].class == Class::Short,
        Some((_, rule)) => matches!(rule, super::ACROSS_PAGES | "repeated_line" | "photo_credit" | FIGURE | "markup"),
    };
    let prose = |i: usize| forced[i].is_none() && features[i].class == Class::Good;
    let mut i = 0;
    while i < lines.len() {
        if lines[i].is_empty() || !soft(i) {
            i += 1;
            continue;
        }
        let (start, mut end, mut filled, mut capitals) = (i, i, 0usize, 0.0f32);
        while i < lines.len() && (lines[i].is_empty() || soft(i)) {
            if !lines[i].is_empty() {
                (end, filled, capitals) = (i, filled + 1, capitals + features[i].capitalised);
            }
            i += 1;
        }
        let before = (0..start).rev().find(|&k| !lines[k].is_empty());
        let after = (end + 1..lines.len()).find(|&k| !lines[k].is_empty());
        if before.is_some_and(prose) && after.is_some_and(prose) && capitals <= SMOOTH_MAX_CAPITALS * filled as f32 {
            for s in &mut scores[start..=end] {
                *s = s.max(0.0);
            }
        }
    }
}

/// The largest mean share of capitalised words in a run of short lines that
/// [`smooth_short_runs`] takes for the story's.
const SMOOTH_MAX_CAPITALS: f32 = 0.8;

/// A score at or below this is a barrier the story never crosses (see [`region_score`]).
pub const BARRIER: f32 = -8.0;

/// The densest run of prose: the maximum-sum run of line scores (Kadane), as an inclusive
/// index range, never crossing a [`BARRIER`] line. `None` when no run scores above zero.
pub fn main_region(scores: &[f32]) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let (mut sum, mut start) = (0.0f32, 0usize);
    for (i, &s) in scores.iter().enumerate() {
        if s <= BARRIER {
            sum = 0.0;
            continue;
        }
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += s;
        if sum > 0.0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, i));
        }
    }
    let (_, mut s, e) = best?;
    // A run may start on zero-scored lines; begin it on the first line that counts.
    while s < e && scores[s] <= 0.0 {
        s += 1;
    }
    Some((s, e))
}

/// The most lines (not counting blank ones) an insert set inside the story may take: a
/// heading (`More from UK`) and a few links.
const INSERT_MAX_LINES: usize = 8;

/// The least score the story's part above an insert must reach to be taken back.
const INSERT_MIN_PART: f32 = 2.0;

/// A list of links set inside the story (`More from UK` and five headlines, then the story
/// goes on) ends the densest run at its heading, a [`BARRIER`]: when the run starts right
/// after such an insert and prose stands right above it, the story began there. Returns the
/// region widened to that part and the insert's lines (heading to last link), to leave out.
pub fn bridge_insert(scores: &[f32], (s, e): (usize, usize)) -> ((usize, usize), Option<Range<usize>>) {
    // Up from the run's start through the insert's links to its heading.
    let mut i = s;
    let mut lines = 0;
    let heading = loop {
        if i == 0 || lines > INSERT_MAX_LINES {
            return ((s, e), None);
        }
        i -= 1;
        match scores[i] {
            x if x <= BARRIER => break i,
            x if x > 0.0 => return ((s, e), None),
            x => lines += usize::from(x != 0.0),
        }
    };
    // The best run ending just above the heading (blank lines aside), up to a barrier.
    let Some(end) = (0..heading).rev().take_while(|&j| scores[j] >= 0.0).find(|&j| scores[j] > 0.0) else {
        return ((s, e), None);
    };
    let (mut sum, mut best, mut start) = (0.0f32, 0.0f32, end);
    for j in (0..=end).rev() {
        if scores[j] <= BARRIER {
            break;
        }
        sum += scores[j];
        if sum > best {
            (best, start) = (sum, j);
        }
    }
    if best < INSERT_MIN_PART {
        return ((s, e), None);
    }
    ((start, e), Some(heading..s))
}

/// Is the line at `i` a subheading, given the kinds decided so far? Short, no sentence
/// ending, not a label ending in `:`, between body paragraphs.
pub fn is_subheading(line: &str, f: &Features, prev_body: bool, next_body: bool) -> bool {
    let t = line.trim_end();
    f.words >= 1 && f.words <= 15 && !ends_like_sentence(t) && !t.ends_with([':', ',', ';']) && prev_body && next_body
}

/// Strips tag words that trail the last sentence: `... he said. russia` → `... he said.`
/// At most three lower-case words, and only after a sentence ending.
pub fn strip_trailing_tags(line: &str) -> Option<&str> {
    let mut head = line.trim_end();
    for _ in 0..3 {
        let (before, word) = head.rsplit_once(char::is_whitespace)?;
        let is_tag =
            word.chars().next().is_some_and(char::is_lowercase) && word.chars().all(|c| c.is_alphabetic() || c == '-');
        if !is_tag {
            return None;
        }
        head = before.trim_end();
        if ends_like_sentence(head) {
            return Some(head);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_filter_holds_what_was_put_in_and_rules_out_most_else() {
        let mut filter = WordFilter::default();
        let put = ["putin", "assad", "moscow", "talks", "ceasefire"];
        put.iter().for_each(|w| filter.insert(w));
        assert!(put.iter().all(|w| filter.may_hold(w)));
        let others = ["the", "minister", "said", "on", "tuesday", "that", "russia", "would", "keep", "its", "troops"];
        assert!(others.iter().filter(|w| filter.may_hold(w)).count() <= 2);
    }

    #[test]
    fn a_repeated_caption_is_marked_and_a_repeated_long_paragraph_is_left_to_the_region() {
        let caption = "The minister arrives at the talks in Geneva on Monday morning.";
        let paragraph = "The talks went on for hours. ".repeat(12);
        let lines = [caption, "Story text.", caption, paragraph.trim(), "More text.", paragraph.trim()];
        let features: Vec<Features> = lines.iter().map(|l| Features::of(l)).collect();
        let mut forced: Vec<Forced> = vec![None; lines.len()];
        let candidates = mark_repeats(&lines, &features, &mut forced);
        assert_eq!(candidates, [0], "the caption's first occurrence");
        assert_eq!(forced[2], Some((LineKind::Boilerplate, "repeated_line")));
        assert_eq!((forced[3], forced[5]), (None, None), "a paragraph of {} words", features[3].words);
    }

    #[test]
    fn a_caption_that_credits_its_photo_is_no_headline() {
        let caption = "The core stage of the first rocket at the assembly plant after the installation of its four engines. (credit: NASA/Jane Roe)";
        assert!(!headline_shaped(caption, &Features::of(caption)));
        let headline = "Seeking a bigger role for a big rocket";
        assert!(headline_shaped(headline, &Features::of(headline)));
        let credit_story = "Credit card rates rise for the third month in a row";
        assert!(headline_shaped(credit_story, &Features::of(credit_story)));
    }

    #[test]
    fn site_suffixes_split_off() {
        assert_eq!(
            split_site_suffix(
                "Putin: Moscow and Washington Close to Breakthrough Deal on Syria | ASHARQ AL-AWSAT English Archive 2005 -2017"
            ),
            (
                "Putin: Moscow and Washington Close to Breakthrough Deal on Syria",
                Some("ASHARQ AL-AWSAT English Archive 2005 -2017")
            )
        );
        assert_eq!(
            split_site_suffix("New SUVs and electric vehicles highlight L.A. Auto Show - Connecticut Post"),
            ("New SUVs and electric vehicles highlight L.A. Auto Show", Some("Connecticut Post"))
        );
        assert_eq!(
            split_site_suffix("recap 2025 - updates at OSSO – OSSO B.V"),
            ("recap 2025 - updates at OSSO", Some("OSSO B.V"))
        );
        assert_eq!(
            split_site_suffix("Healthy Eating Plate • The Nutrition Source"),
            ("Healthy Eating Plate", Some("The Nutrition Source"))
        );
        assert_eq!(
            split_site_suffix("Obama and Putin fail to reach agreement on Syria"),
            ("Obama and Putin fail to reach agreement on Syria", None)
        );
    }

    #[test]
    fn figure_cells_are_figures_with_short_units() {
        for cell in ["$915", "’17", "13.0%", "+0.9%", "6,834.50", "1/1/2013", "12 km", "0"] {
            assert!(figure_cell(cell), "{cell}");
        }
        for line in ["billion", "1. Finland", "Current Time 0:00", "Interest payments in 2023", "%"] {
            assert!(!figure_cell(line), "{line}");
        }
    }

    fn split_in<'t>(title: &'t str, page: &[&str]) -> TitleSplit<'t> {
        let keys: Vec<String> = page.iter().map(|l| text::line_key(l)).collect();
        let flagged: Vec<PageLine<'_>> =
            keys.iter().zip(page).map(|(k, l)| PageLine { key: k, text: l, copyright: l.contains('©') }).collect();
        let title_key = text::line_key(title);
        split_title(title, &|name: &str| site_evidence(&flagged, &title_key, name))
    }

    #[test]
    fn site_names_split_off_whatever_the_separator() {
        let page = ["Home", "UK News", "World", "© 2019 Sky News", "Mourinho agrees deal"];
        let s = split_in("Mourinho agrees deal to replace Pochettino | UK News | Sky News", &page);
        assert_eq!(
            (s.head, s.site, s.confirmed),
            ("Mourinho agrees deal to replace Pochettino", Some("Sky News"), true)
        );
        let s = split_in("Markets fall as rates rise » CityAM", &[]);
        assert_eq!((s.head, s.site, s.confirmed), ("Markets fall as rates rise", Some("CityAM"), true));
        let s = split_in("Markets fall as rates rise - Breaking News | Example Times", &[]);
        assert_eq!(s.head, "Markets fall as rates rise");
        let page = ["Copyright 2020 The Space Review"];
        let s = split_in("The Space Review: Seeking a bigger role for a big rocket", &page);
        assert_eq!((s.head, s.site), ("Seeking a bigger role for a big rocket", Some("The Space Review")));
        let s = split_in("The Space Review | Seeking a bigger role for a big rocket", &page);
        assert_eq!((s.head, s.site), ("Seeking a bigger role for a big rocket", Some("The Space Review")));
        let s = split_in("DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网", &[]);
        assert_eq!((s.head, s.site), ("DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶", Some("腾讯网")));
        let s = split_in("宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网", &[]);
        assert_eq!((s.head, s.site), ("宇航员在太空中喝酒会怎么样？后果很严重", Some("光明网")));
        assert_eq!(
            split_in("Using snake_case names in Python code", &[]).head,
            "Using snake_case names in Python code"
        );
        // A domain is a name however its letters count as words.
        let s = split_in("Kindle for PCをショートカットキーで立ち上がらなくする方法 | ノート100YEN.com", &[]);
        assert_eq!((s.site, s.confirmed), (Some("ノート100YEN.com"), true));
    }

    #[test]
    fn headline_parts_stay_without_the_page_s_word() {
        // A colon opens headlines; a menu naming the topic does not make it a site.
        let page = ["Putin", "Fact Check", "Raspberry Pi 3"];
        assert_eq!(
            split_in("Putin: Moscow and Washington close to a deal on Syria", &page).head,
            "Putin: Moscow and Washington close to a deal on Syria"
        );
        assert_eq!(
            split_in("Fact Check: Is an oxygen bar offering fresh air?", &page).head,
            "Fact Check: Is an oxygen bar offering fresh air?"
        );
        assert!(
            split_in("Raspberry Pi 3 - The credit card sized PC, cheap - All-time best", &page)
                .head
                .starts_with("Raspberry Pi 3 - ")
        );
        assert!(!split_in("Markets fall as rates rise | Feb. 1, 2016", &[]).confirmed);
        // A tail that is no name is cut from the headline but is no outlet.
        let s = split_in("Rocket lifts off - Shoots for the moon, lands among the stars", &[]);
        assert!(!s.confirmed);
        let s = split_in(
            "Hosting trends of the year | Hosted",
            &[
                "Where the sites of the year were hosted mattered more than ever, as the firms that run them found out when the power went.",
            ],
        );
        assert!(!s.confirmed, "a word the page writes in lower case");
        let s = split_in("Why rates rise again - Opinion", &[]);
        assert!(!s.confirmed, "a section label");
        let s = split_in("How to Make Furniture : 21 Steps - Instructables", &[]);
        assert_eq!((s.head, s.site, s.confirmed), ("How to Make Furniture : 21 Steps", Some("Instructables"), true));
    }

    #[test]
    fn a_list_of_links_inside_the_story_is_bridged() {
        // Prose, `More from UK` and three links, then more of the story (the densest run).
        let scores = [-1.5, 1.5, 0.0, 1.2, BARRIER, -0.5, 0.0, -0.5, -0.5, 3.0, 3.0, 2.0];
        let region = main_region(&scores).unwrap();
        assert_eq!(region, (9, 11));
        assert_eq!(bridge_insert(&scores, region), ((1, 11), Some(4..9)));
        // Too little prose above the insert: a teaser, not the story's start.
        let scores = [-1.5, 1.0, BARRIER, -0.5, 3.0, 3.0];
        assert_eq!(bridge_insert(&scores, (4, 5)), ((4, 5), None));
        // More links than an insert holds: a list page's furniture, not an insert.
        let mut scores = vec![3.0, 3.0, BARRIER];
        scores.extend([-0.5; 10]);
        scores.extend([3.0, 3.0]);
        assert_eq!(bridge_insert(&scores, (13, 14)), ((13, 14), None));
    }

    #[test]
    fn region_is_the_densest_run() {
        let scores = [-0.5, -0.5, 3.0, 2.0, -0.5, 4.0, -2.0, -2.0, -2.0, 1.0];
        assert_eq!(main_region(&scores), Some((2, 5)));
        assert_eq!(main_region(&[-1.0, -2.0]), None);
        assert_eq!(main_region(&[0.0, 0.0, 2.0]), Some((2, 2)));
        assert_eq!(main_region(&[5.0, BARRIER, 4.0, 4.0]), Some((2, 3)));
    }

    #[test]
    fn trailing_tag_word_is_stripped() {
        assert_eq!(
            strip_trailing_tags(
                "“Of course it won’t happen today or tomorrow. Maybe that’s what political wisdom is,” he said. russia"
            ),
            Some("“Of course it won’t happen today or tomorrow. Maybe that’s what political wisdom is,” he said.")
        );
        assert_eq!(strip_trailing_tags("He said so. syria russia"), Some("He said so."));
        assert_eq!(strip_trailing_tags("He left at noon."), None);
        assert_eq!(strip_trailing_tags("a plan that is still in the works"), None);
        assert_eq!(strip_trailing_tags("Done.\u{a0}tag"), Some("Done."));
    }

    #[test]
    fn subheading_needs_body_on_both_sides() {
        let line = "Syrian rebels, Kurdish militias, and Islamic state";
        let f = Features::of(line);
        assert!(is_subheading(line, &f, true, true));
        assert!(!is_subheading(line, &f, false, true));
        let label = "Senate resolves to:";
        assert!(!is_subheading(label, &Features::of(label), true, true));
    }
}
