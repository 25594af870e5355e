//! Measures the stories stage ([`broadsheet::digest::stories`]) on a folder of seeds.
//!
//! ```text
//! cargo run --release --example stories_eval -- ../shared/eval/stories/ecb-dev [--grid]
//! cargo run --release --example stories_eval -- DIR_WITHOUT_GOLD
//! ```
//!
//! Runs the library pipeline (`broadsheet::pipeline::articles`) over `DIR/*.txt`, makes each article's
//! story signature from its title and body, clusters them with the default parameters and,
//! when `DIR/gold.json` exists (`{"stories": [[STEM…]…], "files": {STEM: {"topic": N}}}`),
//! prints B-cubed and pairwise precision, recall and F1 as `score_stories.py` computes them
//! (an article in no story is a story of its own), the predicted stories that mix two gold
//! stories of one topic, and, with `--grid`, a leave-topics-out figure: five folds over the
//! topics, the parameters chosen by a grid search on the other four folds' articles
//! (clustered alone), scored on the held fold's articles (clustered alone). Without gold it
//! prints every story with its members' titles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use broadsheet::config::CleanRules;
use broadsheet::digest::stories::{self, StoryInput, StoryParams, StorySignature};

/// One article as the stage sees it.
struct Doc {
    stem: String,
    title: String,
    paragraphs: Vec<String>,
    /// Publication day: the text's, or `STORIES_DATES` (`STEM=YYYY-MM-DD,…`, an editor's
    /// override as `site.toml` gives it).
    published: Option<chrono::NaiveDate>,
}

