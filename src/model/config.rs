//! `dossier.yaml`: the site's settings.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::frontmatter::YamlDoc;
use crate::model::slug::{MAX_SLUG_LEN, slugify};
use crate::model::url::BaseUrl;

/// The configuration file, at the root of every site.
pub const CONFIG_FILE: &str = "dossier.yaml";

/// Folders of the URL map (and `content/pages/`) that an entity kind or a
/// page must not take.
pub const RESERVED_ROUTES: &[&str] = &[
    "pages",
    "stories",
    "tags",
    "timeline",
    "search",
    "page",
    "corrections",
    "documents",
];

/// The site's settings, as `dossier.yaml` gives them, with the defaults
/// filled in.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Config {
    /// The site's name, as `site.title` in every template: the publisher
    /// of its stories, and the home page's title unless `content/_index.md`
    /// gives one.
    pub title: String,
    /// A line about the site, as `site.description`: the home page's
    /// description unless `content/_index.md` gives one.
    pub description: Option<String>,
    /// Where the site is published; its path part prefixes every link.
    pub base_url: BaseUrl,
    /// The pages' language tag (`lang`, the feeds' `xml:lang`); `en` by default.
    pub language: String,
    /// The dossier's other languages, in the order `languages:` gives them:
    /// their pages are under `/<tag>/`.
    pub languages: Vec<LanguageSettings>,
    /// What the other languages do with a story that has no translation
    /// into them.
    pub untranslated: Untranslated,
    /// The tags' names in this language, by slug, where it has words of
    /// its own for them; else the name most stories use.
    pub tag_names: BTreeMap<String, String>,
    /// The theme: the site's `themes/<theme>/` when it has one, else the
    /// embedded theme, which only `default` names.
    pub theme: String,
    /// The entity kinds, in menu order; the three defaults when not given.
    pub kinds: Vec<Kind>,
    /// Stories per entity or tag page (50 by default); at least 1.
    pub paginate: usize,
    /// Whether story text is searched for entity names to link (true by
    /// default); a story's own `autolink` overrides it.
    pub autolink: bool,
    /// Entries per feed (20 by default).
    pub feed_limit: usize,
    /// What an entry of the site's, a tag's or the corrections' feed
    /// carries of its story (its whole text by default).
    pub feed_content: FeedContent,
    /// What an entry of an entity's feed carries (its summary by default:
    /// a site has as many entity feeds as names, 2,000 at 10,000 stories,
    /// and with every text they would be most of its output).
    pub entity_feed_content: FeedContent,
    /// Who the bylines are, by the name stories give: feeds and JSON-LD
    /// describe a byline listed here as a person or an organization with
    /// its address, and any other as a person.
    pub authors: BTreeMap<String, Author>,
    /// Whether pages without an image of their own get a social card
    /// (true by default).
    pub social_cards: bool,
    /// What HTML written in stories and profiles may do (sanitized by default).
    pub raw_html: RawHtml,
    /// The hosts whose pages raw HTML may embed in an `<iframe>` when it is
    /// sanitized (`www.documentcloud.org`); none by default.
    pub embed_hosts: Vec<String>,
}

/// The `raw_html` setting: what becomes of HTML an author writes in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RawHtml {
    /// Harmless markup is kept; scripts, event handlers, `javascript:` and
    /// `data:` URLs, styles, forms and iframes from hosts not in
    /// `embed_hosts` are removed.
    #[default]
    Sanitize,
    /// Kept as written: for sites whose authors are all trusted.
    Allow,
    /// Shown as text, the way it was typed.
    Escape,
}

impl RawHtml {
    /// The setting's values, as `dossier.yaml` writes them.
    pub const NAMES: [&str; 3] = ["sanitize", "allow", "escape"];

    fn from_name(name: &str) -> Option<RawHtml> {
        match name {
            "sanitize" => Some(RawHtml::Sanitize),
            "allow" => Some(RawHtml::Allow),
            "escape" => Some(RawHtml::Escape),
            _ => None,
        }
    }
}

/// The `feed_content` and `entity_feed_content` settings: what a feed
/// entry carries of its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedContent {
    /// The story's whole text, as its page shows it, and its summary.
    Full,
    /// Only its summary: for a site that wants readers on its pages.
    Summary,
}

impl FeedContent {
    /// The setting's values, as `dossier.yaml` writes them.
    pub const NAMES: [&str; 2] = ["full", "summary"];

