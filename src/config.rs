//! `site.toml`: the raw serde form, validation into [`Config`], and loading.
//!
//! [`parse`] is pure (`&str` in, `Config` out); [`load`] reads the file and adds its path
//! to any error. Unknown keys are errors (`deny_unknown_fields`), reported with the file,
//! line and column that `toml` gives, so a typo never silently does nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use regex::Regex;
use serde::Deserialize;

use crate::error::ConfigError;
use crate::model::Published;

/// The file name looked for when no `--config` is given.
pub const DEFAULT_FILE: &str = "site.toml";

/// `site.toml` exactly as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    seeds_dir: Option<PathBuf>,
    output_dir: Option<PathBuf>,
    templates_dir: Option<PathBuf>,
    static_dir: Option<PathBuf>,
    cache_dir: Option<PathBuf>,
    minify: Option<bool>,
    paginate_by: Option<usize>,
    timezone: Option<String>,
    crawled: Option<String>,
    articles: BTreeMap<String, RawOverride>,
    clean: RawClean,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawOverride {
    title: Option<String>,
    published: Option<String>,
    source: Option<String>,
    credit: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawClean {
    keep: Vec<String>,
    drop: Vec<String>,
}

/// The validated configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where `site.toml` was read from, if it was.
    pub file: Option<PathBuf>,
    /// Site title.
    pub title: String,
    /// Site description, as Markdown written by the editor.
    pub description: String,
    /// Where the site will be served.
    pub base_url: BaseUrl,
    /// The `lang` of every page (BCP 47).
    pub language: String,
    /// Folder of scraped articles.
    pub seeds_dir: PathBuf,
    /// Folder the site is written to.
    pub output_dir: PathBuf,
    /// Folder of template overrides (missing: built-in templates only).
    pub templates_dir: PathBuf,
    /// Folder copied as is into the output (missing: built-in stylesheet only).
    pub static_dir: PathBuf,
    /// Folder of the build cache (`build.bin`), which lets a rebuild redo only what changed.
    pub cache_dir: PathBuf,
    /// Minify HTML pages.
    pub minify: bool,
    /// Articles per page of the home page list (at least 1).
    pub paginate_by: usize,
    /// The zone publication times are shown in.
    pub timezone: FixedOffset,
    /// When the seeds were scraped, if the editor says: what a page's relative date
    /// (`2 hours ago`, `1 day ago`) counts back from when it prints no date of its own.
    pub crawled: Option<Published>,
    /// Per-article corrections, keyed by seed file stem.
    pub overrides: BTreeMap<String, ArticleOverride>,
    /// Editor's line rules applied on top of the cleaner.
    pub clean: CleanRules,
}

/// An editor's correction of one article's metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleOverride {
    /// Replaces the title.
    pub title: Option<String>,
    /// Replaces the publication date.
    pub published: Option<Published>,
    /// Replaces the outlet.
    pub source: Option<String>,
    /// Replaces the credit line.
    pub credit: Option<String>,
}

/// Lines an editor forces in or out of the body, as regexes over a whole line.
#[derive(Debug, Clone, Default)]
pub struct CleanRules {
    /// A line matching one of these is kept as body.
    pub keep: Vec<Regex>,
    /// A line matching one of these is dropped.
    pub drop: Vec<Regex>,
}

/// The site's public address, always ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    /// Parses `https://host/sub/path` or a root-relative `/sub/path`; adds the final `/`.
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        let path = Self::path_of(url)
            .ok_or_else(|| format!("`{url}` is not an absolute http(s) URL or a path starting with `/`"))?;
        if path.contains(['?', '#', ' ']) {
            return Err(format!("`{url}` must not contain a query, fragment or space"));
        }
        let mut s = url.to_owned();
        if !s.ends_with('/') {
            s.push('/');
        }
        Ok(BaseUrl(s))
    }

    fn path_of(url: &str) -> Option<&str> {
        if url.starts_with('/') {
            return Some(url);
        }
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
        let host_end = rest.find('/').unwrap_or(rest.len());
        if host_end == 0 {
            return None;
        }
        Some(if host_end == rest.len() { "/" } else { &rest[host_end..] })
    }

    /// The whole URL, ending in `/`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path part, ending in `/` (`/digest/` for `https://example.org/digest/`).
    pub fn path(&self) -> &str {
        Self::path_of(&self.0).unwrap_or("/")
    }

    /// The absolute URL of a site path such as `articles/x/`.
    pub fn join(&self, site_path: &str) -> String {
        format!("{}{}", self.0, site_path.trim_start_matches('/'))
    }
}

