//! Events: dated sentences from every article, merged when they tell the same thing.
//!
//! Candidates are bucketed by date first (a `BTreeMap`), so only sentences about the same
//! day, month or year are ever compared. Within a bucket, a candidate joins the event whose
//! words it shares most (containment of content words, at least [`MIN_OVERLAP`]), found
//! through an index from word to event, so the merge is near-linear in the number of
//! candidates. Ties break on article id, then paragraph, then text: the output is
//! deterministic.
//!
//! A bucket's events depend on its reports alone, so what merging a bucket gave is kept
//! ([`MergeMemo`], by a hash of the bucket's reports): a rebuild after one article changed
//! merges only the buckets of that article's dates again.

use std::collections::BTreeMap;
use std::io;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{Entry, Event, PartialDate, Report, TextSource};
use crate::text::{self, FnvMap, HashMap64, HashSet64};

/// Share of the smaller sentence's content words two reports must share to be one event.
pub const MIN_OVERLAP: f32 = 0.3;
/// At most this many events of a bucket are compared with a candidate.
const MAX_COMPARED: usize = 64;

/// Words that say when, not what: they must not make two sentences look alike. `w` is in
/// lower case. A month is a month name, or any word of three letters or more that starts as
/// a month's abbreviation does: `september`, `sept`, and also `market` (the test is coarse;
/// it is kept as [`crate::dates::month_number`] made it, so that events merge as before).
fn is_time_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "yesterday",
        "today",
        "tomorrow",
        "last",
        "next",
        "week",
        "month",
        "year",
        "ago",
        "earlier",
        "later",
    ];
    if w.bytes().all(|b| b.is_ascii_digit()) || WORDS.contains(&w) {
        return true;
    }
    if w.len() < 3 || matches!(w, "mar" | "may" | "jun" | "jul") {
        return false;
    }
    let prefix = w.char_indices().nth(3).map_or(w, |(end, _)| &w[..end]);
    crate::dates::MONTH_NAMES.iter().any(|names| names[0] == prefix || names.get(1) == Some(&prefix))
        || crate::dates::MONTH_NAMES.iter().any(|names| names[1..].contains(&w))
}

/// The hashed content words of a sentence, time words aside, sorted and each once (sorted, so
/// which candidates a report is compared with never depends on a hash set's order).
fn terms(sentence: &str) -> Vec<u64> {
    let mut lower = String::new();
    let mut t: Vec<u64> = Vec::new();
    for w in text::words(sentence) {
        if let Some(hash) = text::content_word_hash(w, &mut lower)
            && !is_time_word(&lower)
        {
            t.push(hash);
        }
    }
    t.sort_unstable();
    t.dedup();
    t
}

struct Cluster {
    terms: HashSet64,
    reports: Vec<Report>,
    summary_len: usize,
    summary: Arc<str>,
}

/// What merging one date bucket gave, in terms of its reports (sorted as the merge takes
/// them): the event each report joined, and each event's summary report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketMerge {
    /// For each report, the index of its event in the bucket.
    event_of: Vec<u32>,
    /// For each event, the index of the report whose sentence summarises it.
    summary_of: Vec<u32>,
}

/// Merges of date buckets, by a hash of the bucket's date and reports.
pub type MergeMemo = FnvMap<u64, BucketMerge>;

/// A report with its sentence's key (the content hash of its text).
type Keyed = (Report, u64);

