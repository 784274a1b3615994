//! `dossier check`

use std::process::ExitCode;

use clap::Args;

use super::{OutputArgs, SiteArgs};
use crate::console::Console;

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
}

pub fn run(console: &Console, args: CheckArgs) -> ExitCode {
    let options = args.site.options(OutputArgs { output: None });
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
