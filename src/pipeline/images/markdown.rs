//! Images written in Markdown bodies, `![alt](/images/court.png "title")`:
//! found before the bodies are converted, so that they are processed with
//! the others, and written as `<picture>` (in a `<figure>` with the title
//! as its caption when the image is a paragraph of its own).

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use super::Processed;
use crate::diagnostic::line_column;
use crate::model::escape::escape;
use crate::model::url::{BaseUrl, is_relative_reference, resolve_relative};
use crate::pipeline::parse::{Body, ImageSpec};

/// The local images a body shows, as `ImageSpec`s at their place in the
/// file; one without alt text has none (an error where it is checked).
pub(super) fn images_of(body: &Body) -> Vec<ImageSpec> {
    let markdown = body.markdown();
    if memchr::memmem::find(markdown.as_bytes(), b"![").is_none() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut open: Option<(ImageSpec, String)> = None;
    for (event, range) in
        Parser::new_ext(markdown, crate::pipeline::markdown::options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if local_source(body, &dest_url).is_some() => {
                let (line, column) = line_column(markdown, range.start);
                let spec = ImageSpec {
                    src: local_source(body, &dest_url).unwrap_or_default(),
                    alt: None,
                    caption: (!title.is_empty()).then(|| title.to_string()),
                    credit: None,
                    at: (line + body.first_line - 1, column),
                };
                open = Some((spec, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, alt)) = &mut open {
                    alt.push_str(&text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((mut spec, alt)) = open.take() {
                    let alt = alt.trim().to_string();
                    spec.alt = (!alt.is_empty()).then_some(alt);
                    found.push(spec);
                }
            }
            _ => {}
        }
    }
    found
}

/// What a Markdown image names, when it is one of the site's: a path from
/// the root (`/images/court.png`), or one beside the body's file
/// (`court.png`), as a path from the site's root (`content/…/court.png`,
/// or the reference itself when it leads out of `content/`, an error
/// where it is checked).
pub fn local_source(body: &Body, dest_url: &str) -> Option<String> {
    if dest_url.starts_with('/') {
        return (!dest_url.starts_with("//")).then(|| dest_url.to_string());
    }
    if !is_relative_reference(dest_url) {
        return None;
    }
    let file = body.file.as_deref()?;
    Some(resolve_relative(file, dest_url).unwrap_or_else(|| dest_url.to_string()))
}

/// Every local image of the Markdown bodies of stories, profiles, pages
/// and documents, with its file.
pub(super) fn references<'a>(
    bodies: impl Iterator<Item = (&'a Path, &'a Body)>,
) -> Vec<(&'a Path, ImageSpec)> {
    // Every rebuild looks through every body, so in parallel.
    let bodies: Vec<_> = bodies.collect();
    bodies
        .into_par_iter()
        .flat_map_iter(|(path, body)| images_of(body).into_iter().map(move |spec| (path, spec)))
        .collect()
}

/// The markup of a processed image: WebP and its own format at every
/// width, its size, loading late (a body's images are below the fold).
pub fn picture_html(
    processed: &Processed,
    base: &BaseUrl,
    alt: &str,
    title: Option<&str>,
) -> String {
    let largest = processed.variants.last().expect("at least one variant");
    let title = title.map_or(String::new(), |t| format!(" title=\"{}\"", escape(t)));
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\"{title} loading=\"lazy\" decoding=\"async\"></picture>",
        processed.srcset(base, "webp"),
        base.file_link(&processed.output_path(largest.width, processed.extension)),
        processed.srcset(base, processed.extension),
        largest.width,
        largest.height,
        escape(alt),
    )
}

/// What `sizes` says of an image in the theme's column: the full width of
/// a phone, at most the column's 44rem.
pub const SIZES: &str = "(max-width: 48rem) 100vw, 44rem";
