//! The contexts of the machine-read files: Atom feeds, sitemaps and
//! robots.txt, with the dates they report.

use serde::Serialize;
use tera::Context;

use super::Renderer;
use crate::model::date::PubDate;
use crate::model::url::{self, FEED_PATH};
use crate::pipeline::index::{EntityId, StoryId, TagId};
use crate::pipeline::plan::{PageKind, SITEMAP_LIMIT};

impl<'a> Renderer<'a> {
    /// The latest change of a story: its date, `updated` date or latest
    /// correction.
    pub(super) fn modified(&self, id: StoryId) -> PubDate {
        self.dossier.stories[id].modified()
    }

    /// The latest change among `stories`, or in the whole site when there
    /// are none; `None` for a site without stories.
    pub(super) fn latest(&self, stories: &[StoryId]) -> Option<PubDate> {
        match stories.iter().map(|&s| self.modified(s)).max() {
            Some(latest) => Some(latest),
            None => self.lastmods().site,
        }
    }

    /// [`Renderer::latest`] as feeds and sitemaps write it.
    pub(super) fn latest_change(&self, stories: &[StoryId]) -> String {
        rfc3339(self.latest(stories))
    }

    pub(super) fn feed(
        &self,
        (title, subtitle): (&str, Option<String>),
        html_path: &str,
        stories: &[StoryId],
    ) -> Context {
        let limit = self.config.feed_limit.min(stories.len());
        let mut context = Context::new();
        context.insert(
            "feed",
            &FeedView {
                title,
                subtitle,
                id: self.permalink(html_path),
                url: self.permalink(html_path),
                self_url: self.permalink(&format!("{html_path}{FEED_PATH}")),
                updated: self.latest_change(&stories[..limit]),
            },
        );
        context.insert_value("entries", self.shared().story_list(&stories[..limit]));
        context
    }

    pub(super) fn site_feed(&self) -> Context {
        let newest: Vec<StoryId> = self.dossier.newest_first().collect();
        let subtitle = self.config.description.clone();
        self.feed((&self.config.title, subtitle), "", &newest)
    }

    pub(super) fn entity_feed(&self, id: EntityId) -> Context {
        let entity = &self.dossier.entities[id];
        let kind = &self.config.kinds[entity.kind].key;
        let title = format!("{} — {}", entity.name, self.config.title);
        let profile = entity.profile.map(|p| &self.dossier.profiles[p]);
        let subtitle = match profile.and_then(|p| p.description.clone()) {
            Some(description) => description,
            None => self.language().text(
                "feed_entity_subtitle",
                &[
                    ("site", self.config.title.as_str().into()),
                    ("name", entity.name.as_str().into()),
                ],
            ),
        };
        self.feed(
            (&title, Some(subtitle)),
            &url::entity_path(kind, &entity.slug, 1),
            &entity.stories,
        )
    }

    pub(super) fn tag_feed(&self, id: TagId) -> Context {
        let tag = &self.dossier.tags[id];
        let title = format!("{} — {}", tag.name, self.config.title);
        let subtitle = self.language().text(
            "feed_tag_subtitle",
            &[
                ("site", self.config.title.as_str().into()),
                ("tag", tag.name.as_str().into()),
            ],
        );
        self.feed(
            (&title, Some(subtitle)),
            &url::tag_path(&tag.slug, 1),
            &tag.stories,
        )
    }

    /// When a page last changed, for the sitemap: the newest story it shows.
    /// Every entity's and tag's latest change, and the site's: every page
    /// of an entity or tag has the same, and the sitemap (and its signature)
    /// asks for each page, so each is worked out once.
    pub(super) fn lastmods(&self) -> &Lastmods {
        self.lastmods.get_or_init(|| {
            let latest = |stories: &[StoryId]| stories.iter().map(|&s| self.modified(s)).max();
            Lastmods {
                entities: self
                    .dossier
                    .entities
                    .iter()
                    .map(|e| latest(&e.stories))
                    .collect(),
                tags: self
                    .dossier
                    .tags
                    .iter()
                    .map(|t| latest(&t.stories))
                    .collect(),
                site: StoryId::all(self.dossier.stories.len())
                    .map(|s| self.modified(s))
                    .max(),
            }
        })
    }

