//! What templates see: small serializable views of the dossier.
//!
//! List items are built once per build and shared between pages (tera values
//! are reference-counted), so that an entity page listing 5,000 stories does
//! not copy the dossier into its context.

use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use super::items::StoryItems;
use super::templates::Templates;
use crate::diagnostic::Diagnostic;
use crate::model::config::{Config, Kind};
use crate::model::date::PubDate;
use crate::model::url::{self, FEED_PATH, JSON_FEED_PATH};
use crate::pipeline::index::{Dossier, EntityId, StoryId, TagId};
use crate::pipeline::markdown::Bodies;
use crate::pipeline::parse::Story;
use crate::pipeline::render::i18n::Language;

/// `site` in every template.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    /// The CLDR locale dates and numbers follow: `en-GB`.
    pub locale: String,
    /// `en_GB`, for `og:locale`.
    pub og_locale: String,
    pub kinds: Vec<KindView<'a>>,
    pub feed_url: String,
    /// The site's JSON Feed, beside its Atom feed.
    pub json_feed_url: String,
    pub tags_url: String,
    pub timeline_url: String,
    /// The documents index, when the dossier has documents.
    pub documents_url: Option<String>,
    pub corrections_url: String,
    pub search_url: String,
    pub stylesheet_url: String,
    /// `/assange/`: where the site's files are, which every language shares.
    pub files_path: &'a str,
    pub story_count: usize,
    /// The standalone pages with a `menu` place, in its order.
    pub menu: Vec<MenuItem<'a>>,
}

/// A standalone page in the site menu.
#[derive(Serialize)]
pub(super) struct MenuItem<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub(super) struct KindView<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub singular: &'a str,
    pub schema: &'a str,
    pub url: String,
}

impl<'a> KindView<'a> {
    pub(super) fn new(config: &Config, kind: &'a Kind) -> Self {
        KindView {
            key: &kind.key,
            title: &kind.title,
            singular: &kind.singular,
            schema: &kind.schema,
            url: config.base_url.link(&url::kind_path(&kind.key)),
        }
    }
}

impl<'a> SiteView<'a> {
    pub(super) fn new(config: &'a Config, language: &Language, dossier: &'a Dossier) -> Self {
        let base = &config.base_url;
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: base.as_str(),
            base_path: base.path(),
            language: &config.language,
            locale: language.locale.to_string(),
            og_locale: language.og_locale(),
            kinds: config
                .kinds
                .iter()
                .map(|k| KindView::new(config, k))
                .collect(),
            feed_url: base.link(FEED_PATH),
            json_feed_url: base.link(JSON_FEED_PATH),
            tags_url: base.link(url::TAGS_PATH),
            timeline_url: base.link(url::TIMELINE_PATH),
            documents_url: (!dossier.documents.is_empty()).then(|| base.link(url::DOCUMENTS_PATH)),
            corrections_url: base.link(url::CORRECTIONS_PATH),
            search_url: base.link(url::SEARCH_PATH),
            stylesheet_url: base.file_link("style.css"),
            files_path: base.files_path(),
            story_count: dossier.stories.len(),
            menu: {
                let mut listed: Vec<_> =
                    dossier.pages.iter().filter(|p| p.menu.is_some()).collect();
                listed.sort_by(|a, b| (a.menu, &a.title).cmp(&(b.menu, &b.title)));
                listed
                    .into_iter()
                    .map(|p| MenuItem {
                        title: &p.title,
                        url: base.link(&url::page_path(&p.slug)),
                    })
                    .collect()
            },
        }
    }
}

/// A date in the forms templates need.
#[derive(Serialize, Hash, Clone)]
pub(super) struct DateView {
    /// `2013-06-17`, for `<time datetime>`.
    pub ymd: String,
    /// `2013-06-17T00:00:00Z`, for feeds and structured data.
    pub rfc3339: String,
    /// `17 June 2013`, for readers.
    pub human: String,
}

impl DateView {
    /// `date`, written for readers of `language`.
    pub(super) fn new(date: &PubDate, language: &Language) -> Self {
        DateView {
            ymd: date.ymd(),
            rfc3339: date.rfc3339(),
            human: language.date(date),
        }
    }
}

/// A story in a list: no body. Page signatures hash this same value, so
/// whatever a list shows of a story re-renders the lists that show it.
#[derive(Serialize, Hash)]
pub(super) struct StoryItem<'a> {
    title: &'a str,
    /// The language it is written in when that is not the page's.
    language: Option<&'a str>,
    url: String,
    permalink: String,
    date: DateView,
    updated: DateView,
    summary: &'a str,
    source: Option<&'a str>,
    authors: &'a [String],
}

