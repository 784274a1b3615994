//! Stage 2: turn source files into stories, profiles and the home page intro.
//!
//! Front matter is checked strictly (a typo such as `peple:` must never drop
//! entities silently); bodies are kept as Markdown for the markdown stage,
//! which needs the entity index to find mentions.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use translations::{Translations, take_translations};

mod corrections;
mod document;
mod items;
mod page;
mod relations;
mod sources;
pub mod translations;

use rayon::prelude::*;
use serde_yaml::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::frontmatter::{YamlDoc, split};
use crate::model::config::Config;
use crate::model::date::PubDate;
use crate::model::digest::{FileDigest, IndexInputs, digest64};
use crate::model::ids::KindId;
use crate::model::slug::{MAX_SLUG_LEN, slugify};
use crate::model::url::{is_web_address, resolve_relative};
use crate::pipeline::load::{ContentFiles, SourceFile};
pub use corrections::Correction;
pub use document::{Document, DocumentType, check_files, parse_document};
pub use page::{Page, parse_page};
pub use relations::Relation;
pub use sources::{Source, archived_on, cited_id};

const NAMES: &str = "a list of names, e.g. `[Julian Assange, William Hague]`";

/// The Markdown body of a file and the line it starts on, so that later
/// stages can report positions in the file. It keeps the file's whole text
/// rather than a copy of the body: a large dossier is read once into memory,
/// not twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Shared, so that watch mode's cache and the build hold one copy.
    file_text: Arc<str>,
    start: usize,
    /// The line of the file the body starts on (1-based), so that positions
    /// in the Markdown map back to the file.
    pub first_line: usize,
    /// The file the body is in, from the site's root: its relative images
    /// are beside it.
    pub file: Option<Arc<Path>>,
}

impl Body {
    /// A body that is a whole text, starting on line 1.
    pub fn new(markdown: impl Into<String>) -> Self {
        Body {
            file_text: markdown.into().into(),
            start: 0,
            first_line: 1,
            file: None,
        }
    }

    /// The body of `file_text`, the text of the file at `path`, which is
    /// its last `body_len` bytes.
    fn of_file(path: &Path, file_text: Arc<str>, body_len: usize, first_line: usize) -> Self {
        Body {
            start: file_text.len() - body_len,
            file_text,
            first_line,
            file: Some(Arc::from(path)),
        }
    }

    /// The body's Markdown.
    pub fn markdown(&self) -> &str {
        &self.file_text[self.start..]
    }

    /// Lets go of the file's text, leaving an empty body: a one-off build
    /// needs it no more once it is HTML, and a big dossier's text is a
    /// large part of the build's memory.
    pub fn forget(&mut self) {
        *self = Body::new("");
    }
}

/// Stories by the digest of the file they were read from.
pub type StoryCache = std::collections::HashMap<FileDigest, Arc<Story>>;

/// A story as its file gives it: front matter checked, names not yet
/// resolved to entities, body still Markdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// The story's file, relative to the site root.
    pub path: PathBuf,
    /// The digest of the file it was read from.
    pub digest: FileDigest,
    /// The story's URL folder (`stories/<slug>/`): its `slug` if given, else
    /// its file name, made URL-safe. No two stories share one.
    pub slug: String,
    /// The story's headline, as the front matter gives it.
    pub title: String,
    /// When the story was published: it orders the stories and dates the feeds.
    pub date: PubDate,
    /// When the story was last revised, if it says; feeds and sitemaps take
    /// it as the story's latest change.
    pub updated: Option<PubDate>,
    /// One line for lists and feeds; without it, pages use the first paragraph.
    pub summary: Option<String>,
    /// The publication the facts come from, shown with the story.
    pub source: Option<String>,
    /// The original article's address (checked to be `http://` or
    /// `https://`), linked from the source and given as JSON-LD `isBasedOn`.
    pub source_url: Option<String>,
    /// Who wrote the story, as listed; without any, the site is the author
    /// in its JSON-LD.
    pub authors: Vec<String>,
    /// The names listed under each kind, in `config.kinds` order, as written.
    pub names: Vec<Vec<String>>,
    /// The slug of each of `names`, worked out once per file rather than once
    /// per build (transliteration is the costly part of indexing).
    pub name_slugs: Vec<Vec<String>>,
    /// Where each kind's list is in the file (line, column), for later diagnostics.
    pub names_at: Vec<(usize, usize)>,
    /// The story's tags as written, trimmed, each spelling once.
    pub tags: Vec<String>,
    /// The slug of each of `tags`.
    pub tag_slugs: Vec<String>,
    /// `draft: true`: left out of the site unless drafts are asked for
    /// (`--drafts`).
    pub draft: bool,
    /// The story's own `autolink`, which overrides the site's when given.
    pub autolink: Option<bool>,
    /// The free-form `extra` value, handed to templates as is (`Null` when
    /// absent).
    pub extra: Value,
    /// The Markdown after the front matter.
    pub body: Body,
    /// The language it is written in when that is not its edition's: a
    /// story without a translation, listed in another language's pages
    /// and linking to its own.
    pub language: Option<String>,
    /// What indexing reads of the story (its path, slug, date and names;
    /// its tags), digested once per file, since every rebuild compares them.
    pub index_inputs: IndexInputs,
    /// Corrections made to the story, oldest first.
    pub corrections: Vec<Correction>,
    /// Its lead image, if it has one.
    pub image: Option<ImageSpec>,
    /// Where its facts come from, in the order written (`source` and
    /// `source_url` are shown besides, as the story's source).
    pub sources: Vec<Source>,
}

