//! The plain data that flows between the pipeline's stages.
//!
//! Every type here is owned data with no behaviour beyond small constructors and
//! accessors: no IO, no templates, no regexes. Stages link to each other's records by
//! [`DocId`] (the position of a seed in the sorted ingest order), never by pointer.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Index of a seed in the sorted ingest order; stable for a given set of input files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DocId(pub u32);

/// A decoded seed file: the input of the cleaner.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDoc {
    /// Position in the sorted ingest order.
    pub id: DocId,
    /// Path relative to the seeds folder (used in messages and as the `site.toml` key stem).
    pub rel_path: PathBuf,
    /// File stem: the key of `[articles."STEM"]` overrides.
    pub stem: String,
    /// The decoded text: NFC, `\n` line ends, no BOM.
    pub text: String,
    /// A note on how the bytes were decoded when they were not UTF-8 (for a warning).
    pub decode_note: Option<String>,
}

/// What the cleaner decided about one input line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// An empty line.
    Blank,
    /// A paragraph of the article body.
    Body,
    /// A short heading inside the article body.
    Subheading,
    /// The page title (or the headline repeated in the page).
    Title,
    /// The summary paragraph set apart between the headline and the story.
    Standfirst,
    /// A photo caption (kept once, shown as a figure).
    Caption,
    /// A line that carries metadata only: a date, byline, credit or photo credit.
    Meta,
    /// Site furniture: menus, share bars, sign-up boxes, lists of other articles.
    Boilerplate,
}

impl LineKind {
    /// True for the kinds that make up the article body text.
    pub fn is_body(self) -> bool {
        matches!(self, LineKind::Body | LineKind::Subheading)
    }
}

/// One input line with the cleaner's verdict and the rule that decided it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CleanLine {
    /// The line as it was read (trimmed of surrounding white space).
    pub text: String,
    /// The verdict.
    pub kind: LineKind,
    /// The name of the rule (or score) that decided the verdict; shown by `extract --explain`.
    pub rule: &'static str,
    /// The line's comparison key ([`crate::text::line_key`]): its words in lower case, one
    /// space apart, as the cleaner measured them.
    #[serde(skip)]
    pub key: String,
}

impl CleanLine {
    /// A line with its verdict (its key made from its text).
    pub fn new(text: impl Into<String>, kind: LineKind, rule: &'static str) -> Self {
        let text = text.into();
        let key = crate::text::line_key(&text);
        CleanLine { text, kind, rule, key }
    }
}

/// The cleaner's output: every input line, each with a verdict.
///
/// Keeping the dropped lines (rather than only the kept ones) lets extraction look for a
/// date or credit in the page furniture and lets `--explain` show every decision.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Cleaned {
    /// The input's lines in order.
    pub lines: Vec<CleanLine>,
}

impl Cleaned {
    /// The body lines (paragraphs and subheadings), in order.
    pub fn body(&self) -> impl Iterator<Item = &CleanLine> {
        self.lines.iter().filter(|l| l.kind.is_body())
    }
}

/// A block of the article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph.
    Paragraph(String),
    /// A subheading.
    Subheading(String),
}

impl Block {
    /// The block's text.
    pub fn text(&self) -> &str {
        match self {
            Block::Paragraph(t) | Block::Subheading(t) => t,
        }
    }
}

/// An article's title: found in the text, or derived from its opening when the text has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Title {
    /// The headline as the page gives it.
    Found(String),
    /// No headline in the text: made from the article's opening words.
    Derived(String),
}

impl Title {
    /// The text to show, whichever kind it is.
    pub fn text(&self) -> &str {
        match self {
            Title::Found(t) | Title::Derived(t) => t,
        }
    }

    /// True when the title was derived rather than found.
    pub fn is_derived(&self) -> bool {
        matches!(self, Title::Derived(_))
    }
}

