//! Feeds: Atom entries with the story's text, its tags as categories and
//! its bylines; JSON Feed 1.1 beside every Atom feed, with the same entries;
//! the `feed_content` and `authors` settings.

use serde_json::Value;

use crate::common::{Site, json_ld};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const BASE: &str = "https://example.org/dossiers/assange/";

/// The basic fixture with its `Desk` byline described.
fn site_with_authors(extra: &str) -> Site {
    let site = Site::fixture("basic");
    let config = site.page_source("dossier.yaml");
    site.write(
        "dossier.yaml",
        &format!("{config}authors:\n  Desk:\n    type: organization\n    url: /about/\n  Jane Roe:\n    url: https://example.net/jane\n{extra}"),
    );
    site
}

impl Site {
    fn page_source(&self, path: &str) -> String {
        std::fs::read_to_string(self.root().join(path)).unwrap()
    }
}

/// Every file below the output folder named `name`, by its path there.
fn files_named(site: &Site, name: &str) -> Vec<String> {
    let output = site.output();
    walkdir::WalkDir::new(&output)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == name)
        .map(|e| {
            let path = e.path().strip_prefix(&output).unwrap();
            path.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

fn entries<'a>(doc: &'a roxmltree::Document<'a>) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name((ATOM, "entry")))
        .collect()
}

fn child<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    node.children().find(|n| n.has_tag_name((ATOM, name)))
}

#[test]
fn atom_entries_carry_the_storys_text_tags_and_bylines() {
    let site = site_with_authors("");
    site.built();
    let xml = site.page("atom.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let embassy = entries(&doc)
        .into_iter()
        .find(|e| child(*e, "title").and_then(|t| t.text()) == Some("Assange enters the embassy"))
        .expect("the embassy story is among the newest three");
    let permalink = format!("{BASE}stories/embassy/");
    // The text is the page's, as HTML, resolved against the story's page.
    let content = child(embassy, "content").expect("full content by default");
    assert_eq!(content.attribute("type"), Some("html"));
    assert_eq!(
        content.attribute(("http://www.w3.org/XML/1998/namespace", "base")),
        Some(permalink.as_str())
    );
    let html = content.text().unwrap();
    let page = site.page("stories/embassy/index.html");
    assert!(
        html.contains("walked into the embassy in <a"),
        "the body as HTML, unescaped once parsed: {html}"
    );
    assert!(page.contains(html.trim()), "the same HTML as the page");
    // Its tag, as a category with the tag index as its scheme.
    let categories: Vec<(Option<&str>, Option<&str>, Option<&str>)> = embassy
        .children()
        .filter(|n| n.has_tag_name((ATOM, "category")))
        .map(|c| {
            (
                c.attribute("term"),
                c.attribute("label"),
                c.attribute("scheme"),
            )
        })
        .collect();
    let scheme = format!("{BASE}tags/");
    assert_eq!(
        categories,
        vec![(Some("asylum"), Some("asylum"), Some(scheme.as_str()))]
    );
    // The byline, with the address `authors:` gives it.
    let author = child(embassy, "author").unwrap();
    assert_eq!(child(author, "name").unwrap().text(), Some("Desk"));
    assert_eq!(
        child(author, "uri").unwrap().text(),
        Some(format!("{BASE}about/").as_str())
    );
    // The feed points at its JSON twin.
    let json_link = doc
        .root_element()
        .children()
        .find(|n| n.attribute("type") == Some("application/feed+json"))
        .and_then(|n| n.attribute("href"));
    assert_eq!(json_link, Some(format!("{BASE}feed.json").as_str()));
}

/// Checks `feed` against the JSON Feed 1.1 spec's required fields and
/// types; returns its items' ids.
fn check_json_feed(path: &str, feed: &Value) -> Vec<String> {
    let text = |v: &Value, field: &str| -> Option<String> {
        v.get(field).map(|f| {
            f.as_str()
                .unwrap_or_else(|| panic!("{path}: {field} is not a string"))
                .to_string()
        })
    };
    assert_eq!(
        text(feed, "version").as_deref(),
        Some("https://jsonfeed.org/version/1.1"),
        "{path}"
    );
    assert!(text(feed, "title").is_some_and(|t| !t.is_empty()), "{path}");
    assert_eq!(
        text(feed, "feed_url"),
        Some(format!("{BASE}{path}")),
        "{path}: feed_url is the feed's own address"
    );
    assert!(text(feed, "home_page_url").unwrap().starts_with(BASE));
    for author in feed["authors"].as_array().expect("authors is an array") {
        assert!(author["name"].is_string(), "{path}");
    }
    let items = feed["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: items"));
    let mut ids = Vec::new();
    for item in items {
        let id = text(item, "id").unwrap_or_else(|| panic!("{path}: an item without id"));
        assert!(
            item.get("content_html").is_some() || item.get("content_text").is_some(),
            "{path}: {id} has neither content_html nor content_text"
        );
        assert!(text(item, "url").unwrap().starts_with("https://"));
        for date in ["date_published", "date_modified"] {
            let value = text(item, date).unwrap();
            assert!(
                jiff::Timestamp::strptime("%Y-%m-%dT%H:%M:%S%:z", value.replace('Z', "+00:00"))
                    .is_ok(),
                "{path}: {date} {value} is not RFC 3339"
            );
        }
        if let Some(tags) = item.get("tags") {
            assert!(tags.as_array().unwrap().iter().all(Value::is_string));
        }
        for author in item["authors"].as_array().unwrap() {
            assert!(author["name"].is_string());
        }
        ids.push(id);
    }
    ids
}

