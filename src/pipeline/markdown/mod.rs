//! Stage 4: convert story, profile and home bodies from Markdown to HTML, and
//! find the entities each story's text mentions.
//!
//! This runs after indexing because the conversion needs to know the site:
//! root-relative links get the base path, and the first mention of each
//! entity in a story links to the entity's page.

pub mod autolink;
mod carry;
pub mod citations;
pub mod raw_html;

use std::collections::HashSet;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, TextMergeStream, html};
use rayon::prelude::*;

use crate::model::config::{Config, RawHtml};
use crate::model::digest::{FileDigest, digest64};
use crate::model::slug::slugify;
use crate::model::url::{self, BaseUrl};
use crate::pipeline::images::{Images, local_source, picture_html};
use crate::pipeline::index::{Dossier, EntityId, StoryId};
use crate::pipeline::markdown::autolink::Linker;
use crate::pipeline::parse::{Body, Source, Story};
pub use carry::{Carry, EntityNames};
use raw_html::Sanitizer;

/// A body as HTML, with its first paragraph as plain text (the default summary).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Html {
    /// The body as HTML: headings with ids, root-relative links under the
    /// base path, and each entity's first mention linked when autolinking.
    pub html: String,
    /// The first paragraph as plain text: the summary of a story without
    /// `summary`.
    pub first_paragraph: String,
    /// The whole body as plain text, blocks apart: what search finds words in.
    pub text: String,
    /// The entities the text names, in order of first mention.
    pub mentions: Vec<Mention>,
    /// How many times the text cites each of the story's sources.
    pub citations: Vec<usize>,
    /// A digest of the HTML and first paragraph, for page signatures: a
    /// story page changes when its body's HTML does, not whenever the site
    /// gains a name the body might contain. (Mentions are signed where
    /// pages show them, by what they show rather than by entity ids, which
    /// shift as entities come and go.)
    pub digest: u64,
}

/// The first mention of an entity in a story.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The entity the text names.
    pub entity: EntityId,
    /// The sentence it is in, as plain text.
    pub sentence: String,
    /// A digest of `sentence`: every rebuild signs every entity page, and
    /// hashing a number per story is far cheaper than hashing its sentence.
    pub sentence_digest: u64,
}

/// Every body of the dossier, converted; indexes match the dossier's vectors.
/// Story and profile bodies are shared with watch mode's cache.
#[derive(Debug, Default)]
pub struct Bodies {
    /// Each story's body, in [`Dossier::stories`] order.
    pub stories: Vec<Arc<Html>>,
    /// Each profile's body, in [`Dossier::profiles`] order.
    pub profiles: Vec<Arc<Html>>,
    /// Each standalone page's body, in [`Dossier::pages`] order.
    pub pages: Vec<Arc<Html>>,
    /// Each document's notes, in [`Dossier::documents`] order.
    pub documents: Vec<Arc<Html>>,
    /// The home page's intro, when the site has a `content/_index.md`.
    pub home: Option<Html>,
}

impl Bodies {
    /// The first mention of `entity` in `story`, if its text names it.
    pub fn mention(&self, story: StoryId, entity: EntityId) -> Option<&Mention> {
        self.stories[story]
            .mentions
            .iter()
            .find(|m| m.entity == entity)
    }
}

/// Story and profile bodies by the digest of their file.
pub type BodyCache = std::collections::HashMap<FileDigest, Arc<Html>>;

/// What the conversion of a body needs to know about the site.
pub struct Site<'a> {
    /// The site's address, whose path prefixes root-relative links.
    pub base_url: &'a BaseUrl,
    /// The finder of entity names; `None` when the site has no names to
    /// find (bodies are then converted without autolinking).
    pub linker: Option<&'a Linker>,
    /// The link of each entity's page.
    pub entity_links: Vec<String>,
    /// What HTML written in bodies may do.
    pub raw_html: RawHtml,
    /// Cleans the bodies that need it, under `raw_html: sanitize`.
    pub sanitizer: Sanitizer,
    /// The images bodies show, processed: a local image becomes a
    /// `<picture>` of its variants.
    pub images: &'a Images,
    /// In another language's site, the site paths only the default
    /// language has (the shared files, the pages of what is not translated):
    /// a root-relative link to one leads there, not below the language's folder.
    pub root_paths: Option<&'a RootPaths>,
}

/// Site paths (`stories/x/`, `files/a.pdf`) that only the default language's
/// site has.
pub type RootPaths = std::collections::HashSet<String>;