/// Merges the dated sentences of all articles into events, chronological. A bucket whose
/// reports are in `memo` is rebuilt from it instead of merged again; the memo of this merge
/// (every bucket, nothing else) is returned beside the events. Sentences held out of memory
/// are read back a bucket at a time, and only for the buckets merged again; an event keeps
/// only its summary's text.
///
/// # Errors
/// A held sentence cannot be read back.
pub fn merge(articles: &[Box<Entry>], memo: &MergeMemo, texts: &dyn TextSource) -> io::Result<(Vec<Event>, MergeMemo)> {
    // Each bucket lists its mentions by position (article, mention): the reports, with their
    // sentences, are made a bucket at a time.
    let mut buckets: BTreeMap<PartialDate, Vec<(u32, u32)>> = BTreeMap::new();
    for (a, article) in (0u32..).zip(articles) {
        for (m, mention) in (0u32..).zip(&article.mentions) {
            buckets.entry(mention.date).or_default().push((a, m));
        }
    }
    // Buckets are independent: merge them in parallel; `collect` keeps the date order.
    let buckets: Vec<(PartialDate, Vec<(u32, u32)>)> = buckets.into_iter().collect();
    let merged: io::Result<Vec<(u64, Vec<Event>, BucketMerge)>> = buckets
        .into_par_iter()
        .map(|(date, mentions)| {
            let mut reports: Vec<(u32, Keyed)> = mentions
                .into_iter()
                .map(|(a, m)| {
                    let article = &articles[a as usize];
                    let mention = &article.mentions[m as usize];
                    let sentence = mention.sentence.clone();
                    let report = Report {
                        article: article.id,
                        block: mention.block,
                        sentence,
                        at: mention.at,
                        standing: mention.standing,
                    };
                    (m, (report, mention.key))
                })
                .collect();
            // By article, then in text order.
            reports.sort_unstable_by_key(|(m, (r, _))| (r.article, *m));
            // One sentence with two expressions for the same date is one report.
            reports.dedup_by(|(_, (a, a_key)), (_, (b, b_key))| a.article == b.article && a_key == b_key);
            let reports: Vec<Keyed> = reports.into_iter().map(|(_, keyed)| keyed).collect();
            let key = bucket_key(date, &reports);
            let (mut events, how) = match memo.get(&key) {
                Some(how) if how.fits(reports.len()) => (how.replay(date, reports, texts)?, how.clone()),
                _ => merge_bucket(date, reports, texts)?,
            };
            // Most events have one report, and the digest holds them all: no spare room.
            events.iter_mut().for_each(|e| e.reports.shrink_to_fit());
            Ok((key, events, how))
        })
        .collect();
    let mut events = Vec::new();
    let mut next = MergeMemo::default();
    for (key, bucket, how) in merged? {
        events.extend(bucket);
        next.insert(key, how);
    }
    Ok((events, next))
}

/// What a bucket's merge depends on: its date and its reports' articles, paragraphs and
/// sentences (by key), in order.
fn bucket_key(date: PartialDate, reports: &[Keyed]) -> u64 {
    let mut h = text::ContentHasher::default();
    h.write(date.key().as_bytes());
    for (r, sentence) in reports {
        h.write(&r.article.0.to_le_bytes());
        h.write(&u64::from(r.block).to_le_bytes());
        h.write(&sentence.to_le_bytes());
    }
    h.finish()
}

impl BucketMerge {
    /// Does this describe a bucket of `reports` reports (every index in range)?
    fn fits(&self, reports: usize) -> bool {
        let events = self.summary_of.len();
        self.event_of.len() == reports
            && self.event_of.iter().all(|&e| (e as usize) < events)
            && self.summary_of.iter().all(|&r| (r as usize) < reports)
    }

    /// The events this merge made of `reports`, as [`merge_bucket`] made them.
    /// Only the summaries' sentences are read.
    fn replay(&self, date: PartialDate, reports: Vec<Keyed>, texts: &dyn TextSource) -> io::Result<Vec<Event>> {
        let mut events: Vec<Event> = self
            .summary_of
            .iter()
            .map(|&r| {
                let summary = reports[r as usize].0.sentence.read(texts)?;
                Ok(Event { date, summary, reports: Vec::new(), background: false })
            })
            .collect::<io::Result<_>>()?;
        for ((report, _), &e) in reports.into_iter().zip(&self.event_of) {
            events[e as usize].reports.push(report);
        }
        events.iter_mut().for_each(Event::classify);
        Ok(events)
    }
}

