//! What a build tells: its progress while it runs, and what it did.

use std::path::Path;
use std::time::Duration;

use crate::diagnostic::Diagnostic;

/// Told how a build advances, to show progress (the command line draws a
/// bar from it on a terminal), and asked whether to stop. Every method has
/// a default that shows nothing and never stops.
pub trait Progress: Sync {
    /// A build starts.
    fn start(&self) {}
    /// A stage starts, with `steps` steps to go (0 when it does not count them).
    fn stage(&self, _name: &'static str, _steps: usize) {}
    /// One more step of the current stage is done.
    fn step(&self) {}
    /// Another build holds the lock of the output folder `_output`: this
    /// one waits until it is done.
    fn waiting(&self, _output: &Path) {}
    /// Whether the build should stop (Ctrl-C) before it changes the output;
    /// asked while pages render. A build that stops removes what it staged
    /// and ends with [`crate::Error::Interrupted`].
    fn cancelled(&self) -> bool {
        false
    }
}

/// No progress to show.
impl Progress for () {}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// The output already held this build: nothing was rendered or written,
    /// and only `unchanged` (the number of files), `base_path` and the load
    /// time are set.
    pub up_to_date: bool,
    /// The URL path the site was built for (`/assange/`): the path of its
    /// `base_url`, or of `--base-url`.
    pub base_path: String,
    /// Stories in the site (drafts only with `--drafts`).
    pub stories: usize,
    /// Entities the stories and profiles name, with or without a profile.
    pub entities: usize,
    /// Pages of the site (HTML, feeds, sitemap...), not counting static files.
    pub pages: usize,
    /// Pages rendered; the others were unchanged since the last build.
    pub rendered: usize,
    /// Files written because their bytes changed (or were not there),
    /// pages and static files alike.
    pub written: usize,
    /// Files left as they were on disk: pages not rendered again, or
    /// rendered to the same bytes, and static files already there.
    pub unchanged: usize,
    /// Files of the last build that the site no longer has, deleted.
    pub removed: usize,
    /// Images decoded to be resized: none when every image the pages show
    /// was processed by an earlier build (see `.dossier-cache/`).
    pub images_decoded: usize,
    /// How many social cards it drew: none when all were in the cache.
    pub cards_drawn: usize,
    /// Problems worth a warning; an error fails the build instead.
    pub warnings: Vec<Diagnostic>,
    /// The time of each stage, for `--verbose`.
    pub timings: StageTimings,
}

/// Time spent in each stage, for profiling.
#[derive(Debug, Default, Clone, Copy)]
pub struct StageTimings {
    /// Reading the site's files into memory (for a build whose output is
    /// already up to date, all the time it took).
    pub load: Duration,
    /// Reading front matter into stories, profiles and the home page.
    pub parse: Duration,
    /// Resolving names to entities and indexing stories by entity and tag.
    pub index: Duration,
    /// Processing the images pages show (or finding them in the cache).
    pub images: Duration,
    /// Converting bodies to HTML and finding the entities their text mentions.
    pub markdown: Duration,
    /// Connections between entities and related stories.
    pub connect: Duration,
    /// Deciding the pages, compiling the templates and choosing the static
    /// files to copy.
    pub plan: Duration,
    /// Rendering pages and staging the changed ones, which run together.
    pub render: Duration,
    /// Moving staged files into place and removing stale ones.
    pub write: Duration,
}

impl StageTimings {
    /// The time of all stages together.
    pub fn total(&self) -> Duration {
        self.load
            + self.parse
            + self.index
            + self.images
            + self.markdown
            + self.connect
            + self.plan
            + self.render
            + self.write
    }
}

impl std::fmt::Display for StageTimings {
    /// `stages: load 12.1 ms, parse 30.2 ms, ...`, for `--verbose` and the benchmark.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let stages = [
            ("load", self.load),
            ("parse", self.parse),
            ("index", self.index),
            ("images", self.images),
            ("markdown", self.markdown),
            ("connect", self.connect),
            ("plan", self.plan),
            ("render", self.render),
            ("write", self.write),
        ];
        let parts: Vec<String> = stages
            .iter()
            .map(|(name, time)| format!("{name} {:.1} ms", time.as_secs_f64() * 1000.0))
            .collect();
        write!(f, "stages: {}", parts.join(", "))
    }
}
