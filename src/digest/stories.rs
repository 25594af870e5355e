//! Stories: the articles that tell the same specific event, across outlets, grouped.
//!
//! Two steps, both pure:
//!
//! 1. [`signature`], per article, from its text alone: its most telling words with weights
//!    (title words, capitalised names and numbers count more; the weight is a sublinear term
//!    frequency, the corpus's idf is applied later), a MinHash sketch of its word 5-shingles
//!    (reprinted agency copy). Small and serialisable: it is kept in the build cache.
//! 2. [`cluster`], over all signatures: idf from the signatures' document frequencies,
//!    cosine similarity of the idf-weighted vectors, candidate pairs only from an inverted
//!    index of *rare* terms, near-duplicates joined first, then average-link agglomeration
//!    over the sparse similarity graph down to a threshold; then a lone article, and a small
//!    story (a satellite: the event from another angle), joins the story it is most similar
//!    to when it is clearly closer to it than to any other ([`StoryParams::ratio`]).
//!
//! Look-alike events (two earthquakes, two rehab stays) share their topic words, which are
//! common in the corpus and weigh little after idf; they differ in names, places and
//! numbers, which are weighted up. Articles published weeks apart are scaled down, and two
//! clusters whose dated articles are weeks apart never merge.
//!
//! Cost, for `n` articles of at most [`MAX_TERMS`] terms (`T`) and a postings cap `C`
//! ([`StoryParams::posting_cap`], at least `√n`):
//! - document frequencies: O(n·T);
//! - candidates: terms whose document frequency exceeds `C` are not used to find candidates
//!   (they are topic words, shared by look-alikes; with them a corpus of many look-alike
//!   articles would make every pair a candidate). Each article scans at most `T` postings
//!   lists of at most `C` entries: O(n·T·C) at worst, and keeps its best
//!   [`StoryParams::neighbours`] (`K`) candidates, whose exact cosine is O(T): so at most
//!   `n·K` edges;
//! - near-duplicates: MinHash bands, each bucket compared with its first few members only:
//!   O(n·B);
//! - average link over the sparse graph: O(E·log E) heap work plus the merging of
//!   neighbour maps (smaller into larger): O(E·log n·log E) overall, `E ≤ n·K`;
//! - lone articles and satellites: one pass over the edges, O(E·log E).
//!
//! Deterministic: every order ends in an article index, maps are `BTreeMap`s or sorted
//! vectors, and no hash-map iteration order reaches the output.
//!
//! Whole-corpus on every build that changes an article, on purpose: the signatures are made
//! once per article and kept in the build cache, but a word's idf is the corpus's, so an
//! edited article moves every similarity that shares a word with it, and a re-clustering of
//! its neighbours only would make a site depend on the order of its edits (a rebuild must
//! equal a fresh build). The clustering is the cheap part: about 50 ms for 10,000 articles
//! (`examples/stories_eval.rs` prints it; `benches/RESULTS.md`).

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BinaryHeap};

use chrono::NaiveDate;

use crate::model::{DocId, Entry};
use crate::text::{HashMap64, HashSet64, words};

/// At most this many terms are kept in a signature.
pub const MAX_TERMS: usize = 64;
/// The number of MinHash values in a signature's sketch.
pub const SKETCH_LEN: usize = 32;
/// How many of the body's words a signature reads (whole paragraphs, up to the first past it).
pub const BODY_WORDS: usize = 400;
/// `log2(SKETCH_LEN)`: the bits of a shingle's hash that choose its bin.
const SKETCH_BITS: u32 = 5;
/// Articles published more days apart than this are less likely one story: their
/// similarity is scaled down, and a lone article does not join a story none of whose dated
/// members is this close to it.
const DAYS_APART: u64 = 14;
/// Words in a shingle.
const SHINGLE: usize = 5;
/// Rows in a MinHash band (the sketch is cut into `SKETCH_LEN / BAND_ROWS` bands).
const BAND_ROWS: usize = 4;
/// A bucket member is compared with at most this many earlier members of its bucket.
const BUCKET_PEERS: usize = 8;

/// The constants of the stories stage. [`Default`] holds the chosen values (chosen by
/// leaving topics out on a development set; see `examples/stories_eval.rs`).
#[derive(Debug, Clone, PartialEq)]
pub struct StoryParams {
    /// How much an occurrence in the title counts, against one in the body.
    pub title_weight: f32,
    /// Weight factor of a word written with a capital inside sentences (a name).
    pub name_boost: f32,
    /// Weight factor of a number (a magnitude, a toll, a year).
    pub number_boost: f32,
    /// Average-link threshold: clusters are merged while their mean cosine reaches it.
    pub threshold: f32,
    /// Smallest postings cap: terms in more articles than `max(posting_cap, √n)` find no
    /// candidates.
    pub posting_cap: usize,
    /// Exponent of the idf in a term's weight (above 1, rare terms count more still).
    pub idf_power: f32,
    /// Candidates kept per article (the best by their rare-term score).
    pub neighbours: usize,
    /// Share of equal MinHash values from which two articles are copies of one text.
    pub duplicate: f32,
    /// An article left alone after the merging joins the story of its most similar article
    /// when that similarity reaches this (above 1: never).
    pub attach: f32,
    /// A story of at most this many articles left after the merging (a satellite: the same
    /// event told from another angle, a follow-up) joins the larger story it is closest to,
    /// when that mean similarity reaches `attach` and is `ratio` times its mean to any other
    /// larger story (0: never).
    pub satellite: usize,
    /// How much closer a lone article or a satellite must be to the story it joins than to
    /// any other (a look-alike story beside it).
    pub ratio: f32,
}

