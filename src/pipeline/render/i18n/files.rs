//! Reading translation files: the built-in English, the theme's `i18n/`,
//! then the site's `i18n/`, each checked against the English keys.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use icu_locale_core::{LanguageIdentifier, Locale};

use super::Language;
use super::format::Formats;
use super::message::Message;
use crate::diagnostic::{Code, Diagnostic};
use crate::frontmatter::YamlDoc;
use crate::model::digest::{FileDigest, file_digest};
use crate::pipeline::load::SourceFile;

/// The default theme's English: the words the code itself writes are in
/// it, so every theme has them.
const BUILT_IN: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/i18n/en.yaml"
));
const BUILT_IN_PATH: &str = "themes/default/i18n/en.yaml";

/// The key of a file that names its CLDR locale, not a string.
const LOCALE_KEY: &str = "locale";

/// One translation file, read.
struct File {
    path: PathBuf,
    /// The language it translates into, in its canonical form: `pt-BR`.
    tag: LanguageIdentifier,
    locale: Option<Locale>,
    messages: HashMap<String, Message>,
}

/// Every translation file of the theme and the site, read and checked.
pub struct Translations {
    /// English, the layers merged: what every other language falls back to.
    english: HashMap<String, Message>,
    /// The theme's files then the site's, English ones included.
    files: Vec<File>,
    /// A digest of every file read: when it changes, any page may.
    digest: FileDigest,
}

impl Translations {
    /// Reads `files`, the theme's (under `themes/`) before the site's. Keys
    /// a theme's English file adds are its own strings; any other file may
    /// only translate keys English has.
    pub fn parse(files: &[SourceFile]) -> Result<Translations, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let built_in = SourceFile::new(BUILT_IN_PATH, BUILT_IN);
        let mut english: HashMap<String, Message> = HashMap::new();
        let english_file = |f: &&SourceFile| {
            is_theme_file(&f.path) && tag_of(&f.path).is_some_and(|t| t.to_string() == "en")
        };
        // The built-in English and a theme's English name the keys.
        for file in std::iter::once(&built_in).chain(files.iter().filter(english_file)) {
            if let Some(read) = read_file(file, None, &mut diagnostics) {
                english.extend(read.messages);
            }
        }
        let mut read = Vec::new();
        for file in files {
            if let Some(file) = read_file(file, Some(&english), &mut diagnostics) {
                read.push(file);
            }
        }
        let digests: Vec<[u8; 16]> = files.iter().map(|f| f.digest.to_le_bytes()).collect();
        if diagnostics.is_empty() {
            Ok(Translations {
                english,
                files: read,
                digest: file_digest(digests.iter().map(|d| &d[..])),
            })
        } else {
            Err(diagnostics)
        }
    }

    /// The interface in `tag`: its files from the least to the most
    /// specific tag (`es`, then `es-MX`), the site's over the theme's, over
    /// English.
    pub fn language(&self, tag: &str) -> Arc<Language> {
        let wanted: LanguageIdentifier = tag.parse().unwrap_or(LanguageIdentifier::UNKNOWN);
        let mut messages = self.english.clone();
        let mut translated: BTreeSet<&str> = BTreeSet::new();
        let mut locale = None;
        let mut file = None;
        for layer in self.layers(&wanted) {
            for (key, message) in &layer.messages {
                messages.insert(key.clone(), message.clone());
                translated.insert(key);
            }
            if let Some(l) = layer.locale.as_ref().filter(|_| layer.tag == wanted) {
                locale = Some(l.clone());
            }
            file = Some(layer.path.clone());
        }
        let locale = locale.unwrap_or_else(|| Locale::from(wanted.clone()));
        let english = wanted.language.as_str() == "en";
        let missing = if english {
            Vec::new()
        } else {
            let mut missing: Vec<String> = self
                .english
                .keys()
                .filter(|k| !translated.contains(k.as_str()))
                .cloned()
                .collect();
            missing.sort();
            missing
        };
        Arc::new(Language {
            tag: wanted.to_string(),
            formats: Formats::new(&locale),
            locale,
            messages,
            missing,
            file,
            digest: self.digest,
        })
    }

    /// The files that apply to `tag`, least specific first, each theme
    /// file before the site's file of the same tag.
    fn layers<'a>(&'a self, tag: &LanguageIdentifier) -> Vec<&'a File> {
        let mut layers: Vec<(usize, bool, &File)> = self
            .files
            .iter()
            .filter_map(|f| {
                let depth = covers(&f.tag, tag)?;
                Some((depth, !is_theme_file(&f.path), f))
            })
            .collect();
        layers.sort_by_key(|(depth, site, _)| (*depth, *site));
        layers.into_iter().map(|(_, _, f)| f).collect()
    }
}

/// How specific `file` is when it applies to `wanted` (`es` to `es-MX`: 1;
/// `es-MX`: 2), or `None` when it does not apply. English files are the
/// fallback already and apply only to English.
fn covers(file: &LanguageIdentifier, wanted: &LanguageIdentifier) -> Option<usize> {
    if file.language != wanted.language {
        return None;
    }
    let script = file.script.is_none() || file.script == wanted.script;
    let region = file.region.is_none() || file.region == wanted.region;
    let variants = file.variants.is_empty() || file.variants == wanted.variants;
    (script && region && variants).then(|| {
        1 + usize::from(file.script.is_some())
            + usize::from(file.region.is_some())
            + usize::from(!file.variants.is_empty())
    })
}

fn is_theme_file(path: &Path) -> bool {
    path.starts_with("themes")
}

