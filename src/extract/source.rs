//! Who published and who wrote: the outlet, the credit or byline, and the dateline.

use std::sync::LazyLock;

use regex::Regex;

use crate::clean::blocks::{TitleSplit, split_site_suffix};
use crate::clean::rules::byline_lead;
use crate::dates::regex;
use crate::extract::title::Headline;
use crate::model::{CleanLine, LineKind};

/// The outlet: the site name the title carries (`Headline | Site`, `Site | Headline`) when
/// the page confirms it is one (a header, menu or copyright line names it, or it is a domain
/// name), never a tail the page does not repeat (a standfirst, a slogan); narrowed by a site
/// header above it that names the same site, and spelled as the story spells it. With no
/// site in the title, the holder a copyright line names, when it has a name's shape.
pub fn outlet(lines: &[CleanLine], headline: Option<&Headline<'_>>) -> Option<String> {
    let Headline { at, split } = headline?;
    let at = *at;
    // The page's first line is its `<title>` as scrapers save it: when the headline is
    // another line (the `<h1>`) and names no site, the first line's site suffix may.
    let first_split = if split.confirmed {
        None
    } else {
        lines[..at]
            .iter()
            .position(|l| l.kind != LineKind::Blank)
            .map(|i| crate::extract::title::split_headline_line(lines, i, &lines[i].text))
            .filter(|s| s.confirmed && s.site.is_some())
    };
    // A `<title>` the scraper broke before its separator: the headline, then `| Herald Sun`
    // (which, being the title's, vouches for nothing).
    let continued = continued_title(lines, at, split);
    let continued_split = continued
        .as_ref()
        .map(|(taken, t)| {
            let others: Vec<CleanLine> =
                lines.iter().enumerate().filter(|(i, _)| !taken.contains(i)).map(|(_, l)| l.clone()).collect();
            crate::extract::title::split_headline_line(&others, at, t)
        })
        .filter(|s| s.confirmed && s.site.is_some());
    let split = first_split.as_ref().or(continued_split.as_ref()).unwrap_or(split);
    let title_site = split.site;
    let header_site = lines[..at]
        .iter()
        .filter(|l| l.kind != LineKind::Blank)
        .find_map(|l| split_site_suffix(&l.text).1.filter(|s| common_prefix_words(s, title_site.unwrap_or("")) > 0));
    let name = match (title_site, header_site) {
        (Some(t), Some(h)) => {
            let n = common_prefix_words(t, h);
            h.split_whitespace().take(n).collect::<Vec<_>>().join(" ")
        }
        (Some(t), None) if split.confirmed => t.to_owned(),
        _ => footer_holder(lines)?,
    };
    let name = name.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
    // A path of sections (`Culture / Next`) is the page's place on the site, not its name.
    if name.is_empty() || name.contains(" / ") {
        return None;
    }
    // The story's spelling, unless it writes the name in lower case (in a web address).
    let spelled = spelling_in_text(&name, lines).filter(|s| s.chars().any(char::is_uppercase));
    Some(spelled.unwrap_or_else(|| prefer_mixed_case(&name)))
}

/// Title separators a broken `<title>`'s later lines open with.
const CONTINUATIONS: [&str; 4] = ["|", "-", "–", "—"];

/// The headline line joined with the lines right under it that carry on a `<title>` the
/// scraper broke at its separators (`| Herald Sun`; `|`, `Smart News`, `| Smithsonian`),
/// when the headline names no site itself: those lines' indices and the joined title.
fn continued_title(lines: &[CleanLine], at: usize, split: &TitleSplit<'_>) -> Option<(Vec<usize>, String)> {
    if split.site.is_some() {
        return None;
    }
    let mut title = lines[at].text.clone();
    let mut taken = Vec::new();
    let mut after_separator = false;
    for (i, line) in lines.iter().enumerate().skip(at + 1) {
        let text = line.text.trim();
        let opens =
            CONTINUATIONS.iter().any(|sep| text.strip_prefix(sep).is_some_and(|r| r.is_empty() || r.starts_with(' ')));
        if text.is_empty() || !(opens || after_separator) {
            break;
        }
        title.push(' ');
        title.push_str(text);
        taken.push(i);
        after_separator = CONTINUATIONS.contains(&text);
    }
    let named = taken.last().is_some_and(|&i| !CONTINUATIONS.contains(&lines[i].text.trim()));
    named.then_some((taken, title))
}

static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^(?:copyright\s*)?(?:©|\(c\))?\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?P<name>[^.,|©]+)",
    )
});

