//! `dossier check`: everything a build does but the writing, and a review of
//! the content's consistency that a build does not need: names that look like
//! typos of one another, ambiguous aliases, profiles nobody uses, and links
//! to pages that do not exist, what sanitizing takes out of raw HTML, and
//! relations that overlap or contradict each other.

mod relations;
pub mod similar;

use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::build::{self, BuildOptions, Prepared};
use crate::diagnostic::{Code, Diagnostic, line_column};
use crate::error::Result;
use crate::model::config::RawHtml;
use crate::pipeline::index::{Dossier, EntityId};
use crate::pipeline::markdown::autolink::name_owners;
use crate::pipeline::markdown::raw_html::{Sanitizer, loses_its_url};
use crate::pipeline::parse::Body;
use crate::pipeline::plan::Page;
use similar::Likeness;

/// What `dossier check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Stories checked (drafts only with `--drafts`).
    pub stories: usize,
    /// Entities the stories and profiles name, with or without a profile.
    pub entities: usize,
    /// Errors and warnings, by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckReport {
    /// Whether anything found is an error, not just a warning: `dossier
    /// check` then exits with 1.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Runs the build without writing, then reviews the content. Content errors
/// that stop a build are returned as [`crate::Error::Content`], as by a build.
pub fn check(options: &BuildOptions) -> Result<CheckReport> {
    let site = build::prepare(options, None)?;
    build::render_pages(&site)?;
    let mut diagnostics = site.warnings.clone();
    diagnostics.extend(ambiguous_names(&site.dossier));
    diagnostics.extend(unused_profiles(&site.dossier));
    diagnostics.extend(near_duplicate_names(&site.dossier));
    diagnostics.extend(broken_links(&site));
    diagnostics.extend(sanitized_html(&site));
    diagnostics.extend(uncited_sources(&site));
    diagnostics.extend(uncited_documents(&site.dossier));
    diagnostics.extend(relations::overlapping_roles(&site.dossier));
    diagnostics.extend(relations::contradicting_inverses(&site.dossier));
    diagnostics.extend(site.templates.language.untranslated());
    diagnostics.extend(unknown_tag_names(&site));
    diagnostics.sort();
    diagnostics.dedup();
    Ok(CheckReport {
        stories: site.dossier.stories.len(),
        entities: site.dossier.entities.len(),
        diagnostics,
    })
}

