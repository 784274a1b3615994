//! The interface's words in the reader's language: the theme's
//! `i18n/<lang>.yaml`, the site's `i18n/<lang>.yaml` over it, and English
//! under both for any string a language lacks. Templates ask with
//! `t(key=…)`; the code that writes charts, graphs and cards asks the same
//! [`Language`].

mod files;
mod format;
mod message;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use icu_locale_core::Locale;
use tera::{Kwargs, State, Tera, TeraResult, Value};

pub use files::Translations;
use format::Formats;
pub use message::Arg;
use message::Message;

use crate::model::date::{Month, PartialDate, PubDate};

/// One language of the interface, every string resolved.
pub struct Language {
    /// The language's tag, as pages' `lang` attributes carry it: `es`.
    pub tag: String,
    /// The CLDR locale its dates, numbers and plurals follow: `en-GB` for `en`.
    pub locale: Locale,
    messages: HashMap<String, Message>,
    formats: Formats,
    /// The keys of the strings this language shows in English, for
    /// `dossier check`.
    pub missing: Vec<String>,
    /// The most specific translation file it was made from, if any.
    pub file: Option<PathBuf>,
    /// A digest of the translation files it was made from.
    pub digest: crate::model::digest::FileDigest,
}

impl Language {
    /// What `dossier check` says of strings this language shows in
    /// English: nothing for English, or one warning naming them.
    pub fn untranslated(&self) -> Option<crate::diagnostic::Diagnostic> {
        if self.missing.is_empty() {
            return None;
        }
        let site_file = format!("i18n/{}.yaml", self.tag);
        let (path, message) = match &self.file {
            Some(file) => (
                file.clone(),
                format!(
                    "{} strings of the interface are not translated into `{}` and show in English: {}",
                    self.missing.len(),
                    self.tag,
                    self.missing.join(", ")
                ),
            ),
            None => (
                PathBuf::from(&site_file),
                format!(
                    "the theme has no translation into `{}`: the interface shows in English",
                    self.tag
                ),
            ),
        };
        let hint = format!(
            "add the strings to {site_file} at the site's root; the theme's i18n/en.yaml lists every key"
        );
        Some(
            crate::diagnostic::Diagnostic::warning(
                crate::diagnostic::Code::Untranslated,
                Path::new(&path),
                1,
                1,
                message,
            )
            .with_hint(hint),
        )
    }

    /// The text of `key`, with its `{name}` parts filled from `args`.
    pub fn text(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.fill(key, None, args)
    }

    /// The form of `key` for `count`, with `{count}` and `args` filled in.
    pub fn count(&self, key: &str, count: usize, args: &[(&str, Arg)]) -> String {
        self.fill(key, Some(count as u64), args)
    }

