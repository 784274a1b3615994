//! The contexts of the machine-read files: feeds, sitemaps and
//! robots.txt, with the dates they report.

use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;
use crate::model::config::{Config, FeedContent};
use crate::model::date::PubDate;
use crate::model::url::{self, FEED_PATH, JSON_FEED_PATH};
use crate::pipeline::index::{EntityId, StoryId, TagId};
use crate::pipeline::parse::Correction;
use crate::pipeline::plan::{FeedOf, PageKind, SITEMAP_LIMIT};

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

    /// The feed of `of`, before it is written in a format.
    pub(super) fn feed_of(&self, of: FeedOf) -> Feed<'a> {
        match of {
            FeedOf::Site => self.site_feed(),
            FeedOf::Entity(id) => self.entity_feed(id),
            FeedOf::Tag(id) => self.tag_feed(id),
            FeedOf::Corrections => self.corrections_feed(),
        }
    }

    /// The feed of the page at `html_path`: its newest `stories`, each
    /// with what `content` says of its text.
    fn story_feed(
        &self,
        (title, subtitle): (String, Option<String>),
        html_path: &str,
        (stories, content): (&[StoryId], FeedContent),
    ) -> Feed<'a> {
        let shown = &stories[..self.config.feed_limit.min(stories.len())];
        Feed {
            view: self.feed_view((title, subtitle), html_path, self.latest_change(shown)),
            entries: shown.iter().map(|&s| FeedEntry::Story(s)).collect(),
            content,
        }
    }

    /// What the feed of the page at `html_path` says of itself.
    pub(super) fn feed_view(
        &self,
        (title, subtitle): (String, Option<String>),
        html_path: &str,
        updated: String,
    ) -> FeedView {
        FeedView {
            title,
            subtitle,
            id: self.permalink(html_path),
            url: self.permalink(html_path),
            self_url: self.permalink(&format!("{html_path}{FEED_PATH}")),
            json_url: self.permalink(&format!("{html_path}{JSON_FEED_PATH}")),
            updated,
        }
    }

    fn site_feed(&self) -> Feed<'a> {
        let newest: Vec<StoryId> = self.dossier.newest_first().collect();
        let subtitle = self.config.description.clone();
        let content = self.config.feed_content;
        self.story_feed(
            (self.config.title.clone(), subtitle),
            "",
            (&newest, content),
        )
    }

    fn entity_feed(&self, id: EntityId) -> Feed<'a> {
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
        self.story_feed(
            (title, Some(subtitle)),
            &url::entity_path(kind, &entity.slug, 1),
            (&entity.stories, self.config.entity_feed_content),
        )
    }

    fn tag_feed(&self, id: TagId) -> Feed<'a> {
        let tag = &self.dossier.tags[id];
        let title = format!("{} — {}", tag.name, self.config.title);
        let subtitle = self.language().text(
            "feed_tag_subtitle",
            &[
                ("site", self.config.title.as_str().into()),
                ("tag", tag.name.as_str().into()),
            ],
        );
        self.story_feed(
            (title, Some(subtitle)),
            &url::tag_path(&tag.slug, 1),
            (&tag.stories, self.config.feed_content),
        )
    }

    /// The context of `atom.xml`: the feed and its entries, each a story's
    /// item with its text when feeds carry it, its tags as categories and
    /// its bylines, or a correction's (the site its author, no categories).
    pub(super) fn atom(&self, feed: Feed<'a>) -> Context {
        let entries: Vec<Value> = feed
            .entries
            .iter()
            .map(|&entry| {
                let (item, categories) = match entry {
                    FeedEntry::Story(id) => (self.shared().story(id), self.categories(id)),
                    FeedEntry::Correction {
                        story,
                        n,
                        correction,
                    } => (self.correction_entry(story, n, correction), Vec::new()),
                };
                let mut item = item.into_map().unwrap_or_default();
                let content = Value::from_serializable(&self.entry_content(entry, feed.content));
                item.insert("content".into(), content);
                let categories = Value::from_serializable(&categories);
                item.insert("categories".into(), categories);
                let bylines = Value::from_serializable(&self.bylines(entry));
                item.insert("bylines".into(), bylines);
                Value::from(item)
            })
            .collect();
        let mut context = Context::new();
        context.insert("feed", &feed.view);
        context.insert_value("entries", Value::from(entries));
        context
    }

    /// The HTML an entry carries: its story's text, unless its feed
    /// carries summaries only; a correction has its text as its summary.
    pub(super) fn entry_content(
        &self,
        entry: FeedEntry<'_>,
        content: FeedContent,
    ) -> Option<&'a str> {
        match (entry, content) {
            (FeedEntry::Story(id), FeedContent::Full) => Some(&self.bodies.stories[id].html),
            _ => None,
        }
    }

    /// A story's tags, as feeds file it.
    pub(super) fn categories(&self, id: StoryId) -> Vec<Category<'a>> {
        let scheme = self.permalink(url::TAGS_PATH);
        self.dossier.story_tags[id]
            .iter()
            .map(|&t| {
                let tag = &self.dossier.tags[t];
                Category {
                    term: &tag.slug,
                    label: &tag.name,
                    scheme: scheme.clone(),
                }
            })
            .collect()
    }

    /// Who wrote an entry: its story's bylines, described as `authors:`
    /// lists them; the site for a story without any, and for a correction.
    pub(super) fn bylines(&self, entry: FeedEntry<'_>) -> Vec<Byline<'a>> {
        let FeedEntry::Story(id) = entry else {
            return vec![Byline::site(self.config)];
        };
        let authors = &self.dossier.stories[id].authors;
        if authors.is_empty() {
            return vec![Byline::site(self.config)];
        }
        authors
            .iter()
            .map(|name| Byline::of(self.config, name))
            .collect()
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

/// A feed before it is written in a format.
pub(super) struct Feed<'a> {
    pub(super) view: FeedView,
    pub(super) entries: Vec<FeedEntry<'a>>,
    /// What its story entries carry of their text.
    pub(super) content: FeedContent,
}

/// What a feed entry is about.
#[derive(Clone, Copy)]
pub(super) enum FeedEntry<'a> {
    /// A story.
    Story(StoryId),
    /// The `n`-th correction (from 0) of `story`.
    Correction {
        story: StoryId,
        n: usize,
        correction: &'a Correction,
    },
}