impl Default for StoryParams {
    fn default() -> Self {
        StoryParams {
            title_weight: 2.0,
            name_boost: 5.0,
            number_boost: 1.0,
            threshold: 0.24,
            posting_cap: 100,
            idf_power: 1.5,
            neighbours: 40,
            duplicate: 0.6,
            attach: 0.10,
            satellite: 3,
            ratio: 1.2,
        }
    }
}

pub use crate::model::StorySignature;

/// One article given to [`cluster`].
#[derive(Debug, Clone, Copy)]
pub struct StoryInput<'a> {
    /// Its signature.
    pub signature: &'a StorySignature,
    /// Its publication day, when known (articles days apart are less likely one story).
    pub published: Option<NaiveDate>,
}

/// A story: articles (at least two) that tell the same event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// Indices into the inputs, ascending.
    pub members: Vec<usize>,
    /// The member most similar to the others (its headline heads the story).
    pub central: usize,
}

/// [`signature_with`] under the default parameters.
pub fn signature(title: &str, paragraphs: &[&str]) -> StorySignature {
    signature_with(title, paragraphs, &StoryParams::default())
}

/// Per-term counts while reading one article.
#[derive(Debug, Default, Clone, Copy)]
struct Count {
    /// Weighted occurrences (title ones count `title_weight`).
    tf: f32,
    /// Body occurrences.
    body: u32,
    /// Body occurrences with a capital inside a sentence.
    capital: u32,
    /// A number.
    number: bool,
    /// First occurrence, for a stable order among equals.
    first: u32,
}

/// An article's signature, from its title and body paragraphs.
pub fn signature_with(title: &str, paragraphs: &[&str], params: &StoryParams) -> StorySignature {
    let mut counts: HashMap64<Count> = HashMap64::default();
    let mut order = 0u32;
    // Every body word's folded hash, in order: the shingles of the sketch.
    let mut shingled: Vec<u64> = Vec::new();
    let mut add = |text: &str, in_title: bool, shingled: &mut Vec<u64>| {
        for w in words(text) {
            let offset = w.as_ptr() as usize - text.as_ptr() as usize;
            let folded = folded_word_hash(w);
            if !in_title {
                shingled.push(folded);
            }
            let whole = w.len();
            let w = strip_possessive(w);
            let number = w.bytes().any(|b| b.is_ascii_digit());
            let hash = if number {
                if w.len() < 2 {
                    continue;
                }
                folded_word_hash(w) ^ 0x9e37_79b9_7f4a_7c15
            } else {
                // A content word: three letters or more, not a function word.
                let hash = if w.len() == whole { folded } else { folded_word_hash(w) };
                if w.chars().nth(2).is_none() || STOP_FOLDED.contains(&hash) {
                    continue;
                }
                hash
            };
            let c = counts.entry(hash).or_insert_with(|| Count { first: order, number, ..Count::default() });
            order += 1;
            if in_title {
                c.tf += params.title_weight;
            } else {
                c.tf += 1.0;
                c.body += 1;
                if !number && w.chars().next().is_some_and(char::is_uppercase) && !sentence_start(text, offset) {
                    c.capital += 1;
                }
            }
        }
    };
    add(title, true, &mut shingled);
    // The story's opening tells who, what, where and when; its tail adds background. Reading
    // no further than `BODY_WORDS` words keeps a long article as cheap as a short one.
    for p in paragraphs {
        if shingled.len() >= BODY_WORDS {
            break;
        }
        add(p, false, &mut shingled);
    }
    let mut terms: Vec<(u64, f32, u32)> = counts
        .iter()
        .map(|(&h, c)| {
            let mut w = 1.0 + c.tf.ln();
            if c.number {
                w *= params.number_boost;
            } else if c.capital * 2 > c.body {
                w *= params.name_boost;
            }
            (h, w, c.first)
        })
        .collect();
    terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    terms.truncate(MAX_TERMS);
    let mut terms: Vec<(u32, f32)> = terms.into_iter().map(|(h, w, _)| (fold32(h), w)).collect();
    terms.sort_by_key(|t| t.0);
    terms.dedup_by_key(|t| t.0);
    StorySignature { terms, sketch: sketch(&shingled) }
}

/// `Putin's` → `Putin`.
fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w)
}

/// Whether the word at `offset` opens a sentence (nothing before it, or a full stop, a
/// question or exclamation mark, a colon, or an opening quote after one).
fn sentence_start(text: &str, offset: usize) -> bool {
    let before =
        text[..offset].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '«'));
    before.chars().next_back().is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '—' | '-' | '|'))
}

