//! Integration tests: one binary, a module per feature (see STYLE.md).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test code: a panic is a failed test")]

mod browser;
mod cli;
mod eval;
mod faults;
mod feeds;
mod fuzzed;
mod incremental;
mod pages;
mod quotes;
mod robust;
mod seeds;
mod serve;
mod site;
mod stories;
mod support;
mod temporal;
