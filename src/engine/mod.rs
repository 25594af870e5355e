//! The incremental engine: what makes a rebuild redo only what changed, kept apart from the
//! stages. The stages (ingest … render) compute; the engine decides what to compute again,
//! keeps what a build hands to the next, and holds texts out of memory while a build runs.
//!
//! - [`build`]: one build, the stages run over the seeds in chunks, reusing the cache.
//! - [`cache`]: the build cache (per seed, per page, per output file), saved between builds.
//! - [`spool`]: a scratch file where the entries' long texts wait between the articles and
//!   the digest; the stages read them through [`crate::model::TextSource`].
//! - [`pieces`]: long files (the search index, `timeline.json`) made in content-defined pieces,
//!   so a rebuild copies the unchanged ones.
//! - [`sink`]: where built files go ([`sink::PageSink`]): memory, or the staged output folder.

pub mod build;
pub mod cache;
pub mod pieces;
pub mod sink;
pub mod spool;
