//! Property tests for broken input: realistic stories, profiles, home pages
//! and `dossier.yaml` files, mutated at random (bytes and lines deleted, YAML
//! punctuation and `---` inserted, random bytes including invalid UTF-8 and
//! NUL, keys duplicated, lines swapped, very long lines added), must make a
//! build either fail with content errors that point into the files, or
//! produce a site that stays inside its output folder. Never a panic, never
//! a hang.
//!
//! The case counts are small so that this file takes seconds in a debug
//! `cargo test`. For a longer search, raise them all at once:
//! `PROPTEST_CASES=5000 cargo test --release --test fuzz_inputs`.
//! The cargo-fuzz targets in `fuzz/` cover the parsers and the Markdown
//! conversion at much higher rates.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use dossier::model::config::Config;
use dossier::model::ids::KindId;
use dossier::pipeline::load::ContentFiles;
use dossier::pipeline::parse::{Story, StoryCache};
use dossier::{BuildOptions, Diagnostic, Error};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{FileFailurePersistence, TestCaseError};
use walkdir::WalkDir;

/// A build of these small sites takes well under a second; longer is a hang.
const TIME_LIMIT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// Seeds: small, valid sites that exercise most keys and Markdown features.

const CONFIG_FILE: &str = "dossier.yaml";

const CONFIGS: &[&str] = &[
    "title: The Assange Dossier\nbase_url: https://example.org/assange/\n",
    "title: Fixture <Dossier> & Co\n\
     description: A small dossier for tests\n\
     base_url: https://example.org/dossiers/assange/\n\
     language: en\n\
     theme: default\n\
     paginate: 2\n\
     feed_limit: 3\n\
     autolink: true\n",
    "# Kinds of our own\n\
     title: 'Vessels & people'\n\
     base_url: http://localhost:8000\n\
     kinds:\n  \
       people: { title: People, singular: Person, schema: Person }\n  \
       organizations: {title: Organizations}\n  \
       places:\n    title: Places\n    singular: Place\n    schema: Place\n  \
       vessels: {}\n\
     paginate: 1\n",
];

const STORIES: &[(&str, &str)] = &[
    (
        "content/stories/2012/embassy.md",
        "---\n\
         title: Assange enters the embassy\n\
         date: 2012-06-19\n\
         summary: He asks Ecuador for asylum.\n\
         source: Public record\n\
         authors: [Desk]\n\
         people: [Julian Assange]\n\
         organizations: [WikiLeaks]\n\
         places: [London, Ecuador]\n\
         tags: [asylum]\n\
         ---\n\
         Julian Assange walked into Ecuador's embassy in [London](/places/london/).\n\
         \n\
         Ricardo Patiño said \"no\". WikiLeaks agreed!\n",
    ),
    (
        "content/stories/2012/asylum.md",
        "---\n\
         title: Ecuador grants asylum\n\
         date: 2012-08-16T14:30:00+02:00\n\
         updated: 2012-08-17\n\
         people:\n  - Julian Assange\n  - Ricardo Patino\n\
         organizations: [wikileaks]\n\
         places: [Ecuador]\n\
         tags: [asylum, Diplomacy]\n\
         extra: { photo: true, credits: [a, b] }\n\
         ---\n\
         First paragraph of the asylum story.\n\
         \n\
         ## What happened {#what}\n\
         \n\
         | Date | Event |\n\
         |------|-------|\n\
         | 16 Aug | Asylum for Assange |\n\
         \n\
         ```\nJulian Assange in code\n```\n\
         \n\
         - a list that names <em>WikiLeaks</em>\n",
    ),
    (
        "content/stories/2013/talks.md",
        "---\r\n\
         title: \"Talks <script>alert(1)</script> stall\"\r\n\
         date: 2013-06-17\r\n\
         source: Bloomberg\r\n\
         source_url: https://example.com/original\r\n\
         people: [William Hague, Ricardo Patiño, Assange]\r\n\
         organizations: [Foreign Office]\r\n\
         places: [London]\r\n\
         tags: [diplomacy]\r\n\
         slug: talks-stall\r\n\
         draft: false\r\n\
         autolink: true\r\n\
         ---\r\n\
         The ministers met for 45 minutes.[^1] William Hague spoke of Assange.\r\n\
         \r\n\
         [^1]: A footnote about the [talks](/stories/talks-stall/).\r\n",
    ),
];

