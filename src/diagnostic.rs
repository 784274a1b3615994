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
    /// What is wrong, in one line.
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at 1-based `line` and `column` of `path` (0 is taken as 1).
    pub fn error(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line: line.max(1),
            column: column.max(1),
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at 1-based `line` and `column` of `path` (0 is taken as 1).
    pub fn warning(path: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
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
        let d = Diagnostic::error(Path::new("content/a.md"), 3, 7, "bad").with_hint("fix it");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:7: error: bad\n  = hint: fix it"
        );
    }

    #[test]
    fn renders_the_line_with_a_marker_under_the_problem() {
        let source = "---\ntitle: A\npeple: [Julian Assange]\n---\n";
        let d = Diagnostic::error(Path::new("content/a.md"), 3, 1, "unknown key `peple`")
            .with_hint("did you mean `people`?");
        assert_eq!(
            d.render(Some(source), false),
            "content/a.md:3:1: error: unknown key `peple`\n  |\n3 | peple: [Julian Assange]\n  | ^^^^^\n  |\n  = hint: did you mean `people`?"
        );
    }

    #[test]
    fn underlines_quoted_values_and_counts_columns_in_characters() {
        let source = "---\r\nplaces: [Londres, \"Équateur 2\"]\r\n";
        let d = Diagnostic::warning(Path::new("a.md"), 2, 19, "unknown place");
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
        let d = Diagnostic::error(Path::new("a.md"), 9, 1, "not UTF-8").with_hint("re-save it");
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
