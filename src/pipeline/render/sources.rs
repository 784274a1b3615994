//! A story's Sources section and its JSON-LD `citation`s.

use serde::Serialize;

use super::documents::DocumentItem;
use crate::model::date::PartialDate;
use crate::pipeline::markdown::citations::{citation_anchor, source_anchor};
use crate::pipeline::parse::Source;
use crate::pipeline::render::i18n::Language;

/// A source as the story page lists it.
#[derive(Serialize)]
pub(super) struct SourceView<'a> {
    /// Its anchor (`source-1`), which citations link to.
    anchor: String,
    number: usize,
    title: Option<&'a str>,
    publisher: Option<&'a str>,
    /// Its address; a document's page for a document of the dossier.
    url: Option<String>,
    archived: Option<&'a str>,
    /// The day of the archived copy, when its address gives it.
    archived_on: Option<String>,
    date: Option<DateText>,
    pages: Option<&'a str>,
    /// The anchors of its citations in the text, to link back to.
    citations: Vec<String>,
    /// The dossier's document it is, if it is one.
    document: Option<DocumentItem<'a>>,
}

/// A partial date for templates: `ymd` (`2013-06`) and `human` (`June 2013`).
#[derive(Serialize, Hash)]
pub(super) struct DateText {
    ymd: String,
    human: String,
}

impl DateText {
    /// `date`, written for readers of `language`.
    pub(super) fn new(date: PartialDate, language: &Language) -> Self {
        DateText {
            ymd: date.ymd(),
            human: language.partial_date(&date),
        }
    }
}

/// The story's sources, numbered, with the citations `counts` gives;
/// `documents` holds the document each source is, if it is one. A document
/// source shows the document's title, issuer and date unless it gives its
/// own.
pub(super) fn views<'a>(
    sources: &'a [Source],
    counts: &[usize],
    documents: Vec<Option<DocumentItem<'a>>>,
    language: &Language,
) -> Vec<SourceView<'a>> {
    sources
        .iter()
        .zip(documents)
        .enumerate()
        .map(|(i, (s, document))| {
            let n = i + 1;
            let cited = counts.get(i).copied().unwrap_or(0);
            let of_document = document.as_ref();
            SourceView {
                anchor: source_anchor(n),
                number: n,
                title: s.title.as_deref().or(of_document.map(|d| d.title)),
                publisher: s
                    .publisher
                    .as_deref()
                    .or(of_document.and_then(|d| d.issuer)),
                url: s.url.clone().or_else(|| of_document.map(|d| d.url.clone())),
                archived: s.archived.as_deref(),
                archived_on: s.archived_on(),
                date: s
                    .date
                    .or(of_document.map(|d| d.issued))
                    .map(|d| DateText::new(d, language)),
                pages: s.pages.as_deref(),
                citations: (1..=cited).map(|k| citation_anchor(n, k)).collect(),
                document,
            }
        })
        .collect()
}

/// A source as schema.org's `CreativeWork` (or the document's own type),
/// for a `NewsArticle`'s `citation`.
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
    url: String,
}

#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// The sources with an address as JSON-LD citations: a document of the
/// dossier is cited by its page.
pub(super) fn citations<'a>(
    sources: &'a [Source],
    documents: &[Option<DocumentItem<'a>>],
) -> Vec<Citation<'a>> {
    sources
        .iter()
        .zip(documents)
        .filter_map(|(s, document)| {
            let publisher = s
                .publisher
                .as_deref()
                .or(document.as_ref().and_then(|d| d.issuer));
            Some(Citation {
                kind: document.as_ref().map_or("CreativeWork", |d| d.schema),
                date_published: s
                    .date
                    .or(document.as_ref().map(|d| d.issued))
                    .map(|d| d.ymd()),
                name: s.title.as_deref().or(document.as_ref().map(|d| d.title)),
                publisher: publisher.map(|name| Publisher {
                    kind: "Organization",
                    name,
                }),
                url: match document {
                    Some(d) => d.permalink.clone(),
                    None => s.url.clone()?,
                },
            })
        })
        .collect()
}
