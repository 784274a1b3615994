//! Documents: the judgments, indictments, reports and statements a dossier
//! rests on, `content/documents/<slug>.md`.

use std::path::PathBuf;

use serde_yaml::Value;

use super::{Body, Position, check_has_slug, file_slug, front_matter, slugs, take_kind_lists};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::frontmatter::YamlDoc;
use crate::model::config::Config;
use crate::model::date::PartialDate;
use crate::model::digest::{FileDigest, digest64};
use crate::model::slug::slugify;
use crate::pipeline::load::SourceFile;

/// What kind of document it is. schema.org has a type for some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentType {
    /// A court's judgment or ruling.
    Judgment,
    /// A press release.
    PressRelease,
    /// An indictment, an information, a charge sheet.
    Indictment,
    /// A report, an opinion of a panel.
    Report,
    /// A statement.
    Statement,
    /// A letter.
    Letter,
    /// A transcript of a hearing, an interview.
    Transcript,
    /// Anything else.
    Other,
}

impl DocumentType {
    /// Every type, in the order the documents index offers them.
    pub const ALL: [DocumentType; 8] = [
        DocumentType::Judgment,
        DocumentType::PressRelease,
        DocumentType::Indictment,
        DocumentType::Report,
        DocumentType::Statement,
        DocumentType::Letter,
        DocumentType::Transcript,
        DocumentType::Other,
    ];

    /// As front matter writes it: `press release`.
    pub fn key(self) -> &'static str {
        match self {
            DocumentType::Judgment => "judgment",
            DocumentType::PressRelease => "press release",
            DocumentType::Indictment => "indictment",
            DocumentType::Report => "report",
            DocumentType::Statement => "statement",
            DocumentType::Letter => "letter",
            DocumentType::Transcript => "transcript",
            DocumentType::Other => "other",
        }
    }

    /// For ids, classes and data attributes: `press-release`.
    pub fn slug(self) -> &'static str {
        match self {
            DocumentType::PressRelease => "press-release",
            other => other.key(),
        }
    }

    /// For readers: `Press release`.
    pub fn label(self) -> &'static str {
        match self {
            DocumentType::Judgment => "Judgment",
            DocumentType::PressRelease => "Press release",
            DocumentType::Indictment => "Indictment",
            DocumentType::Report => "Report",
            DocumentType::Statement => "Statement",
            DocumentType::Letter => "Letter",
            DocumentType::Transcript => "Transcript",
            DocumentType::Other => "Other",
        }
    }

    /// Its plural, for the index's headings and filters: `Press releases`.
    pub fn plural(self) -> &'static str {
        match self {
            DocumentType::Judgment => "Judgments",
            DocumentType::PressRelease => "Press releases",
            DocumentType::Indictment => "Indictments",
            DocumentType::Report => "Reports",
            DocumentType::Statement => "Statements",
            DocumentType::Letter => "Letters",
            DocumentType::Transcript => "Transcripts",
            DocumentType::Other => "Other documents",
        }
    }

    /// Its schema.org type: `Report` has one of its own, the others are
    /// `DigitalDocument`s.
    pub fn schema(self) -> &'static str {
        match self {
            DocumentType::Report => "Report",
            _ => "DigitalDocument",
        }
    }

    fn parse(text: &str) -> Option<DocumentType> {
        let text = text.trim().to_lowercase().replace(['-', '_'], " ");
        DocumentType::ALL.into_iter().find(|t| t.key() == text)
    }
}

/// A primary source of the dossier, with its own page at
/// `/documents/<slug>/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The document's file, relative to the site root.
    pub path: PathBuf,
    /// The digest of the file it was read from.
    pub digest: FileDigest,
    /// Its file name, made URL-safe: its page's folder, and the name
    /// stories' `document:` sources give.
    pub slug: String,
    /// Its title, with its citation: `… [2012] UKSC 22`.
    pub title: String,
    /// When it was issued, as precisely as known.
    pub date: PartialDate,
    /// What it is.
    pub kind: DocumentType,
    /// Who issued it, as written: a name resolved to an entity.
    pub issuer: Option<String>,
    /// The slug of `issuer`.
    pub issuer_slug: Option<String>,
    /// Where `issuer` is in the file (line, column).
    pub issuer_at: (usize, usize),
    /// The original's address.
    pub url: Option<String>,
    /// An archived copy of the original.
    pub archived: Option<String>,
    /// A copy kept with the site: a path in `static/`, from `/`.
    pub file: Option<String>,
    /// Where `file` is in the file (line, column).
    pub file_at: (usize, usize),
    /// The names listed under each kind, in `config.kinds` order.
    pub names: Vec<Vec<String>>,
    /// The slug of each of `names`.
    pub name_slugs: Vec<Vec<String>>,
    /// Where each kind's list is in the file (line, column).
    pub names_at: Vec<(usize, usize)>,
    /// `draft: true`: left out unless drafts are asked for.
    pub draft: bool,
    /// The notes on the document, in Markdown.
    pub body: Body,
    /// The language its words are in when that is not its edition's: it
    /// has no translation into it.
    pub language: Option<String>,
    /// What indexing reads of it (its path, slug, date, names and issuer),
    /// digested: an edit of its notes alone need not index the site again.
    pub index_inputs: u64,
}

