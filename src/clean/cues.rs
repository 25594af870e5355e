//! The cue words: the words some cleaning rules need a line to hold before they look further.
//! [`super::features`] finds them in the one lookup each word of a line gets, and sets the
//! line's cue bits ([`cue`]); [`super::rules`] tests the bits.

/// Bits of [`super::features::Features::cues`]: which words the rules look for a line holds.
pub mod cue {
    /// A function word (counted, not a cue: [`crate::clean::features::Features::stop_density`]).
    pub const STOP: u16 = 1;
    /// A share or follow word (`share`, `twitter`, `follow`, ...).
    pub const SOCIAL: u16 = 1 << 1;
    /// A sign-up or account word (`subscribe`, `newsletter`, `login`, ...).
    pub const SIGN_UP: u16 = 1 << 2;
    /// `cookie`, `cookies`.
    pub const COOKIE: u16 = 1 << 3;
    /// `copyright`, `reserved`.
    pub const COPYRIGHT: u16 = 1 << 4;
    /// `select`, `choose`.
    pub const OPTION: u16 = 1 << 5;
    /// A word a date line's label starts with (`published`, `updated`, ...).
    pub const DATE_LABEL: u16 = 1 << 6;
}

/// The words some rules need a line to hold before they look further, by [`cue`] bit:
/// [`crate::clean::features::Features::of`] finds them in the lookup each word gets anyway.
pub const CUES: &[(u16, &[&str])] = &[
    (cue::SOCIAL, SOCIAL_WORDS),
    (
        cue::SIGN_UP,
        &[
            "sign",
            "signup",
            "signin",
            "log",
            "login",
            "logout",
            "subscribe",
            "subscription",
            "subscribers",
            "newsletter",
            "newsletters",
            "register",
            "create",
            "e",
            "email",
            "enter",
            "unsubscribe",
            "already",
            "my",
            "forgot",
        ],
    ),
    (cue::COOKIE, &["cookie", "cookies"]),
    (cue::COPYRIGHT, &["copyright", "reserved"]),
    (cue::OPTION, &["select", "choose"]),
    (cue::DATE_LABEL, DATE_LABEL_WORDS),
];

/// The words of share and follow bars.
const SOCIAL_WORDS: &[&str] = &[
    "share",
    "shares",
    "shared",
    "sharing",
    "tweet",
    "facebook",
    "twitter",
    "email",
    "e",
    "mail",
    "print",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "telegram",
    "messenger",
    "copy",
    "link",
    "comment",
    "comments",
    "follow",
    "us",
    "on",
    "like",
    "save",
    "flipboard",
    "instagram",
    "youtube",
    "rss",
    "feed",
    "google",
    "plus",
    "sms",
    "vk",
    "pocket",
    "tumblr",
    "this",
    "article",
    "story",
    "page",
    "x",
    "tiktok",
    "snapchat",
    "threads",
    "bluesky",
    "mastodon",
    "via",
    "loading",
    "more",
    "options",
    "url",
];

/// The words a date line's label starts with (lower case).
pub const DATE_LABEL_WORDS: &[&str] = &[
    "published",
    "posted",
    "first",
    "created",
    "released",
    "dipublikasikan",
    "опубликовано",
    "updated",
    "last",
    "modified",
    "diperbarui",
    "обновлено",
    "date",
];
