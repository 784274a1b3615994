//! What templates see: small serializable views of the dossier.
//!
//! List items are built once per build and shared between pages (tera values
//! are reference-counted), so that an entity page listing 5,000 stories does
//! not copy the dossier into its context.

use serde::Serialize;
use tera::Value;

use crate::config::{Config, Kind};
use crate::date::PubDate;
use crate::index::Dossier;
use crate::markdown::Bodies;
use crate::plan::{self, FEED_PATH};

/// `site` in every template.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    pub kinds: Vec<KindView<'a>>,
    pub feed_url: String,
    pub tags_url: String,
    pub timeline_url: String,
    pub search_url: String,
    pub stylesheet_url: String,
    pub story_count: usize,
}

#[derive(Serialize, Clone)]
pub struct KindView<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub singular: &'a str,
    pub schema: &'a str,
    pub url: String,
}

impl<'a> KindView<'a> {
    pub fn new(config: &Config, kind: &'a Kind) -> Self {
        KindView {
            key: &kind.key,
            title: &kind.title,
            singular: &kind.singular,
            schema: &kind.schema,
            url: config.base_url.link(&plan::kind_path(&kind.key)),
        }
    }
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config, dossier: &Dossier) -> Self {
        let base = &config.base_url;
        SiteView {
            title: &config.title,
            description: config.description.as_deref(),
            base_url: base.as_str(),
            base_path: base.path(),
            language: &config.language,
            kinds: config
                .kinds
                .iter()
                .map(|k| KindView::new(config, k))
                .collect(),
            feed_url: base.link(FEED_PATH),
            tags_url: base.link(plan::TAGS_PATH),
            timeline_url: base.link(plan::TIMELINE_PATH),
            search_url: base.link(plan::SEARCH_PATH),
            stylesheet_url: base.link("style.css"),
            story_count: dossier.stories.len(),
        }
    }
}

/// A date in the forms templates need.
#[derive(Serialize)]
pub struct DateView {
    /// `2013-06-17`, for `<time datetime>`.
    pub ymd: String,
    /// `2013-06-17T00:00:00Z`, for feeds and structured data.
    pub rfc3339: String,
    /// `17 June 2013`, for readers.
    pub human: String,
}

impl From<&PubDate> for DateView {
    fn from(date: &PubDate) -> Self {
        DateView {
            ymd: date.ymd(),
            rfc3339: date.rfc3339(),
            human: date.human(),
        }
    }
}

/// A story in a list: no body.
#[derive(Serialize)]
struct StoryItem<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    date: DateView,
    updated: DateView,
    summary: &'a str,
    source: Option<&'a str>,
    authors: &'a [String],
}

/// A link to an entity or tag, with its story count.
#[derive(Serialize)]
struct NamedLink<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

/// The list views of every story, entity and tag, built once per build.
pub struct Shared {
    pub stories: Vec<Value>,
    pub entities: Vec<Value>,
    pub tags: Vec<Value>,
    pub kinds: Vec<Value>,
    /// The permalink of each entity's page.
    pub entity_permalinks: Vec<String>,
    /// The summary of each story: its `summary`, else its first paragraph.
    pub summaries: Vec<String>,
}

impl Shared {
    pub fn new(config: &Config, dossier: &Dossier, bodies: &Bodies) -> Self {
        let base = &config.base_url;
        let summaries: Vec<String> = dossier
            .stories
            .iter()
            .zip(&bodies.stories)
            .map(|(s, b)| {
                s.summary
                    .clone()
                    .unwrap_or_else(|| b.first_paragraph.clone())
            })
            .collect();
        let stories = dossier
            .stories
            .iter()
            .zip(&summaries)
            .map(|(s, summary)| {
                let path = plan::story_path(&s.slug);
                Value::from_serializable(&StoryItem {
                    title: &s.title,
                    url: base.link(&path),
                    permalink: base.permalink(&path),
                    date: (&s.date).into(),
                    updated: s.updated.as_ref().unwrap_or(&s.date).into(),
                    summary,
                    source: s.source.as_deref(),
                    authors: &s.authors,
                })
            })
            .collect();
        let entity_paths: Vec<String> = dossier
            .entities
            .iter()
            .map(|e| plan::entity_path(&config.kinds[e.kind].key, &e.slug, 1))
            .collect();
        let entity_permalinks = entity_paths.iter().map(|p| base.permalink(p)).collect();
        let entities = dossier
            .entities
            .iter()
            .zip(&entity_paths)
            .map(|(e, path)| {
                Value::from_serializable(&NamedLink {
                    name: &e.name,
                    url: base.link(path),
                    count: e.stories.len(),
                })
            })
            .collect();
        let tags = dossier
            .tags
            .iter()
            .map(|t| {
                Value::from_serializable(&NamedLink {
                    name: &t.name,
                    url: base.link(&plan::tag_path(&t.slug, 1)),
                    count: t.stories.len(),
                })
            })
            .collect();
        let kinds = config
            .kinds
            .iter()
            .map(|k| Value::from_serializable(&KindView::new(config, k)))
            .collect();
        Shared {
            stories,
            entities,
            tags,
            kinds,
            entity_permalinks,
            summaries,
        }
    }

    pub fn story_list(&self, ids: &[usize]) -> Value {
        Value::from(
            ids.iter()
                .map(|&i| self.stories[i].clone())
                .collect::<Vec<_>>(),
        )
    }

    pub fn entity_list(&self, ids: impl IntoIterator<Item = usize>) -> Value {
        Value::from(
            ids.into_iter()
                .map(|i| self.entities[i].clone())
                .collect::<Vec<_>>(),
        )
    }
}

/// Where a paginated list is.
#[derive(Serialize)]
pub struct Pagination {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

/// `page` in every template: what `<head>` needs.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub permalink: String,
    /// `home`, `story`, `kind`, `entity`, `tags`, `tag`, `timeline`, `search`, `404`.
    pub kind: &'static str,
    /// The page's own Atom feed, if it has one.
    pub feed_url: Option<String>,
}