/// A publication date with as much precision as the text gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Published {
    /// The calendar day.
    pub date: NaiveDate,
    /// The time of day, when the text gives one.
    pub time: Option<NaiveTime>,
    /// The UTC offset, when the text names a zone.
    pub offset: Option<FixedOffset>,
}

impl Published {
    /// A date without time or zone.
    pub fn day(date: NaiveDate) -> Self {
        Published { date, time: None, offset: None }
    }

    /// Parses the ISO 8601 forms an editor writes: `2016-09-05`, `2016-09-05T14:12`,
    /// `2016-09-05T14:12:00`, each optionally followed by `Z` or `±HH:MM`.
    pub fn parse_iso(s: &str) -> Option<Self> {
        let s = s.trim();
        let (date_part, rest) = s.split_at(s.find(['T', ' ']).unwrap_or(s.len()));
        let date = NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()?;
        let rest = rest.get(1..).unwrap_or("");
        if rest.is_empty() {
            return Some(Published::day(date));
        }
        let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
        let (time_part, zone) = rest.split_at(zone_at);
        let time = NaiveTime::parse_from_str(time_part, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(time_part, "%H:%M"))
            .ok()?;
        let offset = match zone {
            "" => None,
            "Z" | "z" => FixedOffset::east_opt(0),
            z => Some(
                chrono::DateTime::parse_from_str(&format!("2000-01-01T00:00:00{z}"), "%Y-%m-%dT%H:%M:%S%:z")
                    .ok()?
                    .offset()
                    .to_owned(),
            ),
        };
        Some(Published { date, time: Some(time), offset })
    }

    /// The date and time (midnight when no time is known), ignoring the offset.
    pub fn naive(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }
}

impl fmt::Display for Published {
    /// ISO 8601: `YYYY-MM-DD` for a day, `YYYY-MM-DDTHH:MM:SS` with a time, plus `±HH:MM`
    /// only when the text named a zone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        date_text::ymd(f, self.date)?;
        if let Some(time) = self.time {
            f.write_str("T")?;
            date_text::hms(f, time)?;
            if let Some(offset) = self.offset {
                write!(f, "{offset}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Published::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO 8601 date: {s}")))
    }
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// A year only.
    Year,
    /// A year and month.
    Month,
    /// A calendar day.
    Day,
}

/// A part of a year or month that the text names (`early 2011`, `the end of March`, `the
/// first quarter of 2013`, `last summer`, `the 1990s`): kept beside the date so that the page
/// can say it, while the date stays the whole period at its granularity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// `early 2011`, `early March`.
    Early,
    /// `mid-2011`, `the middle of March`.
    Mid,
    /// `late 2011`, `late last year`.
    Late,
    /// `the start of 2011`, `the beginning of the year`.
    Start,
    /// `the end of March`, `the close of the year`.
    End,
    /// A quarter of a year, 1 to 4 (`the first quarter of 2013`, `Q3 2012`).
    Quarter(u8),
    /// A half of a year, 1 or 2 (`the second half of 2012`).
    Half(u8),
    /// `spring 2012`, `last spring`.
    Spring,
    /// `summer 2012`.
    Summer,
    /// `autumn 2012`, `fall 2012`.
    Autumn,
    /// `winter 2012` (the winter that starts in December of that year).
    Winter,
    /// `the 1990s`: the decade that starts with the year.
    Decade,
    /// `fiscal 2012`, `the fiscal year 2012`, `FY2012`.
    Fiscal,
}

