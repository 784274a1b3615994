//! The `dossier` command line: a thin layer over the library.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use dossier::build::Progress;
use dossier::serve::{ReloadEvent, ServeOptions, Server};
use dossier::{BuildOptions, BuildReport, Diagnostic, Error};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

dossier::use_jemalloc!();

/// A static site generator for news dossiers: Markdown stories in, a website
/// with a page per story and per person, organization and place out.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors (serve still prints its address).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print the time each stage of each build took.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    ///
    /// Example: dossier build --root my-dossier --base-url https://example.org/assange/
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: DIR/public].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Serve the site from this address instead of dossier.yaml's base_url,
        /// e.g. https://example.org/dossiers/assange/.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Check the site without writing anything: every build error, plus
    /// warnings about near-duplicate names, ambiguous aliases, unused profiles
    /// and links to pages that do not exist.
    ///
    /// Exits with 0 when there are only warnings, 1 with errors.
    /// Example: dossier check --root my-dossier
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Build, then rebuild whenever an input changes (dossier.yaml, content/,
    /// templates/, static/, themes/). A build with errors keeps the last good
    /// site in place.
    ///
    /// Example: dossier watch --root my-dossier
    Watch {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: DIR/public].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Start a new site in DIR (default: the current folder, which must be
    /// empty): a configuration, one story, one profile and a .gitignore.
    /// It builds with the theme inside dossier; no themes/ folder is needed.
    ///
    /// Example: dossier init my-dossier && cd my-dossier && dossier serve
    Init {
        /// The folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write a new story or entity profile to start from. Never overwrites a file.
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// The site's folder, holding dossier.yaml.
        #[arg(long, default_value = ".", value_name = "DIR", global = true)]
        root: PathBuf,
    },
    /// Build, serve the site over HTTP, and rebuild and reload the browser
    /// whenever an input changes. Build errors show over the page until fixed.
    ///
    /// Example: dossier serve --root my-dossier --port 8080 --open
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: DIR/public].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The port to listen on.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; the default keeps the site to this
        /// machine, 0.0.0.0 shares it with the network.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// content/stories/<year>/<slug>.md with the title, the date and an empty
    /// list for each entity kind.
    ///
    /// Example: dossier new story "Ecuador grants asylum" --date 2012-08-16
    Story {
        /// The story's headline.
        title: String,
        /// Its date, YYYY-MM-DD [default: today].
        #[arg(long)]
        date: Option<String>,
    },
    /// content/<kind>/<slug>.md, a profile for the entity NAME.
    ///
    /// Example: dossier new entity people "Ricardo Patiño"
    Entity {
        /// One of the site's kinds: people, organizations, places...
        kind: String,
        /// The entity's full name.
        name: String,
    },
}

