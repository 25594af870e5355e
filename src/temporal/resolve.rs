//! Resolution: the date each match of the grammar names, against the publication day, the
//! tense around it ([`super::tense`]) and the reference time (the last date the text named:
//! `the previous day`, `two days later`, `that time`, `the same month a year ago`).
//!
//! Pure; chrono does the calendar arithmetic. With no publication date (and no earlier date
//! in the text) a relative expression stays unresolved: no date is invented.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use regex::Regex;

use super::Direction;
use super::grammar::Groups;
use super::languages;
use super::tense::tense_at;
use crate::dates::{self, regex};
use crate::model::{Granularity, Part, PartialDate};

/// `since` (and `the`) right before an expression: it looks back.
static SINCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)(?-u:\b)(?:since|ever\s+since)\s+(?:the\s+)?$"));

/// The reference time: the last dates the text named before the expression being read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reference {
    /// The last day named (`on Monday`, `June 10`).
    pub day: Option<NaiveDate>,
    /// The last date named, of any granularity.
    pub last: Option<PartialDate>,
}

impl Reference {
    /// The reference after the text named `date`.
    pub fn after(self, date: PartialDate) -> Self {
        Reference {
            day: if date.granularity == Granularity::Day { Some(date.date) } else { self.day },
            last: Some(date),
        }
    }
}

/// One date a match names, where its words are in the sentence, and how it was resolved. A
/// range names two (`from 2009 to 2011`, `between April and June`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Piece {
    /// Its words in the sentence.
    pub range: Range<usize>,
    /// Its date, when it could be resolved.
    pub date: Option<PartialDate>,
    /// Which way it was resolved.
    pub direction: Direction,
}

pub(super) fn day(date: NaiveDate) -> PartialDate {
    PartialDate::new(date, Granularity::Day)
}

pub(super) fn month(year: i32, month: u32) -> Option<PartialDate> {
    Some(PartialDate::new(NaiveDate::from_ymd_opt(year, month, 1)?, Granularity::Month))
}

pub(super) fn year(year: i32) -> Option<PartialDate> {
    Some(PartialDate::new(NaiveDate::from_ymd_opt(year, 1, 1)?, Granularity::Year))
}

fn with_part(date: Option<PartialDate>, part: Option<Part>) -> Option<PartialDate> {
    date.map(|d| d.with_part(part))
}

fn number(word: &str) -> Option<u32> {
    let n = match word.to_ascii_lowercase().as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        w => w.parse().ok()?,
    };
    Some(n)
}

fn weekday(name: &str) -> Option<Weekday> {
    name.parse().ok()
}

/// The `wd` on or before (`Past`, and `Nearest`: news tell of the days gone) or on or after
/// (`Future`) `from`; `strict` skips `from` itself.
fn nearest_weekday(from: NaiveDate, wd: Weekday, direction: Direction, strict: bool) -> NaiveDate {
    let (a, b) = (i64::from(from.weekday().num_days_from_monday()), i64::from(wd.num_days_from_monday()));
    let back = |d: i64| if d == 0 && strict { 7 } else { d };
    match direction {
        Direction::Future => from + Duration::days(back((b - a).rem_euclid(7))),
        _ => from - Duration::days(back((a - b).rem_euclid(7))),
    }
}

/// The `wd` nearest to `from`, before or after (`until Friday`).
fn closest_weekday(from: NaiveDate, wd: Weekday) -> NaiveDate {
    let (a, b) = (i64::from(from.weekday().num_days_from_monday()), i64::from(wd.num_days_from_monday()));
    let ahead = (b - a).rem_euclid(7);
    if ahead <= 3 { from + Duration::days(ahead) } else { from - Duration::days(7 - ahead) }
}

