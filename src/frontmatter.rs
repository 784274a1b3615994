//! Splits a Markdown file into its YAML front matter and body, and reads the
//! YAML with positions that point into the file, not into the YAML block.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

use crate::diagnostic::{Code, Diagnostic, closest, line_column};

/// A file cut at its `---` lines.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines, without them.
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    /// Everything after the closing line: the Markdown body.
    pub body: &'a str,
    /// 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// Finds the front matter between a first line `---` and the next `---` (or `...`) line.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut lines = LineOffsets::new(text);
    let opening = lines.next().map(|(_, line)| line.trim_end());
    if opening != Some("---") {
        return Err(Diagnostic::error(Code::NoFrontMatter, path, 1, 1, "the file has no front matter").with_hint(
            "start the file with a line `---`, the YAML front matter (title, date, ...), then another `---`",
        ));
    }
    let yaml_start = lines.offset;
    loop {
        let line_start = lines.offset;
        let Some((line_number, line)) = lines.next() else {
            break;
        };
        if matches!(line.trim_end(), "---" | "...") {
            return Ok(Split {
                yaml: &text[yaml_start..line_start],
                yaml_line: 2,
                body: &text[lines.offset..],
                body_line: line_number + 1,
            });
        }
    }
    Err(Diagnostic::error(
        Code::UnclosedFrontMatter,
        path,
        1,
        1,
        "the front matter opened here never closes",
    )
    .with_hint("add a line `---` after the last front matter key"))
}

/// Iterates `(1-based line number, line without its line ending)`, tracking
/// the byte offset just past the line ending.
struct LineOffsets<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineOffsets<'a> {
    fn new(text: &'a str) -> Self {
        LineOffsets {
            text,
            offset: 0,
            line: 0,
        }
    }
}

impl<'a> Iterator for LineOffsets<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.offset >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.offset..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.offset += advance;
        self.line += 1;
        Some((self.line, line.strip_suffix('\r').unwrap_or(line)))
    }
}

/// A YAML mapping read from a file, handing out its keys one at a time so that
/// whatever is left at the end is an unknown key. The keys the parser asks
/// for are the known keys: no list to keep in step with the parser.
pub struct YamlDoc<'a> {
    path: &'a Path,
    yaml: &'a str,
    first_line: usize,
    map: Mapping,
    /// Every key asked for, present or not, for the hints about unknown keys.
    asked: Vec<String>,
}

impl<'a> YamlDoc<'a> {
    /// Parses `yaml`, which starts on line `first_line` of the file at `path`.
    pub fn parse(path: &'a Path, yaml: &'a str, first_line: usize) -> Result<Self, Diagnostic> {
        let value: Value = if yaml.trim().is_empty() {
            Value::Mapping(Mapping::new())
        } else {
            serde_yaml::from_str(yaml).map_err(|e| {
                // From the byte offset, not libyaml's line and column: libyaml
                // also breaks lines at `\r`, U+0085, U+2028 and U+2029, and
                // puts the end of a text without a final line break on a line
                // after the last.
                let (line, column) = e.location().map_or((first_line, 1), |l| {
                    let (line, column) = line_column(yaml, l.index());
                    (line + first_line - 1, column)
                });
                Diagnostic::error(Code::InvalidYaml, path, line, column, format!("invalid YAML: {}", yaml_message(&e)))
                    .with_hint("check the indentation and quoting; a value containing `: ` or starting with `[`, `{`, `*`, `&`, `!` or `%` must be quoted")
            })?
        };
        match value {
            Value::Mapping(map) => Ok(YamlDoc {
                path,
                yaml,
                first_line,
                map,
                asked: Vec::new(),
            }),
            Value::Null => Ok(YamlDoc {
                path,
                yaml,
                first_line,
                map: Mapping::new(),
                asked: Vec::new(),
            }),
            other => Err(Diagnostic::error(
                Code::NotAMapping,
                path,
                first_line,
                1,
                format!("expected `key: value` lines, found {}", describe(&other)),
            )
            .with_hint("write one `key: value` per line, e.g. `title: My story`")),
        }
    }

