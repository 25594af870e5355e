//! Per-stage benchmarks: `cargo bench --bench pipeline`.
//!
//! - `clean+extract/dev_pages`: the 41 real pages of `../shared/eval/dev` (target: < 1 s).
//! - `extract/date_mentions_dev_pages`, `digest/entries_dev_pages`: the dated sentences and
//!   the entries (search words, summary) of those pages' articles.
//! - `clean/1mb_page`: one page of about 1 MB built from the DEV pages (target: < 50 ms,
//!   and linear: compare with `clean/256kb_page`).
//! - `render/article_pages_x1000`: 1,000 article pages (the bundled seeds, repeated) through
//!   the (minified) templates; `render/lists_x1000`: the list pages, timeline, feeds and search
//!   index of those 1,000 articles.
//! - `timeline/merge_100k`: merging 100,000 dated sentences into events (target: < 2 s).
//!
//! With the binary's allocator (mimalloc), as the stages run in `broadsheet build`.

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark setup: a panic is a failed run")]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use broadsheet::clean::{self, CleanContext};
use broadsheet::config::{CleanRules, Config};
use broadsheet::engine::sink;
use broadsheet::model::{Entry, SourceDoc};
use broadsheet::{digest, extract, ingest, render};
use criterion::{Criterion, criterion_group, criterion_main};

/// The allocator the binary ships with (`src/main.rs`): the stages are measured as they run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn dev_pages() -> Vec<SourceDoc> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev");
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|rd| rd.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    paths.retain(|p| p.to_string_lossy().ends_with(".txt") && !p.to_string_lossy().ends_with(".gold.txt"));
    paths.sort();
    ingest::read_files(&dir, &paths).docs
}

fn page_of_size(docs: &[SourceDoc], bytes: usize) -> String {
    let mut page = String::with_capacity(bytes + 16_384);
    while page.len() < bytes {
        for d in docs {
            page.push_str(&d.text);
            page.push('\n');
            if page.len() >= bytes {
                break;
            }
        }
    }
    page
}

fn bench_clean(c: &mut Criterion) {
    let docs = dev_pages();
    if docs.is_empty() {
        eprintln!("../shared/eval/dev not found: skipping the cleaning benchmarks");
        return;
    }
    c.bench_function("clean+extract/dev_pages", |b| {
        b.iter(|| broadsheet::pipeline::articles(black_box(&docs), &CleanRules::default(), None));
    });
    // The steps after cleaning, each on its own: the dated sentences, and an entry (its
    // search words) of every page.
    let processed = broadsheet::pipeline::articles(&docs, &CleanRules::default(), None);
    let mut articles: Vec<_> = processed.into_iter().map(|p| p.article).collect();
    c.bench_function("extract/date_mentions_dev_pages", |b| {
        b.iter(|| {
            articles
                .iter_mut()
                .map(|a| {
                    broadsheet::pipeline::date_mentions(black_box(a));
                    a.mentions.len()
                })
                .sum::<usize>()
        });
    });
    c.bench_function("digest/entries_dev_pages", |b| {
        b.iter(|| articles.iter().map(|a| Entry::of(black_box(a), String::from("slug")).summary.len()).sum::<usize>());
    });
    let mut group = c.benchmark_group("clean");
    group.sample_size(20);
    for (name, size) in [("256kb_page", 256 * 1024), ("1mb_page", 1024 * 1024)] {
        let page = page_of_size(&docs, size);
        group.bench_function(name, |b| b.iter(|| clean::clean(black_box(&page), &CleanContext::default())));
    }
    group.finish();
}