const PROFILES: &[(&str, &str)] = &[
    (
        "content/people/julian-assange.md",
        "---\n\
         name: Julian Assange\n\
         aliases: [Assange, \"Assange, Julian\"]\n\
         description: Australian publisher\n\
         wikidata: Q47573\n\
         image: https://example.org/assange.jpg\n\
         image_credit: A photographer\n\
         extra: {}\n\
         ---\n\
         Founder of *WikiLeaks*.\n",
    ),
    (
        "content/organizations/wikileaks.md",
        "---\nname: WikiLeaks\ndescription: Publisher of leaked documents\n---\n",
    ),
];

const HOME: (&str, &str) = (
    "content/_index.md",
    "---\n\
     title: The fixture dossier\n\
     description: Stories about a standoff\n\
     ---\n\
     An *intro* for the home page, about Julian Assange.\n",
);

// ---------------------------------------------------------------------------
// Mutations.

/// Inserted anywhere: YAML's indicators and other characters that change
/// how a line is read.
const PUNCTUATION: &[&str] = &[
    ":",
    ": ",
    "[",
    "]",
    "{",
    "}",
    "- ",
    "-",
    "#",
    " #",
    "&a ",
    "*a",
    "!",
    "!!str ",
    "!!binary ",
    "|",
    ">",
    "'",
    "\"",
    "%",
    "---",
    "...",
    "? ",
    ",",
    "\t",
    "\r",
    "\n",
    "\n  ",
    "\\",
    "`",
    "@",
    "<<: ",
    "{{ ",
    "{% ",
    "\u{feff}",
    "\u{2028}",
    "\u{85}",
    "\u{2019}",
    "<!--",
    "</a>",
    "<a href='/'>",
    "](/x/)",
    "[^1]",
    "***",
    "#",
    "~~~\n",
    "```\n",
    "|---|\n",
];

/// Inserted as whole lines.
const LINES: &[&str] = &[
    "---",
    "...",
    "title: Again",
    "title:",
    "title: [a, b]",
    "date: 2013-02-30",
    "date: -009999-01-01",
    "date: 9999-12-31T23:59:59-23:59",
    "date: 2013-06-17T10:30:00[Europe/London]",
    "updated: 1",
    "people: [Julian Assange",
    "people: Julian Assange",
    "people: [\"\", ' ', '?']",
    "people: [A, a, À]",
    "  - Nested item",
    "- item",
    "tags: [,]",
    "tags: {a: b}",
    "slug: ../../etc",
    "slug: '///'",
    "source_url: javascript:alert(1)",
    "extra: &x [*x]",
    "a: &a [*a, *a, *a]",
    "b: &b {x: *b}",
    "? [a, b]",
    ": c",
    "%YAML 1.2",
    "%TAG ! tag:example.org,2000:",
    "!!map {a: b}",
    "<<: {title: merged}",
    "aliases: [Julian Assange, Assange]",
    "name: Ricardo Patiño",
    "wikidata: Q",
    "wikidata: https://www.wikidata.org/wiki/Q47573",
    "kinds: {stories: {}}",
    "kinds:\n  people: {title: P}\n  people: {title: Q}",
    "kinds: {Vessels: {}}",
    "kinds: {boats: {colour: red}}",
    "kinds: []",
    "paginate: 0",
    "paginate: -1",
    "paginate: 18446744073709551615",
    "feed_limit: 0",
    "base_url: https://example.org/a/../../",
    "base_url: https://",
    "theme: ../../etc",
    "autolink: maybe",
    "# a comment",
    "## A heading",
    "[link](/people/julian-assange/)",
    "[broken](/nowhere/)",
    "<script>alert(1)</script>",
];