impl Config {
    /// The configuration of a site without `site.toml`, rooted at `root`.
    ///
    /// # Errors
    /// None in practice: the defaults hold no regex or date to reject.
    pub fn defaults(root: &Path) -> Result<Self, ConfigError> {
        validate(RawConfig::default(), root, None)
    }
}

/// Parses `site.toml` text. Relative folders are taken from `root` (the file's folder).
///
/// # Errors
/// A TOML syntax error, an unknown key or a wrongly typed value (with line and column),
/// or an invalid value (with its key): `base_url`, `timezone`, `crawled`, a `published` override
/// or a `[clean]` regex.
pub fn parse(text: &str, root: &Path, file: &Path) -> Result<Config, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|source| ConfigError::Parse { path: file.to_owned(), source })?;
    validate(raw, root, Some(file))
}

/// Reads and parses the `site.toml` at `path`.
///
/// # Errors
/// The file cannot be read, or [`parse`] fails.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
    let root = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::new(),
    };
    parse(&text, &root, path)
}

fn validate(raw: RawConfig, root: &Path, file: Option<&Path>) -> Result<Config, ConfigError> {
    let invalid = |key: String, message: String| ConfigError::Invalid {
        path: file.map_or_else(|| PathBuf::from(DEFAULT_FILE), Path::to_owned),
        key,
        message,
    };
    let base_url = BaseUrl::parse(raw.base_url.as_deref().unwrap_or("/")).map_err(|m| invalid("base_url".into(), m))?;
    let timezone = parse_offset(raw.timezone.as_deref().unwrap_or("UTC")).map_err(|m| invalid("timezone".into(), m))?;
    let crawled = match raw.crawled.as_deref() {
        None => None,
        Some(s) => Some(Published::parse_iso(s).ok_or_else(|| {
            invalid(
                "crawled".into(),
                format!("`{s}` is not an ISO 8601 date or time (`2019-11-20` or `2019-11-20T14:30:00Z`)"),
            )
        })?),
    };
    let mut overrides = BTreeMap::new();
    for (stem, o) in raw.articles {
        let published = match o.published.as_deref() {
            None => None,
            Some(s) => Some(Published::parse_iso(s).ok_or_else(|| {
                invalid(
                    format!("articles.\"{stem}\".published"),
                    format!("`{s}` is not an ISO 8601 date (`2016-09-05` or `2016-09-05T14:12:00`)"),
                )
            })?),
        };
        let entry = ArticleOverride { title: o.title, published, source: o.source, credit: o.credit };
        overrides.insert(stem, entry);
    }
    let compile = |key: &str, patterns: Vec<String>| {
        patterns
            .iter()
            .enumerate()
            .map(|(i, p)| Regex::new(p).map_err(|e| invalid(format!("clean.{key}[{i}]"), e.to_string())))
            .collect::<Result<Vec<_>, _>>()
    };
    let clean = CleanRules { keep: compile("keep", raw.clean.keep)?, drop: compile("drop", raw.clean.drop)? };
    let dir = |d: Option<PathBuf>, default: &str| root.join(d.unwrap_or_else(|| PathBuf::from(default)));
    Ok(Config {
        file: file.map(Path::to_owned),
        title: raw.title.unwrap_or_else(|| "Broadsheet".into()),
        description: raw.description.unwrap_or_default(),
        base_url,
        language: raw.language.unwrap_or_else(|| "en".into()),
        seeds_dir: dir(raw.seeds_dir, "seeds"),
        output_dir: dir(raw.output_dir, "public"),
        templates_dir: dir(raw.templates_dir, "templates"),
        static_dir: dir(raw.static_dir, "static"),
        cache_dir: dir(raw.cache_dir, ".broadsheet-cache"),
        minify: raw.minify.unwrap_or(true),
        paginate_by: match raw.paginate_by {
            Some(0) => return Err(invalid("paginate_by".into(), "must be at least 1".into())),
            Some(n) => n,
            None => 100,
        },
        timezone,
        crawled,
        overrides,
        clean,
    })
}

