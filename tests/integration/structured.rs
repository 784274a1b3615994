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
