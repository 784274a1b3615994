//! `dossier watch`

use std::process::ExitCode;

use clap::Args;

use super::{OutputArgs, SiteArgs};
use crate::console::Console;

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(console: &Console, args: WatchArgs) -> ExitCode {
    let options = args.site.options(args.output);
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
