//! `dossier init`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::console::Console;

#[derive(Args)]
pub struct InitArgs {
    /// The folder to create the site in.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(console: &Console, args: InitArgs) -> ExitCode {
    console.report_created(dossier::scaffold::init(&args.dir, super::today()))
}
