//! One string of a translation file: a text with `{name}` parts, or the
//! plural forms of a count.

use std::collections::BTreeSet;

use icu_plurals::PluralCategory;
use serde_yaml::Value as Yaml;
use tera::Value;

use super::format::Formats;

/// The keys the code itself asks for (charts, graphs, cards, page titles):
/// each must be in the default theme's `i18n/en.yaml`, which a test checks.
pub(crate) const CODE_KEYS: &[&str] = &[
    "timeline",
    "documents",
    "tags",
    "search",
    "corrections",
    "page_not_found",
    "by_authors",
    "stories_count",
    "months_count",
    "entries_count",
    "documents_count",
    "tags_count",
    "description_timeline",
    "description_kind",
    "description_entity",
    "description_tags",
    "description_tag",
    "description_documents",
    "description_document",
    "description_search",
    "description_site",
    "feed_entity_subtitle",
    "feed_tag_subtitle",
    "stories_together",
    "coverage_title",
    "coverage_summary",
    "no_stories",
    "range",
    "graph_title",
    "graph_related",
    "graph_connected",
    "since",
    "until",
    "ended",
    "tag",
    "corrections_description",
    "correction_of",
    "corrections_feed_title",
    "type_judgment",
    "type_press_release",
    "type_indictment",
    "type_report",
    "type_statement",
    "type_letter",
    "type_transcript",
    "type_other",
    "kind_people",
    "kind_person",
    "kind_organizations",
    "kind_organization",
    "kind_places",
    "kind_place",
];

/// The CLDR plural categories, as translation files name them.
const CATEGORIES: [(&str, PluralCategory); 6] = [
    ("zero", PluralCategory::Zero),
    ("one", PluralCategory::One),
    ("two", PluralCategory::Two),
    ("few", PluralCategory::Few),
    ("many", PluralCategory::Many),
    ("other", PluralCategory::Other),
];

/// A value filling a `{name}` part.
#[derive(Debug, Clone)]
pub enum Arg {
    /// Written as it is.
    Text(String),
    /// Written the way the language writes numbers.
    Number(u64),
}

impl Arg {
    pub(super) fn from_value(value: &Value) -> Arg {
        match value.as_u64() {
            Some(n) => Arg::Number(n),
            None => Arg::Text(match value.as_str() {
                Some(s) => s.to_string(),
                None => value.to_string(),
            }),
        }
    }
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_string())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(n as u64)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Literal(String),
    Part(String),
}

/// A text with its `{name}` parts found.
#[derive(Debug, Clone)]
struct Text {
    pieces: Vec<Piece>,
}

impl Text {
    fn parse(source: &str) -> Text {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = source;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let name_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..name_len];
            let starts_well = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
            if starts_well && after[name_len..].starts_with('}') {
                literal.push_str(&rest[..open]);
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                }
                pieces.push(Piece::Part(name.to_string()));
                rest = &after[name_len + 1..];
            } else {
                literal.push_str(&rest[..=open]);
                rest = after;
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }
        Text { pieces }
    }

    fn parts(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Part(name) => Some(name.as_str()),
            Piece::Literal(_) => None,
        })
    }

    fn plain(&self) -> Option<String> {
        match self.pieces.as_slice() {
            [] => Some(String::new()),
            [Piece::Literal(text)] => Some(text.clone()),
            _ => None,
        }
    }

    fn source(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Literal(text) => text.clone(),
                Piece::Part(name) => format!("{{{name}}}"),
            })
            .collect()
    }

    fn render(
        &self,
        formats: &Formats,
        count: Option<u64>,
        arg: &dyn Fn(&str) -> Option<Arg>,
    ) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Part(name) => match (name.as_str(), count) {
                    ("count", Some(n)) => out.push_str(&formats.number(n)),
                    _ => match arg(name) {
                        Some(Arg::Text(text)) => out.push_str(&text),
                        Some(Arg::Number(n)) => out.push_str(&formats.number(n)),
                        // A part nobody fills stays visible, so that it is noticed.
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    },
                },
            }
        }
        out
    }
}

/// A string of a translation file.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    forms: Forms,
    /// The text as a template value, when it has no parts to fill.
    plain: Option<Value>,
}

#[derive(Debug, Clone)]
enum Forms {
    Single(Text),
    /// By [`CATEGORIES`]' order; `other` is always there.
    Plural(Box<[Option<Text>; 6]>),
}