/// Repeated to make one very long line.
const LONG_UNITS: &[&str] = &[
    "a",
    " ",
    "[",
    "{",
    "- ",
    "*_",
    ">",
    "Julian Assange ",
    "Assange's ",
    "\u{1F600}",
    "é",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteBytes(Index, usize),
    DeleteLine(Index),
    Insert(Index, &'static str),
    InsertLine(Index, &'static str),
    /// Any bytes: invalid UTF-8, NUL, control characters.
    InsertBytes(Index, Vec<u8>),
    /// Duplicates a line: in front matter, a duplicate key.
    DuplicateLine(Index),
    SwapLines(Index, Index),
    LongLine(Index, &'static str, usize),
    Truncate(Index),
}

fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => any::<u8>(),
        1 => select(&[0u8, b'\r', b'\n', b'\t', 0x7f, 0x80, 0xc3, 0xe2, 0xef, 0xf0, 0xff][..]),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), 1..8usize).prop_map(|(at, n)| Mutation::DeleteBytes(at, n)),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
        3 => (any::<Index>(), select(PUNCTUATION)).prop_map(|(at, s)| Mutation::Insert(at, s)),
        3 => (any::<Index>(), select(LINES)).prop_map(|(at, s)| Mutation::InsertLine(at, s)),
        2 => (any::<Index>(), prop::collection::vec(byte(), 1..6))
            .prop_map(|(at, bytes)| Mutation::InsertBytes(at, bytes)),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<Index>(), select(LONG_UNITS), 1_000..12_000usize)
            .prop_map(|(at, unit, len)| Mutation::LongLine(at, unit, len)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..5)
}

/// Byte ranges of the lines of `bytes`, each with its `\n`.
fn lines(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        ranges.push(start..bytes.len());
    }
    ranges
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let lines = lines(bytes);
    // The start of a line, or the end of the text.
    let line_start = |at: &Index| {
        let i = at.index(lines.len() + 1);
        lines.get(i).map_or(bytes.len(), |r| r.start)
    };
    match mutation {
        Mutation::DeleteBytes(at, n) => {
            let start = at.index(bytes.len() + 1);
            let end = (start + n).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::DeleteLine(at) => {
            if !lines.is_empty() {
                bytes.drain(lines[at.index(lines.len())].clone());
            }
        }
        Mutation::Insert(at, text) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, text.bytes());
        }
        Mutation::InsertLine(at, text) => {
            let at = line_start(at);
            let mut line = Vec::new();
            if at > 0 && bytes[at - 1] != b'\n' {
                line.push(b'\n');
            }
            line.extend_from_slice(text.as_bytes());
            line.push(b'\n');
            bytes.splice(at..at, line);
        }
        Mutation::InsertBytes(at, inserted) => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, inserted.iter().copied());
        }
        Mutation::DuplicateLine(at) => {
            if !lines.is_empty() {
                let range = lines[at.index(lines.len())].clone();
                let mut line = bytes[range.clone()].to_vec();
                if line.last() != Some(&b'\n') {
                    line.insert(0, b'\n');
                }
                bytes.splice(range.end..range.end, line);
            }
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                let mut parts: Vec<Vec<u8>> =
                    lines.iter().map(|r| bytes[r.clone()].to_vec()).collect();
                parts.swap(a, b);
                // Keep every line ended, whichever ends the file.
                for part in &mut parts {
                    if part.last() != Some(&b'\n') {
                        part.push(b'\n');
                    }
                }
                *bytes = parts.concat();
            }
        }
        Mutation::LongLine(at, unit, len) => {
            let at = at.index(bytes.len() + 1);
            let long = unit.repeat(len / unit.len().max(1));
            bytes.splice(at..at, long.bytes());
        }
        Mutation::Truncate(at) => {
            let at = at.index(bytes.len() + 1);
            bytes.truncate(at);
        }
    }
}

fn mutated(text: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for mutation in mutations {
        apply(&mut bytes, mutation);
    }
    bytes
}

// ---------------------------------------------------------------------------
// Sites on disk, and what a build of one may do.