impl<'a> Site<'a> {
    /// A digest of everything besides a story's own file and the entities'
    /// names ([`EntityNames`]) that its body depends on: the base path, the
    /// autolink setting, what raw HTML may do and the images it shows.
    /// Bodies converted for the same settings are carried over to other
    /// names by [`Carry`].
    pub fn settings_digest(config: &Config, images: &Images) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::model::digest::hasher();
        (&config.base_url, config.autolink, &config.kinds).hash(&mut h);
        (config.raw_html, &config.embed_hosts).hash(&mut h);
        // Which file each image is: a new version of one makes new markup.
        let mut processed: Vec<(&String, &String)> = images
            .by_path
            .iter()
            .map(|(src, p)| (src, &p.digest))
            .collect();
        processed.sort_unstable();
        processed.hash(&mut h);
        let mut copied: Vec<(&String, &String)> = images.as_is.iter().collect();
        copied.sort_unstable();
        copied.hash(&mut h);
        h.finish()
    }

    /// What converting `dossier`'s bodies needs, finding names with `linker`.
    pub fn new(
        config: &'a Config,
        dossier: &Dossier,
        linker: Option<&'a Linker>,
        images: &'a Images,
    ) -> Self {
        let entity_links = dossier
            .entities
            .iter()
            .map(|e| {
                config
                    .base_url
                    .link(&url::entity_path(&config.kinds[e.kind].key, &e.slug, 1))
            })
            .collect();
        Site {
            base_url: &config.base_url,
            linker,
            entity_links,
            raw_html: config.raw_html,
            sanitizer: Sanitizer::new(config),
            images,
            root_paths: None,
        }
    }
}

/// Converts all bodies, in parallel. Stories are linked unless `autolink` is
/// off for the site (and not turned on by the story) or for the story.
///
/// `known` holds story bodies converted by earlier builds for the same
/// [`Site::settings_digest`], by the digest of their story's file, and
/// `carry` takes them to this site's names when they were converted for
/// others. With
/// `forget_texts`, each story's Markdown is let go of as soon as it is HTML
/// (see [`Body::forget`]), so that memory never holds all of both.
pub fn convert_all(
    config: &Config,
    dossier: &mut Dossier,
    site: &Site,
    (known, carry): (&BodyCache, Option<&Carry>),
    forget_texts: bool,
) -> Bodies {
    let convert = |digest: &FileDigest, body: &Body, autolink: bool, sources: &[Source]| {
        let known = known.get(digest).and_then(|html| match carry {
            Some(carry) => carry.carry(body, html),
            None => Some(Arc::clone(html)),
        });
        known.unwrap_or_else(|| Arc::new(to_html_citing(body, site, autolink, sources)))
    };
    let convert_story = |story: &mut Arc<Story>| {
        let autolink = story.autolink.unwrap_or(config.autolink);
        let html = convert(&story.digest, &story.body, autolink, &story.sources);
        if forget_texts && let Some(story) = Arc::get_mut(story) {
            story.body.forget();
        }
        html
    };
    Bodies {
        stories: dossier.stories.par_iter_mut().map(convert_story).collect(),
        profiles: dossier
            .profiles
            .par_iter()
            .map(|p| convert(&p.digest, &p.body, false, &[]))
            .collect(),
        pages: dossier
            .pages
            .par_iter()
            .map(|p| convert(&p.digest, &p.body, false, &[]))
            .collect(),
        documents: dossier
            .documents
            .par_iter()
            .map(|d| convert(&d.digest, &d.body, false, &[]))
            .collect(),
        home: dossier.home.body.as_ref().map(|b| to_html(b, site, false)),
    }
}

/// The Markdown extensions dossier turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Converts one body; with `autolink`, finds and links entity mentions.
pub fn to_html(body: &Body, site: &Site, autolink: bool) -> Html {
    to_html_citing(body, site, autolink, &[])
}