/// Parses one document file.
pub fn parse_document(config: &Config, file: SourceFile) -> Result<Document, Vec<Diagnostic>> {
    let SourceFile { path, text, digest } = file;
    let path = path.as_path();
    let (mut doc, body_len, body_line) = front_matter(path, &text)?;
    let mut diagnostics = Vec::new();
    let d = &mut diagnostics;
    let title = doc.require::<String>("title", "the document's title, with its citation", d);
    let date = take_partial_date(&mut doc, "date", d);
    let kind = take_type(&mut doc, d);
    let issuer_at = doc.value_position("issuer");
    let issuer: Option<String> = doc
        .take::<String>(
            "issuer",
            "the name of who issued it, e.g. UK Supreme Court",
            d,
        )
        .map(|i| i.trim().to_string());
    let url = super::take_url(&mut doc, "url", d);
    let archived = super::take_url(&mut doc, "archived", d);
    let file_at = doc.value_position("file");
    let file = take_file(&mut doc, d);
    let (names, names_at) = take_kind_lists(config, &mut doc, d);
    let draft = doc.take("draft", "true or false", d).unwrap_or(false);
    doc.reject_unknown_keys(d);
    if let Some(issuer) = &issuer {
        let (line, column) = issuer_at;
        check_has_slug(&Position { path, line, column }, issuer, d);
    }
    let slug = file_slug(path, "uksc-2012-22.md", d);
    match (title, date, kind, slug) {
        (Some(title), Some(date), Some(kind), Some(slug)) if diagnostics.is_empty() => {
            Ok(Document {
                index_inputs: digest64((
                    (path.as_os_str(), &slug, date),
                    (&names, &names_at, &issuer, issuer_at),
                )),
                path: path.to_path_buf(),
                digest,
                slug,
                title,
                date,
                kind,
                issuer_slug: issuer.as_deref().map(slugify),
                issuer,
                issuer_at,
                url,
                archived,
                file,
                file_at,
                name_slugs: names.iter().map(|n| slugs(n)).collect(),
                names,
                names_at,
                draft,
                language: None,
                body: Body::of_file(path, text, body_len, body_line),
            })
        }
        _ => Err(diagnostics),
    }
}

/// A required date of a year, a month or a day (`2013`, `2013-06`,
/// `2013-06-17`). YAML reads a year alone as a number, which is fine.
pub(super) fn take_partial_date(
    doc: &mut YamlDoc,
    key: &str,
    d: &mut Vec<Diagnostic>,
) -> Option<PartialDate> {
    let (line, column) = doc.value_position(key);
    let hint = "write the date as 2013, 2013-06 or 2013-06-17";
    let text = match doc.take_raw(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        None => {
            d.push(
                Diagnostic::error(
                    Code::MissingKey,
                    doc.path(),
                    line,
                    column,
                    format!("`{key}` is missing"),
                )
                .with_hint(hint),
            );
            return None;
        }
        Some(_) => {
            d.push(
                Diagnostic::error(
                    Code::InvalidDate,
                    doc.path(),
                    line,
                    column,
                    format!("`{key}` is empty or not a date"),
                )
                .with_hint(hint),
            );
            return None;
        }
    };
    super::parse_date(doc, key, &text, hint, PartialDate::parse, d)
}

