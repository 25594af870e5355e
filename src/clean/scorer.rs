//! A learned line scorer: logistic regression over a line's measures and those of its
//! neighbours (jusText's context, learned instead of hand-set).
//!
//! Only lines no rule decided are scored. The probability that a line is story text feeds the
//! main-region search ([`super::blocks::main_region`]) beside the hand-set class score, mixed
//! by [`LineScorer::mix`]. The weights are trained by `scripts/train-cleaner` (the example
//! `train_cleaner`) on the evaluation pages, chosen by leave-sites-out folds, and compiled in
//! ([`super::weights`]). Pure; linear in the number of lines.

use super::blocks::Forced;
use super::features::{Class, Features};
use crate::model::LineKind;

/// Length of a line's feature vector.
pub const N_FEATURES: usize = 25;

/// The names of the features, in vector order (printed by the trainer).
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "bias",
    "log_words",
    "stop_density",
    "ends_sentence",
    "capitalised",
    "class_good",
    "class_near_good",
    "class_short",
    "starts_lower",
    "ends_colon",
    "prev_prose",
    "next_prose",
    "prev_furniture",
    "next_furniture",
    "window_prose",
    "window_furniture",
    "position",
    "log_length",
    "stop_x_sentence",
    "prev_same_class",
    "prose_before",
    "prose_after",
    "page_known_language",
    "long_in_unknown_language",
    "punctuation",
];

/// A trained scorer: weights over [`FEATURE_NAMES`], the probability at which a line turns
/// from furniture to text, and how much of a line's region score it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineScorer {
    /// Logistic-regression weights, one per feature.
    pub weights: [f32; N_FEATURES],
    /// Probability of being text at which a line scores zero.
    pub threshold: f32,
    /// Share of the region score from the scorer (the rest from the hand-set class score).
    pub mix: f32,
}

impl LineScorer {
    /// The probability that a line with these features is story text.
    pub fn probability(&self, x: &[f32; N_FEATURES]) -> f32 {
        let z: f32 = self.weights.iter().zip(x).map(|(w, v)| w * v).sum();
        1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
    }

    /// The learned region score of a line: signed by the threshold, weighted by length as the
    /// hand-set score is (a long paragraph outweighs a menu item).
    pub fn region_score(&self, x: &[f32; N_FEATURES], f: &Features) -> f32 {
        (self.probability(x) - self.threshold) * 2.0 * (1.0 + (f.words.min(100) as f32) / 25.0)
    }
}

fn is_prose(f: &Features) -> bool {
    f.class >= Class::NearGood
}

fn is_furniture(forced: Forced) -> bool {
    matches!(forced, Some((LineKind::Boilerplate, _)))
}