/// The files of a site: `dossier.yaml` and the content, path → bytes.
fn seed_site(config: usize) -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = STORIES
        .iter()
        .chain(PROFILES)
        .chain([&HOME])
        .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
        .collect();
    files.insert(CONFIG_FILE.into(), CONFIGS[config].as_bytes().to_vec());
    files
}

/// Every content file of the seed site, for choosing one to mutate.
fn content_paths() -> Vec<&'static str> {
    STORIES
        .iter()
        .chain(PROFILES)
        .chain([&HOME])
        .map(|(path, _)| *path)
        .collect()
}

/// A temp folder holding the site in `site/`; builds write to `out/`.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new(files: &BTreeMap<String, Vec<u8>>) -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, bytes) in files {
            let path = dir.path().join("site").join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        Workspace { dir }
    }

    fn root(&self) -> std::path::PathBuf {
        self.dir.path().join("site")
    }

    fn output(&self) -> std::path::PathBuf {
        self.dir.path().join("out")
    }

    fn options(&self, drafts: bool) -> BuildOptions {
        BuildOptions {
            output: Some(self.output()),
            drafts,
            ..BuildOptions::new(self.root())
        }
    }
}

/// Runs `work` in a thread of its own and returns its result; a panic in it
/// is re-raised here, and taking longer than [`TIME_LIMIT`] fails the test.
fn within_time_limit<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    let worker = thread::spawn(move || {
        // The receiver is gone only after a time-out, which already failed.
        let _ = sender.send(work());
    });
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(value) => {
            let _ = worker.join();
            value
        }
        Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker ended without sending a result"),
        },
        // The worker cannot be stopped: it is left running, and the test fails.
        Err(RecvTimeoutError::Timeout) => panic!("no result after {TIME_LIMIT:?}: a hang"),
    }
}

/// A diagnostic must name a file of the site (relative to its root) and a
/// place within it, and say something.
fn check_diagnostic(root: &Path, d: &Diagnostic) -> Result<(), TestCaseError> {
    prop_assert!(!d.path.as_os_str().is_empty(), "no path: {d}");
    prop_assert!(d.path.is_relative(), "absolute path: {d}");
    prop_assert!(d.line >= 1 && d.column >= 1, "no position: {d}");
    prop_assert!(!d.message.trim().is_empty(), "no message: {d:?}");
    let bytes = fs::read(root.join(&d.path));
    prop_assert!(bytes.is_ok(), "names no file of the site: {d}");
    let bytes = bytes.unwrap();
    // The line after a final line break counts: it is where "the end of
    // the file" is.
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    prop_assert!(
        d.line <= lines.len(),
        "line {} of a file of {} lines: {d}",
        d.line,
        lines.len()
    );
    // A line's `\r` counts: the end of a text ending in `\r` is after it.
    let line = String::from_utf8_lossy(lines[d.line - 1]);
    prop_assert!(
        d.column <= line.chars().count() + 1,
        "column {} of a line of {} characters: {d}",
        d.column,
        line.chars().count()
    );
    Ok(())
}

fn check_diagnostics(root: &Path, diagnostics: &[Diagnostic]) -> Result<(), TestCaseError> {
    for d in diagnostics {
        check_diagnostic(root, d)?;
    }
    Ok(())
}

/// Every file, relative path → bytes; every entry must be a plain file or folder.
fn snapshot(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, TestCaseError> {
    let mut files = BTreeMap::new();
    for entry in WalkDir::new(dir).min_depth(1) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(dir).unwrap();
        prop_assert!(
            relative
                .components()
                .all(|c| matches!(c, Component::Normal(_))),
            "odd path {}",
            relative.display()
        );
        let kind = entry.file_type();
        prop_assert!(
            kind.is_file() || kind.is_dir(),
            "{} is neither file nor folder",
            relative.display()
        );
        let key = relative.to_string_lossy().replace('\\', "/");
        // The image cache is the build's to fill, and holds only images.
        if let Some(cached) = key.strip_prefix(".dossier-cache/") {
            prop_assert!(
                kind.is_dir()
                    || cached.ends_with(".png")
                    || cached.ends_with(".jpg")
                    || cached.ends_with(".webp")
                    || cached.ends_with("/size"),
                "{key} in the image cache"
            );
            continue;
        }
        if kind.is_file() {
            files.insert(key, fs::read(entry.path()).unwrap());
        }
    }
    Ok(files)
}

