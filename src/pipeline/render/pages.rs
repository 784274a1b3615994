//! The contexts of the site's HTML pages: home, stories, entities and
//! their indexes, tags, the timeline and the 404 page.

use serde::Serialize;
use tera::{Context, Value};

use super::corrections::{self, CorrectionView};
use super::documents::DocumentItem;
use super::images::PictureView;
use super::sources::{self, SourceView};
use super::views::{DateView, KindView, Pagination};
use super::{HOME_STORIES, HOME_TOP_ENTITIES, Renderer, jsonld};
use crate::model::date::{Day, Month};
use crate::model::url::{self, FEED_PATH};
use crate::pipeline::index::{EntityId, KindId, PageId, StoryId, TagId};
use crate::pipeline::plan::{self, Page};

impl<'a> Renderer<'a> {
    /// `authors` as a story page credits them: the interface's "by …"
    /// with each name linked to its page when `authors:` gives one.
    fn byline_html(&self, authors: &[String]) -> Option<tera::Value> {
        use crate::model::escape::escape;
        if authors.is_empty() {
            return None;
        }
        let names: Vec<String> = authors
            .iter()
            .map(|name| {
                let byline = super::feeds::Byline::of(self.config, name);
                match byline.url {
                    Some(url) => format!(r#"<a href="{}">{}</a>"#, escape(&url), escape(name)),
                    None => escape(name),
                }
            })
            .collect();
        // The sentence is the interface's words, escaped; the names are
        // put in after, as the HTML made for them.
        const NAMES: &str = "\u{E000}";
        let sentence = self
            .language()
            .text("by_authors", &[("authors", NAMES.into())]);
        let html = escape(&sentence).replace(NAMES, &names.join(", "));
        Some(tera::Value::safe_string(&html))
    }

    pub(super) fn home(&self, page: &Page) -> Context {
        let home = &self.dossier.home;
        let description = home
            .description
            .as_deref()
            .or(self.config.description.as_deref());
        let mut context = self.page_context(page, description, "home");
        let intro = self.bodies.home.as_ref().map_or("", |h| h.html.as_str());
        context.insert("intro", intro);
        let latest: Vec<StoryId> = self.dossier.newest_first().take(HOME_STORIES).collect();
        context.insert_value("latest", self.shared().story_list(&latest));
        let top: Vec<Value> = KindId::all(self.config.kinds.len())
            .filter_map(|kind| self.top_entities(kind))
            .collect();
        context.insert_value("top_entities", Value::from(top));
        context.insert_value(
            "chart",
            self.chart(StoryId::all(self.dossier.stories.len()), &self.config.title),
        );
        context
    }

    /// `{kind, entities}` with the kind's most covered entities, if it has any.
    pub(super) fn top_entities(&self, kind: KindId) -> Option<Value> {
        let mut ids: Vec<EntityId> = self.dossier.by_kind[kind]
            .iter()
            .copied()
            .filter(|&e| !self.dossier.entities[e].stories.is_empty())
            .collect();
        ids.sort_by_key(|&e| std::cmp::Reverse(self.dossier.entities[e].stories.len()));
        ids.truncate(HOME_TOP_ENTITIES);
        (!ids.is_empty()).then(|| self.kind_group(kind, ids))
    }

    pub(super) fn kind_group(&self, kind: KindId, ids: Vec<EntityId>) -> Value {
        let mut group = tera::Map::new();
        group.insert("kind".into(), self.shared().kinds[kind].clone());
        group.insert("entities".into(), self.shared().entity_list(ids));
        Value::from(group)
    }

    pub(super) fn story(&self, page: &Page, id: StoryId) -> Context {
        let story = &self.dossier.stories[id];
        let summary = self.shared().summary(id);
        let mut context = self.page_context(page, Some(summary), "story");
        let documents = self.source_documents(id);
        let image = story.image.as_ref().map(|i| self.picture(i, &story.title));
        let article = jsonld::news_article(
            self.config,
            self.dossier,
            &|e| self.shared().entity_permalink(e),
            id,
            summary,
            &documents,
            self.social_image(page).map(|i| i.permalink).as_deref(),
        );
        context.insert_value("jsonld", Value::safe_string(&article));
        let tags: Vec<Value> = self.dossier.story_tags[id]
            .iter()
            .map(|&t| self.shared().tag_named(t))
            .collect();
        context.insert(
            "story",
            &StoryView {
                title: &story.title,
                slug: &story.slug,
                url: self.link(&page.site_path),
                permalink: self.permalink(&page.site_path),
                date: DateView::new(&story.date, self.language()),
                updated: story
                    .updated
                    .as_ref()
                    .map(|d| DateView::new(d, self.language())),
                modified: DateView::new(&story.modified(), self.language()),
                summary,
                standfirst: story.summary.as_deref(),
                source: story.source.as_deref(),
                source_url: story.source_url.as_deref(),
                authors: &story.authors,
                byline: self.byline_html(&story.authors),
                content: &self.bodies.stories[id].html,
                extra: &story.extra,
                corrections: corrections::views(&story.corrections, self.language()),
                image,
                sources: sources::views(
                    &story.sources,
                    &self.bodies.stories[id].citations,
                    documents,
                    self.language(),
                ),
            },
        );
        let day = Day::from(&story.date);
        context.insert_value(
            "entities",
            self.groups_by_kind_on(&self.dossier.story_entities[id], Some(day)),
        );
        context.insert_value(
            "mentioned",
            self.groups_by_kind_on(&self.dossier.story_mentions[id], Some(day)),
        );
        context.insert_value(
            "related",
            self.shared().story_list(&self.neighbours.related[id]),
        );
        context.insert_value("tags", Value::from(tags));
        let previous = id.previous().map(|p| self.shared().story(p));
        let next = id
            .next_within(self.dossier.stories.len())
            .map(|n| self.shared().story(n));
        context.insert_value("previous", Value::from(previous));
        context.insert_value("next", Value::from(next));
        context
    }

    /// The document each of a story's sources is, if it is one.
    fn source_documents(&self, id: StoryId) -> Vec<Option<DocumentItem<'a>>> {
        self.dossier.story_documents[id]
            .iter()
            .map(|d| d.map(|d| DocumentItem::new(self.config, self.language(), self.dossier, d)))
            .collect()
    }