impl Part {
    /// The short code of the part (`early`, `q1`, `h2`, `summer`, `decade`, ...), as it is
    /// written after a `~` in a serialised [`PartialDate`] and in `extract`'s JSON.
    pub fn code(self) -> &'static str {
        match self {
            Part::Early => "early",
            Part::Mid => "mid",
            Part::Late => "late",
            Part::Start => "start",
            Part::End => "end",
            Part::Quarter(1) => "q1",
            Part::Quarter(2) => "q2",
            Part::Quarter(3) => "q3",
            Part::Quarter(_) => "q4",
            Part::Half(1) => "h1",
            Part::Half(_) => "h2",
            Part::Spring => "spring",
            Part::Summer => "summer",
            Part::Autumn => "autumn",
            Part::Winter => "winter",
            Part::Decade => "decade",
            Part::Fiscal => "fiscal",
        }
    }

    /// The part a [`Part::code`] names.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "early" => Part::Early,
            "mid" => Part::Mid,
            "late" => Part::Late,
            "start" => Part::Start,
            "end" => Part::End,
            "q1" => Part::Quarter(1),
            "q2" => Part::Quarter(2),
            "q3" => Part::Quarter(3),
            "q4" => Part::Quarter(4),
            "h1" => Part::Half(1),
            "h2" => Part::Half(2),
            "spring" => Part::Spring,
            "summer" => Part::Summer,
            "autumn" => Part::Autumn,
            "winter" => Part::Winter,
            "decade" => Part::Decade,
            "fiscal" => Part::Fiscal,
            _ => return None,
        })
    }

    /// The part said of `period`, the period's own words (`2011`, `March 2012`): `early
    /// 2011`, `mid-March 2012`, `the end of 2011`, `the first quarter of 2013`, `summer
    /// 2012`, `fiscal 2012`; a decade is said of its first year (`the 1990s`).
    pub fn describe(self, period: &str) -> String {
        const ORDINALS: [&str; 4] = ["first", "second", "third", "fourth"];
        let ordinal = |n: u8| ORDINALS[usize::from(n.clamp(1, 4)) - 1];
        match self {
            Part::Early => format!("early {period}"),
            Part::Mid => format!("mid-{period}"),
            Part::Late => format!("late {period}"),
            Part::Start => format!("the start of {period}"),
            Part::End => format!("the end of {period}"),
            Part::Quarter(n) => format!("the {} quarter of {period}", ordinal(n)),
            Part::Half(n) => format!("the {} half of {period}", ordinal(n)),
            Part::Spring => format!("spring {period}"),
            Part::Summer => format!("summer {period}"),
            Part::Autumn => format!("autumn {period}"),
            Part::Winter => format!("winter {period}"),
            Part::Decade => format!("the {period}s"),
            Part::Fiscal => format!("fiscal {period}"),
        }
    }
}

/// A date of the given granularity; `date` is the first day of the month or year it names.
/// `part`, when the text names one, is the part of that period it means (`early 2011` is the
/// year 2011 with [`Part::Early`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The first day of the period.
    pub date: NaiveDate,
    /// How much of `date` is meaningful.
    pub granularity: Granularity,
    /// The part of the period the text names, if any.
    pub part: Option<Part>,
}

impl fmt::Display for PartialDate {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by granularity: the calendar value, without the
    /// part ([`PartialDate::key`] has it).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.granularity {
            Granularity::Day => date_text::ymd(f, self.date),
            Granularity::Month => date_text::year(f, self.date).and_then(|()| write!(f, "-{:02}", self.date.month())),
            Granularity::Year => date_text::year(f, self.date),
        }
    }
}

/// Dates and times as text, as chrono's `format` writes them (`%Y`, `%m`, `%B`, ...) but
/// without parsing a pattern on every call: list pages, feeds and the search index write a
/// date or two per article. Kept because it matters at 10,000 articles: rendering went from
/// 29.8 to 28.3 µs an article (`examples/stage_times`, 2026-12-01), and it is property-tested
/// against chrono below.
pub(crate) mod date_text {
    use std::fmt::{self, Write};

