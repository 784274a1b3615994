//! Sources and citations: the Sources section, citations that jump to it
//! and back, Robust Links, partial dates, JSON-LD `citation`, and every
//! way a source or a citation can be written wrong.

use crate::common::{Site, json_ld};

const STORY: &str = "content/stories/2013/talks.md";

const SOURCES: &str = "sources:
  - id: bloomberg
    title: \"Assange trapped one year after U.K. talks with Ecuador stall\"
    publisher: Bloomberg
    url: https://www.bloomberg.com/news/articles/2013-06-17/assange-trapped-one-year-after-u-k-talks-with-ecuador-stall-1-
    date: 2013-06-17
    archived: https://web.archive.org/web/20130618093000/https://www.bloomberg.com/news/articles/2013-06-17/
  - id: statement
    publisher: Foreign Office
    url: https://example.org/statement
    date: 2013-06
    pages: para 3
  - publisher: Public record
    url: https://example.org/record
    date: 2013
";

/// The basic fixture's talks story with `sources` and `body`.
fn sourced(sources: &str, body: &str) -> Site {
    let site = Site::fixture("basic");
    let text = std::fs::read_to_string(site.root().join(STORY)).unwrap();
    let text = text.replace(
        "tags: [diplomacy]\n",
        &format!("tags: [diplomacy]\n{sources}"),
    );
    let end = text[3..].find("\n---\n").unwrap() + 3 + 5;
    site.write(STORY, &format!("{}{body}", &text[..end]));
    site
}

const CITING: &str = "The ministers [met for 45 minutes](source:bloomberg), a [statement said](source:statement), and [Bloomberg added](source:bloomberg).\n\nIts source: a statement, and `source:code` is code.\n";

#[test]
fn citations_number_their_sources_and_link_both_ways() {
    let site = sourced(SOURCES, CITING);
    site.built();
    let html = site.page("stories/talks/index.html");
    assert!(html.contains("met for 45 minutes<sup class=\"citation\"><a id=\"cite-1-1\" href=\"#source-1\">1</a></sup>"), "{html}");
    assert!(html.contains(
        "statement said<sup class=\"citation\"><a id=\"cite-2-1\" href=\"#source-2\">2</a></sup>"
    ));
    assert!(
        html.contains("<a id=\"cite-1-2\" href=\"#source-1\">1</a>"),
        "a second citation of one source"
    );
    assert!(
        !html.contains("source:bloomberg"),
        "no link to the pseudo-URL is left"
    );
    let sources = &html[html
        .find("<h2 id=\"sources-heading\">Sources</h2>")
        .expect("a Sources section")..];
    for anchor in ["id=\"source-1\"", "id=\"source-2\"", "id=\"source-3\""] {
        assert!(sources.contains(anchor), "{anchor}");
    }
    for back in [
        "href=\"#cite-1-1\"",
        "href=\"#cite-1-2\"",
        "href=\"#cite-2-1\"",
    ] {
        assert!(sources.contains(back), "back to the text: {back}");
    }
    // Robust Links: the original, with the archived copy and its day.
    assert!(sources.contains("data-versionurl=\"https://web.archive.org/web/20130618093000/https://www.bloomberg.com/news/articles/2013-06-17/\""));
    assert!(sources.contains("data-versiondate=\"2013-06-18\""));
    assert!(sources.contains(">archived copy</a>"));
    // Partial dates, as written and for readers.
    assert!(sources.contains("<time datetime=\"2013-06-17\">17 June 2013</time>"));
    assert!(sources.contains("<time datetime=\"2013-06\">June 2013</time>"));
    assert!(sources.contains("<time datetime=\"2013\">2013</time>"));
    assert!(sources.contains(", para 3"), "the pinpoint");
}

#[test]
fn the_news_article_cites_its_sources() {
    let site = sourced(SOURCES, CITING);
    site.built();
    let article = json_ld(&site.page("stories/talks/index.html"));
    let citations = article["citation"].as_array().expect("citations");
    assert_eq!(citations.len(), 3);
    assert_eq!(citations[0]["@type"], "CreativeWork");
    assert_eq!(
        citations[0]["name"],
        "Assange trapped one year after U.K. talks with Ecuador stall"
    );
    assert_eq!(citations[0]["publisher"]["name"], "Bloomberg");
    assert_eq!(citations[0]["datePublished"], "2013-06-17");
    assert_eq!(citations[1]["datePublished"], "2013-06");
    assert_eq!(citations[2]["url"], "https://example.org/record");
    // `source` and `source_url` still give the story's source line.
    let html = site.page("stories/talks/index.html");
    assert!(html.contains("Source: <a href=\"https://example.com/original\">Bloomberg</a>"));
}

#[test]
fn check_warns_about_a_source_id_nothing_cites() {
    let site = sourced(SOURCES, "Only [one](source:bloomberg) citation.\n");
    let report = dossier::check::check(&site.options()).unwrap();
    let warnings: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("talks.md:17:5: warning: no citation uses the source `statement`")),
        "{warnings:?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("`bloomberg`")),
        "{warnings:?}"
    );
    assert!(!report.has_errors());
}

#[test]
fn a_source_or_citation_written_wrong_is_an_error_at_its_place() {
    let cases = [
        (
            SOURCES,
            "A [claim](source:blomberg).\n",
            "talks.md:26:3: error: the citation `source:blomberg` names no source of this story",
            Some("did you mean `source:bloomberg`?"),
        ),
        (
            "",
            "A [claim](source:anything).\n",
            "talks.md:11:3: error: the citation `source:anything` names no source of this story",
            Some("list the source under `sources:`"),
        ),
        (
            "sources:\n  - id: a\n    url: https://example.org/a\n  - id: a\n    url: https://example.org/b\n",
            "Text.\n",
            "talks.md:13:5: error: source 2 has the id `a` of an earlier source",
            None,
        ),
        (
            "sources:\n  - publisher: Nobody\n",
            "Text.\n",
            "talks.md:11:5: error: source 1 has neither a `url` nor a `document`",
            None,
        ),
        (
            "sources:\n  - document: uksc-2012-22\n    pages: para 95\n",
            "Text.\n",
            "talks.md:11:5: error: source 1 names the document `uksc-2012-22`, and there is none",
            None,
        ),
        (
            "sources:\n  - url: www.example.org/a\n",
            "Text.\n",
            "talks.md:11:5: error: source 1: `url` is not a web address: `www.example.org/a`",
            None,
        ),
        (
            "sources:\n  - url: https://example.org/a\n    archived: not a url\n",
            "Text.\n",
            "talks.md:11:5: error: source 1: `archived` is not a web address",
            None,
        ),
        (
            "sources:\n  - url: https://example.org/a\n    date: June 2013\n",
            "Text.\n",
            "talks.md:11:5: error: source 1 has an invalid date: `June 2013`",
            None,
        ),
        (
            "sources:\n  - url: https://example.org/a\n    titel: A\n",
            "Text.\n",
            "talks.md:11:5: error: source 1 has an unknown key `titel`",
            Some("did you mean `title`?"),
        ),
        (
            "sources: https://example.org/a\n",
            "Text.\n",
            "talks.md:10:10: error: `sources` must be a list",
            None,
        ),
    ];
    for (sources, body, expected, hint) in cases {
        let site = sourced(sources, body);
        site.fails_with(expected, hint);
    }
}