/// A tag as a feed files it: an Atom `category`.
#[derive(Serialize)]
pub(super) struct Category<'a> {
    pub(super) term: &'a str,
    pub(super) label: &'a str,
    pub(super) scheme: String,
}

/// A byline, as `authors:` describes it.
#[derive(Serialize, Clone)]
pub(super) struct Byline<'a> {
    pub(super) name: &'a str,
    pub(super) url: Option<String>,
    pub(super) organization: bool,
}

impl<'a> Byline<'a> {
    /// The site itself, an organization at its home page: the author of
    /// the feeds and of the stories without bylines.
    pub(super) fn site(config: &'a Config) -> Self {
        Byline {
            name: &config.title,
            url: Some(config.base_url.permalink("")),
            organization: true,
        }
    }

    /// The byline `name`: a person without an address unless `authors:`
    /// says more.
    pub(super) fn of(config: &Config, name: &'a str) -> Self {
        let described = config.authors.get(name);
        Byline {
            name,
            url: described.and_then(|a| a.url.clone()),
            organization: described.is_some_and(|a| a.organization),
        }
    }
}

/// What a feed says of itself.
#[derive(Serialize)]
pub(super) struct FeedView {
    pub(super) title: String,
    /// What the feed follows: the site's description, an entity's, or a
    /// sentence naming the entity or tag.
    pub(super) subtitle: Option<String>,
    pub(super) id: String,
    pub(super) url: String,
    pub(super) self_url: String,
    /// The same feed as JSON Feed.
    pub(super) json_url: String,
    pub(super) updated: String,
}

#[derive(Serialize)]
struct SitemapUrl<'a> {
    loc: String,
    lastmod: String,
    /// The page in each of its languages, for `xhtml:link`.
    alternates: Vec<super::alternates::Translation<'a>>,
}