impl Story {
    /// The story's latest change: its date, its `updated` date or its latest
    /// correction, whichever is latest. Feeds, sitemaps and JSON-LD give it.
    pub fn modified(&self) -> PubDate {
        let corrected = self.corrections.last().map(|c| c.date);
        [Some(self.date), self.updated, corrected]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(self.date)
    }
}

/// An image a front matter names, with what readers are told of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageSpec {
    /// A path from the site's root to a file of `static/` (`/images/a.jpg`),
    /// or a web address, used as is.
    pub src: String,
    /// What it shows, for those who cannot see it.
    pub alt: Option<String>,
    /// A sentence under it.
    pub caption: Option<String>,
    /// Whom to credit for it.
    pub credit: Option<String>,
    /// Where `image` is in the file (line, column).
    pub at: (usize, usize),
}

/// An entity's profile, `content/<kind>/<slug>.md`: its full name,
/// aliases, description and biography.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The profile's file, relative to the site root.
    pub path: PathBuf,
    /// The digest of the file it was read from.
    pub digest: FileDigest,
    /// The kind whose folder holds the profile.
    pub kind: KindId,
    /// The entity's full name, which its pages show.
    pub name: String,
    /// The slug of `name`: the entity's.
    pub slug: String,
    /// Other ways stories write the entity, trimmed: in front matter and
    /// text, they name it too.
    pub aliases: Vec<String>,
    /// The slug of each of `aliases`.
    pub alias_slugs: Vec<String>,
    /// Where the `name` and `aliases` are in the file (line, column), for `dossier check`.
    pub name_at: (usize, usize),
    /// Where the `aliases` list is in the file (line, column), for
    /// `dossier check`'s warnings about ambiguous aliases.
    pub aliases_at: (usize, usize),
    /// One line about the entity: its page's description.
    pub description: Option<String>,
    /// The entity's Wikidata item id (`Q47573`), linked from its page and
    /// given as JSON-LD `sameAs`.
    pub wikidata: Option<String>,
    /// A picture of the entity: a path in `static/` or a URL; its alt
    /// text is the entity's name unless `image_alt` says otherwise.
    pub image: Option<ImageSpec>,
    /// The free-form `extra` value, handed to templates as is (`Null` when
    /// absent).
    pub extra: Value,
    /// The biography, in Markdown.
    pub body: Body,
    /// What the entity is to others, and when, in the order written.
    pub relations: Vec<Relation>,
    /// The language its words are in when that is not its edition's: it
    /// has no translation into it.
    pub language: Option<String>,
}

/// `content/_index.md`
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Home {
    /// The digest of `content/_index.md`, if there is one.
    pub digest: Option<FileDigest>,
    /// The home page's title, in place of the site's.
    pub title: Option<String>,
    /// The home page's description, in place of the site's.
    pub description: Option<String>,
    /// The home page's intro (`intro` in its template), in Markdown.
    pub body: Option<Body>,
}

