//! Documents (`content/documents/*.md`): their pages and index, the stories
//! citing them, the entities they concern, who issued them, and every way
//! one can be written wrong.

use crate::common::{Site, json_ld, other_warnings};

const JUDGMENT: &str = "content/documents/uksc-2012-22.md";

const JUDGMENT_TEXT: &str = "---
title: \"Assange v Swedish Prosecution Authority [2012] UKSC 22\"
date: 2012-05-30
type: judgment
issuer: UK Supreme Court
url: https://example.com/uksc-2012-22
archived: https://web.archive.org/web/20120601000000/https://example.com/uksc-2012-22
file: /files/uksc-2012-22.pdf
people: [Julian Assange]
places: [Sweden]
---
The court dismissed the appeal **by five votes to two**.
";

const OPINION_TEXT: &str = "---
title: Opinion No. 54/2015
date: 2015-12
type: report
issuer: UN Working Group on Arbitrary Detention
people: [Julian Assange]
---
The panel found the deprivation of liberty arbitrary.
";

const STATEMENT_TEXT: &str = "---
title: Statement on the talks
date: 2013
type: statement
issuer: Foreign Office
---
";

/// A story of the basic fixture citing documents: `sources` goes into its
/// front matter, `body` replaces its text.
fn citing(story: &str, sources: &str, body: &str, site: &Site) {
    let text = std::fs::read_to_string(site.root().join(story)).unwrap();
    let end = text[3..].find("\n---\n").unwrap() + 3;
    site.write(story, &format!("{}\n{sources}---\n{body}", &text[..end]));
}

/// The basic fixture with three documents, cited by two stories.
fn with_documents() -> Site {
    let site = Site::fixture("basic");
    site.write(JUDGMENT, JUDGMENT_TEXT);
    site.write("static/files/uksc-2012-22.pdf", "%PDF-1.4 not really\n");
    site.write("content/documents/wgad-54-2015.md", OPINION_TEXT);
    site.write("content/documents/talks-statement.md", STATEMENT_TEXT);
    citing(
        "content/stories/2012/asylum.md",
        "sources:\n  - id: ruling\n    document: uksc-2012-22\n    pages: para 95-98\n",
        "After [the ruling](source:ruling), asylum.\n",
        &site,
    );
    citing(
        "content/stories/2013/talks.md",
        "sources:\n  - document: uksc-2012-22\n  - document: talks-statement\n    title: What the Foreign Office said\n",
        "The ministers met.\n",
        &site,
    );
    site
}

