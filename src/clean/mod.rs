//! Boilerplate removal from scraped page text: which lines are the story.
//!
//! The input is what a plain scraper saves: one block per line (with or without blank lines
//! between), menus, share bars, captions and footers included. The design follows what
//! works for HTML-less extraction (jusText, boilerpipe) plus a search for the main region:
//!
//! 0. **Unwrapping** ([`unwrap`]): a hard-wrapped page (paragraphs broken at a fixed width)
//!    is joined back into a line per paragraph, line numbers kept.
//! 1. **Features** per line ([`features`]): length, stop-word density (lists for English,
//!    Russian, Indonesian and five more languages; particle density for CJK text; a page in
//!    another language learns its own function words), sentence ending, capitalisation.
//!    They give a jusText class: good, near-good, short or bad.
//! 2. **Rules** ([`rules`]): named predicates for lines that are never story text, whatever
//!    surrounds them (share bars, sign-up boxes, "Most Read", photo credits, date and credit
//!    lines). Rules describe the shape of site furniture and never name a site.
//! 3. **Repetition**: within the page, a repeated line is a caption or teaser (kept once, as
//!    a caption, when it sits by the story); across the corpus, a short line that recurs in
//!    several pages is site furniture ([`CorpusStats`]). A chart's or table's run of short
//!    lines, most of them figures (`$915`, `’17`, `13.0%`), is out of the story but neutral
//!    to step 5: the story goes on after a chart ([`blocks::mark_figures`]).
//! 4. **Headline** ([`blocks::find_title`]): the headline-shaped line near the top whose
//!    words the body uses most; its repeats in the page go with it.
//! 5. **Main region** ([`blocks::main_region`]): each line scores by class and rule (mixed
//!    with the learned line scorer's verdict, [`scorer`]: a logistic regression over the
//!    line's measures and its neighbours', trained by `scripts/train-cleaner`), and the
//!    maximum-sum run (Kadane) is the story. Short lines inside it (subheadings, short
//!    quotes) are kept: context decides, as in jusText's smoothing; a run of short lines
//!    between two paragraphs (a list, pros and cons) counts as neutral, however long
//!    ([`blocks::smooth_short_runs`]).
//! 6. **Editor rules** from `site.toml` (`[clean] keep`/`drop`) apply on top of all this.
//!
//! Pure: no IO, no clock. Linear in the number of lines (the CJK and sprite checks look at a
//! bounded window of each line).

pub mod blocks;
pub mod cues;
pub mod features;
pub mod rules;
pub mod scorer;
pub mod unwrap;
pub mod weights;

use rayon::prelude::*;
use regex::Regex;

use self::blocks::Forced;
use self::features::{Class, Features};
use self::scorer::{LineScorer, N_FEATURES};
use crate::model::{CleanLine, Cleaned, LineKind};
use crate::text::{self, HashMap64};

/// Lines longer than this many words are never taken for cross-page furniture.
const CORPUS_MAX_WORDS: usize = 20;
/// A short line seen in at least this many pages is furniture.
const CORPUS_MIN_DOCS: u32 = 3;

/// Pages at least this long measure their lines on every core.
const PARALLEL_BYTES: usize = 64 * 1024;

/// How many pages of a corpus each line occurs in: what tells a site's furniture, which
/// every page repeats, from its stories, which it does not.
#[derive(Debug, Default, Clone)]
pub struct CorpusStats {
    docs: usize,
    counts: HashMap64<u32>,
}

/// The rule of a short line found on [`CORPUS_MIN_DOCS`] pages or more: site furniture, or
/// a wire story's headline several outlets carry (the headline search tells them apart).
pub(crate) const ACROSS_PAGES: &str = "repeated_across_pages";

