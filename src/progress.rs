//! The build's progress bar: drawn on a terminal once a build has run for about a second,
//! never when stderr is piped or under CI (indicatif hides it there).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Builds shorter than this show no bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A progress bar over the seeds of a build.
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: OnceLock<()>,
    enabled: bool,
}

impl Bar {
    /// A bar, hidden until the build has run for [`SHOW_AFTER`].
    pub fn new() -> Self {
        let enabled = std::env::var_os("CI").is_none() && std::io::IsTerminal::is_terminal(&std::io::stderr());
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} seeds ({eta} left)") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("building");
        Bar { bar, started: Instant::now(), shown: OnceLock::new(), enabled }
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl broadsheet::engine::build::Progress for Bar {
    fn start(&self, total: u64) {
        self.bar.set_length(total);
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
        if self.enabled && self.started.elapsed() >= SHOW_AFTER {
            self.shown.get_or_init(|| self.bar.set_draw_target(ProgressDrawTarget::stderr()));
        }
    }
}
