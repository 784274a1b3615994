//! A story's `corrections`: what was wrong, and when it was put right.

use serde_yaml::Value;

use crate::diagnostic::{Code, Diagnostic};
use crate::frontmatter::YamlDoc;
use crate::model::date::PubDate;

/// A correction on the record: shown at the top of the story, in its
/// JSON-LD, and on the corrections page and its feed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Correction {
    /// When it was made.
    pub date: PubDate,
    /// What was wrong and what is right, as one or two sentences.
    pub text: String,
}

const EXPECTED: &str = "a list of `- date: 2013-06-19` and `text: ...` pairs";

/// The story's corrections, oldest first; each problem is a diagnostic at
/// the item it is in.
pub(super) fn take_corrections(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Vec<Correction> {
    let Some(value) = doc.take_raw("corrections") else {
        return Vec::new();
    };
    let items = match value {
        Value::Null => return Vec::new(),
        Value::Sequence(items) => items,
        _ => {
            let (line, column) = doc.value_position("corrections");
            d.push(
                Diagnostic::error(
                    Code::WrongType,
                    doc.path(),
                    line,
                    column,
                    "`corrections` must be a list",
                )
                .with_hint(format!("write {EXPECTED}")),
            );
            return Vec::new();
        }
    };
    let mut corrections: Vec<Correction> = items
        .iter()
        .enumerate()
        .filter_map(|(index, item)| correction(doc, index, item, d))
        .collect();
    corrections.sort_by_key(|c| c.date);
    corrections
}

/// One item of the list, or `None` once its problems are told.
fn correction(
    doc: &YamlDoc,
    index: usize,
    item: &Value,
    d: &mut Vec<Diagnostic>,
) -> Option<Correction> {
    let (line, column) = doc.item_position("corrections", index);
    let mut problem = |code: Code, message: String, hint: &str| {
        d.push(Diagnostic::error(code, doc.path(), line, column, message).with_hint(hint));
    };
    let number = index + 1;
    let Value::Mapping(map) = item else {
        problem(
            Code::WrongType,
            format!("correction {number} is not a `date` and `text` pair"),
            EXPECTED,
        );
        return None;
    };
    for key in map.keys() {
        let name = key.as_str().unwrap_or_default();
        if name != "date" && name != "text" {
            problem(
                Code::UnknownKey,
                format!("correction {number} has an unknown key `{name}`"),
                "a correction has a `date` and a `text`, nothing else",
            );
        }
    }
    let text = match map.get("text") {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_string()),
        _ => {
            problem(
                Code::MissingKey,
                format!("correction {number} has no `text`"),
                "say what was wrong and what is right, e.g. `text: An earlier version gave the wrong date.`",
            );
            None
        }
    };
    // An unquoted `2013` or `2013.5` reads as a number: it is a date
    // written wrong, not a missing one.
    let written = match map.get("date") {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let date = match written.as_deref() {
        Some(text) => match PubDate::parse(text) {
            Ok(date) => Some(date),
            Err(why) => {
                problem(
                    Code::InvalidDate,
                    format!("correction {number} has an invalid date: `{text}` ({why})"),
                    "write the date the correction was made, e.g. `date: 2013-06-19`",
                );
                None
            }
        },
        _ => {
            problem(
                Code::MissingKey,
                format!("correction {number} has no `date`"),
                "add the date the correction was made, e.g. `date: 2013-06-19`",
            );
            None
        }
    };
    Some(Correction {
        date: date?,
        text: text?,
    })
}