/// Figures of one clustering against the gold.
#[derive(Debug, Clone, Copy, Default)]
struct Score {
    b_p: f64,
    b_r: f64,
    b_f: f64,
    p_p: f64,
    p_r: f64,
    p_f: f64,
    /// Predicted stories mixing gold stories of one topic only.
    lookalike: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

/// Scores predicted stories (lists of doc indices) over the docs `subset`; `gold[i]` is the
/// gold story of doc `i`, `topic[i]` its topic.
fn score(pred: &[Vec<usize>], subset: &[usize], gold: &[usize], topic: &[u32]) -> Score {
    let mut pred_of: BTreeMap<usize, usize> = BTreeMap::new();
    for (k, m) in pred.iter().enumerate() {
        for &i in m {
            pred_of.entry(i).or_insert(k);
        }
    }
    // Singletons get their own label.
    let label = |i: usize| pred_of.get(&i).map_or(usize::MAX - i, |&k| k);
    let mut pred_size: BTreeMap<usize, usize> = BTreeMap::new();
    let mut gold_size: BTreeMap<usize, usize> = BTreeMap::new();
    let mut both: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &i in subset {
        *pred_size.entry(label(i)).or_default() += 1;
        *gold_size.entry(gold[i]).or_default() += 1;
        *both.entry((label(i), gold[i])).or_default() += 1;
    }
    let n = subset.len() as f64;
    let (mut bp, mut br) = (0.0, 0.0);
    for &i in subset {
        let c = both[&(label(i), gold[i])] as f64;
        bp += c / pred_size[&label(i)] as f64;
        br += c / gold_size[&gold[i]] as f64;
    }
    let pairs = |x: usize| (x * x.saturating_sub(1) / 2) as f64;
    let good: f64 = both.values().map(|&c| pairs(c)).sum();
    let predicted: f64 = pred_size.values().map(|&c| pairs(c)).sum();
    let gold_pairs: f64 = gold_size.values().map(|&c| pairs(c)).sum();
    let p_p = if predicted > 0.0 { good / predicted } else { 0.0 };
    let p_r = if gold_pairs > 0.0 { good / gold_pairs } else { 0.0 };
    let mut lookalike = 0;
    let in_subset: BTreeSet<usize> = subset.iter().copied().collect();
    for m in pred {
        let m: Vec<usize> = m.iter().copied().filter(|i| in_subset.contains(i)).collect();
        let golds: BTreeSet<usize> = m.iter().map(|&i| gold[i]).collect();
        let topics: BTreeSet<u32> = m.iter().map(|&i| topic[i]).collect();
        if golds.len() > 1 && topics.len() == 1 {
            lookalike += 1;
        }
    }
    Score { b_p: bp / n, b_r: br / n, b_f: f1(bp / n, br / n), p_p, p_r, p_f: f1(p_p, p_r), lookalike }
}

/// Clusters the docs `subset` under `params`, from precomputed signatures; the stories as
/// lists of doc indices.
fn run(docs: &[Doc], sigs: &[StorySignature], subset: &[usize], params: &StoryParams) -> Vec<Vec<usize>> {
    let inputs: Vec<StoryInput> =
        subset.iter().map(|&i| StoryInput { signature: &sigs[i], published: docs[i].published }).collect();
    stories::cluster_with(&inputs, params).into_iter().map(|s| s.members.iter().map(|&k| subset[k]).collect()).collect()
}

fn signatures(docs: &[Doc], params: &StoryParams) -> Vec<StorySignature> {
    docs.iter()
        .map(|d| {
            let paragraphs: Vec<&str> = d.paragraphs.iter().map(String::as_str).collect();
            stories::signature_with(&d.title, &paragraphs, params)
        })
        .collect()
}

fn print_score(name: &str, s: &Score) {
    println!(
        "{name}: bcubed P {:.3} R {:.3} F1 {:.3} | pairwise P {:.3} R {:.3} F1 {:.3} | look-alike merges {}",
        s.b_p, s.b_r, s.b_f, s.p_p, s.p_r, s.p_f, s.lookalike
    );
}

/// The searched parameters, as the report prints them.
fn describe(p: &StoryParams) -> String {
    format!(
        "title {} name {} number {} idf^{} attach {} satellites {} ratio {} threshold {:.2}",
        p.title_weight, p.name_boost, p.number_boost, p.idf_power, p.attach, p.satellite, p.ratio, p.threshold
    )
}

/// A list of values from the environment variable `var` (`0.1,0.2`), or `default`.
fn env_list(var: &str, default: &[f32]) -> Vec<f32> {
    std::env::var(var).map_or_else(|_| default.to_vec(), |v| v.split(',').filter_map(|x| x.parse().ok()).collect())
}

/// The grid searched: signature parameters (outer) and clustering parameters (inner).
fn grid() -> Vec<StoryParams> {
    let mut out = Vec::new();
    for title_weight in [2.0] {
        for name_boost in env_list("STORIES_NAME", &[2.0, 5.0]) {
            for number_boost in env_list("STORIES_NUMBER", &[1.0, 2.0]) {
                for idf_power in [1.5, 2.0] {
                    for attach in [2.0, 0.10, 0.07] {
                        for (satellite, ratio) in [(0, 1.0), (0, 1.2), (3, 1.2), (3, 1.5), (3, 2.0)] {
                            for t in 0..13 {
                                out.push(StoryParams {
                                    attach,
                                    idf_power,
                                    title_weight,
                                    name_boost,
                                    number_boost,
                                    satellite,
                                    ratio,
                                    threshold: 0.10 + 0.02 * t as f32,
                                    ..StoryParams::default()
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// Objective of the search: B-cubed F1, with pairwise precision at least 0.90 when reachable.
fn objective(s: &Score) -> (bool, f64) {
    let floor: f64 = std::env::var("STORIES_FLOOR").ok().and_then(|v| v.parse().ok()).unwrap_or(0.90);
    (s.p_p >= floor, s.b_f)
}

/// The best parameters on the docs `subset` (first in grid order among equals).
fn search(docs: &[Doc], subset: &[usize], gold: &[usize], topic: &[u32]) -> (StoryParams, Score) {
    let mut best: Option<(StoryParams, Score)> = None;
    let mut sig_cache: Option<((f32, f32, f32), Vec<StorySignature>)> = None;
    for p in grid() {
        let key = (p.title_weight, p.name_boost, p.number_boost);
        if sig_cache.as_ref().is_none_or(|(k, _)| *k != key) {
            sig_cache = Some((key, signatures(docs, &p)));
        }
        let Some((_, sigs)) = &sig_cache else { continue };
        let s = score(&run(docs, sigs, subset, &p), subset, gold, topic);
        if best.as_ref().is_none_or(|(_, b)| objective(&s) > objective(b)) {
            best = Some((p, s));
        }
    }
    best.unwrap_or_default()
}

fn load(dir: &std::path::Path) -> Result<Vec<Doc>> {
    let seeds = broadsheet::ingest::read_seeds(dir)?;
    let dates: BTreeMap<String, chrono::NaiveDate> = std::env::var("STORIES_DATES")
        .unwrap_or_default()
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .filter_map(|(k, v)| Some((k.to_owned(), v.parse().ok()?)))
        .collect();
    let processed = broadsheet::pipeline::articles(&seeds.docs, &CleanRules::default(), None);
    Ok(seeds
        .docs
        .iter()
        .zip(processed)
        .map(|(d, p)| {
            let a = p.article;
            let mut paragraphs: Vec<String> = a.standfirst.into_iter().collect();
            paragraphs.extend(a.body.iter().map(|b| b.text().to_owned()));
            let published = dates.get(&d.stem).copied().or(a.meta.published.map(|p| p.date));
            Doc { stem: d.stem.clone(), title: a.meta.title.text().to_owned(), paragraphs, published }
        })
        .collect())
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context("usage: stories_eval DIR [--grid]")?);
    let grid_search = args.any(|a| a == "--grid");
    let mut docs = load(&dir)?;
    if std::env::var("STORIES_REVERSE").is_ok() {
        docs.reverse();
    }
    let mut defaults = StoryParams::default();
    // For exploring: STORIES_THRESHOLD overrides the default threshold.
    if let Some(t) = std::env::var("STORIES_THRESHOLD").ok().and_then(|t| t.parse().ok()) {
        defaults.threshold = t;
    }
    if let Some(e) = std::env::var("STORIES_RATIO").ok().and_then(|t| t.parse().ok()) {
        defaults.ratio = e;
    }
    if let Some(e) = std::env::var("STORIES_SATELLITE").ok().and_then(|t| t.parse().ok()) {
        defaults.satellite = e;
    }
    if let Some(e) = std::env::var("STORIES_ATTACH").ok().and_then(|t| t.parse().ok()) {
        defaults.attach = e;
    }
    println!("{} of {} articles dated", docs.iter().filter(|d| d.published.is_some()).count(), docs.len());
    let t = Instant::now();
    let sigs = signatures(&docs, &defaults);
    let sig_time = t.elapsed();
    let all: Vec<usize> = (0..docs.len()).collect();
    let t = Instant::now();
    let pred = run(&docs, &sigs, &all, &defaults);
    println!(
        "{} articles: signatures {:.1} ms, clustering {:.1} ms; {} stories; mean terms {:.1}, signature {} bytes (postcard, mean)",
        docs.len(),
        sig_time.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3,
        pred.len(),
        sigs.iter().map(|s| s.terms.len()).sum::<usize>() as f64 / docs.len().max(1) as f64,
        sigs.iter().map(|s| postcard::to_allocvec(s).map_or(0, |v| v.len())).sum::<usize>() / docs.len().max(1),
    );

    let gold_path = dir.join("gold.json");
    if !gold_path.exists() {
        for (k, m) in pred.iter().enumerate() {
            println!("story {k} ({} articles):", m.len());
            for &i in m {
                let day = docs[i].published.map_or("-".to_owned(), |d| d.to_string());
                println!("    {:<28} {day:<10} {}", docs[i].stem, docs[i].title);
            }
        }
        return Ok(());
    }
    let gold_json: serde_json::Value = serde_json::from_slice(&std::fs::read(&gold_path)?)?;
    let mut story_of: BTreeMap<String, usize> = BTreeMap::new();
    for (k, s) in gold_json["stories"].as_array().context("stories")?.iter().enumerate() {
        for stem in s.as_array().context("story")? {
            story_of.insert(stem.as_str().context("stem")?.to_owned(), k);
        }
    }
    let files = &gold_json["files"];
    let gold: Vec<usize> =
        docs.iter().enumerate().map(|(i, d)| story_of.get(&d.stem).copied().unwrap_or(1_000_000 + i)).collect();
    let topic: Vec<u32> = docs.iter().map(|d| files[&d.stem]["topic"].as_u64().unwrap_or(0) as u32).collect();
    print_score("whole set, default parameters", &score(&pred, &all, &gold, &topic));
    if std::env::var_os("STORIES_VERBOSE").is_some() {
        for m in &pred {
            let golds: BTreeSet<usize> = m.iter().map(|&i| gold[i]).collect();
            if golds.len() > 1 {
                println!("mixed story:");
                for &i in m {
                    println!("    g{:<3} t{:<3} {}", gold[i], topic[i], docs[i].title);
                }
            }
        }
    }
    if std::env::var_os("STORIES_SPLITS").is_some() {
        let mut pred_of: BTreeMap<usize, usize> = BTreeMap::new();
        for (k, m) in pred.iter().enumerate() {
            m.iter().for_each(|&i| {
                pred_of.insert(i, k);
            });
        }
        let golds: BTreeSet<usize> = gold.iter().copied().collect();
        for g in golds {
            let mem: Vec<usize> = all.iter().copied().filter(|&i| gold[i] == g).collect();
            let parts: BTreeSet<usize> = mem.iter().map(|&i| pred_of.get(&i).copied().unwrap_or(100_000 + i)).collect();
            if parts.len() > 1 {
                println!("split gold g{g} (t{}, {} articles) into {} parts:", topic[mem[0]], mem.len(), parts.len());
                for &i in &mem {
                    let p = pred_of.get(&i).map_or("-".to_owned(), |k| k.to_string());
                    println!("    p{p:<4} {}", docs[i].title);
                }
            }
        }
    }
    if !grid_search {
        return Ok(());
    }

    let topics: Vec<u32> = topic.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    let folds = 5;
    let mut held_scores = Vec::new();
    for f in 0..folds {
        let held_topics: BTreeSet<u32> =
            topics.iter().enumerate().filter(|(k, _)| k % folds == f).map(|(_, &t)| t).collect();
        let (held, train): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&i| held_topics.contains(&topic[i]));
        // STORIES_FIXED: the defaults on every fold instead of a search (how each fold fares
        // under the shipped parameters).
        let (p, train_score) = if std::env::var_os("STORIES_FIXED").is_some() {
            let sigs = signatures(&docs, &defaults);
            (defaults.clone(), score(&run(&docs, &sigs, &train, &defaults), &train, &gold, &topic))
        } else {
            search(&docs, &train, &gold, &topic)
        };
        // The held articles are clustered among all the others (unlabelled context, as a site
        // build would see them) and scored alone.
        let sigs = signatures(&docs, &p);
        let s = score(&run(&docs, &sigs, &all, &p), &held, &gold, &topic);
        println!("fold {f}: held topics {held_topics:?}; chosen {} (train F1 {:.3})", describe(&p), train_score.b_f);
        print_score("    held", &s);
        held_scores.push(s);
    }
    let mean = |g: fn(&Score) -> f64| held_scores.iter().map(g).sum::<f64>() / held_scores.len() as f64;
    println!(
        "leave-topics-out: mean bcubed F1 {:.3} (worst {:.3}), mean pairwise P {:.3} (worst {:.3}) R {:.3} F1 {:.3}, look-alike merges {}",
        mean(|s| s.b_f),
        held_scores.iter().map(|s| s.b_f).fold(f64::MAX, f64::min),
        mean(|s| s.p_p),
        held_scores.iter().map(|s| s.p_p).fold(f64::MAX, f64::min),
        mean(|s| s.p_r),
        mean(|s| s.p_f),
        held_scores.iter().map(|s| s.lookalike).sum::<usize>(),
    );
    if std::env::var_os("STORIES_FIXED").is_some() {
        return Ok(());
    }
    let (p, s) = search(&docs, &all, &gold, &topic);
    println!("whole-set search: {}", describe(&p));
    print_score("    whole set, searched", &s);
    Ok(())
}