/// The company forms a holder's name ends with (`Limited`, `LLC`, ...), cut from an outlet.
const COMPANY_FORMS: [&str; 13] =
    ["limited", "ltd", "llc", "inc", "gmbh", "corp", "corporation", "plc", "co", "sa", "ag", "pvt", "private"];

/// The holder a copyright line names (`© 1996-2015 The Washington Post`, `Copyright Herald
/// and Weekly Times. All times AEST`), without a company form or a year after it, when the
/// name has a site name's shape.
fn copyright_holder(line: &str) -> Option<&str> {
    let mut name = COPYRIGHT.captures(line)?.name("name")?.as_str().trim();
    loop {
        name = name.trim_end_matches(|c: char| !c.is_alphanumeric());
        match name.rsplit_once(' ') {
            Some((rest, last))
                if COMPANY_FORMS.iter().any(|f| f.eq_ignore_ascii_case(last))
                    || last.bytes().all(|b| b.is_ascii_digit()) =>
            {
                name = rest;
            }
            _ => break,
        }
    }
    (crate::clean::blocks::name_shaped(name) && !name.to_lowercase().contains("rights")).then_some(name)
}

/// The outlet a page's footer names: the holder of a copyright line below the story, when
/// a short line of the page's furniture (a header, a menu) names it too: the company behind
/// a site (`NYP Holdings`) is named nowhere else, and a photographer only in the story, a
/// caption or the credit repeated.
fn footer_holder(lines: &[CleanLine]) -> Option<String> {
    let last_body = lines.iter().rposition(|l| l.kind.is_body())?;
    lines[last_body..].iter().filter(|l| l.rule == "copyright").find_map(|l| {
        let holder = copyright_holder(&l.text)?;
        let key = crate::text::line_key(holder);
        let finder = memchr::memmem::Finder::new(key.as_bytes());
        let named = |other: &CleanLine| {
            matches!(other.kind, LineKind::Boilerplate | LineKind::Meta | LineKind::Title)
                && !matches!(other.rule, "copyright" | "repeated_line" | "photo_credit")
                && crate::text::at_most_words(&other.key, 20)
                && crate::text::key_holds(&other.key, &finder)
        };
        lines.iter().any(named).then(|| holder.to_owned())
    })
}

/// How many leading words two names share, ignoring case.
fn common_prefix_words(a: &str, b: &str) -> usize {
    a.split_whitespace().zip(b.split_whitespace()).take_while(|(x, y)| x.to_lowercase() == y.to_lowercase()).count()
}

/// The name as the body text writes it, when the body names it (any case).
fn spelling_in_text(name: &str, lines: &[CleanLine]) -> Option<String> {
    let lower_name = name.to_lowercase();
    if lower_name.len() < 3 {
        return None;
    }
    let finder = memchr::memmem::Finder::new(lower_name.as_bytes());
    let mut lower_ascii: Vec<u8> = Vec::new();
    lines.iter().filter(|l| l.kind.is_body()).find_map(|l| {
        if l.text.is_ascii() {
            // Lower-cased into one reused buffer: most lines do not name the outlet.
            lower_ascii.clear();
            lower_ascii.extend(l.text.bytes().map(|b| b.to_ascii_lowercase()));
            let at = finder.find(&lower_ascii)?;
            return l.text.get(at..at + lower_name.len()).map(str::to_owned);
        }
        let lower = l.text.to_lowercase();
        let at = lower.find(&lower_name)?;
        // Lower-casing can change byte lengths; only take the spelling when it did not.
        (lower.len() == l.text.len()).then(|| l.text.get(at..at + lower_name.len())).flatten().map(str::to_owned)
    })
}

/// An all-capitals name becomes title case (`ASHARQ AL-AWSAT` → `Asharq Al-Awsat`); a name
/// with lower-case letters is left alone.
fn prefer_mixed_case(name: &str) -> String {
    if name.chars().any(char::is_lowercase) || name.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if c.is_alphabetic() {
            if start {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = true;
        }
    }
    out
}

/// Non-blank lines a credit line may stand from the story (above its first line or below its
/// last): a byline sits by the story; a menu label with an agency word does not.
const CREDIT_REACH: usize = 6;

