//! Stage 6: render planned pages with their templates.
//!
//! Each page gets a context with only what it shows; list items come from the
//! views shared by the whole build.

mod chart;
mod jsonld;
pub mod search;
mod signature;
mod templates;
mod views;

use serde::Serialize;
use tera::{Context, Value};

pub use templates::Templates;
use views::{DateView, KindView, PageView, Pagination, Shared, SiteView};

use crate::diagnostic::Diagnostic;
use crate::model::config::Config;
use crate::model::date::PubDate;
use crate::model::date::{Month, month_name};
use crate::model::url::{self, FEED_PATH};
use crate::pipeline::connect::Relations;
use crate::pipeline::index::{Dossier, EntityId, StoryId, TagId};
use crate::pipeline::markdown::Bodies;
use crate::pipeline::plan::{self, Page, PageKind, SITEMAP_LIMIT};
use chart::MonthlyCounts;

/// A file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// How many stories the home page lists, and entities per kind it shows.
const HOME_STORIES: usize = 10;
const HOME_TOP_ENTITIES: usize = 10;

/// Gives every template the `site` variable.
pub fn give_site(templates: &mut Templates, config: &Config, dossier: &Dossier) {
    templates
        .tera
        .global_context()
        .insert("site", &SiteView::new(config, dossier));
}

/// Renders pages; built once per build, shared by the threads rendering.
pub struct Renderer<'a> {
    config: &'a Config,
    dossier: &'a Dossier,
    bodies: &'a Bodies,
    relations: &'a Relations,
    pages: &'a [Page],
    /// The list views shared by pages, built when the first page renders:
    /// a rebuild that renders nothing never needs them.
    shared: std::sync::OnceLock<Shared<'a>>,
    /// The dossier's first and last month: every coverage chart spans them.
    months: Option<(Month, Month)>,
    /// Each entity's, tag's and the site's latest change, computed when first needed.
    lastmods: std::sync::OnceLock<Lastmods>,
    /// Digests for page signatures, computed when first needed.
    parts: std::sync::OnceLock<signature::Parts>,
    templates: &'a Templates,
}

impl<'a> Renderer<'a> {
    /// Prepares a renderer; `templates` must have been given the site with
    /// [`give_site`].
    pub fn new(
        config: &'a Config,
        dossier: &'a Dossier,
        bodies: &'a Bodies,
        relations: &'a Relations,
        pages: &'a [Page],
        templates: &'a Templates,
    ) -> Self {
        let months = dossier
            .stories
            .first()
            .zip(dossier.stories.last())
            .map(|(first, last)| (Month::from(&first.date), Month::from(&last.date)));
        Renderer {
            parts: std::sync::OnceLock::new(),
            lastmods: std::sync::OnceLock::new(),
            months,
            config,
            dossier,
            bodies,
            relations,
            pages,
            shared: std::sync::OnceLock::new(),
            templates,
        }
    }

    /// Renders one page; a template error becomes a diagnostic naming the
    /// template, its line and the page.
    pub fn render_page(&self, page: &Page) -> Result<OutputFile, Diagnostic> {
        let Some((template, context)) = self.context(page) else {
            // The search index is JSON made by code, not by a template.
            let json = search::search_index(self.config, self.dossier, &self.summaries());
            return Ok(OutputFile {
                path: page.output_file(),
                bytes: json.into_bytes(),
            });
        };
        if let Some(error) = self.shared.get().and_then(Shared::item_error) {
            return Err(error.clone());
        }
        let mut bytes = Vec::with_capacity(8 * 1024);
        self.templates
            .tera
            .render_to(template, &context, &mut bytes)
            .map_err(|e| {
                self.templates
                    .diagnostic(&e, Some(template), Some(&self.link(&page.site_path)))
            })?;
        Ok(OutputFile {
            path: page.output_file(),
            bytes,
        })
    }
}

