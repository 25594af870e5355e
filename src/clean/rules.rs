//! Named predicates for lines that are never article text, whatever surrounds them.
//!
//! Each rule looks at one line and its [`Features`]; none names an outlet, a page or a
//! phrase particular to one site: they describe the furniture every news site has (share
//! bars, sign-up boxes, "Most Read" lists, photo credits, date and credit lines). Rules run
//! in [`RULES`] order and the first that matches decides; the block stage then weighs
//! everything else in context.

use std::sync::LazyLock;

use regex::Regex;

use super::cues::DATE_LABEL_WORDS;
use super::features::{Features, cue};
use crate::dates::{self, regex};
use crate::model::LineKind;
use crate::text::{self, HashSet64};

/// A named line predicate and the verdict it gives.
pub struct Rule {
    /// The name shown by `extract --explain`.
    pub name: &'static str,
    /// What a matching line is.
    pub kind: LineKind,
    /// The test.
    pub test: fn(&str, &Features) -> bool,
}

/// Every rule, in the order they are tried.
pub static RULES: &[Rule] = &[
    Rule { name: "url_line", kind: LineKind::Boilerplate, test: url_line },
    Rule { name: "markup", kind: LineKind::Boilerplate, test: markup },
    Rule { name: "icon_sprite", kind: LineKind::Boilerplate, test: icon_sprite },
    Rule { name: "cookie_notice", kind: LineKind::Boilerplate, test: cookie_notice },
    Rule { name: "copyright", kind: LineKind::Boilerplate, test: copyright },
    Rule { name: "share_bar", kind: LineKind::Boilerplate, test: share_bar },
    Rule { name: "sign_up_box", kind: LineKind::Boilerplate, test: sign_up_box },
    Rule { name: "section_end", kind: LineKind::Boilerplate, test: section_end },
    Rule { name: "comment_author", kind: LineKind::Boilerplate, test: comment_author },
    Rule { name: "list_heading", kind: LineKind::Boilerplate, test: list_heading },
    Rule { name: "teaser_link", kind: LineKind::Boilerplate, test: teaser_link },
    Rule { name: "option_list", kind: LineKind::Boilerplate, test: option_list },
    Rule { name: "media_label", kind: LineKind::Boilerplate, test: media_label },
    Rule { name: "counter", kind: LineKind::Boilerplate, test: counter },
    Rule { name: "breadcrumb", kind: LineKind::Boilerplate, test: breadcrumb },
    Rule { name: "tag_list", kind: LineKind::Boilerplate, test: tag_list },
    Rule { name: "photo_credit", kind: LineKind::Meta, test: photo_credit },
    Rule { name: "date_line", kind: LineKind::Meta, test: date_line },
    Rule { name: "byline", kind: LineKind::Meta, test: byline },
    Rule { name: "credit_line", kind: LineKind::Meta, test: credit_line },
    Rule { name: "caption_toggle", kind: LineKind::Caption, test: caption_toggle },
];

/// The first word of a line's key (lower case): a cheap gate before a rule's regex.
fn first_word(f: &Features) -> &str {
    f.key.get(..f.first_len).unwrap_or("")
}

/// The first rule that matches a line, if any.
pub fn first_match(line: &str, features: &Features) -> Option<&'static Rule> {
    RULES.iter().find(|r| (r.test)(line, features))
}

/// The whole line is a web address.
pub fn url_line(line: &str, f: &Features) -> bool {
    if !(f.key.starts_with("http") || f.key.starts_with("www")) {
        return false;
    }
    static RE: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?i)(?:https?://|www\.)\S+$"));
    RE.is_match(line)
}