/// Builds the site and checks what the build did: content errors that point
/// into the files and no output; or a site in `out/` that leaves the rest
/// of the folder alone and is up to date when built again.
fn build_and_check(
    files: &BTreeMap<String, Vec<u8>>,
    drafts: bool,
) -> Result<Option<usize>, TestCaseError> {
    let workspace = Workspace::new(files);
    let options = workspace.options(drafts);
    let result = within_time_limit({
        let options = options.clone();
        move || dossier::build(&options)
    });
    let root = workspace.root();
    prop_assert_eq!(
        snapshot(&root)?,
        files.clone(),
        "the build changed the site's folder"
    );
    let top: Vec<String> = fs::read_dir(workspace.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "site" && name != "out")
        .collect();
    prop_assert!(top.is_empty(), "the build wrote beside its output: {top:?}");
    match result {
        Err(Error::Content(diagnostics)) => {
            prop_assert!(
                diagnostics.iter().any(Diagnostic::is_error),
                "failed with no error: {diagnostics:?}"
            );
            check_diagnostics(&root, &diagnostics)?;
            prop_assert!(!workspace.output().exists(), "a failed build wrote files");
            Ok(None)
        }
        Err(other) => Err(TestCaseError::fail(format!("not a content error: {other}"))),
        Ok(report) => {
            check_diagnostics(&root, &report.warnings)?;
            // No seed story is a draft: a build that succeeds has them all.
            prop_assert_eq!(report.stories, STORIES.len(), "a story was dropped");
            let output = snapshot(&workspace.output())?;
            for page in ["index.html", "404.html", "sitemap.xml", "atom.xml"] {
                prop_assert!(output.contains_key(page), "no {page}");
            }
            // The output folder is canonical, so a path inside it stays inside.
            let out = workspace.output().canonicalize().unwrap();
            for path in output.keys() {
                let full = out.join(path).canonicalize().unwrap();
                prop_assert!(full.starts_with(&out), "{path} is outside the output");
            }
            let again = within_time_limit(move || dossier::build(&options));
            prop_assert!(
                matches!(&again, Ok(r) if r.up_to_date),
                "a second build of the same input is not up to date: {again:?}"
            );
            Ok(Some(report.stories))
        }
    }
}

/// `dossier check` on the site: content errors that point into the files, or
/// a report whose diagnostics do.
fn check_and_check(files: &BTreeMap<String, Vec<u8>>, drafts: bool) -> Result<(), TestCaseError> {
    let workspace = Workspace::new(files);
    let options = BuildOptions {
        output: None,
        ..workspace.options(drafts)
    };
    let result = within_time_limit(move || dossier::check::check(&options));
    let root = workspace.root();
    match result {
        Err(Error::Content(diagnostics)) => {
            prop_assert!(diagnostics.iter().any(Diagnostic::is_error));
            check_diagnostics(&root, &diagnostics)?;
        }
        Err(other) => prop_assert!(false, "not a content error: {other}"),
        Ok(report) => check_diagnostics(&root, &report.diagnostics)?,
    }
    prop_assert!(!root.join("public").exists(), "check wrote files");
    Ok(())
}

/// Proptest's settings for a test: `default` cases unless PROPTEST_CASES says.
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        // Shrinking a hang costs TIME_LIMIT a try: bound it.
        max_shrink_time: 60_000,
        // A failure's input is saved to tests/fuzz_inputs.proptest-regressions
        // and tried first on later runs.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// The properties.