impl<'a> Renderer<'a> {
    fn shared(&self) -> &Shared<'a> {
        self.shared
            .get_or_init(|| Shared::new(self.config, self.dossier, self.bodies, self.templates))
    }

    /// The template and context of a page; `None` for the search index,
    /// which no template makes.
    fn context(&self, page: &Page) -> Option<(&'static str, Context)> {
        Some(match page.kind {
            PageKind::Home => ("index.html", self.home(page)),
            PageKind::Story(id) => ("story.html", self.story(page, id)),
            PageKind::KindIndex(kind) => ("kind.html", self.kind_index(page, kind)),
            PageKind::Entity { entity, page: n } => ("entity.html", self.entity(page, entity, n)),
            PageKind::TagsIndex => ("tags.html", self.tags_index(page)),
            PageKind::Tag { tag, page: n } => ("tag.html", self.tag(page, tag, n)),
            PageKind::Timeline => ("timeline.html", self.timeline(page)),
            PageKind::Search => (
                "search.html",
                self.page_context(page, "Search", None, "search"),
            ),
            PageKind::SearchIndex => return None,
            PageKind::NotFound => ("404.html", self.not_found(page)),
            PageKind::SiteFeed => ("atom.xml", self.site_feed()),
            PageKind::EntityFeed(id) => ("atom.xml", self.entity_feed(id)),
            PageKind::TagFeed(id) => ("atom.xml", self.tag_feed(id)),
            PageKind::Sitemap { part } => ("sitemap.xml", self.sitemap(part)),
            PageKind::SitemapIndex { parts } => ("sitemap_index.xml", self.sitemap_index(parts)),
            PageKind::Robots => ("robots.txt", self.robots()),
        })
    }

    fn link(&self, site_path: &str) -> String {
        self.config.base_url.link(site_path)
    }

    fn permalink(&self, site_path: &str) -> String {
        self.config.base_url.permalink(site_path)
    }

    fn page_context(
        &self,
        page: &Page,
        title: &str,
        description: Option<&str>,
        kind: &'static str,
    ) -> Context {
        let feed_url = match page.kind {
            PageKind::Entity { .. } | PageKind::Tag { .. } => {
                let first_page = page.site_path.split("page/").next().unwrap_or_default();
                Some(self.link(&format!("{first_page}{FEED_PATH}")))
            }
            _ => None,
        };
        let mut context = Context::new();
        context.insert(
            "page",
            &PageView {
                title,
                description,
                url: self.link(&page.site_path),
                permalink: self.permalink(&page.site_path),
                kind,
                feed_url,
            },
        );
        context
    }

    fn home(&self, page: &Page) -> Context {
        let home = &self.dossier.home;
        let title = home.title.as_deref().unwrap_or(&self.config.title);
        let description = home
            .description
            .as_deref()
            .or(self.config.description.as_deref());
        let mut context = self.page_context(page, title, description, "home");
        let intro = self.bodies.home.as_ref().map_or("", |h| h.html.as_str());
        context.insert("intro", intro);
        let latest: Vec<StoryId> = self.dossier.newest_first().take(HOME_STORIES).collect();
        context.insert_value("latest", self.shared().story_list(&latest));
        let top: Vec<Value> = (0..self.config.kinds.len())
            .filter_map(|kind| self.top_entities(kind))
            .collect();
        context.insert_value("top_entities", Value::from(top));
        context.insert_value(
            "chart",
            self.chart(0..self.dossier.stories.len(), &self.config.title),
        );
        context
    }

    /// `{kind, entities}` with the kind's most covered entities, if it has any.
    fn top_entities(&self, kind: usize) -> Option<Value> {
        let mut ids: Vec<EntityId> = self.dossier.by_kind[kind]
            .iter()
            .copied()
            .filter(|&e| !self.dossier.entities[e].stories.is_empty())
            .collect();
        ids.sort_by_key(|&e| std::cmp::Reverse(self.dossier.entities[e].stories.len()));
        ids.truncate(HOME_TOP_ENTITIES);
        (!ids.is_empty()).then(|| self.kind_group(kind, ids))
    }

    fn kind_group(&self, kind: usize, ids: Vec<EntityId>) -> Value {
        let mut group = tera::Map::new();
        group.insert("kind".into(), self.shared().kinds[kind].clone());
        group.insert("entities".into(), self.shared().entity_list(ids));
        Value::from(group)
    }

    fn story(&self, page: &Page, id: StoryId) -> Context {
        let story = &self.dossier.stories[id];
        let summary = self.shared().summary(id);
        let mut context = self.page_context(page, &story.title, Some(summary), "story");
        let article = jsonld::news_article(
            self.config,
            self.dossier,
            &|e| self.shared().entity_permalink(e),
            id,
            summary,
        );
        context.insert_value("jsonld", Value::safe_string(&article));
        let tags: Vec<Value> = self.dossier.story_tags[id]
            .iter()
            .map(|&t| self.shared().tag(t))
            .collect();
        context.insert(
            "story",
            &StoryView {
                title: &story.title,
                slug: &story.slug,
                url: self.link(&page.site_path),
                permalink: self.permalink(&page.site_path),
                date: (&story.date).into(),
                updated: story.updated.as_ref().map(DateView::from),
                summary,
                source: story.source.as_deref(),
                source_url: story.source_url.as_deref(),
                authors: &story.authors,
                content: &self.bodies.stories[id].html,
                extra: &story.extra,
            },
        );
        context.insert_value(
            "entities",
            self.groups_by_kind(&self.dossier.story_entities[id]),
        );
        context.insert_value(
            "mentioned",
            self.groups_by_kind(&self.dossier.story_mentions[id]),
        );
        context.insert_value(
            "related",
            self.shared().story_list(&self.relations.related[id]),
        );
        context.insert_value("tags", Value::from(tags));
        let previous = id.checked_sub(1).map(|p| self.shared().story(p));
        let next = (id + 1 < self.dossier.stories.len()).then(|| self.shared().story(id + 1));
        context.insert_value("previous", Value::from(previous));
        context.insert_value("next", Value::from(next));
        context
    }

    /// `[{kind, entities}]` for each kind with any of `ids`, in kind order.
    fn groups_by_kind(&self, ids: &[EntityId]) -> Value {
        let groups: Vec<Value> = (0..self.config.kinds.len())
            .filter_map(|kind| {
                let of_kind: Vec<EntityId> = ids
                    .iter()
                    .copied()
                    .filter(|&e| self.dossier.entities[e].kind == kind)
                    .collect();
                (!of_kind.is_empty()).then(|| self.kind_group(kind, of_kind))
            })
            .collect();
        Value::from(groups)
    }

    fn kind_index(&self, page: &Page, kind: usize) -> Context {
        let k = &self.config.kinds[kind];
        let mut context = self.page_context(page, &k.title, None, "kind");
        context.insert("kind", &KindView::new(self.config, k));
        let mut letters: Vec<(String, Vec<EntityId>)> = Vec::new();
        for &id in &self.dossier.by_kind[kind] {
            let letter = initial(&self.dossier.entities[id].slug);
            match letters.last_mut() {
                Some((l, ids)) if *l == letter => ids.push(id),
                _ => letters.push((letter, vec![id])),
            }
        }
        let letters: Vec<Value> = letters
            .into_iter()
            .map(|(letter, ids)| {
                let mut group = tera::Map::new();
                group.insert("letter".into(), Value::from(letter));
                group.insert("entities".into(), self.shared().entity_list(ids));
                Value::from(group)
            })
            .collect();
        context.insert_value("letters", Value::from(letters));
        context.insert("entity_count", &self.dossier.by_kind[kind].len());
        context
    }

    fn entity(&self, page: &Page, id: EntityId, n: usize) -> Context {
        let entity = &self.dossier.entities[id];
        let kind = &self.config.kinds[entity.kind];
        let profile = entity.profile.map(|p| &self.dossier.profiles[p]);
        let description = profile.and_then(|p| p.description.as_deref());
        let mut context = self.page_context(page, &entity.name, description, "entity");
        let first_path = url::entity_path(&kind.key, &entity.slug, 1);
        let date = |s: Option<&StoryId>| s.map(|&s| DateView::from(&self.dossier.stories[s].date));
        let image = profile
            .and_then(|p| p.image.as_deref())
            .map(|i| self.asset_link(i));
        let image_permalink = image.as_deref().map(|i| self.absolute(i));
        // The profile (structured data, chart, connections) is on the first
        // page; the pages after it go on with the list of stories. On a big
        // dossier they are a third of the entity pages, and the chart alone
        // was a third of each.
        if n == 1 {
            let thing = jsonld::entity(
                self.config,
                self.dossier,
                self.shared().entity_permalink(id),
                id,
                image_permalink.as_deref(),
            );
            context.insert_value("jsonld", Value::safe_string(&thing));
            context.insert_value("connections", self.connection_groups(id));
            context.insert_value(
                "chart",
                self.chart(entity.stories.iter().copied(), &entity.name),
            );
        } else {
            context.insert_value("jsonld", Value::none());
            context.insert_value("connections", Value::from(Vec::<Value>::new()));
            context.insert_value("chart", Value::none());
        }
        context.insert("image_permalink", &image_permalink);
        context.insert(
            "entity",
            &EntityView {
                name: &entity.name,
                slug: &entity.slug,
                kind: KindView::new(self.config, kind),
                description,
                aliases: profile.map_or(&[][..], |p| &p.aliases),
                image: profile
                    .and_then(|p| p.image.as_deref())
                    .map(|i| self.asset_link(i)),
                image_credit: profile.and_then(|p| p.image_credit.as_deref()),
                wikidata: profile.and_then(|p| p.wikidata.as_deref()),
                wikidata_url: profile
                    .and_then(|p| p.wikidata.as_deref())
                    .map(|q| format!("https://www.wikidata.org/wiki/{q}")),
                content: entity.profile.map_or("", |p| &self.bodies.profiles[p].html),
                extra: profile.map(|p| &p.extra),
                story_count: entity.stories.len(),
                first_seen: date(entity.stories.last()),
                last_seen: date(entity.stories.first()),
                url: self.link(&first_path),
                permalink: self.permalink(&first_path),
                feed_url: self.link(&format!("{first_path}{FEED_PATH}")),
            },
        );
        let item = |story: StoryId| self.entity_story_item(story, id);
        self.insert_page_of_stories(&mut context, &entity.stories, n, item, |p| {
            url::entity_path(&kind.key, &entity.slug, p)
        });
        context
    }

    /// The coverage chart of `stories` over the dossier's whole range.
    fn chart(&self, stories: impl IntoIterator<Item = StoryId>, subject: &str) -> Value {
        let Some((first, last)) = self.months else {
            return Value::from(());
        };
        let months = stories
            .into_iter()
            .map(|s| Month::from(&self.dossier.stories[s].date));
        let counts = MonthlyCounts::count(first, last, months);
        Value::safe_string(&chart::coverage_svg(&counts, subject, "coverage"))
    }

    /// Each story's summary: its `summary`, else its first paragraph.
    fn summaries(&self) -> Vec<&'a str> {
        (0..self.dossier.stories.len())
            .map(|id| views::summary(self.dossier, self.bodies, id))
            .collect()
    }

    /// A link made absolute: `/assange/x.jpg` → `https://example.org/assange/x.jpg`.
    fn absolute(&self, link: &str) -> String {
        match link.strip_prefix(self.config.base_url.path()) {
            Some(inside) if link.starts_with('/') => self.permalink(inside),
            _ => link.to_string(),
        }
    }

    /// A path starting with `/` is the site's own file; anything else is left as is.
    fn asset_link(&self, path: &str) -> String {
        match path.strip_prefix('/') {
            Some(inner) if !inner.starts_with('/') => self.link(inner),
            _ => path.to_string(),
        }
    }

    /// `[{kind, entities}]`: the entity's connections by kind, each entity
    /// link with `shared`, the number of stories they share.
    fn connection_groups(&self, entity: EntityId) -> Value {
        let connections = &self.relations.connections[entity];
        let groups: Vec<Value> = connections
            .chunk_by(|a, b| {
                self.dossier.entities[a.entity].kind == self.dossier.entities[b.entity].kind
            })
            .map(|group| {
                let kind = self.dossier.entities[group[0].entity].kind;
                let entities: Vec<Value> = group
                    .iter()
                    .map(|c| {
                        let mut link = self
                            .shared()
                            .entity(c.entity)
                            .into_map()
                            .unwrap_or_default();
                        link.insert("shared".into(), Value::from(c.shared));
                        Value::from(link)
                    })
                    .collect();
                let mut map = tera::Map::new();
                map.insert("kind".into(), self.shared().kinds[kind].clone());
                map.insert("entities".into(), Value::from(entities));
                Value::from(map)
            })
            .collect();
        Value::from(groups)
    }

    /// A story item on an entity's page: whether the story only mentions the
    /// entity, and the sentence of its first mention.
    fn entity_story_item(&self, story: StoryId, entity: EntityId) -> Value {
        let mut item = self.shared().story(story).into_map().unwrap_or_default();
        item.insert(
            "mention_only".into(),
            Value::from(!self.dossier.is_about(story, entity)),
        );
        item.insert(
            "sentence".into(),
            Value::from(
                self.bodies
                    .mention(story, entity)
                    .map(|m| m.sentence.as_str()),
            ),
        );
        Value::from(item)
    }

    /// The slice of a list of `count` stories shown on page `n`.
    fn page_range(&self, count: usize, n: usize) -> (usize, usize) {
        let start = ((n - 1) * self.config.paginate).min(count);
        (start, (start + self.config.paginate).min(count))
    }

    fn insert_page_of_stories(
        &self,
        context: &mut Context,
        stories: &[StoryId],
        n: usize,
        item: impl Fn(StoryId) -> Value,
        path_of: impl Fn(usize) -> String,
    ) {
        let pages = plan::page_count(stories.len(), self.config.paginate);
        let (start, end) = self.page_range(stories.len(), n);
        let items: Vec<Value> = stories[start..end].iter().map(|&s| item(s)).collect();
        context.insert_value("stories", Value::from(items));
        context.insert(
            "pagination",
            &Pagination {
                page: n,
                pages,
                total: stories.len(),
                previous_url: (n > 1).then(|| self.link(&path_of(n - 1))),
                next_url: (n < pages).then(|| self.link(&path_of(n + 1))),
            },
        );
    }

    fn tags_index(&self, page: &Page) -> Context {
        let mut context = self.page_context(page, "Tags", None, "tags");
        context.insert_value("tags", self.shared().tag_list());
        context
    }

    fn tag(&self, page: &Page, id: TagId, n: usize) -> Context {
        let tag = &self.dossier.tags[id];
        let mut context = self.page_context(page, &tag.name, None, "tag");
        context.insert_value("tag", self.shared().tag(id));
        let item = |story: StoryId| self.shared().story(story);
        self.insert_page_of_stories(&mut context, &tag.stories, n, item, |p| {
            url::tag_path(&tag.slug, p)
        });
        context
    }

    fn timeline(&self, page: &Page) -> Context {
        let mut context = self.page_context(page, "Timeline", None, "timeline");
        let mut years: Vec<YearGroup> = Vec::new();
        for id in self.dossier.newest_first() {
            let date = &self.dossier.stories[id].date;
            if years.last().is_none_or(|y| y.year != date.year()) {
                years.push(YearGroup {
                    year: date.year(),
                    count: 0,
                    months: Vec::new(),
                });
            }
            let year = years.last_mut().expect("pushed above");
            year.count += 1;
            if year.months.last().is_none_or(|m| m.month != date.month()) {
                year.months.push(MonthGroup {
                    month: date.month(),
                    name: month_name(date.month()),
                    count: 0,
                    stories: Vec::new(),
                });
            }
            let month = year.months.last_mut().expect("pushed above");
            month.count += 1;
            month.stories.push(self.shared().story(id));
        }
        context.insert("years", &years);
        context.insert_value(
            "chart",
            self.chart(0..self.dossier.stories.len(), &self.config.title),
        );
        context
    }

    fn not_found(&self, page: &Page) -> Context {
        self.page_context(page, "Page not found", None, "404")
    }

    /// The latest change of a story: its `updated` date, else its date.
    fn modified(&self, id: StoryId) -> PubDate {
        let story = &self.dossier.stories[id];
        story.updated.unwrap_or(story.date).max(story.date)
    }

    /// The latest change among `stories`, or in the whole site when there
    /// are none; `None` for a site without stories.
    fn latest(&self, stories: &[StoryId]) -> Option<PubDate> {
        match stories.iter().map(|&s| self.modified(s)).max() {
            Some(latest) => Some(latest),
            None => self.lastmods().site,
        }
    }

    /// [`Renderer::latest`] as feeds and sitemaps write it.
    fn latest_change(&self, stories: &[StoryId]) -> String {
        rfc3339(self.latest(stories))
    }

    fn feed(&self, title: &str, html_path: &str, stories: &[StoryId]) -> Context {
        let limit = self.config.feed_limit.min(stories.len());
        let mut context = Context::new();
        context.insert(
            "feed",
            &FeedView {
                title,
                id: self.permalink(html_path),
                url: self.permalink(html_path),
                self_url: self.permalink(&format!("{html_path}{FEED_PATH}")),
                updated: self.latest_change(&stories[..limit]),
            },
        );
        context.insert_value("entries", self.shared().story_list(&stories[..limit]));
        context
    }

    fn site_feed(&self) -> Context {
        let newest: Vec<StoryId> = self.dossier.newest_first().collect();
        self.feed(&self.config.title, "", &newest)
    }

    fn entity_feed(&self, id: EntityId) -> Context {
        let entity = &self.dossier.entities[id];
        let kind = &self.config.kinds[entity.kind].key;
        let title = format!("{} — {}", entity.name, self.config.title);
        self.feed(
            &title,
            &url::entity_path(kind, &entity.slug, 1),
            &entity.stories,
        )
    }

    fn tag_feed(&self, id: TagId) -> Context {
        let tag = &self.dossier.tags[id];
        let title = format!("{} — {}", tag.name, self.config.title);
        self.feed(&title, &url::tag_path(&tag.slug, 1), &tag.stories)
    }

    /// When a page last changed, for the sitemap: the newest story it shows.
    /// Every entity's and tag's latest change, and the site's: every page
    /// of an entity or tag has the same, and the sitemap (and its signature)
    /// asks for each page, so each is worked out once.
    fn lastmods(&self) -> &Lastmods {
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
                site: (0..self.dossier.stories.len())
                    .map(|s| self.modified(s))
                    .max(),
            }
        })
    }

    /// When a page last changed, for the sitemap.
    fn lastmod_date(&self, kind: PageKind) -> Option<PubDate> {
        let lastmods = self.lastmods();
        match kind {
            PageKind::Story(id) => Some(self.modified(id)),
            PageKind::Entity { entity, .. } => lastmods.entities[entity],
            PageKind::Tag { tag, .. } => lastmods.tags[tag],
            _ => lastmods.site,
        }
    }

    fn lastmod(&self, kind: PageKind) -> String {
        rfc3339(self.lastmod_date(kind))
    }

    fn sitemap(&self, part: Option<usize>) -> Context {
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
            })
            .collect();
        let mut context = Context::new();
        context.insert("urls", &urls);
        context
    }

    fn sitemap_index(&self, parts: usize) -> Context {
        let lastmod = self.latest_change(&[]);
        let sitemaps: Vec<SitemapUrl> = (1..=parts)
            .map(|p| SitemapUrl {
                loc: self.permalink(&format!("sitemap-{p}.xml")),
                lastmod: lastmod.clone(),
            })
            .collect();
        let mut context = Context::new();
        context.insert("sitemaps", &sitemaps);
        context
    }

    fn robots(&self) -> Context {
        let mut context = Context::new();
        context.insert("sitemap_url", &self.permalink("sitemap.xml"));
        context
    }
}

