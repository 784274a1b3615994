//! `dossier completions`

use std::process::ExitCode;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    shell: Shell,
}

/// Writes the completion script for the whole command line to stdout.
pub fn run(args: CompletionsArgs) -> ExitCode {
    let mut command = crate::Cli::command();
    clap_complete::generate(args.shell, &mut command, "dossier", &mut std::io::stdout());
    ExitCode::SUCCESS
}
