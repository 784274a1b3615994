//! Lists of small records in front matter (`sources`, `relations`): each
//! item is checked key by key, and every problem is told at the item's
//! line, naming the item by its number.

use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Code, Diagnostic, closest};
use crate::frontmatter::YamlDoc;
use crate::model::date::PartialDate;
use crate::model::url::is_web_address;

/// One item of a list: its number (from 1), its place in the file, and its
/// keys, with the problems found in it so far.
pub(super) struct Item<'a> {
    /// `source 2`, `relation 1`: how messages name it.
    name: String,
    path: &'a std::path::Path,
    /// Its line and column in the file.
    pub at: (usize, usize),
    map: Mapping,
    problems: Vec<Diagnostic>,
}

/// The items of the list under `key`, each a mapping: a list that is not
/// one, or an item that is not a mapping, is an error (`expected` is the
/// hint); an absent or empty list has no items. `singular` names one item
/// in messages.
pub(super) fn take_items<'a>(
    doc: &mut YamlDoc<'a>,
    key: &str,
    singular: &str,
    expected: &str,
    d: &mut Vec<Diagnostic>,
) -> Vec<Item<'a>> {
    let values = match doc.take_raw(key) {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(values)) => values,
        Some(_) => {
            let (line, column) = doc.value_position(key);
            d.push(
                Diagnostic::error(
                    Code::WrongType,
                    doc.path(),
                    line,
                    column,
                    format!("`{key}` must be a list"),
                )
                .with_hint(format!("write {expected}")),
            );
            return Vec::new();
        }
    };
    let path = doc.path();
    let mut items = Vec::with_capacity(values.len());
    for (index, value) in values.into_iter().enumerate() {
        let at = doc.item_position(key, index);
        let name = format!("{singular} {}", index + 1);
        match value {
            Value::Mapping(map) => items.push(Item {
                name,
                path,
                at,
                map,
                problems: Vec::new(),
            }),
            _ => d.push(
                Diagnostic::error(
                    Code::WrongType,
                    path,
                    at.0,
                    at.1,
                    format!("{name} is not a list of keys"),
                )
                .with_hint(format!("write {expected}")),
            ),
        }
    }
    items
}

impl Item<'_> {
    /// `source 2`, as messages name it.
    pub(super) fn name(&self) -> &str {
        &self.name
    }

    /// Tells a problem of this item.
    pub(super) fn problem(
        &mut self,
        code: Code,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let (line, column) = self.at;
        self.problems.push(
            Diagnostic::error(code, self.path, line, column, message.into()).with_hint(hint.into()),
        );
    }

    /// Tells every key that is not one of `keys`, with the closest as a hint.
    pub(super) fn reject_unknown_keys(&mut self, keys: &[&str]) {
        let unknown: Vec<String> = self
            .map
            .keys()
            .map(|k| k.as_str().unwrap_or_default().to_string())
            .filter(|k| !keys.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let hint = match closest(&key, keys.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("a {} has {}", self.kind(), keys.join(", ")),
            };
            let message = format!("{} has an unknown key `{key}`", self.name);
            self.problem(Code::UnknownKey, message, hint);
        }
    }

    /// `source`, from `source 2`.
    fn kind(&self) -> &str {
        self.name.split(' ').next().unwrap_or_default()
    }

    /// The text of `key`, trimmed (a number is text too); `None` when
    /// absent, and a problem when it is empty or not text.
    pub(super) fn text(&mut self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => {
                let message = format!("{}: `{key}` must be text", self.name);
                self.problem(Code::WrongType, message, format!("write {key}: ..."));
                None
            }
        }
    }

    /// `true` or `false` under `key`; `None` when absent.
    pub(super) fn flag(&mut self, key: &str) -> Option<bool> {
        match self.map.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => {
                let message = format!("{}: `{key}` must be true or false", self.name);
                self.problem(Code::WrongType, message, format!("write {key}: true"));
                None
            }
        }
    }

    /// A web address under `key`; a problem when it is not one.
    pub(super) fn web_address(&mut self, key: &str) -> Option<String> {
        let address = self.text(key)?;
        if is_web_address(&address) {
            return Some(address);
        }
        let message = format!("{}: `{key}` is not a web address: `{address}`", self.name);
        self.problem(
            Code::InvalidUrl,
            message,
            "write the full address, starting with https://",
        );
        None
    }

    /// A date of a year, a month or a day under `key`; a problem when it
    /// is not one.
    pub(super) fn partial_date(&mut self, key: &str) -> Option<PartialDate> {
        let text = self.text(key)?;
        match PartialDate::parse(&text) {
            Ok(date) => Some(date),
            Err(why) => {
                let message = match key {
                    "date" => format!("{} has an invalid date: `{text}` ({why})", self.name),
                    _ => format!("{}: `{key}` is not a date: `{text}` ({why})", self.name),
                };
                self.problem(
                    Code::InvalidDate,
                    message,
                    "write 2013, 2013-06 or 2013-06-17",
                );
                None
            }
        }
    }

    /// The problems found, moved to `d`; whether there were none.
    pub(super) fn finish(self, d: &mut Vec<Diagnostic>) -> bool {
        let fine = self.problems.is_empty();
        d.extend(self.problems);
        fine
    }
}
