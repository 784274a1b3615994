//! Problems found in the content, each tied to a place in a file.
//!
//! Stages never stop at the first problem: they collect diagnostics so that an
//! author sees every mistake of a build in one run.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// How bad a problem is. Errors sort before warnings at the same place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The site cannot be built as it is: the build fails.
    Error,
    /// Worth fixing, but the site builds.
    Warning,
}

/// Declares [`Code`] with each kind's name and what it means, so that the
/// list, the names and the documentation cannot drift apart.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// The kind of a problem, named by a stable code (`unknown-key`) that
        /// `dossier check --format json` and `--format github` report, so
        /// that a tool can tell problems apart without reading messages.
        /// Messages may be reworded; codes are not renamed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the order they are documented.
            pub const ALL: &[Code] = &[$(Code::$variant),+];

            /// The code as it is reported: `unknown-key`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// What the code means, in one sentence.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc),+).trim_ascii(),)+
                }
            }
        }
    };
}

codes! {
    /// There is no dossier.yaml in the site's folder.
    NoConfig = "no-config",
    /// A FIFO, a device or a socket where a file should be.
    NotARegularFile = "not-a-regular-file",
    /// A symbolic link in the site's folders, which is not followed.
    SymlinkLeftOut = "symlink-left-out",
    /// A file with nothing in it but white space.
    EmptyFile = "empty-file",
    /// A file that is not UTF-8.
    NotUtf8 = "not-utf8",
    /// A control character that web pages and feeds cannot carry.
    UnusableCharacter = "unusable-character",
    /// A file in the site's folders that dossier does not read.
    FileNotRead = "file-not-read",
    /// A Markdown file without front matter.
    NoFrontMatter = "no-front-matter",
    /// Front matter whose closing `---` is missing.
    UnclosedFrontMatter = "unclosed-front-matter",
    /// YAML that does not parse.
    InvalidYaml = "invalid-yaml",
    /// YAML that is not `key: value` lines where those are expected.
    NotAMapping = "not-a-mapping",
    /// A key or setting dossier does not know.
    UnknownKey = "unknown-key",
    /// A required key is missing.
    MissingKey = "missing-key",
    /// A key whose value is empty.
    EmptyValue = "empty-value",
    /// A value of the wrong type: a text where a list belongs, and so on.
    WrongType = "wrong-type",
    /// A value that is not one of those the key takes, or not of its form.
    InvalidValue = "invalid-value",
    /// A date that is not a date, or not of the form the key takes.
    InvalidDate = "invalid-date",
    /// A web address that is not one.
    InvalidUrl = "invalid-url",
    /// A language tag that is not BCP 47.
    InvalidLanguageTag = "invalid-language-tag",
    /// A file name or slug that makes no address.
    InvalidSlug = "invalid-slug",
    /// Two files that would be published at the same address.
    DuplicateSlug = "duplicate-slug",
    /// A second profile for the same entity.
    DuplicateProfile = "duplicate-profile",
    /// Two items of a list with the same id.
    DuplicateId = "duplicate-id",
    /// A name listed in the front matter that is an alias of several entities.
    AmbiguousName = "ambiguous-name",
    /// A name that is no entity of the dossier, where one must be.
    UnknownEntity = "unknown-entity",
    /// A citation or reference to a source or document that does not exist.
    UnknownSource = "unknown-source",
    /// A source, relation or correction that is not complete or not consistent.
    InvalidEntry = "invalid-entry",
    /// A file named by the front matter that is not in static/.
    MissingFile = "missing-file",
    /// A local image that does not exist.
    MissingImage = "missing-image",
    /// An image without alt text.
    MissingAlt = "missing-alt",
    /// An image path that leads out of the site's folders.
    ImageOutside = "image-outside",
    /// A file that is not an image dossier can decode.
    UndecodableImage = "undecodable-image",
    /// An image too large to process within the memory limit.
    ImageTooLarge = "image-too-large",
    /// The image cache could not be written.
    CacheNotWritable = "cache-not-writable",
    /// A font in fonts/ that social cards cannot be drawn with.
    UnusableFont = "unusable-font",
    /// The social card template could not be drawn.
    CardTemplate = "card-template",
    /// The theme named in dossier.yaml does not exist.
    UnknownTheme = "unknown-theme",
    /// A template that does not parse or fails to render.
    TemplateError = "template-error",
    /// The theme has no template for a kind of page, which is not built.
    MissingTemplate = "missing-template",
    /// A static file at the address of a page, which wins.
    StaticShadowed = "static-shadowed",
    /// A `base_url` with a path: crawlers read `robots.txt` only at the host's root.
    RobotsBelowRoot = "robots-below-root",
    /// A string of a translation file that is not of the form its key takes.
    InvalidString = "invalid-string",
    /// Strings a language lacks, which are shown in English.
    Untranslated = "untranslated",
    /// A translation into a language that `languages:` does not list.
    UnknownLanguage = "unknown-language",
    /// A translation whose original does not exist.
    OrphanTranslation = "orphan-translation",
    /// A translation that does not restate what its original has.
    TranslationMismatch = "translation-mismatch",
    /// A link to a page of the site that does not exist.
    BrokenLink = "broken-link",
    /// Raw HTML that sanitizing changes.
    SanitizedHtml = "sanitized-html",
    /// A source with an id that no citation uses.
    UncitedSource = "uncited-source",
    /// A document no story cites.
    UncitedDocument = "uncited-document",
    /// A profile no story or document refers to.
    UnusedProfile = "unused-profile",
    /// An alias two entities share, which cannot be linked.
    AmbiguousAlias = "ambiguous-alias",
    /// Names that look like typos or reorderings of one another.
    NearDuplicateName = "near-duplicate-name",
    /// Relations that overlap or contradict each other.
    ConflictingRelations = "conflicting-relations",
    /// A tag a language names that no story has.
    UnknownTag = "unknown-tag",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `path:line:col: error: message`, with an optional hint on what to do.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file the problem is in, relative to the site root.
    pub path: PathBuf,
    /// 1-based.
    pub line: usize,
    /// 1-based, counted in characters.
    pub column: usize,
    /// Whether the problem fails the build.
    pub severity: Severity,
    /// The kind of problem.
    pub code: Code,
    /// What is wrong, in one line.
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at 1-based `line` and `column` of `path` (0 is taken as 1).
    pub fn error(
        code: Code,
        path: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line: line.max(1),
            column: column.max(1),
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at 1-based `line` and `column` of `path` (0 is taken as 1).
    pub fn warning(
        code: Code,
        path: &Path,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, line, column, message)
        }
    }

    /// The same diagnostic with a hint on what to do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether the diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.severity,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// The diagnostic as a compiler prints it: the `path:line:col: error:`
    /// line, then the offending line of `source` (the file's text, when it
    /// could be read) with a marker under the problem, then the hint.
    /// `styled` adds terminal colours.
    pub fn render(&self, source: Option<&str>, styled: bool) -> String {
        let path = self.path.display().to_string();
        let header = format!("{path}:{}:{}: {}", self.line, self.column, self.severity);
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        }
        .with_name(header);
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let title = level.primary_title(&self.message);
        let line = source.and_then(|text| text.lines().nth(self.line - 1));
        let Some(line) = line.map(|line| line.trim_end_matches('\r')) else {
            // Nothing to point at: the header, and the hint under it.
            let mut text = renderer.render(&[Group::with_title(title)]);
            if let Some(hint) = &self.hint {
                text.push_str(&format!("\n  = hint: {hint}"));
            }
            return text;
        };
        let snippet = Snippet::source(line)
            .line_start(self.line)
            .annotation(AnnotationKind::Primary.span(marked_span(line, self.column)));
        let mut group = title.element(snippet);
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.with_name("hint").message(hint));
        }
        renderer.render(&[group])
    }
}

