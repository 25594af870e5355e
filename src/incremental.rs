//! What one build can hand to the next: the cleaning and extraction of each seed, keyed by
//! its path and the hash of its text, valid while the corpus's furniture is unchanged.
//!
//! `serve` keeps one [`ProcessCache`] across rebuilds, so an edit to one seed cleans one seed;
//! with the pages' inputs it also re-renders only the article pages whose data changed.
//! (Persisting it on disk for `build` is the next step; it needs a stable hash.)

use std::collections::HashMap;
use std::path::PathBuf;

use crate::Processed;
use crate::model::SourceDoc;
use crate::text;

/// Processed seeds of the previous run.
#[derive(Debug, Default)]
pub struct ProcessCache {
    furniture: u64,
    valid: bool,
    entries: HashMap<PathBuf, (u64, Processed)>,
    reused: usize,
}

impl ProcessCache {
    /// Begins a run over a corpus with this furniture fingerprint: a different one voids
    /// every entry (repeated lines decide what is furniture in every page).
    pub fn start(&mut self, furniture: u64) {
        self.valid = self.valid && self.furniture == furniture;
        self.furniture = furniture;
        self.reused = 0;
    }

    /// The previous result for this seed, if its text is unchanged.
    pub fn reuse(&self, doc: &SourceDoc) -> Option<Processed> {
        if !self.valid {
            return None;
        }
        let (hash, processed) = self.entries.get(&doc.rel_path)?;
        if *hash != text::hash_str(&doc.text) {
            return None;
        }
        let mut p = processed.clone();
        p.article.id = doc.id; // ids follow the sorted order, which other seeds can shift
        Some(p)
    }

    /// Keeps this run's results for the next.
    pub fn store(&mut self, docs: &[SourceDoc], processed: &[Processed]) {
        let previous = std::mem::take(&mut self.entries);
        self.reused = docs
            .iter()
            .filter(|d| self.valid && previous.get(&d.rel_path).is_some_and(|(h, _)| *h == text::hash_str(&d.text)))
            .count();
        self.entries = docs
            .iter()
            .zip(processed)
            .map(|(d, p)| (d.rel_path.clone(), (text::hash_str(&d.text), p.clone())))
            .collect();
        self.valid = true;
    }

    /// How many seeds the last run took from the cache.
    pub fn reused(&self) -> usize {
        self.reused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CleanRules;
    use crate::model::DocId;

    fn doc(id: u32, name: &str, text: &str) -> SourceDoc {
        SourceDoc { id: DocId(id), rel_path: name.into(), stem: name.into(), text: text.into(), decode_note: None }
    }

    const A: &str = "Markets fall | Daily\n\nStocks fell sharply on Tuesday after the central bank raised rates by half a point, traders said.\n";
    const B: &str = "Rain returns | Daily\n\nHeavy rain is expected across the north of the country from Friday, forecasters said on Wednesday.\n";

    #[test]
    fn unchanged_seeds_are_reused_and_edited_ones_are_not() {
        let mut cache = ProcessCache::default();
        let first =
            crate::process_reusing(&[doc(0, "a.txt", A), doc(1, "b.txt", B)], &CleanRules::default(), &mut cache);
        assert_eq!(cache.reused(), 0);
        let edited = B.replace("Heavy rain", "Light rain");
        let second =
            crate::process_reusing(&[doc(0, "a.txt", A), doc(1, "b.txt", &edited)], &CleanRules::default(), &mut cache);
        assert_eq!(cache.reused(), 1);
        assert_eq!(first[0].article, second[0].article);
        assert!(second[1].article.body[0].text().starts_with("Light rain"));
    }
}
