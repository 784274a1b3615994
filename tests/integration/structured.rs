//! schema.org JSON-LD and Open Graph tags on story and entity pages.

use crate::common::{Site, json_ld};

#[test]
fn story_pages_carry_a_news_article() {
    let site = Site::fixture("basic");
    site.built();
    let html = site.page("stories/talks/index.html");
    let article = json_ld(&html);
    assert_eq!(article["@type"], "NewsArticle");
    // The title holds `</script>`: it is escaped in the HTML and intact in the data.
    assert_eq!(article["headline"], "Talks <script>alert(1)</script> stall");
    assert_eq!(article["datePublished"], "2013-06-17T00:00:00Z");
    assert_eq!(article["dateModified"], "2013-06-17T00:00:00Z");
    assert_eq!(
        article["url"],
        "https://example.org/dossiers/assange/stories/talks/"
    );
    assert_eq!(article["isBasedOn"], "https://example.com/original");
    let about: Vec<&str> = article["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["@id"].as_str().unwrap())
        .collect();
    assert!(about.contains(&"https://example.org/dossiers/assange/people/william-hague/"));
    // Each names who it is, for a reader of the article alone.
    let about_hague = article["about"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["@id"] == "https://example.org/dossiers/assange/people/william-hague/")
        .unwrap();
    assert_eq!(about_hague["@type"], "Person");
    assert_eq!(about_hague["name"], "William Hague");
    // Each `@id` is the `@id` the entity's own page declares.
    let hague = json_ld(&site.page("people/william-hague/index.html"));
    assert_eq!(
        hague["@id"],
        "https://example.org/dossiers/assange/people/william-hague/"
    );
    let asylum = json_ld(&site.page("stories/asylum/index.html"));
    assert_eq!(asylum["dateModified"], "2012-08-17T00:00:00Z");
    assert!(html.contains(r#"<meta property="og:type" content="article">"#));
    assert!(
        html.contains(r#"<meta property="article:published_time" content="2013-06-17T00:00:00Z">"#)
    );
}

#[test]
fn story_mentions_point_at_entity_pages() {
    let site = Site::fixture("mentions");
    site.built();
    let article = json_ld(&site.page("stories/rules/index.html"));
    let mentions: Vec<&str> = article["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["@id"].as_str().unwrap())
        .collect();
    assert!(
        mentions.contains(&"https://example.org/places/ecuador/"),
        "{mentions:?}"
    );
    assert!(
        !mentions.contains(&"https://example.org/people/julian-assange/"),
        "about, not mentioned"
    );
    assert_eq!(
        article["about"][0]["@id"],
        "https://example.org/people/julian-assange/"
    );
}

#[test]
fn entity_pages_carry_their_kind_schema() {
    let site = Site::fixture("basic");
    site.built();
    let html = site.page("people/julian-assange/index.html");
    let person = json_ld(&html);
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Julian Assange");
    assert_eq!(
        person["alternateName"],
        serde_json::json!(["Assange", "Assange, Julian"])
    );
    assert_eq!(
        person["description"],
        "Australian publisher, founder of WikiLeaks"
    );
    assert_eq!(person["sameAs"], "https://www.wikidata.org/wiki/Q47573");
    assert_eq!(
        person["image"],
        "https://example.org/dossiers/assange/images/assange.svg"
    );
    // Social networks show no SVG: the page is shared with its card.
    assert!(html.contains(
        r#"<meta property="og:image" content="https://example.org/dossiers/assange/_img/card-"#
    ));
    let org = json_ld(&site.page("organizations/wikileaks/index.html"));
    assert_eq!(org["@type"], "Organization");
    assert!(org.get("sameAs").is_none(), "no Wikidata id, no sameAs");
    let place = json_ld(&site.page("places/london/index.html"));
    assert_eq!(place["@type"], "Place");
}

/// Every HTML file of `output`, by its path in the output.
fn html_pages(output: &std::path::Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(output)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let path = e.path().strip_prefix(output).unwrap();
            let html = std::fs::read_to_string(e.path()).unwrap();
            (path.to_string_lossy().into_owned(), html)
        })
        .collect()
}

fn meta_description(html: &str) -> Option<&str> {
    let start = html.find(r#"<meta name="description" content=""#)? + 34;
    Some(&html[start..start + html[start..].find('"')?])
}

#[test]
fn every_page_has_a_description_of_its_own_and_a_favicon() {
    let site = Site::fixture("basic");
    site.built();
    let pages = html_pages(&site.output());
    assert!(pages.len() > 10, "{} pages", pages.len());
    for (path, html) in &pages {
        let description =
            meta_description(html).unwrap_or_else(|| panic!("{path}: no description"));
        assert!(
            !description.trim().is_empty(),
            "{path}: an empty description"
        );
        assert!(
            html.contains(
                r#"<link rel="icon" href="/dossiers/assange/favicon.svg" type="image/svg+xml">"#
            ),
            "{path}: no favicon"
        );
        // A canonical link says where a page lives: the 404 page lives nowhere.
        let canonical = html.contains(r#"<link rel="canonical""#);
        assert_eq!(canonical, path != "404.html", "{path}: canonical link");
    }
    let favicon = std::fs::read_to_string(site.output().join("favicon.svg")).unwrap();
    assert!(roxmltree::Document::parse(&favicon).is_ok());
    // The list pages say what they hold, counted, in the site's words.
    let description = |path: &str| {
        let (_, html) = pages.iter().find(|(p, _)| p == path).unwrap();
        meta_description(html).unwrap().to_string()
    };
    let people = std::fs::read_dir(site.output().join("people"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert_eq!(
        description("people/index.html"),
        format!(
            "People in Fixture &lt;Dossier&gt; &amp; Co, from A to Z ({people} entries), each with the stories that name them."
        )
    );
    assert!(description("tags/index.html").starts_with("The subjects of Fixture"));
    assert!(description("timeline/index.html").contains(" stories from "));
    assert!(description("search/index.html").starts_with("Search the stories"));
}

#[test]
fn a_site_below_the_host_root_is_told_where_robots_txt_must_go() {
    let site = Site::fixture("basic");
    let report = site.built();
    let warning = report
        .warnings
        .iter()
        .find(|w| w.code == dossier::Code::RobotsBelowRoot)
        .expect("a warning about robots.txt");
    let text = warning.to_string();
    assert!(text.starts_with("dossier.yaml:3:11: warning"), "{text}");
    assert!(text.contains("https://example.org/robots.txt"), "{text}");
    assert!(site.output().join("robots.txt").exists());
    // At the root of the host, robots.txt is where crawlers look.
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write(
        "dossier.yaml",
        &config.replace(
            "https://example.org/dossiers/assange/",
            "https://example.org/",
        ),
    );
    let report = site.built();
    assert!(
        report
            .warnings
            .iter()
            .all(|w| w.code != dossier::Code::RobotsBelowRoot),
        "{:?}",
        report.warnings
    );
}

#[test]
fn list_pages_are_collection_pages_with_breadcrumbs_of_a_searchable_website() {
    let site = Site::fixture("basic");
    site.built();
    let base = "https://example.org/dossiers/assange/";
    let website = format!("{base}#website");
    let home = json_ld(&site.page("index.html"));
    assert_eq!(home["@type"], "WebSite");
    assert_eq!(home["@id"], website);
    assert_eq!(home["url"], base);
    assert_eq!(home["name"], "Fixture <Dossier> & Co");
    let search = &home["potentialAction"];
    assert_eq!(search["@type"], "SearchAction");
    assert_eq!(
        search["target"]["urlTemplate"],
        format!("{base}search/?q={{search_term_string}}")
    );
    assert_eq!(search["query-input"], "required name=search_term_string");
    // The search page reads the query it is sent.
    let script = std::fs::read_to_string(site.output().join("search.js")).unwrap();
    assert!(script.contains(r#"params.get("q")"#));

    let trail = |path: &str| -> Vec<(u64, String, String)> {
        let page = json_ld(&site.page(path));
        assert_eq!(page["@type"], "CollectionPage", "{path}");
        assert_eq!(page["isPartOf"]["@id"], website, "{path}");
        assert_eq!(page["@id"], page["url"], "{path}");
        assert!(!page["description"].as_str().unwrap().is_empty(), "{path}");
        page["breadcrumb"]["itemListElement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| {
                assert_eq!(item["@type"], "ListItem");
                let name = item["name"].as_str().unwrap().to_string();
                let url = item["item"].as_str().unwrap().to_string();
                (item["position"].as_u64().unwrap(), name, url)
            })
            .collect()
    };
    let home_crumb = (1, "Fixture <Dossier> & Co".to_string(), base.to_string());
    assert_eq!(
        trail("tags/asylum/index.html"),
        [
            home_crumb.clone(),
            (2, "Tags".into(), format!("{base}tags/")),
            (3, "asylum".into(), format!("{base}tags/asylum/")),
        ]
    );
    for (path, name, url) in [
        ("people/index.html", "People", "people/"),
        ("tags/index.html", "Tags", "tags/"),
        ("timeline/index.html", "Timeline", "timeline/"),
        ("corrections/index.html", "Corrections", "corrections/"),
    ] {
        let second = (2, name.to_string(), format!("{base}{url}"));
        assert_eq!(trail(path), [home_crumb.clone(), second], "{path}");
    }
    let article = json_ld(&site.page("stories/talks/index.html"));
    assert_eq!(article["isPartOf"]["@id"], website);
    assert_eq!(article["isPartOf"]["@type"], "WebSite");
}