#[test]
fn every_atom_feed_has_a_json_feed_beside_it_with_the_same_entries() {
    let site = site_with_authors("");
    site.built();
    let atom_feeds = files_named(&site, "atom.xml");
    assert!(
        atom_feeds.len() >= 5,
        "site, corrections, entities and tags: {atom_feeds:?}"
    );
    for atom in &atom_feeds {
        let json_path = atom.replace("atom.xml", "feed.json");
        let feed: Value = serde_json::from_str(&site.page(&json_path))
            .unwrap_or_else(|e| panic!("{json_path} is not JSON: {e}"));
        let ids = check_json_feed(&json_path, &feed);
        let xml = site.page(atom);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let atom_ids: Vec<String> = entries(&doc)
            .iter()
            .map(|e| child(*e, "id").unwrap().text().unwrap().to_string())
            .collect();
        assert_eq!(ids, atom_ids, "{json_path} lists what {atom} lists");
    }
    let site_feed: Value = serde_json::from_str(&site.page("feed.json")).unwrap();
    let embassy = site_feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Assange enters the embassy")
        .unwrap();
    assert!(
        embassy["content_html"]
            .as_str()
            .unwrap()
            .contains("walked into the embassy")
    );
    assert_eq!(embassy["summary"], "He asks Ecuador for asylum.");
    assert_eq!(embassy["tags"], serde_json::json!(["asylum"]));
    assert_eq!(
        embassy["authors"],
        serde_json::json!([{"name": "Desk", "url": format!("{BASE}about/")}])
    );
    // Every page that links an Atom feed links its JSON Feed too.
    let home = site.page("index.html");
    assert!(home.contains(
        r#"type="application/feed+json" title="Fixture &lt;Dossier&gt; &amp; Co" href="/dossiers/assange/feed.json""#
    ));
    let entity = site.page("people/julian-assange/index.html");
    assert!(entity.contains(r#"type="application/feed+json" title="Julian Assange · Fixture &lt;Dossier&gt; &amp; Co" href="/dossiers/assange/people/julian-assange/feed.json""#));
}

#[test]
fn entity_feeds_carry_summaries_unless_told_otherwise() {
    let site = site_with_authors("");
    site.built();
    let entity = site.page("people/julian-assange/atom.xml");
    assert!(!entity.contains("<content"), "{entity}");
    assert!(entity.contains("<summary>"));
    assert!(site.page("tags/asylum/atom.xml").contains("<content"));
    let site = site_with_authors("entity_feed_content: full\n");
    site.built();
    assert!(
        site.page("people/julian-assange/atom.xml")
            .contains("<content")
    );
    let feed: Value = serde_json::from_str(&site.page("people/julian-assange/feed.json")).unwrap();
    assert!(feed["items"][0]["content_html"].is_string());
}

#[test]
fn feed_content_summary_leaves_the_text_on_the_site() {
    let site = site_with_authors("feed_content: summary\n");
    site.built();
    let atom = site.page("atom.xml");
    assert!(!atom.contains("<content"), "{atom}");
    assert!(atom.contains("<summary>He asks Ecuador for asylum.</summary>"));
    let feed: Value = serde_json::from_str(&site.page("feed.json")).unwrap();
    check_json_feed("feed.json", &feed);
    for item in feed["items"].as_array().unwrap() {
        assert!(item.get("content_html").is_none());
        assert_eq!(item["content_text"], item["summary"]);
    }
}

#[test]
fn news_articles_type_their_authors_as_authors_says() {
    let site = site_with_authors("");
    site.write(
        "content/stories/2013/byline.md",
        "---\ntitle: Two bylines\ndate: 2013-01-05\nauthors: [Jane Roe, John Doe]\n---\nText.\n",
    );
    site.built();
    let article = |slug: &str| json_ld(&site.page(&format!("stories/{slug}/index.html")));
    assert_eq!(
        article("embassy")["author"],
        serde_json::json!([{"@type": "Organization", "name": "Desk", "url": format!("{BASE}about/")}])
    );
    assert_eq!(
        article("byline")["author"],
        serde_json::json!([
            {"@type": "Person", "name": "Jane Roe", "url": "https://example.net/jane"},
            {"@type": "Person", "name": "John Doe"},
        ])
    );
    // The page credits them, the one with a page linked.
    let page = site.page("stories/byline/index.html");
    assert!(
        page.contains(r#"by <a href="https://example.net/jane">Jane Roe</a>, John Doe"#),
        "{page}"
    );
}

#[test]
fn a_bad_author_is_an_error_at_its_place_in_the_config() {
    for (entry, expected, hint) in [
        (
            "  Desk: { type: agency }",
            "author `Desk`: `type: agency` is neither `person` nor `organization`",
            "type: organization",
        ),
        (
            "  Desk: { url: about/ }",
            "author `Desk`: `url: about/` is neither a web address nor a path of the site",
            "/pages/about/",
        ),
        (
            "  Desk: { page: /about/ }",
            "author `Desk`: unknown field `page`",
            "a map of bylines",
        ),
    ] {
        let site = Site::fixture("basic");
        let config = site.page_source("dossier.yaml");
        site.write("dossier.yaml", &format!("{config}authors:\n{entry}\n"));
        site.fails_with(expected, Some(hint));
        let error = site
            .errors()
            .into_iter()
            .find(|e| e.message.contains("author"))
            .unwrap();
        assert_eq!(error.path, std::path::Path::new("dossier.yaml"));
        assert_eq!(error.line, 7, "the line of `authors:`");
    }
    let site = Site::fixture("basic");
    let config = site.page_source("dossier.yaml");
    site.write("dossier.yaml", &format!("{config}feed_content: summery\n"));
    site.fails_with("feed_content", Some("did you mean `summary`?"));
}
