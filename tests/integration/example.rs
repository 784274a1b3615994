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
    // Published below the host's root, the example is told where its
    // robots.txt must go, and of nothing else.
    let codes: Vec<_> = report.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        [dossier::Code::RobotsBelowRoot],
        "{:?}",
        report.warnings
    );
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
    // The judgments and opinion the affair turns on are documents, each
    // cited by a story; every story lists its sources.
    for slug in [
        "ewhc-2011-2849",
        "uksc-2012-22",
        "wgad-opinion-54-2015",
        "ewhc-2021-3313",
        "ewhc-2024-700",
    ] {
        let page = std::fs::read_to_string(output.join("documents").join(slug).join("index.html"))
            .unwrap_or_else(|e| panic!("{slug}: {e}"));
        assert!(
            page.contains("class=\"story-item\""),
            "no story cites {slug}"
        );
    }
    for entry in std::fs::read_dir(output.join("stories")).unwrap() {
        let page = entry.unwrap().path().join("index.html");
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            html.contains("class=\"story-sources\""),
            "{} has no sources",
            page.display()
        );
    }
    // `Ricardo Patino` and `Wikileaks` in some stories are the same entities.
    assert!(!output.join("people/ricardo-patino-2").exists());
    let people = std::fs::read_to_string(output.join("people/index.html")).unwrap();
    assert_eq!(people.matches("/assange/people/ricardo-patino/").count(), 1);
}

/// The current Nu HTML checker (npm's `vnu-jar`): `VNU_JAR`, else where a
/// global `npm install vnu-jar` puts it.
fn vnu_jar() -> Option<std::path::PathBuf> {
    if let Some(jar) = std::env::var_os("VNU_JAR") {
        return Some(jar.into());
    }
    let root = Command::new("npm").args(["root", "-g"]).output().ok()?;
    let root = String::from_utf8(root.stdout).ok()?;
    let jar = Path::new(root.trim()).join("vnu-jar/build/dist/vnu.jar");
    jar.is_file().then_some(jar)
}

/// Runs the Nu HTML checker over a folder; `None` when it is not installed
/// (outside CI, where `.ci/run` installs it).
pub(crate) fn nu_html_errors(folder: &Path) -> Option<String> {
    let Some(jar) = vnu_jar() else {
        if std::env::var_os("CI").is_some() {
            panic!("the Nu HTML checker is required in CI: npm install -g vnu-jar (needs java)");
        }
        eprintln!(
            "skipped: the Nu HTML checker is not installed (npm install -g vnu-jar; needs java)"
        );
        return None;
    };
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--skip-non-html", "--errors-only"])
        .arg(folder)
        .output();
    match out {
        Ok(out) if out.status.success() => Some(String::new()),
        Ok(out) => Some(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) => panic!("cannot run java -jar {}: {e}", jar.display()),
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
    // The markup of corrections and of sanitized raw HTML, embed included.
    let corrected = Site::fixture("basic");
    let config = std::fs::read_to_string(corrected.root().join("dossier.yaml")).unwrap();
    corrected.write(
        "dossier.yaml",
        &format!("{config}embed_hosts: [www.documentcloud.org]\n"),
    );
    let story = "content/stories/2013/talks.md";
    let text = std::fs::read_to_string(corrected.root().join(story)).unwrap();
    corrected.write(
        story,
        &text.replace(
            "tags: [diplomacy]\n",
            "tags: [diplomacy]\ncorrections:\n  - date: 2013-06-19\n    text: A name was misspelt.\n  - date: 2013-06-20\n    text: The talks lasted 45 minutes.\nsources:\n  - id: wire\n    title: Talks stall\n    publisher: A wire\n    url: https://example.org/wire\n    date: 2013-06\n    archived: https://web.archive.org/web/20130618000000/https://example.org/wire\n",
        ),
    );
    let text = std::fs::read_to_string(corrected.root().join(story)).unwrap();
    corrected.write(
        story,
        &text.replace(
            "met for 45 minutes.",
            "met [for 45 minutes](source:wire), [it said](source:wire).",
        ),
    );
    corrected.write(
        "content/stories/2013/wire.md",
        "---\ntitle: Wire\ndate: 2013-03-03\n---\nA note<sup>1</sup>, <img src=\"/x.png\" alt=\"\" onerror=\"alert(1)\">.\n\n<iframe src=\"https://www.documentcloud.org/documents/1/\" title=\"A document\"></iframe>\n\n<script>alert(3)</script>\n",
    );
    // A lead image, a Markdown image alone and one in a sentence.
    corrected.write_bytes("static/images/talks.jpg", &crate::common::jpeg(640, 360));
    let text = std::fs::read_to_string(corrected.root().join(story)).unwrap();
    corrected.write(
        story,
        &format!(
            "{}\n![The talks](/images/talks.jpg \"The talks in London\")\n\nThe room ![a room](/images/talks.jpg) was small.\n",
            text.replace(
                "tags: [diplomacy]\n",
                "tags: [diplomacy]\nimage: /images/talks.jpg\nimage_alt: Two ministers\nimage_caption: The talks.\nimage_credit: Desk\n",
            )
        ),
    );
    // A document with every field, and a story citing it.
    corrected.write(
        "content/documents/ruling.md",
        "---\ntitle: A ruling [2012] UKSC 22\ndate: 2012-05\ntype: judgment\nissuer: Supreme Court\nurl: https://example.org/ruling\narchived: https://web.archive.org/web/20120601000000/https://example.org/ruling\nfile: /files/ruling.pdf\npeople: [Julian Assange]\n---\nThe **notes**.\n",
    );
    corrected.write("static/files/ruling.pdf", "%PDF");
    corrected.write(
        "content/documents/letter.md",
        "---\ntitle: A letter\ndate: 2013\ntype: letter\n---\n",
    );
    let text = std::fs::read_to_string(corrected.root().join(story)).unwrap();
    corrected.write(
        story,
        &text.replace(
            "sources:\n",
            "sources:\n  - document: ruling\n    pages: para 1\n",
        ),
    );
    let mut options = corrected.options();
    options.output = Some(out.path().join("corrected"));
    dossier::build(&options).unwrap();
    let ruling = out.path().join("corrected/documents/ruling/index.html");
    let ruling = std::fs::read_to_string(ruling).expect("the document's page");
    assert!(ruling.contains("cites para 1"), "the story cites it");
    let talks =
        std::fs::read_to_string(out.path().join("corrected/stories/talks/index.html")).unwrap();
    assert!(
        talks.contains("<figure class=\"lead-image\">")
            && talks.contains("<figure class=\"body-image\">")
    );
    if let Some(errors) = nu_html_errors(out.path()) {
        assert!(
            errors.is_empty(),
            "the Nu HTML checker found errors:\n{errors}"
        );
    }
}
