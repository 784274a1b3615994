//! The output folder under attack and bad luck, through the real binary:
//! links planted in it, two builds at once, builds killed at each of their
//! steps or stopped with Ctrl-C, text that XML cannot carry, and inputs
//! that are not files.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Site, copy_tree, snapshot};

const DOSSIER: &str = env!("CARGO_BIN_EXE_dossier");

/// The steps a build can be stopped at, in order (see `DOSSIER_TEST_FAULT`).
const STEPS: &[&str] = &[
    "locked", "claimed", "marked", "staged", "recorded", "renamed", "removed", "saved",
];

fn dossier(root: &Path, args: &[&str], fault: Option<&str>) -> Output {
    let mut command = Command::new(DOSSIER);
    command.args(args).arg("--root").arg(root);
    command.env_remove("DOSSIER_TEST_FAULT");
    if let Some(fault) = fault {
        command.env("DOSSIER_TEST_FAULT", fault);
    }
    command.output().expect("run dossier")
}

fn build(root: &Path, args: &[&str]) {
    let out = dossier(root, &[&["build"], args].concat(), None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What a build of `root` into a new folder writes, with `args`.
fn fresh(root: &Path, args: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("fresh");
    let folder_arg = folder.to_str().unwrap();
    build(root, &[args, &["--output", folder_arg]].concat());
    snapshot(&folder)
}

/// Every hidden file of a snapshot that is not the manifest or the lock.
fn leftovers(files: &BTreeMap<String, Vec<u8>>) -> Vec<&String> {
    files
        .keys()
        .filter(|path| {
            let name = path.rsplit('/').next().unwrap_or(path);
            name.starts_with('.') && name != ".dossier-manifest" && name != ".dossier-lock"
        })
        .collect()
}

/// A site of `stories` stories, enough for builds to overlap in time.
fn many_stories(stories: usize) -> Site {
    let site = Site::empty("title: Many\nbase_url: https://example.org/\n");
    for i in 0..stories {
        site.write(
            &format!("content/stories/s{i:04}.md"),
            &format!(
                "---\ntitle: Story {i}\ndate: 2013-01-{:02}\npeople: [Person {}]\ntags: [t{}]\n---\nText {i}.\n",
                i % 28 + 1,
                i % 40,
                i % 7
            ),
        );
    }
    site
}

#[test]
fn a_link_inside_the_output_never_leads_a_build_outside() {
    let site = Site::fixture("basic");
    let root = site.root();
    build(root, &[]);
    let victim = tempfile::tempdir().unwrap();
    fs::create_dir_all(victim.path().join("talks")).unwrap();
    fs::write(victim.path().join("keep.txt"), "keep").unwrap();
    fs::write(victim.path().join("talks/index.html"), "theirs").unwrap();
    let before = snapshot(victim.path());

    // A folder of dossier's replaced by a link: it becomes a folder again.
    let stories = site.output().join("stories");
    fs::remove_dir_all(&stories).unwrap();
    symlink(victim.path(), &stories).unwrap();
    build(root, &[]);
    assert_eq!(
        snapshot(victim.path()),
        before,
        "nothing written or deleted there"
    );
    assert!(
        !fs::symlink_metadata(&stories)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(snapshot(&site.output()), fresh(root, &[]));

    // A link the manifest does not know as a folder of dossier's, at a
    // folder whose file it lists: the build refuses, naming the link.
    let manifest = site.output().join(".dossier-manifest");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, format!("{text}entry 4 - planted/keep.txt\n")).unwrap();
    symlink(victim.path(), site.output().join("planted")).unwrap();
    edited(&site);
    let out = dossier(root, &["build"], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("planted") && stderr.contains("symbolic link"),
        "{stderr}"
    );
    assert_eq!(snapshot(victim.path()), before, "keep.txt is still there");
}

#[test]
fn a_page_replaced_by_a_link_is_replaced_not_written_through() {
    let site = Site::fixture("basic");
    let root = site.root();
    build(root, &[]);
    let victim = tempfile::tempdir().unwrap();
    fs::write(victim.path().join("passwd"), "secret").unwrap();
    let page = site.output().join("stories/talks/index.html");
    fs::remove_file(&page).unwrap();
    symlink(victim.path().join("passwd"), &page).unwrap();
    build(root, &[]);
    assert_eq!(
        fs::read_to_string(victim.path().join("passwd")).unwrap(),
        "secret"
    );
    assert!(fs::symlink_metadata(&page).unwrap().is_file());
    assert_eq!(snapshot(&site.output()), fresh(root, &[]));
}

#[test]
fn two_builds_at_once_give_exactly_one_of_them() {
    let site = many_stories(300);
    let root = site.root();
    let a = ["--base-url", "https://a.example/"];
    let b = ["--base-url", "https://b.example/x/"];
    let (fresh_a, fresh_b) = (fresh(root, &a), fresh(root, &b));
    let output = site.output();
    for round in 0..5 {
        if round == 0 {
            let _ = fs::remove_dir_all(&output);
        }
        let spawn = |args: &[&str]| {
            Command::new(DOSSIER)
                .arg("build")
                .args(args)
                .arg("--root")
                .arg(root)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, second) = (spawn(&a), spawn(&b));
        for child in [first, second] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let result = snapshot(&output);
        assert!(
            result == fresh_a || result == fresh_b,
            "round {round}: a mix of the two builds"
        );
    }
    build(root, &a);
    assert_eq!(snapshot(&output), fresh_a);
    build(root, &b);
    assert_eq!(snapshot(&output), fresh_b);
}

#[test]
fn a_second_build_waits_for_the_first_and_says_so() {
    let site = many_stories(20);
    let root = site.root();
    build(root, &[]);
    site.write(
        "content/stories/s0000.md",
        "---\ntitle: Changed\ndate: 2013-01-01\n---\nNew.\n",
    );
    let first = Command::new(DOSSIER)
        .args(["build", "--root"])
        .arg(root)
        .env("DOSSIER_TEST_FAULT", "marked:pause")
        .stderr(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_file(&site.output().join(".dossier-unfinished"));
    let started = Instant::now();
    let second = dossier(root, &["build"], None);
    assert!(second.status.success());
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("waiting for another build of"), "{stderr}");
    assert!(started.elapsed() > Duration::from_millis(500), "it waited");
    first.wait_with_output().unwrap();
    assert_eq!(snapshot(&site.output()), fresh(root, &[]));
}

fn wait_for_file(path: &Path) {
    let started = Instant::now();
    while !path.exists() {
        assert!(started.elapsed() < Duration::from_secs(20), "no {path:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The basic fixture after an edit that a `--drafts` build can be stopped
/// in: a story gone (a stale page to delete), one changed, a draft added.
fn edited(site: &Site) {
    site.remove("content/stories/2012/embassy.md");
    let talks = site.root().join("content/stories/2013/talks.md");
    let text = fs::read_to_string(&talks).unwrap();
    fs::write(&talks, text.replace("45 minutes", "an hour")).unwrap();
    site.write(
        "content/stories/2013/embargoed.md",
        "---\ntitle: Embargoed until Friday\ndate: 2013-08-01\ndraft: true\n---\nEMBARGOED TEXT.\n",
    );
}

/// Stops a `--drafts` build at `fault`, then checks that a normal build
/// gives exactly a fresh build's output, with no staged file and no draft.
fn stop_then_repair(fault: &str, first_build: bool) {
    let site = Site::fixture("basic");
    let root = site.root();
    if !first_build {
        build(root, &[]);
    }
    edited(&site);
    let stopped = dossier(root, &["build", "--drafts"], Some(fault));
    let killed = stopped.status.signal().is_some();
    build(root, &[]);
    let repaired = snapshot(&site.output());
    assert_eq!(leftovers(&repaired), Vec::<&String>::new(), "{fault}");
    assert!(
        !repaired
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("EMBARGOED")),
        "{fault}: the draft leaked"
    );
    assert_eq!(repaired, fresh(root, &[]), "{fault} (killed: {killed})");
}

#[test]
fn a_build_killed_at_any_step_is_repaired_by_the_next() {
    for first_build in [false, true] {
        for step in STEPS {
            stop_then_repair(step, first_build);
        }
        stop_then_repair("staged:4", first_build);
        stop_then_repair("renamed:3", first_build);
    }
}

#[test]
fn builds_killed_at_random_points_are_always_repaired() {
    // A small xorshift, seeded: the same points on every run.
    let mut state: u64 = 0x5eed_2026_1201;
    let mut next = move |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    };
    let started = Instant::now();
    for _ in 0..16 {
        if started.elapsed() > Duration::from_secs(30) {
            break;
        }
        let step = STEPS[next(STEPS.len() as u64) as usize];
        let nth = 1 + next(6);
        stop_then_repair(&format!("{step}:{nth}"), next(3) == 0);
    }
}

#[test]
fn ctrl_c_during_a_build_leaves_the_output_as_it_was() {
    let site = Site::fixture("basic");
    let root = site.root();
    build(root, &[]);
    let before = snapshot(&site.output());
    edited(&site);
    let child = Command::new(DOSSIER)
        .args(["build", "--drafts", "--root"])
        .arg(root)
        .env("DOSSIER_TEST_FAULT", "staged:3:pause")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = site.output();
    let started = Instant::now();
    while !snapshot(&output)
        .keys()
        .any(|p| p.ends_with(".dossier-tmp"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "nothing staged"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: a plain signal to the child this test started and still owns.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0, "Ctrl-C sent");
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(snapshot(&output), before, "no staged file, no change");
}

#[test]
fn control_characters_are_errors_at_their_line_and_column() {
    let site = Site::fixture("basic");
    site.write(
        "content/stories/2013/pasted.md",
        "---\ntitle: Pasted\ndate: 2013-02-02\n---\nFrom the PDF:\u{c}page two.\n",
    );
    let out = dossier(site.root(), &["build"], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "content/stories/2013/pasted.md:5:14: error: the file has a form feed (U+000C)"
        ),
        "{stderr}"
    );
    assert!(!site.output().exists(), "nothing written");
    for (text, name) in [
        ("\u{1b}[31m", "an escape character (U+001B)"),
        ("\u{85}", "a control character (U+0085)"),
        ("\u{fffe}", "a noncharacter (U+FFFE)"),
    ] {
        site.write(
            "content/stories/2013/pasted.md",
            &format!("---\ntitle: Pasted {text}\ndate: 2013-02-02\n---\nText.\n"),
        );
        let stderr =
            String::from_utf8_lossy(&dossier(site.root(), &["build"], None).stderr).to_string();
        assert!(
            stderr.contains(&format!("pasted.md:2:15: error: the file has {name}")),
            "{stderr}"
        );
    }
    site.write(
        "content/stories/2013/pasted.md",
        "---\ntitle: Tab\tand a “quote”, ©, nbsp\u{a0}and 漢字\ndate: 2013-02-02\n---\nFine.\n",
    );
    build(site.root(), &[]);
    roxmltree::Document::parse(&site.page("atom.xml")).expect("the feed is well-formed");
}

/// Runs dossier and fails the test if it does not finish in 20 seconds.
fn within_time(root: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(DOSSIER)
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("dossier {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

#[test]
fn a_fifo_for_a_config_or_a_story_is_an_error_not_a_hang() {
    let site = Site::fixture("basic");
    let root = site.root();
    fs::remove_file(root.join("dossier.yaml")).unwrap();
    mkfifo(&root.join("dossier.yaml"));
    for command in ["build", "check"] {
        let out = within_time(root, &[command]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "dossier.yaml:1:1: error: this is a FIFO (named pipe), not a regular file"
            ),
            "{stderr}"
        );
    }

    let site = Site::fixture("basic");
    mkfifo(&site.root().join("content/stories/2013/pipe.md"));
    let out = within_time(site.root(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("pipe.md:1:1: error: this is a FIFO"),
        "{stderr}"
    );
}

/// Plants a link in each input folder of `site`, each to a file or folder
/// outside it holding `root:x`; returns the folder they point into.
fn plant_links(site: &Site) -> tempfile::TempDir {
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path();
    fs::write(outside.join("passwd"), "root:x:0:0\n").unwrap();
    fs::create_dir(outside.join("stories")).unwrap();
    fs::write(
        outside.join("stories/far.md"),
        "---\ntitle: root:x far\ndate: 2013-01-01\n---\nroot:x\n",
    )
    .unwrap();
    let root = site.root();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    for (link, target) in [
        ("content/stories/2013/linked.md", "passwd"),
        ("content/stories/far", "stories"),
        ("static/leak.txt", "passwd"),
        ("templates/story.html", "passwd"),
    ] {
        symlink(outside.join(target), root.join(link)).unwrap();
    }
    elsewhere
}

/// The warning each planted link gets.
const LINK_WARNINGS: [&str; 4] = [
    "content/stories/2013/linked.md:1:1: warning: this is a symbolic link",
    "content/stories/far:1:1: warning: this is a symbolic link",
    "static/leak.txt:1:1: warning: this is a symbolic link",
    "templates/story.html:1:1: warning: this is a symbolic link",
];

#[test]
fn links_in_content_static_and_templates_are_left_out_with_a_warning() {
    let site = Site::fixture("basic");
    let _elsewhere = plant_links(&site);
    for command in ["build", "check"] {
        let out = dossier(site.root(), &[command], None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{command}: {stderr}");
        for warning in LINK_WARNINGS {
            assert!(stderr.contains(warning), "{command}: {warning} in {stderr}");
        }
        assert!(
            !stderr.contains("root:x"),
            "{command}: the target is never quoted"
        );
    }
    let output = snapshot(&site.output());
    assert!(!output.contains_key("leak.txt"));
    assert!(!output.contains_key("stories/linked/index.html"));
    assert!(!output.contains_key("stories/far/index.html"));
    for (path, bytes) in &output {
        assert!(
            !String::from_utf8_lossy(bytes).contains("root:x"),
            "{path} holds a file from outside the site"
        );
    }
    // The theme's story template stands in for the linked one.
    assert!(output.contains_key("stories/talks/index.html"));
}

#[test]
fn a_first_build_stopped_before_its_manifest_is_accepted_by_the_next() {
    let site = Site::fixture("basic");
    let root = site.root();
    let stopped = dossier(root, &["build"], Some("claimed"));
    assert!(stopped.status.signal().is_some(), "stopped");
    build(root, &[]);
    assert_eq!(snapshot(&site.output()), fresh(root, &[]));
    // And a folder holding only what dossier itself leaves there.
    let other = tempfile::tempdir().unwrap();
    let output = other.path().join("out");
    fs::create_dir(&output).unwrap();
    fs::write(output.join(".dossier-unfinished"), "").unwrap();
    fs::write(output.join(".index.html.dossier-tmp"), "half").unwrap();
    let folder_arg = output.to_str().unwrap();
    build(root, &["--output", folder_arg]);
    assert_eq!(snapshot(&output), fresh(root, &[]));
}

#[test]
fn a_folder_of_someone_elses_is_refused_and_left_untouched() {
    let site = Site::fixture("basic");
    let theirs = tempfile::tempdir().unwrap();
    let output = theirs.path().join("www");
    copy_tree(&site.root().join("content"), &output);
    let before = snapshot(&output);
    let out = dossier(
        site.root(),
        &["build", "--output", output.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dossier did not create it"), "{stderr}");
    assert_eq!(snapshot(&output), before, "not even a lock file");
}

const HOSTILE: &str = "---\ntitle: Wire copy\ndate: 2013-03-03\n---\nA note<sup>1</sup> and <img src=\"/x.png\" onerror=\"alert(1)\">.\n\n[Click](javascript:alert(2))\n\n<script>alert(3)</script>\n\n<iframe src=\"https://www.documentcloud.org/documents/1/\"></iframe>\n";

fn raw_html_site(setting: &str) -> Site {
    let site = Site::fixture("basic");
    let config = fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write("dossier.yaml", &format!("{config}{setting}"));
    site.write("content/stories/2013/wire.md", HOSTILE);
    site
}

#[test]
fn raw_html_is_sanitized_by_default_and_check_says_what_went() {
    let site = raw_html_site("embed_hosts: [www.documentcloud.org]\n");
    build(site.root(), &[]);
    let page = site.page("stories/wire/index.html");
    assert!(page.contains("<sup>1</sup>"), "harmless markup stays");
    for gone in ["onerror", "javascript:", "alert(3)"] {
        assert!(!page.contains(gone), "{gone} is still there");
    }
    assert!(
        page.contains("sandbox=\"allow-scripts"),
        "the embed is sandboxed"
    );
    assert!(page.contains("loading=\"lazy\""));
    let out = dossier(site.root(), &["check"], None);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "wire.md:5:24: warning: sanitizing removes the `onerror` attribute of `<img>`",
        "wire.md:7:1: warning: sanitizing removes the link to `javascript:alert(2)`",
        "wire.md:9:1: warning: sanitizing removes `<script>` and its content",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(
        !stderr.contains("iframe"),
        "an allowed embed is not reported: {stderr}"
    );

    let site = raw_html_site("");
    build(site.root(), &[]);
    assert!(
        !site.page("stories/wire/index.html").contains("<iframe"),
        "no embed hosts, no iframes"
    );
}

#[test]
fn raw_html_allow_keeps_it_and_escape_shows_it() {
    let site = raw_html_site("raw_html: allow\n");
    build(site.root(), &[]);
    let page = site.page("stories/wire/index.html");
    assert!(page.contains("onerror=\"alert(1)\"") && page.contains("<script>alert(3)</script>"));

    let site = raw_html_site("raw_html: escape\n");
    build(site.root(), &[]);
    let page = site.page("stories/wire/index.html");
    assert!(page.contains("&lt;sup&gt;1&lt;/sup&gt;"), "shown as typed");
    assert!(page.contains("&lt;script&gt;alert(3)&lt;/script&gt;"));
    assert!(
        !page.contains("javascript:"),
        "a link's scheme is checked in every mode but allow"
    );

    let site = raw_html_site("raw_html: sanitise\n");
    let out = dossier(site.root(), &["build"], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown `raw_html` value `sanitise`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `sanitize`?"), "{stderr}");
}

#[test]
fn a_full_disk_while_staging_or_moving_leaves_no_staged_file() {
    for (fault, moved) in [("staged:3:full", false), ("renamed:2:full", true)] {
        let site = Site::fixture("basic");
        let root = site.root();
        build(root, &[]);
        let before = snapshot(&site.output());
        edited(&site);
        let out = dossier(root, &["build", "--drafts"], Some(fault));
        assert_eq!(out.status.code(), Some(1), "{fault}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("no space left on device"), "{stderr}");
        let after = snapshot(&site.output());
        assert_eq!(
            leftovers(&after)
                .iter()
                .filter(|p| p.ends_with(".dossier-tmp"))
                .count(),
            0,
            "{fault}: {:?}",
            leftovers(&after)
        );
        if moved {
            // Some files had moved: the folder is marked unfinished, and the
            // next build repairs it.
            assert!(after.contains_key(".dossier-unfinished"), "{fault}");
            build(root, &[]);
            assert_eq!(snapshot(&site.output()), fresh(root, &[]), "{fault}");
        } else {
            assert_eq!(after, before, "{fault}: nothing had moved, nothing changed");
        }
    }
}

#[test]
fn links_planted_where_dossier_writes_its_own_files_are_never_written_through() {
    for planted in [
        ".dossier-unfinished",
        ".dossier-lock",
        "stories/talks/.index.html.dossier-tmp",
        "..dossier-manifest.dossier-tmp",
    ] {
        let site = Site::fixture("basic");
        let root = site.root();
        build(root, &[]);
        let victim = tempfile::tempdir().unwrap();
        let target = victim.path().join("important.txt");
        fs::write(&target, "important").unwrap();
        let link = site.output().join(planted);
        let _ = fs::remove_file(&link);
        symlink(&target, &link).unwrap();
        edited(&site);
        let _ = dossier(root, &["build"], None);
        assert_eq!(
            fs::read_to_string(&target).unwrap(),
            "important",
            "{planted}"
        );
        assert_eq!(fs::read_dir(victim.path()).unwrap().count(), 1, "{planted}");
    }
}