/// The 64-bit hash folded to 32.
fn fold32(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// A 32-bit term as a [`HashMap64`] key: that map takes its keys as hashes, and reads both
/// their high and low bits.
fn key(t: u32) -> u64 {
    (u64::from(t) << 32) | u64::from(t)
}

/// SplitMix64's finaliser: a good mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The MinHash sketch of the body's word 5-shingles (`hashes`: its words' [`folded_word_hash`]es), by one-permutation hashing: each
/// shingle is hashed once, its top bits choose one of [`SKETCH_LEN`] bins and the bin keeps
/// its least value; an empty bin takes the value of the next bin that has one (so two texts
/// agree on a bin about as often as their shingle sets overlap). One hash per shingle, where
/// [`SKETCH_LEN`] independent hashes cost 30 times more (Li, Owen & Zhang 2012; Shrivastava
/// & Li 2014).
fn sketch(hashes: &[u64]) -> Vec<u32> {
    if hashes.len() < SHINGLE {
        return Vec::new();
    }
    let mut bins = [u64::MAX; SKETCH_LEN];
    for window in hashes.windows(SHINGLE) {
        let shingle = mix(window.iter().fold(0u64, |acc, &h| acc.rotate_left(17) ^ h));
        let bin = (shingle >> (64 - SKETCH_BITS)) as usize;
        let value = shingle << SKETCH_BITS;
        bins[bin] = bins[bin].min(value);
    }
    // Densify: an empty bin borrows from the next full one, its position mixed in.
    let mut out = vec![0u32; SKETCH_LEN];
    for (i, o) in out.iter_mut().enumerate() {
        let (k, v) = (0..SKETCH_LEN)
            .map(|k| (k, bins[(i + k) % SKETCH_LEN]))
            .find(|(_, v)| *v != u64::MAX)
            .unwrap_or((0, u64::MAX));
        *o = if k == 0 { (v >> 32) as u32 } else { (mix(v ^ k as u64) >> 32) as u32 };
    }
    out
}

/// The function words ([`crate::text::stop_words`]) by their [`folded_word_hash`].
static STOP_FOLDED: std::sync::LazyLock<HashSet64> =
    std::sync::LazyLock::new(|| crate::text::stop_words().map(folded_word_hash).collect());

/// A hash of a word in lower case, folded byte by byte (ASCII) or char by char (the rest),
/// without making a lower-case copy: FNV-1a over the folded UTF-8, mixed (the maps keyed by
/// it read both its high and low bits).
fn folded_word_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    if w.is_ascii() {
        w.bytes().for_each(|b| eat(b.to_ascii_lowercase()));
    } else {
        let mut buf = [0u8; 4];
        for c in w.chars().flat_map(char::to_lowercase) {
            c.encode_utf8(&mut buf).bytes().for_each(&mut eat);
        }
    }
    mix(h)
}

/// [`cluster_with`] under the default parameters.
pub fn cluster(inputs: &[StoryInput]) -> Vec<Story> {
    cluster_with(inputs, &StoryParams::default())
}

/// An article's idf-weighted, unit-length vector, sorted by term.
type Vector = Vec<(u32, f32)>;

fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// The similarity of two articles: cosine, scaled down when they were published weeks apart.
fn similarity(vectors: &[Vector], inputs: &[StoryInput], a: usize, b: usize) -> f32 {
    let mut s = dot(&vectors[a], &vectors[b]);
    if let (Some(da), Some(db)) = (inputs[a].published, inputs[b].published) {
        let days = (da - db).num_days().unsigned_abs();
        if days > DAYS_APART {
            s *= (DAYS_APART as f32 / days as f32).sqrt();
        }
    }
    s
}

/// Union-find with path halving; the root of a set is its smallest member.
fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi] = lo;
    }
}