proptest! {
    #![proptest_config(config(48))]

    /// One content file mutated: a story, a profile or the home page.
    #[test]
    fn a_mutated_content_file_builds_or_is_reported(
        config in 0..CONFIGS.len(),
        file in select(content_paths()),
        mutations in mutations(),
        drafts in any::<bool>(),
    ) {
        let mut files = seed_site(config);
        let text = std::str::from_utf8(&files[file]).unwrap().to_string();
        files.insert(file.to_string(), mutated(&text, &mutations));
        build_and_check(&files, drafts)?;
    }

    /// A story's Markdown body mutated, its front matter intact: the build
    /// must succeed unless the bytes are not UTF-8.
    #[test]
    fn a_story_with_a_mutated_body_builds(
        config in 0..CONFIGS.len(),
        story in select(STORIES),
        mutations in mutations(),
    ) {
        let (path, text) = story;
        // Just past the second `---` line.
        let body_start = lines(text.as_bytes())
            .into_iter()
            .filter(|line| text[line.clone()].trim_end() == "---")
            .nth(1)
            .unwrap()
            .end;
        let mut bytes = text.as_bytes()[..body_start].to_vec();
        bytes.extend(mutated(&text[body_start..], &mutations));
        // Text pages and feeds can carry: UTF-8 without control characters
        // (but tab and line breaks) or the noncharacters U+FFFE and U+FFFF.
        let representable = |c: char| {
            (!c.is_control() || matches!(c, '\t' | '\n' | '\r'))
                && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        };
        let valid = std::str::from_utf8(&bytes).is_ok_and(|t| t.chars().all(representable));
        let mut files = seed_site(config);
        files.insert(path.to_string(), bytes);
        let stories = build_and_check(&files, false)?;
        if valid {
            prop_assert_eq!(stories, Some(STORIES.len()), "a valid body failed the build");
        }
    }

    /// `dossier.yaml` mutated, with valid content.
    #[test]
    fn a_mutated_config_builds_or_is_reported(
        config in 0..CONFIGS.len(),
        mutations in mutations(),
    ) {
        let mut files = seed_site(config);
        files.insert(CONFIG_FILE.into(), mutated(CONFIGS[config], &mutations));
        build_and_check(&files, false)?;
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// `dossier check`, with two files mutated at once.
    #[test]
    fn a_site_with_two_mutated_files_checks_or_is_reported(
        config in 0..CONFIGS.len(),
        first in select(content_paths()),
        second in select(content_paths()),
        first_mutations in mutations(),
        second_mutations in mutations(),
        drafts in any::<bool>(),
    ) {
        let mut files = seed_site(config);
        for (file, mutations) in [(first, first_mutations), (second, second_mutations)] {
            let text = String::from_utf8_lossy(&files[file]).into_owned();
            files.insert(file.to_string(), mutated(&text, &mutations));
        }
        check_and_check(&files, drafts)?;
    }
}

/// A diagnostic of a file held in memory must point into it.
fn check_in_text(text: &[u8], d: &Diagnostic) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&d.path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    check_diagnostic(dir.path(), d)
}