/// HTML source printed as text (a "republish this story" box's embed code, an embed's
/// fallback link, a template the scraper read as text): a line that opens with an HTML
/// element's tag, or its escaped form, and holds another (`<p>…</p>`, `<a href=…>…</a>`,
/// `&lt;a href=&quot;…`). Placeholders in prose (`<folder>`, `a <script> tag`) stay.
pub fn markup(line: &str, _: &Features) -> bool {
    if !(line.starts_with('<') || line.starts_with("&lt;")) {
        return false;
    }
    static TAG: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)(?:<|&lt;)/?(?:a|p|div|span|strong|em|b|i|u|h[1-6]|img|br|hr|li|ul|ol|script|iframe|blockquote|figure|figcaption|section|article|html|head|body|link|meta|style|table|tr|td|th|noscript|source|video|audio|picture|time|small|sup|sub|code|pre)\b",
        )
    });
    let mut tags = TAG.find_iter(line);
    tags.next().is_some_and(|first| first.start() == 0) && tags.next().is_some()
}

/// Icon-sprite titles run together (`icon bookmark-bicon bookmarkicon cameraicon ...`): many
/// tokens sharing one fragment, no function words.
pub fn icon_sprite(line: &str, f: &Features) -> bool {
    if f.words < 6 || f.stop_density > 0.15 || f.capitalised > 0.5 || line.len() > 4096 {
        return false; // a sprite line is a few hundred bytes; bounding it keeps this linear
    }
    // The line's key is its words in lower case, one space apart (one per token): no copy
    // of the line.
    let count = f.tokens;
    if count < 6 {
        return false;
    }
    // Is there a fragment half the tokens share? Try the 4-letter pieces of the first two.
    let need = count.div_ceil(2);
    f.key.split(' ').take(2).any(|t| {
        let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain(std::iter::once(t.len())).collect();
        bounds.windows(5).any(|w| tokens_containing(&f.key, &t[w[0]..w[4]], need) >= need)
    })
}

/// How many of the space-separated tokens of `key` contain `fragment` (which holds no space),
/// counting up to `enough`: one search through the key, a token counted at its first match.
fn tokens_containing(key: &str, fragment: &str, enough: usize) -> usize {
    let (mut count, mut token_end) = (0, 0);
    for at in memchr::memmem::find_iter(key.as_bytes(), fragment.as_bytes()) {
        if at < token_end {
            continue; // another match in a token already counted
        }
        count += 1;
        if count >= enough {
            break;
        }
        token_end = memchr::memchr(b' ', &key.as_bytes()[at..]).map_or(key.len(), |i| at + i);
    }
    count
}

/// A cookie or consent notice.
pub fn cookie_notice(line: &str, f: &Features) -> bool {
    if f.cues & cue::COOKIE == 0 {
        return false;
    }
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)(?-u:\b)cookies?(?-u:\b).*(?-u:\b)(?:website|site|browser|consent|accept|experience|privacy|policy)(?-u:\b)|(?-u:\b)(?:website|site)(?-u:\b).*(?-u:\b)cookies?(?-u:\b)",
        )
    });
    RE.is_match(line)
}

/// A copyright or rights line.
pub fn copyright(line: &str, f: &Features) -> bool {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)©|\(c\)\s*\d{4}|(?-u:\b)copyright(?-u:\b)|(?-u:\b)all rights reserved(?-u:\b)"));
    let paren_c =
        || line.match_indices('(').any(|(i, _)| matches!(line.as_bytes().get(i + 1..i + 3), Some([b'c' | b'C', b')'])));
    f.words <= 40 && (f.cues & cue::COPYRIGHT != 0 || line.contains('©') || paren_c()) && RE.is_match(line)
}

/// A share or follow bar: `Follow us on: |`, `Share this: Twitter Facebook`, `Tweet`.
pub fn share_bar(_: &str, f: &Features) -> bool {
    if f.words == 0 || f.words > 12 {
        return false;
    }
    if f.key.ends_with("opens in new window")
        || f.key.starts_with("click to share")
        || f.key.starts_with("link copied")
        || f.key == "copy link"
    {
        return true; // the bar's labels and its clipboard feedback
    }
    if f.words > 10 || f.ends_sentence {
        return false;
    }
    let starts = ["follow us", "share this", "share on", "share via", "like us", "share article"]
        .iter()
        .any(|p| f.key.starts_with(p));
    starts || f.social * 10 >= f.tokens * 7
}