/// The credit: the first byline (`By Jane Roe`: a byline's shape wherever it stands) or credit
/// line (`Associated Press`, `Staff Writer`) standing by the story, without its bullet or `By`.
/// A credit line far from the story is a menu or section label (`Staff & Reader Blogs`).
pub fn credit(lines: &[CleanLine]) -> Option<String> {
    let first_body = lines.iter().position(|l| l.kind.is_body());
    let last_body = lines.iter().rposition(|l| l.kind.is_body());
    let between = |a: usize, b: usize| lines[a.min(b)..a.max(b)].iter().filter(|l| l.kind != LineKind::Blank).count();
    let near = |i: usize| match (first_body, last_body) {
        (Some(f), Some(l)) => (i <= f && between(i, f) <= CREDIT_REACH) || (i > l && between(l, i) <= CREDIT_REACH),
        _ => false,
    };
    lines
        .iter()
        .enumerate()
        .find(|(i, l)| l.kind == LineKind::Meta && (l.rule == "byline" || (l.rule == "credit_line" && near(*i))))
        .map(|(_, l)| {
            let t = l.text.trim_start_matches(['*', '—', '–', '-', '•', ' ']);
            // `(Associated Press)` loses its brackets; `Jane Roe (with John Doe)` keeps them.
            let t = t.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(t);
            byline_names(&t[byline_lead(t).unwrap_or(0)..]).to_owned()
        })
        .filter(|c| !c.is_empty())
}

/// The names of a byline without what it prints after them: the date and the words leading
/// to it (`Jane Roe on Dec 17, 2025`, `Jane Roe | November 19, 2019`), the section (`Jane
/// Roe in Festivals & Events`), a social handle (`Jane Roe @janeroe`), a relative date
/// (`Jane Roe 2 days ago`).
fn byline_names(byline: &str) -> &str {
    static AGO: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"(?i)\s\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago(?-u:\b)")
    });
    let mut end = crate::dates::find_date(byline).map_or(byline.len(), |d| d.span.start);
    end = end.min(AGO.find(byline).map_or(end, |m| m.start()));
    for cut in [" in ", "@", " | ", " • ", " · ", " — ", " – ", " - ", "／"] {
        if let Some(at) = byline[..end].find(cut) {
            end = end.min(at);
        }
    }
    let names = byline[..end].trim_end_matches([' ', ',', ':', ';', '|', '-', '–', '—', '•', '·', '／']);
    names.strip_suffix(" on").or_else(|| names.strip_suffix(" at")).unwrap_or(names).trim()
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?P<place>\p{Lu}[\p{L}.'’]*(?:\s+\p{Lu}[\p{L}.'’]*){0,2}(?:,\s*\p{Lu}[\p{L}.'’]*(?:\s+\p{Lu}[\p{L}.'’]*){0,2}){0,2})\s*(?:\((?P<agency>[^)]{1,40})\)\s*)?(?P<sep>//|\s[-–—]\s|[-–—]\s|-)",
    )
});