    /// `[{kind, entities}]` for each kind with any of `ids`, in kind order.
    pub(super) fn groups_by_kind(&self, ids: &[EntityId]) -> Value {
        self.groups_by_kind_on(ids, None)
    }

    /// [`Self::groups_by_kind`], each entity link with the `roles` its
    /// entity held on `day`, if any.
    pub(super) fn groups_by_kind_on(&self, ids: &[EntityId], day: Option<Day>) -> Value {
        let groups: Vec<Value> = KindId::all(self.config.kinds.len())
            .filter_map(|kind| {
                let of_kind: Vec<EntityId> = ids
                    .iter()
                    .copied()
                    .filter(|&e| self.dossier.entities[e].kind == kind)
                    .collect();
                (!of_kind.is_empty()).then(|| {
                    let entities: Vec<Value> =
                        of_kind.iter().map(|&e| self.entity_on(e, day)).collect();
                    let mut group = tera::Map::new();
                    group.insert("kind".into(), self.shared().kinds[kind].clone());
                    group.insert("entities".into(), Value::from(entities));
                    Value::from(group)
                })
            })
            .collect();
        Value::from(groups)
    }

    /// An entity link, with the `roles` it held on `day` when it held any.
    fn entity_on(&self, entity: EntityId, day: Option<Day>) -> Value {
        let link = self.shared().entity_named(entity);
        let Some(roles) = day.and_then(|day| self.roles_value(entity, day)) else {
            return link;
        };
        let mut map = link.into_map().unwrap_or_default();
        map.insert("roles".into(), roles);
        Value::from(map)
    }