#[test]
fn a_document_page_shows_what_it_is_and_every_story_citing_it() {
    let site = with_documents();
    let report = site.built();
    assert_eq!(other_warnings(&report), Vec::<String>::new());
    let page = site.page("documents/uksc-2012-22/index.html");
    let base = "/dossiers/assange/";
    for expected in [
        "<h1>Assange v Swedish Prosecution Authority [2012] UKSC 22</h1>",
        ">Judgment</a>",
        "<time datetime=\"2012-05-30\">30 May 2012</time>",
        &format!("<a href=\"{base}organizations/uk-supreme-court/\">UK Supreme Court</a>"),
        "<a href=\"https://example.com/uksc-2012-22\" data-versionurl=\"https://web.archive.org/web/20120601000000/https://example.com/uksc-2012-22\" data-versiondate=\"2012-06-01\">",
        "<a href=\"https://web.archive.org/web/20120601000000/https://example.com/uksc-2012-22\">",
        &format!("<a href=\"{base}files/uksc-2012-22.pdf\">"),
        "<strong>by five votes to two</strong>",
        &format!("<a href=\"{base}people/julian-assange/\">Julian Assange</a>"),
        &format!("<a href=\"{base}places/sweden/\">Sweden</a>"),
        "cites para 95-98",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    // Every story citing it, newest first.
    let talks = page.find("stories/talks/").expect("the 2013 story");
    let asylum = page.find("stories/asylum/").expect("the 2012 story");
    assert!(talks < asylum, "newest first");
    assert_eq!(site.page("files/uksc-2012-22.pdf"), "%PDF-1.4 not really\n");

    let thing = json_ld(&page);
    assert_eq!(thing["@type"], "DigitalDocument");
    let permalink = "https://example.org/dossiers/assange/documents/uksc-2012-22/";
    assert_eq!(thing["@id"], permalink);
    assert_eq!(thing["datePublished"], "2012-05-30");
    assert_eq!(thing["sameAs"], "https://example.com/uksc-2012-22");
    assert_eq!(
        thing["author"]["@id"],
        "https://example.org/dossiers/assange/organizations/uk-supreme-court/"
    );
    assert_eq!(thing["author"]["@type"], "Organization");
    assert_eq!(
        thing["associatedMedia"]["contentUrl"],
        "https://example.org/dossiers/assange/files/uksc-2012-22.pdf"
    );
    let about: Vec<&str> = thing["about"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["@id"].as_str().unwrap())
        .collect();
    assert!(about.contains(&"https://example.org/dossiers/assange/people/julian-assange/"));
    let report = json_ld(&site.page("documents/wgad-54-2015/index.html"));
    assert_eq!(
        report["@type"], "Report",
        "schema.org has a type for reports"
    );
    assert_eq!(report["datePublished"], "2015-12");
    let statement = site.page("documents/talks-statement/index.html");
    assert!(statement.contains("<time datetime=\"2013\">2013</time>"));
}

#[test]
fn the_documents_index_lists_them_newest_first_filterable_without_a_script() {
    let site = with_documents();
    site.built();
    let index = site.page("documents/index.html");
    let order: Vec<usize> = ["wgad-54-2015/", "talks-statement/", "uksc-2012-22/"]
        .iter()
        .map(|slug| index.find(&format!("documents/{slug}\"")).expect(slug))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first");
    assert!(index.contains("<time datetime=\"2015-12\">December 2015</time>"));
    for (slug, plural) in [
        ("judgment", "Judgments"),
        ("report", "Reports"),
        ("statement", "Statements"),
    ] {
        assert!(index.contains(&format!(
            "<input type=\"radio\" name=\"type\" id=\"type-{slug}\" value=\"{slug}\"><label for=\"type-{slug}\">{plural} <span class=\"count\">1</span></label>"
        )));
        assert!(index.contains(&format!("<li data-type=\"{slug}\">")));
    }
    assert!(!index.contains("type-letter"), "only the types it has");
    // The style sheet hides the other types while a type is checked.
    let css = site.page("style.css");
    for slug in [
        "judgment",
        "press-release",
        "indictment",
        "report",
        "statement",
        "letter",
        "transcript",
        "other",
    ] {
        assert!(
            css.contains(&format!(
                ".documents-page:has(#type-{slug}:checked) :is(.document-list li:not([data-type=\"{slug}\"])"
            )),
            "no filter rule for {slug}"
        );
    }
    assert!(index.contains("data-types=\"report\""));
    // Every page links the index; a site without documents has none.
    assert!(
        site.page("index.html")
            .contains("documents/\">Documents</a>")
    );
    let sitemap = site.page("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/dossiers/assange/documents/</loc>"));
    assert!(
        sitemap.contains("<loc>https://example.org/dossiers/assange/documents/uksc-2012-22/</loc>")
    );
    let bare = Site::fixture("basic");
    bare.built();
    assert!(!bare.has("documents/index.html"));
    assert!(!bare.page("index.html").contains(">Documents</a>"));
}

