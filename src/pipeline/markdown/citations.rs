//! Citations: a link to `source:ID` keeps its text and gains a numbered
//! superscript that jumps to the source in the story's Sources section.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::pipeline::parse::{Source, cited_id};

/// The anchor of the `n`-th source (from 1) in a story's Sources section.
pub fn source_anchor(n: usize) -> String {
    format!("source-{n}")
}

/// The anchor of the `k`-th citation (from 1) of the `n`-th source.
pub fn citation_anchor(n: usize, k: usize) -> String {
    format!("cite-{n}-{k}")
}

/// Replaces each citation link with its text and a superscript number;
/// returns the events and how many times each source is cited. (Parsing
/// checked that every cited id is a source's.)
pub(super) fn link_citations<'a>(
    events: Vec<Event<'a>>,
    sources: &[Source],
) -> (Vec<Event<'a>>, Vec<usize>) {
    let mut counts = vec![0; sources.len()];
    if sources.is_empty() {
        return (events, counts);
    }
    let mut out = Vec::with_capacity(events.len());
    let mut open: Option<usize> = None;
    for event in events {
        match event {
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let cited = cited_id(dest_url)
                    .and_then(|id| sources.iter().position(|s| s.id.as_deref() == Some(id)));
                match cited {
                    Some(index) => open = Some(index),
                    None => out.push(event),
                }
            }
            Event::End(TagEnd::Link) if open.is_some() => {
                let index = open.take().unwrap_or_default();
                counts[index] += 1;
                let n = index + 1;
                out.push(Event::InlineHtml(CowStr::from(format!(
                    r##"<sup class="citation"><a id="{}" href="#{}">{n}</a></sup>"##,
                    citation_anchor(n, counts[index]),
                    source_anchor(n)
                ))));
            }
            other => out.push(other),
        }
    }
    (out, counts)
}