    fn fill(&self, key: &str, count: Option<u64>, args: &[(&str, Arg)]) -> String {
        debug_assert!(
            message::CODE_KEYS.contains(&key),
            "{key} is not in CODE_KEYS"
        );
        let arg = |name: &str| {
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| a.clone())
        };
        match self.messages.get(key) {
            Some(message) => message.render(&self.formats, count, &arg),
            None => key.to_string(),
        }
    }

    /// The text of a `key` that has no parts to fill: a page title.
    pub fn plain<'s>(&'s self, key: &'s str) -> &'s str {
        debug_assert!(
            message::CODE_KEYS.contains(&key),
            "{key} is not in CODE_KEYS"
        );
        self.plain_text(key).unwrap_or(key)
    }

    /// The locale as Open Graph writes it, with its likeliest region:
    /// `es_ES`, `en_GB`, `sv_SE`.
    pub fn og_locale(&self) -> String {
        let mut id = self.locale.id.clone();
        icu_locale::LocaleExpander::new_common().maximize(&mut id);
        match id.region {
            Some(region) => format!("{}_{}", id.language, region),
            None => id.language.to_string(),
        }
    }

    /// The text of `key` when it has no parts to fill; `None` for an
    /// unknown key or one with parts.
    pub fn plain_text(&self, key: &str) -> Option<&str> {
        self.messages
            .get(key)
            .and_then(Message::plain_value)
            .and_then(Value::as_str)
    }

    /// The language's name in itself (`Español`), from its own file; its
    /// tag when no file names it.
    pub fn own_name(&self) -> String {
        match self.plain_text("language_name") {
            Some(name) if !self.missing.iter().any(|k| k == "language_name") => name.to_string(),
            _ if self.tag == "en" || self.tag.starts_with("en-") => "English".to_string(),
            _ => self.tag.clone(),
        }
    }

    /// The `one` form of `key`, without a count: `Press release`.
    pub fn singular(&self, key: &str) -> String {
        self.form(key, icu_plurals::PluralCategory::One)
    }

    /// The `other` form of `key`, without a count: `Press releases`.
    pub fn plural(&self, key: &str) -> String {
        self.form(key, icu_plurals::PluralCategory::Other)
    }

    fn form(&self, key: &str, category: icu_plurals::PluralCategory) -> String {
        match self.messages.get(key) {
            Some(message) => message.form(category),
            None => key.to_string(),
        }
    }

    /// A story's date for readers: `17 de junio de 2013`.
    pub fn date(&self, date: &PubDate) -> String {
        self.formats.pub_date(date)
    }

    /// A document's or a relation's date, as precise as it was written.
    pub fn partial_date(&self, date: &PartialDate) -> String {
        self.formats.partial_date(date)
    }

    /// `junio de 2013`.
    pub fn month(&self, month: Month) -> String {
        self.formats.month(month)
    }

    /// `junio`, where the year stands beside it.
    pub fn month_name(&self, month: Month) -> String {
        self.formats.month_name(month)
    }

    /// `2013`.
    pub fn year(&self, year: i16) -> String {
        self.formats.year(year)
    }

    /// A count as the language writes numbers: `12,345`, `12.345`.
    pub fn number(&self, n: usize) -> String {
        self.formats.number(n as u64)
    }

    /// Gives `tera` the functions templates ask for words with:
    /// `t(key="related_stories")`, `t(key="stories_count", count=3)`,
    /// `t(key="page_of", page=2, pages=5)`; and `strings(keys=[…])`, the
    /// messages a script needs, as JSON.
    pub fn register(self: &Arc<Self>, tera: &mut Tera) {
        let language = Arc::clone(self);
        tera.register_function("t", move |kwargs: Kwargs, _: &State| language.call(&kwargs));
        let language = Arc::clone(self);
        tera.register_function("strings", move |kwargs: Kwargs, _: &State| {
            language.script_strings(&kwargs)
        });
    }

    fn call(&self, kwargs: &Kwargs) -> TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let message = self
            .messages
            .get(key)
            .ok_or_else(|| unknown_key(key, self))?;
        if let Some(value) = message.plain_value() {
            return Ok(value.clone());
        }
        let count = match kwargs.get::<Value>("count")? {
            Some(value) => Some(
                value
                    .as_u64()
                    .or_else(|| value.as_i64().map(|n| n.max(0) as u64))
                    .ok_or_else(|| {
                        tera::Error::message(format!(
                            "t(key=\"{key}\"): `count` must be a whole number, not `{value}`"
                        ))
                    })?,
            ),
            None => None,
        };
        if count.is_none() && message.is_plural() {
            return Err(tera::Error::message(format!(
                "t(key=\"{key}\") has plural forms: give it `count=`"
            )));
        }
        let arg = |name: &str| {
            kwargs
                .get::<Value>(name)
                .ok()
                .flatten()
                .map(|v| Arg::from_value(&v))
        };
        Ok(Value::from(message.render(&self.formats, count, &arg)))
    }

    fn script_strings(&self, kwargs: &Kwargs) -> TeraResult<Value> {
        let keys: Vec<String> = kwargs.must_get("keys")?;
        let mut object = serde_json::Map::new();
        for key in keys {
            let message = self
                .messages
                .get(&key)
                .ok_or_else(|| unknown_key(&key, self))?;
            object.insert(key, message.to_json());
        }
        Ok(Value::from(serde_json::Value::Object(object).to_string()))
    }
}

fn unknown_key(key: &str, language: &Language) -> tera::Error {
    let hint = crate::diagnostic::closest(key, language.messages.keys().map(String::as_str))
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default();
    tera::Error::message(format!(
        "no string `{key}` in the theme's i18n/en.yaml{hint}"
    ))
}