/// The language a file is named after: `i18n/pt-BR.yaml` → `pt-BR`.
fn tag_of(path: &Path) -> Option<LanguageIdentifier> {
    path.file_stem()?.to_str()?.parse().ok()
}

/// Reads one file. `known`, when given, are the keys it may use.
fn read_file(
    file: &SourceFile,
    known: Option<&HashMap<String, Message>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<File> {
    let path = &file.path;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let Some(tag) = tag_of(path) else {
        diagnostics.push(
            Diagnostic::error(
                Code::InvalidLanguageTag,
                path,
                1,
                1,
                format!("`{stem}` is not a BCP 47 language tag"),
            )
            .with_hint("name a translation file after its language: es.yaml, pt-BR.yaml"),
        );
        return None;
    };
    let mut doc = match YamlDoc::parse(path, &file.text, 1) {
        Ok(doc) => doc,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let locale = doc
        .take::<String>(LOCALE_KEY, "a CLDR locale such as `en-GB`", diagnostics)
        .and_then(|text| match text.parse::<Locale>() {
            Ok(locale) => Some(locale),
            Err(_) => {
                let (line, column) = doc.value_position(LOCALE_KEY);
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidLanguageTag,
                        path,
                        line,
                        column,
                        format!("`{text}` is not a BCP 47 locale"),
                    )
                    .with_hint("write a locale such as `en-GB`, `es` or `pt-BR`"),
                );
                None
            }
        });
    let keys: Vec<String> = match known {
        Some(known) => known.keys().cloned().collect(),
        None => doc.keys(),
    };
    let mut messages = HashMap::new();
    for key in keys {
        let Some(value) = doc.take_raw(&key) else {
            continue;
        };
        let (line, column) = doc.value_position(&key);
        let message = match Message::parse(&value) {
            Ok(message) => message,
            Err(problem) => {
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidString,
                        path,
                        line,
                        column,
                        format!("`{key}`: {problem}"),
                    )
                    .with_hint("write a text, or `one:` and `other:` forms for a count"),
                );
                continue;
            }
        };
        if let Some(english) = known.and_then(|k| k.get(&key)) {
            let allowed = english.parts();
            let unknown: Vec<String> = message.parts().difference(&allowed).cloned().collect();
            if !unknown.is_empty() {
                let list = |parts: &mut dyn Iterator<Item = &String>| {
                    parts
                        .map(|p| format!("{{{p}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidString,
                        path,
                        line,
                        column,
                        format!(
                            "`{key}` uses {}, which English does not fill in",
                            list(&mut unknown.iter())
                        ),
                    )
                    .with_hint(if allowed.is_empty() {
                        "this string takes no `{…}` parts".to_string()
                    } else {
                        format!("this string may use {}", list(&mut allowed.iter()))
                    }),
                );
                continue;
            }
        }
        messages.insert(key, message);
    }
    if known.is_some() {
        doc.reject_unknown_keys(diagnostics);
    }
    Some(File {
        path: path.clone(),
        tag,
        locale,
        messages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::render::i18n::message::CODE_KEYS;

    fn file(path: &str, text: &str) -> SourceFile {
        SourceFile::new(path, text)
    }

    #[test]
    fn the_built_in_english_has_every_key_the_code_asks_for() {
        let translations = Translations::parse(&[]).unwrap();
        for key in CODE_KEYS {
            assert!(translations.english.contains_key(*key), "{key}");
        }
    }

    #[test]
    fn a_site_string_overrides_the_theme_and_english_fills_the_rest() {
        let files = [
            file("themes/t/i18n/es.yaml", "tags: Etiquetas\nsearch: Buscar\n"),
            file("i18n/es.yaml", "search: Búsqueda\n"),
        ];
        let translations = Translations::parse(&files).unwrap();
        let es = translations.language("es");
        assert_eq!(es.text("search", &[]), "Búsqueda");
        assert_eq!(es.text("tags", &[]), "Etiquetas");
        assert_eq!(es.text("timeline", &[]), "Timeline");
        assert!(es.missing.contains(&"timeline".to_string()));
        assert!(!es.missing.contains(&"tags".to_string()));
        // A regional variant starts from its language.
        let mx = translations.language("es-MX");
        assert_eq!(mx.text("tags", &[]), "Etiquetas");
        assert!(translations.language("en").missing.is_empty());
    }

    #[test]
    fn an_unknown_key_is_an_error_with_the_closest() {
        let files = [file("i18n/fr.yaml", "\nrelated_storys: Articles liés\n")];
        let errors = Translations::parse(&files).err().unwrap();
        let text = errors[0].to_string();
        assert!(text.contains("i18n/fr.yaml:2:1"), "{text}");
        assert!(text.contains("unknown key `related_storys`"), "{text}");
        assert!(text.contains("related_stories"), "{text}");
    }

    #[test]
    fn a_file_not_named_after_a_language_is_an_error() {
        let errors = Translations::parse(&[file("i18n/spanish_1.yaml", "tags: x\n")])
            .err()
            .unwrap();
        assert!(errors[0].to_string().contains("not a BCP 47 language tag"));
    }

    #[test]
    fn a_part_english_does_not_fill_is_an_error() {
        let files = [file(
            "i18n/de.yaml",
            "page_of: \"Seite {seite} von {pages}\"\n",
        )];
        let errors = Translations::parse(&files).err().unwrap();
        let text = errors[0].to_string();
        assert!(text.contains("i18n/de.yaml:1:10"), "{text}");
        assert!(text.contains("{seite}"), "{text}");
    }
}