/// Every content file of the site, parsed: what the index stage resolves.
#[derive(Debug)]
pub struct Parsed {
    /// The home page's settings; empty without `content/_index.md`.
    pub home: Home,
    /// Shared with watch mode's cache, so a rebuild copies none of them.
    pub stories: Vec<Arc<Story>>,
    /// Every profile, by kind, then path.
    pub profiles: Vec<Profile>,
    /// The standalone pages, by path (drafts only when asked for).
    pub pages: Vec<Page>,
    /// The documents, by path (drafts only when asked for).
    pub documents: Vec<Document>,
    /// The slugs and files of the draft documents left out, so that a story
    /// citing one is told why it is not there.
    pub draft_documents: Vec<(String, PathBuf)>,
    /// The translations of stories, profiles, documents, pages and the
    /// home page, by language.
    pub translations: Translations,
    /// In a language that hides untranslated stories, those stories: no
    /// list shows them, but the names they list are entities and a
    /// relation may cite them.
    pub elsewhere: Vec<Arc<Story>>,
}

/// Parses every content file; returns all the problems found if any file has one.
///
/// `known` holds stories parsed by earlier builds (with the same
/// configuration), by the digest of their file: those are not parsed again.
pub fn parse(
    config: &Config,
    content: ContentFiles,
    include_drafts: bool,
    known: &StoryCache,
) -> Result<Parsed, Vec<Diagnostic>> {
    let mut content = content;
    let mut translations = Translations::default();
    let mut diagnostics = Vec::new();
    for files in [
        &mut content.stories,
        &mut content.pages,
        &mut content.documents,
    ] {
        take_translations(config, files, &mut translations, &mut diagnostics);
    }
    let (profile_translations, profiles): (Vec<_>, Vec<_>) = std::mem::take(&mut content.profiles)
        .into_iter()
        .partition(|(_, f)| translations::translation_of(&f.path).is_some());
    content.profiles = profiles;
    let mut profile_files = profile_translations.into_iter().map(|(_, f)| f).collect();
    take_translations(
        config,
        &mut profile_files,
        &mut translations,
        &mut diagnostics,
    );
    let stories: Vec<_> = content
        .stories
        .into_par_iter()
        .map(|f| match known.get(&f.digest) {
            Some(story) => Ok(Arc::clone(story)),
            None => parse_story(config, f).map(Arc::new),
        })
        .collect();
    let profiles: Vec<_> = content
        .profiles
        .into_par_iter()
        .map(|(kind, f)| parse_profile(kind, f))
        .collect();
    let home = content.home.map(parse_home).unwrap_or(Ok(Home::default()));
    let pages: Vec<_> = content.pages.into_iter().map(parse_page).collect();
    let documents: Vec<_> = content
        .documents
        .into_par_iter()
        .map(|f| parse_document(config, f))
        .collect();
    let stories: Vec<Arc<Story>> = keep_ok(stories, &mut diagnostics);
    let profiles: Vec<Profile> = keep_ok(profiles, &mut diagnostics);
    let home = keep_ok(vec![home], &mut diagnostics).pop();
    let pages: Vec<Page> = keep_ok(pages, &mut diagnostics)
        .into_iter()
        .filter(|p| include_drafts || !p.draft)
        .collect();
    page::check_slugs(config, &pages, &mut diagnostics);
    let (documents, drafts): (Vec<Document>, Vec<Document>) = keep_ok(documents, &mut diagnostics)
        .into_iter()
        .partition(|p| include_drafts || !p.draft);
    let draft_documents = drafts.into_iter().map(|d| (d.slug, d.path)).collect();
    document::check_slugs(&documents, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(Parsed {
        home: home.unwrap_or_default(),
        stories: stories
            .into_iter()
            .filter(|s| include_drafts || !s.draft)
            .collect(),
        profiles,
        pages,
        documents,
        draft_documents,
        translations,
        elsewhere: Vec::new(),
    })
}

/// The successes, with every failure's diagnostics moved to `diagnostics`.
fn keep_ok<T>(
    results: Vec<Result<T, Vec<Diagnostic>>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<T> {
    results
        .into_iter()
        .filter_map(|r| r.map_err(|d| diagnostics.extend(d)).ok())
        .collect()
}

/// The front matter of a file, ready to be read key by key, and the length
/// and first line of its body.
fn front_matter<'a>(
    path: &'a Path,
    text: &'a str,
) -> Result<(YamlDoc<'a>, usize, usize), Vec<Diagnostic>> {
    let parts = split(path, text).map_err(|d| vec![d])?;
    let doc = YamlDoc::parse(path, parts.yaml, parts.yaml_line).map_err(|d| vec![d])?;
    Ok((doc, parts.body.len(), parts.body_line))
}

/// Parses one story file.
pub fn parse_story(config: &Config, file: SourceFile) -> Result<Story, Vec<Diagnostic>> {
    let SourceFile { path, text, digest } = file;
    let path = path.as_path();
    let (mut doc, body_len, body_line) = front_matter(path, &text)?;
    let mut diagnostics = Vec::new();
    let d = &mut diagnostics;

    let title = doc.require::<String>("title", "the story's headline, as text", d);
    let date = take_date(&mut doc, "date", true, d);
    let updated = take_date(&mut doc, "updated", false, d);
    let summary = doc.take("summary", "one line of text", d);
    let source = doc.take("source", "the name of the publication", d);
    let source_url = take_url(&mut doc, "source_url", d);
    let authors = doc.take("authors", NAMES, d).unwrap_or_default();
    let (names, names_at) = take_kind_lists(config, &mut doc, d);
    let tags = take_names(&mut doc, "tags", d);
    let slug = take_slug(&mut doc, path, d);
    let draft = doc.take("draft", "true or false", d).unwrap_or(false);
    let autolink = doc.take("autolink", "true or false", d);
    let extra = doc.take_raw("extra").unwrap_or(Value::Null);
    let corrections = corrections::take_corrections(&mut doc, d);
    let image = take_image(&mut doc, true, d);
    let sources = sources::take_sources(&mut doc, d);
    doc.reject_unknown_keys(d);

    match (title, date, slug) {
        (Some(title), Some(date), Some(slug)) if diagnostics.is_empty() => {
            let body = Body::of_file(path, text, body_len, body_line);
            sources::check_citations(path, &body, &sources, &mut diagnostics);
            if !diagnostics.is_empty() {
                return Err(diagnostics);
            }
            Ok(Story {
                language: None,
                index_inputs: IndexInputs {
                    entities: digest64((
                        (path.as_os_str(), &slug, date, &names, &names_at),
                        sources.iter().map(|s| &s.document).collect::<Vec<_>>(),
                    )),
                    tags: digest64(&tags),
                },
                path: path.to_path_buf(),
                digest,
                slug,
                title,
                date,
                updated,
                summary,
                source,
                source_url,
                authors,
                name_slugs: names.iter().map(|n| slugs(n)).collect(),
                names,
                names_at,
                tag_slugs: slugs(&tags),
                tags,
                draft,
                autolink,
                extra,
                body,
                corrections,
                sources,
                image,
            })
        }
        _ => Err(diagnostics),
    }
}

fn slugs(names: &[String]) -> Vec<String> {
    names.iter().map(|n| slugify(n)).collect()
}

/// Parses one entity profile.
pub fn parse_profile(kind: KindId, file: SourceFile) -> Result<Profile, Vec<Diagnostic>> {
    let SourceFile { path, text, digest } = file;
    let path = path.as_path();
    let (mut doc, body_len, body_line) = front_matter(path, &text)?;
    let mut diagnostics = Vec::new();
    let d = &mut diagnostics;
    let (line, column) = doc.value_position("name");
    let name = doc.require::<String>("name", "the entity's full name, as text", d);
    let aliases_at = doc.value_position("aliases");
    let aliases = take_names(&mut doc, "aliases", d);
    let description = doc.take("description", "one line of text", d);
    let wikidata = take_wikidata(&mut doc, d);
    let image = take_image(&mut doc, false, d);
    let extra = doc.take_raw("extra").unwrap_or(Value::Null);
    let relations = relations::take_relations(&mut doc, d);
    doc.reject_unknown_keys(d);
    if let Some(name) = &name {
        check_has_slug(&Position { path, line, column }, name, d);
    }
    match name {
        Some(name) if diagnostics.is_empty() => Ok(Profile {
            path: path.to_path_buf(),
            digest,
            kind,
            slug: slugify(&name),
            name,
            alias_slugs: slugs(&aliases),
            aliases,
            name_at: (line, column),
            aliases_at,
            description,
            wikidata,
            image,
            extra,
            body: Body::of_file(path, text, body_len, body_line),
            relations,
            language: None,
        }),
        _ => Err(diagnostics),
    }
}

fn parse_home(file: SourceFile) -> Result<Home, Vec<Diagnostic>> {
    let SourceFile { path, text, digest } = file;
    let path = path.as_path();
    let (mut doc, body_len, body_line) = front_matter(path, &text)?;
    let mut diagnostics = Vec::new();
    let title = doc.take("title", "text", &mut diagnostics);
    let description = doc.take("description", "text", &mut diagnostics);
    doc.reject_unknown_keys(&mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    Ok(Home {
        digest: Some(digest),
        title,
        description,
        body: Some(Body::of_file(path, text, body_len, body_line)),
    })
}

/// A place in a file, for checks made after a key was taken.
struct Position<'a> {
    path: &'a Path,
    line: usize,
    column: usize,
}

/// What makes `slug` (made from `source`) unusable as a URL folder, with a hint.
fn slug_problem(source: &str, slug: &str) -> Option<(String, &'static str)> {
    if slug.is_empty() {
        return Some((
            format!("`{source}` has no letter or digit to make a URL from"),
            "use a name with at least one letter or digit",
        ));
    }
    if slug.len() > MAX_SLUG_LEN {
        let start: String = source.chars().take(40).collect();
        return Some((
            format!(
                "`{start}…` is too long to make a URL from ({} characters; at most {MAX_SLUG_LEN})",
                slug.len()
            ),
            "shorten the name",
        ));
    }
    None
}

/// The slug of a file's name (pages and documents live at theirs), or an
/// error at its first line saying why it makes none, with `example` as a
/// name that would.
fn file_slug(path: &Path, example: &str, d: &mut Vec<Diagnostic>) -> Option<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = slugify(&stem);
    let Some((message, _)) = slug_problem(&stem, &slug) else {
        return Some(slug);
    };
    d.push(
        Diagnostic::error(Code::InvalidSlug, path, 1, 1, message).with_hint(format!(
            "rename the file to a few words of letters and digits, e.g. {example}"
        )),
    );
    None
}

