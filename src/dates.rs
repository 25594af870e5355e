//! Absolute dates in the formats outlets print: a small grammar over regexes.
//!
//! [`find_date`] finds the first full date (day, month, year) in a line, with the time and
//! zone printed next to it: ISO 8601 (`2016-09-05T14:12:00Z`), RFC 2822
//! (`Mon, 05 Sep 2016 14:12:00 +0000`), `5 Sep, 2016 14:12`, `September 5, 2016 04:00 AM`,
//! `Monday 5 September 2010 10.45 GMT`, `Sept. 5, 2016`, `1:39 am EST, Wednesday, November
//! 20, 2019`, `13/06/2014`, `21.dez.2018 às 12h55`, and a year run into the next word as
//! joined text nodes leave it (`September 1, 2016September 8`). Pure and linear in the line;
//! never reads a clock.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime};
use regex::{Captures, Regex};

use crate::model::Published;

/// Compiles a pattern written in this crate.
#[allow(clippy::expect_used, reason = "literal patterns, each compiled by a unit test")]
pub(crate) fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("literal regex compiles")
}

/// Month names in the eight languages of the stop-word lists: English (with abbreviations
/// and `Sept`), Indonesian, French, German, Spanish, Portuguese, Italian and Russian
/// (genitive), as a regex alternation. [`month_number`] reads each.
pub const MONTH_PATTERN: &str = r"(?:Jan(?:uary|uari|uar)?|Feb(?:ruary|ruari|ruar)?|Mar(?:ch|et)?|März|Apr(?:il)?|May|Mei|June?|Juni|July?|Juli|Aug(?:ust|ustus)?|Agustus|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Okt(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Des(?:ember)?|Dez(?:ember)?|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)";

/// English weekday names and abbreviations, as a regex alternation.
pub const WEEKDAY_PATTERN: &str =
    r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)";

const ZONE_PATTERN: &str =
    r"(?:Z|UTC|GMT|[ECMP][SD]T|(?-i:[ECMP]T)|HST|AK[SD]T|BST|CES?T|EES?T|MSK|JST|IST|WIB|AEST|AEDT|[+-]\d{2}:?\d{2})";

/// Month names in lower case, January first: an English three-letter abbreviation, then
/// names in other languages (see [`month_number`]).
pub const MONTH_NAMES: [&[&str]; 12] = [
    &["jan", "janvier", "enero", "janeiro", "gennaio", "января"],
    &["feb", "février", "febrero", "fevereiro", "febbraio", "февраля"],
    &["mar", "märz", "mars", "marzo", "março", "марта"],
    &["apr", "avril", "abril", "aprile", "апреля"],
    &["may", "mei", "mai", "mayo", "maio", "maggio", "мая"],
    &["jun", "juin", "junio", "junho", "giugno", "июня"],
    &["jul", "juillet", "julio", "julho", "luglio", "июля"],
    &["aug", "agu", "août", "agosto", "августа"],
    &["sep", "septembre", "septiembre", "setembro", "settembre", "сентября"],
    &["oct", "okt", "octobre", "octubre", "outubro", "ottobre", "октября"],
    &["nov", "novembre", "noviembre", "novembro", "ноября"],
    &["dec", "des", "dez", "décembre", "diciembre", "dezembro", "dicembre", "декабря"],
];

/// The month (1-12) a month name or abbreviation of [`MONTH_PATTERN`] names, any case.
pub fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_lowercase();
    // Full names first (`mars`, `mai`), then English-style three-letter prefixes.
    if let Some(i) = MONTH_NAMES.iter().position(|names| names.iter().skip(1).any(|n| *n == lower)) {
        return u32::try_from(i + 1).ok();
    }
    let prefix: String = lower.chars().take(3).collect();
    MONTH_NAMES
        .iter()
        .position(|names| names[0] == prefix || (names.len() > 1 && names[1] == prefix))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The UTC offset of a zone abbreviation or numeric offset (`GMT`, `EST`, `+0300`, `-05:00`).