/// A month-and-day without a year: the nearest one on the side of publication the tense
/// says, or the nearest on either side when the sentence has no tense (`February 29` looks
/// back or ahead to a leap year).
fn infer_year(published: NaiveDate, m: u32, d: u32, direction: Direction) -> Option<NaiveDate> {
    let y = published.year();
    match direction {
        Direction::Future => (y..=y + 8).filter_map(|y| NaiveDate::from_ymd_opt(y, m, d)).find(|x| *x >= published),
        Direction::Nearest => (y - 1..=y + 1)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
            .min_by_key(|x| ((*x - published).num_days().abs(), *x > published))
            .or_else(|| infer_year(published, m, d, Direction::Past)),
        _ => (y - 8..=y).rev().filter_map(|y| NaiveDate::from_ymd_opt(y, m, d)).find(|x| *x <= published),
    }
}

/// A month without a year: the year the tense says from publication.
fn month_year(published: NaiveDate, m: u32, direction: Direction) -> i32 {
    let (y, pm) = (published.year(), published.month());
    let index = |y: i32, m: u32| y * 12 + i32::try_from(m).unwrap_or(0);
    match direction {
        Direction::Past if m > pm => y - 1,
        Direction::Future if m < pm => y + 1,
        Direction::Nearest => {
            let now = index(y, pm);
            [y - 1, y, y + 1].into_iter().min_by_key(|c| ((index(*c, m) - now).abs(), index(*c, m) > now)).unwrap_or(y)
        }
        _ => y,
    }
}

/// A two-digit year (`'07`, `7/8/07`): this century below 50, the last one from 50.
fn full_year(y: i32) -> i32 {
    match y {
        0..=49 => 2000 + y,
        50..=99 => 1900 + y,
        _ => y,
    }
}

/// The quarter or half an ordinal names (`third`, `final`).
fn ordinal(word: &str, half: bool) -> Option<u8> {
    Some(match word.to_ascii_lowercase().as_str() {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "final" | "last" if half => 2,
        "third" | "3rd" if !half => 3,
        "fourth" | "4th" | "final" | "last" => 4,
        _ => return None,
    })
}

fn season(word: &str) -> Part {
    match word.to_ascii_lowercase().as_str() {
        "spring" => Part::Spring,
        "summer" => Part::Summer,
        "winter" => Part::Winter,
        _ => Part::Autumn,
    }
}

/// The year of the last `season` (`step` -1), this one (0) or the next (1) seen from
/// `published`: a season is over at the end of its third month; the winter of year Y runs
/// from December Y.
fn season_year(published: NaiveDate, part: Part, step: i32) -> i32 {
    let first = match part {
        Part::Spring => 3,
        Part::Summer => 6,
        Part::Autumn => 9,
        _ => 12,
    };
    let (y, m) = (published.year(), i32::try_from(published.month()).unwrap_or(1));
    let now = y * 12 + m;
    let start = |year: i32| year * 12 + first;
    let mut years = y - 2..=y + 1;
    match step {
        -1 => years.rev().find(|c| start(*c) + 3 <= now).unwrap_or(y - 1),
        1 => years.find(|c| start(*c) > now).unwrap_or(y + 1),
        _ if part == Part::Winter && m <= 2 => y - 1,
        _ => y,
    }
}

