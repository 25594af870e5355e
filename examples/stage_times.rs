//! Single-threaded time per stage on a slice of a generated corpus, per article, best of five:
//! where an article's CPU goes, without the file system or the thread pool in the way.
//!
//! ```text
//! python3 ../shared/bench/gen_corpus.py 10000 /tmp/broadsheet-bench/corpus-10000
//! cargo run --release --example stage_times -- /tmp/broadsheet-bench/corpus-10000/txt [SEEDS] [STAGES]
//! ```
//!
//! `SEEDS` (default 2000) are the first seeds by path; `STAGES` a comma-separated subset of
//! `decode,keys,clean,extract,mentions,quotes,merge,entry,render` (default: all); `merge` is
//! the digest's merging of the quotes across articles, for all of them at once. `extract` includes the
//! article's search words (made from the cleaner's line keys); `entry` copies what the digest
//! keeps.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use broadsheet::clean::{self, CleanContext, CorpusStats};
use broadsheet::model::{DocId, Entry, SourceDoc};
use broadsheet::{extract, ingest, render};

/// Runs `f` five times and prints its best time, in total and per article.
fn best<T>(name: &str, articles: usize, mut f: impl FnMut() -> T) {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        std::hint::black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("{name:>9}: {:8.1} ms  {:6.1} µs/article", best * 1e3, best * 1e6 / articles as f64);
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context("usage: stage_times CORPUS_TXT_DIR [SEEDS] [STAGES]")?);
    let seeds: usize = args.next().map(|n| n.parse()).transpose().context("SEEDS is a number")?.unwrap_or(2000);
    let stages = args.next().unwrap_or_default();
    let on = |stage: &str| stages.is_empty() || stages.split(',').any(|s| s == stage);

    let mut paths = ingest::list_seeds(&dir)?;
    paths.truncate(seeds);
    let bytes = paths.iter().map(std::fs::read).collect::<std::io::Result<Vec<_>>>()?;
    let docs: Vec<SourceDoc> = (0u32..)
        .zip(&bytes)
        .map(|(i, b)| SourceDoc {
            id: DocId(i),
            stem: i.to_string(),
            rel_path: format!("{i}.txt").into(),
            text: ingest::decode(b).text,
            decode_note: None,
        })
        .collect();
    let n = docs.len().max(1);
    let corpus = CorpusStats::from_texts(docs.iter().map(|d| d.text.as_str()).collect::<Vec<_>>());
    let ctx = CleanContext { corpus: Some(&corpus), keep: &[], drop: &[] };
    println!("{} articles from {}", docs.len(), dir.display());

    if on("decode") {
        best("decode", n, || bytes.iter().map(|b| ingest::decode(b).text.len()).sum::<usize>());
    }
    if on("keys") {
        best("keys", n, || docs.iter().map(|d| clean::corpus_keys(&d.text).len()).sum::<usize>());
    }
    if on("clean") {
        best("clean", n, || docs.iter().map(|d| clean::clean(&d.text, &ctx).lines.len()).sum::<usize>());
    }
    let cleaned: Vec<_> = docs.iter().map(|d| clean::clean(&d.text, &ctx)).collect();
    if on("extract") {
        best("extract", n, || docs.iter().zip(&cleaned).map(|(d, c)| extract::extract(d, c).body.len()).sum::<usize>());
    }
    let mut articles: Vec<_> = docs.iter().zip(&cleaned).map(|(d, c)| extract::extract(d, c)).collect();
    if on("mentions") {
        best("mentions", n, || {
            articles
                .iter_mut()
                .map(|a| {
                    broadsheet::pipeline::date_mentions(a);
                    a.mentions.len()
                })
                .sum::<usize>()
        });
    }
    articles.iter_mut().for_each(broadsheet::pipeline::date_mentions);
    if on("quotes") {
        best("quotes", n, || articles.iter().map(|a| broadsheet::quotes::quotes(&a.body).len()).sum::<usize>());
    }
    articles.iter_mut().for_each(|a| a.quotes = broadsheet::quotes::quotes(&a.body));
    if on("merge") {
        let entries: Vec<Box<Entry>> = articles.iter().map(|a| Box::new(Entry::of(a, String::from("slug")))).collect();
        best("merge", n, || broadsheet::digest::quotes::merge(&entries).len());
    }
    if on("entry") {
        best("entry", n, || articles.iter().map(|a| Entry::of(a, String::from("slug")).summary.len()).sum::<usize>());
    }
    if on("render") {
        let config = broadsheet::config::Config::defaults(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))?;
        let templates = render::Templates::new(&[], true)?;
        let site = broadsheet::site_info(&config);
        let view = render::site_view(&site);
        best("render", n, || {
            articles
                .iter()
                .map(|a| render::article_page(a, "slug", &site, &view, &templates).map_or(0, |p| p.bytes.len()))
                .sum::<usize>()
        });
    }
    Ok(())
}