pub fn zone_offset(zone: &str) -> Option<FixedOffset> {
    let hours = match zone.to_ascii_uppercase().as_str() {
        "Z" | "UTC" | "GMT" => 0,
        "BST" | "CET" => 1,
        "CEST" | "EET" => 2,
        "EEST" | "MSK" => 3,
        "IST" => return FixedOffset::east_opt(5 * 3600 + 1800),
        "WIB" => 7,
        "JST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        "EST" | "CDT" => -5,
        "EDT" => -4,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" | "AKDT" => -8,
        "AKST" => -9,
        "HST" => -10,
        z => {
            let sign = match z.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits: String = z[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            let h: i32 = digits[..2].parse().ok()?;
            let m: i32 = digits[2..].parse().ok()?;
            return FixedOffset::east_opt(sign * (h * 3600 + m * 60));
        }
    };
    FixedOffset::east_opt(hours * 3600)
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?-u:\b)(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:[T ](?P<H>\d{{1,2}}):(?P<M>\d{{2}})(?::(?P<S>\d{{2}}))?(?:\.\d+)?\s*(?P<z>{ZONE_PATTERN})?)?"
    ))
});

static DMY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|º)?(?:\.?\s+(?:of\s+|de\s+)?|[-.])(?P<mon>{MONTH_PATTERN})(?:\.?,?\s+(?:de\s+)?|[-.])(?P<y>\d{{4}})"
    ))
});

static MDY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(r"(?i)(?-u:\b)(?P<mon>{MONTH_PATTERN})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[,.]?\s+(?P<y>\d{{4}})"))
});

/// Year first with dots, slashes or CJK unit characters: `2016.12.01`, `2016/12/01`,
/// `2016年08月03日`.
static YMD: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?:^|[^\d])(?P<y>\d{4})(?:[./]|年\s*)(?P<m>\d{1,2})(?:[./]|月\s*)(?P<d>\d{1,2})(?:日|[^\d]|$)")
});

static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?-u:\b)(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})(?-u:\b)"));

/// A time right after a date: `14:12`, `, 04:00 AM`, ` at 4:02 pm`, ` 10.45 GMT`, `| 11:42 am`.
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)^[\s,|/\-–—:]*(?:(?:at|à|às|a las|alle|um|pukul|в)\s+|@\s*)?(?P<H>\d{{1,2}})[:.h](?P<M>\d{{2}})(?::(?P<S>\d{{2}}))?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*\(?(?P<z>{ZONE_PATTERN})\)?)?(?-u:\b)"
    ))
});

/// A time right before a date: `1:39 am EST, Wednesday, `.
static TIME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?-u:\b)(?P<H>\d{{1,2}}):(?P<M>\d{{2}})(?::(?P<S>\d{{2}}))?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?P<z>{ZONE_PATTERN}))?[\s,]*(?:{WEEKDAY_PATTERN}\.?,?\s*)?$"
    ))
});

/// A time of day with the zone printed beside it, if any.
type TimeAndZone = (NaiveTime, Option<FixedOffset>);

/// A date found in a line: its value and where it stands (date, time and zone together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// The date, with time and offset when printed beside it.
    pub published: Published,
    /// The byte range of the whole match in the line.
    pub span: Range<usize>,
}