impl Message {
    /// The message a YAML value writes, or what is wrong with it.
    pub(super) fn parse(value: &Yaml) -> Result<Message, String> {
        let forms = match value {
            Yaml::String(text) => Forms::Single(Text::parse(text)),
            Yaml::Number(_) | Yaml::Bool(_) => {
                let text = serde_yaml::to_string(value).unwrap_or_default();
                Forms::Single(Text::parse(text.trim()))
            }
            Yaml::Mapping(map) => {
                let mut forms: [Option<Text>; 6] = Default::default();
                for (category, text) in map {
                    let name = category.as_str().unwrap_or_default();
                    let Some(slot) = CATEGORIES.iter().position(|(n, _)| *n == name) else {
                        let names: Vec<&str> = CATEGORIES.iter().map(|(n, _)| *n).collect();
                        let near = crate::diagnostic::closest(name, names.iter().copied())
                            .map(|n| format!(" (did you mean `{n}`?)"))
                            .unwrap_or_default();
                        return Err(format!(
                            "`{name}` is not a plural form{near}: use {}",
                            names.join(", ")
                        ));
                    };
                    let Some(text) = text.as_str() else {
                        return Err(format!("the `{name}` form must be a text"));
                    };
                    forms[slot] = Some(Text::parse(text));
                }
                if forms[5].is_none() {
                    return Err("plural forms need an `other` form".to_string());
                }
                Forms::Plural(Box::new(forms))
            }
            _ => {
                return Err(
                    "a string must be a text, or plural forms such as `one:` and `other:`".into(),
                );
            }
        };
        let plain = match &forms {
            Forms::Single(text) => text.plain().map(|t| Value::from(t.as_str())),
            Forms::Plural(_) => None,
        };
        Ok(Message { forms, plain })
    }

    pub(super) fn plain_value(&self) -> Option<&Value> {
        self.plain.as_ref()
    }

    pub(super) fn is_plural(&self) -> bool {
        matches!(self.forms, Forms::Plural(_))
    }

    /// Every `{name}` the message uses, `count` included.
    pub(super) fn parts(&self) -> BTreeSet<String> {
        let texts: Vec<&Text> = match &self.forms {
            Forms::Single(text) => vec![text],
            Forms::Plural(forms) => forms.iter().flatten().collect(),
        };
        let mut parts: BTreeSet<String> = texts
            .iter()
            .flat_map(|t| t.parts())
            .map(String::from)
            .collect();
        if self.is_plural() {
            parts.insert("count".into());
        }
        parts
    }

    pub(super) fn render(
        &self,
        formats: &Formats,
        count: Option<u64>,
        arg: &dyn Fn(&str) -> Option<Arg>,
    ) -> String {
        match &self.forms {
            Forms::Single(text) => text.render(formats, count, arg),
            Forms::Plural(forms) => {
                let n = count.unwrap_or(0);
                let category = formats.category(n);
                let slot = CATEGORIES
                    .iter()
                    .position(|(_, c)| *c == category)
                    .unwrap_or(5);
                let text = forms[slot].as_ref().or(forms[5].as_ref());
                text.map(|t| t.render(formats, Some(n), arg))
                    .unwrap_or_default()
            }
        }
    }

    /// The form for `category` (else `other`), its parts left as written.
    pub(super) fn form(&self, category: PluralCategory) -> String {
        match &self.forms {
            Forms::Single(text) => text.source(),
            Forms::Plural(forms) => {
                let slot = CATEGORIES.iter().position(|(_, c)| *c == category);
                slot.and_then(|s| forms[s].as_ref())
                    .or(forms[5].as_ref())
                    .map(Text::source)
                    .unwrap_or_default()
            }
        }
    }

    /// For a script: the text, or `{"one": …, "other": …}`.
    pub(super) fn to_json(&self) -> serde_json::Value {
        match &self.forms {
            Forms::Single(text) => serde_json::Value::from(text.source()),
            Forms::Plural(forms) => {
                let mut object = serde_json::Map::new();
                for ((name, _), text) in CATEGORIES.iter().zip(forms.iter()) {
                    if let Some(text) = text {
                        object.insert((*name).to_string(), text.source().into());
                    }
                }
                serde_json::Value::Object(object)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(yaml: &str) -> Message {
        Message::parse(&serde_yaml::from_str(yaml).unwrap()).unwrap()
    }

    #[test]
    fn parts_are_filled_and_unknown_braces_kept() {
        let formats = Formats::new(&"en-GB".parse().unwrap());
        let m = message("\"Page {page} of {pages}, {not a part} {Upper}\"");
        let arg = |name: &str| match name {
            "page" => Some(Arg::Number(2)),
            "pages" => Some(Arg::Number(12000)),
            _ => None,
        };
        assert_eq!(
            m.render(&formats, None, &arg),
            "Page 2 of 12,000, {not a part} {Upper}"
        );
        assert_eq!(m.parts().into_iter().collect::<Vec<_>>(), ["page", "pages"]);
    }

    #[test]
    fn plural_forms_follow_the_language_rules() {
        let m = message("{one: \"{count} story\", other: \"{count} stories\"}");
        let none = |_: &str| None;
        let en = Formats::new(&"en".parse().unwrap());
        let fr = Formats::new(&"fr".parse().unwrap());
        assert_eq!(m.render(&en, Some(1), &none), "1 story");
        assert_eq!(m.render(&en, Some(0), &none), "0 stories");
        assert_eq!(m.render(&fr, Some(0), &none), "0 story");
        assert_eq!(m.render(&en, Some(2500), &none), "2,500 stories");
    }

    #[test]
    fn malformed_messages_say_what_is_wrong() {
        let error = |yaml: &str| Message::parse(&serde_yaml::from_str(yaml).unwrap()).unwrap_err();
        assert!(error("{one: a}").contains("`other`"));
        assert!(error("{one: a, othr: b}").contains("did you mean `other`"));
        assert!(error("[a, b]").contains("plural forms"));
    }
}