/// [`to_html`] for a story with `sources`, whose citations become numbers.
pub fn to_html_citing(body: &Body, site: &Site, autolink: bool, sources: &[Source]) -> Html {
    let mut events: Vec<Event> =
        TextMergeStream::new(Parser::new_ext(body.markdown(), options())).collect();
    let needs_cleaning = raw_html::prepare(&mut events, site.raw_html);
    add_heading_ids(&mut events);
    prefix_root_links(&mut events, site);
    let first_paragraph = first_paragraph_text(&events);
    let text = plain_text(&events);
    let mut mentions = Vec::new();
    if let (true, Some(linker)) = (autolink, site.linker) {
        events = link_mentions(events, linker, &site.entity_links, &mut mentions);
    }
    let (events, citations) = citations::link_citations(events, sources);
    // Last, as markup of its own that the mention finder must not enter.
    let events = pictures(events, site, body);
    let mut html = String::with_capacity(body.markdown().len() * 3 / 2);
    html::push_html(&mut html, events.into_iter());
    if needs_cleaning {
        html = site.sanitizer.clean(&html);
    }
    Html {
        digest: crate::model::digest::digest64((&html, &first_paragraph)),
        html,
        first_paragraph,
        text,
        mentions,
        citations,
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
/// The text of every block, each ended by a space so that the last word
/// of one and the first of the next stay two words.
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text
}

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

/// Each local image the build processed, as a `<picture>` of its variants:
/// in a `<figure>`, its title the caption, when it is a paragraph of its
/// own; inline, its title a tooltip, in a sentence.
/// An image beside the body's file that is used as it is links to its copy.
fn pictures<'e>(mut events: Vec<Event<'e>>, site: &Site, body: &Body) -> Vec<Event<'e>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Image { .. })))
    {
        return events;
    }
    let mut out: Vec<Event<'e>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let processed = match &mut events[i] {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                // Root-relative links have the base path, or the shared
                // files' path, by now.
                let (base, files) = (site.base_url.path(), site.base_url.files_path());
                let inside = dest_url
                    .strip_prefix(base)
                    .or_else(|| dest_url.strip_prefix(files));
                let src = match inside {
                    Some(inside) if base != "/" => Some(format!("/{inside}")),
                    _ => local_source(body, dest_url),
                };
                let src = src.unwrap_or_default();
                if let Some(copy) = site.images.copied(&src) {
                    *dest_url = CowStr::from(site.base_url.file_link(copy));
                }
                site.images.get(&src).map(|p| (p, title.to_string()))
            }
            _ => None,
        };
        let Some((processed, title)) = processed else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let end = i + events[i..]
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::Image)))
            .unwrap_or(0);
        let alt = text_until(&events[i + 1..end], |_| false);
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)));
        let title = (!title.is_empty()).then_some(title.as_str());
        if alone {
            out.pop();
            let picture = picture_html(processed, site.base_url, &alt, None);
            let caption = title.map_or(String::new(), |t| {
                format!(
                    "<figcaption>{}</figcaption>",
                    crate::model::escape::escape(t)
                )
            });
            out.push(Event::Html(CowStr::from(format!(
                "<figure class=\"body-image\">{picture}{caption}</figure>\n"
            ))));
            i = end + 2;
        } else {
            let picture = picture_html(processed, site.base_url, &alt, title);
            out.push(Event::InlineHtml(CowStr::from(picture)));
            i = end + 1;
        }
    }
    out
}

/// `/stories/x/` in Markdown means the site's page, wherever the site is served from.
/// In another language's site, below its folder unless only the default
/// language has the page or file (see [`Site::root_paths`]).
fn prefix_root_links(events: &mut [Event], site: &Site) {
    let base_path = site.base_url.path();
    if base_path == "/" {
        return;
    }
    let at_root = |site_path: &str| {
        let path = site_path.split(['#', '?']).next().unwrap_or_default();
        site.root_paths.is_some_and(|paths| {
            paths.contains(path) || (!path.ends_with('/') && paths.contains(&format!("{path}/")))
        })
    };
    let prefix = |url: &mut CowStr| {
        if url.starts_with('/') && !url.starts_with("//") {
            let base = match at_root(&url[1..]) {
                true => site.base_url.files_path(),
                false => base_path,
            };
            *url = CowStr::from(format!("{}{}", base, &url[1..]));
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

/// Where in the Markdown a text event is, for the rules of where names may be linked.
#[derive(Default)]
struct Context {
    /// Inside code blocks, links, images and headings, names are left alone.
    excluded: usize,
    /// Inside inline HTML elements opened by the author.
    inline_html: usize,
    /// The plain text of the current block, for the sentence of each mention.
    block: String,
    /// Mentions found in the current block: index in `mentions`, offset in `block`.
    pending: Vec<(usize, usize)>,
}

impl Context {
    fn enter(&mut self, event: &Event) {
        match event {
            Event::Start(
                Tag::CodeBlock(_) | Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. },
            ) => self.excluded += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => {
                self.excluded = self.excluded.saturating_sub(1)
            }
            Event::InlineHtml(tag) if tag.starts_with("</") => {
                self.inline_html = self.inline_html.saturating_sub(1)
            }
            Event::InlineHtml(tag)
                if tag.starts_with('<') && !tag.ends_with("/>") && !is_void(tag) =>
            {
                self.inline_html += 1
            }
            _ => {}
        }
    }

    fn may_link(&self) -> bool {
        self.excluded == 0 && self.inline_html == 0
    }

    /// Starts or ends a block of text: a paragraph, list item or table cell.
    fn is_block_boundary(event: &Event) -> bool {
        matches!(
            event,
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::Heading { .. })
                | Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)
                )
        )
    }

    /// Gives the mentions of the finished block their sentences.
    fn finish_block(&mut self, mentions: &mut [Mention]) {
        if !self.pending.is_empty() {
            let ends: Vec<usize> = sentence_ends(&self.block).collect();
            for (index, offset) in self.pending.drain(..) {
                let sentence = sentence_around(&self.block, &ends, offset);
                mentions[index].sentence_digest = digest64(sentence);
                mentions[index].sentence = sentence.to_string();
            }
        }
        self.block.clear();
    }
}