/// Pairs of articles whose sketches say they are copies of one text.
fn near_duplicates(inputs: &[StoryInput], params: &StoryParams) -> Vec<(usize, usize)> {
    // (band key, article) for every band of every sketch, sorted: a bucket is a run of one
    // key, its members in index order (one sort, no vector per bucket).
    let mut keyed: Vec<(u64, usize)> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let s = &input.signature.sketch;
        if s.len() != SKETCH_LEN {
            continue;
        }
        for (band, rows) in s.chunks(BAND_ROWS).enumerate() {
            let key = rows.iter().fold(mix(band as u64 + 1), |acc, &v| mix(acc ^ u64::from(v)));
            keyed.push((key, i));
        }
    }
    keyed.sort_unstable();
    let mut pairs = Vec::new();
    for bucket in keyed.chunk_by(|a, b| a.0 == b.0) {
        // Each member is compared with the first few of its bucket.
        for (k, &(_, b)) in bucket.iter().enumerate().skip(1) {
            for &(_, a) in &bucket[..k.min(BUCKET_PEERS)] {
                let (sa, sb) = (&inputs[a].signature.sketch, &inputs[b].signature.sketch);
                let same = sa.iter().zip(sb).filter(|(x, y)| x == y).count();
                if same as f32 >= params.duplicate * SKETCH_LEN as f32 {
                    pairs.push((a, b));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The stories among the articles: groups of at least two, each article in one at most,
/// largest first, then by first member.
pub fn cluster_with(inputs: &[StoryInput], params: &StoryParams) -> Vec<Story> {
    let n = inputs.len();
    if n < 2 {
        return Vec::new();
    }
    // Document frequencies and idf-weighted unit vectors.
    let mut df: HashMap64<u32> = HashMap64::default();
    for input in inputs {
        for &(t, _) in &input.signature.terms {
            *df.entry(key(t)).or_default() += 1;
        }
    }
    // Each distinct term's idf, once (a term is in many signatures).
    let idf: HashMap64<f32> =
        df.iter().map(|(&t, &d)| (t, (1.0 + n as f32 / d as f32).ln().powf(params.idf_power))).collect();
    let weigh = |input: &StoryInput| -> Vector {
        let mut v: Vector =
            input.signature.terms.iter().map(|&(t, w)| (t, w * idf.get(&key(t)).copied().unwrap_or(0.0))).collect();
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| x.1 /= norm);
        }
        v
    };
    let vectors: Vec<Vector> = inputs.iter().map(weigh).collect();
    let edges = candidate_edges(&vectors, inputs, params, &df);

    // Copies of one text are one story from the start.
    let mut parent: Vec<usize> = (0..n).collect();
    let mut spans: Vec<Option<(NaiveDate, NaiveDate)>> = (0..n).map(|i| span_of(&[i], inputs)).collect();
    for (a, b) in near_duplicates(inputs, params) {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb && !apart_in_time(spans[ra], spans[rb]) {
            union(&mut parent, a, b);
            let joined = join_spans(spans[ra], spans[rb]);
            let r = find(&mut parent, a);
            spans[r] = joined;
        }
    }
    let root: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &r) in root.iter().enumerate() {
        members[r].push(i);
    }
    let mut links: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for &(a, b, s) in &edges {
        let (ra, rb) = (root[a], root[b]);
        if ra != rb {
            *links[ra].entry(rb).or_default() += f64::from(s);
            *links[rb].entry(ra).or_default() += f64::from(s);
        }
    }
    let alive: Vec<bool> = (0..n).map(|i| root[i] == i).collect();
    // Each cluster's span of publication days: two clusters whose dated articles are weeks
    // apart are never one story, whatever their undated articles share with both.
    let spans: Vec<Option<(NaiveDate, NaiveDate)>> = members.iter().map(|m| span_of(m, inputs)).collect();
    average_link(&mut members, &mut links, alive, spans, f64::from(params.threshold));

    let mut groups: Vec<Vec<usize>> = members.into_iter().filter(|m| m.len() >= 2).collect();
    attach_lone(&mut groups, &edges, inputs, params);
    attach_satellites(&mut groups, &edges, inputs, params);
    groups.iter_mut().for_each(|m| m.sort_unstable());
    let centrals = centrals(&groups, &edges, n);
    let mut stories: Vec<Story> =
        groups.into_iter().zip(centrals).map(|(members, central)| Story { members, central }).collect();
    stories.sort_by(|a, b| b.members.len().cmp(&a.members.len()).then(a.members[0].cmp(&b.members[0])));
    stories
}

/// Each article in no group joins the group it is most similar to on average (the sum of
/// its similarities to the group's members over the group's size; a missing edge counts 0)
/// when that mean reaches [`StoryParams::attach`] and is [`StoryParams::ratio`] times its
/// mean to any other group; the groups are those before this step.
fn attach_lone(groups: &mut [Vec<usize>], edges: &[(usize, usize, f32)], inputs: &[StoryInput], params: &StoryParams) {
    let attach = params.attach;
    let n = inputs.len();
    // Whether article `i` may join group `g`: it is undated, the group has no dated member,
    // or one is published within `DAYS_APART` of it.
    let near_in_time = |i: usize, g: &[usize]| {
        let Some(d) = inputs[i].published else { return true };
        let dated: Vec<NaiveDate> = g.iter().filter_map(|&j| inputs[j].published).collect();
        dated.is_empty() || dated.iter().any(|&e| (d - e).num_days().unsigned_abs() <= DAYS_APART)
    };
    let mut group = vec![usize::MAX; n];
    for (g, m) in groups.iter().enumerate() {
        m.iter().for_each(|&i| group[i] = g);
    }
    // Sum of similarities per (lone article, group).
    let mut sums: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for &(a, b, s) in edges {
        for (lone, other) in [(a, b), (b, a)] {
            if group[lone] == usize::MAX && group[other] != usize::MAX {
                *sums.entry((lone, group[other])).or_default() += f64::from(s);
            }
        }
    }
    let means: Vec<(usize, usize, f64)> =
        sums.into_iter().map(|((lone, g), sum)| (lone, g, sum / groups[g].len() as f64)).collect();
    for (lone, g, mean) in clearly_closest(&means, params.ratio) {
        if mean >= f64::from(attach) && near_in_time(lone, &groups[g]) {
            groups[g].push(lone);
        }
    }
}

/// Per unit (a lone article, a small story), from its mean similarity to each group
/// (`means`: unit, group, mean; sorted by unit): the group it is closest to (ties: the one
/// met first) with that mean, when that mean is `ratio` times its mean to any other group
/// (a look-alike story beside it).
fn clearly_closest(means: &[(usize, usize, f64)], ratio: f32) -> Vec<(usize, usize, f64)> {
    means
        .chunk_by(|a, b| a.0 == b.0)
        .filter_map(|row| {
            let (mut best, mut second): (Option<(usize, usize, f64)>, f64) = (None, 0.0);
            for &m in row {
                match best {
                    Some(b) if m.2 <= b.2 => second = second.max(m.2),
                    _ => {
                        second = second.max(best.map_or(0.0, |b| b.2));
                        best = Some(m);
                    }
                }
            }
            best.filter(|b| b.2 >= f64::from(ratio) * second)
        })
        .collect()
}

/// Each story of at most [`StoryParams::satellite`] articles joins the larger story (more
/// articles than that) it is most similar to on average (the sum of the similarities between
/// their members over the product of their sizes; a missing edge counts 0), when that mean
/// reaches [`StoryParams::attach`], is [`StoryParams::ratio`] times its mean to any
/// other larger story, and their dated articles are not weeks apart. A satellite of one
/// story is clearly closer to it than to the look-alike story beside it; one torn between
/// two stays apart. The stories are those before this step; emptied ones are dropped.
fn attach_satellites(
    groups: &mut Vec<Vec<usize>>,
    edges: &[(usize, usize, f32)],
    inputs: &[StoryInput],
    params: &StoryParams,
) {
    let small = params.satellite;
    if small == 0 {
        return;
    }
    let mut group = vec![usize::MAX; inputs.len()];
    for (g, m) in groups.iter().enumerate() {
        m.iter().for_each(|&i| group[i] = g);
    }
    // Sum of similarities per (satellite, larger story).
    let mut sums: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for &(a, b, sim) in edges {
        let (ga, gb) = (group[a], group[b]);
        if ga == usize::MAX || gb == usize::MAX || ga == gb {
            continue;
        }
        for (from, to) in [(ga, gb), (gb, ga)] {
            if groups[from].len() <= small && groups[to].len() > small {
                *sums.entry((from, to)).or_default() += f64::from(sim);
            }
        }
    }
    let means: Vec<(usize, usize, f64)> = sums
        .into_iter()
        .map(|((from, to), sum)| (from, to, sum / (groups[from].len() * groups[to].len()) as f64))
        .collect();
    let moves: Vec<(usize, usize)> = clearly_closest(&means, params.ratio)
        .into_iter()
        .filter(|&(from, to, mean)| {
            mean >= f64::from(params.attach)
                && !apart_in_time(span_of(&groups[from], inputs), span_of(&groups[to], inputs))
        })
        .map(|(from, to, _)| (from, to))
        .collect();
    for (from, to) in moves {
        let joined = std::mem::take(&mut groups[from]);
        groups[to].extend(joined);
    }
    groups.retain(|m| !m.is_empty());
}

/// A heap entry: mean similarity of two clusters (as ordered bits), the pair (smaller id
/// first, reversed so that smaller ids come first among equals), and their sizes when pushed.
type Candidate = (u64, Reverse<(usize, usize)>, (usize, usize));

/// The first and last publication day of a cluster's dated articles.
fn span_of(members: &[usize], inputs: &[StoryInput]) -> Option<(NaiveDate, NaiveDate)> {
    let mut dates = members.iter().filter_map(|&i| inputs[i].published);
    let first = dates.next()?;
    Some(dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
}

/// The span of two clusters together.
fn join_spans(a: Option<(NaiveDate, NaiveDate)>, b: Option<(NaiveDate, NaiveDate)>) -> Option<(NaiveDate, NaiveDate)> {
    match (a, b) {
        (Some((a0, a1)), Some((b0, b1))) => Some((a0.min(b0), a1.max(b1))),
        (x, y) => x.or(y),
    }
}

/// Whether two clusters' spans of days are more than [`DAYS_APART`] apart.
fn apart_in_time(a: Option<(NaiveDate, NaiveDate)>, b: Option<(NaiveDate, NaiveDate)>) -> bool {
    let (Some((a0, a1)), Some((b0, b1))) = (a, b) else { return false };
    let gap = (b0 - a1).num_days().max((a0 - b1).num_days());
    gap > DAYS_APART as i64
}

/// A term's document frequency (at least 1).
fn df_of(df: &HashMap64<u32>, t: u32) -> u32 {
    df.get(&key(t)).copied().unwrap_or(1)
}

/// The candidate edges: for each article, its best [`StoryParams::neighbours`] by the score
/// of the rare terms it shares (from an inverted index of the terms in at most
/// `max(posting_cap, √n)` articles), each with its exact similarity. Sorted, one per pair.
fn candidate_edges(
    vectors: &[Vector],
    inputs: &[StoryInput],
    params: &StoryParams,
    df: &HashMap64<u32>,
) -> Vec<(usize, usize, f32)> {
    let n = inputs.len();
    let cap = params.posting_cap.max((n as f64).sqrt() as usize);
    let mut postings: HashMap64<Vec<(usize, f32)>> = HashMap64::default();
    for (i, v) in vectors.iter().enumerate() {
        for &(t, w) in v {
            if df_of(df, t) as usize <= cap && df_of(df, t) > 1 {
                postings.entry(key(t)).or_default().push((i, w));
            }
        }
    }

    // Candidate edges: each article's best neighbours by rare-term score, exact similarity.
    let mut edges: Vec<(usize, usize, f32)> = Vec::new();
    let mut score = vec![0.0f32; n];
    let mut touched: Vec<usize> = Vec::new();
    for (i, v) in vectors.iter().enumerate() {
        for &(t, w) in v {
            let Some(list) = postings.get(&key(t)) else { continue };
            for &(j, wj) in list {
                if j == i {
                    continue;
                }
                if score[j] == 0.0 {
                    touched.push(j);
                }
                score[j] += w * wj;
            }
        }
        // The best `neighbours` by score (ties: the smaller index), without sorting them all.
        let by_score = |a: &usize, b: &usize| score[*b].total_cmp(&score[*a]).then(a.cmp(b));
        if touched.len() > params.neighbours {
            touched.select_nth_unstable_by(params.neighbours, by_score);
        }
        for &j in touched.iter().take(params.neighbours) {
            let s = similarity(vectors, inputs, i, j);
            if s > 0.0 {
                edges.push((i.min(j), i.max(j), s));
            }
        }
        for &j in &touched {
            score[j] = 0.0;
        }
        touched.clear();
    }
    edges.sort_by_key(|e| (e.0, e.1));
    edges.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));

    edges
}