/// A sign-up, log-in or newsletter box.
pub fn sign_up_box(_: &str, f: &Features) -> bool {
    // Matched on the line's key (lower-case words, single spaces): a plain DFA, no Unicode
    // word boundaries, so the check stays cheap on every short line.
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?:^| )(?:sign ?up|sign ?in|log ?in|log ?out|subscribe|subscription|subscribers|newsletters?|register|create (?:an |your )?account|e ?mail address|enter your e ?mail|unsubscribe|already a member|my account|forgot (?:your )?password)(?: |$)",
        )
    });
    f.words <= 16 && f.cues & cue::SIGN_UP != 0 && RE.is_match(&f.key)
}

/// Headings are looked up by the hash of their key ([`Features::key_hash`], computed once per
/// line): no rehashing or comparing of every short line's text.
static END_HEADINGS: LazyLock<HashSet64> = LazyLock::new(|| {
    [
        "most read",
        "most popular",
        "most viewed",
        "most shared",
        "most commented",
        "editor s picks",
        "editors picks",
        "editor's picks",
        "related",
        "related articles",
        "related stories",
        "related news",
        "related content",
        "related posts",
        "related topics",
        "recommended",
        "recommended for you",
        "trending",
        "trending now",
        "trending stories",
        "you may also like",
        "you might also like",
        "you may like",
        "more from",
        "latest news",
        "latest stories",
        "latest posts",
        "latest articles",
        "top stories",
        "popular posts",
        "popular stories",
        "recent posts",
        "recent articles",
        "more stories",
        "more news",
        "more on this",
        "more on this story",
        "what to read next",
        "read next",
        "up next",
        "comments",
        "leave a comment",
        "leave a reply",
        "show comments",
        "view comments",
        "post navigation",
        "join the discussion",
        "post a comment",
        "reader comments",
        "discussion",
        "conversation",
        "you might be interested in",
        "around the web",
        "from the web",
        "promoted stories",
        "sponsored stories",
        "also on",
        "further reading",
        "in case you missed it",
        "popular",
        "recent",
        "latest",
    ]
    .into_iter()
    .map(text::hash_str)
    .collect()
});

static LIST_HEADINGS: LazyLock<HashSet64> = LazyLock::new(|| {
    [
        "read more",
        "see also",
        "advertisement",
        "advert",
        "ad",
        "ads",
        "sponsored",
        "sponsored content",
        "promoted",
        "also read",
        "read also",
        "skip to content",
        "skip to main content",
        "skip to navigation",
        "menu",
        "main menu",
        "search",
        "close",
        "home",
        "back to top",
        "next",
        "previous",
        "next post",
        "previous post",
        "next article",
        "previous article",
        "load more",
        "show more",
        "more",
        "see more",
        "view more",
        "watch",
        "listen",
        "in this story",
        "in pictures",
        "story continues below",
        "story continues below advertisement",
        "continue reading",
        "continue reading below",
        "sections",
        "topics",
        "tags",
        "categories",
        "archives",
        "featured",
        "top",
        "news",
        "toggle navigation",
        "open menu",
        "close menu",
        "accept",
        "reject",
        "cancel",
        "ok",
        "send",
        "submit",
        "loading",
    ]
    .into_iter()
    .map(text::hash_str)
    .collect()
});

