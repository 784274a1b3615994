//! The `dossier` binary: exit codes and the form of its messages.

use std::process::Command;

use crate::common::Site;

fn dossier(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

#[test]
fn build_succeeds_with_a_summary_line() {
    let site = Site::fixture("basic");
    let root = site.root().to_str().unwrap();
    let out = dossier(&["build", "--root", root]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("built 3 stories"), "{stdout}");
    assert!(site.has("index.html"));
}

#[test]
fn content_errors_exit_1_with_file_line_and_column() {
    let site = Site::fixture("basic");
    site.write(
        "content/stories/2013/bad.md",
        "---\ntitle: A\ndate: 2013-01-01\npeple: [X]\n---\n",
    );
    let out = dossier(&["build", "--root", site.root().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/stories/2013/bad.md:4:1: error: unknown key `peple`"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: did you mean `people`?"), "{stderr}");
    assert!(
        stderr.contains("4 | peple: [X]\n  | ^^^^^\n"),
        "the offending line with a marker under the key: {stderr}"
    );
    assert!(
        !stderr.contains('\x1b'),
        "no colours off a terminal: {stderr:?}"
    );
    assert!(!site.has("index.html"), "nothing is written");
}

#[test]
fn quiet_prints_only_errors_and_verbose_adds_stage_times() {
    let site = Site::fixture("basic");
    let root = site.root().to_str().unwrap();
    let quiet = dossier(&["--quiet", "build", "--root", root]);
    assert_eq!(quiet.status.code(), Some(0));
    assert!(
        quiet.stdout.is_empty() && quiet.stderr.is_empty(),
        "{quiet:?}"
    );
    assert!(site.has("index.html"));

    site.write("content/stories/2013/talks.md", "---\ntitle: [\n---\n");
    let failed = dossier(&["build", "-q", "--root", root]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("talks.md:3:1: error: invalid YAML"),
        "{stderr}"
    );

    site.remove("content/stories/2013/talks.md");
    let verbose = dossier(&["build", "--verbose", "--root", root]);
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(stderr.contains("stages: load "), "{stderr}");
    assert!(
        !stderr.contains("render ["),
        "no progress bar off a terminal: {stderr}"
    );
    assert!(
        dossier(&["build", "-q", "-v"]).status.code() == Some(2),
        "--quiet and --verbose conflict"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(dossier(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(dossier(&["frobnicate"]).status.code(), Some(2));
    let site = Site::fixture("basic");
    let out = dossier(&[
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--base-url",
        "example.org",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_folder_without_config_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&["build", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no dossier.yaml"));
}

#[test]
fn check_help_calls_broken_links_errors_as_check_reports_them() {
    let help = String::from_utf8_lossy(&dossier(&["check", "--help"]).stdout).to_string();
    let sentence = help
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .replace('\n', " ");
    let errors = sentence
        .find("(errors)")
        .expect("the help names the errors");
    let warnings = sentence.find("warnings").expect("and the warnings");
    let links = sentence.find("link to a page that does not exist").unwrap();
    assert!(links < errors && errors < warnings, "{sentence}");

    let site = Site::fixture("basic");
    site.write(
        "content/stories/2013/linked.md",
        "---\ntitle: Linked\ndate: 2013-02-02\n---\nSee [nothing](/nowhere/).\n",
    );
    let out = dossier(&["check", "--root", site.root().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a broken link fails the check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("linked.md:5:"), "{stderr}");
    assert!(stderr.contains("error"), "{stderr}");
}
