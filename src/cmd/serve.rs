//! `dossier serve`

use std::io;
use std::net::IpAddr;
use std::process::ExitCode;

use clap::Args;
use dossier::serve::{ReloadPolicy, ServeOptions, Server};
use dossier::{BuildOptions, BuildReport};

use super::{OutputArgs, SiteArgs};
use crate::console::Console;

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// The port to listen on.
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; the default keeps the site to this
    /// machine, 0.0.0.0 shares it with the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
}

pub fn run(console: &Console, args: ServeArgs) -> ExitCode {
    let options = args.site.options(args.output);
    let Some(base_path) = base_path(console, &options) else {
        return ExitCode::from(1);
    };
    let server = match Server::start(ServeOptions {
        output: options.output_dir(),
        bind: args.bind,
        port: args.port,
        base_path,
        idle_timeout: dossier::serve::IDLE_TIMEOUT,
    }) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("error: {error}{}", start_hint(&error));
            return ExitCode::from(1);
        }
    };
    println!(
        "serving {} at {} (Ctrl-C to stop)",
        options.output_dir().display(),
        server.url()
    );
    let mut opened = !args.open;
    let mut policy = ReloadPolicy::default();
    let progress = console.progress();
    let result = dossier::watch::watch_and_rebuild(&options, &progress, |outcome, changed| {
        progress.finish();
        server.site_ready();
        console.report_rebuild(&options, outcome, changed);
        if let Ok(report) = outcome {
            follow_base_url(console, report, &server);
        }
        for event in policy.after(&options.root, outcome, changed) {
            server.notify(event);
        }
        if outcome.is_ok() && !std::mem::replace(&mut opened, true) {
            let _ = opener::open(server.url());
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => console.error(&options.root, &error),
    }
}

/// The URL path of the site's `base_url`, or `None` once the error is told.
fn base_path(console: &Console, options: &BuildOptions) -> Option<String> {
    match dossier::read_config(&options.root) {
        Ok((config, _)) => Some(config.base_url.path().to_string()),
        Err(error) => {
            console.error(&options.root, &error);
            None
        }
    }
}

/// After a build, serves the site where its `base_url` now puts it: an edit
/// to `dossier.yaml` moves every page.
fn follow_base_url(console: &Console, report: &BuildReport, server: &Server) {
    if server.set_base_path(&report.base_path) && !console.quiet {
        println!("base_url changed: now serving at {}", server.url());
    }
}

/// What to do when the server cannot start, by the cause.
fn start_hint(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::AddrInUse => "; another program uses the port: choose another with --port",
        io::ErrorKind::PermissionDenied => {
            "; ports below 1024 need privileges: choose a higher one with --port"
        }
        io::ErrorKind::AddrNotAvailable => {
            "; the address is not one of this machine's: choose another with --bind"
        }
        _ => "",
    }
}
