//! A story's Sources section and its JSON-LD `citation`s.

use serde::Serialize;

use crate::pipeline::markdown::citations::{citation_anchor, source_anchor};
use crate::pipeline::parse::Source;

/// A source as the story page lists it.
#[derive(Serialize)]
pub(super) struct SourceView<'a> {
    /// Its anchor (`source-1`), which citations link to.
    anchor: String,
    number: usize,
    title: Option<&'a str>,
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    archived: Option<&'a str>,
    /// The day of the archived copy, when its address gives it.
    archived_on: Option<String>,
    date: Option<DateText>,
    pages: Option<&'a str>,
    /// The anchors of its citations in the text, to link back to.
    citations: Vec<String>,
}

/// A partial date for templates: `ymd` (`2013-06`) and `human` (`June 2013`).
#[derive(Serialize)]
struct DateText {
    ymd: String,
    human: String,
}

/// The story's sources, numbered, with the citations `counts` gives.
pub(super) fn views<'a>(sources: &'a [Source], counts: &[usize]) -> Vec<SourceView<'a>> {
    sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let n = i + 1;
            let cited = counts.get(i).copied().unwrap_or(0);
            SourceView {
                anchor: source_anchor(n),
                number: n,
                title: s.title.as_deref(),
                publisher: s.publisher.as_deref(),
                url: s.url.as_deref(),
                archived: s.archived.as_deref(),
                archived_on: s.archived_on(),
                date: s.date.map(|d| DateText {
                    ymd: d.ymd(),
                    human: d.human(),
                }),
                pages: s.pages.as_deref(),
                citations: (1..=cited).map(|k| citation_anchor(n, k)).collect(),
            }
        })
        .collect()
}

/// A source as schema.org's `CreativeWork`, for a `NewsArticle`'s `citation`.
#[derive(Serialize)]
pub(super) struct Citation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Publisher<'a>>,
    url: &'a str,
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// The sources with an address, as JSON-LD citations.
pub(super) fn citations(sources: &[Source]) -> Vec<Citation<'_>> {
    sources
        .iter()
        .filter_map(|s| {
            Some(Citation {
                kind: "CreativeWork",
                date_published: s.date.map(|d| d.ymd()),
                name: s.title.as_deref(),
                publisher: s.publisher.as_deref().map(|name| Publisher {
                    kind: "Organization",
                    name,
                }),
                url: s.url.as_deref()?,
            })
        })
        .collect()
}