    fn from_name(name: &str) -> Option<FeedContent> {
        match name {
            "full" => Some(FeedContent::Full),
            "summary" => Some(FeedContent::Summary),
            _ => None,
        }
    }
}

/// A byline as `authors:` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Author {
    /// An organization (a desk, an agency) rather than a person.
    pub organization: bool,
    /// Its page, absolute: a page of the site given as `/path/`, or an
    /// address elsewhere.
    pub url: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorFields {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
}

/// The `untranslated` setting: what a language's pages do with a story
/// that has no translation into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Untranslated {
    /// Listed like the others, in its original words and marked with its
    /// language; its link leads to the original's page.
    #[default]
    Show,
    /// Left out of the language's lists, feeds and search; its entities
    /// still have pages there, and a relation it is the source of links to
    /// the original.
    Hide,
}

impl Untranslated {
    /// The setting's values, as `dossier.yaml` writes them.
    pub const NAMES: [&str; 2] = ["show", "hide"];

    fn from_name(name: &str) -> Option<Untranslated> {
        match name {
            "show" => Some(Untranslated::Show),
            "hide" => Some(Untranslated::Hide),
            _ => None,
        }
    }
}

/// An entity kind: `people`, `organizations`, `places` or one of the site's own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Kind {
    /// The front matter key, the content folder and the URL folder.
    pub key: String,
    /// The plural heading of its pages and menus: `People`.
    pub title: String,
    /// One entity's label: `Person` (the title when not given).
    pub singular: String,
    /// The schema.org type of its entities.
    pub schema: String,
    /// Whether it is one of the kinds a site has when `dossier.yaml` names
    /// none, whose titles come from the interface's language.
    pub built_in: bool,
}

/// One of the dossier's other languages.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageSettings {
    /// Its BCP 47 tag, in canonical form: `es`, `pt-BR`.
    pub tag: String,
    /// The site's title in it; the default language's when not given.
    pub title: Option<String>,
    /// The site's description in it.
    pub description: Option<String>,
    /// The kinds' words in it, by key, for kinds whose titles `kinds:` gives.
    pub kinds: BTreeMap<String, KindWords>,
    /// The tags' names in it, by slug.
    pub tags: BTreeMap<String, String>,
    /// Where `languages:` is in dossier.yaml (line, column).
    pub at: (usize, usize),
}

