//! `dossier init` and `dossier new`: a site from nothing, files never overwritten.

use std::path::Path;
use std::process::{Command, Output};

fn dossier(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn init_makes_a_site_that_builds_with_the_embedded_theme() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(dir.path(), &["init", "site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = dir.path().join("site");
    assert!(!site.join("themes").exists(), "no theme folder is needed");
    assert_eq!(
        std::fs::read_to_string(site.join(".gitignore")).unwrap(),
        "public/\n.dossier-cache/\n"
    );
    let out = dossier(&site, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("public/people/jane-example/index.html").is_file());
    assert!(site.join("public/style.css").is_file());
    // A second init refuses the folder that now holds a site.
    let again = dossier(dir.path(), &["init", "site"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn new_writes_a_story_and_a_profile_but_never_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    assert!(dossier(dir.path(), &["init"]).status.success());
    let out = dossier(
        dir.path(),
        &["new", "story", "Talks: round #2", "--date", "2013-06-17"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let story =
        std::fs::read_to_string(dir.path().join("content/stories/2013/talks-round-2.md")).unwrap();
    assert!(story.contains("title: \"Talks: round #2\"\ndate: 2013-06-17\npeople: []\norganizations: []\nplaces: []\ntags: []\n"), "{story}");
    let out = dossier(dir.path(), &["new", "entity", "people", "Ricardo Patiño"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path()
            .join("content/people/ricardo-patino.md")
            .is_file()
    );

    std::fs::write(dir.path().join("content/people/ricardo-patino.md"), "mine").unwrap();
    let again = dossier(dir.path(), &["new", "entity", "people", "Ricardo Patino"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("content/people/ricardo-patino.md")).unwrap(),
        "mine"
    );
    assert!(
        !dossier(dir.path(), &["new", "entity", "vessels", "X"])
            .status
            .success(),
        "an unknown kind"
    );
    // Every new file builds.
    let out = dossier(dir.path(), &["build"]);
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("talks-round-2.md"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
