//! `dossier new story` and `dossier new entity`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::console::Console;

#[derive(Args)]
pub struct NewArgs {
    #[command(subcommand)]
    what: NewCommand,
    /// The site's folder, holding dossier.yaml.
    #[arg(long, default_value = ".", value_name = "DIR", global = true)]
    root: PathBuf,
}

#[derive(Subcommand)]
enum NewCommand {
    /// content/stories/<year>/<slug>.md with the title, the date and an empty
    /// list for each entity kind.
    ///
    /// Example: dossier new story "Ecuador grants asylum" --date 2012-08-16
    Story {
        /// The story's headline.
        title: String,
        /// Its date, YYYY-MM-DD [default: today].
        #[arg(long)]
        date: Option<String>,
    },
    /// content/<kind>/<slug>.md, a profile for the entity NAME.
    ///
    /// Example: dossier new entity people "Ricardo Patiño"
    Entity {
        /// One of the site's kinds: people, organizations, places...
        kind: String,
        /// The entity's full name.
        name: String,
    },
}

pub fn run(console: &Console, args: NewArgs) -> ExitCode {
    let root = &args.root;
    let config = match dossier::read_config(root) {
        Ok((config, _)) => config,
        Err(error) => return console.error(root, &error),
    };
    let created = match args.what {
        NewCommand::Story { title, date } => {
            let date = match date.map(|d| d.parse::<jiff::civil::Date>()) {
                None => super::today(),
                Some(Ok(date)) => date,
                Some(Err(e)) => {
                    eprintln!("error: --date must be YYYY-MM-DD: {e}");
                    return ExitCode::from(2);
                }
            };
            dossier::scaffold::new_story(root, &config, &title, date)
        }
        NewCommand::Entity { kind, name } => {
            dossier::scaffold::new_entity(root, &config, &kind, &name)
        }
    };
    console.report_created(created.map(|path| vec![path]))
}
