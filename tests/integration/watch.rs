//! `dossier watch`: the real binary watching a temp copy of a fixture while
//! the test edits, creates, renames and deletes files.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Site, snapshot};

/// The running `dossier watch`, killed when dropped.
struct Watching {
    child: Child,
}

impl Watching {
    fn start(site: &Site) -> Watching {
        let child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["watch", "--root", site.root().to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier watch");
        Watching { child }
    }

    /// Stops it and returns what it printed.
    fn stop(mut self) -> (String, String) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut out = String::new();
        let mut err = String::new();
        self.child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (out, err)
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls until `condition` holds; panics after 10 s.
/// Whether the first build is complete: its manifest records the inputs'
/// fingerprint last, after every file is in place.
fn first_build_done(site: &Site) -> bool {
    std::fs::read_to_string(site.output().join(".dossier-manifest"))
        .is_ok_and(|manifest| manifest.contains("\nfingerprint "))
}

fn eventually(what: &str, condition: impl Fn() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn page_contains(site: &Site, page: &str, text: &str) -> bool {
    std::fs::read_to_string(site.output().join(page)).is_ok_and(|html| html.contains(text))
}

/// The output equals a fresh build of the same content.
fn assert_same_as_fresh_build(site: &Site) {
    let fresh = tempfile::tempdir().unwrap();
    let mut options = site.options();
    options.output = Some(fresh.path().join("out"));
    dossier::build(&options).unwrap();
    assert_eq!(
        snapshot(&site.output()),
        snapshot(&fresh.path().join("out"))
    );
}

const STORY: &str = "content/stories/2013/talks.md";

#[test]
fn edits_creations_renames_and_deletions_reach_the_site() {
    let site = Site::fixture("basic");
    let watching = Watching::start(&site);
    eventually("the first build", || first_build_done(&site));

    let text = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    site.write(STORY, &text.replace("45 minutes", "ninety minutes"));
    eventually("the edit", || {
        page_contains(&site, "stories/talks/index.html", "ninety minutes")
    });

    site.write(
        "content/stories/2014/new.md",
        "---\ntitle: Brand new\ndate: 2014-01-01\npeople: [Newcomer]\n---\nNew.\n",
    );
    eventually("the new story", || {
        site.has("stories/new/index.html") && site.has("people/newcomer/index.html")
    });

    std::fs::rename(
        site.root().join("content/stories/2014/new.md"),
        site.root().join("content/stories/2014/renamed.md"),
    )
    .unwrap();
    eventually("the rename", || {
        site.has("stories/renamed/index.html") && !site.has("stories/new")
    });

    site.remove("content/stories/2014/renamed.md");
    eventually("the deletion", || {
        !site.has("stories/renamed") && !site.has("people/newcomer")
    });
    assert!(!page_contains(&site, "sitemap.xml", "/stories/renamed/"));
    assert!(!page_contains(&site, "atom.xml", "/stories/renamed/"));
    eventually("the output settles", || site.built().up_to_date);
    drop(watching);
    assert_same_as_fresh_build(&site);
}

#[test]
fn a_link_saved_into_the_content_is_left_out_with_a_warning() {
    let site = Site::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("passwd");
    std::fs::write(
        &secret,
        "---\ntitle: root:x\ndate: 2013-01-01\n---\nroot:x\n",
    )
    .unwrap();
    let watching = Watching::start(&site);
    eventually("the first build", || first_build_done(&site));
    let link = site.root().join("content/stories/2013/linked.md");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    // Replaced by the file itself, it is a story like any other.
    std::thread::sleep(Duration::from_millis(500));
    assert!(!site.has("stories/linked"), "a link is never followed");
    std::fs::remove_file(&link).unwrap();
    site.write(
        "content/stories/2013/linked.md",
        "---\ntitle: Its own file\ndate: 2013-01-01\n---\nHere.\n",
    );
    eventually("the real file", || {
        page_contains(&site, "stories/linked/index.html", "Its own file")
    });
    let (out, err) = watching.stop();
    let printed = format!("{out}{err}");
    assert!(
        printed.contains("linked.md:1:1: warning: this is a symbolic link"),
        "{printed}"
    );
    assert!(!printed.contains("root:x"), "{printed}");
}

#[test]
fn bad_input_keeps_the_last_good_site_until_fixed() {
    let site = Site::fixture("basic");
    let watching = Watching::start(&site);
    eventually("the first build", || first_build_done(&site));
    let before = snapshot(&site.output());

    let good = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    site.write(STORY, "---\ntitle: [unclosed\n---\n");
    std::thread::sleep(Duration::from_millis(600));
    let after = snapshot(&site.output());
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert!(changed.is_empty(), "a broken save changed {changed:?}");

    site.write(STORY, &good.replace("45 minutes", "fixed minutes"));
    eventually("the fix", || {
        page_contains(&site, "stories/talks/index.html", "fixed minutes")
    });
    let (_, stderr) = watching.stop();
    assert!(
        stderr.contains("content/stories/2013/talks.md:3:1: error: invalid YAML"),
        "the error names file and line: {stderr}"
    );
}

#[test]
fn a_burst_of_changes_gives_few_rebuilds() {
    let site = Site::fixture("basic");
    let watching = Watching::start(&site);
    eventually("the first build", || first_build_done(&site));
    // Like a `git checkout`: 200 files at once, plus editor droppings.
    for n in 0..200 {
        site.write(
            &format!("content/stories/burst/s{n}.md"),
            &format!("---\ntitle: Burst {n}\ndate: 2015-01-01\n---\n"),
        );
    }
    site.write("content/stories/burst/.s1.md.swp", "junk");
    site.write("content/stories/burst/s2.md~", "junk");
    eventually("all 200 stories", || {
        site.has("stories/s199/index.html") && site.has("stories/s0/index.html")
    });
    std::thread::sleep(Duration::from_millis(500));
    let (stdout, _) = watching.stop();
    let builds = stdout.lines().filter(|l| l.starts_with("built ")).count();
    assert!(
        builds <= 3,
        "the burst gave {} builds:\n{stdout}",
        builds - 1
    );
}

#[test]
fn documents_and_the_stories_citing_them_update_each_other() {
    let site = Site::fixture("basic");
    let watching = Watching::start(&site);
    eventually("the first build", || first_build_done(&site));
    let document = "content/documents/ruling.md";
    let ruling = "---\ntitle: The ruling\ndate: 2012-05-30\ntype: judgment\nissuer: Supreme Court\n---\nNotes.\n";
    site.write(document, ruling);
    eventually("the new document", || {
        site.has("documents/ruling/index.html")
            && page_contains(&site, "documents/index.html", "documents/ruling/")
            && page_contains(
                &site,
                "organizations/supreme-court/index.html",
                "documents/ruling/",
            )
    });

    let story = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    let citing = story.replace(
        "tags: [diplomacy]\n",
        "tags: [diplomacy]\nsources:\n  - document: ruling\n    pages: para 9\n",
    );
    site.write(STORY, &citing);
    eventually("the story citing it", || {
        page_contains(&site, "documents/ruling/index.html", "stories/talks/")
            && page_contains(&site, "stories/talks/index.html", "documents/ruling/")
    });

    site.write(document, &ruling.replace("The ruling", "The final ruling"));
    eventually("the document's new title on the story", || {
        page_contains(&site, "stories/talks/index.html", "The final ruling")
    });

    // A story citing a deleted document is an error: the site stays as it was.
    site.remove(document);
    std::thread::sleep(Duration::from_millis(600));
    assert!(site.has("documents/ruling/index.html"));
    site.write(STORY, &story);
    eventually("the story no longer citing it", || {
        !site.has("documents/ruling") && !site.has("documents/index.html")
    });
    eventually("the output settles", || site.built().up_to_date);
    let (_, stderr) = watching.stop();
    assert!(
        stderr.contains("names the document `ruling`, and there is none"),
        "{stderr}"
    );
    assert_same_as_fresh_build(&site);
}

/// The files that differ between two snapshots of the output, the
/// manifest aside.
fn changed_files(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut changed: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path) && *path != ".dossier-manifest")
        .cloned()
        .collect();
    changed.sort();
    changed.dedup();
    changed
}

#[test]
fn a_translation_added_edited_or_deleted_rewrites_the_pages_that_show_it() {
    let site = crate::languages::bilingual();
    let watching = Watching::start(&site);
    eventually("the first build", || first_build_done(&site));
    let translation = "content/stories/2012/asylum.es.md";
    let before = snapshot(&site.output());
    site.write(
        translation,
        "---\ntitle: Ecuador concede el asilo\n---\nEcuador concede el asilo a Julian Assange.\n",
    );
    eventually("the new translation", || {
        page_contains(
            &site,
            "es/stories/asylum/index.html",
            "Ecuador concede el asilo",
        ) && page_contains(&site, "es/index.html", "Ecuador concede el asilo")
    });
    eventually("the output settles", || site.built().up_to_date);
    let added = snapshot(&site.output());
    // Of the English pages, only the original's changes: it links its
    // Spanish version now.
    let english: Vec<String> = changed_files(&before, &added)
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.starts_with("es/"))
        .collect();
    assert_eq!(english, ["stories/asylum/index.html"]);