/// What a parsed story promises: a slug that is a safe URL folder, the
/// body where the front matter ends, and names that make slugs.
fn check_story(story: &Story, text: &str) -> Result<(), TestCaseError> {
    let slug = &story.slug;
    prop_assert!(!slug.is_empty());
    prop_assert!(
        slug.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "slug {slug:?}"
    );
    prop_assert!(
        !slug.starts_with('-') && !slug.ends_with('-'),
        "slug {slug:?}"
    );
    let body = story.body.markdown();
    prop_assert!(text.ends_with(body));
    let before = &text[..text.len() - body.len()];
    // The front matter ends with a line `---` or `...`.
    let closing = before.trim_end();
    prop_assert!(closing.ends_with("---") || closing.ends_with("..."));
    if !body.is_empty() {
        prop_assert_eq!(story.body.first_line, before.matches('\n').count() + 1);
    }
    for name in story.names.iter().flatten().chain(&story.tags) {
        prop_assert!(
            !dossier::model::slug::slugify(name).is_empty(),
            "name {name:?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// The parse stage alone, with many more cases: whatever the bytes of
    /// one content file, every file is parsed (stories with a slug that is
    /// a safe URL folder and their body where the front matter ends), or
    /// the problems are reported inside the files. No file is dropped
    /// silently.
    #[test]
    fn a_mutated_content_file_parses_or_is_reported(
        config in 0..CONFIGS.len(),
        file in select(content_paths()),
        mutations in mutations(),
    ) {
        let config = Config::parse(Path::new(CONFIG_FILE), CONFIGS[config]).unwrap();
        let mut files = seed_site(0);
        files.remove(CONFIG_FILE);
        let text = std::str::from_utf8(&files[file]).unwrap().to_string();
        files.insert(file.to_string(), mutated(&text, &mutations));
        let mut content = ContentFiles::default();
        for (path, bytes) in &files {
            let decoded = match dossier::pipeline::load::decode(Path::new(path), bytes.clone()) {
                Ok(decoded) => decoded,
                Err(d) => return check_in_text(bytes, &d),
            };
            if path == HOME.0 {
                content.home = Some(decoded);
            } else if path.starts_with("content/stories/") {
                content.stories.push(decoded);
            } else {
                let kind = config.kinds.iter().position(|k| path.starts_with(&format!("content/{}/", k.key)));
                content.profiles.push((KindId::new(kind.unwrap()), decoded));
            }
        }
        let texts: BTreeMap<String, String> = files
            .iter()
            .map(|(path, bytes)| (path.clone(), String::from_utf8(bytes.clone()).unwrap()))
            .collect();
        let parsed = within_time_limit(move || {
            dossier::pipeline::parse::parse(&config, content, true, &StoryCache::default())
        });
        match parsed {
            Err(diagnostics) => {
                prop_assert!(!diagnostics.is_empty(), "failed with no diagnostic");
                for d in &diagnostics {
                    let path = d.path.to_string_lossy().into_owned();
                    prop_assert!(files.contains_key(&path), "names no file: {d}");
                    check_in_text(&files[&path], d)?;
                }
            }
            Ok(parsed) => {
                prop_assert_eq!(parsed.stories.len(), STORIES.len(), "a story was dropped");
                prop_assert_eq!(parsed.profiles.len(), PROFILES.len(), "a profile was dropped");
                prop_assert!(parsed.home.body.is_some(), "the home page was dropped");
                for story in &parsed.stories {
                    check_story(story, &texts[&*story.path.to_string_lossy()])?;
                }
            }
        }
    }

    /// `dossier.yaml` alone: a config, or problems reported inside the file.
    #[test]
    fn a_mutated_config_parses_or_is_reported(
        config in 0..CONFIGS.len(),
        mutations in mutations(),
    ) {
        let bytes = mutated(CONFIGS[config], &mutations);
        let file = match dossier::pipeline::load::decode(Path::new(CONFIG_FILE), bytes.clone()) {
            Ok(file) => file,
            Err(d) => return check_in_text(&bytes, &d),
        };
        let parsed = within_time_limit(move || Config::parse(Path::new(CONFIG_FILE), &file.text));
        match parsed {
            Err(diagnostics) => {
                prop_assert!(!diagnostics.is_empty(), "failed with no diagnostic");
                for d in &diagnostics {
                    check_in_text(&bytes, d)?;
                }
            }
            Ok(config) => {
                prop_assert!(config.paginate >= 1);
                prop_assert!(config.base_url.path().starts_with('/'));
                prop_assert!(config.base_url.path().ends_with('/'));
                for kind in &config.kinds {
                    prop_assert_eq!(&dossier::model::slug::slugify(&kind.key), &kind.key);
                }
            }
        }
    }
}

/// The seeds themselves build: otherwise the properties above would test
/// only the error paths.
#[test]
fn the_seed_sites_build() {
    for config in 0..CONFIGS.len() {
        let workspace = Workspace::new(&seed_site(config));
        match dossier::build(&workspace.options(false)) {
            Ok(report) => assert_eq!(report.stories, STORIES.len(), "config {config}"),
            Err(Error::Content(d)) => {
                let text: Vec<String> = d.iter().map(ToString::to_string).collect();
                panic!("config {config}:\n{}", text.join("\n"))
            }
            Err(e) => panic!("config {config}: {e}"),
        }
    }
}