/// The corpus keys of a text: the hash of each short line's [`text::line_key`], each once,
/// sorted. What [`CorpusStats`] counts; a build cache keeps them per seed.
pub fn corpus_keys(page: &str) -> Vec<u64> {
    let mut key = String::new();
    let mut keys: Vec<u64> = page
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && text::at_most_words(l, CORPUS_MAX_WORDS))
        .map(|l| {
            text::line_key_into(l, &mut key);
            text::hash_str(&key)
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl CorpusStats {
    /// Counts the short lines of every text (each line once per text). Linear in the input.
    pub fn from_texts<'a, I>(texts: I) -> Self
    where
        I: IntoParallelIterator<Item = &'a str>,
    {
        let per_doc: Vec<Vec<u64>> = texts.into_par_iter().map(corpus_keys).collect();
        Self::from_keys(per_doc.iter().map(Vec::as_slice))
    }

    /// Counts the [`corpus_keys`] of every text.
    pub fn from_keys<'a>(per_doc: impl Iterator<Item = &'a [u64]>) -> Self {
        let mut counts = HashMap64::default();
        let mut docs = 0;
        for keys in per_doc {
            docs += 1;
            for k in keys {
                *counts.entry(*k).or_insert(0u32) += 1;
            }
        }
        CorpusStats { docs, counts }
    }

    /// In how many texts the line occurs.
    pub fn docs_with(&self, line: &str) -> u32 {
        self.docs_with_key(&text::line_key(line))
    }

    /// In how many texts a line of this [`text::line_key`] occurs.
    pub fn docs_with_key(&self, key: &str) -> u32 {
        self.docs_with_hash(text::hash_str(key))
    }

    /// In how many texts a line whose key has this [`text::hash_str`] occurs.
    fn docs_with_hash(&self, key_hash: u64) -> u32 {
        self.counts.get(&key_hash).copied().unwrap_or(0)
    }

    /// Number of texts counted.
    pub fn docs(&self) -> usize {
        self.docs
    }

    /// A fingerprint of what this corpus tells the cleaner about one text (given by its
    /// [`corpus_keys`]): which of its lines are furniture. While it is unchanged, the text
    /// cleans exactly as before, whatever else the corpus gained or lost.
    pub fn furniture_of(&self, keys: &[u64]) -> u64 {
        if self.docs < CORPUS_MIN_DOCS as usize {
            return 0;
        }
        let furniture: Vec<u64> =
            keys.iter().copied().filter(|k| self.counts.get(k).is_some_and(|n| *n >= CORPUS_MIN_DOCS)).collect();
        text::hash_of(&furniture[..]) | 1
    }
}

/// What the cleaner knows besides the page: the corpus and the editor's rules.
#[derive(Debug, Default, Clone, Copy)]
pub struct CleanContext<'a> {
    /// Line counts over every page of the build, when there are several.
    pub corpus: Option<&'a CorpusStats>,
    /// Editor's regexes for lines to keep.
    pub keep: &'a [Regex],
    /// Editor's regexes for lines to drop.
    pub drop: &'a [Regex],
}

/// Decides, for every line of a page, whether it is story text and why, with the compiled
/// line scorer ([`weights::SCORER`]).
pub fn clean(page: &str, ctx: &CleanContext<'_>) -> Cleaned {
    clean_scored(page, ctx, &weights::SCORER)
}

/// A page's lines with what is known of them before the region search: measures, verdicts
/// fixed by rules, repetition and the headline.
struct Prepared<'p> {
    lines: Vec<&'p str>,
    features: Vec<Features>,
    forced: Vec<Forced>,
    title: Option<(usize, String)>,
    repeated: Vec<usize>,
}

fn prepare<'p>(page: &'p str, ctx: &CleanContext<'_>) -> Prepared<'p> {
    let lines: Vec<&str> = page.lines().map(str::trim).collect();
    // Each line's measures and rules depend on the line alone: a long page spreads them over
    // the cores (a digest's pages are cleaned in parallel already, so only long ones gain).
    let measure = |l: &&str| {
        let f = Features::of(l);
        let v = first_verdict(l, &f, ctx);
        (f, v)
    };
    let (mut features, mut forced): (Vec<Features>, Vec<Forced>) = if page.len() >= PARALLEL_BYTES {
        lines.par_iter().map(measure).unzip()
    } else {
        lines.iter().map(measure).unzip()
    };
    features::adapt_to_page(&mut features);

    blocks::mark_labelled_captions(&lines, &features, &mut forced);
    blocks::mark_figures(&lines, &features, &mut forced);
    let title = blocks::find_title(&lines, &features, &forced);
    if let Some((at, head)) = &title {
        let head_key = text::line_key(head);
        let line_key = features[*at].key.clone();
        for (i, l) in lines.iter().enumerate() {
            if i == *at {
                forced[i] = Some((LineKind::Title, "headline"));
            } else if forced[i].is_none() && !l.is_empty() {
                let key = &features[i].key;
                if *key == head_key || *key == line_key {
                    forced[i] = Some((LineKind::Title, "headline_repeated"));
                }
            }
        }
    }
    let repeated = blocks::mark_repeats(&lines, &features, &mut forced);

    Prepared { lines, features, forced, title, repeated }
}