impl<'a> StoryItem<'a> {
    /// The item of `story`, whose summary is `summary`.
    pub(super) fn new(
        config: &Config,
        story: &'a Story,
        summary: &'a str,
        dates: &StoryDates,
    ) -> Self {
        let path = url::story_path(&story.slug);
        let (url, permalink) = story_address(&config.base_url, story, &path);
        StoryItem {
            title: &story.title,
            url,
            permalink,
            language: story.language.as_deref(),
            date: dates.date.clone(),
            updated: dates.updated.clone(),
            summary,
            source: story.source.as_deref(),
            authors: &story.authors,
        }
    }
}

/// A path of `story`'s page (`stories/x/`, `stories/x/#correction-1`) as
/// a link and as an absolute URL: below this language's base, or the
/// original's, at the root, for a story in another language.
pub(super) fn story_address(
    base: &crate::model::url::BaseUrl,
    story: &Story,
    path: &str,
) -> (String, String) {
    match &story.language {
        None => (base.link(path), base.permalink(path)),
        Some(_) => (base.file_link(path), base.file_permalink(path)),
    }
}

/// A story's date and its latest change, written for readers once per
/// build: lists, signatures and cards all show them.
#[derive(Clone)]
pub(super) struct StoryDates {
    pub date: DateView,
    pub updated: DateView,
}

impl StoryDates {
    pub(super) fn new(story: &Story, language: &Language) -> Self {
        let date = DateView::new(&story.date, language);
        // Most stories never change: their latest change is their date.
        let updated = match story.modified() {
            modified if modified == story.date => date.clone(),
            modified => DateView::new(&modified, language),
        };
        StoryDates { date, updated }
    }
}

/// A link to an entity or tag, with its story count where the page lists
/// entities or tags by it: elsewhere (a story page) a new story would
/// change every page that links its entities, to show nothing new.
#[derive(Serialize)]
struct NamedLink<'a> {
    name: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

/// A link to an entity: a [`NamedLink`] with the `roles` a story page
/// fills in for the date of its story, and leaves empty everywhere else.
#[derive(Serialize)]
struct EntityLink<'a> {
    #[serde(flatten)]
    link: NamedLink<'a>,
    roles: [(); 0],
}

/// The theme's markup for one story in a list. When the theme has it, each
/// story item carries its `html`, rendered once for every list that shows
/// the story: related stories alone list each story on five pages, and
/// rendering its markup for each would be much of a story page's time.
pub(super) const STORY_ITEM_TEMPLATE: &str = "story_item.html";

/// The list views of stories, entities and tags. Each is built the first
/// time a page shows it and shared after (tera values are reference-counted):
/// a full build makes each once, a rebuild of one page only the few it shows.
pub(crate) struct Shared<'a> {
    config: &'a Config,
    dossier: &'a Dossier,
    bodies: &'a Bodies,
    templates: &'a Templates,
    /// Whether the theme has [`STORY_ITEM_TEMPLATE`].
    renders_items: bool,
    /// The first error met rendering a story item: it fails every page
    /// that shows one.
    item_error: OnceLock<Diagnostic>,
    /// Each story's item, from the last build when its story shows the same.
    items: &'a StoryItems,
    entities: Vec<OnceLock<Value>>,
    tags: Vec<OnceLock<Value>>,
    /// The links without counts.
    entity_names: Vec<OnceLock<Value>>,
    tag_names: Vec<OnceLock<Value>>,
    /// Each story page's JSON-LD names its entities by these.
    entity_permalinks: Vec<OnceLock<String>>,
    pub kinds: Vec<Value>,
}

fn unset<T>(len: usize) -> Vec<OnceLock<T>> {
    std::iter::repeat_with(OnceLock::new).take(len).collect()
}

impl<'a> Shared<'a> {
    pub(crate) fn new(
        config: &'a Config,
        dossier: &'a Dossier,
        bodies: &'a Bodies,
        templates: &'a Templates,
        items: &'a StoryItems,
    ) -> Self {
        let kinds = config
            .kinds
            .iter()
            .map(|k| Value::from_serializable(&KindView::new(config, k)))
            .collect();
        Shared {
            config,
            dossier,
            bodies,
            templates,
            renders_items: templates.tera.contains_template(STORY_ITEM_TEMPLATE),
            item_error: OnceLock::new(),
            items,
            entities: unset(dossier.entities.len()),
            tags: unset(dossier.tags.len()),
            entity_names: unset(dossier.entities.len()),
            tag_names: unset(dossier.tags.len()),
            entity_permalinks: unset(dossier.entities.len()),
            kinds,
        }
    }

