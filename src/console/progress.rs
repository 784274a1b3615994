//! The progress bar a build draws on a terminal.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use dossier::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar on stderr that appears once a build has run for a
/// second: quicker builds finish before it would be read.
pub struct BuildProgress {
    bar: ProgressBar,
    enabled: bool,
    started: Mutex<Instant>,
    shown: AtomicBool,
}

impl BuildProgress {
    const DELAY: Duration = Duration::from_secs(1);

    pub fn new(enabled: bool) -> Self {
        BuildProgress {
            bar: ProgressBar::hidden(),
            enabled,
            started: Mutex::new(Instant::now()),
            shown: AtomicBool::new(false),
        }
    }

    /// Shows the bar when the build has run long enough.
    fn show_when_slow(&self) {
        if !self.enabled || self.shown.load(Ordering::Relaxed) {
            return;
        }
        let started = *self.started.lock().unwrap_or_else(|e| e.into_inner());
        if started.elapsed() >= Self::DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Takes the bar off the screen at the end of a build.
    pub fn finish(&self) {
        super::interrupt::set_building(false);
        if self.shown.swap(false, Ordering::Relaxed) {
            self.bar.disable_steady_tick();
            self.bar.finish_and_clear();
            self.bar.set_draw_target(ProgressDrawTarget::hidden());
        }
    }
}

impl Progress for BuildProgress {
    fn start(&self) {
        super::interrupt::set_building(true);
        *self.started.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
        self.bar.reset();
    }

    fn stage(&self, name: &'static str, steps: usize) {
        let template = if steps == 0 {
            "{spinner} {msg}"
        } else {
            "{spinner} {msg:8} [{bar:32}] {pos}/{len}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        self.bar.set_message(name);
        self.bar.set_length(steps as u64);
        self.bar.set_position(0);
        self.show_when_slow();
    }

    fn step(&self) {
        self.bar.inc(1);
        self.show_when_slow();
    }

    fn waiting(&self, output: &Path) {
        self.bar.suspend(|| {
            eprintln!(
                "waiting for another build of {} to finish…",
                output.display()
            )
        });
    }

    fn cancelled(&self) -> bool {
        super::interrupt::interrupted()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started_ago(progress: &BuildProgress, ago: Duration) {
        *progress.started.lock().unwrap() = Instant::now() - ago;
    }

    #[test]
    fn the_bar_appears_only_once_a_build_has_run_a_second() {
        let progress = BuildProgress::new(true);
        progress.start();
        progress.stage("parse", 0);
        assert!(!progress.shown.load(Ordering::Relaxed), "a quick build");
        started_ago(&progress, BuildProgress::DELAY);
        progress.step();
        assert!(progress.shown.load(Ordering::Relaxed), "a slow build");
        progress.finish();
        assert!(!progress.shown.load(Ordering::Relaxed), "gone at the end");
        progress.start();
        progress.stage("load", 0);
        assert!(!progress.shown.load(Ordering::Relaxed), "the next build");
    }

    #[test]
    fn no_bar_when_disabled() {
        let progress = BuildProgress::new(false);
        started_ago(&progress, BuildProgress::DELAY * 2);
        progress.stage("render", 10);
        progress.step();
        assert!(!progress.shown.load(Ordering::Relaxed));
    }
}
