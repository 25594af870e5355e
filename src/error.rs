//! Typed errors, one enum per stage that can fail, each variant naming its file.
//!
//! The cause goes in `#[source]`, never in the message, so `{:#}` prints each part of the
//! chain once. Nothing here prints: `main` does.

use std::io;
use std::path::PathBuf;

/// A problem with `site.toml`.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// Bad TOML, an unknown key or a wrongly typed value; the source names line and column.
    #[error("invalid {}", .path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// toml's message, with line, column and key.
        #[source]
        source: toml::de::Error,
    },
    /// A value that parses as TOML but means nothing valid.
    #[error("invalid {}: key `{key}`: {message}", .path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The dotted key (`articles."x".published`, `clean.drop[1]`).
        key: String,
        /// What is wrong with its value.
        message: String,
    },
}

/// A problem reading the seeds folder or one seed.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The seeds folder (or a folder below it) could not be listed.
    #[error("cannot read seeds folder {}", .path.display())]
    Walk {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: walkdir::Error,
    },
    /// One file could not be read.
    #[error("cannot read {}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

/// A problem with a template: reading it, parsing it, or rendering a page with it.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// A template file could not be read.
    #[error("cannot read template {}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A template does not parse; Tera's source error names the template, line and column.
    #[error("invalid templates")]
    Parse {
        /// Tera's error.
        #[source]
        source: tera::Error,
    },
    /// Rendering one page failed.
    #[error("cannot render {page} with template `{template}`")]
    Render {
        /// The output path of the page.
        page: String,
        /// The template used.
        template: String,
        /// Tera's error.
        #[source]
        source: tera::Error,
    },
    /// A template does not show a slot where the page's parts go, or shows it twice.
    #[error("template `{template}` must show `{{{{ {slot} }}}}` exactly once: it is where the page's {slot} go")]
    Slot {
        /// The template.
        template: String,
        /// The name of the slot.
        slot: &'static str,
    },
    /// A page's data could not be turned into a template context.
    #[error("cannot prepare the data of {page}")]
    Context {
        /// The output path of the page.
        page: String,
        /// Why.
        #[source]
        source: tera::Error,
    },
}

/// A problem writing the site.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file system operation failed.
    #[error("cannot {action} {}", .path.display())]
    Io {
        /// What was being done (`write`, `create folder`, `rename`...).
        action: &'static str,
        /// The path it was done to.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The output folder is not a folder.
    #[error("output path {} exists and is not a folder", .path.display())]
    NotADir {
        /// The path.
        path: PathBuf,
    },
}

impl OutputError {
    /// Wraps an IO error with the action and path.
    pub fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| OutputError::Io { action, path, source }
    }
}

/// Any error a build can end with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Input.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// Templates.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// Output.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl Error {
    /// True for errors of configuration (exit status 2), false for errors of input or output.
    pub fn is_config(&self) -> bool {
        matches!(self, Error::Config(_))
    }
}
