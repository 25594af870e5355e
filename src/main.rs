//! The `broadsheet` command: parse arguments, run, print errors, pick the exit status.

mod cli;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    cli::run(args)
}