/// Finds the first full date in `line`, with an adjacent time and zone.
pub fn find_date(line: &str) -> Option<FoundDate> {
    // Every form has a four-digit year: most lines have none, and skip the regexes.
    if !line.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit)) {
        return None;
    }
    let mut best: Option<(Range<usize>, NaiveDate, Option<TimeAndZone>)> = None;
    let mut consider = |span: Range<usize>, date: Option<NaiveDate>, time| {
        if let Some(date) = date
            && best.as_ref().is_none_or(|(s, _, _)| span.start < s.start)
        {
            best = Some((span, date, time));
        }
    };
    if let Some(c) = ISO.captures(line) {
        let date = ymd(&c["y"], &c["m"], &c["d"]);
        let time = date.and_then(|d| c.name("H").and_then(|_| time_of(&c, d)));
        consider(whole(&c), date, time);
    }
    for re in [&*DMY, &*MDY] {
        // A year runs into the next word when a page's text nodes were joined without a
        // space (`September 1, 2016September 8, 2016`), but never into more digits.
        let whole_year = |c: &Captures<'_>| !line[whole(c).end..].starts_with(|ch: char| ch.is_ascii_digit());
        if let Some(c) = re.captures_iter(line).find(whole_year) {
            let month = month_number(&c["mon"]).map(|m| m.to_string());
            let date = month.and_then(|m| ymd(&c["y"], &m, &c["d"]));
            consider(whole(&c), date, None);
        }
    }
    if let Some(c) = YMD.captures(line) {
        let span = c.name("y").map_or(0, |m| m.start())..c.name("d").map_or(0, |m| m.end());
        consider(span, ymd(&c["y"], &c["m"], &c["d"]), None);
    }
    if let Some(c) = NUMERIC.captures(line) {
        let (a, b): (u32, u32) = (c["a"].parse().unwrap_or(0), c["b"].parse().unwrap_or(0));
        // Day first unless that cannot be (most of the world writes 13/06/2014).
        let (d, m) = if a <= 12 && b > 12 { (b, a) } else { (a, b) };
        consider(whole(&c), ymd(&c["y"], &m.to_string(), &d.to_string()), None);
    }
    let (mut span, date, mut time) = best?;
    if time.is_none() {
        if let Some(c) = TIME_AFTER.captures(&line[span.end..]) {
            if let Some(t) = time_of(&c, date) {
                time = Some(t);
                span.end += c.get(0).map_or(0, |m| m.end());
            }
        } else if let Some(c) = TIME_BEFORE.captures(&line[..span.start])
            && let Some(t) = time_of(&c, date)
        {
            time = Some(t);
            span.start = c.get(0).map_or(span.start, |m| m.start());
        }
    }
    let (time, offset) = match time {
        Some((t, o)) => (Some(t), o),
        None => (None, None),
    };
    Some(FoundDate { published: Published { date, time, offset }, span })
}

fn whole(c: &Captures<'_>) -> Range<usize> {
    c.get(0).map_or(0..0, |m| m.range())
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    if !(1900..=2200).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m.parse().ok()?, d.parse().ok()?)
}

/// The time a match names, with its zone's offset on `date` (a US zone printed without
/// standard or daylight, `ET`, is the one in force that day).
fn time_of(c: &Captures<'_>, date: NaiveDate) -> Option<TimeAndZone> {
    let mut h: u32 = c.name("H")?.as_str().parse().ok()?;
    let m: u32 = c.name("M")?.as_str().parse().ok()?;
    let s: u32 = c.name("S").map_or(Some(0), |s| s.as_str().parse().ok())?;
    if let Some(ampm) = c.name("ampm") {
        if !(1..=12).contains(&h) {
            return None;
        }
        let pm = ampm.as_str().starts_with(['p', 'P']);
        h = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    }
    let time = NaiveTime::from_hms_opt(h, m, s)?;
    Some((time, c.name("z").and_then(|z| us_zone_offset(z.as_str(), date).or_else(|| zone_offset(z.as_str())))))
}

/// The offset of a US zone's clock on a day (`ET`, `CT`, `MT`, `PT`): daylight time from
/// the second Sunday of March to the first Sunday of November. A US page that prints the
/// standard or daylight name gets it wrong half the year (`Sep 9, 2025 at 1:00 PM EST`)
/// while its clock is right, so `EST` and `EDT` read as `ET` too (and Central and Pacific;
/// not Mountain: Arizona keeps `MST` all year).
fn us_zone_offset(zone: &str, date: NaiveDate) -> Option<FixedOffset> {
    let zone = zone.to_ascii_uppercase();
    let region = match zone.as_bytes() {
        [r @ (b'E' | b'C' | b'P'), b'S' | b'D', b'T'] | [r, b'T'] => *r,
        _ => return None,
    };
    let standard = match region {
        b'E' => -5,
        b'C' => -6,
        b'M' => -7,
        b'P' => -8,
        _ => return None,
    };
    let sunday =
        |month: u32, nth: u8| NaiveDate::from_weekday_of_month_opt(date.year(), month, chrono::Weekday::Sun, nth);
    let daylight = match (sunday(3, 2), sunday(11, 1)) {
        (Some(start), Some(end)) => date >= start && date < end,
        _ => false,
    };
    FixedOffset::east_opt((standard + i32::from(daylight)) * 3600)
}

/// A publication time given relative to the moment the page was saved: `2 hours ago`,
/// `1h ago`, `3 days ago`, `a week ago`, `yesterday`.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?-u:\b)(?:(?P<n>\d{1,3}|an?|one)\s*(?P<u>minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)\s+ago|(?P<y>yesterday))(?-u:\b)",
    )
});