fn take_type(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Option<DocumentType> {
    let keys = DocumentType::ALL.map(DocumentType::key);
    let expected = format!("one of: {}", keys.join(", "));
    let written: String = doc.require("type", &expected, d)?;
    if let Some(kind) = DocumentType::parse(&written) {
        return Some(kind);
    }
    let (line, column) = doc.value_position("type");
    let hint = match closest(&written.trim().to_lowercase(), keys) {
        Some(near) => format!("did you mean `{near}`? A document's type is {expected}"),
        None => format!("a document's type is {expected}"),
    };
    d.push(
        Diagnostic::error(
            Code::InvalidValue,
            doc.path(),
            line,
            column,
            format!("`{}` is not a type of document", written.trim()),
        )
        .with_hint(hint),
    );
    None
}

/// `file`: a path from the site's root to a file of `static/`. Whether the
/// file is there is checked once the static files are known
/// ([`check_files`]).
fn take_file(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Option<String> {
    let file: String = doc.take(
        "file",
        "the path of a file in static/, e.g. /files/x.pdf",
        d,
    )?;
    let file = file.trim().to_string();
    let inside = file.strip_prefix('/').unwrap_or_default();
    let safe = !inside.is_empty()
        && !inside.ends_with('/')
        && inside
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if safe {
        return Some(file);
    }
    let (line, column) = doc.value_position("file");
    d.push(
        Diagnostic::error(Code::InvalidValue, doc.path(),
            line,
            column,
            format!("`file` is not a path in the site: `{file}`"),
        )
        .with_hint("put the file under static/ and write its path from the site's root, e.g. /files/uksc-2012-22.pdf"),
    );
    None
}

/// A document's `file` must be one of the site's static files (its path
/// below `static/`, without the leading `/`).
pub fn check_files(
    documents: &[Document],
    is_static_file: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    documents
        .iter()
        .filter_map(|document| {
            let file = document.file.as_deref()?;
            let inside = file.trim_start_matches('/');
            if is_static_file(inside) {
                return None;
            }
            let (line, column) = document.file_at;
            Some(
                Diagnostic::error(
                    Code::MissingFile,
                    &document.path,
                    line,
                    column,
                    format!("`file` names {file}, and static/ has no such file"),
                )
                .with_hint(format!(
                    "put the file at static/{inside}, or correct the path"
                )),
            )
        })
        .collect()
}

/// Two documents whose file names make one slug share one address.
pub(super) fn check_slugs(documents: &[Document], d: &mut Vec<Diagnostic>) {
    for (i, document) in documents.iter().enumerate() {
        if let Some(other) = documents[..i].iter().find(|o| o.slug == document.slug) {
            d.push(
                Diagnostic::error(
                    Code::DuplicateSlug,
                    &document.path,
                    1,
                    1,
                    format!("two documents have the slug `{}`", document.slug),
                )
                .with_hint(format!(
                    "{} has it too: rename one of the files",
                    other.path.display()
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> Result<Document, Vec<Diagnostic>> {
        let file = SourceFile::new("content/documents/uksc-2012-22.md", text);
        parse_document(&super::super::test_config(), file)
    }

    #[test]
    fn reads_a_document() {
        let d = document(
            "---\ntitle: R v S [2012] UKSC 22\ndate: 2012-05\ntype: Press-Release\nissuer: UK Supreme Court\npeople: [Julian Assange]\nfile: /files/x.pdf\n---\nNotes.\n",
        )
        .unwrap();
        assert_eq!(d.slug, "uksc-2012-22");
        assert_eq!(d.kind, DocumentType::PressRelease);
        assert_eq!(d.date.human(), "May 2012");
        assert_eq!(d.issuer_slug.as_deref(), Some("uk-supreme-court"));
        assert_eq!(d.names[0], vec!["Julian Assange"]);
        assert_eq!(d.file.as_deref(), Some("/files/x.pdf"));
        assert_eq!(d.body.markdown(), "Notes.\n");
        let year = document("---\ntitle: T\ndate: 2012\ntype: report\n---\n").unwrap();
        assert_eq!(year.date.ymd(), "2012");
    }

    #[test]
    fn a_bad_document_says_where_and_what() {
        let errors =
            document("---\ntitle: T\ndate: 2012-13\ntype: judgement\nfile: ../secret\n---\n")
                .unwrap_err();
        let found = |line: usize, text: &str| {
            errors
                .iter()
                .any(|d| d.line == line && d.to_string().contains(text))
        };
        assert!(found(3, "month 13 does not exist"), "{errors:?}");
        assert!(found(4, "did you mean `judgment`?"), "{errors:?}");
        assert!(found(5, "not a path in the site"), "{errors:?}");
        let errors = document("---\ntitle: T\n---\n").unwrap_err();
        assert!(errors.iter().any(|d| d.message == "`date` is missing"));
        assert!(
            errors
                .iter()
                .any(|d| d.message.contains("`type` is missing"))
        );
    }
}
