#!/usr/bin/env python3
"""Per-site folds of a scored run: how the cleaner does on sites grouped apart.

Usage: scripts/eval_folds.py GOLD_DIR PRED_DIR [--folds K]

Pages are grouped by site (the `host` of NAME.meta.json; a page without one is its own
site), the sites dealt into K folds in a fixed order (by an FNV-1a hash of the host, as the trainer deals them, so a
site never straddles two folds), and each fold is scored as the judge scores a set (mean page
precision and recall, F1 their harmonic mean). Prints each fold, the mean and the worst.
For a cleaner with nothing learned this is the spread over unseen-site groups; the learned
line scorer's own leave-sites-out figure (retrained without the held fold) is printed by
`scripts/train-cleaner`.

Also prints the figure per source when the pages' meta names one (`source` or `dataset`),
or per subfolder when GOLD_DIR holds subfolders of pages.
"""
import argparse, importlib.util, json, pathlib, sys

here = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("score", here.parent / "../shared/eval/score.py")
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)


def site_of(gold: pathlib.Path, name: str) -> tuple[str, str]:
    """(site, source) of a page from its meta, when there is one."""
    meta_path = gold.parent / f"{name}.meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return name, gold.parent.name
    host = (meta.get("host") or name).lower()
    host = host[4:] if host.startswith("www.") else host
    return host, meta.get("source") or meta.get("dataset") or gold.parent.name


def fold_of(site: str, k: int) -> int:
    """FNV-1a of the host, as examples/train_cleaner.rs deals its folds."""
    h = 0xCBF29CE484222325
    for b in site.encode():
        h = ((h ^ b) * 0x100000001B3) % (1 << 64)
    return h % k


def rows_of(gold_dir: pathlib.Path, pred_dir: pathlib.Path):
    rows = []
    for gold in sorted(gold_dir.rglob("*.gold.txt")):
        name = gold.name[: -len(".gold.txt")]
        rel = gold.parent.relative_to(gold_dir)
        pred = pred_dir / rel / f"{name}.txt"
        if not pred.is_file():
            pred = pred_dir / f"{name}.txt"
        text = pred.read_text(encoding="utf-8", errors="replace") if pred.is_file() else ""
        row = score.score_page(name, gold.read_text(encoding="utf-8"), text)
        row["site"], row["source"] = site_of(gold, name)
        rows.append(row)
    return rows


def line(label, rows):
    a = score.aggregate(rows, "shingle")
    return a, f"{label:<28} f1={a['f1']:.3f} precision={a['precision']:.3f} recall={a['recall']:.3f} docs={len(rows)}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold_dir", type=pathlib.Path)
    ap.add_argument("pred_dir", type=pathlib.Path)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    rows = rows_of(args.gold_dir, args.pred_dir)
    if not rows:
        sys.exit(f"eval_folds: no pages in {args.gold_dir}")
    print(line("whole set", rows)[1])
    sources = sorted({r["source"] for r in rows})
    if len(sources) > 1:
        for s in sources:
            print(line(f"source {s}", [r for r in rows if r["source"] == s])[1])
    folds = []
    for k in range(args.folds):
        part = [r for r in rows if fold_of(r["site"], args.folds) == k]
        if part:
            a, text = line(f"site fold {k} ({len({r['site'] for r in part})} sites)", part)
            folds.append(a)
            print(text)
    mean = {m: sum(f[m] for f in folds) / len(folds) for m in ("f1", "precision", "recall")}
    worst = min(folds, key=lambda f: f["f1"])
    print(f"site folds mean  f1={mean['f1']:.3f} precision={mean['precision']:.3f} recall={mean['recall']:.3f}")
    print(f"site folds worst f1={worst['f1']:.3f} precision={worst['precision']:.3f} recall={worst['recall']:.3f}")
    worst_pages = sorted(rows, key=lambda r: r["shingle"]["f1"])[:5]
    print("worst pages: " + "  ".join(f"{r['name']} ({r['site']}) {r['shingle']['f1']:.3f}" for r in worst_pages))


if __name__ == "__main__":
    main()
