//! Translations of content: `talks.es.md` beside `talks.md` is its Spanish
//! version, and so for profiles, documents, pages and `_index.es.md`. A
//! translation restates the words (title, summary, description, body);
//! everything else (date, tags, entities, sources, images) is the
//! original's, so that a page differs between languages only in its words.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use icu_locale_core::LanguageIdentifier;

use super::corrections::Correction;
use super::relations::{RestatedRole, restate_roles};
use super::{Body, Parsed, front_matter};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::model::config::{Config, Untranslated};
use crate::pipeline::load::SourceFile;

/// What a translation restates of its original.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The translation's file.
    pub path: PathBuf,
    /// The original's file: the path without `.<lang>`.
    pub original: PathBuf,
    /// A story's, page's or document's title, or the home page's.
    pub title: Option<String>,
    /// A story's summary.
    pub summary: Option<String>,
    /// A profile's, page's or the home page's description.
    pub description: Option<String>,
    /// More names a profile's entity goes by in this language, found in
    /// its text like the original's.
    pub aliases: Vec<String>,
    /// A story's lead image's alt text.
    pub image_alt: Option<String>,
    /// A story's lead image's caption.
    pub image_caption: Option<String>,
    /// A profile's relations whose roles it restates in its language.
    pub relations: Vec<RestatedRole>,
    /// A story's corrections in its language, each with the original's
    /// date, oldest first; and where the list is (line, column).
    pub corrections: (Vec<Correction>, (usize, usize)),
    /// The translated text.
    pub body: Body,
}

/// Every translation, by language, then the original's path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Translations {
    /// Language tag → the original's path → its translation.
    pub by_language: BTreeMap<String, BTreeMap<PathBuf, Translation>>,
}

/// The language a content file is a translation into, and its original's
/// path: `talks.es.md` → (`es`, `talks.md`). A suffix that reads as a
/// language code (two or three letters, a region after them) makes a
/// translation; `report.final.md` is a story of its own.
pub fn translation_of(path: &Path) -> Option<(LanguageIdentifier, PathBuf)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".md")?;
    let (original, suffix) = stem.rsplit_once('.')?;
    let tag: LanguageIdentifier = suffix.parse().ok()?;
    let language = tag.language.as_str();
    let code = language.len() <= 3 && language.chars().all(|c| c.is_ascii_lowercase());
    (code && !original.is_empty() && suffix.chars().next()?.is_ascii_lowercase())
        .then(|| (tag, path.with_file_name(format!("{original}.md"))))
}

/// Takes the translations out of `files`, reading each; a translation into
/// a language `dossier.yaml` does not list is an error.
pub fn take_translations(
    config: &Config,
    files: &mut Vec<SourceFile>,
    translations: &mut Translations,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (found, rest): (Vec<SourceFile>, Vec<SourceFile>) = std::mem::take(files)
        .into_iter()
        .partition(|f| translation_of(&f.path).is_some());
    *files = rest;
    for file in found {
        let (tag, original) = translation_of(&file.path).expect("partitioned above");
        let tag = tag.to_string();
        if !config.languages.iter().any(|l| l.tag == tag) {
            diagnostics.push(not_a_language(config, &file.path, &tag));
            continue;
        }
        match parse_translation(file, original) {
            Ok(t) => {
                let by_path = translations.by_language.entry(tag).or_default();
                by_path.insert(t.original.clone(), t);
            }
            Err(mut d) => diagnostics.append(&mut d),
        }
    }
}

fn not_a_language(config: &Config, path: &Path, tag: &str) -> Diagnostic {
    let known: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
    let hint = match closest(tag, known.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? A translation is named `<name>.<lang>.md`"),
        None if known.is_empty() => format!(
            "add `languages: {{ {tag}: {{ title: … }} }}` to dossier.yaml to publish in `{tag}`"
        ),
        None => format!(
            "the languages of dossier.yaml are {}; add `{tag}` to them to publish in it",
            known.join(", ")
        ),
    };
    Diagnostic::error(
        Code::UnknownLanguage,
        path,
        1,
        1,
        format!("a translation into `{tag}`, which is not in `languages:` of dossier.yaml"),
    )
    .with_hint(hint)
}