/// `<br>`, `<img ...>` and the other elements that have no end tag.
fn is_void(tag: &str) -> bool {
    let name: String = tag[1..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    matches!(
        name.to_ascii_lowercase().as_str(),
        "br" | "img"
            | "hr"
            | "wbr"
            | "input"
            | "source"
            | "track"
            | "area"
            | "col"
            | "embed"
            | "meta"
            | "link"
    )
}

/// The sentence of `text` around byte `offset`: from just after the previous
/// sentence end to the next one, trimmed. A sentence ends at `.`, `!` or `?`
/// (and any closing quotes or brackets) followed by white space, which is
/// where Unicode's sentence rules (UAX #29) break news prose too. Scanning one
/// sentence is far cheaper than segmenting whole paragraphs with a full
/// UAX #29 segmenter, which would be a large part of a build's time.
/// `ends` are the text's [`sentence_ends`].
fn sentence_around<'t>(text: &'t str, ends: &[usize], offset: usize) -> &'t str {
    let start = ends
        .iter()
        .copied()
        .take_while(|&end| end <= offset)
        .last()
        .unwrap_or(0);
    let end = ends
        .iter()
        .copied()
        .find(|&end| end > offset)
        .unwrap_or(text.len());
    text[start..end].trim()
}

/// The byte offsets just after each sentence end of `text`. (The ends are
/// found by jumping from one `.`, `!` or `?` to the next: walking every
/// character would be a large part of converting Markdown.)
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = memchr::memchr3(b'.', b'!', b'?', &text.as_bytes()[from..]) {
            let after = from + found + 1;
            let closers: usize = text[after..]
                .chars()
                .take_while(|&c| {
                    matches!(
                        c,
                        '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '.' | '!' | '?'
                    )
                })
                .map(char::len_utf8)
                .sum();
            from = after + closers;
            match text[from..].chars().next() {
                Some(next) if next.is_whitespace() => return Some(from),
                None => return Some(text.len()),
                _ => {}
            }
        }
        None
    })
}

