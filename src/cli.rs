//! Command-line interface: argument types (clap derive) and what each command prints.
//!
//! Exit status: 0 all well; 1 some input could not be processed (the rest still was, and
//! each failure is named); 2 a usage or configuration error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use broadsheet::clean::features::Features;
use broadsheet::config::{self, Config};
use broadsheet::model::{Article, Cleaned, Granularity, LineKind, Part, Published, Standing, Unresolved};
use broadsheet::{BuildOptions, ingest};

use crate::progress;

/// Turn a folder of scraped news articles into a news-digest website.
#[derive(Debug, Parser)]
#[command(name = "broadsheet", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site from the seeds into the output folder (default `public/`).
    Build(BuildArgs),
    /// Clean and extract articles and print (or write) what was found.
    Extract(ExtractArgs),
    /// Build the site in memory and check every internal link, anchor, id and title.
    Check(CheckArgs),
    /// Preview the site: build into memory, serve it, rebuild and reload pages on change.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
struct ServeArgs {
    /// The site configuration.
    #[arg(long, default_value = config::DEFAULT_FILE, value_name = "FILE")]
    config: PathBuf,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Address to listen on; loopback unless told otherwise.
    #[arg(long, default_value = "127.0.0.1")]
    interface: String,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// The site configuration.
    #[arg(long, default_value = config::DEFAULT_FILE, value_name = "FILE")]
    config: PathBuf,
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// The site configuration.
    #[arg(long, default_value = config::DEFAULT_FILE, value_name = "FILE")]
    config: PathBuf,
    /// Write the site here instead of `output_dir` from site.toml.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Override `base_url` (for preview deploys).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Do not minify HTML.
    #[arg(long)]
    no_minify: bool,
    /// Print the time each stage took.
    #[arg(long)]
    timings: bool,
    /// Ignore the build cache: clean and render every article again.
    #[arg(long)]
    fresh: bool,
    /// Print every warning (by default a long list is cut short with a tally).
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Debug, Args)]
struct ExtractArgs {
    /// Write OUT/STEM.txt (cleaned body) and OUT/STEM.json (metadata) per file.
    #[arg(long, value_name = "DIR", conflicts_with = "explain")]
    out: Option<PathBuf>,
    /// Print every input line with its verdict and the rule that decided it.
    #[arg(long)]
    explain: bool,
    /// When the pages were scraped (`2019-11-20` or `2019-11-20T14:30:00Z`): a page that
    /// prints only a relative date (`2 hours ago`) is dated from it.
    #[arg(long, value_name = "TIME", value_parser = parse_crawled)]
    crawled: Option<Published>,
    /// The scraped text files.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

/// Runs a parsed command line and returns the exit status.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Extract(args) => extract(args),
        Command::Check(args) => check(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(code) => code,
        // A reader that stopped early (`broadsheet extract FILE | head -1`) is not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            let config_error = err.chain().any(|e| {
                e.downcast_ref::<broadsheet::error::ConfigError>().is_some()
                    || e.downcast_ref::<broadsheet::error::Error>().is_some_and(broadsheet::error::Error::is_config)
            });
            ExitCode::from(if config_error { 2 } else { 1 })
        }
    }
}

/// Whether writing to stdout failed because its reader closed the pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