    /// The file the mapping comes from.
    pub fn path(&self) -> &'a Path {
        self.path
    }

    /// Removes `key` and converts its value; a value of the wrong type becomes a
    /// diagnostic at the key, with `expected` as the hint.
    pub fn take<T: DeserializeOwned>(
        &mut self,
        key: &str,
        expected: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let value = self.take_raw(key)?;
        if value.is_null() {
            return None;
        }
        match serde_yaml::from_value::<T>(value.clone()) {
            Ok(v) => Some(v),
            Err(_) => {
                let (line, column) = self.value_position(key);
                diagnostics.push(
                    Diagnostic::error(
                        Code::WrongType,
                        self.path,
                        line,
                        column,
                        format!("`{key}` has the wrong type: found {}", describe(&value)),
                    )
                    .with_hint(format!("`{key}` must be {expected}")),
                );
                None
            }
        }
    }

    /// Like [`YamlDoc::take`], and reports the key as missing when it is absent.
    pub fn require<T: DeserializeOwned>(
        &mut self,
        key: &str,
        expected: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        match self.map.get(key) {
            None => diagnostics.push(
                Diagnostic::error(
                    Code::MissingKey,
                    self.path,
                    self.first_line,
                    1,
                    format!("`{key}` is missing"),
                )
                .with_hint(format!(
                    "add `{key}:` to the front matter; it must be {expected}"
                )),
            ),
            // `take` reads an empty value as an absent one, which is no
            // problem for an optional key but is for a required one.
            Some(value) if value.is_null() => {
                let (line, column) = self.value_position(key);
                diagnostics.push(
                    Diagnostic::error(
                        Code::EmptyValue,
                        self.path,
                        line,
                        column,
                        format!("`{key}` is empty"),
                    )
                    .with_hint(format!("`{key}` must be {expected}")),
                );
            }
            Some(_) => {}
        }
        self.take(key, expected, diagnostics)
    }

    /// The keys still in the mapping, in the order the file writes them.
    pub fn keys(&self) -> Vec<String> {
        self.map
            .keys()
            .filter_map(|k| k.as_str().map(String::from))
            .collect()
    }

    /// Removes and returns a key's raw value.
    pub fn take_raw(&mut self, key: &str) -> Option<Value> {
        if !self.asked.iter().any(|k| k == key) {
            self.asked.push(key.to_string());
        }
        self.map.remove(key)
    }

    /// The position of `key`'s value, for errors found after parsing (a bad date...).
    pub fn value_position(&self, key: &str) -> (usize, usize) {
        self.find_key(key)
            .map_or((self.first_line, 1), |(line, value_col)| (line, value_col))
    }

    /// Reports every key nobody took, suggesting the closest of the keys
    /// that were asked for.
    pub fn reject_unknown_keys(self, diagnostics: &mut Vec<Diagnostic>) {
        let known: Vec<&str> = self.asked.iter().map(String::as_str).collect();
        for key in self.map.keys() {
            let name = match key {
                Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            let (line, _) = self.find_key(&name).unwrap_or((self.first_line, 1));
            let hint = match closest(&name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("known keys are: {}", known.join(", ")),
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::UnknownKey,
                    self.path,
                    line,
                    1,
                    format!("unknown key `{name}`"),
                )
                .with_hint(hint),
            );
        }
    }

    /// The position of item `index` (from 0) of the block list under `key`
    /// (its first character after `- `), for errors in one item; the key's
    /// value when the list is written another way.
    pub fn item_position(&self, key: &str, index: usize) -> (usize, usize) {
        let fallback = self.value_position(key);
        let key_line = fallback.0 - self.first_line + 1;
        let items = LineOffsets::new(self.yaml)
            .skip(key_line)
            .take_while(|(_, line)| line.trim().is_empty() || line.starts_with([' ', '-', '\t']))
            .filter_map(|(n, line)| {
                let indent = line.len() - line.trim_start().len();
                let rest = line.trim_start().strip_prefix('-')?;
                let value = rest.trim_start();
                let column = line[..line.len() - value.len()].chars().count() + 1;
                Some((indent, n + self.first_line - 1, column))
            });
        let items: Vec<_> = items.collect();
        let outer = items.iter().map(|(indent, ..)| *indent).min();
        items
            .into_iter()
            .filter(|(indent, ..)| Some(*indent) == outer)
            .nth(index)
            .map_or(fallback, |(_, line, column)| (line, column))
    }

    /// Finds a top-level `key:` line; returns its file line and the column of its value.
    fn find_key(&self, key: &str) -> Option<(usize, usize)> {
        LineOffsets::new(self.yaml).find_map(|(n, line)| {
            let rest = strip_key(line, key)?;
            let after_colon = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
            let value_offset = line.len() - after_colon.trim_start().len();
            Some((
                n + self.first_line - 1,
                line[..value_offset].chars().count() + 1,
            ))
        })
    }
}