/// The date one match of the grammar names (two for a range), and which way an open one
/// points. `published` and `reference` anchor the relative ones.
///
/// Long on purpose: one arm per named group of the grammar, in the grammar's order, so that
/// a pattern and its resolution read side by side.
pub(super) fn resolve(
    sentence: &str,
    c: &Groups<'_, '_>,
    published: Option<NaiveDate>,
    reference: Reference,
) -> Vec<Piece> {
    let Some(whole) = c.get(0) else { return Vec::new() };
    let all = whole.range();
    let one = |date: Option<PartialDate>, direction: Direction| vec![Piece { range: all.clone(), date, direction }];
    let num = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
    let text = |name: &str| c.name(name).map_or(String::new(), |m| m.as_str().to_lowercase());
    // `since` before it looks back, whatever the verbs say.
    let since = SINCE_BEFORE.is_match(super::tail(sentence, all.start, 24).1);
    let tense = || if since { Direction::Past } else { tense_at(sentence, all.start, all.end) };
    let absolute = Direction::Absolute;
    // The anchors of reference-relative expressions.
    let ref_day = reference.day.or(published);
    let ref_last = reference.last.or(published.map(day));

    if let Some(m) = c.name("iso") {
        return one(NaiveDate::parse_from_str(m.as_str(), "%Y-%m-%d").ok().map(day), absolute);
    }
    if c.name("slash").is_some() {
        let (a, b) = (num("sa").unwrap_or(0), num("sb").unwrap_or(0));
        let y = full_year(num("sly").unwrap_or(0));
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        let date = u32::try_from(m).ok().zip(u32::try_from(d).ok()).and_then(|(m, d)| NaiveDate::from_ymd_opt(y, m, d));
        return if date.is_some() { one(date.map(day), absolute) } else { Vec::new() };
    }
    if c.name("dotted").is_some() {
        let (d, m, y) = (num("da").unwrap_or(0), num("db").unwrap_or(0), num("dy").unwrap_or(0));
        let date = u32::try_from(m).ok().zip(u32::try_from(d).ok()).and_then(|(m, d)| NaiveDate::from_ymd_opt(y, m, d));
        return if date.is_some() { one(date.map(day), absolute) } else { Vec::new() };
    }
    if let (Some(a), Some(b)) = (c.name("ya"), c.name("yb")) {
        let ya = num("ya").unwrap_or(0);
        let yb_raw = num("yb").unwrap_or(0);
        let yb = if b.as_str().len() == 2 { ya / 100 * 100 + yb_raw } else { yb_raw };
        if yb > ya && yb - ya <= 30 {
            return vec![
                Piece { range: a.range(), date: year(ya), direction: absolute },
                Piece { range: b.range(), date: year(yb), direction: absolute },
            ];
        }
        if b.as_str().len() == 2 && (1..=12).contains(&yb_raw) {
            return one(month(ya, u32::try_from(yb_raw).unwrap_or(1)), absolute);
        }
        return Vec::new();
    }
    if c.name("fdmy").is_some() {
        let Some(mo) = c.name("fm").and_then(|m| languages::month_number(m.as_str())) else { return Vec::new() };
        let Some(dd) = num("fd").and_then(|d| u32::try_from(d).ok()) else { return Vec::new() };
        if let Some(yy) = num("fy") {
            return one(NaiveDate::from_ymd_opt(yy, mo, dd).map(day), absolute);
        }
        if NaiveDate::from_ymd_opt(2000, mo, dd).is_none() {
            return Vec::new();
        }
        let t = tense();
        return one(published.and_then(|p| infer_year(p, mo, dd, t)).map(day), t);
    }
    if c.name("fmy").is_some() {
        let Some(mo) = c.name("fm2").and_then(|m| languages::month_number(m.as_str())) else { return Vec::new() };
        return one(num("fy2").and_then(|y| month(y, mo)), absolute);
    }
    if let (Some(a), Some(b)) = (c.name("ma"), c.name("mb")) {
        let (Some(ma), Some(mb)) = (dates::month_number(a.as_str()), dates::month_number(b.as_str())) else {
            return Vec::new();
        };
        let (yb, direction) = match num("mry") {
            Some(y) => (Some(y), absolute),
            None => {
                let t = tense();
                (published.map(|p| month_year(p, mb, t)), t)
            }
        };
        let ya = yb.map(|y| if ma > mb { y - 1 } else { y });
        return vec![
            Piece { range: a.range(), date: ya.and_then(|y| month(y, ma)), direction },
            Piece { range: b.start()..all.end, date: yb.and_then(|y| month(y, mb)), direction },
        ];
    }
    if c.name("my").is_some() {
        let mo = dates::month_number(&text("m3"));
        return one(mo.zip(num("y3")).and_then(|(m, y)| month(y, m)), absolute);
    }
    for (group, m, da, db, y) in [("drange", "drm", "dra", "drb", "dry"), ("mdrange", "mdm", "mda", "mdb", "mdry")] {
        if c.name(group).is_none() {
            continue;
        }
        let (Some(mo), Some(a), Some(b)) = (
            dates::month_number(&text(m)),
            num(da).and_then(|d| u32::try_from(d).ok()),
            num(db).and_then(|d| u32::try_from(d).ok()),
        ) else {
            return Vec::new();
        };
        if a >= b || NaiveDate::from_ymd_opt(2000, mo, b).is_none() {
            return Vec::new();
        }
        let (first, direction) = match num(y) {
            Some(yy) => (NaiveDate::from_ymd_opt(yy, mo, a), absolute),
            None => {
                let t = tense();
                (published.and_then(|p| infer_year(p, mo, a, t)), t)
            }
        };
        let second = first.and_then(|f| NaiveDate::from_ymd_opt(f.year(), mo, b));
        let (ra, rb) = (c.name(da).map_or(all.clone(), |m| m.range()), c.name(db).map_or(all.clone(), |m| m.range()));
        // The first day's words run from the start to its number, the second's from its own.
        let first_range = all.start..ra.end;
        return vec![
            Piece { range: first_range, date: first.map(day), direction },
            Piece { range: rb.start..all.end, date: second.map(day), direction },
        ];
    }
    for (group, m, d, y) in [("mdy", "m1", "d1", "y1"), ("dmy", "m2", "d2", "y2")] {
        if c.name(group).is_none() {
            continue;
        }
        let (Some(mo), Some(dd)) = (dates::month_number(&text(m)), num(d).and_then(|d| u32::try_from(d).ok())) else {
            return Vec::new();
        };
        if let Some(yy) = num(y) {
            return one(NaiveDate::from_ymd_opt(yy, mo, dd).map(day), absolute);
        }
        // Validate the day against a leap year so that `February 29` is kept.
        if NaiveDate::from_ymd_opt(2000, mo, dd).is_none() {
            return Vec::new();
        }
        let t = tense();
        return one(published.and_then(|p| infer_year(p, mo, dd, t)).map(day), t);
    }
    if c.name("quarter").is_some() {
        let half = text("qu") == "half";
        let Some(n) = ordinal(&text("qn"), half) else { return Vec::new() };
        let part = Some(if half { Part::Half(n) } else { Part::Quarter(n) });
        if let Some(y) = num("qy") {
            return one(with_part(year(y), part), absolute);
        }
        let rel = text("qrel");
        let rel = rel.split_whitespace().collect::<Vec<_>>().join(" ");
        let (anchor, step) = match rel.as_str() {
            "last" | "the past" => (published.map(|p| p.year()), -1),
            "next" => (published.map(|p| p.year()), 1),
            "the previous" => (ref_last.map(|d| d.date.year()), -1),
            "the following" => (ref_last.map(|d| d.date.year()), 1),
            "the same" | "the" => (ref_last.map(|d| d.date.year()), 0),
            _ => (published.map(|p| p.year()), 0),
        };
        return one(with_part(anchor.and_then(|y| year(y + step)), part), Direction::Nearest);
    }
    if c.name("qshort").is_some() {
        let q = text("qq");
        let n = q[1..].parse::<u8>().unwrap_or(1);
        let part = if q.starts_with('q') { Part::Quarter(n) } else { Part::Half(n) };
        return one(with_part(num("qy2").and_then(year), Some(part)), absolute);
    }
    if c.name("fiscal").is_some() {
        return one(with_part(num("fiy").and_then(year), Some(Part::Fiscal)), absolute);
    }
    if c.name("decade").is_some() {
        return one(with_part(num("dec").and_then(year), Some(Part::Decade)), absolute);
    }
    if c.name("season").is_some() {
        if let Some(y) = num("sy") {
            return one(with_part(year(y), Some(season(&text("sn2")))), absolute);
        }
        let part = season(&text("sn"));
        let (step, direction) = match text("smod").as_str() {
            "last" | "past" => (-1, Direction::Past),
            "next" | "coming" => (1, Direction::Future),
            _ => (0, Direction::Nearest),
        };
        return one(with_part(published.and_then(|p| year(season_year(p, part, step))), Some(part)), direction);
    }
    if c.name("samelast").is_some() {
        let unit = text("su");
        // With no date named before, only the publication day: `the same period last year`
        // names no month of it, only its year.
        let named = reference.last.is_some() || matches!(unit.as_str(), "day" | "week" | "month");
        let date = ref_last.and_then(|r| match (unit.as_str(), r.granularity) {
            ("day", Granularity::Day) => r.date.with_year(r.date.year() - 1).map(day),
            (_, Granularity::Day | Granularity::Month) if r.part.is_none() && named => {
                month(r.date.year() - 1, r.date.month())
            }
            _ => year(r.date.year() - 1),
        });
        return one(date, Direction::Past);
    }
    if c.name("sameday").is_some() || c.name("theday").is_some() {
        return one(ref_day.map(day), Direction::Nearest);
    }
    if c.name("prevday").is_some() {
        let word = if c.name("pdw").is_some() { text("pdw") } else { text("pdw2") };
        let step = if matches!(word.as_str(), "previous" | "preceding" | "before" | "earlier") { -1 } else { 1 };
        let direction = if step < 0 { Direction::Past } else { Direction::Future };
        return one(ref_day.map(|d| day(d + Duration::days(step))), direction);
    }
    if c.name("theunit").is_some() {
        let words = whole.as_str().to_lowercase();
        let part = if words.contains("start") || words.contains("beginning") || words.contains("turn") {
            Some(Part::Start)
        } else if words.contains("end of") || words.contains("close of") {
            Some(Part::End)
        } else if words.contains("middle") {
            Some(Part::Mid)
        } else if words.starts_with("earl") {
            Some(Part::Early)
        } else if words.starts_with("late") {
            Some(Part::Late)
        } else {
            None
        };
        let date =
            published.and_then(|p| if text("tuu") == "year" { year(p.year()) } else { month(p.year(), p.month()) });
        return one(with_part(date, part), Direction::Nearest);
    }
    if c.name("thatunit").is_some() {
        let date = ref_last.and_then(|r| {
            let (y, m) = (r.date.year(), r.date.month());
            if let Some(u) = c.name("tu").or(c.name("tu6")) {
                return match u.as_str().to_lowercase().as_str() {
                    "week" => None, // unresolved, as `last week` is
                    "month" => month(y, m),
                    "year" => year(y),
                    _ => Some(r.with_part(None)),
                };
            }
            if let Some(u) = c.name("tu2") {
                return if u.as_str().eq_ignore_ascii_case("year") { year(y - 1) } else { prev_month(y, m, -1) };
            }
            if let Some(u) = c.name("tu4") {
                let step = if text("tu3") == "following" { 1 } else { -1 };
                return if u.as_str().eq_ignore_ascii_case("year") { year(y + step) } else { prev_month(y, m, step) };
            }
            if text("tu5") == "month" { month(y, m) } else { year(y) }
        });
        return one(date, Direction::Nearest);
    }
    if c.name("rel").is_some() {
        let Some(count) = number(&text("rn")).map(i64::from) else { return Vec::new() };
        let sign = if matches!(text("rw").as_str(), "later" | "afterwards" | "after") { 1 } else { -1 };
        let unit = text("ru");
        let direction = if sign < 0 { Direction::Past } else { Direction::Future };
        let date = if unit.starts_with("day") || unit.starts_with("week") {
            let days = if unit.starts_with("week") { 7 * count } else { count };
            ref_day.map(|d| day(d + Duration::days(sign * days)))
        } else {
            ref_last.and_then(|r| {
                let n = i32::try_from(count).ok()?;
                if unit.starts_with("month") && r.granularity != Granularity::Year {
                    prev_month(r.date.year(), r.date.month(), sign as i32 * n)
                } else if unit.starts_with("month") {
                    None
                } else {
                    year(r.date.year() + sign as i32 * n)
                }
            })
        };
        return one(date, direction);
    }
    if c.name("weekof").is_some() {
        // A week of a month is a week: unresolved (the module doc of `temporal` says why).
        return one(None, absolute);
    }
    if let Some(m) = c.name("m8") {
        let Some(mo) = dates::month_number(m.as_str()) else { return Vec::new() };
        let t = tense();
        let date = published.and_then(|p| month(month_year(p, mo, t), mo));
        return vec![Piece { range: m.range(), date, direction: t }];
    }
    if c.name("monthonly").is_some() || c.name("monthof").is_some() || c.name("monthrel").is_some() {
        let name = ["m4", "m6", "m7"].into_iter().find(|g| c.name(g).is_some()).map_or(String::new(), text);
        let Some(mo) = dates::month_number(&name) else { return Vec::new() };
        // `since September 5, 2016`, `in March 2015`: the preposition only led the way.
        match (num("d5").and_then(|d| u32::try_from(d).ok()), num("y5")) {
            (Some(dd), Some(yy)) => return one(NaiveDate::from_ymd_opt(yy, mo, dd).map(day), absolute),
            (None, Some(yy)) => return one(with_part(month(yy, mo), month_part(&text("mmod"))), absolute),
            (Some(dd), None) => {
                if NaiveDate::from_ymd_opt(2000, mo, dd).is_none() {
                    return Vec::new();
                }
                let t = tense();
                return one(published.and_then(|p| infer_year(p, mo, dd, t)).map(day), t);
            }
            (None, None) => {}
        }
        let modifier = text("mmod").split_whitespace().collect::<Vec<_>>().join(" ");
        let part = month_part(&modifier);
        if let Some(rel) = c.name("mrel").or(c.name("mrel2")) {
            let words = rel.as_str().to_lowercase();
            let (anchor, step) = if words.ends_with("next") {
                (published.map(|p| p.year()), 1)
            } else if words.ends_with("last") {
                (published.map(|p| p.year()), -1)
            } else if words.ends_with("this") {
                (published.map(|p| p.year()), 0)
            } else if words.ends_with("following") {
                (ref_last.map(|r| r.date.year()), 1)
            } else if words.ends_with("previous") {
                (ref_last.map(|r| r.date.year()), -1)
            } else {
                (ref_last.map(|r| r.date.year()), 0)
            };
            // `October of next year`: the month, and the year named on its own.
            let month_end = c.name("m4").or(c.name("m7")).map_or(all.end, |m| m.end());
            return vec![
                Piece {
                    range: all.start..month_end,
                    date: with_part(anchor.and_then(|y| month(y + step, mo)), part),
                    direction: Direction::Nearest,
                },
                Piece {
                    range: rel.start()..all.end,
                    date: anchor.and_then(|y| year(y + step)),
                    direction: Direction::Nearest,
                },
            ];
        }
        let direction = match modifier.as_str() {
            "last" | "since" => Direction::Past,
            "next" => Direction::Future,
            _ => tense(),
        };
        let date = published.and_then(|p| {
            let first = NaiveDate::from_ymd_opt(p.year(), mo, 1)?;
            let pub_month = NaiveDate::from_ymd_opt(p.year(), p.month(), 1)?;
            let y = match modifier.as_str() {
                "this" => p.year(),
                "last" if first >= pub_month => p.year() - 1,
                "next" if first <= pub_month => p.year() + 1,
                "last" | "next" => p.year(),
                _ => month_year(p, mo, direction),
            };
            month(y, mo)
        });
        return one(with_part(date, part), direction);
    }
    if c.name("year").is_some() {
        return one(num("y4").and_then(year), absolute);
    }
    if let Some(m) = c.name("relday") {
        let (offset, direction) = match m.as_str().to_ascii_lowercase().as_str() {
            "yesterday" => (-1, Direction::Past),
            "tomorrow" => (1, Direction::Future),
            _ => (0, Direction::Nearest),
        };
        return one(published.map(|p| day(p + Duration::days(offset))), direction);
    }
    if c.name("period").is_some() {
        let modifier = text("pmod").split_whitespace().collect::<Vec<_>>().join(" ");
        let unit = text("unit");
        let step: i32 = match modifier.as_str() {
            "last" | "previous" | "past" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        let direction = match step {
            -1 => Direction::Past,
            1 => Direction::Future,
            _ => Direction::Nearest,
        };
        let date = published.and_then(|p| match unit.as_str() {
            "week" => None, // unresolved: the module doc of `temporal` says why
            "month" => prev_month(p.year(), p.month(), step),
            _ => year(p.year() + step),
        });
        return one(date, direction);
    }
    for (group, n, u, sign) in [("ago", "n", "u2", -1i64), ("inn", "n2", "u3", 1)] {
        if c.name(group).is_none() {
            continue;
        }
        let Some(count) = number(&text(n)).map(i64::from) else { return Vec::new() };
        // `its biggest drop in a month`, said in the past: a span of time, no date.
        if sign > 0 && tense() == Direction::Past {
            return Vec::new();
        }
        let unit = text(u);
        let direction = if sign < 0 { Direction::Past } else { Direction::Future };
        let date = published.and_then(|p| {
            if unit.starts_with("day") {
                Some(day(p + Duration::days(sign * count)))
            } else if unit.starts_with("week") {
                Some(day(p + Duration::days(sign * 7 * count)))
            } else if unit.starts_with("month") {
                let months = Months::new(u32::try_from(count).ok()?);
                let d = if sign < 0 { p.checked_sub_months(months)? } else { p.checked_add_months(months)? };
                month(d.year(), d.month())
            } else {
                year(p.year() + i32::try_from(sign * count).ok()?)
            }
        });
        return one(date, direction);
    }
    if c.name("weekday").is_some() {
        let Some(wd) = weekday(&text("wd")) else { return Vec::new() };
        let modifier = text("wmod");
        if matches!(modifier.as_str(), "until" | "till" | "by" | "before") {
            return one(published.map(|p| day(closest_weekday(p, wd))), Direction::Nearest);
        }
        let (direction, strict) = match modifier.as_str() {
            "last" | "past" => (Direction::Past, true),
            "next" | "coming" => (Direction::Future, true),
            // No tense at all (`the club plays Saturday`): the present of a timetable.
            _ => match tense() {
                Direction::Nearest => (Direction::Future, false),
                t => (t, false),
            },
        };
        return one(published.map(|p| day(nearest_weekday(p, wd, direction, strict))), direction);
    }
    if c.name("bare").is_some() {
        return one(num("by").and_then(year), absolute);
    }
    Vec::new()
}

/// The part of a month its modifier names (`early`, `mid`, `end of`, ...).
fn month_part(modifier: &str) -> Option<Part> {
    match modifier.split_whitespace().next().unwrap_or("") {
        "early" => Some(Part::Early),
        "late" => Some(Part::Late),
        "mid" | "middle" => Some(Part::Mid),
        "end" => Some(Part::End),
        "beginning" | "start" => Some(Part::Start),
        _ => None,
    }
}

/// The month `step` months from year `y`, month `m`.
fn prev_month(y: i32, m: u32, step: i32) -> Option<PartialDate> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    let d = if step < 0 {
        first.checked_sub_months(Months::new(step.unsigned_abs()))?
    } else {
        first.checked_add_months(Months::new(step.unsigned_abs()))?
    };
    month(d.year(), d.month())
}
