//! The `dossier` command line: a thin layer over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use dossier::serve::{ReloadEvent, ServeOptions, Server};
use dossier::{BuildOptions, BuildReport, Diagnostic, Error};

/// A static site generator for news dossiers: Markdown stories in, a website
/// with a page per story and per person, organization and place out.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// Print the time each stage took.
        #[arg(long, short)]
        verbose: bool,
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
    match Cli::parse().command {
        Command::Build {
            site,
            output,
            base_url,
            verbose,
        } => build(
            BuildOptions {
                output,
                base_url,
                ..site.options()
            },
            verbose,
        ),
        Command::Check { site } => check(site.options()),
        Command::Watch { site, output } => watch(BuildOptions {
            output,
            ..site.options()
        }),
        Command::Init { dir } => report_created(dossier::scaffold::init(&dir, today())),
        Command::New { what, root } => new(&root, what),
        Command::Serve {
            site,
            output,
            port,
            bind,
            open,
        } => serve(
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

fn new(root: &Path, what: NewCommand) -> ExitCode {
    let config = match dossier::load::read_config(root) {
        Ok((config, _)) => config,
        Err(error) => return report_error(root, &error),
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
    report_created(created.map(|path| vec![path]))
}

fn report_created(created: Result<Vec<PathBuf>, Error>) -> ExitCode {
    match created {
        Ok(paths) => {
            for path in paths {
                println!("created {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => report_error(Path::new("."), &error),
    }
}

fn serve(options: BuildOptions, bind: std::net::IpAddr, port: u16, open: bool) -> ExitCode {
    let base_path = match dossier::load::read_config(&options.root) {
        Ok((config, _)) => config.base_url.path().to_string(),
        Err(error) => return report_error(&options.root, &error),
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
    let result = dossier::watch::watch_and_rebuild(&options, |outcome, changed| {
        report_rebuild(&options, outcome, changed);
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
                server.notify(ReloadEvent::Error(error_text(error)));
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report_error(&options.root, &error),
    }
}

/// The text of a build error, for the browser's overlay.
fn error_text(error: &Error) -> String {
    match error {
        Error::Content(diagnostics) => diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// Prints what changed and how the rebuild went, keeping the last good site
/// in place on errors.
fn report_rebuild(
    options: &BuildOptions,
    outcome: &Result<BuildReport, Error>,
    changed: &[PathBuf],
) {
    if let Some(first) = changed.first() {
        println!("changed: {}{}", first.display(), more(changed.len() - 1));
    }
    match outcome {
        Ok(report) => print_report(options, report, None),
        Err(error) => {
            report_error(&options.root, error);
            eprintln!("the last good site stays in place; fix the error and save again");
        }
    }
}

fn watch(options: BuildOptions) -> ExitCode {
    println!(
        "watching {} for changes (Ctrl-C to stop)",
        options.root.display()
    );
    let result = dossier::watch::watch_and_rebuild(&options, |outcome, changed| {
        report_rebuild(&options, outcome, changed)
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report_error(&options.root, &error),
    }
}

fn more(count: usize) -> String {
    match count {
        0 => String::new(),
        n => format!(" and {n} more"),
    }
}

fn build(options: BuildOptions, verbose: bool) -> ExitCode {
    let started = Instant::now();
    match dossier::build(&options) {
        Ok(report) => {
            print_report(&options, &report, Some(started));
            if verbose && !report.up_to_date {
                eprintln!("{}", report.timings);
            }
            ExitCode::SUCCESS
        }
        Err(error) => report_error(&options.root, &error),
    }
}

/// The summary line of a build, after its warnings.
fn print_report(options: &BuildOptions, report: &dossier::BuildReport, started: Option<Instant>) {
    let time = started
        .map(|s| s.elapsed())
        .unwrap_or_else(|| report.timings.total());
    let output = options.output_dir();
    if report.up_to_date {
        println!(
            "nothing changed since the last build: {} files up to date in {time:.0?} → {}",
            report.unchanged,
            output.display()
        );
        return;
    }
    print_diagnostics(&options.root, &report.warnings);
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
}

fn check(options: BuildOptions) -> ExitCode {
    match dossier::check::check(&options) {
        Ok(report) => {
            print_diagnostics(&options.root, &report.diagnostics);
            let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = report.diagnostics.len() - errors;
            println!(
                "checked {} stories, {} entities: {errors} error(s), {warnings} warning(s)",
                report.stories, report.entities
            );
            if report.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => report_error(&options.root, &error),
    }
}

/// Prints diagnostics with paths a terminal can open from the current folder.
fn print_diagnostics(root: &Path, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        let mut diagnostic = diagnostic.clone();
        if root != Path::new(".") {
            diagnostic.path = root.join(&diagnostic.path);
        }
        eprintln!("{diagnostic}");
    }
}

fn report_error(root: &Path, error: &Error) -> ExitCode {
    match error {
        Error::Content(diagnostics) => {
            print_diagnostics(root, diagnostics);
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