    /// When a page last changed, for the sitemap.
    pub(super) fn lastmod_date(&self, kind: PageKind) -> Option<PubDate> {
        let lastmods = self.lastmods();
        match kind {
            PageKind::Story(id) => Some(self.modified(id)),
            PageKind::Entity { entity, .. } => lastmods.entities[entity],
            PageKind::Tag { tag, .. } => lastmods.tags[tag],
            // A document's page changes as the stories citing it do.
            PageKind::Document(id) => {
                let citers = &self.dossier.document_citers[id];
                citers
                    .iter()
                    .map(|&s| self.modified(s))
                    .max()
                    .or(lastmods.site)
            }
            _ => lastmods.site,
        }
    }

    pub(super) fn lastmod(&self, kind: PageKind) -> String {
        rfc3339(self.lastmod_date(kind))
    }

    pub(super) fn sitemap(&self, part: Option<usize>) -> Context {
        let skip = part.map_or(0, |p| (p - 1) * SITEMAP_LIMIT);
        let urls: Vec<SitemapUrl> = self
            .pages
            .iter()
            .filter(|p| p.is_listed())
            .skip(skip)
            .take(SITEMAP_LIMIT)
            .map(|p| SitemapUrl {
                loc: self.permalink(&p.site_path),
                lastmod: self.lastmod(p.kind),
                alternates: self.translations(&p.site_path),
            })
            .collect();
        let mut context = Context::new();
        context.insert("urls", &urls);
        context
    }

    pub(super) fn sitemap_index(&self, parts: usize) -> Context {
        let lastmod = self.latest_change(&[]);
        let sitemaps: Vec<SitemapUrl> = (1..=parts)
            .map(|p| SitemapUrl {
                loc: self.permalink(&format!("sitemap-{p}.xml")),
                lastmod: lastmod.clone(),
                alternates: Vec::new(),
            })
            .collect();
        let mut context = Context::new();
        context.insert("sitemaps", &sitemaps);
        context
    }

    pub(super) fn robots(&self) -> Context {
        let mut context = Context::new();
        context.insert("sitemap_url", &self.permalink("sitemap.xml"));
        // Each language has its own sitemap, under its own folder.
        let others: Vec<String> = self
            .config
            .languages
            .iter()
            .map(|l| {
                self.config
                    .base_url
                    .file_permalink(&format!("{}/sitemap.xml", l.tag))
            })
            .collect();
        context.insert("language_sitemaps", &others);
        context
    }
}

/// When pages last changed, for the sitemap: RFC 3339 dates.
pub(super) struct Lastmods {
    entities: Vec<Option<PubDate>>,
    tags: Vec<Option<PubDate>>,
    /// Of the whole site, for pages that show everything.
    site: Option<PubDate>,
}

/// A date as feeds and sitemaps write it; the epoch for a site without
/// stories.
fn rfc3339(date: Option<PubDate>) -> String {
    date.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339())
}

/// What a feed says of itself.
#[derive(Serialize)]
pub(super) struct FeedView<'a> {
    pub(super) title: &'a str,
    /// What the feed follows: the site's description, an entity's, or a
    /// sentence naming the entity or tag.
    pub(super) subtitle: Option<String>,
    pub(super) id: String,
    pub(super) url: String,
    pub(super) self_url: String,
    pub(super) updated: String,
}

#[derive(Serialize)]
struct SitemapUrl<'a> {
    loc: String,
    lastmod: String,
    /// The page in each of its languages, for `xhtml:link`.
    alternates: Vec<super::alternates::Translation<'a>>,
}
