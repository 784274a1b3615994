//! `dossier check`: everything a build does but the writing, and a review of
//! the content's consistency that a build does not need: names that look like
//! typos of one another, ambiguous aliases, profiles nobody uses, and links
//! to pages that do not exist.

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use crate::autolink::name_owners;
use crate::build::{self, BuildOptions, Prepared};
use crate::diagnostic::{Diagnostic, line_column};
use crate::error::Result;
use crate::index::{Dossier, EntityId};
use crate::plan::Page;

/// What `dossier check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub stories: usize,
    pub entities: usize,
    /// Errors and warnings, by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs the build without writing, then reviews the content. Content errors
/// that stop a build are returned as [`crate::Error::Content`], as by a build.
pub fn check(options: &BuildOptions) -> Result<CheckReport> {
    let mut site = build::prepare(options, None)?;
    build::render_all(&mut site)?;
    let mut diagnostics = site.warnings.clone();
    diagnostics.extend(ambiguous_names(&site.dossier));
    diagnostics.extend(unused_profiles(&site.dossier));
    diagnostics.extend(broken_links(&site));
    diagnostics.sort();
    diagnostics.dedup();
    Ok(CheckReport {
        stories: site.dossier.stories.len(),
        entities: site.dossier.entities.len(),
        diagnostics,
    })
}

/// A name that several entities use: it cannot be linked in text.
fn ambiguous_names(dossier: &Dossier) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (name, owners) in name_owners(dossier) {
        if owners.len() < 2 {
            continue;
        }
        let names: Vec<&str> = owners
            .iter()
            .map(|&e| dossier.entities[e].name.as_str())
            .collect();
        for &owner in &owners {
            let Some(profile) = dossier.entities[owner]
                .profile
                .map(|p| &dossier.profiles[p])
            else {
                continue;
            };
            if !profile.aliases.iter().any(|a| a.trim() == name) {
                continue;
            }
            let (line, column) = profile.aliases_at;
            found.push(
                Diagnostic::warning(&profile.path, line, column, format!("the alias `{name}` is ambiguous: {} all use it", names.join(", ")))
                    .with_hint("mentions of an ambiguous name are not linked; give each entity an alias of its own"),
            );
        }
    }
    found
}

/// Profiles of entities that no story is about or mentions.
fn unused_profiles(dossier: &Dossier) -> Vec<Diagnostic> {
    dossier
        .entities
        .iter()
        .filter(|e| e.stories.is_empty())
        .filter_map(|e| e.profile.map(|p| &dossier.profiles[p]))
        .map(|profile| {
            let (line, column) = profile.name_at;
            Diagnostic::warning(&profile.path, line, column, format!("no story refers to `{}`", profile.name))
                .with_hint("name it in a story's front matter, or check the spelling of the profile's name and aliases")
        })
        .collect()
}

/// Links in story Markdown that start with `/` (the site's own pages) and
/// lead to no page or file of the site.
fn broken_links(site: &Prepared) -> Vec<Diagnostic> {
    let files: HashSet<String> = site
        .pages
        .iter()
        .map(Page::output_file)
        .chain(site.static_files.iter().map(|f| f.output_path.clone()))
        .collect();
    let mut found = Vec::new();
    for story in &site.dossier.stories {
        let markdown = story.body.markdown();
        for (event, range) in
            Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter()
        {
            let (Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })) = event
            else {
                continue;
            };
            if !dest_url.starts_with('/')
                || dest_url.starts_with("//")
                || resolves(&dest_url, &files)
            {
                continue;
            }
            let (line, column) = line_column(markdown, range.start);
            found.push(link_diagnostic(
                &story.path,
                line + story.body.first_line - 1,
                column,
                &dest_url,
            ));
        }
    }
    found
}

fn link_diagnostic(path: &Path, line: usize, column: usize, url: &str) -> Diagnostic {
    Diagnostic::error(path, line, column, format!("the link `{url}` leads to no page of the site"))
        .with_hint("links starting with `/` are the site's own pages, e.g. /stories/<slug>/ or /people/<slug>/")
}

/// Whether a site link (`/people/x/`, `/people/x`, `/images/a.png#top`) names a file of the site.
fn resolves(url: &str, files: &HashSet<String>) -> bool {
    let path = url
        .split(['#', '?'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        return files.contains(&format!("{path}index.html"));
    }
    files.contains(path) || files.contains(&format!("{path}/index.html"))
}

#[allow(dead_code)]
fn entity_files(dossier: &Dossier, entity: EntityId) -> Vec<&Path> {
    let e = &dossier.entities[entity];
    let mut files: Vec<&Path> = e
        .profile
        .map(|p| dossier.profiles[p].path.as_path())
        .into_iter()
        .collect();
    files.extend(e.stories.iter().map(|&s| dossier.stories[s].path.as_path()));
    files
}
