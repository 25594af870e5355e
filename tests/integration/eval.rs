//! The cleaner on real scraped pages (`../shared/eval/dev`): overall shingle F1 must stay
//! at or above 0.90 (the metric of `../shared/eval/score.py`: means over pages).

use crate::support::{run_in, shared, shingle_f1};

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
    let (mut precision, mut recall, mut n_prec) = (0.0, 0.0, 0);
    for page in &pages {
        let stem = page.file_stem().unwrap().to_string_lossy();
        let gold = std::fs::read_to_string(dev.join(format!("{stem}.gold.txt"))).unwrap();
        let pred = std::fs::read_to_string(out_dir.path().join(format!("{stem}.txt"))).unwrap_or_default();
        let (p, r) = precision_recall(&gold, &pred);
        if let Some(p) = p {
            precision += p;
            n_prec += 1;
        }
        recall += r;
    }
    let (p, r) = (precision / n_prec as f64, recall / pages.len() as f64);
    let f1 = 2.0 * p * r / (p + r);
    assert!(f1 >= 0.90, "DEV F1 {f1:.3} (P {p:.3}, R {r:.3}) fell below 0.90");
    // Sanity of the metric itself.
    assert_eq!(shingle_f1("a b c d e", "a b c d e"), 1.0);
}

/// Page precision (None for an empty prediction) and recall, as score.py computes them.
fn precision_recall(gold: &str, pred: &str) -> (Option<f64>, f64) {
    let re = regex::Regex::new(r"\w+").unwrap();
    let sh = |t: &str| {
        let toks: Vec<&str> = re.find_iter(t).map(|m| m.as_str()).collect();
        let mut m = std::collections::HashMap::new();
        if toks.len() < 4 {
            if !toks.is_empty() {
                *m.entry(toks.join(" ")).or_insert(0usize) += 1;
            }
        } else {
            for w in toks.windows(4) {
                *m.entry(w.join(" ")).or_insert(0usize) += 1;
            }
        }
        m
    };
    let (g, p) = (sh(gold), sh(pred));
    let tp: usize = g.iter().map(|(k, n)| (*n).min(*p.get(k).unwrap_or(&0))).sum();
    let (gn, pn): (usize, usize) = (g.values().sum(), p.values().sum());
    let precision = (pn > 0).then(|| tp as f64 / pn as f64);
    let recall = if gn == 0 { 1.0 } else { tp as f64 / gn as f64 };
    (precision, recall)
}
