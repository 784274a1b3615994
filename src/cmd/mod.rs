//! One module per subcommand: its flags and what it runs.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod man;
pub mod new;
pub mod serve;
pub mod watch;

use std::path::PathBuf;

use clap::Args;
use dossier::BuildOptions;

/// The site to work on.
#[derive(Args)]
pub struct SiteArgs {
    /// The site's folder, holding dossier.yaml.
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    /// Include stories marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Where a build writes.
#[derive(Args)]
pub struct OutputArgs {
    /// Where to write the site [default: DIR/public].
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
}

impl SiteArgs {
    /// Build options for this site, writing to `output`.
    fn options(self, output: OutputArgs) -> BuildOptions {
        BuildOptions {
            root: self.root,
            drafts: self.drafts,
            output: output.output,
            ..BuildOptions::default()
        }
    }
}

/// Today, in UTC.
pub fn today() -> jiff::civil::Date {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
}