/// Average-link agglomeration over the sparse graph `links` (cluster → neighbour → sum of
/// similarities; a missing edge is similarity 0): merges the closest pair while its mean
/// similarity reaches `threshold`.
fn average_link(
    members: &mut [Vec<usize>],
    links: &mut [BTreeMap<usize, f64>],
    mut alive: Vec<bool>,
    mut spans: Vec<Option<(NaiveDate, NaiveDate)>>,
    threshold: f64,
) {
    let mean = |sum: f64, a: usize, b: usize| sum / (a as f64 * b as f64);
    let push = |heap: &mut BinaryHeap<Candidate>, a: usize, b: usize, sum: f64, members: &[Vec<usize>]| {
        let (sa, sb) = (members[a].len(), members[b].len());
        let m = mean(sum, sa, sb);
        if m >= threshold {
            let (x, y, sx, sy) = if a < b { (a, b, sa, sb) } else { (b, a, sb, sa) };
            heap.push((m.to_bits(), Reverse((x, y)), (sx, sy)));
        }
    };
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::new();
    for (a, l) in links.iter().enumerate() {
        for (&b, &sum) in l {
            if a < b {
                push(&mut heap, a, b, sum, members);
            }
        }
    }
    while let Some((_, Reverse((a, b)), (sa, sb))) = heap.pop() {
        if !alive[a] || !alive[b] || members[a].len() != sa || members[b].len() != sb {
            continue; // stale: one of them has grown or gone since
        }
        if apart_in_time(spans[a], spans[b]) {
            continue; // never one story: their dated articles are weeks apart
        }
        // Keep the one with more links; the other's are moved into it.
        let (keep, gone) = if links[b].len() > links[a].len() { (b, a) } else { (a, b) };
        alive[gone] = false;
        spans[keep] = join_spans(spans[keep], spans[gone]);
        let moved = std::mem::take(&mut members[gone]);
        members[keep].extend(moved);
        let gone_links = std::mem::take(&mut links[gone]);
        links[keep].remove(&gone);
        for (c, sum) in gone_links {
            if c == keep {
                continue;
            }
            *links[keep].entry(c).or_default() += sum;
            let back = links[c].remove(&gone).unwrap_or(0.0);
            *links[c].entry(keep).or_default() += back;
        }
        let neighbours: Vec<(usize, f64)> = links[keep].iter().map(|(&c, &s)| (c, s)).collect();
        for (c, sum) in neighbours {
            push(&mut heap, keep, c, sum, members);
        }
    }
}

