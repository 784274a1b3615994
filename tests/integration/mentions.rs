//! Entity mentions found in story text: where names are linked, which
//! stories they add to entity pages, and the sentence each page shows.

use crate::common::Site;

fn body(html: &str) -> &str {
    let start = html
        .find(r#"<div class="story-body">"#)
        .expect("story body");
    let end = html[start..].find("</div>").unwrap() + start;
    &html[start..end]
}

fn built() -> Site {
    let site = Site::fixture("mentions");
    site.built();
    site
}

const ASSANGE_LINK: &str = r#"<a class="mention" href="/people/julian-assange/">"#;

#[test]
fn the_first_whole_word_mention_in_plain_text_is_linked() {
    let site = built();
    let html = site.page("stories/rules/index.html");
    let body = body(&html);
    assert_eq!(
        body.matches(ASSANGE_LINK).count(),
        1,
        "only the first mention is linked:\n{body}"
    );
    // The first mention in plain text is in "Then Assange spoke.", after
    // the headings, code, links, alt text and raw HTML that must be skipped.
    assert!(
        body.contains(&format!("Then {ASSANGE_LINK}Assange</a> spoke.")),
        "{body}"
    );
    assert!(
        body.contains("The Assanges and XAssange are not him."),
        "word boundaries"
    );
    assert!(body.contains("<code>Assange</code>"));
    assert!(body.contains(r#"<h2 id="assange-in-a-heading">Assange in a heading</h2>"#));
    assert!(body.contains(r#"<a href="https://example.com/">a link about Assange</a>"#));
    assert!(body.contains(r#"alt="Assange in alt text""#));
    assert!(body.contains("<span>Assange in raw HTML</span>"));
    assert!(body.contains("Assange in a code block"));
}

#[test]
fn the_longest_name_wins() {
    let site = built();
    let html = site.page("stories/rules/index.html");
    let body = body(&html);
    assert!(
        body.contains(r#"<a class="mention" href="/places/ecuador-s-embassy-in-london/">Ecuador’s embassy in London</a>"#),
        "{body}"
    );
    // `Ecuador` alone, later, is Ecuador's first mention.
    assert!(
        body.contains(r#"Later, <a class="mention" href="/places/ecuador/">Ecuador</a> replied."#),
        "{body}"
    );
}

#[test]
fn ambiguous_aliases_are_not_linked() {
    let site = built();
    let html = site.page("stories/rules/index.html");
    assert!(body(&html).contains("Smith spoke too."));
    assert!(
        !site
            .page("people/anna-smith/index.html")
            .contains("/stories/rules/")
    );
}

#[test]
fn names_match_as_written_including_front_matter_spellings() {
    let site = built();
    let visit = site.page("stories/visit/index.html");
    let body = body(&visit);
    assert!(
        body.contains(
            r#"Minister <a class="mention" href="/people/ricardo-patino/">Patiño</a> visited."#
        ),
        "{body}"
    );
    assert_eq!(body.matches("/people/ricardo-patino/").count(), 1);
    // Another story's front matter spells it `Ricardo Patino`: that spelling is a name too.
    let rules = site.page("stories/rules/index.html");
    assert!(body_contains(
        &rules,
        r#"<a class="mention" href="/people/ricardo-patino/">Ricardo Patino</a>"#
    ));
}

fn body_contains(html: &str, needle: &str) -> bool {
    body(html).contains(needle)
}

#[test]
fn mentions_join_entity_pages_marked_as_mentions() {
    let site = built();
    let ecuador = site.page("places/ecuador/index.html");
    assert!(
        ecuador.contains("/stories/rules/"),
        "a mention adds the story"
    );
    assert!(ecuador.contains(r#"<li class="story-item mention-only">"#));
    assert!(ecuador.contains("<dt>Stories</dt><dd>1</dd>"));
    // The story about Assange is not marked as a mention on his page.
    let assange = site.page("people/julian-assange/index.html");
    assert!(!assange.contains("mention-only"), "{assange}");
    // The story page lists what it is about, then what it mentions.
    let rules = site.page("stories/rules/index.html");
    let about = rules.find("<h2>People</h2>").unwrap();
    let mentioned = rules.find("<h2>Also mentioned</h2>").unwrap();
    assert!(about < mentioned);
    assert!(rules[mentioned..].contains("/places/ecuador/"));
}

#[test]
fn entity_pages_show_the_sentence_of_the_first_mention() {
    let site = built();
    let ecuador = site.page("places/ecuador/index.html");
    assert!(
        ecuador.contains("<p>Later, Ecuador replied.</p>"),
        "{ecuador}"
    );
    let assange = site.page("people/julian-assange/index.html");
    assert!(assange.contains("<p>Then Assange spoke.</p>"), "{assange}");
}

#[test]
fn autolink_can_be_turned_off() {
    let site = built();
    let off = site.page("stories/off/index.html");
    assert!(!body(&off).contains(r#"class="mention""#), "{off}");
    assert!(
        !site
            .page("places/ecuador/index.html")
            .contains("/stories/off/")
    );

    let site = Site::fixture("mentions");
    site.write(
        "dossier.yaml",
        "title: Mentions\nbase_url: https://example.org/\nautolink: false\n",
    );
    site.built();
    assert!(
        !site
            .page("stories/rules/index.html")
            .contains(r#"class="mention""#)
    );
    assert!(
        !site
            .page("places/ecuador/index.html")
            .contains("/stories/rules/")
    );
}