/// A heading that ends the story: lists of other articles ("Most Read", "Related", "More from
/// ...", "More `<Site>`") and comment sections ("34 Comments", "Leave a Reply").
pub fn section_end(line: &str, f: &Features) -> bool {
    static COMMENTS: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)^\d+\s+(?:comments?|responses?|replies|reactions)(?-u:\b)|^(?:more from|more in|more on)(?-u:\b)|^more\s+\p{Lu}\S*(?:\s+\p{Lu}\S*){0,2}$",
        )
    });
    if f.words > 8 {
        return false;
    }
    END_HEADINGS.contains(&f.key_hash)
        || ((f.key.starts_with(|c: char| c.is_ascii_digit()) || first_word(f) == "more") && COMMENTS.is_match(line))
}

/// A comment's author line: `thelastchargersfan says:`, `Jane Roe wrote:`.
pub fn comment_author(line: &str, f: &Features) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^\S+(?:\s+\S+){0,2}\s+(?:says|said|wrote|replied):?$"));
    if f.words > 5 {
        return false;
    }
    let last = f.key.rsplit(' ').next().unwrap_or("");
    matches!(last, "says" | "said" | "wrote" | "replied") && RE.is_match(line.trim())
}

/// A heading of site furniture: "Advertisement", "Skip to content", "Menu".
pub fn list_heading(_: &str, f: &Features) -> bool {
    if f.words > 7 {
        return false;
    }
    LIST_HEADINGS.contains(&f.key_hash)
}

/// A link to another article introduced by a label: `Read more: ...`, `Also read - ...`.
pub fn teaser_link(line: &str, f: &Features) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)^(?:read more|also read|read also|see also|related|more from|recommended|watch|listen|more|previous post|next post|previous|next|click here)\s*(?::|\||-|–|—|>|»)",
        )
    });
    let starts = matches!(
        first_word(f),
        "read"
            | "also"
            | "see"
            | "related"
            | "more"
            | "recommended"
            | "watch"
            | "listen"
            | "previous"
            | "next"
            | "click"
    );
    f.words <= 25 && starts && RE.is_match(line)
}

/// Form controls: `* Please select one`, `Select Page`, `Choose a topic`.
pub fn option_list(line: &str, f: &Features) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)^[*•\-\s]*(?:please\s+)?(?:select|choose)(?-u:\b)"));
    f.words <= 5 && f.cues & cue::OPTION != 0 && RE.is_match(line)
}

/// A media label or id: `Media ID: 55357656`, `Caption:`, `Image`, `Video 2:14`.
pub fn media_label(line: &str, f: &Features) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)^(?:media|image|photo|video|gallery|caption|audio|graphic|slideshow|embed)(?:\s+(?:id|no\.?|number))?\s*[:#]?\s*[\w\d:./-]*$",
        )
    });
    let starts = matches!(
        first_word(f),
        "media" | "image" | "photo" | "video" | "gallery" | "caption" | "audio" | "graphic" | "slideshow" | "embed"
    );
    f.words <= 4 && starts && RE.is_match(line)
}

/// Numbers, counters and stray symbols: `1`, `of`, `/`, `23`, `Image 1 of 23`, `‹ › ×`.
pub fn counter(line: &str, f: &Features) -> bool {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)^(?:(?:image|photo|slide|page)\s+)?\d+\s*(?:of|/)\s*\d+$|^(?:of|/|\d+)$"));
    if line.chars().all(|c| !c.is_alphanumeric()) {
        return true;
    }
    let starts = f.key.starts_with(|c: char| c.is_ascii_digit())
        || matches!(first_word(f), "image" | "photo" | "slide" | "page" | "of");
    f.words <= 5 && starts && RE.is_match(line.trim())
}

