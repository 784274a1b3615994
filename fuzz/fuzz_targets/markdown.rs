//! Markdown to HTML with autolinking (`markdown::to_html` with a `Linker`),
//! on arbitrary text, against a small fixed dossier prepared once with
//! `build::prepare`: names with accents, apostrophes (matched straight and
//! typographic), `&`, a name inside a longer one, an alias two profiles
//! share (ambiguous), a CJK name, and a base path for root links.
//!
//! Beyond "no panic": linking only adds anchors (the HTML without them is
//! the HTML of the same text unlinked), one per mention, each entity at
//! most once, and every mention has its sentence.

#![no_main]

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::sync::LazyLock;

use dossier::pipeline::markdown::autolink::Linker;
use dossier::build::{self, BuildOptions};
use dossier::model::config::Config;
use dossier::pipeline::index::Dossier;
use dossier::pipeline::markdown::{Site, to_html};
use dossier::pipeline::parse::Body;
use libfuzzer_sys::fuzz_target;

const SITE: &[(&str, &str)] = &[
    (
        "dossier.yaml",
        "title: Fuzz\nbase_url: https://example.org/sub/\n",
    ),
    (
        "content/stories/one.md",
        "---\ntitle: One\ndate: 2013-06-17\n\
         people: [Julian Assange, Ricardo Patiño, Anna Smith, Bob Smith, 李明]\n\
         organizations: [WikiLeaks, AT&T, C++ Users]\n\
         places: [Ecuador, Ecuador's embassy in London, London]\n---\nText.\n",
    ),
    (
        "content/stories/two.md",
        "---\ntitle: Two\ndate: 2014-01-01T10:00:00+01:00\npeople: [J. Doe, Ricardo Patino]\n---\n",
    ),
    (
        "content/people/julian-assange.md",
        "---\nname: Julian Assange\naliases: [Assange, \"Assange, Julian\"]\n---\n",
    ),
    (
        "content/people/anna-smith.md",
        "---\nname: Anna Smith\naliases: [Smith]\n---\n",
    ),
    (
        "content/people/bob-smith.md",
        "---\nname: Bob Smith\naliases: [Smith]\n---\n",
    ),
];

struct Fixture {
    config: Config,
    dossier: Dossier,
    linker: Option<Linker>,
}

/// The fixture site, written to a temp folder, prepared, and removed again.
static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let root: PathBuf = std::env::temp_dir().join(format!("dossier-fuzz-{}", std::process::id()));
    for (path, text) in SITE {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let prepared = build::prepare(&BuildOptions::new(&root), None);
    let _ = fs::remove_dir_all(&root);
    let prepared = prepared.unwrap_or_else(|e| panic!("the fixture site does not build: {e:?}"));
    let linker = Linker::new(&prepared.dossier);
    assert!(linker.is_some(), "the fixture has names to link");
    Fixture {
        config: prepared.config,
        dossier: prepared.dossier,
        linker,
    }
});

static MARKDOWN_SITE: LazyLock<Site<'static>> =
    LazyLock::new(|| Site::new(&FIXTURE.config, &FIXTURE.dossier, FIXTURE.linker.as_ref()));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let body = Body::new(text.as_ref());
    let site = &*MARKDOWN_SITE;

    let plain = to_html(&body, site, false);
    let linked = to_html(&body, site, true);

    assert!(plain.mentions.is_empty(), "mentions without autolinking");
    assert_eq!(plain.first_paragraph, linked.first_paragraph);

    let mut seen = HashSet::new();
    for mention in &linked.mentions {
        assert!(mention.entity.index() < FIXTURE.dossier.entities.len());
        assert!(seen.insert(mention.entity), "an entity mentioned twice");
        assert!(
            !mention.sentence.trim().is_empty(),
            "a mention without its sentence"
        );
    }

    // Each mention adds one anchor, and nothing else changes.
    let opening = "<a class=\"mention\" href=\"";
    assert_eq!(
        linked.html.matches(opening).count(),
        plain.html.matches(opening).count() + linked.mentions.len(),
        "one anchor per mention"
    );
    assert_eq!(
        without_mention_anchors(&linked.html, &site.entity_links),
        without_mention_anchors(&plain.html, &site.entity_links),
        "linking changed more than anchors"
    );
});

/// The HTML with every mention anchor, and every `</a>`, removed.
fn without_mention_anchors(html: &str, links: &[String]) -> String {
    let mut html = html.replace("</a>", "");
    for link in links {
        html = html.replace(&format!("<a class=\"mention\" href=\"{link}\">"), "");
    }
    html
}