/// The learned scorer's view of a page: each line, and its feature vector when no rule
/// decided it. What `scripts/train-cleaner` learns from.
pub fn line_vectors(page: &str, ctx: &CleanContext<'_>) -> Vec<(String, Option<[f32; N_FEATURES]>)> {
    let page = unwrap::unwrap(page);
    let p = prepare(&page, ctx);
    let vectors = scorer::line_vectors(&p.lines, &p.features, &p.forced);
    p.lines.iter().map(|l| (*l).to_owned()).zip(vectors).collect()
}

/// [`clean`] with a given line scorer (the trainer scores its folds with this).
///
/// Over 80 lines on purpose: the passes over the page's lines run in this order, each
/// reading the verdicts of the ones before (rules, then repetition, then the headline, then
/// the densest run of prose); one function keeps that order in sight.
pub fn clean_scored(page: &str, ctx: &CleanContext<'_>, scorer: &LineScorer) -> Cleaned {
    let page = unwrap::unwrap(page);
    let Prepared { lines, features, mut forced, title, repeated } = prepare(&page, ctx);
    let vectors = if scorer.mix > 0.0 { scorer::line_vectors(&lines, &features, &forced) } else { Vec::new() };
    let mut scores: Vec<f32> = (0..lines.len())
        .map(|i| {
            let hand = blocks::region_score(lines[i], &features[i], forced[i]);
            match vectors.get(i) {
                Some(Some(x)) => (1.0 - scorer.mix) * hand + scorer.mix * scorer.region_score(x, &features[i]),
                _ => hand,
            }
        })
        .collect();
    blocks::smooth_short_runs(&mut scores, &lines, &features, &forced);
    let mut region = blocks::main_region(&scores);
    if let Some(r) = region {
        let (widened, insert) = blocks::bridge_insert(&scores, r);
        region = Some(widened);
        for i in insert.into_iter().flatten() {
            if forced[i].is_none() {
                forced[i] = Some((LineKind::Boilerplate, "inside_insert"));
            }
        }
    }
    for &i in &repeated {
        let near = region.is_some_and(|(s, e)| i + 8 >= s && i <= e);
        forced[i] =
            Some(if near { (LineKind::Caption, "repeated_caption") } else { (LineKind::Boilerplate, "repeated_line") });
    }

    let mut kinds: Vec<(LineKind, &'static str)> = (0..lines.len())
        .map(|i| {
            if let Some(v) = forced[i] {
                return v;
            }
            match region {
                Some((s, e)) if (s..=e).contains(&i) => (LineKind::Body, "main_region"),
                Some(_) => (LineKind::Boilerplate, "outside_main_region"),
                // No run of prose: keep what reads as prose on its own.
                None if features[i].class >= Class::NearGood => (LineKind::Body, "prose_no_region"),
                None => (LineKind::Boilerplate, "no_main_region"),
            }
        })
        .collect();

    if let (Some((title_at, _)), Some((start, _))) = (&title, region)
        && let Some(i) = blocks::standfirst_before(&lines, &features, &forced, *title_at, start)
    {
        kinds[i] = (LineKind::Standfirst, "standfirst");
    }
    mark_subheadings(&lines, &features, &mut kinds);

    // Each line keeps the key its features were measured with.
    let line_of = |((l, (kind, rule)), f): ((&&str, (LineKind, &'static str)), Features)| CleanLine {
        text: (*l).to_owned(),
        kind,
        rule,
        key: f.key,
    };
    let mut out: Vec<CleanLine> = if page.len() >= PARALLEL_BYTES {
        lines.par_iter().zip(kinds).zip(features).map(line_of).collect()
    } else {
        lines.iter().zip(kinds).zip(features).map(line_of).collect()
    };
    if let Some(last) = out.iter_mut().rev().find(|l| l.kind == LineKind::Body)
        && let Some(stripped) = blocks::strip_trailing_tags(&last.text)
    {
        last.text = stripped.to_owned();
        last.key = text::line_key(&last.text);
    }
    Cleaned { lines: out }
}

/// The verdict fixed by the line alone: blank, editor rule, corpus repetition, or a rule.
fn first_verdict(line: &str, f: &Features, ctx: &CleanContext<'_>) -> Forced {
    if line.is_empty() {
        return Some((LineKind::Blank, "blank"));
    }
    if ctx.keep.iter().any(|r| r.is_match(line)) {
        return Some((LineKind::Body, "editor_keep"));
    }
    if ctx.drop.iter().any(|r| r.is_match(line)) {
        return Some((LineKind::Boilerplate, "editor_drop"));
    }
    if let Some(rule) = rules::first_match(line, f) {
        return Some((rule.kind, rule.name));
    }
    if let Some(corpus) = ctx.corpus
        && f.words <= CORPUS_MAX_WORDS
        && corpus.docs() >= CORPUS_MIN_DOCS as usize
        && corpus.docs_with_hash(f.key_hash) >= CORPUS_MIN_DOCS
    {
        return Some((LineKind::Boilerplate, ACROSS_PAGES));
    }
    None
}

/// Turns short heading-like body lines between body paragraphs into subheadings.
fn mark_subheadings(lines: &[&str], features: &[Features], kinds: &mut [(LineKind, &'static str)]) {
    let body: Vec<usize> = (0..lines.len()).filter(|&i| kinds[i].0 == LineKind::Body).collect();
    for (n, &i) in body.iter().enumerate() {
        if kinds[i].1 != "main_region" {
            continue;
        }
        let prev_body = n > 0 && next_non_blank(kinds, i, false) == Some(body[n - 1]);
        let next_body = body
            .get(n + 1)
            .is_some_and(|&j| next_non_blank(kinds, i, true) == Some(j) && features[j].class >= Class::NearGood);
        if blocks::is_subheading(lines[i], &features[i], prev_body, next_body) {
            kinds[i] = (LineKind::Subheading, "subheading");
        }
    }
}

/// The nearest non-blank line before (`forward = false`) or after `i`.
fn next_non_blank(kinds: &[(LineKind, &'static str)], i: usize, forward: bool) -> Option<usize> {
    if forward {
        (i + 1..kinds.len()).find(|&j| kinds[j].0 != LineKind::Blank)
    } else {
        (0..i).rev().find(|&j| kinds[j].0 != LineKind::Blank)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(page: &str) -> Vec<String> {
        clean(page, &CleanContext::default()).body().map(|l| l.text.clone()).collect()
    }

    const STORY: &str = "Home\nNews\nSport\nBusiness\nMarkets plunge as rates rise | The Example Times\n\n\
        Markets plunge as rates rise\n\nBy Jane Roe\n\n\
        Stock markets around the world fell sharply on Tuesday after the central bank raised its main interest rate by half a point, the largest increase in two decades.\n\n\
        Investors had expected a smaller move, and the announcement wiped billions off the value of the biggest companies within an hour of trading.\n\n\
        What comes next\n\n\
        Analysts said that the bank was likely to raise rates again before the end of the year if inflation did not fall back towards its target.\n\n\
        “We are not done yet,” the governor said.\n\n\
        Share this:\nTwitter\nFacebook\nMost Read\nTen things to do this weekend\nCopyright © 2024 The Example Times\n";

    #[test]
    fn keeps_story_and_drops_furniture() {
        let b = body(STORY);
        assert_eq!(b.len(), 5, "{b:#?}");
        assert!(b[0].starts_with("Stock markets"));
        assert_eq!(b[2], "What comes next");
        assert_eq!(b[4], "“We are not done yet,” the governor said.");
    }

    #[test]
    fn a_chart_inside_the_story_is_left_out_and_the_story_goes_on_after_it() {
        let ticks: String = (17..29).map(|y| format!("’{y}\n")).collect();
        let page = format!(
            "Debt costs soar | The Example Times\n\nDebt costs soar\n\n\
             The government could soon pay more in interest on its debt than it spends on the military, \
             according to the budget office, which published its forecast on Tuesday.\n\n\
             Within a decade, more than $900 billion in interest payments will be due each year, easily \
             outpacing what the country spends on roads, schools and research combined.\n\n\
             Interest payments on the national debt\n$915\nbillion\n600\n300\n{ticks}\
             Deficit hawks have gone silent, even proposing changes that would make the deficit larger \
             than the forecast the budget office published this week.\n\n\
             The combination, economists say, marks a journey into mostly uncharted financial territory \
             for a country that has long borrowed at low rates.\n"
        );
        let b = body(&page);
        assert_eq!(b.len(), 4, "{b:#?}");
        assert!(b[0].starts_with("The government") && b[3].starts_with("The combination"), "{b:#?}");
        let c = clean(&page, &CleanContext::default());
        let tick = c.lines.iter().find(|l| l.text == "’21").map(|l| (l.kind, l.rule));
        assert_eq!(tick, Some((LineKind::Boilerplate, blocks::FIGURE)));
    }

    /// A roundup: each product's paragraph, then its pros and cons as short lines.
    fn roundup(list: &[&str]) -> String {
        let para = |what: &str| {
            format!(
                "The {what} we tested this year cleaned better than any other model in its class, and \
                 it was quieter than the one it replaces, which our testers noticed within a week of use \
                 and kept noticing for the rest of the month.\n\n"
            )
        };
        let items: String = list.iter().map(|l| format!("{l}\n\n")).collect();
        format!(
            "Best appliances of the year | Reviewed\n\nBest appliances of the year\n\n{}{items}{}{items}{}",
            para("dishwasher"),
            para("refrigerator"),
            para("range")
        )
    }

    #[test]
    fn a_list_between_paragraphs_is_the_story_s_and_a_row_of_names_is_not() {
        let pros = ["Pros", "It cleans even stubborn stains", "Fast cycle times", "It dries dishes", "Cons"];
        let pros =
            [&pros[..], &["Controls can be finicky", "Some options only on the app", "Buy now at the store"]].concat();
        let b = body(&roundup(&pros));
        assert!(b.iter().filter(|l| l.starts_with("The ")).count() == 3, "{b:#?}");
        assert!(b.iter().any(|l| l == "Fast cycle times"), "{b:#?}");
        let staff =
            ["Editorial", "David Mikkelson", "Doreen Marchionni", "David Emery", "Bond Huberman", "Jordan Liles"];
        let staff =
            [&staff[..], &["Alex Kasprak", "Dan Evon", "Dan MacGuill", "Bethania Palma", "Liz Donaldson"]].concat();
        let b = body(&roundup(&staff));
        assert!(!b.iter().any(|l| l == "Dan Evon"), "{b:#?}");
    }

    #[test]
    fn the_first_line_is_the_title_when_no_line_makes_a_better_case() {
        // The `<title>` first, whose words the story does not use; no other headline.
        let page = "Replace brs test\n\nLorem\n\nThe council met on Monday and agreed to widen the road, which \
                    residents had asked for since the spring, and to plant trees along it.\n";
        let c = clean(page, &CleanContext::default());
        assert_eq!((c.lines[0].kind, c.lines[0].rule), (LineKind::Title, "headline"));
        // A first line forced out by a rule is never the title.
        let page = "Skip to main content\n\nThe council met on Monday and agreed to widen the road, which \
                    residents had asked for since the spring, and to plant trees along it.\n";
        let c = clean(page, &CleanContext::default());
        assert!(c.lines.iter().all(|l| l.kind != LineKind::Title));
    }

    #[test]
    fn the_title_worded_apart_from_its_h1_beats_a_menu_item_printed_twice() {
        let story = "Prices in the hottest housing markets rose again this year, as buyers moved to the cities \
                     where real estate agents said new homes were scarce, this edition of the report finds.";
        // Menu items in the story's words, in the header and again in the footer.
        let menu = "Housing Markets Report Prices\n\nNew Homes For Buyers In Cities\n\n";
        let page = format!(
            "The Hottest Real Estate Markets [2025 Edition]\n\n{menu}The Hottest Real Estate Markets in the U.S.\n\n\
             {story}\n\n{story} Again.\n\n{menu}"
        );
        let c = clean(&page, &CleanContext::default());
        let titles: Vec<_> = c.lines.iter().filter(|l| l.kind == LineKind::Title).map(|l| l.text.as_str()).collect();
        assert_eq!(titles.first(), Some(&"The Hottest Real Estate Markets [2025 Edition]"));
    }

    #[test]
    fn finds_title_and_its_repeat() {
        let c = clean(STORY, &CleanContext::default());
        let titles: Vec<_> = c.lines.iter().filter(|l| l.kind == LineKind::Title).map(|l| l.rule).collect();
        assert_eq!(titles, ["headline", "headline_repeated"]);
    }

    #[test]
    fn marks_subheading() {
        let c = clean(STORY, &CleanContext::default());
        let sub: Vec<_> = c.lines.iter().filter(|l| l.kind == LineKind::Subheading).collect();
        assert_eq!(sub.len(), 1);
        assert_eq!(sub[0].text, "What comes next");
    }

    #[test]
    fn works_without_blank_lines() {
        let packed: String = STORY.lines().filter(|l| !l.is_empty()).map(|l| format!("{l}\n")).collect();
        assert_eq!(body(&packed), body(STORY));
    }

    #[test]
    fn editor_rules_apply_on_top() {
        let drop = [Regex::new("^Investors").unwrap()];
        let keep = [Regex::new("^Ten things").unwrap()];
        let c = clean(STORY, &CleanContext { corpus: None, keep: &keep, drop: &drop });
        let b: Vec<_> = c.body().map(|l| l.text.as_str()).collect();
        assert!(!b.iter().any(|l| l.starts_with("Investors")));
        assert!(b.contains(&"Ten things to do this weekend"));
    }

    #[test]
    fn lines_repeated_across_pages_are_furniture() {
        let pages = [
            "Subscribe to our daily briefing today\nFirst story text.",
            "Subscribe to our daily briefing today\nSecond story text.",
            "Subscribe to our daily briefing today\nThird story text.",
        ];
        let stats = CorpusStats::from_texts(pages.to_vec());
        assert_eq!(stats.docs_with("subscribe to our DAILY briefing today"), 3);
        assert_eq!(stats.docs_with("First story text."), 1);
    }

    #[test]
    fn a_wire_headline_several_outlets_carry_stays_the_headline() {
        let page = |outlet: &str, lead: &str| {
            format!(
                "Storm floods the harbour town of Kelso\n\nWeekend Reading Picks From Our Editors Desk\n\n{outlet}\n\n\
                 {lead} A storm flooded the harbour town of Kelso on Sunday, and the council said that the \
                 water reached the doors of the old market before the tide turned in the evening.\n\n\
                 The council said that it would open the school hall to the families who had to leave their \
                 homes, and that the roads to the town would stay closed until the water had gone down.\n"
            )
        };
        let pages = [page("The Daily", "KELSO -"), page("Evening Post", "(AP) -"), page("Morning Star", "Reuters:")];
        let stats = CorpusStats::from_texts(pages.iter().map(String::as_str).collect::<Vec<_>>());
        let ctx = CleanContext { corpus: Some(&stats), ..CleanContext::default() };
        for p in &pages {
            let lines = clean(p, &ctx).lines;
            assert_eq!((lines[0].kind, lines[0].rule), (LineKind::Title, "headline"), "{p}");
            assert_eq!((lines[2].kind, lines[2].rule), (LineKind::Boilerplate, ACROSS_PAGES));
        }
    }

    #[test]
    fn every_line_gets_a_verdict() {
        let c = clean("a\n\nb\n", &CleanContext::default());
        assert_eq!(c.lines.len(), 3);
        assert_eq!(c.lines[1].kind, LineKind::Blank);
    }
}
