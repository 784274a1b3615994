//! `dossier check`: the build without writing, and its review of the content.

use std::process::Command;

use crate::common::Site;
use dossier::Severity;

/// A site with one of each problem `check` reports.
fn site_with_problems() -> Site {
    let site = Site::empty("title: T\nbase_url: https://example.org/sub/\n");
    site.write(
        "content/people/anna-smith.md",
        "---\nname: Anna Smith\naliases: [Smith]\n---\n",
    );
    site.write(
        "content/people/bob-smith.md",
        "---\nname: Bob Smith\naliases: [Smith]\n---\n",
    );
    site.write("content/people/nobody.md", "---\nname: Nobody Atall\n---\n");
    site.write(
        "content/stories/a.md",
        "---\ntitle: A\ndate: 2013-01-01\npeople: [Anna Smith, Bob Smith]\n---\nSee [B](/stories/b/) and [gone](/stories/gone/).\n\n[a file](/files/missing.pdf)\n",
    );
    site.write(
        "content/stories/b.md",
        "---\ntitle: B\ndate: 2013-01-02\n---\nBack to [A](/stories/a/#top).\n",
    );
    site
}

#[test]
fn check_reports_problems_without_writing() {
    let site = site_with_problems();
    let report = dossier::check::check(&site.options()).unwrap();
    assert!(!site.output().exists(), "check writes nothing");
    let found: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    let has = |path: &str, line: usize, severity: Severity, text: &str| {
        report.diagnostics.iter().any(|d| {
            d.path.ends_with(path)
                && d.line == line
                && d.severity == severity
                && d.message.contains(text)
        })
    };
    assert!(
        has(
            "anna-smith.md",
            3,
            Severity::Warning,
            "alias `Smith` is ambiguous"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "bob-smith.md",
            3,
            Severity::Warning,
            "alias `Smith` is ambiguous"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "nobody.md",
            2,
            Severity::Warning,
            "no story or document refers to `Nobody Atall`"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "a.md",
            6,
            Severity::Error,
            "`/stories/gone/` leads to no page"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "a.md",
            8,
            Severity::Error,
            "`/files/missing.pdf` leads to no page"
        ),
        "{found:#?}"
    );
    assert!(
        !found
            .iter()
            .any(|d| d.contains("/stories/b/") || d.contains("/stories/a/")),
        "{found:#?}"
    );
    assert!(report.has_errors());
}

#[test]
fn check_exits_1_on_errors_and_0_on_warnings() {
    let run = |site: &Site| {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["check", "--root", site.root().to_str().unwrap()])
            .output()
            .unwrap()
    };
    let site = site_with_problems();
    let out = run(&site);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/stories/a.md:6:26: error: the link `/stories/gone/`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/people/nobody.md:2:7: warning: no story or document refers to"),
        "{stderr}"
    );

    site.write("content/stories/a.md", "---\ntitle: A\ndate: 2013-01-01\npeople: [Anna Smith, Bob Smith]\n---\nSee [B](/stories/b/).\n");
    let out = run(&site);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 error(s)"));
}

#[test]
fn check_fails_like_a_build_on_content_errors() {
    let site = Site::empty("title: T\nbase_url: https://example.org/\n");
    site.write("content/stories/a.md", "---\ntitle: A\n---\n");
    assert!(matches!(
        dossier::check::check(&site.options()),
        Err(dossier::Error::Content(_))
    ));
}

#[test]
fn the_example_dossier_checks_clean() {
    let report =
        dossier::check::check(&dossier::BuildOptions::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let found: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn check_finds_names_that_look_like_one_entity() {
    let site = Site::empty("title: T\nbase_url: https://example.org/\n");
    site.write(
        "content/people/julian-assange.md",
        "---\nname: Julian Assange\n---\n",
    );
    site.write(
        "content/people/william-hague.md",
        "---\nname: William Hague\n---\n",
    );
    site.write(
        "content/people/ricardo-patino.md",
        "---\nname: Ricardo Patiño\naliases: [Patiño]\n---\n",
    );
    let story = |name: &str, people: &str| {
        site.write(
            &format!("content/stories/{name}.md"),
            &format!("---\ntitle: {name}\ndate: 2013-01-01\npeople: [{people}]\n---\n"),
        );
    };
    story("a", "Julian Assange, William Hague, Ricardo Patiño");
    story("b", "Julian Assange");
    story("typo", "Julian Asange");
    story("reordered", "\"Hague, William\"");
    story("alias", "Patinyo");
    story("unrelated", "Anne Jones");
    let report = dossier::check::check(&site.options()).unwrap();
    let warnings: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    let find = |text: &str| {
        warnings
            .iter()
            .find(|w| w.contains(text))
            .unwrap_or_else(|| panic!("no {text:?} in {warnings:#?}"))
    };
    let typo = find("`Julian Asange` looks like `Julian Assange`: one letter apart");
    assert!(
        typo.starts_with("content/stories/typo.md:4:9: warning:"),
        "{typo}"
    );
    assert!(
        typo.contains("`Julian Asange` is used in content/stories/typo.md"),
        "{typo}"
    );
    assert!(typo.contains("`Julian Assange` in content/people/julian-assange.md, content/stories/a.md, content/stories/b.md"), "{typo}");
    find("`Hague, William` looks like `William Hague`: the same words in another order");
    find("`Patinyo` looks like `Patiño` (a name of `Ricardo Patiño`): one letter apart");
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(!report.has_errors());
}