/// A kind's title and singular in another language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindWords {
    /// The plural heading: `Buques`.
    pub title: Option<String>,
    /// One entity's label: `Buque`.
    pub singular: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LanguageFields {
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    kinds: BTreeMap<String, KindWords>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindSettings {
    title: Option<String>,
    singular: Option<String>,
    schema: Option<String>,
}

fn default_kinds() -> Vec<Kind> {
    [
        ("people", "People", "Person", "Person"),
        (
            "organizations",
            "Organizations",
            "Organization",
            "Organization",
        ),
        ("places", "Places", "Place", "Place"),
    ]
    .into_iter()
    .map(|(key, title, singular, schema)| Kind {
        key: key.into(),
        title: title.into(),
        singular: singular.into(),
        schema: schema.into(),
        built_in: true,
    })
    .collect()
}

impl Config {
    /// The settings of the site in another of its languages: its pages
    /// under `/<tag>/`, its title and description, its kinds' titles.
    pub fn for_language(
        &self,
        settings: &LanguageSettings,
        text: impl Fn(&str) -> String,
    ) -> Config {
        let mut config = self.clone();
        config.language = settings.tag.clone();
        config.base_url = self.base_url.for_language(&settings.tag);
        if let Some(title) = &settings.title {
            config.title = title.clone();
        }
        if settings.description.is_some() {
            config.description = settings.description.clone();
        }
        config.localize_kinds(text);
        for kind in &mut config.kinds {
            if let Some(words) = settings.kinds.get(&kind.key) {
                kind.title = words
                    .title
                    .clone()
                    .unwrap_or(std::mem::take(&mut kind.title));
                kind.singular = words
                    .singular
                    .clone()
                    .unwrap_or(std::mem::take(&mut kind.singular));
            }
        }
        config.tag_names = (settings.tags.iter())
            .map(|(tag, name)| (slugify(tag), name.clone()))
            .collect();
        config
    }

    /// Gives the built-in kinds their titles in the interface's language:
    /// `text` is the string of a key such as `kind_people`.
    pub fn localize_kinds(&mut self, text: impl Fn(&str) -> String) {
        for kind in self.kinds.iter_mut().filter(|k| k.built_in) {
            kind.title = text(&format!("kind_{}", kind.key));
            kind.singular = text(&format!("kind_{}", kind.schema.to_lowercase()));
        }
    }

    /// A warning when the site is published below the host's root: its
    /// `robots.txt` is written where crawlers never look for one, and must
    /// be copied to the root by hand. `text` is `path`'s, to point at
    /// `base_url` in it; `given` is how the base URL was given when not
    /// there (`--base-url`).
    pub fn robots_warning(
        &self,
        path: &Path,
        text: &str,
        given: Option<&str>,
    ) -> Option<Diagnostic> {
        if self.base_url.path() == "/" {
            return None;
        }
        let (line, column) =
            YamlDoc::parse(path, text, 1).map_or((1, 1), |doc| doc.value_position("base_url"));
        let url = self.base_url.as_str();
        let host = url.strip_suffix(self.base_url.path()).unwrap_or(url);
        Some(
            Diagnostic::warning(
                Code::RobotsBelowRoot,
                path,
                line,
                column,
                format!(
                    "the site is published at {url}{}, so its robots.txt is too; crawlers only read {host}/robots.txt",
                    given.map(|g| format!(" ({g})")).unwrap_or_default()
                ),
            )
            .with_hint("copy the output's robots.txt to the root of the host, or add its Sitemap line to the robots.txt there"),
        )
    }

    /// Reads the configuration text of `path`; every problem becomes a diagnostic.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut doc = YamlDoc::parse(path, text, 1).map_err(|d| vec![d])?;
        let mut diagnostics = Vec::new();
        let d = &mut diagnostics;
        let title: Option<String> = doc.require("title", "the site's title, as text", d);
        let description = doc.take("description", "text", d);
        let base_url = Self::base_url(&mut doc, d);
        let language = Self::language(&mut doc, d);
        let kinds = Self::kinds(&mut doc, d);
        let languages = Self::languages(&mut doc, language.as_deref().unwrap_or("en"), &kinds, d);
        let theme = doc.take("theme", "the name of a theme folder, such as `default`", d);
        let paginate: Option<usize> = doc.take("paginate", "a whole number of stories per page", d);
        let autolink = doc.take("autolink", "true or false", d);
        let feed_limit = doc.take("feed_limit", "a whole number of entries per feed", d);
        let feed_content = Self::feed_content(
            &mut doc,
            d,
            "feed_content",
            "`full` (the default) or `summary`",
        )
        .unwrap_or(FeedContent::Full);
        let entity_feed_content = Self::feed_content(
            &mut doc,
            d,
            "entity_feed_content",
            "`summary` (the default) or `full`",
        )
        .unwrap_or(FeedContent::Summary);
        let authors = base_url
            .as_ref()
            .map(|base| Self::authors(&mut doc, base, d))
            .unwrap_or_default();
        let social_cards = doc.take("social_cards", "true or false", d);
        let raw_html = Self::raw_html(&mut doc, d);
        let untranslated = Self::untranslated(&mut doc, d);
        let embed_hosts = Self::embed_hosts(&mut doc, d);
        if paginate == Some(0) {
            let (line, col) = doc.value_position("paginate");
            d.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    path,
                    line,
                    col,
                    "`paginate` must be at least 1",
                )
                .with_hint("use the number of stories to show per entity or tag page, e.g. 50"),
            );
        }
        doc.reject_unknown_keys(d);
        match (title, base_url) {
            (Some(title), Some(base_url)) if diagnostics.is_empty() => Ok(Config {
                title,
                description,
                base_url,
                language: language.unwrap_or_else(|| "en".into()),
                languages,
                untranslated,
                tag_names: BTreeMap::new(),
                theme: theme.unwrap_or_else(|| "default".into()),
                kinds,
                paginate: paginate.unwrap_or(50),
                autolink: autolink.unwrap_or(true),
                feed_limit: feed_limit.unwrap_or(20),
                feed_content,
                entity_feed_content,
                authors,
                social_cards: social_cards.unwrap_or(true),
                raw_html,
                embed_hosts,
            }),
            _ => Err(diagnostics),
        }
    }

    /// `language`, in the canonical form of its BCP 47 tag (`pt-BR`).
    fn language(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Option<String> {
        let text: String = doc.take("language", "a language tag such as `en`", d)?;
        match text.trim().parse::<icu_locale_core::LanguageIdentifier>() {
            Ok(tag) => Some(tag.to_string()),
            Err(_) => {
                let (line, col) = doc.value_position("language");
                d.push(
                    Diagnostic::error(
                        Code::InvalidLanguageTag,
                        doc.path(),
                        line,
                        col,
                        format!("`{text}` is not a BCP 47 language tag"),
                    )
                    .with_hint("write a tag such as `en`, `es`, `pt-BR` or `sr-Latn`"),
                );
                None
            }
        }
    }

    /// `languages:`, the dossier's other languages, each a BCP 47 tag that
    /// is neither the default language nor a folder of the site.
    fn languages(
        doc: &mut YamlDoc,
        default: &str,
        kinds: &[Kind],
        d: &mut Vec<Diagnostic>,
    ) -> Vec<LanguageSettings> {
        let (line, col) = doc.value_position("languages");
        let expected = "a map of language tags, e.g. `es: { title: El expediente Assange }`";
        let Some(map) = doc.take::<serde_yaml::Mapping>("languages", expected, d) else {
            return Vec::new();
        };
        let mut languages: Vec<LanguageSettings> = Vec::new();
        let path = doc.path();
        let mut error = |code: Code, message: String, hint: &str| {
            d.push(Diagnostic::error(code, path, line, col, message).with_hint(hint.to_string()));
        };
        for (key, value) in map {
            let text = key.as_str().unwrap_or_default().to_string();
            let Ok(tag) = text.parse::<icu_locale_core::LanguageIdentifier>() else {
                error(
                    Code::InvalidLanguageTag,
                    format!("`{text}` is not a BCP 47 language tag"),
                    "write a tag such as `es`, `sv` or `pt-BR`",
                );
                continue;
            };
            let tag = tag.to_string();
            if tag == default {
                error(
                    Code::InvalidValue,
                    format!("`{tag}` is the default language already (`language: {default}`)"),
                    "list only the other languages under `languages:`",
                );
                continue;
            }
            if RESERVED_ROUTES.contains(&tag.as_str()) {
                error(
                    Code::InvalidValue,
                    format!("`{tag}` is a folder of the site: it cannot be a language"),
                    "use the language's BCP 47 tag",
                );
                continue;
            }
            let fields: LanguageFields = match serde_yaml::from_value(value.clone()) {
                Ok(fields) => fields,
                Err(_) if value.is_null() => LanguageFields::default(),
                Err(e) => {
                    error(
                        Code::InvalidValue,
                        format!("language `{tag}`: {e}"),
                        "each language takes `title`, `description`, `kinds` and `tags`",
                    );
                    continue;
                }
            };
            let keys = kinds.iter().map(|k| k.key.as_str());
            if let Some(unknown) = fields
                .kinds
                .keys()
                .find(|k| !keys.clone().any(|key| key == *k))
            {
                let hint = match crate::diagnostic::closest(unknown, keys.clone()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("the kinds are {}", keys.collect::<Vec<_>>().join(", ")),
                };
                error(
                    Code::UnknownKey,
                    format!(
                        "language `{tag}`: `kinds` names `{unknown}`, which is no kind of the site"
                    ),
                    &hint,
                );
                continue;
            }
            languages.push(LanguageSettings {
                tag,
                title: fields.title,
                description: fields.description,
                kinds: fields.kinds,
                tags: fields.tags,
                at: (line, col),
            });
        }
        languages
    }

    fn raw_html(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> RawHtml {
        let expected = "one of `sanitize` (the default), `allow` or `escape`";
        Self::one_of(
            doc,
            d,
            "raw_html",
            expected,
            &RawHtml::NAMES,
            RawHtml::from_name,
        )
    }

    /// `key`, a [`FeedContent`]; `None` when not given (or not one).
    fn feed_content(
        doc: &mut YamlDoc,
        d: &mut Vec<Diagnostic>,
        key: &str,
        expected: &str,
    ) -> Option<FeedContent> {
        Self::one_of(doc, d, key, expected, &FeedContent::NAMES, |name| {
            FeedContent::from_name(name).map(Some)
        })
    }

    /// `authors:`, each byline's type and address.
    fn authors(
        doc: &mut YamlDoc,
        base: &BaseUrl,
        d: &mut Vec<Diagnostic>,
    ) -> BTreeMap<String, Author> {
        let (line, col) = doc.value_position("authors");
        let expected = "a map of bylines, e.g. `Jane Roe: { url: https://example.org/jane-roe }` or `News Desk: { type: organization }`";
        let Some(map) = doc.take::<serde_yaml::Mapping>("authors", expected, d) else {
            return BTreeMap::new();
        };
        let path = doc.path();
        let mut error = |message: String, hint: &str| {
            d.push(
                Diagnostic::error(Code::InvalidValue, path, line, col, message)
                    .with_hint(hint.to_string()),
            );
        };
        let mut authors = BTreeMap::new();
        for (key, value) in map {
            let Some(name) = key.as_str().map(str::trim).filter(|n| !n.is_empty()) else {
                error("a byline under `authors:` must be a name".into(), expected);
                continue;
            };
            let fields: AuthorFields = match serde_yaml::from_value(value) {
                Ok(fields) => fields,
                Err(e) => {
                    error(format!("author `{name}`: {e}"), expected);
                    continue;
                }
            };
            let organization = match fields.kind.as_deref().map(str::trim) {
                None | Some("person") => false,
                Some("organization") => true,
                Some(other) => {
                    error(
                        format!(
                            "author `{name}`: `type: {other}` is neither `person` nor `organization`"
                        ),
                        "write `type: organization` for a desk or an agency; a person needs no type",
                    );
                    continue;
                }
            };
            let url = match fields.url.as_deref().map(str::trim) {
                None => None,
                Some(url) if crate::model::url::is_web_address(url) => Some(url.to_string()),
                Some(url) if url.starts_with('/') && !url.starts_with("//") => {
                    Some(base.permalink(&url[1..]))
                }
                Some(url) => {
                    error(
                        format!(
                            "author `{name}`: `url: {url}` is neither a web address nor a path of the site"
                        ),
                        "write a page of the site as `/pages/about/`, or an address starting with https://",
                    );
                    continue;
                }
            };
            authors.insert(name.to_string(), Author { organization, url });
        }
        authors
    }

    fn untranslated(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Untranslated {
        let expected = "`show` (the default) or `hide`";
        Self::one_of(
            doc,
            d,
            "untranslated",
            expected,
            &Untranslated::NAMES,
            Untranslated::from_name,
        )
    }

    /// The setting `key`, one of `names`; the default when absent, and an
    /// error naming the closest when it is none of them.
    fn one_of<T: Default>(
        doc: &mut YamlDoc,
        d: &mut Vec<Diagnostic>,
        key: &str,
        expected: &str,
        names: &[&str],
        from_name: fn(&str) -> Option<T>,
    ) -> T {
        let Some(name) = doc.take::<String>(key, expected, d) else {
            return T::default();
        };
        from_name(name.trim()).unwrap_or_else(|| {
            let (line, col) = doc.value_position(key);
            let hint = match crate::diagnostic::closest(name.trim(), names.iter().copied()) {
                Some(near) => format!("did you mean `{near}`? `{key}` is {expected}"),
                None => format!("`{key}` is {expected}"),
            };
            d.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    doc.path(),
                    line,
                    col,
                    format!("unknown `{key}` value `{name}`"),
                )
                .with_hint(hint),
            );
            T::default()
        })
    }

    fn embed_hosts(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Vec<String> {
        let expected =
            "a list of host names, e.g. `[www.documentcloud.org, www.youtube-nocookie.com]`";
        let hosts: Vec<String> = doc.take("embed_hosts", expected, d).unwrap_or_default();
        let valid = |host: &str| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        };
        if let Some(bad) = hosts.iter().find(|h| !valid(h.trim())) {
            let (line, col) = doc.value_position("embed_hosts");
            d.push(
                Diagnostic::error(
                    Code::InvalidValue,
                    doc.path(),
                    line,
                    col,
                    format!("`{bad}` is not a host name"),
                )
                .with_hint(
                    "write the host alone, without `https://` or a path: `www.documentcloud.org`",
                ),
            );
        }
        hosts
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect()
    }

    fn base_url(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Option<BaseUrl> {
        let text: String = doc.require(
            "base_url",
            "the site's public URL, e.g. https://example.org/",
            d,
        )?;
        BaseUrl::parse(&text)
            .map_err(|why| {
                let (line, col) = doc.value_position("base_url");
                d.push(
                    Diagnostic::error(Code::InvalidUrl, doc.path(), line, col, format!("invalid `base_url`: {why}"))
                        .with_hint("write the full address the site is served from, e.g. https://example.org/dossiers/assange/"),
                );
            })
            .ok()
    }

    fn kinds(doc: &mut YamlDoc, d: &mut Vec<Diagnostic>) -> Vec<Kind> {
        let (line, col) = doc.value_position("kinds");
        let expected =
            "a map of kinds, e.g. `people: { title: People, singular: Person, schema: Person }`";
        let Some(settings) = doc.take::<serde_yaml::Mapping>("kinds", expected, d) else {
            return default_kinds();
        };
        let mut kinds = Vec::new();
        for (key, value) in settings {
            let Some(key) = key.as_str().map(str::to_string) else {
                d.push(Diagnostic::error(
                    Code::InvalidValue,
                    doc.path(),
                    line,
                    col,
                    "a kind's name must be text",
                ));
                continue;
            };
            if let Some(problem) = kind_key_problem(&key) {
                d.push(
                    Diagnostic::error(Code::InvalidValue, doc.path(), line, col, format!("kind `{key}` {problem}"))
                        .with_hint("name kinds with lower-case words such as `people`, `vessels` or `companies`"),
                );
                continue;
            }
            let settings: KindSettings = match serde_yaml::from_value(value) {
                Ok(s) => s,
                Err(e) => {
                    d.push(
                        Diagnostic::error(
                            Code::InvalidValue,
                            doc.path(),
                            line,
                            col,
                            format!("kind `{key}`: {e}"),
                        )
                        .with_hint("each kind takes `title`, `singular` and `schema`"),
                    );
                    continue;
                }
            };
            let title = settings.title.unwrap_or_else(|| capitalize(&key));
            kinds.push(Kind {
                singular: settings.singular.unwrap_or_else(|| title.clone()),
                schema: settings.schema.unwrap_or_else(|| "Thing".into()),
                title,
                key,
                built_in: false,
            });
        }
        kinds
    }
}

fn kind_key_problem(key: &str) -> Option<&'static str> {
    if RESERVED_ROUTES.contains(&key) {
        Some("collides with a built-in page of the same name")
    } else if slugify(key) != key {
        Some("must be lower-case letters, digits and dashes, to be a URL folder")
    } else if key.len() > MAX_SLUG_LEN {
        Some("is too long to be a URL folder")
    } else {
        None
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(Path::new(CONFIG_FILE), text)
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse("title: T\nbase_url: https://example.org").unwrap();
        assert_eq!(c.base_url.as_str(), "https://example.org/");
        assert_eq!(c.base_url.path(), "/");
        assert_eq!(c.kinds.len(), 3);
        assert_eq!((c.paginate, c.autolink, c.feed_limit), (50, true, 20));
    }

    #[test]
    fn base_url_path_is_kept() {
        let b = BaseUrl::parse("https://example.org/dossiers/assange").unwrap();
        assert_eq!(b.link("stories/a/"), "/dossiers/assange/stories/a/");
        assert_eq!(b.permalink(""), "https://example.org/dossiers/assange/");
        assert!(BaseUrl::parse("example.org").is_err());
    }

    #[test]
    fn unknown_key_names_the_closest() {
        let errors = parse("title: T\nbase_url: https://e.org/\nfeed_limt: 3").unwrap_err();
        assert_eq!(errors[0].line, 3);
        assert_eq!(
            errors[0].hint.as_deref(),
            Some("did you mean `feed_limit`?")
        );
    }

    #[test]
    fn reserved_kind_names_are_rejected() {
        let errors =
            parse("title: T\nbase_url: https://e.org/\nkinds:\n  tags: {title: Tags}").unwrap_err();
        assert!(errors[0].message.contains("collides"), "{}", errors[0]);
    }

    #[test]
    fn empty_required_keys_are_reported() {
        // They once failed the build with "0 problem(s)" and no place.
        let errors = parse("title: T\nbase_url:\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 2);
        assert!(
            errors[0].message.contains("`base_url` is empty"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn missing_title_is_reported() {
        let errors = parse("base_url: https://e.org/").unwrap_err();
        assert!(errors[0].message.contains("`title` is missing"));
    }
}