    use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];

    /// `%Y`: the year, at least four digits; outside 0–9999 as chrono writes it (signed).
    pub fn year(out: &mut impl Write, date: NaiveDate) -> fmt::Result {
        match date.year() {
            y @ 0..=9999 => write!(out, "{y:04}"),
            _ => write!(out, "{}", date.format("%Y")),
        }
    }

    /// `%Y-%m-%d`.
    pub fn ymd(out: &mut impl Write, date: NaiveDate) -> fmt::Result {
        year(out, date)?;
        write!(out, "-{:02}-{:02}", date.month(), date.day())
    }

    /// `%B`: the month's English name.
    pub fn month_name(date: NaiveDate) -> &'static str {
        MONTHS[date.month0() as usize]
    }

    /// `%H:%M:%S` (a leap second is `60`).
    pub fn hms(out: &mut impl Write, time: NaiveTime) -> fmt::Result {
        let leap = u32::from(time.nanosecond() >= 1_000_000_000);
        write!(out, "{:02}:{:02}:{:02}", time.hour(), time.minute(), time.second() + leap)
    }

    /// `%H:%M`.
    pub fn hm(out: &mut impl Write, time: NaiveTime) -> fmt::Result {
        write!(out, "{:02}:{:02}", time.hour(), time.minute())
    }

    /// `%-d %B %Y`: `5 September 2016`.
    pub fn human_day(date: NaiveDate) -> String {
        let mut out = String::with_capacity(20);
        // Writing to a `String` cannot fail.
        let _ = write!(out, "{} {} ", date.day(), month_name(date)).and_then(|()| year(&mut out, date));
        out
    }

    /// `%B %Y`: `September 2016`.
    pub fn human_month(date: NaiveDate) -> String {
        let mut out = String::with_capacity(16);
        let _ = write!(out, "{} ", month_name(date)).and_then(|()| year(&mut out, date));
        out
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use proptest::prelude::*;

        fn text(write: impl Fn(&mut String) -> fmt::Result) -> String {
            let mut out = String::new();
            write(&mut out).unwrap();
            out
        }

        proptest! {
            #[test]
            fn dates_are_written_as_chrono_formats_them(days in -800_000i32..4_000_000, secs in 0u32..86_400, leap: bool) {
                let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
                prop_assert_eq!(text(|o| year(o, date)), date.format("%Y").to_string());
                prop_assert_eq!(text(|o| ymd(o, date)), date.format("%Y-%m-%d").to_string());
                prop_assert_eq!(human_day(date), date.format("%-d %B %Y").to_string());
                prop_assert_eq!(human_month(date), date.format("%B %Y").to_string());
                let month = crate::model::PartialDate { date, granularity: crate::model::Granularity::Month, part: None };
                prop_assert_eq!(month.to_string(), date.format("%Y-%m").to_string());
                let nanos = if leap && secs % 60 == 59 { 1_000_000_000 } else { 0 };
                let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).unwrap();
                prop_assert_eq!(text(|o| hms(o, time)), time.format("%H:%M:%S").to_string());
                prop_assert_eq!(text(|o| hm(o, time)), time.format("%H:%M").to_string());
            }
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.key())
    }
}

impl PartialDate {
    /// A date of `granularity` starting on `date`, naming no part.
    pub fn new(date: NaiveDate, granularity: Granularity) -> Self {
        PartialDate { date, granularity, part: None }
    }

    /// This date with the part `part` of its period.
    #[must_use]
    pub fn with_part(self, part: Option<Part>) -> Self {
        PartialDate { part, ..self }
    }

    /// The calendar value and the part: `2011~early`, `2013~q1`, or the calendar value
    /// alone (`2016-09-05`) when no part is named. What [`PartialDate::parse`] reads.
    pub fn key(&self) -> String {
        match self.part {
            Some(part) => format!("{self}~{}", part.code()),
            None => self.to_string(),
        }
    }

