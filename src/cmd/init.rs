//! `dossier init`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use dossier::scaffold::install::InstallSource;

use crate::console::Console;

#[derive(Args)]
pub struct InitArgs {
    /// The folder to create the site in.
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(console: &Console, args: InitArgs) -> ExitCode {
    let source = InstallSource::of_running_binary();
    let created = dossier::scaffold::init(&args.dir, super::today(), &source);
    let warning = created
        .is_ok()
        .then(|| dossier::scaffold::deploy_warning(&args.dir, &source))
        .flatten();
    let code = console.report_created(created);
    if let Some(warning) = warning.filter(|_| !console.quiet) {
        eprintln!("warning: {warning}");
    }
    code
}