/// Navigation trails and menus on one line: three or more short parts between separators.
pub fn breadcrumb(line: &str, f: &Features) -> bool {
    const SEPARATORS: [char; 5] = ['|', '›', '»', '•', '·'];
    // One pass over the bytes: `|`, `>`, or the last byte of `›` `»` `•` `·` (BA BB A2 B7).
    let maybe = || line.bytes().any(|b| matches!(b, b'|' | b'>' | 0xBA | 0xBB | 0xA2 | 0xB7));
    if f.ends_sentence || !maybe() || !(line.contains(SEPARATORS) || line.contains(" > ")) {
        return false;
    }
    // `>` separates only with spaces around it (`Home > News`), never inside text like `<b>`.
    let line: std::borrow::Cow<'_, str> =
        if line.contains(" > ") { line.replace(" > ", " | ").into() } else { line.into() };
    let parts: Vec<&str> = line.split(SEPARATORS).map(str::trim).filter(|p| !p.is_empty()).collect();
    // `November 19, 2019 | 4:20am | Updated …` is a date line, not a trail of links.
    parts.len() >= 3 && parts.iter().all(|p| text::word_count(p) <= 4) && dates::find_date(parts[0]).is_none()
}

/// A tag or topic list: `Tags: a, b, c`.
pub fn tag_list(line: &str, f: &Features) -> bool {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| regex(r"(?i)^(?:tags?|topics?|keywords|categories|filed under|posted in)\s*:"));
    let starts =
        matches!(first_word(f), "tag" | "tags" | "topic" | "topics" | "keywords" | "categories" | "filed" | "posted");
    f.words <= 30 && starts && RE.is_match(line)
}

/// A photo credit: `Photo: Damian Dovarganes, AP`, `Alexei Druzhinin / Sputnik / EPA`.
pub fn photo_credit(line: &str, f: &Features) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)^[(\[]?(?:photos?|photograph|picture|pic|image|illustration|credit|video|source|foto)s?(?:\s+credit)?\s*(?::|/|by(?-u:\b))",
        )
    });
    let starts = matches!(
        first_word(f),
        "photo"
            | "photos"
            | "photograph"
            | "picture"
            | "pic"
            | "image"
            | "illustration"
            | "credit"
            | "video"
            | "source"
            | "foto"
            | "photographs"
            | "pictures"
            | "images"
            | "credits"
            | "videos"
            | "sources"
    );
    if f.words <= 12 && starts && LABEL.is_match(line) {
        return true;
    }
    // Names separated by slashes, all capitalised: agency credit lines under photos.
    if f.words > 8 || f.ends_sentence || !line.contains('/') {
        return false;
    }
    let parts: Vec<&str> = line.split('/').map(str::trim).collect();
    parts.len() >= 2
        && f.words <= 8
        && !f.ends_sentence
        && parts
            .iter()
            .all(|p| !p.is_empty() && text::words(p).all(|w| w.chars().next().is_some_and(char::is_uppercase)))
}

/// A line that is a date, or a labelled date or time: `5 Sep, 2016 14:12`,
/// `Published: September 5, 2016 04:00 AM`, `Updated`, `Last updated 2016-09-05 14:12`.
pub fn date_line(line: &str, f: &Features) -> bool {
    if f.words > 20 {
        return false;
    }
    // Only a line holding a label word (a cue) can open with a label.
    let labelled = if f.cues & cue::DATE_LABEL != 0 { date_label(line) } else { None };
    if labelled.is_some_and(|(_, end)| end == line.len()) {
        return true; // the label alone; the date follows on the next line
    }
    let Some(found) = dates::find_date(line) else {
        return labelled.is_some() && f.words <= 8 && line.chars().any(|c| c.is_ascii_digit());
    };
    if labelled.is_some() || date_label_before(line, found.span.start).is_some() {
        return true;
    }
    // The characters of its dates (a second one too: `April 28, 2019 at 6:01 am Updated
    // April 29, 2019 at 3:33 pm`) and of the label before it.
    let count = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
    let mut date_chars = count(&line[found.span.clone()]);
    let rest = &line[found.span.end..];
    if let Some(second) = dates::find_date(rest)
        && (date_label_before(rest, second.span.start).is_some() || rest[..second.span.start].trim().is_empty())
    {
        date_chars += count(&rest[..second.span.end]);
    }
    let all_chars = count(line);
    date_chars * 2 >= all_chars || (!f.ends_sentence && (f.words <= 8 || (found.span.start == 0 && f.words <= 14)))
}