/// The feature vector of every line no rule decided (`None` for the others and for blanks).
/// Neighbours are the nearest non-blank lines; the window is three of them each side.
pub fn line_vectors(lines: &[&str], features: &[Features], forced: &[Forced]) -> Vec<Option<[f32; N_FEATURES]>> {
    let filled: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
    let n = filled.len().max(1) as f32;
    // Running counts of prose lines, to say how much prose stands before and after a line.
    let mut prose_upto = Vec::with_capacity(filled.len() + 1);
    prose_upto.push(0usize);
    for &i in &filled {
        let last = prose_upto.last().copied().unwrap_or(0);
        prose_upto.push(last + usize::from(forced[i].is_none() && features[i].class == Class::Good));
    }
    let total_prose = prose_upto.last().copied().unwrap_or(0).max(1) as f32;
    // Whether the page is in a language the stop-word lists know: the share of its long lines
    // dense in function words. A page in another language (or placeholder text) is judged by
    // the shape of its lines instead.
    let long: Vec<usize> = filled.iter().copied().filter(|&i| features[i].length >= 70).collect();
    let known = if long.is_empty() {
        1.0
    } else {
        long.iter().filter(|&&i| features[i].stop_density >= 0.1).count() as f32 / long.len() as f32
    };
    let mut out = vec![None; lines.len()];
    for (k, &i) in filled.iter().enumerate() {
        if forced[i].is_some() {
            continue;
        }
        let f = &features[i];
        let at = |d: isize| -> Option<usize> {
            let j = k as isize + d;
            (j >= 0).then(|| filled.get(j as usize).copied()).flatten()
        };
        let prose_at = |d| at(d).is_some_and(|j| forced[j].is_none() && is_prose(&features[j]));
        let furniture_at = |d| at(d).is_some_and(|j| is_furniture(forced[j]));
        const WINDOW: [isize; 6] = [-3, -2, -1, 1, 2, 3];
        let window_prose = WINDOW.iter().filter(|&&d| prose_at(d)).count() as f32 / 6.0;
        let window_furniture = WINDOW.iter().filter(|&&d| furniture_at(d)).count() as f32 / 6.0;
        let line = lines[i];
        let starts_lower = line.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_lowercase);
        let b = |v: bool| if v { 1.0 } else { 0.0 };
        let prev_same = at(-1).is_some_and(|j| features[j].class == f.class && forced[j].is_none());
        out[i] = Some([
            1.0,
            (1.0 + f.words as f32).ln() / 5.0,
            f.stop_density,
            b(f.ends_sentence),
            f.capitalised,
            b(f.class == Class::Good),
            b(f.class == Class::NearGood),
            b(f.class == Class::Short),
            b(starts_lower),
            b(line.ends_with(':')),
            b(prose_at(-1)),
            b(prose_at(1)),
            b(furniture_at(-1)),
            b(furniture_at(1)),
            window_prose,
            window_furniture,
            k as f32 / n,
            (1.0 + f.length as f32).ln() / 7.0,
            f.stop_density * b(f.ends_sentence),
            b(prev_same),
            prose_upto[k] as f32 / total_prose,
            (prose_upto[filled.len()] - prose_upto[k + 1]) as f32 / total_prose,
            known,
            (1.0 - known) * ((1.0 + f.words as f32).ln() / 5.0),
            punctuation(line, f.words),
        ]);
    }
    out
}

/// Commas and sentence stops per word, capped at one: prose has some, menus and names none.
fn punctuation(line: &str, words: usize) -> f32 {
    if words == 0 || line.len() > 100_000 {
        return 0.0;
    }
    let marks = line.bytes().filter(|b| matches!(b, b',' | b'.' | b';')).count() + cjk_marks(line);
    (marks as f32 / words as f32 * 4.0).min(1.0)
}

/// How many of `，`, `。` and `、` a line holds. Their UTF-8 starts with a byte no other mark
/// of a Latin line has (EF or E3), so a line without such a byte is passed over in one scan.
fn cjk_marks(line: &str) -> usize {
    const MARKS: [&str; 3] = ["，", "。", "、"];
    let bytes = line.as_bytes();
    memchr::memchr2_iter(0xEF, 0xE3, bytes)
        .filter(|&at| MARKS.iter().any(|m| bytes[at..].starts_with(m.as_bytes())))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_undecided_lines_get_vectors() {
        let lines = ["Home", "", "A sentence of the story that runs on for a while, as stories do.", "© 2024"];
        let features: Vec<Features> = lines.iter().map(|l| Features::of(l)).collect();
        let forced = [None, Some((LineKind::Blank, "blank")), None, Some((LineKind::Boilerplate, "copyright"))];
        let v = line_vectors(&lines, &features, &forced);
        assert!(v[0].is_some() && v[1].is_none() && v[2].is_some() && v[3].is_none());
        let x = v[2].unwrap();
        assert_eq!(x[13], 1.0, "next line is furniture");
        assert_eq!(x[3], 1.0, "ends like a sentence");
    }

    #[test]
    fn cjk_marks_are_counted_as_characters() {
        for line in ["", "plain, text.", "商品，改造。そして、", "，，。", "ｘ “quoted” ，", "ア、"]
        {
            assert_eq!(cjk_marks(line), line.matches(['，', '。', '、']).count(), "{line}");
        }
    }

    #[test]
    fn probability_follows_the_weights() {
        let mut s = LineScorer { weights: [0.0; N_FEATURES], threshold: 0.5, mix: 1.0 };
        let x = [1.0; N_FEATURES];
        assert!((s.probability(&x) - 0.5).abs() < 1e-6);
        s.weights[0] = 4.0;
        assert!(s.probability(&x) > 0.95);
        let f = Features::of("word");
        assert!(s.region_score(&x, &f) > 0.0);
    }
}