    pub(super) fn kind_index(&self, page: &Page, kind: KindId) -> Context {
        let k = &self.config.kinds[kind];
        let mut context = self.page_context(page, None, "kind");
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

    pub(super) fn entity(&self, page: &Page, id: EntityId, n: usize) -> Context {
        let entity = &self.dossier.entities[id];
        let kind = &self.config.kinds[entity.kind];
        let profile = entity.profile.map(|p| &self.dossier.profiles[p]);
        let description = profile.and_then(|p| p.description.as_deref());
        let mut context = self.page_context(page, description, "entity");
        let first_path = url::entity_path(&kind.key, &entity.slug, 1);
        let date = |s: Option<&StoryId>| {
            s.map(|&s| DateView::new(&self.dossier.stories[s].date, self.language()))
        };
        let picture = profile
            .and_then(|p| p.image.as_ref())
            .map(|i| self.picture(i, &entity.name));
        let image_permalink = picture.as_ref().map(|p| p.permalink.clone());
        // The profile (structured data, chart, connections) is on the first
        // page; the pages after it go on with the list of stories. A big
        // dossier has many such later pages, and the chart is one of the
        // costliest parts of a page to render.
        if n == 1 {
            let thing = jsonld::entity(
                self.config,
                self.dossier,
                &|e| self.shared().entity_permalink(e),
                id,
                image_permalink.as_deref(),
            );
            context.insert_value("jsonld", Value::safe_string(&thing));
            context.insert_value("connections", self.connection_groups(id));
            context.insert("documents", &self.document_items(&entity.documents));
            context.insert("relations", &self.held_relations(id));
            context.insert_value("inverse_relations", self.inverse_groups(id));
            let graph = self.relationship_graph(id);
            context.insert_value(
                "graph",
                graph.map_or(Value::none(), |g| Value::safe_string(&g)),
            );
            context.insert_value(
                "chart",
                self.chart(entity.stories.iter().copied(), &entity.name),
            );
        } else {
            context.insert_value("jsonld", Value::none());
            context.insert_value("connections", Value::from(Vec::<Value>::new()));
            context.insert_value("documents", Value::from(Vec::<Value>::new()));
            context.insert_value("relations", Value::from(Vec::<Value>::new()));
            context.insert_value("inverse_relations", Value::from(Vec::<Value>::new()));
            context.insert_value("graph", Value::none());
            context.insert_value("chart", Value::none());
        }
        context.insert(
            "entity",
            &EntityView {
                name: &entity.name,
                slug: &entity.slug,
                kind: KindView::new(self.config, kind),
                description,
                language: profile.and_then(|p| p.language.as_deref()),
                aliases: profile.map_or(&[][..], |p| &p.aliases),
                image: picture,
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

    /// `[{kind, entities}]`: the entity's connections by kind, each entity
    /// link with `shared`, the number of stories they share.
    pub(super) fn connection_groups(&self, entity: EntityId) -> Value {
        let connections = &self.neighbours.connections[entity];
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
                            .entity_named(c.entity)
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
    pub(super) fn entity_story_item(&self, story: StoryId, entity: EntityId) -> Value {
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
        let day = Day::from(&self.dossier.stories[story].date);
        let roles = self.roles_value(entity, day);
        item.insert(
            "roles".into(),
            roles.unwrap_or_else(|| Value::from(Vec::<Value>::new())),
        );
        Value::from(item)
    }

    /// The slice of a list of `count` stories shown on page `n`.
    pub(super) fn page_range(&self, count: usize, n: usize) -> (usize, usize) {
        let start = ((n - 1) * self.config.paginate).min(count);
        (start, (start + self.config.paginate).min(count))
    }

    pub(super) fn insert_page_of_stories(
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

    pub(super) fn tags_index(&self, page: &Page) -> Context {
        let mut context = self.page_context(page, None, "tags");
        context.insert_value("tags", self.shared().tag_list());
        context
    }

    pub(super) fn tag(&self, page: &Page, id: TagId, n: usize) -> Context {
        let tag = &self.dossier.tags[id];
        let mut context = self.page_context(page, None, "tag");
        context.insert_value("tag", self.shared().tag(id));
        let item = |story: StoryId| self.shared().story(story);
        self.insert_page_of_stories(&mut context, &tag.stories, n, item, |p| {
            url::tag_path(&tag.slug, p)
        });
        context
    }

    pub(super) fn timeline(&self, page: &Page) -> Context {
        let mut context = self.page_context(page, None, "timeline");
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
                    name: self.language().month_name(Month::from(date)),
                    label: self.language().month(Month::from(date)),
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
            self.chart(StoryId::all(self.dossier.stories.len()), &self.config.title),
        );
        context
    }

    /// A standalone page: its title, description and text.
    pub(super) fn standalone(&self, page: &Page, id: PageId) -> Context {
        let standalone = &self.dossier.pages[id];
        let mut context = self.page_context(page, standalone.description.as_deref(), "page");
        context.insert_value("content", Value::safe_string(&self.bodies.pages[id].html));
        context
    }

    pub(super) fn not_found(&self, page: &Page) -> Context {
        self.page_context(page, None, "404")
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
    /// Its latest change: `updated` or the latest correction, else `date`.
    modified: DateView,
    summary: &'a str,
    /// The summary the front matter gives, shown under the headline; none
    /// when the summary is the first paragraph, which the page shows anyway.
    standfirst: Option<&'a str>,
    source: Option<&'a str>,
    source_url: Option<&'a str>,
    authors: &'a [String],
    /// "by Jane Roe" as HTML, each byline `authors:` gives a page linked
    /// to it; none without authors.
    byline: Option<tera::Value>,
    content: &'a str,
    extra: &'a serde_yaml::Value,
    corrections: Vec<CorrectionView<'a>>,
    sources: Vec<SourceView<'a>>,
    image: Option<PictureView<'a>>,
}

#[derive(Serialize)]
struct EntityView<'a> {
    name: &'a str,
    slug: &'a str,
    kind: KindView<'a>,
    description: Option<&'a str>,
    /// The language of its description and text when they are not the
    /// page's: its profile has no translation.
    language: Option<&'a str>,
    aliases: &'a [String],
    image: Option<PictureView<'a>>,
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
    /// `June`: the month's name beside its year.
    name: String,
    /// `June 2013`, `junio de 2013`.
    label: String,
    count: usize,
    stories: Vec<Value>,
}