/// The dateline opening a paragraph: `HANGZHOU, China //`, `Moscow, Paris-`,
/// `LONDON (Reuters) -`. Returns the place.
pub fn dateline(paragraph: &str) -> Option<String> {
    let c = DATELINE.captures(paragraph)?;
    let place = c.name("place")?.as_str().trim();
    let sep = c.name("sep")?.as_str().trim();
    let all_caps = place.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let trusted = place.contains(',') || all_caps || sep == "//" || c.name("agency").is_some();
    // A bare hyphen glued to the next word needs a comma-separated place: `Moscow, Paris-Russian`.
    let sep_match = c.name("sep")?;
    let glued = sep_match.as_str() == "-";
    let next_upper = paragraph[sep_match.end()..].chars().next().is_some_and(char::is_uppercase);
    if !trusted || (glued && (!place.contains(',') || !next_upper)) {
        return None;
    }
    Some(place.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::title::headline;

    fn l(text: &str, kind: LineKind, rule: &'static str) -> CleanLine {
        CleanLine::new(text, kind, rule)
    }

    /// [`spelling_in_text`] as first written: every body line lower-cased.
    fn spelling_by_lowercase(name: &str, lines: &[CleanLine]) -> Option<String> {
        let lower_name = name.to_lowercase();
        if lower_name.len() < 3 {
            return None;
        }
        lines.iter().filter(|l| l.kind.is_body()).find_map(|l| {
            let lower = l.text.to_lowercase();
            let at = lower.find(&lower_name)?;
            (lower.len() == l.text.len()).then(|| l.text.get(at..at + lower_name.len())).flatten().map(str::to_owned)
        })
    }

    proptest::proptest! {
        #[test]
        fn spelling_agrees_with_lower_casing_every_line(
            name in "(Reuters|AP|Al Jaz|[a-zA-Zé]{0,5})",
            texts in proptest::collection::vec("(reuters|REUTERS|ReUtErS|al jaz|AL JAZ|AP|ap|é|É|[a-zA-Z]{0,3}| ){0,8}", 0..4),
        ) {
            let lines: Vec<CleanLine> = texts.iter().map(|t| l(t, LineKind::Body, "test")).collect();
            proptest::prop_assert_eq!(spelling_in_text(&name, &lines), spelling_by_lowercase(&name, &lines));
        }
    }

    #[test]
    fn datelines() {
        assert_eq!(dateline("HANGZHOU, China // The US and Russia are challenged").as_deref(), Some("HANGZHOU, China"));
        assert_eq!(
            dateline("Moscow, Paris-Russian President Vladimir Putin did not").as_deref(),
            Some("Moscow, Paris")
        );
        assert_eq!(dateline("LONDON (Reuters) - Shares fell on Monday").as_deref(), Some("LONDON"));
        assert_eq!(dateline("WASHINGTON — The Senate voted").as_deref(), Some("WASHINGTON"));
        assert_eq!(dateline("Mr Obama – who spoke last – said no"), None);
        assert_eq!(dateline("Franco-German talks resumed"), None);
        assert_eq!(dateline("Senator representing Yobe North , Ahmad Lawan , on Tuesday"), None);
    }

    #[test]
    fn outlet_from_header_and_title_suffix() {
        let lines = vec![
            l("Middle-east Arab News Opinion | Asharq Al-awsat", LineKind::Boilerplate, "outside_main_region"),
            l("Putin: Deal on Syria | ASHARQ AL-AWSAT English Archive 2005 -2017", LineKind::Title, "headline"),
            l("French sources told Asharq Al-Awsat newspaper that it is early.", LineKind::Body, "main_region"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()).as_deref(), Some("Asharq Al-Awsat"));
    }

    #[test]
    fn all_caps_outlet_gets_title_case() {
        let lines = vec![
            l("Deal reached on trade | DAILY EXAMPLE", LineKind::Title, "headline"),
            l("© 2024 Daily Example", LineKind::Boilerplate, "copyright"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()).as_deref(), Some("Daily Example"));
        let lines = vec![
            l("Deal reached on trade | BBC", LineKind::Title, "headline"),
            l("BBC", LineKind::Boilerplate, "outside_main_region"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()).as_deref(), Some("BBC"));
    }

    #[test]
    fn a_tail_the_page_does_not_repeat_is_no_outlet() {
        let lines = vec![
            l("Rocket lifts off - Shoots for the moon, lands among the stars", LineKind::Title, "headline"),
            l("The rocket lifted off on Tuesday.", LineKind::Body, "main_region"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()), None);
        let lines = vec![
            l("Space Weekly: Rocket lifts off after a long delay", LineKind::Title, "headline"),
            l("Copyright 2024 Space Weekly", LineKind::Boilerplate, "copyright"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()).as_deref(), Some("Space Weekly"));
    }

    #[test]
    fn the_first_line_s_site_names_the_outlet_when_the_headline_is_another_line() {
        let lines = vec![
            l("Markets fall as rates rise - Daily Example", LineKind::Boilerplate, "outside_main_region"),
            l("Markets fall as rates rise", LineKind::Title, "headline"),
            l("Shares fell on Monday as the bank raised its rates again.", LineKind::Body, "main_region"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()).as_deref(), Some("Daily Example"));
        let lines = vec![
            l("Screenshot: the week in apps - Culture / Next", LineKind::Boilerplate, "outside_main_region"),
            l("Screenshot: the week in apps", LineKind::Title, "headline"),
            l("Shares fell on Monday as the bank raised its rates again.", LineKind::Body, "main_region"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()), None, "a section path is no outlet");
    }

    #[test]
    fn a_title_broken_before_its_separator_still_names_the_site() {
        let lines = vec![
            l("Angry media won’t buckle over new surveillance laws", LineKind::Title, "headline"),
            l("| Herald Sun", LineKind::Boilerplate, "outside_main_region"),
            l("News", LineKind::Boilerplate, "outside_main_region"),
            l(
                "Media companies said they would fight the laws in court and in parliament.",
                LineKind::Body,
                "main_region",
            ),
            l("Herald Sun", LineKind::Boilerplate, "outside_main_region"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()).as_deref(), Some("Herald Sun"));
        // Broken at each separator.
        let lines = vec![
            l("Three Cases of Plague Diagnosed in China", LineKind::Title, "headline"),
            l("|", LineKind::Boilerplate, "counter"),
            l("Smart News", LineKind::Boilerplate, "outside_main_region"),
            l("| Smithsonian", LineKind::Boilerplate, "outside_main_region"),
            l("", LineKind::Blank, "blank"),
            l(
                "Health officials confirmed three cases of plague in the region on Tuesday.",
                LineKind::Body,
                "main_region",
            ),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()).as_deref(), Some("Smithsonian"));
        // A slogan the page names nowhere else is no outlet, broken or not.
        let lines = vec![
            l("Angry media won’t buckle over new surveillance laws", LineKind::Title, "headline"),
            l("| news you can use every day", LineKind::Boilerplate, "outside_main_region"),
            l(
                "Media companies said they would fight the laws in court and in parliament.",
                LineKind::Body,
                "main_region",
            ),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()), None);
    }

    #[test]
    fn no_suffix_no_outlet() {
        let lines = vec![l("Obama and Putin fail to reach agreement on Syria", LineKind::Title, "headline")];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()), None);
    }

    #[test]
    fn a_copyright_line_names_the_outlet_when_the_title_does_not() {
        for (line, holder) in [
            ("© 1996-2015 The Washington Post", Some("The Washington Post")),
            ("Copyright Herald and Weekly Times. All times AEST (GMT +10:00)", Some("Herald and Weekly Times")),
            ("Copyright © 2019, Example Media Group. All rights reserved.", Some("Example Media Group")),
            ("© Telegraph Media Group Limited 2019", Some("Telegraph Media Group")),
            ("© 2024 All rights reserved", None),
            ("© 2020 the authors, under a licence", None),
        ] {
            assert_eq!(copyright_holder(line), holder, "{line}");
        }
        let mut lines = vec![
            l("Rocket lifts off", LineKind::Title, "headline"),
            l("The story.", LineKind::Body, "main_region"),
            l("© 1996-2015 The Washington Post", LineKind::Boilerplate, "copyright"),
        ];
        assert_eq!(outlet(&lines, headline(&lines).as_ref()), None, "named nowhere else: a company, a photographer");
        lines.insert(0, l("The Washington Post", LineKind::Boilerplate, "outside_main_region"));
        assert_eq!(outlet(&lines, headline(&lines).as_ref()).as_deref(), Some("The Washington Post"));
    }

    #[test]
    fn credit_strips_bullets_and_by() {
        let story = l("The story.", LineKind::Body, "main_region");
        let lines = vec![l("* Associated Press", LineKind::Meta, "credit_line"), story.clone()];
        assert_eq!(credit(&lines).as_deref(), Some("Associated Press"));
        let lines = vec![l("By Jane Roe", LineKind::Meta, "byline"), story];
        assert_eq!(credit(&lines).as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn credit_is_the_byline_s_names_without_its_date_section_or_handle() {
        let story = l("The story.", LineKind::Body, "main_region");
        for (byline, names) in [
            ("by Natalia Keogan in Festivals & Events on Dec 17, 2025", "Natalia Keogan"),
            ("by Ahiza Garcia @ahiza_garcia February 1, 2016: 12:41 PM ET", "Ahiza Garcia"),
            ("By Jane Roe | November 19, 2019", "Jane Roe"),
            ("By Steven Lee Myers, Keith Bradsher and Tariq Panja", "Steven Lee Myers, Keith Bradsher and Tariq Panja"),
            ("Par Jane Roe (avec John Doe)", "Jane Roe (avec John Doe)"),
            ("By Jane Roe 2 days ago", "Jane Roe"),
            ("By Jane Roe@janeroe", "Jane Roe"),
            ("by ライトハウス国際特許事務所 ／ 2016.12.01", "ライトハウス国際特許事務所"),
            ("(Associated Press)", "Associated Press"),
        ] {
            let lines = vec![l(byline, LineKind::Meta, "byline"), story.clone()];
            assert_eq!(credit(&lines).as_deref(), Some(names), "{byline}");
        }
    }

    #[test]
    fn a_menu_label_far_from_the_story_is_no_credit() {
        let mut lines = vec![l("Staff & Reader Blogs", LineKind::Meta, "credit_line")];
        lines.extend((0..10).map(|i| l(&format!("Menu item {i}"), LineKind::Boilerplate, "outside_main_region")));
        lines.push(l("The story.", LineKind::Body, "main_region"));
        assert_eq!(credit(&lines), None);
        lines.push(l("— Associated Press", LineKind::Meta, "credit_line"));
        assert_eq!(credit(&lines).as_deref(), Some("Associated Press"));
    }
}