    /// A story's summary: its `summary`, else its first paragraph.
    pub(crate) fn summary(&self, id: StoryId) -> &'a str {
        summary(self.dossier, self.bodies, id)
    }

    pub(crate) fn story(&self, id: StoryId) -> Value {
        let known = self.items.get(id);
        let init = || {
            let story = &self.dossier.stories[id];
            let item = StoryItem::new(self.config, story, self.summary(id), &known.dates);
            let item = Value::from_serializable(&item);
            if self.renders_items {
                self.with_html(item)
            } else {
                item
            }
        };
        known.value.get_or_init(init).clone()
    }

    /// `item` with `html`, its markup as [`STORY_ITEM_TEMPLATE`] renders it.
    fn with_html(&self, item: Value) -> Value {
        let mut context = Context::new();
        context.insert_value("item", item.clone());
        let rendered = self.templates.tera.render(STORY_ITEM_TEMPLATE, &context);
        // The context's copy gone, the map is not copied to be changed.
        drop(context);
        match rendered {
            Ok(html) => {
                let mut map = item.into_map().unwrap_or_default();
                map.insert("html".into(), Value::safe_string(&html));
                Value::from(map)
            }
            Err(error) => {
                self.item_error.get_or_init(|| {
                    self.templates
                        .diagnostic(&error, Some(STORY_ITEM_TEMPLATE), None)
                });
                item
            }
        }
    }

    /// The first error met rendering a story item, if any.
    pub(crate) fn item_error(&self) -> Option<&Diagnostic> {
        self.item_error.get()
    }

    /// A link to an entity, with its story count.
    pub(crate) fn entity(&self, id: EntityId) -> Value {
        let count = self.dossier.entities[id].stories.len();
        self.entities[id]
            .get_or_init(|| self.entity_link(id, Some(count)))
            .clone()
    }

    /// A link to an entity, without its story count.
    pub(crate) fn entity_named(&self, id: EntityId) -> Value {
        self.entity_names[id]
            .get_or_init(|| self.entity_link(id, None))
            .clone()
    }

    fn entity_link(&self, id: EntityId, count: Option<usize>) -> Value {
        Value::from_serializable(&EntityLink {
            link: NamedLink {
                name: &self.dossier.entities[id].name,
                url: self.config.base_url.link(&self.entity_path(id)),
                count,
            },
            roles: [],
        })
    }

    /// A link to a tag, with its story count.
    pub(crate) fn tag(&self, id: TagId) -> Value {
        let count = self.dossier.tags[id].stories.len();
        self.tags[id]
            .get_or_init(|| self.tag_link(id, Some(count)))
            .clone()
    }

    /// A link to a tag, without its story count.
    pub(crate) fn tag_named(&self, id: TagId) -> Value {
        self.tag_names[id]
            .get_or_init(|| self.tag_link(id, None))
            .clone()
    }

    fn tag_link(&self, id: TagId, count: Option<usize>) -> Value {
        let t = &self.dossier.tags[id];
        Value::from_serializable(&NamedLink {
            name: &t.name,
            url: self.config.base_url.link(&url::tag_path(&t.slug, 1)),
            count,
        })
    }

    /// The permalink of an entity's page, which is also its JSON-LD `@id`.
    pub(crate) fn entity_permalink(&self, id: EntityId) -> &str {
        self.entity_permalinks[id]
            .get_or_init(|| self.config.base_url.permalink(&self.entity_path(id)))
    }

    /// The path of an entity's (first) page.
    pub(crate) fn entity_path(&self, id: EntityId) -> String {
        let e = &self.dossier.entities[id];
        url::entity_path(&self.config.kinds[e.kind].key, &e.slug, 1)
    }

    pub(crate) fn story_list(&self, ids: &[StoryId]) -> Value {
        Value::from(ids.iter().map(|&i| self.story(i)).collect::<Vec<_>>())
    }

    pub(crate) fn entity_list(&self, ids: impl IntoIterator<Item = EntityId>) -> Value {
        Value::from(ids.into_iter().map(|i| self.entity(i)).collect::<Vec<_>>())
    }

    pub(crate) fn tag_list(&self) -> Value {
        Value::from(
            TagId::all(self.tags.len())
                .map(|i| self.tag(i))
                .collect::<Vec<_>>(),
        )
    }
}

/// A story's summary: its `summary`, else its first paragraph.
pub(super) fn summary<'a>(dossier: &'a Dossier, bodies: &'a Bodies, id: StoryId) -> &'a str {
    dossier.stories[id]
        .summary
        .as_deref()
        .unwrap_or(&bodies.stories[id].first_paragraph)
}

/// Where a paginated list is.
#[derive(Serialize)]
pub(super) struct Pagination {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

/// `page` in every template: what `<head>` needs.
#[derive(Serialize)]
pub(super) struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// What the page is shared with: its own image, else its social card.
    pub image: Option<super::cards::SocialImage>,
    pub url: String,
    pub permalink: String,
    /// `home`, `story`, `kind`, `entity`, `tags`, `tag`, `timeline`, `search`, `404`.
    pub kind: &'static str,
    /// The page's own Atom feed, if it has one.
    pub feed_url: Option<String>,
    /// The same feed as JSON Feed.
    pub json_feed_url: Option<String>,
    /// The page in each of its languages, this one included; empty when
    /// it is in one.
    pub translations: Vec<super::alternates::Translation<'a>>,
}
