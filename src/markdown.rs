//! Stage 4: convert story, profile and home bodies from Markdown to HTML.
//!
//! This runs after indexing because the conversion needs to know the site:
//! root-relative links get the base path, and mentions of entities (a later
//! addition) will link to their pages.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, TextMergeStream, html};
use rayon::prelude::*;

use crate::config::BaseUrl;
use crate::index::Dossier;
use crate::parse::Body;
use crate::slug::slugify;

/// A body as HTML, with its first paragraph as plain text (the default summary).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Html {
    pub html: String,
    pub first_paragraph: String,
}

/// Every body of the dossier, converted; indexes match the dossier's vectors.
#[derive(Debug, Default)]
pub struct Bodies {
    pub stories: Vec<Html>,
    pub profiles: Vec<Html>,
    pub home: Option<Html>,
}

/// Converts all bodies, in parallel.
pub fn convert_all(dossier: &Dossier, base_url: &BaseUrl) -> Bodies {
    Bodies {
        stories: dossier
            .stories
            .par_iter()
            .map(|s| to_html(&s.body, base_url))
            .collect(),
        profiles: dossier
            .profiles
            .par_iter()
            .map(|p| to_html(&p.body, base_url))
            .collect(),
        home: dossier.home.body.as_ref().map(|b| to_html(b, base_url)),
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Converts one body.
pub fn to_html(body: &Body, base_url: &BaseUrl) -> Html {
    let mut events: Vec<Event> =
        TextMergeStream::new(Parser::new_ext(body.markdown(), options())).collect();
    add_heading_ids(&mut events);
    prefix_root_links(&mut events, base_url.path());
    let first_paragraph = first_paragraph_text(&events);
    let mut html = String::with_capacity(body.markdown().len() * 3 / 2);
    html::push_html(&mut html, events.into_iter());
    Html {
        html,
        first_paragraph,
    }
}

/// Gives every heading without an explicit `{#id}` an id made from its text,
/// unique within the body, so that sections can be linked to.
fn add_heading_ids(events: &mut [Event]) {
    let mut used: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    for start in 0..events.len() {
        let Event::Start(Tag::Heading { id: None, .. }) = &events[start] else {
            continue;
        };
        let text = text_until(&events[start + 1..], |e| {
            matches!(e, Event::End(TagEnd::Heading(_)))
        });
        let base = match slugify(&text) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 1;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
            *slot = Some(CowStr::from(id));
        }
    }
}

/// The plain text of events up to the first one matching `end`.
fn text_until(events: &[Event], end: impl Fn(&Event) -> bool) -> String {
    let mut text = String::new();
    for event in events.iter().take_while(|e| !end(e)) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// `/stories/x/` in Markdown means the site's page, wherever the site is served from.
fn prefix_root_links(events: &mut [Event], base_path: &str) {
    if base_path == "/" {
        return;
    }
    let prefix = |url: &mut CowStr| {
        if url.starts_with('/') && !url.starts_with("//") {
            *url = CowStr::from(format!("{}{}", base_path, &url[1..]));
        }
    };
    for event in events {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => prefix(dest_url),
            _ => {}
        }
    }
}

fn first_paragraph_text(events: &[Event]) -> String {
    events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Paragraph)))
        .map(|start| {
            text_until(&events[start + 1..], |e| {
                matches!(e, Event::End(TagEnd::Paragraph))
            })
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(markdown: &str, base: &str) -> Html {
        to_html(&Body::new(markdown), &BaseUrl::parse(base).unwrap())
    }

    #[test]
    fn renders_extensions() {
        let h = convert(
            "| a |\n|---|\n| b |\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: note\n",
            "https://e.org/",
        );
        assert!(h.html.contains("<table>"));
        assert!(h.html.contains("<del>old</del>"));
        assert!(h.html.contains("\u{201c}quoted\u{201d}"));
        assert!(h.html.contains("footnote-definition"));
    }

    #[test]
    fn headings_get_unique_ids() {
        let h = convert(
            "## The talks\n\n## The talks\n\n## Custom {#mine}\n",
            "https://e.org/",
        );
        assert!(h.html.contains(r#"<h2 id="the-talks">"#), "{}", h.html);
        assert!(h.html.contains(r#"<h2 id="the-talks-1">"#), "{}", h.html);
        assert!(h.html.contains(r#"<h2 id="mine">"#), "{}", h.html);
    }

    #[test]
    fn root_links_get_the_base_path() {
        let h = convert(
            "[a](/stories/x/) [b](https://x.org/) [c](//cdn.x/y)",
            "https://e.org/sub/",
        );
        assert!(h.html.contains(r#"href="/sub/stories/x/""#), "{}", h.html);
        assert!(h.html.contains(r#"href="https://x.org/""#));
        assert!(h.html.contains(r#"href="//cdn.x/y""#));
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let h = convert("## Head\n\nThe *first* `one`.\n\nSecond.", "https://e.org/");
        assert_eq!(h.first_paragraph, "The first one.");
    }
}