fn parse_translation(file: SourceFile, original: PathBuf) -> Result<Translation, Vec<Diagnostic>> {
    let SourceFile { path, text, .. } = file;
    let (mut doc, body_len, body_line) = front_matter(&path, &text)?;
    let mut d = Vec::new();
    let title = doc.take("title", "text", &mut d);
    let summary = doc.take("summary", "text", &mut d);
    let description = doc.take("description", "text", &mut d);
    let aliases = doc
        .take("aliases", "a list of names, such as [Assange]", &mut d)
        .unwrap_or_default();
    let image_alt = doc.take("image_alt", "text", &mut d);
    let image_caption = doc.take("image_caption", "text", &mut d);
    let relations = super::relations::take_restated_roles(&mut doc, &mut d);
    let corrections_at = doc.value_position("corrections");
    let corrections = (
        super::corrections::take_corrections(&mut doc, &mut d),
        corrections_at,
    );
    let before = d.len();
    doc.reject_unknown_keys(&mut d);
    for diagnostic in &mut d[before..] {
        *diagnostic = diagnostic.clone().with_hint(
            "a translation restates only title, summary, description, aliases, image_alt, image_caption, a profile's relations' roles, a story's corrections and the text; the rest is its original's",
        );
    }
    if !d.is_empty() {
        return Err(d);
    }
    Ok(Translation {
        body: Body::of_file(&path, Arc::clone(&text), body_len, body_line),
        path,
        original,
        title,
        summary,
        description,
        aliases,
        image_alt,
        image_caption,
        relations,
        corrections,
    })
}

/// The original's corrections in the words of `restated`, from the
/// translation at `path` (its list at `at`), which must have the same
/// dates: a translation restates them all, one for one.
fn restate_corrections(
    original: &[Correction],
    restated: Vec<Correction>,
    path: &Path,
    (line, column): (usize, usize),
) -> Result<Vec<Correction>, Diagnostic> {
    let dates = |list: &[Correction]| list.iter().map(|c| c.date).collect::<Vec<_>>();
    if dates(original) == dates(&restated) {
        return Ok(restated);
    }
    let dates: Vec<String> = original.iter().map(|c| c.date.ymd()).collect();
    let dates = match dates.is_empty() {
        true => "none".to_string(),
        false => dates.join(", "),
    };
    Err(Diagnostic::error(Code::TranslationMismatch, path,
        line,
        column,
        "the translation's corrections are not the original's",
    )
    .with_hint(format!(
        "restate each of the original's corrections once, with its date (the original's are of {dates})"
    )))
}