/// The rest of `line` after `key` written plain or in quotes.
fn strip_key<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    if let Some(rest) = line.strip_prefix(key) {
        return Some(rest);
    }
    ['"', '\''].into_iter().find_map(|quote| {
        line.strip_prefix(quote)?
            .strip_prefix(key)?
            .strip_prefix(quote)
    })
}

/// serde_yaml's message without its trailing " at line X column Y", which we
/// report in our own `path:line:col` form.
fn yaml_message(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map of keys and values",
        Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("x.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = split(p(), "---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn handles_crlf() {
        let s = split(p(), "---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn empty_front_matter_is_allowed_by_the_splitter() {
        let s = split(p(), "---\n---\nBody").unwrap();
        assert_eq!(s.yaml, "");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert!(
            split(p(), "# Title\n")
                .unwrap_err()
                .message
                .contains("no front matter")
        );
        assert!(
            split(p(), "---\ntitle: A\n")
                .unwrap_err()
                .message
                .contains("never closes")
        );
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let text = "---\ntitle: A\ndate: [2013\n---\n";
        let s = split(p(), text).unwrap();
        let err = YamlDoc::parse(p(), s.yaml, s.yaml_line).err().unwrap();
        assert!(err.line >= 3, "{err}");
    }

    #[test]
    fn yaml_errors_at_the_end_of_the_text_stay_in_it() {
        // Without a final line break, libyaml puts the end on a line after the last.
        let err = YamlDoc::parse(p(), "title: T\nbase_url: https://e.org/\npaginate", 1)
            .err()
            .unwrap();
        assert_eq!((err.line, err.column), (3, 9), "{err}");
    }

    #[test]
    fn yaml_error_lines_are_counted_in_line_feeds() {
        // libyaml also breaks lines at a lone `\r`, U+0085, U+2028 and U+2029.
        let err = YamlDoc::parse(p(), "title: T\rpeople: [x\n", 2)
            .err()
            .unwrap();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        let err = YamlDoc::parse(p(), "a: b\u{2028}c\u{2028}d\ne: [x\nf\n", 2)
            .err()
            .unwrap();
        assert!(err.line <= 5, "{err}");
    }

    #[test]
    fn an_empty_required_key_is_reported() {
        let mut d = Vec::new();
        let mut doc = YamlDoc::parse(p(), "date: 2013-01-01\ntitle:\n", 2).unwrap();
        let title: Option<String> = doc.require("title", "a text", &mut d);
        assert_eq!(title, None);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (3, 7));
        assert!(d[0].message.contains("`title` is empty"), "{}", d[0]);
    }

    #[test]
    fn unknown_keys_suggest_the_closest() {
        let mut d = Vec::new();
        let mut doc = YamlDoc::parse(p(), "title: A\npeple: [B]", 2).unwrap();
        let _: Option<String> = doc.take("title", "text", &mut d);
        let _: Option<Vec<String>> = doc.take("people", "names", &mut d);
        doc.reject_unknown_keys(&mut d);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (3, 1));
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `people`?"));
    }

    #[test]
    fn wrong_types_point_at_the_value() {
        let mut d = Vec::new();
        let mut doc = YamlDoc::parse(p(), "title: 12\npeople: {a: b}", 2).unwrap();
        let title: Option<String> = doc.take("title", "a text", &mut d);
        let people: Option<Vec<String>> = doc.take("people", "a list of names", &mut d);
        // A title must be text, and a list of names is never a map.
        assert_eq!(title, None);
        assert!(people.is_none());
        assert_eq!(d.len(), 2);
        assert_eq!((d[1].line, d[1].column), (3, 9));
    }
}