/// Links the first whole-word mention of each entity in the text events that
/// may hold links, and records every entity named with its sentence.
fn link_mentions<'a>(
    events: Vec<Event<'a>>,
    linker: &Linker,
    links: &[String],
    mentions: &mut Vec<Mention>,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut context = Context::default();
    let mut linked: HashSet<EntityId> = HashSet::new();
    for event in events {
        if Context::is_block_boundary(&event) {
            context.finish_block(mentions);
        }
        context.enter(&event);
        let Event::Text(text) = event else {
            if let Event::Code(code) = &event {
                context.block.push_str(code);
            } else if matches!(event, Event::SoftBreak | Event::HardBreak) {
                context.block.push(' ');
            }
            out.push(event);
            continue;
        };
        let block_offset = context.block.len();
        context.block.push_str(&text);
        if !context.may_link() {
            out.push(Event::Text(text));
            continue;
        }
        let mut copied = 0;
        for found in linker.find(&text) {
            let Some(entity) = found.entity else { continue };
            if !linked.insert(entity) {
                continue;
            }
            context
                .pending
                .push((mentions.len(), block_offset + found.start));
            mentions.push(Mention {
                entity,
                sentence: String::new(),
                sentence_digest: 0,
            });
            if found.start > copied {
                out.push(Event::Text(CowStr::from(
                    text[copied..found.start].to_string(),
                )));
            }
            out.push(Event::InlineHtml(CowStr::from(format!(
                r#"<a class="mention" href="{}">"#,
                links[entity]
            ))));
            out.push(Event::Text(CowStr::from(
                text[found.start..found.end].to_string(),
            )));
            out.push(Event::InlineHtml(CowStr::from("</a>")));
            copied = found.end;
        }
        match copied {
            0 => out.push(Event::Text(text)),
            n if n < text.len() => out.push(Event::Text(CowStr::from(text[n..].to_string()))),
            _ => {}
        }
    }
    context.finish_block(mentions);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(markdown: &str, base: &str) -> Html {
        convert_with(markdown, base, RawHtml::default())
    }

    fn convert_with(markdown: &str, base: &str, raw_html: RawHtml) -> Html {
        let base_url = BaseUrl::parse(base).unwrap();
        let config = Config::parse(
            std::path::Path::new("dossier.yaml"),
            &format!("title: T\nbase_url: {base}\n"),
        )
        .unwrap();
        let site = Site {
            base_url: &base_url,
            linker: None,
            entity_links: Vec::new(),
            raw_html,
            sanitizer: Sanitizer::new(&config),
            images: &Images::default(),
            root_paths: None,
        };
        to_html(&Body::new(markdown), &site, true)
    }

    #[test]
    fn raw_html_is_sanitized_allowed_or_escaped() {
        let markdown = "Text <sup>1</sup> <img src=x onerror=alert(1)> [x](javascript:alert(2))\n\n<script>alert(3)</script>\n";
        let sanitized = convert_with(markdown, "https://e.org/", RawHtml::Sanitize).html;
        assert!(sanitized.contains("<sup>1</sup>"), "{sanitized}");
        assert!(!sanitized.contains("onerror"), "{sanitized}");
        assert!(!sanitized.contains("javascript"), "{sanitized}");
        assert!(!sanitized.contains("alert(3)"), "{sanitized}");
        let allowed = convert_with(markdown, "https://e.org/", RawHtml::Allow).html;
        assert!(allowed.contains("onerror=alert(1)"), "{allowed}");
        assert!(allowed.contains("<script>alert(3)</script>"), "{allowed}");
        let escaped = convert_with(markdown, "https://e.org/", RawHtml::Escape).html;
        assert!(escaped.contains("&lt;sup&gt;1&lt;/sup&gt;"), "{escaped}");
        assert!(
            escaped.contains("<pre><code>&lt;script&gt;alert(3)&lt;/script&gt;"),
            "{escaped}"
        );
        assert!(
            !escaped.contains("javascript"),
            "a link's scheme still counts: {escaped}"
        );
        let plain = convert_with(
            "*Plain* [link](/a/) text.\n",
            "https://e.org/",
            RawHtml::Sanitize,
        );
        assert_eq!(
            plain.html,
            convert_with(
                "*Plain* [link](/a/) text.\n",
                "https://e.org/",
                RawHtml::Allow
            )
            .html,
            "untouched without raw HTML"
        );
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

    #[test]
    fn sentences_are_cut_at_their_bounds() {
        let text = "The talks failed. Patiño met Assange at night! “Nothing changed,” he said. Version 2.0 is out";
        let ends: Vec<usize> = sentence_ends(text).collect();
        let at = |needle: &str| sentence_around(text, &ends, text.find(needle).unwrap());
        assert_eq!(at("Assange"), "Patiño met Assange at night!");
        assert_eq!(at("The"), "The talks failed.");
        assert_eq!(at("he said"), "“Nothing changed,” he said.");
        assert_eq!(
            at("2.0"),
            "Version 2.0 is out",
            "a point inside a number ends nothing"
        );
    }

    #[test]
    fn sentence_ends_take_closing_quotes_and_brackets_along() {
        let text = "He asked “Why?” She left (at once.) Then: really?! Done.";
        let ends: Vec<&str> = sentence_ends(text).map(|end| &text[..end]).collect();
        assert_eq!(
            ends,
            [
                "He asked “Why?”",
                "He asked “Why?” She left (at once.)",
                "He asked “Why?” She left (at once.) Then: really?!",
                text,
            ]
        );
    }
}