/// The letter an entity is filed under in the A–Z index.
fn initial(slug: &str) -> String {
    match slug.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase().to_string(),
        _ => "#".to_string(),
    }
}

#[derive(Serialize)]
struct StoryView<'a> {
    title: &'a str,
    slug: &'a str,
    url: String,
    permalink: String,
    date: DateView,
    updated: Option<DateView>,
    summary: &'a str,
    source: Option<&'a str>,
    source_url: Option<&'a str>,
    authors: &'a [String],
    content: &'a str,
    extra: &'a serde_yaml::Value,
}

#[derive(Serialize)]
struct EntityView<'a> {
    name: &'a str,
    slug: &'a str,
    kind: KindView<'a>,
    description: Option<&'a str>,
    aliases: &'a [String],
    image: Option<String>,
    image_credit: Option<&'a str>,
    wikidata: Option<&'a str>,
    wikidata_url: Option<String>,
    content: &'a str,
    extra: Option<&'a serde_yaml::Value>,
    story_count: usize,
    first_seen: Option<DateView>,
    last_seen: Option<DateView>,
    url: String,
    permalink: String,
    feed_url: String,
}

#[derive(Serialize)]
struct YearGroup {
    year: i16,
    count: usize,
    months: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct MonthGroup {
    month: i8,
    name: &'static str,
    count: usize,
    stories: Vec<Value>,
}

/// When pages last changed, for the sitemap: RFC 3339 dates.
struct Lastmods {
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

#[derive(Serialize)]
struct FeedView<'a> {
    title: &'a str,
    id: String,
    url: String,
    self_url: String,
    updated: String,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: String,
}
