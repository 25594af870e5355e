//! The cleaner on real scraped pages (`../shared/eval/dev`): overall shingle F1 must stay
//! at or above 0.92 (the metric of `../shared/eval/score.py`: means over pages).

use crate::support::{precision_recall, run_in, shared, shingle_f1};

#[test]
fn dev_set_f1_stays_above_floor() {
    let dev = shared().join("eval/dev");
    let mut pages: Vec<_> = std::fs::read_dir(&dev)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".txt") && !p.to_string_lossy().ends_with(".gold.txt"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 40, "DEV set missing: {}", dev.display());
    let out_dir = tempfile::tempdir().unwrap();
    let mut args = vec!["extract".to_owned(), "--out".to_owned(), out_dir.path().to_string_lossy().into_owned()];
    args.extend(pages.iter().map(|p| p.to_string_lossy().into_owned()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = run_in(&dev, &args);
    assert!(out.status.success());
    // Means over the pages score.py counts for each.
    let (mut precisions, mut recalls) = (Vec::new(), Vec::new());
    for page in &pages {
        let stem = page.file_stem().unwrap().to_string_lossy();
        let gold = std::fs::read_to_string(dev.join(format!("{stem}.gold.txt"))).unwrap();
        let pred = std::fs::read_to_string(out_dir.path().join(format!("{stem}.txt"))).unwrap_or_default();
        let (p, r) = precision_recall(&gold, &pred);
        precisions.extend(p);
        recalls.extend(r);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (p, r) = (mean(&precisions), mean(&recalls));
    let f1 = 2.0 * p * r / (p + r);
    assert!(f1 >= 0.92, "DEV F1 {f1:.3} (P {p:.3}, R {r:.3}) fell below 0.92");
}

/// The metric on cases worked out by hand from score.py's definition.
#[test]
fn shingle_metric_is_score_py_s() {
    // Gold shingles {a b c d, b c d e}; predicted {a b c d}: P 1, R 1/2.
    assert_eq!(precision_recall("a b c d e", "a b c d"), (Some(1.0), Some(0.5)));
    assert!((shingle_f1("a b c d e", "a b c d") - 2.0 / 3.0).abs() < 1e-12);
    // Punctuation and spacing are not tokens; case is kept.
    assert_eq!(shingle_f1("a b c d e", "a, b; c d\n\ne"), 1.0);
    assert_eq!(shingle_f1("a b c d", "A b c d"), 0.0);
    // A short text is one shingle; repeats count (a multiset).
    assert_eq!(precision_recall("a b", "a b"), (Some(1.0), Some(1.0)));
    assert_eq!(precision_recall("w x y z w x y z", "w x y z"), (Some(1.0), Some(0.2)));
    // An empty prediction is left out of precision; an empty gold out of recall.
    assert_eq!(precision_recall("a b c d", ""), (None, Some(0.0)));
    assert_eq!(precision_recall("", "a b c d"), (Some(0.0), None));
    assert_eq!(shingle_f1("", ""), 1.0);
}
