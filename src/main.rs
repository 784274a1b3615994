//! The `dossier` command line: a thin layer over the library. Each
//! subcommand lives in `cmd/`, what they print in `console/`.

mod cmd;
mod console;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use cmd::build::BuildArgs;
use cmd::check::CheckArgs;
use cmd::completions::CompletionsArgs;
use cmd::init::InitArgs;
use cmd::man::ManArgs;
use cmd::new::NewArgs;
use cmd::serve::ServeArgs;
use cmd::watch::WatchArgs;
use console::Console;

dossier::use_jemalloc!();

/// A static site generator for news dossiers: Markdown stories in, a website
/// with a page per story and per person, organization and place out.
#[derive(Parser)]
#[command(version = env!("DOSSIER_VERSION"), about, long_about = None)]
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
    Build(BuildArgs),
    /// Check the site without writing anything: every build error and every
    /// link to a page that does not exist (errors), plus warnings about
    /// near-duplicate names, ambiguous aliases and unused profiles.
    ///
    /// Exits with 0 when there are only warnings, 1 with errors.
    /// Example: dossier check --root my-dossier
    Check(CheckArgs),
    /// Build, then rebuild whenever an input changes (dossier.yaml, content/,
    /// templates/, static/, themes/). A build with errors keeps the last good
    /// site in place.
    ///
    /// Example: dossier watch --root my-dossier
    Watch(WatchArgs),
    /// Start a new site in DIR (default: the current folder, which must be
    /// empty): a configuration, one story, one profile, a .gitignore, and
    /// deploy recipes for GitHub Pages and Netlify that install this
    /// dossier. It builds with the theme inside dossier; no themes/ folder
    /// is needed.
    ///
    /// Example: dossier init my-dossier && cd my-dossier && dossier serve
    Init(InitArgs),
    /// Write a new story or entity profile to start from. Never overwrites a file.
    New(NewArgs),
    /// Build, serve the site over HTTP, and rebuild and reload the browser
    /// whenever an input changes. Build errors show over the page until fixed.
    ///
    /// Example: dossier serve --root my-dossier --port 8080 --open
    Serve(ServeArgs),
    /// Print a completion script for a shell.
    ///
    /// Example: dossier completions bash > ~/.local/share/bash-completion/completions/dossier
    Completions(CompletionsArgs),
    /// Print the manual page, dossier(1), or write every command's page.
    ///
    /// Example: dossier man | man -l -
    Man(ManArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    console::interrupt::install();
    let console = Console {
        quiet: cli.quiet,
        verbose: cli.verbose,
        format: console::Format::Human,
    };
    match cli.command {
        Command::Build(args) => cmd::build::run(&console, args),
        Command::Check(args) => cmd::check::run(&console, args),
        Command::Watch(args) => cmd::watch::run(&console, args),
        Command::Init(args) => cmd::init::run(&console, args),
        Command::New(args) => cmd::new::run(&console, args),
        Command::Serve(args) => cmd::serve::run(&console, args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Man(args) => cmd::man::run(&console, args),
    }
}