fn load_config(path: &Path) -> Result<Config> {
    if path.exists() || path != Path::new(config::DEFAULT_FILE) {
        return Ok(config::load(path)?);
    }
    // No site.toml in the current folder: build the folder with defaults.
    Ok(Config::defaults(Path::new("."))?)
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let mut config = load_config(&args.config)?;
    if let Some(out) = args.out {
        config.output_dir = out;
    }
    if let Some(url) = args.base_url {
        config.base_url = config::BaseUrl::parse(&url).map_err(|m| anyhow::anyhow!(m)).context("invalid --base-url")?;
    }
    if args.no_minify {
        config.minify = false;
    }
    let bar = progress::Bar::new();
    let report = broadsheet::build(&config, BuildOptions { fresh: args.fresh, exit_after: true }, &bar);
    bar.finish();
    let report = report?;
    print_warnings(&report.outcome.warnings, args.verbose);
    for f in &report.outcome.failures {
        eprintln!("error: {}", error_chain(f));
    }
    if let Some(note) = &report.cache_note {
        eprintln!("warning: {note}");
    }
    if args.timings {
        eprintln!("{}", report.outcome.timings.summary());
    }
    println!("{}", report.summary(&config.output_dir));
    Ok(if report.outcome.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Past this many warnings, a build prints the first few and a count of each kind.
const WARNINGS_IN_FULL: usize = 20;

/// Prints warnings: all of them when few or `verbose`, else the first ones and a tally by kind
/// (a digest of thousands of seeds would otherwise bury the summary).
fn print_warnings(warnings: &[broadsheet::model::Warning], verbose: bool) {
    if verbose || warnings.len() <= WARNINGS_IN_FULL {
        for w in warnings {
            eprintln!("{w}");
        }
        return;
    }
    let shown = WARNINGS_IN_FULL / 2;
    for w in &warnings[..shown] {
        eprintln!("{w}");
    }
    let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for w in &warnings[shown..] {
        let kind = w.message.split(';').next().unwrap_or(&w.message);
        *kinds.entry(kind).or_default() += 1;
    }
    let tally: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} × {k}")).collect();
    eprintln!(
        "warning: … and {} more ({}); `build --verbose` lists them all",
        warnings.len() - shown,
        tally.join(", ")
    );
}

/// An error and its causes on one line, `: `-separated.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut chain = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    chain.join(": ")
}