/// What the label of a date line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateLabel {
    /// `Published`, `Posted`, `First published`, `Created`, `Released`.
    Published,
    /// `Updated`, `Last updated`, `Last modified`, `Modified`.
    Updated,
    /// `Date`.
    Date,
}

/// The words of a date line's label, in the languages the cleaner reads: `pub` for a
/// publication, `upd` for an update.
const DATE_LABELS: &str = r"(?:(?P<pub>published|posted|first published|created|released|dipublikasikan|опубликовано)|(?P<upd>updated|last updated|last modified|modified|diperbarui|обновлено))";

/// The label opening a date line and where it ends (`Published on:`, `Updated`, `Date:`).
/// Shared with extraction, which ranks dates by it.
pub fn date_label(line: &str) -> Option<(DateLabel, usize)> {
    // Most lines start with another word: skip the regex for them.
    let first = text::words(line).next()?;
    let is_label_word = |w: &str| {
        DATE_LABEL_WORDS.iter().any(|l| w.len() == l.len() && w.chars().flat_map(char::to_lowercase).eq(l.chars()))
    };
    if !is_label_word(first) {
        return None;
    }
    static LABEL: LazyLock<Regex> =
        LazyLock::new(|| regex(&format!(r"(?i)^(?:{DATE_LABELS}|date)\b\s*(?:on|at)?\s*:?")));
    let c = LABEL.captures(line)?;
    let label = if c.name("pub").is_some() {
        DateLabel::Published
    } else if c.name("upd").is_some() {
        DateLabel::Updated
    } else {
        DateLabel::Date
    };
    Some((label, c.get(0)?.end()))
}

/// The label just before a date inside a line (`CNNMoney (New York) First published
/// February 1, 2016`, `… | Updated November 19, 2019`), the date starting at `date_start`.
pub fn date_label_before(line: &str, date_start: usize) -> Option<DateLabel> {
    static LABEL: LazyLock<Regex> =
        LazyLock::new(|| regex(&format!(r"(?i)(?:^|[\s|,;(\[•·–—-]){DATE_LABELS}(?:\s+(?:on|at))?\s*:?\s*$")));
    let before = line.get(..date_start)?;
    if before.len() < 5 {
        return None;
    }
    let c = LABEL.captures(before)?;
    Some(if c.name("pub").is_some() { DateLabel::Published } else { DateLabel::Updated })
}

/// The length of a byline's lead (`By `, `Words by: `, `Oleh `, `Par `, `Por `, `Von `), if
/// the line has one.
/// Shared with extraction, which strips it from the credit.
pub fn byline_lead(line: &str) -> Option<usize> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"^(?:[Bb]y|BY|Written by|Words by|Reporting by|Story by|Text by|Oleh|Par|Por|Von|Автор)\s*:?\s+")
    });
    RE.find(line).map(|m| m.end())
}

/// A byline: `By Jane Doe`, `Words by ...`, `Reporting by ...`, `by ライトハウス ／ 2016.12.01`:
/// the lead, then a name (a capital, or a script without case; never a lower-case word), in
/// at most 12 words (a CJK run counting one), or 24 with a date (`By HNN Staff | November
/// 18, 2019 at 2:26 PM HST - Updated November 18 at 4:46 PM`).
pub fn byline(line: &str, f: &Features) -> bool {
    let name_starts = |c: char| c.is_uppercase() || text::uncased_letter(c);
    f.tokens <= 24
        && !f.ends_sentence
        && byline_lead(line).is_some_and(|end| line[end..].starts_with(name_starts))
        // A byline printing when it was published and updated runs longer.
        && (f.tokens <= 12 || dates::find_date(line).is_some())
}