/// The publication time a relative date line gives (`1 day ago`, `By M. Smith, 1h ago`),
/// counted back from `crawled`, when the scraper saved the page. Minutes and hours keep the
/// time when `crawled` has one (else the day it names); days and weeks give the day.
pub fn find_relative(line: &str, crawled: &Published) -> Option<Published> {
    if !line.contains(['o', 'O', 'y', 'Y']) {
        return None;
    }
    let c = RELATIVE.captures(line)?;
    let (n, unit) = match (c.name("n"), c.name("u")) {
        (Some(n), Some(u)) => (n.as_str().parse::<i64>().unwrap_or(1), u.as_str().to_ascii_lowercase()),
        _ => (1, "day".to_owned()),
    };
    let minutes = match unit.as_bytes().first() {
        Some(b'm') => n,
        Some(b'h') => n * 60,
        Some(b'd') => n * 24 * 60,
        _ => n * 7 * 24 * 60,
    };
    let span = chrono::Duration::try_minutes(minutes)?;
    match crawled.time {
        Some(time) if minutes < 24 * 60 => {
            let at = crawled.date.and_time(time).checked_sub_signed(span)?;
            Some(Published { date: at.date(), time: Some(at.time()), offset: crawled.offset })
        }
        _ => Some(Published::day(crawled.date.checked_sub_signed(chrono::Duration::try_days(minutes / (24 * 60))?)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_dates_count_back_from_the_crawl() {
        let at = Published::parse_iso("2019-11-20T14:30:00Z").unwrap();
        let rel = |line: &str, c: &Published| find_relative(line, c).map(|p| p.to_string()).unwrap_or_default();
        assert_eq!(rel("2 hours ago", &at), "2019-11-20T12:30:00+00:00");
        assert_eq!(rel("By M. Smith, 1h ago", &at), "2019-11-20T13:30:00+00:00");
        assert_eq!(rel("Published 45 mins ago", &at), "2019-11-20T13:45:00+00:00");
        assert_eq!(rel("1 day ago", &at), "2019-11-19");
        assert_eq!(rel("a week ago", &at), "2019-11-13");
        assert_eq!(rel("Updated yesterday", &at), "2019-11-19");
        let day = Published::parse_iso("2019-11-20").unwrap();
        assert_eq!(rel("3 hours ago", &day), "2019-11-20");
        assert_eq!(rel("2 days ago", &day), "2019-11-18");
        assert_eq!(rel("Chicago", &at), "");
        assert_eq!(rel("They met a goodbye ago", &at), "");
    }

    fn found(line: &str) -> String {
        find_date(line).map(|f| f.published.to_string()).unwrap_or_default()
    }

    #[test]
    fn all_patterns_compile() {
        for re in [&*ISO, &*DMY, &*MDY, &*YMD, &*NUMERIC, &*TIME_AFTER, &*TIME_BEFORE] {
            assert!(!re.as_str().is_empty());
        }
    }

    #[test]
    fn formats_outlets_print() {
        assert_eq!(found("5 Sep, 2016 14:12"), "2016-09-05T14:12:00");
        assert_eq!(found("Published: September 5, 2016 04:00 AM"), "2016-09-05T04:00:00");
        assert_eq!(found("Monday 5 September 2010 10.45 GMT"), "2010-09-05T10:45:00+00:00");
        assert_eq!(found("Last updated 2016-09-05 14:12"), "2016-09-05T14:12:00");
        assert_eq!(found("Sept. 5, 2016"), "2016-09-05");
        assert_eq!(found("5 September 2016"), "2016-09-05");
        assert_eq!(found("2016-09-05T14:12:00Z"), "2016-09-05T14:12:00+00:00");
        assert_eq!(found("2016-09-05T14:12:00+03:00"), "2016-09-05T14:12:00+03:00");
        assert_eq!(found("Mon, 05 Sep 2016 14:12:00 +0000"), "2016-09-05T14:12:00+00:00");
        assert_eq!(found("October 9, 2018 at 4:02 pm"), "2018-10-09T16:02:00");
        assert_eq!(found("1:39 am EST, Wednesday, November 20, 2019"), "2019-11-20T01:39:00-05:00");
        // A US clock named standard in summer or daylight in winter is the zone's clock.
        assert_eq!(found("Updated Sep 9, 2025 at 1:00 PM EST"), "2025-09-09T13:00:00-04:00");
        assert_eq!(found("Jan 9, 2025 at 1:00 PM PDT"), "2025-01-09T13:00:00-08:00");
        assert_eq!(found("Jul 9, 2025 at 1:00 PM MST"), "2025-07-09T13:00:00-07:00");
        assert_eq!(found("February 1, 2016: 12:41 PM ET"), "2016-02-01T12:41:00-05:00");
        assert_eq!(found("July 4, 2016 3:05 pm PT"), "2016-07-04T15:05:00-07:00");
        assert_eq!(found("November 18, 2019 at 2:26 PM HST"), "2019-11-18T14:26:00-10:00");
        assert_eq!(found("5 septembre 2016 12:41 et demain"), "2016-09-05T12:41:00", "French `et` is no zone");
        assert_eq!(found("13/06/2014 Tony Carter"), "2014-06-13");
        assert_eq!(found("12:00 PM on 3rd of March 2020"), "2020-03-03");
        assert_eq!(found("Posted on Maret 30, 2015 by Admin"), "2015-03-30");
        assert_eq!(found("5 août 2016"), "2016-08-05");
        assert_eq!(found("3 марта 2019"), "2019-03-03");
        assert_eq!(found("12 Mai 2018"), "2018-05-12");
    }

    #[test]
    fn numeric_dates_either_way_round_and_with_dots() {
        assert_eq!(found("11/20/2019"), "2019-11-20");
        assert_eq!(found("20.11.2019"), "2019-11-20");
        assert_eq!(found("20/11/2019 08:15"), "2019-11-20T08:15:00");
    }

    #[test]
    fn month_names_of_the_eight_languages() {
        assert_eq!(found("20 de noviembre de 2019"), "2019-11-20");
        assert_eq!(found("20 de novembro de 2019"), "2019-11-20");
        assert_eq!(found("1er décembre 2019"), "2019-12-01");
        assert_eq!(found("20 novembre 2019"), "2019-11-20");
        assert_eq!(found("3 maggio 2018"), "2018-05-03");
        assert_eq!(found("3 maio 2018"), "2018-05-03");
        assert_eq!(found("20. November 2019"), "2019-11-20");
        assert_eq!(found("12 Desember 2019"), "2019-12-12");
        assert_eq!(found("20 ноября 2019"), "2019-11-20");
        assert_eq!(found("5 giugno 2020"), "2020-06-05");
    }

    #[test]
    fn year_first_and_hyphenated_dates() {
        assert_eq!(found("by Jane Roe ／ 2016.12.01"), "2016-12-01");
        assert_eq!(found("2016年08月03日"), "2016-08-03");
        assert_eq!(found("2016/8/3 12:30"), "2016-08-03T12:30:00");
        assert_eq!(found("Updated on 19-Dec-2025"), "2025-12-19");
        assert_eq!(found("Version 2016.12.45"), "");
    }

    #[test]
    fn dotted_and_glued_forms_scrapes_carry() {
        assert_eq!(found("21.dez.2018 às 12h55"), "2018-12-21T12:55:00");
        assert_eq!(found("December 19. 2025"), "2025-12-19");
        assert_eq!(found("JULY 29, 2016"), "2016-07-29");
        assert_eq!(found("Par Jane Roe — 24 novembre 2017 à 18:42"), "2017-11-24T18:42:00");
        assert_eq!(found("September 1, 2016September 8, 2016Jane Roe"), "2016-09-01");
        assert_eq!(found("May 5, 20161"), "", "a year runs into no more digits");
    }

    #[test]
    fn no_date_where_there_is_none() {
        assert_eq!(found("The 90-minute meeting in 2016 ended."), "");
        assert_eq!(found("February 30, 2016"), "");
        assert_eq!(found("Call 01507 529529"), "");
    }

    #[test]
    fn noon_and_midnight_in_twelve_hour_clock() {
        assert_eq!(found("May 1, 2020 12:05 am"), "2020-05-01T00:05:00");
        assert_eq!(found("May 1, 2020 12:05 pm"), "2020-05-01T12:05:00");
    }

    #[test]
    fn span_covers_date_and_time() {
        let line = "Published: September 5, 2016 04:00 AM";
        let f = find_date(line).unwrap();
        assert_eq!(&line[f.span], "September 5, 2016 04:00 AM");
    }
}