/// Names a language gives tags that no story has: a typo, or a tag since
/// renamed.
fn unknown_tag_names(site: &Prepared) -> Vec<Diagnostic> {
    let slugs = || site.dossier.tags.iter().map(|t| t.slug.as_str());
    let mut found = Vec::new();
    for language in &site.config.languages {
        for tag in language.tags.keys() {
            let slug = crate::model::slug::slugify(tag);
            if slugs().any(|s| s == slug) {
                continue;
            }
            let hint = match crate::diagnostic::closest(&slug, slugs()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "name a tag that stories have, by its slug".into(),
            };
            let (line, column) = language.at;
            found.push(
                Diagnostic::warning(
                    Code::UnknownTag,
                    Path::new(crate::model::config::CONFIG_FILE),
                    line,
                    column,
                    format!(
                        "language `{}` names the tag `{tag}`, which no story has",
                        language.tag
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    found
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
                Diagnostic::warning(Code::AmbiguousAlias, &profile.path, line, column, format!("the alias `{name}` is ambiguous: {} all use it", names.join(", ")))
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
        .filter(|e| e.stories.is_empty() && e.documents.is_empty())
        .filter_map(|e| e.profile.map(|p| &dossier.profiles[p]))
        .map(|profile| {
            let (line, column) = profile.name_at;
            Diagnostic::warning(Code::UnusedProfile, &profile.path, line, column, format!("no story or document refers to `{}`", profile.name))
                .with_hint("name it in a story's or a document's front matter, or check the spelling of the profile's name and aliases")
        })
        .collect()
}

/// Links in Markdown that start with `/` (the site's own pages) and
/// lead to no page or file of the site: in every language, where a
/// translation's links lead to its language's pages, or to the original's
/// for what has no translation.
fn broken_links(site: &Prepared) -> Vec<Diagnostic> {
    let files: HashSet<String> = site
        .pages
        .iter()
        .map(Page::output_file)
        .chain(site.static_files.iter().map(|f| f.output_path.clone()))
        .collect();
    let mut found = links_to_nothing(markdown_bodies(site), &files);
    for edition in &site.editions {
        let at_root = edition.root_paths.iter().map(|p| match p.ends_with('/') {
            true => format!("{p}index.html"),
            false => p.clone(),
        });
        let files: HashSet<String> = edition
            .pages
            .iter()
            .map(Page::output_file)
            .chain(at_root)
            .collect();
        // Only translations: the rest is the default language's, checked above.
        let translated = markdown_bodies(edition).filter_map(|(original, body)| {
            let file = body.file.as_deref().filter(|f| *f != original)?;
            Some((file, body))
        });
        found.extend(links_to_nothing(translated, &files));
    }
    found
}

/// The links of `bodies` that start with `/` and name none of `files`.
fn links_to_nothing<'a>(
    bodies: impl Iterator<Item = (&'a Path, &'a Body)>,
    files: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (path, body) in bodies {
        let markdown = body.markdown();
        for (event, range) in
            Parser::new_ext(markdown, crate::pipeline::markdown::options()).into_offset_iter()
        {
            let (Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })) = event
            else {
                continue;
            };
            if !dest_url.starts_with('/')
                || dest_url.starts_with("//")
                || resolves(&dest_url, files)
            {
                continue;
            }
            let (line, column) = line_column(markdown, range.start);
            found.push(link_diagnostic(
                path,
                line + body.first_line - 1,
                column,
                &dest_url,
            ));
        }
    }
    found
}

/// Every Markdown text of the site with its file: stories', profiles',
/// standalone pages' and documents'.
fn markdown_bodies(site: &Prepared) -> impl Iterator<Item = (&Path, &Body)> {
    let dossier = &site.dossier;
    let stories = dossier.stories.iter().map(|s| (s.path.as_path(), &s.body));
    let profiles = dossier.profiles.iter().map(|p| (p.path.as_path(), &p.body));
    let pages = dossier.pages.iter().map(|p| (p.path.as_path(), &p.body));
    let documents = dossier
        .documents
        .iter()
        .map(|d| (d.path.as_path(), &d.body));
    stories.chain(profiles).chain(pages).chain(documents)
}

/// What `raw_html: sanitize` removes from the HTML written in stories,
/// profiles and pages, one warning per piece of raw HTML or link it changes.
fn sanitized_html(site: &Prepared) -> Vec<Diagnostic> {
    if site.config.raw_html != RawHtml::Sanitize {
        return Vec::new();
    }
    let sanitizer = Sanitizer::new(&site.config);
    let mut found = Vec::new();
    for (path, body) in markdown_bodies(site) {
        let markdown = body.markdown();
        let mut warn = |offset: usize, removed: Vec<String>| {
            if removed.is_empty() {
                return;
            }
            let (line, column) = line_column(markdown, offset);
            found.push(
                Diagnostic::warning(Code::SanitizedHtml, path,
                    line + body.first_line - 1,
                    column,
                    format!("sanitizing removes {}", removed.join(", ")),
                )
                .with_hint("write it without that, or set `raw_html: allow` in dossier.yaml if every author of the site is trusted"),
            );
        };
        let mut block: Option<(usize, String)> = None;
        for (event, range) in
            Parser::new_ext(markdown, crate::pipeline::markdown::options()).into_offset_iter()
        {
            match event {
                Event::Start(Tag::HtmlBlock) => block = Some((range.start, String::new())),
                Event::Html(html) => match &mut block {
                    Some((_, text)) => text.push_str(&html),
                    None => warn(range.start, sanitizer.removals(&html)),
                },
                Event::End(TagEnd::HtmlBlock) => {
                    if let Some((start, text)) = block.take() {
                        warn(start, sanitizer.removals(&text));
                    }
                }
                Event::InlineHtml(html) => warn(range.start, sanitizer.removals(&html)),
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                    if loses_its_url(&dest_url) =>
                {
                    let shown: String = dest_url.chars().take(40).collect();
                    warn(range.start, vec![format!("the link to `{shown}`")]);
                }
                _ => {}
            }
        }
    }
    found
}

/// A source with an `id` that no citation of its story uses: the id is
/// there to be cited.
fn uncited_sources(site: &Prepared) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (story, html) in site.dossier.stories.iter().zip(&site.bodies.stories) {
        for (index, source) in story.sources.iter().enumerate() {
            let Some(id) = &source.id else { continue };
            if html.citations.get(index).copied().unwrap_or(0) > 0 {
                continue;
            }
            let (line, column) = source.at;
            found.push(
                Diagnostic::warning(
                    Code::UncitedSource,
                    &story.path,
                    line,
                    column,
                    format!("no citation uses the source `{id}`"),
                )
                .with_hint(format!(
                    "cite it in the text as [words](source:{id}), or drop its `id`"
                )),
            );
        }
    }
    found
}

/// Documents that no story gives as a source.
fn uncited_documents(dossier: &Dossier) -> Vec<Diagnostic> {
    dossier
        .documents
        .iter()
        .zip(&dossier.document_citers)
        .filter(|(_, citers)| citers.is_empty())
        .map(|(document, _)| {
            Diagnostic::warning(
                Code::UncitedDocument,
                &document.path,
                1,
                1,
                format!("no story cites the document `{}`", document.slug),
            )
            .with_hint(format!(
                "list it in a story's sources as `- document: {}`, or remove it",
                document.slug
            ))
        })
        .collect()
}

fn link_diagnostic(path: &Path, line: usize, column: usize, url: &str) -> Diagnostic {
    Diagnostic::error(Code::BrokenLink, path, line, column, format!("the link `{url}` leads to no page of the site"))
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

/// Names of two different entities of one kind that look like one entity
/// written two ways: a typo (one or two edits apart) or the same words in
/// another order. Each pair of entities is reported once, at the file that
/// uses the rarer one, naming the files that use each.
fn near_duplicate_names(dossier: &Dossier) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for ids in &dossier.by_kind {
        // Every spelling of every entity of the kind: names, aliases, front matter spellings.
        let spellings: Vec<(&str, EntityId)> = ids
            .iter()
            .flat_map(|&e| {
                dossier.entities[e]
                    .names
                    .iter()
                    .map(move |n| (n.as_str(), e))
            })
            .collect();
        let texts: Vec<&str> = spellings.iter().map(|(text, _)| *text).collect();
        let mut reported: HashSet<(EntityId, EntityId)> = HashSet::new();
        for pair in similar::near_duplicates(&texts) {
            let (a, b) = (spellings[pair.a], spellings[pair.b]);
            if a.1 == b.1 || !reported.insert((a.1.min(b.1), a.1.max(b.1))) {
                continue;
            }
            // Report at the rarer entity: it is more likely the typo.
            let (rare, common) =
                if dossier.entities[a.1].stories.len() <= dossier.entities[b.1].stories.len() {
                    (a, b)
                } else {
                    (b, a)
                };
            found.push(near_duplicate(dossier, rare, common, pair.likeness));
        }
    }
    found
}

fn near_duplicate(
    dossier: &Dossier,
    rare: (&str, EntityId),
    common: (&str, EntityId),
    likeness: Likeness,
) -> Diagnostic {
    let how = match likeness {
        Likeness::Reordered => "the same words in another order".to_string(),
        Likeness::Edits(1) => "one letter apart".to_string(),
        Likeness::Edits(n) => format!("{n} letters apart"),
    };
    let common_entity = &dossier.entities[common.1];
    let alias_of =
        (common.0 != common_entity.name).then(|| format!(" (a name of `{}`)", common_entity.name));
    let message = format!(
        "`{}` looks like `{}`{}: {how}",
        rare.0,
        common.0,
        alias_of.unwrap_or_default()
    );
    let hint = format!(
        "`{}` is used in {}; `{}` in {}. If they are one entity, write one spelling, or add it to the profile's aliases",
        rare.0,
        files_using(dossier, rare.1),
        common.0,
        files_using(dossier, common.1)
    );
    let (path, line, column) = place_of(dossier, rare.1);
    Diagnostic::warning(Code::NearDuplicateName, path, line, column, message).with_hint(hint)
}

/// Where an entity is first written: its profile's name, else its kind's list
/// in its oldest story about it.
fn place_of(dossier: &Dossier, entity: EntityId) -> (&Path, usize, usize) {
    let e = &dossier.entities[entity];
    if let Some(profile) = e.profile.map(|p| &dossier.profiles[p]) {
        return (&profile.path, profile.name_at.0, profile.name_at.1);
    }
    let about = e
        .stories
        .iter()
        .rev()
        .find(|&&s| dossier.is_about(s, entity));
    match about.or(e.stories.last()) {
        Some(&story) => {
            let story = &dossier.stories[story];
            let (line, column) = story.names_at[e.kind];
            (&story.path, line, column)
        }
        None => (Path::new(crate::model::config::CONFIG_FILE), 1, 1),
    }
}

/// `content/a.md, content/b.md and 3 more`
fn files_using(dossier: &Dossier, entity: EntityId) -> String {
    const SHOWN: usize = 3;
    let e = &dossier.entities[entity];
    let mut files: Vec<String> = e
        .profile
        .map(|p| dossier.profiles[p].path.display().to_string())
        .into_iter()
        .collect();
    files.extend(
        e.stories
            .iter()
            .rev()
            .map(|&s| dossier.stories[s].path.display().to_string()),
    );
    let more = files.len().saturating_sub(SHOWN);
    files.truncate(SHOWN);
    match more {
        0 => files.join(", "),
        n => format!("{} and {n} more", files.join(", ")),
    }
}