/// A credit or agency line: `* Associated Press`, `TBP and Agencies`, `— Staff Writer`:
/// a few capitalised words naming a press agency, staff or desk.
pub fn credit_line(line: &str, f: &Features) -> bool {
    static AGENCY: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r"(?i)(?-u:\b)(?:agenc(?:y|ies)|press|wires?|staff|correspondents?|reporters?|writers?|desk|bureau|news service|contributors?)(?-u:\b)",
        )
    });
    if f.words == 0 || f.words > 6 || f.ends_sentence {
        return false;
    }
    // The agency word on the key (lower case, few words) first: most short lines have none.
    if !AGENCY.is_match(&f.key) {
        return false;
    }
    let body = line.trim_start_matches(['*', '—', '–', '-', '(', ' ']).trim_end_matches([')', ' ']);
    let connectors = ["and", "&", "of", "the", "with", "from", "for"];
    AGENCY.is_match(body)
        && text::words(body)
            .all(|w| connectors.contains(&w) || w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()))
}

/// A gallery caption's toggle: a caption cut with `... more` or shown whole with `less`.
pub fn caption_toggle(line: &str, f: &Features) -> bool {
    f.words >= 6 && (line.ends_with("... more") || line.ends_with("… more") || line.ends_with(". less"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(line: &str) -> Option<&'static str> {
        first_match(line, &Features::of(line)).map(|r| r.name)
    }

    #[test]
    fn drops_site_furniture_from_the_seeds() {
        assert_eq!(rule("Follow us on: |"), Some("share_bar"));
        assert_eq!(rule("Link copied to clipboard!"), Some("share_bar"));
        assert_eq!(rule("Select Page"), Some("option_list"));
        assert_eq!(rule("Media ID: 55357656"), Some("media_label"));
        assert_eq!(rule("Caption:"), Some("media_label"));
        assert_eq!(rule("Editor's Picks"), Some("section_end"));
        assert_eq!(rule("Sign up to:"), Some("sign_up_box"));
        assert_eq!(rule("* Please select one"), Some("option_list"));
        assert_eq!(rule("Most Read"), Some("section_end"));
        assert_eq!(
            rule("icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon chevron lefticon"),
            Some("icon_sprite")
        );
    }

    #[test]
    fn tokens_are_counted_once_however_often_they_hold_the_fragment() {
        assert_eq!(tokens_containing("iconicon bicon cat icon", "icon", 10), 3);
        assert_eq!(tokens_containing("iconicon bicon cat icon", "icon", 2), 2);
        assert_eq!(tokens_containing("cat dog", "icon", 10), 0);
        assert_eq!(tokens_containing("icon", "icon", 10), 1);
    }

    #[test]
    fn a_sprite_is_half_its_tokens_sharing_a_fragment() {
        let sprite = |l: &str| icon_sprite(l, &Features::of(l));
        assert!(sprite("icon alpha bicon gamma cicon delta"), "3 of 6 share `icon`");
        assert!(!sprite("icon alpha bicon gamma cicon delta omega"), "3 of 7 do not");
        assert!(sprite("alpha icon bicon gamma cicon delta dicon"), "the second token's fragment counts too");
        assert!(!sprite("alpha gamma delta omega sigma kappa"), "nothing shared");
    }

    #[test]
    fn meta_lines_from_the_seeds() {
        assert_eq!(rule("5 Sep, 2016 14:12"), Some("date_line"));
        assert_eq!(rule("Published: September 5, 2016 04:00 AM"), Some("date_line"));
        assert_eq!(rule("* Associated Press"), Some("credit_line"));
        assert_eq!(rule("TBP and Agencies"), Some("credit_line"));
    }

    #[test]
    fn drops_furniture_written_for_the_test() {
        assert_eq!(rule("https://www.example.com/news/story-123.html"), Some("url_line"));
        assert_eq!(rule("Share this: Twitter Facebook Email"), Some("share_bar"));
        assert_eq!(rule("Copyright © 2019 The Daily Example. All Rights Reserved."), Some("copyright"));
        assert_eq!(rule("Home | News | World | Asia"), Some("breadcrumb"));
        assert_eq!(rule("Home > News > World"), Some("breadcrumb"));
        assert_eq!(rule("<p class=\"byline\">by Jill Barshay <br />August 25, 2025</p>"), Some("markup"));
        assert_eq!(
            rule("&lt;img id=&quot;tracker&quot; src=&quot;https://example.org/t.gif&quot; /&gt;&lt;/p&gt;"),
            Some("markup")
        );
        assert_ne!(
            rule("If <auth-dialog> is a URL, the user can supply their credentials for access there."),
            Some("markup")
        );
        assert_ne!(
            rule("Put a <script> tag in the page's <head> and the tests run when it loads in a browser."),
            Some("markup")
        );
        assert_eq!(rule("Image 1 of 23"), Some("counter"));
        assert_eq!(rule("‹ › ×"), Some("counter"));
        assert_eq!(rule("Photo: Jane Roe, AP"), Some("photo_credit"));
        assert_eq!(rule("Jane Roe / Example Agency"), Some("photo_credit"));
        assert_eq!(rule("By Jane Roe"), Some("byline"));
        assert_eq!(rule("Par Alexandre Hervaud et Jérémy Piette — 24 novembre 2017 à 18:42"), Some("byline"));
        assert_eq!(rule("by ライトハウス国際特許事務所 ／ 2016.12.01"), Some("byline"));
        assert_eq!(rule("by the way, this is no byline"), None);
        assert_eq!(
            rule("By HNN Staff | November 18, 2019 at 2:26 PM HST - Updated November 18 at 4:46 PM"),
            Some("byline")
        );
        assert_eq!(rule("Read more: Markets fall on rate fears"), Some("teaser_link"));
        assert_eq!(rule("Updated"), Some("date_line"));
        assert_eq!(rule("November 19, 2019 | 4:20am | Updated November 19, 2019 | 9:32pm"), Some("date_line"));
        assert_eq!(rule("CNNMoney (New York) First published February 1, 2016: 1:28 AM ET"), Some("date_line"));
        assert_eq!(rule("April 28, 2019 at 6:01 am Updated April 29, 2019 at 3:33 pm"), Some("date_line"));
        assert_eq!(rule("Home | News | World"), Some("breadcrumb"));
        assert_eq!(rule("Tags: politics, economy"), Some("tag_list"));
        assert_eq!(
            rule("This website uses cookies to improve your experience while you navigate through the website."),
            Some("cookie_notice")
        );
    }

    #[test]
    fn comment_sections_end_the_story() {
        assert_eq!(rule("34 Comments"), Some("section_end"));
        assert_eq!(rule("Leave a Reply"), Some("section_end"));
        assert_eq!(rule("More Daily Example"), Some("section_end"));
        assert_eq!(rule("thelastchargersfan says:"), Some("comment_author"));
        assert_eq!(rule("Click to share on Twitter (Opens in new window)"), Some("share_bar"));
    }

    #[test]
    fn keeps_story_lines() {
        for line in [
            "“He answered: ‘I would view that positively’,” Putin said of Assad.",
            "Syrian rebels, Kurdish militias, and Islamic state",
            "'To normalize Russia-US relations, Washington should lift sanctions'",
            "Syrian President Assad flew into Moscow on Tuesday for a meeting with Putin.",
            "NISSAN SENTRA",
            "See tweets :",
            "The show opens to the public on Friday. Here are some of the highlights:",
            "Mr Obama said the aim was to reach “meaningful, serious, verifiable cessations of hostilities in Syria”.",
            "The deal was signed on September 5, 2016 in Hangzhou after long talks between the two delegations.",
        ] {
            assert_eq!(rule(line), None, "{line}");
        }
    }
}
