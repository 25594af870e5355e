//! The `broadsheet` command: parse arguments, run, print errors, pick the exit status.

mod cli;
mod progress;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a build allocates millions of small strings and vectors on every thread, where
/// glibc's allocator took 13 % of the 10,000-article build's time (`perf`) and mimalloc
/// about 5 % (benches/RESULTS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::run(args)
}
