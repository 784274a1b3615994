//! Corrections on the record: the notice on the story, its modified date in
//! feeds, sitemaps and JSON-LD, the corrections page and its feed, and
//! every way a correction can be written wrong.

use crate::common::{Site, json_ld};

const STORY: &str = "content/stories/2013/talks.md";

/// The basic fixture with two corrections to its talks story, the later
/// one written first.
fn corrected() -> Site {
    with_front_matter(
        "corrections:\n  - date: 2013-06-20\n    text: An earlier version said the ministers met for an hour; they met for 45 minutes.\n  - date: 2013-06-19\n    text: \"The Foreign Office's name was misspelt.\"\n",
    )
}

/// The basic fixture with `lines` added to the talks story's front matter.
fn with_front_matter(lines: &str) -> Site {
    let site = Site::fixture("basic");
    let text = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    let tags = "tags: [diplomacy]\n";
    site.write(STORY, &text.replace(tags, &format!("{tags}{lines}")));
    site
}

#[test]
fn a_corrected_story_says_so_at_its_top_oldest_first() {
    let site = corrected();
    site.built();
    let html = site.page("stories/talks/index.html");
    let notice = html.find("class=\"corrections-notice\"").expect("a notice");
    let body = html.find("class=\"story-body\"").unwrap();
    assert!(notice < body, "the notice comes before the text");
    let first = html.find("id=\"correction-1\"").unwrap();
    let second = html.find("id=\"correction-2\"").unwrap();
    assert!(first < second);
    assert!(html[first..second].contains("19 June 2013"));
    assert!(html[second..].contains("they met for 45 minutes"));
    assert!(
        html.contains("<meta property=\"article:modified_time\" content=\"2013-06-20T00:00:00Z\">")
    );

    let article = json_ld(&html);
    assert_eq!(article["dateModified"], "2013-06-20T00:00:00Z");
    assert_eq!(article["datePublished"], "2013-06-17T00:00:00Z");
    let corrections = article["correction"].as_array().expect("a list");
    assert_eq!(corrections.len(), 2);
    assert_eq!(corrections[0]["@type"], "CorrectionComment");
    assert_eq!(corrections[0]["datePublished"], "2013-06-19T00:00:00Z");
    assert_eq!(
        corrections[0]["text"],
        "The Foreign Office's name was misspelt."
    );
}

#[test]
fn the_latest_correction_is_the_storys_latest_change_in_feeds_and_sitemaps() {
    let site = corrected();
    site.built();
    let feed = site.page("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entry = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .find(|e| {
            e.descendants().any(|n| {
                n.has_tag_name("id") && n.text().unwrap_or_default().ends_with("/stories/talks/")
            })
        })
        .expect("the story's entry");
    let updated = entry
        .children()
        .find(|n| n.has_tag_name("updated"))
        .unwrap();
    assert_eq!(updated.text(), Some("2013-06-20T00:00:00Z"));
    let sitemap = site.page("sitemap.xml");
    let at = sitemap.find("/stories/talks/</loc>").unwrap();
    assert!(
        sitemap[at..].starts_with("/stories/talks/</loc><lastmod>2013-06-20T00:00:00Z"),
        "{}",
        &sitemap[at..at + 80]
    );
}

#[test]
fn the_corrections_page_and_feed_list_every_correction_newest_first() {
    let site = corrected();
    site.built();
    let page = site.page("corrections/index.html");
    let newer = page.find("they met for 45 minutes").unwrap();
    let older = page.find("misspelt").unwrap();
    assert!(newer < older, "newest first");
    assert!(page.contains("href=\"/dossiers/assange/stories/talks/#correction-2\""));
    assert!(
        page.contains("href=\"/dossiers/assange/corrections/atom.xml\""),
        "the feed is linked"
    );
    let home = site.page("index.html");
    assert!(
        home.contains("href=\"/dossiers/assange/corrections/\""),
        "every page links them"
    );
    assert!(
        site.page("sitemap.xml")
            .contains("<loc>https://example.org/dossiers/assange/corrections/</loc>")
    );

    let feed = site.page("corrections/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("well-formed");
    let root = doc.root_element();
    let text = |node: roxmltree::Node, tag: &str| {
        node.children()
            .find(|n| n.has_tag_name(tag))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(
        text(root, "updated").as_deref(),
        Some("2013-06-20T00:00:00Z")
    );
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 2);
    let ids: Vec<String> = entries.iter().map(|e| text(*e, "id").unwrap()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/dossiers/assange/stories/talks/#correction-2",
            "https://example.org/dossiers/assange/stories/talks/#correction-1",
        ]
    );
    assert!(
        text(entries[0], "title")
            .unwrap()
            .starts_with("Correction: Talks")
    );
}

#[test]
fn without_corrections_the_page_says_so_and_the_feed_is_empty() {
    let site = Site::fixture("basic");
    site.built();
    assert!(
        site.page("corrections/index.html")
            .contains("No story of this dossier has been corrected.")
    );
    let feed = site.page("corrections/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("well-formed");
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count(),
        0
    );
    let html = site.page("stories/talks/index.html");
    assert!(!html.contains("corrections-notice"));
    assert!(
        !json_ld(&html)
            .as_object()
            .unwrap()
            .contains_key("correction")
    );
}

#[test]
fn a_correction_written_wrong_is_an_error_at_its_item() {
    let cases = [
        (
            "corrections:\n  - date: 2013-06-19\n  - text: No date here.\n",
            "talks.md:11:5: error: correction 1 has no `text`",
        ),
        (
            "corrections:\n  - date: 2013-06-19\n    text: Fine.\n  - text: No date here.\n",
            "talks.md:13:5: error: correction 2 has no `date`",
        ),
        (
            "corrections:\n  - date: 19/06/2013\n    text: A bad date.\n",
            "talks.md:11:5: error: correction 1 has an invalid date: `19/06/2013`",
        ),
        (
            "corrections:\n  - date: 2013-06-19\n    text: Fine.\n    by: Desk\n",
            "talks.md:11:5: error: correction 1 has an unknown key `by`",
        ),
        (
            "corrections:\n  - date: 2013\n    text: A year alone.\n",
            "talks.md:11:5: error: correction 1 has an invalid date: `2013`",
        ),
        (
            "corrections: An earlier version was wrong.\n",
            "talks.md:10:14: error: `corrections` must be a list",
        ),
        (
            "corrections:\n  - date: 2013-06-19\n    text: \"  \"\n",
            "talks.md:11:5: error: correction 1 has no `text`",
        ),
    ];
    for (corrections, expected) in cases {
        let site = with_front_matter(corrections);
        let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{expected}\n{}",
            errors.join("\n")
        );
        assert!(!site.output().exists(), "nothing written");
    }
}