/// The site to work on.
#[derive(Args)]
struct SiteArgs {
    /// The site's folder, holding dossier.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Include stories marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

impl SiteArgs {
    fn options(self) -> BuildOptions {
        BuildOptions {
            root: self.root,
            drafts: self.drafts,
            ..BuildOptions::default()
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let console = Console {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build {
            site,
            output,
            base_url,
        } => build(
            &console,
            BuildOptions {
                output,
                base_url,
                ..site.options()
            },
        ),
        Command::Check { site } => check(&console, site.options()),
        Command::Watch { site, output } => watch(
            &console,
            BuildOptions {
                output,
                ..site.options()
            },
        ),
        Command::Init { dir } => console.report_created(dossier::scaffold::init(&dir, today())),
        Command::New { what, root } => new(&console, &root, what),
        Command::Serve {
            site,
            output,
            port,
            bind,
            open,
        } => serve(
            &console,
            BuildOptions {
                output,
                ..site.options()
            },
            bind,
            port,
            open,
        ),
    }
}

fn today() -> jiff::civil::Date {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}

fn new(console: &Console, root: &Path, what: NewCommand) -> ExitCode {
    let config = match dossier::load::read_config(root) {
        Ok((config, _)) => config,
        Err(error) => return console.error(root, &error),
    };
    let created = match what {
        NewCommand::Story { title, date } => {
            let date = match date.map(|d| d.parse::<jiff::civil::Date>()) {
                None => today(),
                Some(Ok(date)) => date,
                Some(Err(e)) => {
                    eprintln!("error: --date must be YYYY-MM-DD: {e}");
                    return ExitCode::from(2);
                }
            };
            dossier::scaffold::new_story(root, &config, &title, date)
        }
        NewCommand::Entity { kind, name } => {
            dossier::scaffold::new_entity(root, &config, &kind, &name)
        }
    };
    console.report_created(created.map(|path| vec![path]))
}

fn serve(
    console: &Console,
    options: BuildOptions,
    bind: std::net::IpAddr,
    port: u16,
    open: bool,
) -> ExitCode {
    let base_path = match dossier::load::read_config(&options.root) {
        Ok((config, _)) => config.base_url.path().to_string(),
        Err(error) => return console.error(&options.root, &error),
    };
    let server = match Server::start(ServeOptions {
        output: options.output_dir(),
        bind,
        port,
        base_path,
    }) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("error: {error}; choose another port with --port");
            return ExitCode::from(1);
        }
    };
    println!(
        "serving {} at {} (Ctrl-C to stop)",
        options.output_dir().display(),
        server.url()
    );
    let mut opened = !open;
    let mut failing = false;
    let progress = console.progress();
    let result = dossier::watch::watch_and_rebuild(&options, &progress, |outcome, changed| {
        progress.finish();
        console.report_rebuild(&options, outcome, changed);
        match outcome {
            Ok(report) => {
                if std::mem::take(&mut failing) {
                    server.notify(ReloadEvent::Clear);
                }
                if !report.up_to_date && !changed.is_empty() {
                    let css = dossier::watch::only_stylesheets(changed);
                    server.notify(if css {
                        ReloadEvent::Css
                    } else {
                        ReloadEvent::Reload
                    });
                }
                if !std::mem::replace(&mut opened, true) {
                    let _ = opener::open(server.url());
                }
            }
            Err(error) => {
                failing = true;
                server.notify(ReloadEvent::Error(error_text(&options.root, error)));
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => console.error(&options.root, &error),
    }
}

/// The text of a build error, for the browser's overlay.
fn error_text(root: &Path, error: &Error) -> String {
    match error {
        Error::Content(diagnostics) => diagnostics
            .iter()
            .map(|d| d.render(source_of(root, d).as_deref(), false))
            .collect::<Vec<_>>()
            .join("\n\n"),
        other => other.to_string(),
    }
}

/// The text of the file a diagnostic is about, when it can be read.
fn source_of(root: &Path, diagnostic: &Diagnostic) -> Option<String> {
    std::fs::read_to_string(root.join(&diagnostic.path)).ok()
}

fn watch(console: &Console, options: BuildOptions) -> ExitCode {
    if !console.quiet {
        println!(
            "watching {} for changes (Ctrl-C to stop)",
            options.root.display()
        );
    }
    let progress = console.progress();
    let result = dossier::watch::watch_and_rebuild(&options, &progress, |outcome, changed| {
        progress.finish();
        console.report_rebuild(&options, outcome, changed)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => console.error(&options.root, &error),
    }
}

fn more(count: usize) -> String {
    match count {
        0 => String::new(),
        n => format!(" and {n} more"),
    }
}

fn build(console: &Console, options: BuildOptions) -> ExitCode {
    let started = Instant::now();
    let progress = console.progress();
    let outcome = dossier::build::build_with(&options, None, &progress);
    progress.finish();
    match outcome {
        Ok(report) => {
            console.summary(&options, &report, Some(started));
            ExitCode::SUCCESS
        }
        Err(error) => console.error(&options.root, &error),
    }
}

fn check(console: &Console, options: BuildOptions) -> ExitCode {
    match dossier::check::check(&options) {
        Ok(report) => {
            console.diagnostics(&options.root, &report.diagnostics);
            let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = report.diagnostics.len() - errors;
            if !console.quiet {
                println!(
                    "checked {} stories, {} entities: {errors} error(s), {warnings} warning(s)",
                    report.stories, report.entities
                );
            }
            if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => console.error(&options.root, &error),
    }
}

/// What the command line prints, and how much of it.
struct Console {
    quiet: bool,
    verbose: bool,
}

impl Console {
    /// Prints diagnostics like a compiler, with paths a terminal can open
    /// from the current folder; warnings only without `--quiet`. Colours
    /// only go to a terminal (anstream strips them otherwise).
    fn diagnostics(&self, root: &Path, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            if self.quiet && !diagnostic.is_error() {
                continue;
            }
            let source = source_of(root, diagnostic);
            let mut diagnostic = diagnostic.clone();
            if root != Path::new(".") {
                diagnostic.path = root.join(&diagnostic.path);
            }
            anstream::eprintln!("{}\n", diagnostic.render(source.as_deref(), true));
        }
    }

    fn error(&self, root: &Path, error: &Error) -> ExitCode {
        match error {
            Error::Content(diagnostics) => {
                self.diagnostics(root, diagnostics);
                eprintln!("error: {error}; nothing was written");
                ExitCode::from(1)
            }
            Error::InvalidOption(_) => {
                eprintln!("error: {error}");
                ExitCode::from(2)
            }
            other => {
                eprintln!("error: {other}");
                ExitCode::from(1)
            }
        }
    }

    /// The warnings and summary line of a build, and with `--verbose` the
    /// time of each stage.
    fn summary(&self, options: &BuildOptions, report: &BuildReport, started: Option<Instant>) {
        let time = started
            .map(|s| s.elapsed())
            .unwrap_or_else(|| report.timings.total());
        let output = options.output_dir();
        if report.up_to_date {
            if !self.quiet {
                println!(
                    "nothing changed since the last build: {} files up to date in {time:.0?} → {}",
                    report.unchanged,
                    output.display()
                );
            }
            return;
        }
        self.diagnostics(&options.root, &report.warnings);
        if self.quiet {
            return;
        }
        println!(
            "built {} stories, {} entities: {} pages ({} rendered); {} files written, {} unchanged, {} removed in {time:.0?} → {}",
            report.stories,
            report.entities,
            report.pages,
            report.rendered,
            report.written,
            report.unchanged,
            report.removed,
            output.display()
        );
        if self.verbose {
            eprintln!("{}", report.timings);
        }
    }

    /// Prints what changed and how the rebuild went, keeping the last good
    /// site in place on errors.
    fn report_rebuild(
        &self,
        options: &BuildOptions,
        outcome: &Result<BuildReport, Error>,
        changed: &[PathBuf],
    ) {
        if let (Some(first), false) = (changed.first(), self.quiet) {
            println!("changed: {}{}", first.display(), more(changed.len() - 1));
        }
        match outcome {
            Ok(report) => self.summary(options, report, None),
            Err(error) => {
                self.error(&options.root, error);
                eprintln!("the last good site stays in place; fix the error and save again");
            }
        }
    }

    fn report_created(&self, created: Result<Vec<PathBuf>, Error>) -> ExitCode {
        match created {
            Ok(paths) => {
                for path in paths.iter().filter(|_| !self.quiet) {
                    println!("created {}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(error) => self.error(Path::new("."), &error),
        }
    }

    /// A progress bar for builds, drawn only on a terminal and without
    /// `--quiet`.
    fn progress(&self) -> BuildProgress {
        let shown = !self.quiet && std::io::stderr().is_terminal();
        BuildProgress::new(shown)
    }
}

/// A progress bar on stderr that appears once a build has run for a
/// second: quicker builds finish before it would be read.
struct BuildProgress {
    bar: ProgressBar,
    enabled: bool,
    started: Mutex<Instant>,
    shown: AtomicBool,
}

impl BuildProgress {
    const DELAY: Duration = Duration::from_secs(1);

    fn new(enabled: bool) -> Self {
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
    fn finish(&self) {
        if self.shown.swap(false, Ordering::Relaxed) {
            self.bar.disable_steady_tick();
            self.bar.finish_and_clear();
            self.bar.set_draw_target(ProgressDrawTarget::hidden());
        }
    }
}

impl Progress for BuildProgress {
    fn start(&self) {
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
