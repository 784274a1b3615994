//! What the command line prints, and how much of it: diagnostics like a
//! compiler's, build summaries, and the progress bar.

mod formats;
pub mod interrupt;
mod progress;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use dossier::{BuildOptions, BuildReport, Diagnostic, Error};

pub use formats::Format;
pub use progress::BuildProgress;

/// How much the command line prints (`--quiet` and `--verbose`), and how
/// it prints diagnostics.
pub struct Console {
    pub quiet: bool,
    pub verbose: bool,
    pub format: Format,
}

impl Console {
    /// Prints diagnostics in the console's format, with paths a terminal
    /// can open from the current folder; warnings only without `--quiet`.
    /// Like a compiler, to stderr, colours only to a terminal (anstream
    /// strips them otherwise); for machines, to stdout.
    pub fn diagnostics(&self, root: &Path, diagnostics: &[Diagnostic]) {
        for diagnostic in diagnostics {
            if self.quiet && !diagnostic.is_error() {
                continue;
            }
            let mut shown = diagnostic.clone();
            if root != Path::new(".") {
                shown.path = root.join(&diagnostic.path);
            }
            let file = shown.path.display().to_string();
            match self.format {
                // Only a person reads the quoted line: machines get no
                // read of the file.
                Format::Human => {
                    let source = dossier::diagnostic::source_of(root, diagnostic);
                    anstream::eprintln!("{}\n", shown.render(source.as_deref(), true))
                }
                Format::Json => println!("{}", formats::json_line(&file, &shown)),
                Format::Github => println!("{}", formats::github_line(&file, &shown)),
            }
        }
    }

    /// Prints an error and gives the exit code it calls for: 2 for a usage
    /// error, 1 for anything else.
    pub fn error(&self, root: &Path, error: &Error) -> ExitCode {
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
            Error::Interrupted => {
                eprintln!("{error}");
                interrupt::exit()
            }
            other => {
                eprintln!("error: {other}");
                ExitCode::from(1)
            }
        }
    }

    /// The warnings and summary line of a build, and with `--verbose` the
    /// time of each stage.
    pub fn summary(&self, options: &BuildOptions, report: &BuildReport, started: Option<Instant>) {
        let time = started
            .map(|s| s.elapsed())
            .unwrap_or_else(|| report.timings.total());
        let output = options.output_dir();
        self.diagnostics(&options.root, &report.warnings);
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
    pub fn report_rebuild(
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
            Err(error @ Error::Interrupted) => eprintln!("{error}"),
            Err(error) => {
                self.error(&options.root, error);
                eprintln!("the last good site stays in place; fix the error and save again");
            }
        }
        if interrupt::interrupted() {
            // Ctrl-C came during this build, which stopped or finished.
            std::process::exit(i32::from(interrupt::INTERRUPTED_EXIT));
        }
    }

    /// Lists the files `init` or `new` created.
    pub fn report_created(&self, created: Result<Vec<PathBuf>, Error>) -> ExitCode {
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
    pub fn progress(&self) -> BuildProgress {
        let shown = !self.quiet && std::io::stderr().is_terminal();
        BuildProgress::new(shown)
    }
}

/// ` and 3 more`, after the first of several changed paths.
fn more(count: usize) -> String {
    match count {
        0 => String::new(),
        n => format!(" and {n} more"),
    }
}