    /// Parses what [`fmt::Display`] or [`PartialDate::key`] print: `YYYY-MM-DD`, `YYYY-MM`
    /// or `YYYY`, then optionally `~` and a [`Part::code`].
    pub fn parse(s: &str) -> Option<Self> {
        let (s, part) = match s.split_once('~') {
            Some((s, code)) => (s, Some(Part::from_code(code)?)),
            None => (s, None),
        };
        let mut parts = s.splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
        let day: Option<u32> = parts.next().map(str::parse).transpose().ok()?;
        let (granularity, date) = match (month, day) {
            (None, _) => (Granularity::Year, NaiveDate::from_ymd_opt(year, 1, 1)?),
            (Some(m), None) => (Granularity::Month, NaiveDate::from_ymd_opt(year, m, 1)?),
            (Some(m), Some(d)) => (Granularity::Day, NaiveDate::from_ymd_opt(year, m, d)?),
        };
        Some(PartialDate { date, granularity, part })
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        PartialDate::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a partial date: {s}")))
    }
}

/// Where a temporal expression is in its sentence: byte offsets, so that the expression is
/// never a second copy of its words (a large digest has a million of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// Where it starts.
    pub start: u32,
    /// Where it ends (exclusive).
    pub end: u32,
}

impl Span {
    /// The span of `part` in `sentence`: where `part` first occurs (empty when it does not).
    pub fn find(sentence: &str, part: &str) -> Self {
        sentence.find(part).map_or_else(Span::default, |at| Span::of(at..at + part.len()))
    }

    /// The span of a byte range (empty when it does not fit in 32 bits).
    pub fn of(range: std::ops::Range<usize>) -> Self {
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) => Span { start, end },
            _ => Span::default(),
        }
    }

    /// The text it spans in `sentence` (empty when it is not a span of it).
    pub fn in_text<'a>(&self, sentence: &'a str) -> &'a str {
        sentence.get(self.start as usize..self.end as usize).unwrap_or("")
    }
}

/// Where a held text is, out of memory: a place only a [`TextSource`] can read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct TextPlace {
    /// Byte offset in the source.
    pub at: u64,
    /// Length in bytes.
    pub len: u32,
}

/// Gives back the texts entries hold out of memory ([`SpoolText::Spooled`]). The engine
/// holds a build's texts in a scratch file and hands the stages a reader of it; a stage never
/// knows where the text was kept.
pub trait TextSource: Sync {
    /// The text at `place`.
    ///
    /// # Errors
    /// The text cannot be read back.
    fn read(&self, place: TextPlace) -> io::Result<String>;
}

/// No texts held out of memory: every text is in its entry (`extract`, the tests, `check`).
#[derive(Debug, Clone, Copy, Default)]
pub struct InMemory;

impl TextSource for InMemory {
    fn read(&self, _: TextPlace) -> io::Result<String> {
        Err(io::Error::other("a text is held out of memory, and there is nothing to read it from"))
    }
}

/// A text an entry keeps: in memory as made, or, once the entry waits for the digest, its
/// place out of memory ([`TextPlace`]): a build does not hold every article's search words
/// and dated sentences in memory. Read either kind with [`SpoolText::read`].
///
/// Serialised as the text; a held text must be read back first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpoolText {
    /// The text (shared, never copied: a sentence with two dates is one text).
    Text(Arc<str>),
    /// Where the text is held.
    Spooled(TextPlace),
}

impl SpoolText {
    /// The text, when it is in memory.
    pub fn text(&self) -> Option<&str> {
        match self {
            SpoolText::Text(t) => Some(t),
            SpoolText::Spooled(_) => None,
        }
    }

    /// The text, read from `texts` when it is held there.
    ///
    /// # Errors
    /// The text is held and `texts` cannot read it.
    pub fn read(&self, texts: &dyn TextSource) -> io::Result<Arc<str>> {
        match self {
            SpoolText::Text(t) => Ok(Arc::clone(t)),
            SpoolText::Spooled(place) => texts.read(*place).map(Arc::from),
        }
    }
}

impl Default for SpoolText {
    fn default() -> Self {
        SpoolText::Text(Arc::from(""))
    }
}