/// Whether `name` makes a usable slug; if not, says why at `at`.
fn check_has_slug(at: &Position, name: &str, d: &mut Vec<Diagnostic>) -> bool {
    let Some((message, hint)) = slug_problem(name, &slugify(name)) else {
        return true;
    };
    d.push(
        Diagnostic::error(Code::InvalidSlug, at.path, at.line, at.column, message).with_hint(hint),
    );
    false
}

fn take_date(
    doc: &mut YamlDoc,
    key: &str,
    required: bool,
    d: &mut Vec<Diagnostic>,
) -> Option<PubDate> {
    let expected = "a date such as 2013-06-17, or a date-time such as 2013-06-17T10:30:00Z";
    let text: String = if required {
        doc.require(key, expected, d)?
    } else {
        doc.take(key, expected, d)?
    };
    parse_date(
        doc,
        key,
        &text,
        &format!("write {expected}"),
        PubDate::parse,
        d,
    )
}

/// `text`, the value of `key`, read as a date by `parse`; a failure is an
/// error at the value, with `hint`.
fn parse_date<T>(
    doc: &YamlDoc,
    key: &str,
    text: &str,
    hint: &str,
    parse: impl Fn(&str) -> Result<T, String>,
    d: &mut Vec<Diagnostic>,
) -> Option<T> {
    parse(text)
        .map_err(|why| {
            let (line, column) = doc.value_position(key);
            d.push(
                Diagnostic::error(
                    Code::InvalidDate,
                    doc.path(),
                    line,
                    column,
                    format!("`{key}` is not a valid date: `{}` ({why})", text.trim()),
                )
                .with_hint(hint),
            );
        })
        .ok()
}