fn bench_render(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = ingest::read_seeds(&root.join("seeds")).unwrap().docs;
    let docs: Vec<SourceDoc> = (0..200)
        .flat_map(|i| {
            seeds.iter().map(move |d| SourceDoc { text: d.text.replacen('\n', &format!(" {i}\n"), 1), ..d.clone() })
        })
        .enumerate()
        .map(|(i, d)| SourceDoc { id: broadsheet::model::DocId(i as u32), ..d })
        .collect();
    let articles: Vec<_> =
        docs.iter().map(|d| extract::extract(d, &clean::clean(&d.text, &CleanContext::default()))).collect();
    let slugs = render::urls::unique_slugs(articles.iter().map(|a| a.meta.title.text()));
    let config = Config::defaults(root).unwrap();
    let templates = render::Templates::new(&[], true).unwrap();
    let site = broadsheet::site_info(&config);
    let view = render::site_view(&site);
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("article_pages_x1000", |b| {
        b.iter(|| {
            articles
                .iter()
                .zip(&slugs)
                .map(|(a, slug)| {
                    render::article_page(black_box(a), slug, &site, &view, &templates).unwrap().bytes.len()
                })
                .sum::<usize>()
        });
    });
    let entries: Vec<_> = articles.iter().zip(&slugs).map(|(a, s)| Box::new(Entry::of(a, s.clone()))).collect();
    let digest = digest::analyse(
        entries,
        &digest::DigestConfig { timezone: config.timezone },
        &digest::MergeMemo::default(),
        &broadsheet::model::InMemory,
    )
    .unwrap();
    group.bench_function("lists_x1000", |b| {
        b.iter(|| {
            let sink = sink::MemorySink::default();
            let keys = render::ListKeys { base: 0, previous: &[] };
            render::render_lists(
                black_box(&digest),
                &site,
                &view,
                &templates,
                &sink,
                keys,
                &broadsheet::model::InMemory,
            )
            .unwrap();
            sink.into_files().len()
        });
    });
    group.finish();
}

/// 100,000 dated sentences from 10,000 articles over three years, merged into events.
fn bench_timeline(c: &mut Criterion) {
    use broadsheet::model::{Article, DocId, Granularity, Mention, PartialDate, Span, Title};
    const WORDS: &[&str] = &[
        "minister",
        "talks",
        "ceasefire",
        "summit",
        "election",
        "protest",
        "market",
        "storm",
        "court",
        "vote",
        "treaty",
        "strike",
        "budget",
        "rebels",
        "army",
        "bank",
        "rates",
        "oil",
        "border",
        "health",
        "police",
        "school",
        "court",
        "airline",
        "factory",
        "union",
        "senate",
        "mayor",
        "council",
        "envoy",
    ];
    let mut seed: u64 = 20_160_905;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let start = chrono::NaiveDate::from_ymd_opt(2014, 1, 1).unwrap();
    let articles: Vec<Box<Entry>> = (0..10_000u32)
        .map(|id| Article {
            mentions: (0..10)
                .map(|block| {
                    let sentence: Vec<&str> = (0..12).map(|_| WORDS[next(WORDS.len() as u64) as usize]).collect();
                    let sentence = sentence.join(" ");
                    let date = PartialDate {
                        date: start + chrono::Duration::days(next(1_100) as i64),
                        granularity: Granularity::Day,
                        part: None,
                    };
                    let at = Span::of(0..sentence.find(' ').unwrap_or(0));
                    Mention::new(date, sentence.as_str().into(), at, block)
                })
                .collect(),
            ..Article::new(DocId(id), format!("a{id}"), Title::Found(format!("Article {id}")))
        })
        .map(|a| Box::new(Entry::of(&a, format!("a{}", a.id.0))))
        .collect();
    let mut group = c.benchmark_group("timeline");
    group.sample_size(10);
    let none = digest::MergeMemo::default();
    group.bench_function("merge_100k", |b| {
        b.iter(|| digest::timeline::merge(black_box(&articles), &none, &broadsheet::model::InMemory).unwrap().0.len())
    });
    let (_, memo) = digest::timeline::merge(&articles, &none, &broadsheet::model::InMemory).unwrap();
    group.bench_function("merge_100k_remembered", |b| {
        b.iter(|| digest::timeline::merge(black_box(&articles), &memo, &broadsheet::model::InMemory).unwrap().0.len())
    });
    group.finish();
}

criterion_group!(benches, bench_clean, bench_render, bench_timeline);
criterion_main!(benches);