impl From<&str> for SpoolText {
    fn from(text: &str) -> Self {
        SpoolText::Text(text.into())
    }
}

impl Serialize for SpoolText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            SpoolText::Text(t) => serializer.serialize_str(t),
            SpoolText::Spooled(_) => Err(serde::ser::Error::custom("a spooled text is saved only once read back")),
        }
    }
}

impl<'de> Deserialize<'de> for SpoolText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|s| SpoolText::Text(s.into()))
    }
}

/// A dated statement found in an article's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The resolved date.
    pub date: PartialDate,
    /// The sentence that carries it (shared with the timeline's reports, never copied).
    pub sentence: SpoolText,
    /// Where the temporal expression is in the sentence ([`Mention::expression`]).
    pub at: Span,
    /// Index of the body block holding the sentence (for paragraph anchors).
    pub block: u32,
    /// The content hash of the sentence's text: what the timeline's merge is keyed by, so
    /// that a rebuild reads back only the sentences of the dates it merges again.
    pub key: u64,
    /// Where the date stands against the article's own time
    /// ([`crate::temporal::standing`]).
    pub standing: Standing,
}

/// Where a dated statement stands against its article's own time: the story's days, or
/// background the timeline shows apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// The story's own time: near the publication day (or no publication date to measure
    /// from, and no word of background).
    #[default]
    Story,
    /// Far from the publication day (more than about a year): background, unless several
    /// articles tell of the same day or month.
    Distant,
    /// Said as background (`born`, `since`, `founded`, `anniversary`, `aged`, ...), and not
    /// within the days around publication: background.
    Background,
}

impl Mention {
    /// A mention of `date` by the expression at `at` in `sentence`, in body block `block`.
    pub fn new(date: PartialDate, sentence: Arc<str>, at: Span, block: u32) -> Self {
        let key = crate::text::hash_str(&sentence);
        Mention { date, sentence: SpoolText::Text(sentence), at, block, key, standing: Standing::Story }
    }

    /// This mention, standing as `standing` says.
    #[must_use]
    pub fn standing(self, standing: Standing) -> Self {
        Mention { standing, ..self }
    }

    /// The temporal expression as written (`last Friday`, `September 5, 2016`) in its
    /// sentence's text (as [`Mention::sentence`] reads).
    pub fn expression<'a>(&self, sentence: &'a str) -> &'a str {
        self.at.in_text(sentence)
    }
}

/// A temporal expression that could not be resolved (the article has no publication date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unresolved {
    /// The expression as written (`on Tuesday`).
    pub expression: String,
    /// The sentence that carries it.
    pub sentence: String,
}

/// One article's report of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The article.
    pub article: DocId,
    /// Index of the body block holding the sentence (for the paragraph anchor).
    pub block: u32,
    /// The sentence (read back from the spool only for the events a page shows).
    pub sentence: SpoolText,
    /// Where the temporal expression is in the sentence.
    pub at: Span,
    /// Where the date stands against the article's own time.
    pub standing: Standing,
}

/// Something that happened on a date, as one or more articles tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// When.
    pub date: PartialDate,
    /// The most complete of the reporting sentences (shared with its report, never copied).
    pub summary: Arc<str>,
    /// Every article that reports it, by article id then position.
    pub reports: Vec<Report>,
    /// Background, not among the story's events: no report tells it as of the story's own
    /// time, and no two articles agree on it as a day or month far from publication
    /// ([`Event::classify`]).
    pub background: bool,
}

impl Event {
    /// An event of `date` told by `reports`, summarised by `summary`, classified.
    pub fn new(date: PartialDate, summary: Arc<str>, reports: Vec<Report>) -> Self {
        let mut event = Event { date, summary, reports, background: false };
        event.classify();
        event
    }

