//! Diagnostics for machines: JSON Lines, and GitHub Actions' workflow
//! commands, which a pull request shows on the lines they name.

use clap::ValueEnum;
use dossier::Diagnostic;
use serde::Serialize;

/// How `dossier check` prints what it finds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Like a compiler, with the offending line quoted (to stderr).
    #[default]
    Human,
    /// One JSON object per diagnostic and line (to stdout).
    Json,
    /// GitHub Actions annotations, `::error file=…,line=…::…` (to stdout).
    Github,
}

/// A diagnostic as one JSON object; `file` is the path as the human
/// format prints it.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    severity: &'a str,
    code: &'a str,
    message: &'a str,
    hint: Option<&'a str>,
}

/// `{"file":…,"line":…,…}`, without a newline.
pub fn json_line(file: &str, d: &Diagnostic) -> String {
    let severity = d.severity.to_string();
    let object = JsonDiagnostic {
        file,
        line: d.line,
        column: d.column,
        severity: &severity,
        code: d.code.name(),
        message: &d.message,
        hint: d.hint.as_deref(),
    };
    serde_json::to_string(&object).expect("a diagnostic is plain data")
}

/// `::error file=…,line=…,col=…,title=…::message` and the hint on a line
/// of its own.
pub fn github_line(file: &str, d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(hint) = &d.hint {
        text.push_str("\nhint: ");
        text.push_str(hint);
    }
    format!(
        "::{} file={},line={},col={},title={}::{}",
        d.severity,
        escape_property(file),
        d.line,
        d.column,
        escape_property(d.code.name()),
        escape_data(&text)
    )
}

/// A workflow command's message: `%`, CR and LF are escaped, as the runner
/// reads them back.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: its message's escapes, and `:`
/// and `,`, which would end the value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier::Code;
    use std::path::Path;

    #[test]
    fn github_annotations_escape_what_would_end_a_value() {
        let d = Diagnostic::error(Code::UnknownKey, Path::new("a,b:c.md"), 3, 1, "100% `x`")
            .with_hint("did you\nmean");
        assert_eq!(
            github_line("a,b:c.md", &d),
            "::error file=a%2Cb%3Ac.md,line=3,col=1,title=unknown-key::100%25 `x`%0Ahint: did you%0Amean"
        );
    }
}