fn merge_bucket(
    date: PartialDate,
    reports: Vec<Keyed>,
    texts: &dyn TextSource,
) -> io::Result<(Vec<Event>, BucketMerge)> {
    let mut how = BucketMerge { event_of: Vec::with_capacity(reports.len()), summary_of: Vec::new() };
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut index: HashMap64<Vec<usize>> = HashMap64::default();
    for (n, (report, _)) in reports.into_iter().enumerate() {
        let sentence = report.sentence.read(texts)?;
        let t = terms(&sentence);
        // The first MAX_COMPARED events sharing a word: stop looking once there are that many
        // (a common word's list grows with the digest; walking it all would be quadratic).
        let mut seen: Vec<usize> = Vec::new();
        'words: for w in &t {
            for &c in index.get(w).map_or(&[][..], Vec::as_slice) {
                if seen.len() >= MAX_COMPARED {
                    break 'words;
                }
                if !seen.contains(&c) {
                    seen.push(c);
                }
            }
        }
        seen.sort_unstable();
        let best = seen
            .iter()
            .map(|&c| {
                let shared = t.iter().filter(|w| clusters[c].terms.contains(*w)).count();
                let smaller = clusters[c].terms.len().min(t.len()).max(1);
                (shared as f32 / smaller as f32, c)
            })
            .filter(|(score, _)| *score >= MIN_OVERLAP)
            // Highest overlap; the earliest event on ties.
            .fold(None, |best: Option<(f32, usize)>, x| match best {
                Some(b) if b.0 >= x.0 => Some(b),
                _ => Some(x),
            });
        let at = match best {
            Some((_, c)) => c,
            None => {
                clusters.push(Cluster {
                    terms: HashSet64::default(),
                    reports: Vec::new(),
                    summary_len: 0,
                    summary: Arc::default(),
                });
                how.summary_of.push(0);
                clusters.len() - 1
            }
        };
        for w in &t {
            let list = index.entry(*w).or_default();
            if list.last() != Some(&at) {
                list.push(at);
            }
        }
        let cluster = &mut clusters[at];
        // The most complete sentence (most content words) summarises; the first on ties.
        if t.len() > cluster.summary_len {
            cluster.summary_len = t.len();
            cluster.summary = sentence;
            how.summary_of[at] = n as u32;
        }
        how.event_of.push(at as u32);
        cluster.terms.extend(t);
        cluster.reports.push(report);
    }
    let events = clusters.into_iter().map(|c| Event::new(date, c.summary, c.reports)).collect();
    Ok((events, how))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, DocId, Granularity, Mention, Span, Standing, Title};
    use chrono::NaiveDate;

    /// The time-word test as first written, through `month_number`: the quick one must agree.
    fn is_time_word_by_month_number(w: &str) -> bool {
        crate::dates::month_number(w).is_some_and(|_| w.len() >= 3 && !matches!(w, "mar" | "may" | "jun" | "jul"))
            || matches!(
                w,
                "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "yesterday"
                    | "today"
                    | "tomorrow"
                    | "last"
                    | "next"
                    | "week"
                    | "month"
                    | "year"
                    | "ago"
                    | "earlier"
                    | "later"
            )
            || w.chars().all(|c| c.is_ascii_digit())
    }

    #[test]
    fn time_words_as_the_month_names_say() {
        for w in [
            "september",
            "sept",
            "sep",
            "market",
            "mayor",
            "may",
            "mar",
            "jun",
            "juni",
            "mars",
            "mai",
            "mei",
            "dez",
            "desk",
            "des",
            "août",
            "agu",
            "agustus",
            "марта",
            "мая",
            "ма",
            "2016",
            "12",
            "today",
            "talks",
            "putin",
            "okt",
            "oktober",
            "ja",
            "jan",
            "décembre",
            "dé",
            "",
        ] {
            assert_eq!(is_time_word(w), is_time_word_by_month_number(w), "{w:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn time_words_agree_with_month_number(w in "(jan|feb|mar|apr|may|jun|jul|aug|agu|sep|oct|okt|nov|dec|des|dez|ma|мар|ju|[a-zäöéû]{0,3}|[0-9]{0,3})[a-zйа]{0,4}") {
            proptest::prop_assert_eq!(is_time_word(&w), is_time_word_by_month_number(&w));
        }
    }

    /// Merges entries whose sentences are all in memory.
    fn merged(articles: &[Box<Entry>], memo: &MergeMemo) -> (Vec<Event>, MergeMemo) {
        merge(articles, memo, &crate::model::InMemory).unwrap()
    }

    fn article(id: u32, mentions: &[(&str, &str)]) -> Box<Entry> {
        let a = Article {
            mentions: (0..)
                .zip(mentions)
                .map(|(i, (date, sentence))| {
                    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
                    let at = Span::find(sentence, "on Monday");
                    Mention::new(PartialDate::new(date, Granularity::Day), (*sentence).into(), at, i)
                })
                .collect(),
            ..Article::new(DocId(id), format!("a{id}"), Title::Found(format!("Article {id}")))
        };
        Box::new(Entry::of(&a, format!("a{id}")))
    }

    #[test]
    fn same_day_similar_sentences_merge_across_outlets() {
        let (events, _) = merged(
            &[
                article(
                    0,
                    &[(
                        "2016-09-05",
                        "Putin said on Monday, following a meeting with US counterpart Barack Obama, that a deal was near.",
                    )],
                ),
                article(
                    1,
                    &[
                        (
                            "2016-09-05",
                            "A 90-minute meeting with Russian president Vladimir Putin earlier on Monday did not yield a breakthrough, Obama said.",
                        ),
                        ("2016-09-05", "Markets in Tokyo closed higher on Monday."),
                    ],
                ),
            ],
            &MergeMemo::default(),
        );
        assert_eq!(events.len(), 2);
        let meeting = events.iter().find(|e| e.reports.len() == 2).unwrap();
        assert_eq!(meeting.reports.iter().map(|r| r.article.0).collect::<Vec<_>>(), [0, 1]);
        assert!(meeting.summary.starts_with("A 90-minute meeting"), "longest sentence summarises");
    }

    #[test]
    fn different_days_never_merge() {
        let s = "Putin and Obama met at the summit in Hangzhou.";
        let (events, _) =
            merged(&[article(0, &[("2016-09-05", s)]), article(1, &[("2016-09-06", s)])], &MergeMemo::default());
        assert_eq!(events.len(), 2);
        assert!(events[0].date < events[1].date);
    }

    #[test]
    fn merge_is_deterministic_whatever_the_input_order() {
        let a = article(0, &[("2016-09-05", "Putin met Obama at the summit in Hangzhou.")]);
        let b = article(1, &[("2016-09-05", "Obama met Putin at the Hangzhou summit for talks.")]);
        let none = MergeMemo::default();
        assert_eq!(merged(&[a.clone(), b.clone()], &none), merged(&[b, a], &none));
    }

    #[allow(clippy::vec_box, reason = "the digest takes its entries boxed")]
    fn busy_day(extra: &str) -> Vec<Box<Entry>> {
        vec![
            article(0, &[("2016-09-05", "Putin met Obama at the summit in Hangzhou."), ("2016-09-06", extra)]),
            article(1, &[("2016-09-05", "Obama met Putin at the Hangzhou summit for long talks.")]),
            article(2, &[("2016-09-05", "Markets in Tokyo closed higher."), ("2016-09-06", "Rain fell in Hangzhou.")]),
        ]
    }

    #[test]
    fn a_remembered_merge_gives_the_same_events() {
        let none = MergeMemo::default();
        let (fresh, memo) = merged(&busy_day("Talks went on in Hangzhou."), &none);
        assert_eq!(memo.len(), 2, "one merge per date");
        assert_eq!(merged(&busy_day("Talks went on in Hangzhou."), &memo), (fresh, memo.clone()));
        // One date's sentences changed: that bucket is merged again, the other replayed.
        let (edited, edited_memo) = merged(&busy_day("Rain kept falling in Hangzhou."), &memo);
        assert_eq!((edited.clone(), edited_memo.clone()), merged(&busy_day("Rain kept falling in Hangzhou."), &none));
        assert_eq!(memo.keys().filter(|k| edited_memo.contains_key(k)).count(), 1);
        assert!(edited.iter().any(|e| e.reports.len() == 2 && e.summary.starts_with("Rain kept falling")));
    }

    fn standing_article(id: u32, date: &str, granularity: Granularity, standing: Standing) -> Box<Entry> {
        let sentence = "The band recorded its first album in Memphis.";
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let mention = Mention::new(PartialDate::new(date, granularity), sentence.into(), Span::default(), 0);
        let a = Article {
            mentions: vec![mention.standing(standing)],
            ..Article::new(DocId(id), format!("a{id}"), Title::Found(format!("Article {id}")))
        };
        Box::new(Entry::of(&a, format!("a{id}")))
    }

    #[test]
    fn background_unless_one_report_is_of_the_story_or_articles_agree_on_a_far_day() {
        use Granularity::{Day, Year};
        use Standing::{Background, Distant, Story};
        let none = MergeMemo::default();
        let one = |g, s| merged(&[standing_article(0, "1975-03-01", g, s)], &none).0[0].background;
        assert!(!one(Day, Story));
        assert!(one(Day, Distant), "a far day told once");
        assert!(one(Year, Background));
        let two = |g, a, b| {
            let events =
                merged(&[standing_article(0, "1975-03-01", g, a), standing_article(1, "1975-03-01", g, b)], &none).0;
            assert_eq!(events.len(), 1);
            events[0].background
        };
        assert!(!two(Day, Distant, Distant), "two articles agree on a far day");
        assert!(two(Year, Distant, Distant), "a year alone is not enough");
        assert!(two(Day, Background, Background), "born on the same day");
        assert!(!two(Year, Background, Story), "one report of the story's time");
        // A replayed merge classifies as a fresh one.
        let articles =
            [standing_article(0, "1975-03-01", Day, Distant), standing_article(1, "1975-03-01", Day, Distant)];
        let (fresh, memo) = merged(&articles, &none);
        assert_eq!(merged(&articles, &memo).0, fresh);
    }

    #[test]
    fn a_memo_that_does_not_fit_is_not_used() {
        let (fresh, memo) = merged(&busy_day("Talks went on."), &MergeMemo::default());
        let broken: MergeMemo =
            memo.keys().map(|k| (*k, BucketMerge { event_of: vec![5], summary_of: vec![0] })).collect();
        assert_eq!(merged(&busy_day("Talks went on."), &broken).0, fresh);
    }
}