    site.write(
        translation,
        "---\ntitle: Ecuador otorga el asilo\n---\nEcuador concede el asilo a Julian Assange.\n",
    );
    eventually("the edit", || {
        page_contains(&site, "es/index.html", "Ecuador otorga el asilo")
    });
    eventually("the output settles", || site.built().up_to_date);
    let edited = snapshot(&site.output());
    // Every page rewritten shows the new title, and no English one is.
    let pages: Vec<String> = changed_files(&added, &edited)
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 3, "{pages:?}");
    for page in &pages {
        let html = String::from_utf8_lossy(&edited[page]);
        assert!(
            page.starts_with("es/") && html.contains("Ecuador otorga el asilo"),
            "{page} was rewritten and does not show the translation"
        );
    }

    site.remove(translation);
    eventually("the deletion", || {
        !site.has("es/stories/asylum")
            && page_contains(
                &site,
                "es/index.html",
                "<span class=\"story-language\">EN</span>",
            )
    });
    eventually("the output settles", || site.built().up_to_date);
    drop(watching);
    assert_same_as_fresh_build(&site);
}

#[test]
fn content_removed_or_moved_away_and_back_is_watched_again() {
    let site = Site::fixture("basic");
    let watching = Watching::start(&site);
    eventually("the first build", || first_build_done(&site));
    let root = site.root();
    // Moved away, as by a checkout: the last good site stays.
    std::fs::rename(root.join("content"), root.join("content.away")).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert!(site.has("stories/talks/index.html"), "the site stays");
    std::fs::rename(root.join("content.away"), root.join("content")).unwrap();
    let text = std::fs::read_to_string(root.join(STORY)).unwrap();
    site.write(STORY, &text.replace("45 minutes", "back minutes"));
    eventually("an edit after the move back", || {
        page_contains(&site, "stories/talks/index.html", "back minutes")
    });

    // Removed and created again, with other files: watched again too.
    let copy = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&root.join("content"), copy.path());
    std::fs::remove_dir_all(root.join("content")).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    crate::common::copy_tree(copy.path(), &root.join("content"));
    site.write(STORY, &text.replace("45 minutes", "restored minutes"));
    eventually("an edit after the restore", || {
        page_contains(&site, "stories/talks/index.html", "restored minutes")
    });
    site.write(
        "content/stories/2014/later.md",
        "---\ntitle: Later\ndate: 2014-01-01\n---\nLater.\n",
    );
    eventually("a new story after the restore", || {
        site.has("stories/later/index.html")
    });
    eventually("the output settles", || site.built().up_to_date);
    let (_, stderr) = watching.stop();
    assert_eq!(
        stderr
            .matches("content/ is gone; the last good site stays until it is back")
            .count(),
        2,
        "said once each time: {stderr}"
    );
    assert_same_as_fresh_build(&site);
}
