//! Standalone pages: `content/about.md`, `content/pages/methodology.md`.

use std::path::{Path, PathBuf};

use super::{Body, file_slug, front_matter};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::config::{Config, RESERVED_ROUTES};
use crate::model::digest::FileDigest;
use crate::pipeline::load::SourceFile;

/// A page of the site that is neither a story nor a profile: an About
/// page, a methodology, a contact page. It lives at `/<slug>/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The page's file, relative to the site root.
    pub path: PathBuf,
    /// The digest of the file it was read from.
    pub digest: FileDigest,
    /// The page's URL folder: its file name, made URL-safe.
    pub slug: String,
    /// Its heading and title.
    pub title: String,
    /// A line about it, for its meta description.
    pub description: Option<String>,
    /// Its place in the site menu, lowest first; not in the menu without one.
    pub menu: Option<i64>,
    /// `draft: true`: left out unless drafts are asked for.
    pub draft: bool,
    /// The Markdown after the front matter.
    pub body: Body,
}

/// Parses one page file.
pub fn parse_page(file: SourceFile) -> Result<Page, Vec<Diagnostic>> {
    let SourceFile { path, text, digest } = file;
    let path = path.as_path();
    let (mut doc, body_len, body_line) = front_matter(path, &text)?;
    let mut diagnostics = Vec::new();
    let d = &mut diagnostics;
    let title = doc.require::<String>("title", "the page's title, as text", d);
    let description = doc.take("description", "one line of text", d);
    let menu = doc.take(
        "menu",
        "a whole number: the page's place in the site menu, lowest first",
        d,
    );
    let draft = doc.take("draft", "true or false", d).unwrap_or(false);
    doc.reject_unknown_keys(d);
    let slug = file_slug(path, "about.md", d);
    match (title, slug) {
        (Some(title), Some(slug)) if diagnostics.is_empty() => Ok(Page {
            path: path.to_path_buf(),
            digest,
            slug,
            title,
            description,
            menu,
            draft,
            body: Body::of_file(path, text, body_len, body_line),
        }),
        _ => Err(diagnostics),
    }
}

/// A page whose slug is a folder of the site's own (a route, an entity
/// kind) or another page's: the error names what it collides with.
pub(super) fn check_slugs(config: &Config, pages: &[Page], d: &mut Vec<Diagnostic>) {
    for (i, page) in pages.iter().enumerate() {
        let taken = if RESERVED_ROUTES.contains(&page.slug.as_str()) {
            Some(format!("the site's own `/{}/`", page.slug))
        } else if config.kinds.iter().any(|k| k.key == page.slug) {
            Some(format!("the entity kind `{}`", page.slug))
        } else {
            pages[..i]
                .iter()
                .find(|other| other.slug == page.slug)
                .map(|other| format!("the page {}", display(&other.path)))
        };
        if let Some(taken) = taken {
            d.push(
                Diagnostic::error(
                    Code::DuplicateSlug,
                    &page.path,
                    1,
                    1,
                    format!("the page's address `/{}/` is taken by {taken}", page.slug),
                )
                .with_hint("rename the file: a page lives at /<file name>/"),
            );
        }
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