fn take_url(doc: &mut YamlDoc, key: &str, d: &mut Vec<Diagnostic>) -> Option<String> {
    let url: String = doc.take(key, "an http:// or https:// address", d)?;
    if is_web_address(&url) {
        return Some(url);
    }
    let (line, column) = doc.value_position(key);
    d.push(
        Diagnostic::error(
            Code::InvalidUrl,
            doc.path(),
            line,
            column,
            format!("`{key}` is not a web address: `{url}`"),
        )
        .with_hint("write the full address, starting with https://"),
    );
    None
}

fn take_wikidata(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Option<String> {
    let id: String = doc.take("wikidata", "a Wikidata item id such as Q47573", d)?;
    let valid = id.len() > 1 && id.starts_with('Q') && id[1..].bytes().all(|b| b.is_ascii_digit());
    if valid {
        return Some(id);
    }
    let (line, column) = doc.value_position("wikidata");
    d.push(
        Diagnostic::error(
            Code::InvalidValue,
            doc.path(),
            line,
            column,
            format!("`{id}` is not a Wikidata item id"),
        )
        .with_hint("write the id only, such as Q47573, not the whole address"),
    );
    None
}

/// `image` with `image_alt`, `image_caption` and `image_credit`; with
/// `needs_alt`, a local image without `image_alt` is an error (a profile's
/// image is described by its entity's name).
fn take_image(doc: &mut YamlDoc, needs_alt: bool, d: &mut Vec<Diagnostic>) -> Option<ImageSpec> {
    let at = doc.value_position("image");
    let src: Option<String> = doc.take(
        "image",
        "the path of an image in static/, e.g. /images/embassy.jpg, or its URL",
        d,
    );
    let alt: Option<String> = doc.take("image_alt", "a sentence saying what the image shows", d);
    let caption = doc.take("image_caption", "one line of text", d);
    let credit = doc.take("image_credit", "text: whom to credit for the image", d);
    let mut src = src?.trim().to_string();
    let local = !is_web_address(&src);
    if local && !src.starts_with('/') {
        // Beside the file that names it, as in its Markdown.
        let Some(resolved) = resolve_relative(doc.path(), &src) else {
            d.push(
                Diagnostic::error(Code::ImageOutside, doc.path(),
                    at.0,
                    at.1,
                    format!("`image: {src}` leads out of content/"),
                )
                .with_hint(format!(
                    "a relative path is read from the file's folder; for static/{src}, write `image: /{src}`",
                    src = src.trim_start_matches("../").trim_start_matches("static/")
                )),
            );
            return None;
        };
        src = resolved;
    }
    let alt = alt.map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
    if local && needs_alt && alt.is_none() {
        d.push(
            Diagnostic::error(
                Code::MissingAlt,
                doc.path(),
                at.0,
                at.1,
                format!("`image: {src}` has no `image_alt`"),
            )
            .with_hint("say what the image shows in `image_alt:`, for readers who cannot see it"),
        );
        return None;
    }
    Some(ImageSpec {
        src,
        alt,
        caption,
        credit,
        at,
    })
}

/// The list of names under each kind of `config`, in its order, and where
/// each list is (line, column): a story's or a document's entities.
fn take_kind_lists(
    config: &Config,
    doc: &mut YamlDoc,
    d: &mut Vec<Diagnostic>,
) -> (Vec<Vec<String>>, Vec<(usize, usize)>) {
    let at = config
        .kinds
        .iter()
        .map(|k| doc.value_position(&k.key))
        .collect();
    let names = config
        .kinds
        .iter()
        .map(|k| take_names(doc, &k.key, d))
        .collect();
    (names, at)
}

/// A list of names; each must be able to make a slug.
fn take_names(doc: &mut YamlDoc, key: &str, d: &mut Vec<Diagnostic>) -> Vec<String> {
    let (line, column) = doc.value_position(key);
    let names: Vec<String> = doc.take(key, NAMES, d).unwrap_or_default();
    let at = Position {
        path: doc.path(),
        line,
        column,
    };
    let mut kept = Vec::with_capacity(names.len());
    for name in names {
        let name = name.trim().to_string();
        if check_has_slug(&at, &name, d) && !kept.contains(&name) {
            kept.push(name);
        }
    }
    kept
}

/// The story's slug: `slug:` if given, else the file name, made URL-safe.
fn take_slug(doc: &mut YamlDoc, path: &Path, d: &mut Vec<Diagnostic>) -> Option<String> {
    let (line, column) = doc.value_position("slug");
    let written: Option<String> = doc.take("slug", "text made of letters, digits and dashes", d);
    let from_file = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = written.as_deref().unwrap_or(&from_file);
    let slug = slugify(source);
    let problem = match slug_problem(source, &slug) {
        None => return Some(slug),
        Some(_) if slug.is_empty() => format!("`{source}` gives an empty slug"),
        Some((message, _)) => message,
    };
    d.push(
        Diagnostic::error(Code::InvalidSlug, path, line, column, problem)
            .with_hint("set `slug:` to a few words of letters and digits"),
    );
    None
}

/// The smallest configuration, for the parsers' tests.
#[cfg(test)]
fn test_config() -> Config {
    Config::parse(
        Path::new("dossier.yaml"),
        "title: T\nbase_url: https://e.org/",
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        test_config()
    }

    fn story(text: &str) -> Result<Story, Vec<Diagnostic>> {
        let file = SourceFile::new("content/stories/2013/talks.md", text);
        parse_story(&config(), file)
    }

    #[test]
    fn reads_a_complete_story() {
        let s = story("---\ntitle: Talks\ndate: 2013-06-17\npeople: [Julian Assange, Ricardo Patiño]\ntags: [asylum]\n---\nBody\n").unwrap();
        assert_eq!(s.slug, "talks");
        assert_eq!(s.names[0], vec!["Julian Assange", "Ricardo Patiño"]);
        assert_eq!(s.body.markdown(), "Body\n");
        assert_eq!(s.body.first_line, 7);
    }

    #[test]
    fn collects_every_problem_of_a_story() {
        let errors =
            story("---\ndate: 2013-02-30\npeple: [A]\nsource_url: www.x.org\n---\n").unwrap_err();
        let messages: Vec<_> = errors
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert!(
            messages
                .iter()
                .any(|(_, m)| m.contains("`title` is missing")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|(l, m)| *l == 2 && m.contains("not a valid date")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|(l, m)| *l == 3 && m.contains("unknown key `peple`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|(l, m)| *l == 4 && m.contains("not a web address")),
            "{messages:?}"
        );
    }

    #[test]
    fn slug_override_is_sanitized() {
        let s = story("---\ntitle: T\ndate: 2013-01-01\nslug: ../../etc\n---\n").unwrap();
        assert_eq!(s.slug, "etc");
        let errors = story("---\ntitle: T\ndate: 2013-01-01\nslug: '///'\n---\n").unwrap_err();
        assert!(errors[0].message.contains("empty slug"));
    }

    #[test]
    fn empty_required_keys_are_errors() {
        // They once made the story vanish from the site without a word.
        let errors = story("---\ntitle:\ndate:\n---\nBody\n").unwrap_err();
        assert!(
            errors
                .iter()
                .any(|d| d.line == 2 && d.message.contains("`title` is empty"))
        );
        assert!(
            errors
                .iter()
                .any(|d| d.line == 3 && d.message.contains("`date` is empty"))
        );
        let file = SourceFile::new("content/people/x.md", "---\nname: ~\n---\n");
        let errors = parse_profile(KindId::new(0), file).unwrap_err();
        assert!(
            errors[0].message.contains("`name` is empty"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn names_too_long_for_a_folder_are_errors() {
        let long = "Julian Assange ".repeat(20);
        let errors = story(&format!(
            "---\ntitle: T\ndate: 2013-01-01\npeople: [{long}]\n---\n"
        ))
        .unwrap_err();
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].message.contains("too long"), "{}", errors[0]);
        let slug = "a".repeat(MAX_SLUG_LEN + 1);
        let errors = story(&format!(
            "---\ntitle: T\ndate: 2013-01-01\nslug: {slug}\n---\n"
        ))
        .unwrap_err();
        assert!(errors[0].message.contains("too long"), "{}", errors[0]);
    }

    #[test]
    fn profile_without_name_is_an_error() {
        let file = SourceFile::new("content/people/x.md", "---\naliases: [X]\n---\n");
        let errors = parse_profile(KindId::new(0), file).unwrap_err();
        assert!(errors[0].message.contains("`name` is missing"));
    }
}
