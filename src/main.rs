//! The `broadsheet` command: parse arguments, run, print errors, pick the exit status.

mod cli;
mod progress;

/// mimalloc: the build allocates many small strings on every core; glibc's allocator spent a
/// fifth of a 10,000-article build in `malloc` and `free`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::run(args)
}