#[test]
fn stories_cite_documents_and_entities_list_them() {
    let site = with_documents();
    site.built();
    let story = site.page("stories/asylum/index.html");
    assert!(
        story.contains(
            "<li id=\"source-1\"><span class=\"source-type\">Judgment:</span> <a href=\"/dossiers/assange/documents/uksc-2012-22/\">Assange v Swedish Prosecution Authority [2012] UKSC 22</a>, UK Supreme Court, <time datetime=\"2012-05-30\">30 May 2012</time>, para 95-98"
        ),
        "{story}"
    );
    assert!(
        story.contains("href=\"#source-1\""),
        "the citation jumps to it"
    );
    let article = json_ld(&story);
    let citation = &article["citation"][0];
    assert_eq!(citation["@type"], "DigitalDocument");
    assert_eq!(
        citation["url"],
        "https://example.org/dossiers/assange/documents/uksc-2012-22/"
    );
    assert_eq!(citation["publisher"]["name"], "UK Supreme Court");
    // A title of the source's own wins over the document's.
    let talks = site.page("stories/talks/index.html");
    assert!(talks.contains(
        ">What the Foreign Office said</a>, Foreign Office, <time datetime=\"2013\">2013</time>"
    ));

    // The issuer's page and the pages of the entities it lists.
    let court = site.page("organizations/uk-supreme-court/index.html");
    assert!(court.contains("<h2 id=\"documents-heading\">Documents</h2>"));
    assert!(court.contains("documents/uksc-2012-22/\">Assange v Swedish"));
    let assange = site.page("people/julian-assange/index.html");
    let opinion = assange.find("documents/wgad-54-2015/").expect("listed");
    let judgment = assange.find("documents/uksc-2012-22/").expect("listed");
    assert!(opinion < judgment, "newest first");
    // An entity only documents name has its page.
    let panel = site.page("organizations/un-working-group-on-arbitrary-detention/index.html");
    assert!(panel.contains("documents/wgad-54-2015/"));

    // Search finds documents by title, type and the names they concern.
    let index: serde_json::Value = serde_json::from_str(&site.page("search-index.json")).unwrap();
    let rows = index["d"].as_array().expect("document rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], "Opinion No. 54/2015");
    assert_eq!(rows[0][1], 20151200);
    assert_eq!(rows[0][3], "Report");
    let names = index["e"].as_array().unwrap();
    let named: Vec<&str> = rows[2][4]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| names[e.as_u64().unwrap() as usize][1].as_str().unwrap())
        .collect();
    assert!(
        named.contains(&"Julian Assange") && named.contains(&"UK Supreme Court"),
        "{named:?}"
    );
}

#[test]
fn an_issuer_is_the_entity_its_name_is() {
    let site = with_documents();
    // An alias of a profile names the profile's entity.
    site.write(
        "content/organizations/supreme-court.md",
        "---\nname: UK Supreme Court\naliases: [Supreme Court of the United Kingdom]\n---\n",
    );
    site.write(
        JUDGMENT,
        &JUDGMENT_TEXT.replace(
            "issuer: UK Supreme Court",
            "issuer: Supreme Court of the United Kingdom",
        ),
    );
    // A name of the document's own lists is that entity, whatever its kind.
    site.write(
        "content/documents/talks-statement.md",
        &STATEMENT_TEXT.replace(
            "issuer: Foreign Office",
            "issuer: Ecuador\nplaces: [Ecuador]",
        ),
    );
    site.built();
    let judgment = site.page("documents/uksc-2012-22/index.html");
    assert!(judgment.contains("organizations/uk-supreme-court/\">UK Supreme Court</a>"));
    let statement = site.page("documents/talks-statement/index.html");
    assert!(statement.contains("places/ecuador/\">Ecuador</a></dd>"));

    // A name of entities of several kinds, not listed in the document, is an error.
    site.write(
        "content/organizations/ecuador.md",
        "---\nname: Ecuador\n---\n",
    );
    site.write(
        "content/documents/talks-statement.md",
        &STATEMENT_TEXT.replace("issuer: Foreign Office", "issuer: Ecuador"),
    );
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains(
            "talks-statement.md:5:9: error: the issuer `Ecuador` is an entity of several kinds (organizations, places)"
        ) && e.contains("organizations: [Ecuador]")),
        "{errors:?}"
    );
}

