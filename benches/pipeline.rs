//! Per-stage benchmarks: `cargo bench --bench pipeline`.
//!
//! - `clean+extract/dev_pages`: the 41 real pages of `../shared/eval/dev` (target: < 1 s).
//! - `clean/1mb_page`: one page of about 1 MB built from the DEV pages (target: < 50 ms,
//!   and linear: compare with `clean/256kb_page`).
//! - `render/seeds_x200`: rendering 1,000 articles (the bundled seeds, repeated) into memory.

#![allow(missing_docs, reason = "criterion's macros generate undocumented items")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "benchmark setup: a panic is a failed run")]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use broadsheet::clean::{self, CleanContext};
use broadsheet::config::{CleanRules, Config};
use broadsheet::model::SourceDoc;
use broadsheet::{digest, extract, ingest, render, sink};
use criterion::{Criterion, criterion_group, criterion_main};

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
        b.iter(|| broadsheet::process(black_box(&docs), &CleanRules::default()));
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
    let config = Config::defaults(root).unwrap();
    let digest = digest::analyse(articles, &digest::DigestConfig { timezone: config.timezone });
    let templates = render::Templates::new(&[]).unwrap();
    let site = broadsheet::site_info(&config);
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    group.bench_function("seeds_x200", |b| {
        b.iter(|| {
            let sink = sink::MemorySink::default();
            render::render_site(black_box(&digest), &site, &templates, &sink).unwrap();
            sink.into_files().len()
        });
    });
    group.finish();
}

criterion_group!(benches, bench_clean, bench_render);
criterion_main!(benches);
