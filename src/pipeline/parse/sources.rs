//! A story's `sources`, and the citations of them in its text:
//! `[said in a statement](source:bloomberg)`.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use super::Body;
use super::items::{Item, take_items};
use crate::diagnostic::{Code, Diagnostic, closest, line_column};
use crate::frontmatter::YamlDoc;
use crate::model::date::PartialDate;

/// Where some of a story's facts come from: a publication's article, a
/// statement, a judgment.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    /// The name citations use (`source:ID`); a source without one cannot
    /// be cited in the text, only listed.
    pub id: Option<String>,
    /// The article's or the document's title.
    pub title: Option<String>,
    /// Who published it: `Bloomberg`, `UK Supreme Court`.
    pub publisher: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// An archived copy of `url` (the Wayback Machine's, say).
    pub archived: Option<String>,
    /// When it was published, as precisely as known.
    pub date: Option<PartialDate>,
    /// Where in it the facts are: `para 95-98`, `p. 12`.
    pub pages: Option<String>,
    /// The slug of the dossier's document it is, in place of a `url`.
    pub document: Option<String>,
    /// Where its item is in the file (line, column), for the index stage's
    /// errors about the document it names.
    pub at: (usize, usize),
}

impl Source {
    /// The day its archived copy was made, when its address says it (the
    /// Wayback Machine's `/web/20130618000000/...`): Robust Links'
    /// `data-versiondate`.
    pub fn archived_on(&self) -> Option<String> {
        archived_on(self.archived.as_deref()?)
    }
}

/// The day an archived copy was made, when its address says it (the
/// Wayback Machine's `/web/20130618000000/...`).
pub fn archived_on(archived: &str) -> Option<String> {
    let stamp = archived.split("/web/").nth(1)?.get(..8)?;
    stamp
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("{}-{}-{}", &stamp[..4], &stamp[4..6], &stamp[6..8]))
}

const KEYS: [&str; 8] = [
    "id",
    "title",
    "publisher",
    "url",
    "archived",
    "date",
    "pages",
    "document",
];

const EXPECTED: &str = "a list of sources, each with a `url` (or a `document`), e.g. `- publisher: Bloomberg` and `url: https://...`";

/// The story's sources, in the order written; each problem is a
/// diagnostic at the item it is in.
pub(super) fn take_sources(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Vec<Source> {
    let mut sources: Vec<Source> = Vec::new();
    for mut item in take_items(doc, "sources", "source", EXPECTED, d) {
        let source = source(&mut item);
        if let Some(id) = &source.id
            && sources.iter().any(|s| s.id.as_ref() == Some(id))
        {
            let message = format!("{} has the id `{id}` of an earlier source", item.name());
            item.problem(Code::DuplicateId, message, "give each source its own id");
        }
        if item.finish(d) {
            sources.push(source);
        }
    }
    sources
}

/// One item of the list; its problems are the item's.
fn source(item: &mut Item) -> Source {
    item.reject_unknown_keys(&KEYS);
    let source = Source {
        id: item.text("id"),
        title: item.text("title"),
        publisher: item.text("publisher"),
        url: item.web_address("url"),
        archived: item.web_address("archived"),
        date: item.partial_date("date"),
        pages: item.text("pages"),
        document: item.text("document"),
        at: item.at,
    };
    let name = item.name().to_string();
    match (&source.url, &source.document) {
        (None, None) => item.problem(
            Code::MissingKey,
            format!("{name} has neither a `url` nor a `document`"),
            "give the address of the source (`url: https://...`), or the document it is",
        ),
        (Some(_), Some(_)) => item.problem(
            Code::InvalidEntry,
            format!("{name} has both a `url` and a `document`"),
            "a document source takes its address from the document: keep one",
        ),
        _ => {}
    }
    source
}

/// The target of a citation link, without its `source:`.
pub fn cited_id(url: &str) -> Option<&str> {
    url.strip_prefix("source:")
}

/// Every citation in `body` must name one of `sources`: an unknown id is
/// an error at the link, with the closest id.
pub(super) fn check_citations(
    path: &Path,
    body: &Body,
    sources: &[Source],
    d: &mut Vec<Diagnostic>,
) {
    let markdown = body.markdown();
    let ids: Vec<&str> = sources.iter().filter_map(|s| s.id.as_deref()).collect();
    // A citation's target is written as is in the text, so when every
    // `source:` of the text is followed by a known id, every citation is
    // known: only a text with another `source:` (an unknown id, or the word
    // in prose) is parsed here to find the citation at fault.
    let all_known = memchr::memmem::find_iter(markdown.as_bytes(), b"source:").all(|at| {
        let rest = &markdown[at + "source:".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(rest.len());
        ids.contains(&&rest[..end])
    });
    if all_known {
        return;
    }
    for (event, range) in
        Parser::new_ext(markdown, crate::pipeline::markdown::options()).into_offset_iter()
    {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let Some(id) = cited_id(&dest_url) else {
            continue;
        };
        if ids.contains(&id) {
            continue;
        }
        let (line, column) = line_column(markdown, range.start);
        let hint = match closest(id, ids.iter().copied()) {
            Some(near) => format!("did you mean `source:{near}`?"),
            None if ids.is_empty() => {
                "list the source under `sources:` with `id: ...` in the front matter".into()
            }
            None => format!("the story's source ids are: {}", ids.join(", ")),
        };
        d.push(
            Diagnostic::error(
                Code::UnknownSource,
                path,
                line + body.first_line - 1,
                column,
                format!("the citation `source:{id}` names no source of this story"),
            )
            .with_hint(hint),
        );
    }
}