impl Parsed {
    /// The content in `language`: translated items in their translation's
    /// words; untranslated stories marked as in `original` (their pages are
    /// the original's) and kept, or set aside in `elsewhere` when
    /// `untranslated` hides them; untranslated pages left out. Profiles,
    /// documents and the home page without a translation stay in the
    /// original's words: the entity pages, and the documents stories cite,
    /// are in every language. A translation whose original does not exist
    /// is an error.
    pub fn in_language(
        &self,
        language: &str,
        original: &str,
        untranslated: Untranslated,
    ) -> Result<Parsed, Vec<Diagnostic>> {
        let empty = BTreeMap::new();
        let mut of = self
            .translations
            .by_language
            .get(language)
            .unwrap_or(&empty)
            .clone();
        let mut edition = Parsed {
            home: self.home.clone(),
            stories: Vec::new(),
            profiles: self.profiles.clone(),
            pages: Vec::new(),
            documents: self.documents.clone(),
            draft_documents: self.draft_documents.clone(),
            translations: Translations::default(),
            elsewhere: Vec::new(),
        };
        let mut problems = Vec::new();
        let profiles: std::collections::HashSet<&Path> =
            self.profiles.iter().map(|p| p.path.as_path()).collect();
        let stories: std::collections::HashSet<&Path> =
            self.stories.iter().map(|s| s.path.as_path()).collect();
        for t in of.values() {
            if let Some(first) = t.relations.first()
                && !profiles.contains(t.original.as_path())
            {
                problems.push(
                    Diagnostic::error(Code::TranslationMismatch, &t.path, first.at.0, first.at.1, "only a profile's translation restates relations")
                        .with_hint("relations are a profile's: restate their roles in the profile's translation"),
                );
            }
            let (corrections, (line, column)) = &t.corrections;
            if !corrections.is_empty() && !stories.contains(t.original.as_path()) {
                problems.push(
                    Diagnostic::error(
                        Code::TranslationMismatch,
                        &t.path,
                        *line,
                        *column,
                        "only a story's translation restates corrections",
                    )
                    .with_hint(
                        "corrections are a story's: restate them in the story's translation",
                    ),
                );
            }
        }
        for story in &self.stories {
            if let Some(t) = of.remove(&story.path) {
                let mut story = (**story).clone();
                story.title = t.title.unwrap_or(story.title);
                story.summary = t.summary.or(story.summary);
                if let Some(image) = &mut story.image {
                    image.alt = t.image_alt.or(image.alt.take());
                    image.caption = t.image_caption.or(image.caption.take());
                }
                story.body = t.body;
                let (corrections, at) = t.corrections;
                if !corrections.is_empty() {
                    match restate_corrections(&story.corrections, corrections, &t.path, at) {
                        Ok(restated) => story.corrections = restated,
                        Err(problem) => problems.push(problem),
                    }
                }
                edition.stories.push(Arc::new(story));
            } else {
                let mut story = (**story).clone();
                story.language = Some(original.to_string());
                match untranslated {
                    Untranslated::Show => edition.stories.push(Arc::new(story)),
                    Untranslated::Hide => edition.elsewhere.push(Arc::new(story)),
                }
            }
        }
        for page in &self.pages {
            if let Some(t) = of.remove(&page.path) {
                let mut page = page.clone();
                page.title = t.title.unwrap_or(page.title);
                page.description = t.description.or(page.description);
                page.body = t.body;
                edition.pages.push(page);
            }
        }
        for profile in &mut edition.profiles {
            if let Some(t) = of.remove(&profile.path) {
                profile.description = t.description.or(profile.description.take());
                // Names in this language resolve, and are found in its text,
                // like the original's.
                profile.alias_slugs.extend(super::slugs(&t.aliases));
                profile.aliases.extend(t.aliases);
                restate_roles(&mut profile.relations, t.relations, &t.path, &mut problems);
                profile.body = t.body;
            } else {
                profile.language = Some(original.to_string());
            }
        }
        for document in &mut edition.documents {
            if let Some(t) = of.remove(&document.path) {
                document.title = t.title.unwrap_or(std::mem::take(&mut document.title));
                document.body = t.body;
            } else {
                document.language = Some(original.to_string());
            }
        }
        let home_path = Path::new("content/_index.md");
        if let Some(t) = of.remove(home_path) {
            edition.home.title = t.title.or(edition.home.title);
            edition.home.description = t.description.or(edition.home.description);
            edition.home.body = Some(t.body);
        }
        problems.extend(of.into_values().map(|t| {
            Diagnostic::error(
                Code::OrphanTranslation,
                &t.path,
                1,
                1,
                format!(
                    "a translation of {}, which does not exist",
                    t.original.display()
                ),
            )
            .with_hint("name a translation after its original: talks.md → talks.es.md")
        }));
        if problems.is_empty() {
            Ok(edition)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_suffix_makes_a_translation() {
        let of = |p: &str| translation_of(Path::new(p)).map(|(t, o)| (t.to_string(), o));
        assert_eq!(
            of("content/stories/2012/talks.es.md"),
            Some(("es".into(), PathBuf::from("content/stories/2012/talks.md")))
        );
        assert_eq!(
            of("content/_index.pt-BR.md"),
            Some(("pt-BR".into(), PathBuf::from("content/_index.md")))
        );
        assert_eq!(of("content/stories/report.final.md"), None);
        assert_eq!(of("content/stories/talks.md"), None);
        assert_eq!(of("content/stories/v1.2.md"), None);
    }
}