#[cfg(feature = "serve")]
fn serve(args: ServeArgs) -> Result<ExitCode> {
    let options = broadsheet::serve::ServeOptions { config: args.config, interface: args.interface, port: args.port };
    broadsheet::serve::serve(&options, |url| {
        println!("serving at {url} (Ctrl-C to stop)");
        let _ = std::io::Write::flush(&mut std::io::stdout());
        if args.open {
            let _ = std::process::Command::new("xdg-open").arg(url).spawn();
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> Result<ExitCode> {
    let config = load_config(&args.config)?;
    let (_, report) = broadsheet::check(&config)?;
    for p in &report.problems {
        println!("{} → {}", p.page, p.message);
    }
    let verdict = if report.problems.is_empty() {
        "no problems".to_owned()
    } else {
        format!("{} problem{}", report.problems.len(), if report.problems.len() == 1 { "" } else { "s" })
    };
    println!("checked {} pages, {} internal links: {verdict}", report.pages, report.links);
    Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The metadata written to `STEM.json` (and printed, with `file` and `body`).
#[derive(Serialize)]
struct ExtractJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    title: Option<&'a str>,
    title_derived: bool,
    published: Option<String>,
    source: Option<&'a str>,
    credit: Option<&'a str>,
    dateline: Option<&'a str>,
    standfirst: Option<&'a str>,
    captions: &'a [String],
    subheadings: Vec<&'a str>,
    events: Vec<EventJson<'a>>,
    unresolved: &'a [Unresolved],
    quotes: Vec<QuoteJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Vec<&'a str>>,
}

/// A direct quote, as `extract` reports it: `paragraph` counts body blocks from 1, as the
/// article page's `#pN` anchors do.
#[derive(Serialize)]
struct QuoteJson<'a> {
    text: &'a str,
    speaker: Option<&'a str>,
    partial: bool,
    paragraph: u32,
}

/// A dated statement, as `extract` reports it.
#[derive(Serialize)]
struct EventJson<'a> {
    /// The calendar value (`2011`, `2012-03`, `2016-09-05`), without the part.
    date: String,
    granularity: Granularity,
    /// The part of the period the text names (`early`, `q1`, `summer`, ...), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    part: Option<&'static str>,
    expression: &'a str,
    sentence: &'a str,
    /// Where the date stands against the article's own time (`story`, `distant`, `background`).
    standing: Standing,
}

impl<'a> ExtractJson<'a> {
    fn new(a: &'a Article) -> Self {
        ExtractJson {
            file: None,
            title: (!a.meta.title.is_derived()).then(|| a.meta.title.text()),
            title_derived: a.meta.title.is_derived(),
            published: a.meta.published.map(|p| p.to_string()),
            source: a.meta.source.as_deref(),
            credit: a.meta.credit.as_deref(),
            dateline: a.dateline.as_deref(),
            standfirst: a.standfirst.as_deref(),
            captions: &a.captions,
            subheadings: a.subheadings(),
            events: a
                .mentions
                .iter()
                .map(|m| EventJson {
                    date: m.date.to_string(),
                    granularity: m.date.granularity,
                    part: m.date.part.map(Part::code),
                    expression: m.expression(m.sentence.text().unwrap_or_default()),
                    sentence: m.sentence.text().unwrap_or_default(),
                    standing: m.standing,
                })
                .collect(),
            unresolved: &a.unresolved,
            quotes: a
                .quotes
                .iter()
                .map(|q| QuoteJson {
                    text: &q.text,
                    speaker: q.speaker.as_deref(),
                    partial: q.partial,
                    paragraph: q.paragraph + 1,
                })
                .collect(),
            body: None,
        }
    }
}

fn parse_crawled(s: &str) -> std::result::Result<Published, String> {
    Published::parse_iso(s).ok_or_else(|| format!("`{s}` is not an ISO 8601 date or time (`2019-11-20T14:30:00Z`)"))
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let seeds = ingest::read_files(Path::new(""), &args.files);
    for f in &seeds.failures {
        eprintln!("error: {f:#}");
    }
    let processed = broadsheet::pipeline::articles(&seeds.docs, &Default::default(), args.crawled.as_ref());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut failed = !seeds.failures.is_empty();
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    for (doc, p) in seeds.docs.iter().zip(&processed) {
        for w in &p.warnings {
            eprintln!("{w}");
        }
        if args.explain {
            write_explain(&mut out, &doc.rel_path, &p.cleaned)?;
            continue;
        }
        let mut json = ExtractJson::new(&p.article);
        let body: Vec<&str> = p.article.body.iter().map(|b| b.text()).collect();
        match &args.out {
            Some(dir) => {
                let stem = doc.rel_path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
                let txt = dir.join(format!("{stem}.txt"));
                let meta = dir.join(format!("{stem}.json"));
                let result = std::fs::write(&txt, body.join("\n\n") + "\n")
                    .with_context(|| format!("cannot write {}", txt.display()))
                    .and_then(|()| {
                        let text = serde_json::to_string_pretty(&json)? + "\n";
                        std::fs::write(&meta, text).with_context(|| format!("cannot write {}", meta.display()))
                    });
                if let Err(e) = result {
                    eprintln!("error: {e:#}");
                    failed = true;
                }
            }
            None => {
                json.file = Some(doc.rel_path.to_string_lossy().into_owned());
                json.body = Some(body);
                writeln!(out, "{}", serde_json::to_string(&json)?)?;
            }
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn write_explain(out: &mut impl Write, file: &Path, cleaned: &Cleaned) -> Result<()> {
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    writeln!(out, "== {}", file.display())?;
    for (i, line) in cleaned.lines.iter().enumerate() {
        if line.kind == LineKind::Blank {
            continue;
        }
        let (mark, code) = match line.kind {
            LineKind::Body => ("KEEP", "32"),
            LineKind::Subheading => ("HEAD", "32;1"),
            LineKind::Title => ("TITL", "36;1"),
            LineKind::Caption => ("CAPT", "36"),
            LineKind::Standfirst => ("STAN", "32"),
            LineKind::Meta => ("META", "33"),
            LineKind::Boilerplate | LineKind::Blank => ("DROP", "31"),
        };
        let f = Features::of(&line.text);
        let score = format!("{:?} {}w {:.2}sw", f.class, f.words, f.stop_density).to_lowercase();
        let verdict = format!("{mark} {:<22} {score:<24}", line.rule);
        if colour {
            writeln!(out, "{:>4} \x1b[{code}m{verdict}\x1b[0m {}", i + 1, line.text)?;
        } else {
            writeln!(out, "{:>4} {verdict} {}", i + 1, line.text)?;
        }
    }
    Ok(())
}
