//! The learned line scorer's weights, written by `scripts/train-cleaner`: do not edit by hand.
//! Trained on 275 pages of 2 folder(s); threshold and mix chosen by leave-sites-out folds.

use super::scorer::LineScorer;

/// The scorer compiled into the cleaner.
pub const SCORER: LineScorer = LineScorer {
    weights: [
        -0.65059, 2.15713, 1.52402, 1.57701, -1.63019, 1.27063, 0.47586, 0.34946, 0.75480, 1.63192, 0.22463, 0.18759,
        0.27572, -0.41122, 4.66032, -0.70999, -0.54371, -0.64011, -2.96415, 0.57625, -2.47895, -0.92555, -0.82926,
        -0.22183, 0.78508,
    ],
    threshold: 0.5,
    mix: 0.5,
};