/// Each group's member with the largest sum of similarities to the other members (ties:
/// the first). One pass over the edges.
fn centrals(groups: &[Vec<usize>], edges: &[(usize, usize, f32)], n: usize) -> Vec<usize> {
    let mut group = vec![usize::MAX; n];
    for (g, m) in groups.iter().enumerate() {
        m.iter().for_each(|&i| group[i] = g);
    }
    let mut sums = vec![0.0f64; n];
    for &(a, b, s) in edges {
        if group[a] != usize::MAX && group[a] == group[b] {
            sums[a] += f64::from(s);
            sums[b] += f64::from(s);
        }
    }
    groups
        .iter()
        .map(|m| {
            m.iter().copied().fold((m[0], f64::MIN), |best, i| if sums[i] > best.1 { (i, sums[i]) } else { best }).0
        })
        .collect()
}

/// A story as the digest keeps it: its articles by id, in digest order (newest first), and
/// the central one (its headline heads the story).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryGroup {
    /// The article whose headline heads the story.
    pub central: DocId,
    /// Its articles, at least two, in digest order.
    pub members: Vec<DocId>,
}

/// The stories of a digest, from its entries in digest order: largest first, then the one
/// with the newest article (stories share no article: a total order).
pub fn stories(entries: &[Box<Entry>]) -> Vec<StoryGroup> {
    let inputs: Vec<StoryInput<'_>> = entries
        .iter()
        .map(|e| StoryInput { signature: &e.story, published: e.meta.published.map(|p| p.date) })
        .collect();
    // `cluster` gives them largest first, then by their first member: the members are
    // indices into digest order, so the first is the newest article.
    cluster(&inputs)
        .into_iter()
        .map(|s| StoryGroup {
            central: entries[s.central].id,
            members: s.members.iter().map(|&i| entries[i].id).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;

    fn sig(title: &str, body: &str) -> StorySignature {
        let paragraphs: Vec<&str> = body.split("\n\n").collect();
        signature(title, &paragraphs)
    }

    fn run(sigs: &[StorySignature]) -> Vec<Vec<usize>> {
        let inputs: Vec<StoryInput> = sigs.iter().map(|s| StoryInput { signature: s, published: None }).collect();
        cluster(&inputs).into_iter().map(|s| s.members).collect()
    }

    /// Groups of ten articles: a story of four (0-3), its look-alike of four (4-7) and a
    /// pair (8, 9), with the pair's similarity to each story given.
    type Edges = Vec<(usize, usize, f32)>;

    fn satellite_case(to_first: f32, to_second: f32) -> (Vec<Vec<usize>>, Edges) {
        let groups = vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9]];
        let mut edges = Vec::new();
        for a in 8..10 {
            edges.extend((0..4).map(|b| (b, a, to_first)));
            edges.extend((4..8).map(|b| (b, a, to_second)));
        }
        edges.sort_by_key(|e| (e.0, e.1));
        (groups, edges)
    }

    #[test]
    fn a_satellite_joins_the_story_it_is_clearly_closest_to() {
        let sig = StorySignature::default();
        let undated: Vec<StoryInput> = (0..10).map(|_| StoryInput { signature: &sig, published: None }).collect();
        let params = StoryParams::default();
        let (mut groups, edges) = satellite_case(0.2, 0.05);
        attach_satellites(&mut groups, &edges, &undated, &params);
        assert_eq!(groups, [vec![0, 1, 2, 3, 8, 9], vec![4, 5, 6, 7]]);
        // Torn between a story and its look-alike: it stays apart.
        let (mut groups, edges) = satellite_case(0.2, 0.18);
        attach_satellites(&mut groups, &edges, &undated, &params);
        assert_eq!(groups.len(), 3);
        // Too far from either: apart.
        let (mut groups, edges) = satellite_case(0.05, 0.0);
        attach_satellites(&mut groups, &edges, &undated, &params);
        assert_eq!(groups.len(), 3);
        // Published weeks after the story: apart.
        let day = |d: u32| NaiveDate::from_ymd_opt(2024, 3, d);
        let dated: Vec<StoryInput> =
            (0..10).map(|i| StoryInput { signature: &sig, published: if i < 8 { day(1) } else { day(30) } }).collect();
        let (mut groups, edges) = satellite_case(0.2, 0.05);
        attach_satellites(&mut groups, &edges, &dated, &params);
        assert_eq!(groups.len(), 3);
    }

    #[test]
    fn a_lone_article_torn_between_look_alike_stories_stays_alone() {
        let sig = StorySignature::default();
        let inputs: Vec<StoryInput> = (0..9).map(|_| StoryInput { signature: &sig, published: None }).collect();
        let params = StoryParams::default();
        let case = |to_first: f32, to_second: f32| {
            let mut groups = vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]];
            let mut edges: Vec<(usize, usize, f32)> = (0..4).map(|b| (b, 8, to_first)).collect();
            edges.extend((4..8).map(|b| (b, 8, to_second)));
            attach_lone(&mut groups, &edges, &inputs, &params);
            groups
        };
        assert_eq!(case(0.2, 0.05), [vec![0, 1, 2, 3, 8], vec![4, 5, 6, 7]]);
        assert_eq!(case(0.2, 0.19), [vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
    }

    /// Unrelated background articles, so that idf means something.
    fn background() -> Vec<StorySignature> {
        [
            ("Local bakery wins national bread award", "The Hillcrest bakery won the national bread prize on Friday for its sourdough loaf. Owner Marta Kovacs said the recipe came from her grandmother."),
            ("Storm closes schools across the coast", "Heavy snow closed schools in Portland and Bangor on Tuesday. Forecasters expect the storm to move east by Wednesday night."),
            ("Museum opens dinosaur wing", "The Natural History Museum in Denver opened a new wing with a complete Triceratops skeleton, the first shown in the state."),
            ("Chess prodigy takes regional title", "Eleven-year-old Priya Raman won the regional chess championship in Leeds, beating three grandmasters in a row."),
            ("Airline cuts winter flights", "Skyway Airlines will cut forty winter routes because of weak demand and high fuel prices, its chief executive said."),
            ("Zoo welcomes twin pandas", "Twin panda cubs were born at the Vienna zoo, keepers said on Sunday. Both cubs and their mother are healthy."),
        ]
        .iter()
        .map(|(t, b)| sig(t, b))
        .collect()
    }

    #[test]
    fn the_same_story_in_other_words_is_one_story() {
        let mut sigs = background();
        sigs.push(sig(
            "Magnitude 6.1 earthquake strikes Valparaiso",
            "A magnitude 6.1 earthquake struck near Valparaiso, Chile, on Monday, killing two people and damaging dozens of homes, officials said.",
        ));
        sigs.push(sig(
            "Deadly quake shakes central Chile",
            "Two people died when a 6.1-magnitude earthquake shook Valparaiso on Monday. Chilean officials said dozens of homes were damaged near the port.",
        ));
        assert_eq!(run(&sigs), vec![vec![6, 7]]);
    }

    #[test]
    fn one_name_in_two_unrelated_events_makes_two_stories() {
        let mut sigs = background();
        sigs.push(sig(
            "Senator Halvorsen opens new bridge in Duluth",
            "Senator Ingrid Halvorsen cut the ribbon on the new Duluth harbour bridge on Saturday. The bridge cost 40 million dollars and took three years to build.",
        ));
        sigs.push(sig(
            "Halvorsen bridge opening draws crowds",
            "Thousands watched Senator Ingrid Halvorsen open the Duluth harbour bridge, a 40 million dollar span three years in the making.",
        ));
        sigs.push(sig(
            "Halvorsen hospitalised after fall at ski resort",
            "Senator Ingrid Halvorsen broke her leg skiing at Aspen in February and spent two nights in hospital, her office said.",
        ));
        sigs.push(sig(
            "Senator breaks leg on Aspen slopes",
            "A skiing accident at Aspen left Senator Halvorsen with a broken leg; doctors kept her in hospital for two nights.",
        ));
        assert_eq!(run(&sigs), vec![vec![6, 7], vec![8, 9]]);
    }

    #[test]
    fn look_alike_events_are_two_stories() {
        // Two earthquakes told in the same words: places, magnitudes and years differ.
        let mut sigs = background();
        sigs.push(sig(
            "Magnitude 7.0 earthquake devastates Haiti",
            "A magnitude 7.0 earthquake struck near Port-au-Prince, Haiti, in January 2010. Rescuers searched the rubble of collapsed buildings for survivors, and officials said the death toll would rise.",
        ));
        sigs.push(sig(
            "Haiti quake: rescuers dig through rubble",
            "Rescuers in Port-au-Prince dug through the rubble of collapsed buildings after the 7.0 magnitude earthquake of January 2010. Haitian officials expect the death toll to rise.",
        ));
        sigs.push(sig(
            "Magnitude 6.3 earthquake devastates L'Aquila",
            "A magnitude 6.3 earthquake struck near L'Aquila, Italy, in April 2009. Rescuers searched the rubble of collapsed buildings for survivors, and officials said the death toll would rise.",
        ));
        sigs.push(sig(
            "Italy quake: rescuers dig through rubble",
            "Rescuers in L'Aquila dug through the rubble of collapsed buildings after the 6.3 magnitude earthquake of April 2009. Italian officials expect the death toll to rise.",
        ));
        assert_eq!(run(&sigs), vec![vec![6, 7], vec![8, 9]]);
    }

    #[test]
    fn articles_dated_weeks_apart_are_never_one_story_even_through_undated_ones() {
        // The same talks told three times: one dated in October 2015, one in September 2016,
        // one undated that shares words with both.
        let text = "President Putin met President Assad in Moscow to discuss the Syrian war, the Kremlin said, and both leaders called for a political settlement.";
        let mut sigs = background();
        sigs.push(sig("Putin and Assad meet in Moscow", text));
        sigs.push(sig("Putin and Assad talk Syria in Moscow", text));
        sigs.push(sig("Assad in Moscow for talks with Putin", text));
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let dates = [None, None, None, None, None, None, day(2015, 10, 21), day(2016, 9, 5), None];
        let inputs: Vec<StoryInput> =
            sigs.iter().zip(dates).map(|(s, published)| StoryInput { signature: s, published }).collect();
        let stories: Vec<Vec<usize>> = cluster(&inputs).into_iter().map(|s| s.members).collect();
        assert_eq!(stories.len(), 1, "{stories:?}");
        assert!(!(stories[0].contains(&6) && stories[0].contains(&7)), "{stories:?}");
        assert!(stories[0].contains(&8), "{stories:?}");
        // Undated, the three are one story.
        assert_eq!(run(&sigs), vec![vec![6, 7, 8]]);
    }

    #[test]
    fn reprinted_agency_copy_is_one_story() {
        let copy = "GENEVA (Reuters) - The World Health Organization said on Thursday that a new strain of avian influenza had been found in poultry farms in three provinces, and urged governments to step up surveillance of wild birds and farm workers. The agency said the risk to the public remained low but that the virus was being closely monitored by its laboratories.";
        let mut sigs = background();
        sigs.push(sig("WHO warns of new bird flu strain", copy));
        sigs.push(sig("New avian flu strain found, WHO says", &copy.replace("on Thursday", "on Thursday,")));
        sigs.push(sig("Bird flu: WHO urges surveillance", &format!("{copy} Additional reporting by staff.")));
        assert_eq!(run(&sigs), vec![vec![6, 7, 8]]);
    }

    #[test]
    fn a_lone_article_stands_alone() {
        assert!(run(&background()).is_empty());
        assert!(run(&[sig("Only one", "A single article about nothing much at all.")]).is_empty());
        assert!(run(&[]).is_empty());
    }

    #[test]
    fn the_signature_is_small_and_round_trips() {
        let body = (0..400).map(|i| format!("word{i} Name{i} said 19{:02}.", i % 100)).collect::<Vec<_>>().join(" ");
        let s = sig("A long article", &body);
        assert!(s.terms.len() <= MAX_TERMS && s.sketch.len() == SKETCH_LEN);
        let bytes = postcard::to_allocvec(&s).unwrap();
        assert!(bytes.len() < 800, "{} bytes", bytes.len());
        assert_eq!(postcard::from_bytes::<StorySignature>(&bytes).unwrap(), s);
    }

    #[test]
    fn many_look_alike_articles_stay_fast_and_deterministic() {
        // 3,000 generated articles from one template: names and numbers differ, the rest is
        // the same words, which are too common to find candidates with.
        let syllables = ["ka", "lo", "mi", "ra", "te", "su", "vo", "ne", "di", "pa"];
        let name = |i: usize, salt: usize| -> String {
            let mut s = String::new();
            let mut x = i * 7 + salt;
            for _ in 0..4 {
                s.push_str(syllables[x % 10]);
                x /= 10;
            }
            let mut c = s.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        };
        let sigs: Vec<StorySignature> = (0..3000)
            .map(|i| {
                let (town, mayor) = (name(i, 1), name(i, 3));
                sig(
                    &format!("{town} council approves budget"),
                    &format!(
                        "The council of {town} approved its budget on Monday. Mayor {mayor} said the {n} million budget would fund roads, schools and parks. Critics in {town} said taxes would rise by {p} percent.",
                        n = 10 + i % 90,
                        p = 1 + i % 9
                    ),
                )
            })
            .collect();
        let start = Instant::now();
        let first = run(&sigs);
        let took = start.elapsed();
        assert!(took < Duration::from_secs(5), "took {took:?}");
        assert!(
            first.iter().all(|s| s.len() < 100),
            "a story of {} articles",
            first.iter().map(Vec::len).max().unwrap_or(0)
        );
        assert_eq!(run(&sigs), first);
    }
}