    /// Sets [`Event::background`] from its reports: background unless one report stands in
    /// the story's time, or two articles or more tell of the same far day or month (the
    /// dates several articles agree on are the story's, a year alone is not enough).
    pub fn classify(&mut self) {
        let story = self.reports.iter().any(|r| r.standing == Standing::Story);
        let mut distant = self.reports.iter().filter(|r| r.standing == Standing::Distant).map(|r| r.article);
        let first = distant.next();
        let agreed = self.date.granularity != Granularity::Year && distant.any(|a| Some(a) != first);
        self.background = !(story || agreed);
    }
}

/// What an article says of itself, and what an editor's override corrects: shared by the
/// [`Article`] and its [`Entry`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The headline.
    pub title: Title,
    /// When it was published, if the text (or an override) says.
    pub published: Option<Published>,
    /// The outlet that published it.
    pub source: Option<String>,
    /// Byline, agency or credit line.
    pub credit: Option<String>,
}

impl Meta {
    /// A headline and nothing else yet.
    pub fn titled(title: Title) -> Self {
        Meta { title, published: None, source: None, credit: None }
    }
}

/// What the stories stage keeps of one article, computed from its text alone
/// ([`crate::digest::stories::signature`]): what it is compared with other articles by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct StorySignature {
    /// Term hash (32 bits of the lower-case word's hash) and weight (sublinear term
    /// frequency with the title, name and number factors), sorted by hash; at most
    /// [`crate::digest::stories::MAX_TERMS`].
    pub terms: Vec<(u32, f32)>,
    /// MinHash of the body's word 5-shingles: [`crate::digest::stories::SKETCH_LEN`] values, or none for a body
    /// shorter than a shingle.
    pub sketch: Vec<u32>,
}

/// A direct quote in an article's body ([`crate::quotes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without their marks (the pieces of a quote split by its
    /// attribution, or continued over paragraphs, one space apart).
    pub text: String,
    /// Who said it, as the article names them (the longest form of the name it gives);
    /// `None` when the article does not say.
    pub speaker: Option<String>,
    /// Part of a sentence that goes on around it (`said there had been some “alignment”`),
    /// not a statement standing alone.
    pub partial: bool,
    /// Index of the body block where it starts (the page's anchor is `#p` and this plus one).
    pub paragraph: u32,
}

/// Everything extraction learns about one seed.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The seed this came from.
    pub id: DocId,
    /// The seed's file stem (the key of per-article overrides; never used in URLs).
    pub stem: String,
    /// Headline, date, outlet and credit.
    pub meta: Meta,
    /// The place line that opens the story (`HANGZHOU, China`).
    pub dateline: Option<String>,
    /// The summary paragraph set apart above the story.
    pub standfirst: Option<String>,
    /// Photo captions, each once.
    pub captions: Vec<String>,
    /// The story: paragraphs and subheadings in order.
    pub body: Vec<Block>,
    /// Dated statements in the body, in text order (resolved against `published`).
    pub mentions: Vec<Mention>,
    /// Temporal expressions that could not be resolved, in text order.
    pub unresolved: Vec<Unresolved>,
    /// The distinct content words of standfirst and story, lower case, space-separated, at
    /// most [`SEARCH_WORDS`] of them ([`crate::text::distinct_content_words`]): what its
    /// entry puts in the search index. Extraction makes them from the cleaner's line keys.
    pub search_words: String,
    /// What the stories stage compares it with other articles by.
    pub story: StorySignature,
    /// Direct quotes in the body, in text order, with their speakers.
    pub quotes: Vec<Quote>,
}

impl Article {
    /// An article with a title and nothing else yet (extraction and tests fill in the rest).
    pub fn new(id: DocId, stem: impl Into<String>, title: Title) -> Self {
        Article {
            id,
            stem: stem.into(),
            meta: Meta::titled(title),
            dateline: None,
            standfirst: None,
            captions: Vec::new(),
            body: Vec::new(),
            mentions: Vec::new(),
            unresolved: Vec::new(),
            search_words: String::new(),
            story: StorySignature::default(),
            quotes: Vec::new(),
        }
    }

