//! `dossier build`

use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use dossier::BuildOptions;

use super::{OutputArgs, SiteArgs};
use crate::console::Console;

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// Serve the site from this address instead of dossier.yaml's base_url,
    /// e.g. https://example.org/dossiers/assange/.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

pub fn run(console: &Console, args: BuildArgs) -> ExitCode {
    let options = BuildOptions {
        base_url: args.base_url,
        ..args.site.options(args.output)
    };
    let started = Instant::now();
    let progress = console.progress();
    let outcome = dossier::build_with(&options, None, &progress);
    progress.finish();
    match outcome {
        Ok(report) => {
            console.summary(&options, &report, Some(started));
            ExitCode::SUCCESS
        }
        Err(error) => console.error(&options.root, &error),
    }
}