/// `UTC`, `GMT`, `Z` or an offset such as `+01:00`, `-0500`.
fn parse_offset(s: &str) -> Result<FixedOffset, String> {
    let s = s.trim();
    if matches!(s.to_ascii_uppercase().as_str(), "UTC" | "GMT" | "Z") {
        return FixedOffset::east_opt(0).ok_or_else(|| "bad offset".to_owned());
    }
    let err = || format!("`{s}` is not `UTC` or an offset such as `+01:00`");
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(err()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(err());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| err())?;
    let minutes: i32 = digits[2..].parse().map_err(|_| err())?;
    if hours > 14 || minutes > 59 {
        return Err(err());
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("/site"), Path::new("/site/site.toml"))
    }

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse_str("").unwrap();
        assert_eq!(c.seeds_dir, Path::new("/site/seeds"));
        assert_eq!(c.output_dir, Path::new("/site/public"));
        assert!(c.minify);
        assert_eq!(c.base_url.path(), "/");
        assert_eq!(c.language, "en");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = parse_str("title = \"x\"\n\nbase_ulr = \"https://e.org/\"\n").unwrap_err();
        let chain = format!("{:#}", anyhow::Error::from(err));
        assert!(chain.contains("site.toml"), "{chain}");
        assert!(chain.contains("line 3"), "{chain}");
        assert!(chain.contains("base_ulr"), "{chain}");
    }

    #[test]
    fn unknown_override_key_is_rejected() {
        let err = parse_str("[articles.\"a\"]\ndate = \"2016-01-01\"\n").unwrap_err();
        let chain = format!("{:#}", anyhow::Error::from(err));
        assert!(chain.contains("line 2") && chain.contains("date"), "{chain}");
    }

    #[test]
    fn base_url_gets_trailing_slash_and_path() {
        let c = parse_str("base_url = \"https://example.org/digest\"").unwrap();
        assert_eq!(c.base_url.as_str(), "https://example.org/digest/");
        assert_eq!(c.base_url.path(), "/digest/");
        assert_eq!(c.base_url.join("articles/a/"), "https://example.org/digest/articles/a/");
        let c = parse_str("base_url = \"https://example.org\"").unwrap();
        assert_eq!(c.base_url.path(), "/");
    }

    #[test]
    fn bad_base_url_names_key() {
        let err = parse_str("base_url = \"example.org\"").unwrap_err();
        assert!(err.to_string().contains("base_url"), "{err}");
    }

    #[test]
    fn bad_regex_names_key() {
        let err = parse_str("[clean]\ndrop = [\"ok\", \"(unclosed\"]\n").unwrap_err();
        assert!(err.to_string().contains("clean.drop[1]"), "{err}");
    }

    #[test]
    fn override_published_is_parsed() {
        let c = parse_str("[articles.\"002_x\"]\npublished = \"2015-10-22\"\n").unwrap();
        let p = c.overrides["002_x"].published.unwrap();
        assert_eq!(p.to_string(), "2015-10-22");
        let err = parse_str("[articles.\"a\"]\npublished = \"22/10/2015\"\n").unwrap_err();
        assert!(err.to_string().contains("articles.\"a\".published"), "{err}");
    }

    #[test]
    fn timezone_offsets() {
        assert_eq!(parse_offset("UTC").unwrap().local_minus_utc(), 0);
        assert_eq!(parse_offset("+05:30").unwrap().local_minus_utc(), 19800);
        assert_eq!(parse_offset("-0500").unwrap().local_minus_utc(), -18000);
        assert!(parse_offset("Mars/Olympus").is_err());
        assert!(parse_offset("+25:00").is_err());
    }
}