    /// What cards, feeds and the page description show: the standfirst, or the story's
    /// opening words.
    pub fn summary(&self) -> String {
        match &self.standfirst {
            Some(s) => s.clone(),
            None => self.body.first().map(|b| crate::text::truncate_words(b.text(), SUMMARY_WORDS)).unwrap_or_default(),
        }
    }

    /// The subheadings of the body, in order.
    pub fn subheadings(&self) -> Vec<&str> {
        self.body
            .iter()
            .filter_map(|b| match b {
                Block::Subheading(t) => Some(t.as_str()),
                Block::Paragraph(_) => None,
            })
            .collect()
    }
}

/// An article as the rest of the site sees it once its own page is written: everything but
/// the story's text, plus the two things list pages and search take from that text. The digest
/// holds entries, never whole articles, so a build's memory does not grow with the stories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The seed this came from.
    pub id: DocId,
    /// That seed's file stem, as [`Article::stem`].
    pub stem: String,
    /// The article page's slug (`articles/SLUG/index.html`), unique in the site.
    pub slug: String,
    /// Headline, date, outlet and credit, as the article's.
    pub meta: Meta,
    /// What cards and feeds show: the standfirst, or the story's opening words.
    pub summary: String,
    /// The distinct content words of standfirst and story, lower case, space-separated, at
    /// most [`SEARCH_WORDS`] of them: the article's line in the search index.
    pub search_words: SpoolText,
    /// The content hash of the search words ([`crate::text::hash_str`]): what the search
    /// index's pieces are keyed by, so that a rebuild reads back only the words of the
    /// pieces it makes again.
    pub search_words_key: u64,
    /// Dated statements in the body, in text order.
    pub mentions: Vec<Mention>,
    /// Temporal expressions that could not be resolved, in text order.
    pub unresolved: Vec<Unresolved>,
    /// What the stories stage compares it with other articles by.
    pub story: StorySignature,
    /// Direct quotes in the body, with their speakers (what the quotes stage merges).
    pub quotes: Vec<Quote>,
}

/// The most distinct words an article puts in the search index.
pub const SEARCH_WORDS: usize = 400;

/// The most words of a story's opening a card shows when there is no standfirst.
pub const SUMMARY_WORDS: usize = 40;

impl Entry {
    /// The entry of an article whose page has the given slug.
    pub fn of(a: &Article, slug: String) -> Self {
        Entry {
            id: a.id,
            stem: a.stem.clone(),
            slug,
            meta: a.meta.clone(),
            summary: a.summary(),
            search_words: SpoolText::Text(a.search_words.as_str().into()),
            search_words_key: crate::text::hash_str(&a.search_words),
            mentions: a.mentions.clone(),
            unresolved: a.unresolved.clone(),
            story: a.story.clone(),
            quotes: a.quotes.clone(),
        }
    }
}

/// A non-fatal problem with one seed, reported as a warning line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The seed (relative path) the warning is about.
    pub file: PathBuf,
    /// What is wrong, in a few words.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}: {}", self.file.display(), self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_date_keeps_its_part_through_its_key() {
        for key in ["2016-09-05", "2012-03", "2010", "2011~early", "2013~q1", "2012-03~mid", "1990~decade"] {
            let date = PartialDate::parse(key).unwrap();
            assert_eq!(date.key(), key);
            // The calendar value alone, as the scorer and `<time datetime>` read it.
            assert_eq!(date.to_string(), key.split('~').next().unwrap());
        }
        assert_eq!(PartialDate::parse("2011~someday"), None);
        let json = serde_json::to_string(&PartialDate::parse("2013~q1").unwrap()).unwrap();
        assert_eq!(serde_json::from_str::<PartialDate>(&json).unwrap().part, Some(Part::Quarter(1)));
    }
}