#[test]
fn a_document_written_wrong_is_an_error_at_its_place() {
    let cases: [(&str, &str, &str); 9] = [
        (
            "type: judgment",
            "type: judgement",
            "uksc-2012-22.md:4:7: error: `judgement` is not a type of document",
        ),
        (
            "date: 2012-05-30",
            "date: 2012-05-32",
            "uksc-2012-22.md:3:7: error: `date` is not a valid date: `2012-05-32`",
        ),
        (
            "date: 2012-05-30\n",
            "",
            "uksc-2012-22.md: error: `date` is missing",
        ),
        (
            "title: \"Assange v Swedish Prosecution Authority [2012] UKSC 22\"\n",
            "",
            "uksc-2012-22.md: error: `title` is missing",
        ),
        (
            "url: https://example.com/uksc-2012-22",
            "url: example.com/uksc",
            "uksc-2012-22.md:6:6: error: `url` is not a web address",
        ),
        (
            "file: /files/uksc-2012-22.pdf",
            "file: /files/missing.pdf",
            "uksc-2012-22.md:8:7: error: `file` names /files/missing.pdf, and static/ has no such file",
        ),
        (
            "file: /files/uksc-2012-22.pdf",
            "file: /../dossier.yaml",
            "uksc-2012-22.md:8:7: error: `file` is not a path in the site",
        ),
        (
            "people: [Julian Assange]",
            "peple: [Julian Assange]",
            "uksc-2012-22.md:9:1: error: unknown key `peple`",
        ),
        (
            "issuer: UK Supreme Court",
            "issuer: '!!!'",
            "uksc-2012-22.md:5:9: error: `!!!` has no letter or digit",
        ),
    ];
    for (from, to, expected) in cases {
        let site = with_documents();
        assert!(JUDGMENT_TEXT.contains(from), "{from}");
        site.write(JUDGMENT, &JUDGMENT_TEXT.replacen(from, to, 1));
        let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
        let found = errors.iter().any(|e| {
            let (place, message) = expected.split_once(" error: ").unwrap();
            e.contains(place) && e.contains(message)
        });
        assert!(found, "{expected}\n{}", errors.join("\n"));
        assert!(!site.output().exists(), "nothing written");
    }
    // The closest type is the hint.
    let site = with_documents();
    site.write(
        JUDGMENT,
        &JUDGMENT_TEXT.replace("type: judgment", "type: press-releases"),
    );
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("did you mean `press release`?")),
        "{errors:?}"
    );
}

#[test]
fn a_source_naming_no_document_is_an_error_with_the_closest() {
    let site = with_documents();
    citing(
        "content/stories/2012/embassy.md",
        "sources:\n  - url: https://example.org/a\n  - document: uksc-2012-2\n",
        "Text.\n",
        &site,
    );
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains(
            "embassy.md:13:5: error: source 2 names the document `uksc-2012-2`, and there is none"
        ) && e.contains("did you mean `document: uksc-2012-22`?")),
        "{errors:?}"
    );
    // A draft document is not there unless drafts are asked for.
    let site = with_documents();
    site.write(
        JUDGMENT,
        &JUDGMENT_TEXT.replace("type: judgment\n", "type: judgment\ndraft: true\n"),
    );
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains(
            "source 1 names the document `uksc-2012-22`, which is a draft (content/documents/uksc-2012-22.md)"
        ) && e.contains("--drafts")),
        "{errors:?}"
    );
    let mut drafts = site.options();
    drafts.drafts = true;
    dossier::build(&drafts).unwrap();
    assert!(site.has("documents/uksc-2012-22/index.html"));
    // Deleting a document its stories cite is the same error.
    let site = with_documents();
    site.remove(JUDGMENT);
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("asylum.md") && e.contains("names the document `uksc-2012-22`")),
        "{errors:?}"
    );
}

#[test]
fn two_documents_with_one_slug_and_misplaced_files_are_told() {
    let site = with_documents();
    site.write("content/documents/UKSC 2012 22.md", OPINION_TEXT);
    let errors: Vec<String> = site.errors().iter().map(ToString::to_string).collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("two documents have the slug `uksc-2012-22`")),
        "{errors:?}"
    );
    let site = with_documents();
    site.write("content/documents/2012/uksc.md", OPINION_TEXT);
    let report = site.built();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("content/documents/2012/uksc.md")
                && w.contains("content/documents/ is read one level deep")),
        "{warnings:?}"
    );
}

#[test]
fn check_warns_about_documents_no_story_cites() {
    let site = with_documents();
    let report = dossier::check::check(&site.options()).unwrap();
    let warnings: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w
            .contains("wgad-54-2015.md:1:1: warning: no story cites the document `wgad-54-2015`")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("`uksc-2012-22`")),
        "{warnings:?}"
    );
}

#[test]
fn a_theme_without_document_templates_builds_no_document_pages() {
    let site = with_documents();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    crate::common::copy_tree(&theme, &site.root().join("themes/old"));
    std::fs::remove_file(site.root().join("themes/old/templates/document.html")).unwrap();
    std::fs::remove_file(site.root().join("themes/old/templates/documents.html")).unwrap();
    let config = std::fs::read_to_string(site.root().join("dossier.yaml")).unwrap();
    site.write("dossier.yaml", &format!("{config}theme: old\n"));
    let report = site.build().unwrap();
    assert!(!site.has("documents/index.html"));
    assert!(!site.has("documents/uksc-2012-22/index.html"));
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("uksc-2012-22.md") && w.contains("no document.html")),
        "{warnings:?}"
    );
}