/// The bytes of `line` to underline for a problem at 1-based character
/// `column`: the word, number or quoted text that starts there, so that an
/// unknown key or a bad date is underlined whole.
fn marked_span(line: &str, column: usize) -> Range<usize> {
    let start = line
        .char_indices()
        .nth(column - 1)
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].find(quote).map_or(rest.len(), |end| end + 2),
        Some(first) => match rest.find(|c: char| c.is_whitespace() || ":,]}".contains(c)) {
            Some(0) => first.len_utf8(),
            Some(end) => end,
            None => rest.len(),
        },
        None => 0,
    };
    start..start + len
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// The closest of `candidates` to a misspelt `word`, if one is close enough to
/// be worth suggesting (`peple` → `people`).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min()
        .map(|(_, candidate)| candidate)
}

/// The text of the file a diagnostic is about, to quote it, when it is a
/// regular file that can be read: never a symlink (the build does not follow
/// them either) nor a FIFO or device, which could hang the reader.
pub fn source_of(root: &Path, diagnostic: &Diagnostic) -> Option<String> {
    crate::no_follow::read_regular_text(&root.join(&diagnostic.path)).ok()
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_key() {
        let keys = ["people", "places", "title", "tags"];
        assert_eq!(closest("peple", keys), Some("people"));
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("zzzzzzzz", keys), None);
    }

    #[test]
    fn displays_like_a_compiler() {
        let d = Diagnostic::error(Code::UnknownKey, Path::new("content/a.md"), 3, 7, "bad")
            .with_hint("fix it");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: bad\n  = hint: fix it"
        );
    }

    #[test]
    fn renders_the_line_with_a_marker_under_the_problem() {
        let source = "---\ntitle: A\npeple: [Julian Assange]\n---\n";
        let d = Diagnostic::error(
            Code::UnknownKey,
            Path::new("content/a.md"),
            3,
            1,
            "unknown key `peple`",
        )
        .with_hint("did you mean `people`?");
        assert_eq!(
            d.render(Some(source), false),
            "content/a.md:3:1: error: unknown key `peple`\n  |\n3 | peple: [Julian Assange]\n  | ^^^^^\n  |\n  = hint: did you mean `people`?"
        );
    }

    #[test]
    fn underlines_quoted_values_and_counts_columns_in_characters() {
        let source = "---\r\nplaces: [Londres, \"Équateur 2\"]\r\n";
        let d = Diagnostic::warning(Code::UnknownKey, Path::new("a.md"), 2, 19, "unknown place");
        let text = d.render(Some(source), false);
        assert!(
            text.ends_with(
                "2 | places: [Londres, \"Équateur 2\"]\n  |                   ^^^^^^^^^^^^"
            ),
            "{text}"
        );
        assert!(
            text.starts_with("a.md:2:19: warning: unknown place"),
            "{text}"
        );
    }

    #[test]
    fn renders_without_source_when_the_file_cannot_be_read() {
        let d = Diagnostic::error(Code::UnknownKey, Path::new("a.md"), 9, 1, "not UTF-8")
            .with_hint("re-save it");
        assert_eq!(
            d.render(None, false),
            "a.md:9:1: error: not UTF-8\n  = hint: re-save it"
        );
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\nçd", 5), (2, 2));
        assert_eq!(line_column("abc", 0), (1, 1));
    }
}
