//! `dossier check`

use std::process::ExitCode;

use clap::Args;

use super::{OutputArgs, SiteArgs};
use crate::console::{Console, Format};

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// How to print what check finds: human (like a compiler, to stderr),
    /// json (an object per line, to stdout) or github (annotations for
    /// GitHub Actions, to stdout).
    #[arg(long, value_enum, default_value_t = Format::Human, value_name = "FORMAT")]
    format: Format,
}

pub fn run(console: &Console, args: CheckArgs) -> ExitCode {
    let console = &Console {
        format: args.format,
        ..*console
    };
    let options = args.site.options(OutputArgs { output: None });
    match dossier::check::check(&options) {
        Ok(report) => {
            console.diagnostics(&options.root, &report.diagnostics);
            let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = report.diagnostics.len() - errors;
            if !console.quiet {
                let summary = format!(
                    "checked {} stories, {} entities: {errors} error(s), {warnings} warning(s)",
                    report.stories, report.entities
                );
                // Machines read stdout: the summary is for the person
                // watching.
                match console.format {
                    Format::Human => println!("{summary}"),
                    Format::Json | Format::Github => eprintln!("{summary}"),
                }
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
