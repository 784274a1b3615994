//! `dossier man`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory};

use crate::console::Console;

#[derive(Args)]
pub struct ManArgs {
    /// Write dossier.1 and a page per command (dossier-build.1, …) into
    /// this folder instead of printing dossier.1.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(console: &Console, args: ManArgs) -> ExitCode {
    // Help is a flag of every page already; no page of its own.
    let command = crate::Cli::command().disable_help_subcommand(true);
    let written = match &args.dir {
        Some(dir) => std::fs::create_dir_all(dir)
            .and_then(|()| clap_mangen::generate_to(command, dir))
            .map_err(|e| dossier::Error::write(dir, e)),
        None => clap_mangen::Man::new(command)
            .render(&mut std::io::stdout())
            .map_err(|e| dossier::Error::write("standard output", e)),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => console.error(std::path::Path::new("."), &error),
    }
}
