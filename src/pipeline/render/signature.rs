//! Page signatures: a digest of everything a page shows, computed from the
//! dossier without building the page's context or rendering it.
//!
//! A rebuild renders only the pages whose signature changed since the last
//! build (or whose file is missing). Each signature must therefore cover every
//! input of its page's context in `render.rs`: when a context gains a
//! variable, its signature here must gain it too. The randomized test in
//! `tests/incremental.rs` holds the two together by comparing incremental
//! output with fresh builds.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::Renderer;
use super::documents::{DocumentItem, pinpoints};
use crate::model::date::Day;
use crate::model::digest::{Hasher64, digest64 as digest, hasher};
use crate::pipeline::index::{DocumentId, EntityId, RelationId, StoryId, TagId};
use crate::pipeline::parse::ImageSpec;
use crate::pipeline::plan::{FeedOf, Page, PageKind, SITEMAP_LIMIT};

/// Digests shared by many pages, computed once per build.
pub(super) struct Parts {
    /// Everything every page shows: configuration, templates, the story
    /// count when templates besides the home page's show it.
    site: u64,
    /// What story bodies depend on besides their own file: every name the
    /// autolinker looks for, and where each entity's page is.
    names: u64,
    /// A story as a list item (title, dates, summary, source, authors, URL).
    items: Vec<u64>,
    /// An entity as a link (name, URL, story count).
    entity_links: Vec<u64>,
    /// An entity as a link without its count (name, URL).
    entity_names: Vec<u64>,
    /// A tag as a link (name, URL, story count).
    tag_links: Vec<u64>,
    /// A tag as a link without its count (name, URL).
    tag_names: Vec<u64>,
    /// The dates of each entity's stories: its first and last seen, and its chart.
    entity_dates: Vec<u64>,
    /// A document as lists show it (title, type, date, issuer, URL).
    document_items: Vec<u64>,
    /// A relation as pages show it (roles, both entities, dates, source).
    role_items: Vec<u64>,
}

impl Parts {
    pub(super) fn new(r: &Renderer) -> Parts {
        let dossier = r.dossier;
        let site = digest((
            crate::model::digest::CODE_VERSION,
            r.config,
            r.templates.digest,
            r.templates
                .count_beyond_home
                .then_some(dossier.stories.len()),
            dossier.home.digest,
            // The link to the documents index is on every page.
            dossier.documents.is_empty(),
            // The menu is on every page.
            dossier
                .pages
                .iter()
                .filter(|p| p.menu.is_some())
                .map(|p| (&p.title, &p.slug, p.menu))
                .collect::<Vec<_>>(),
        ));
        let names = digest(
            dossier
                .entities
                .iter()
                .map(|e| (&e.names, &e.slug, e.kind))
                .collect::<Vec<_>>(),
        );
        let items = StoryId::all(r.items.len())
            .map(|id| r.items.get(id).digest)
            .collect();
        let (entity_names, entity_links) = dossier
            .entities
            .par_iter()
            .map(|e| {
                let named = digest((&e.name, &e.slug, e.kind));
                (named, digest((named, e.stories.len())))
            })
            .unzip();
        let (tag_names, tag_links) = dossier
            .tags
            .iter()
            .map(|t| {
                let named = digest((&t.name, &t.slug));
                (named, digest((named, t.stories.len())))
            })
            .unzip();
        // Every rebuild signs every page, so these run in parallel.
        let entity_dates = dossier
            .entities
            .par_iter()
            .map(|e| {
                let mut h = hasher();
                for &s in &e.stories {
                    dossier.stories[s].date.hash(&mut h);
                }
                h.finish()
            })
            .collect();
        let document_items = DocumentId::all(dossier.documents.len())
            .map(|id| digest(DocumentItem::new(r.config, r.language(), dossier, id)))
            .collect();
        let role_items = RelationId::all(dossier.relations.len())
            .map(|id| digest(r.role_view(id)))
            .collect();
        Parts {
            role_items,
            document_items,
            entity_dates,
            site,
            names,
            items,
            entity_links,
            entity_names,
            tag_links,
            tag_names,
        }
    }
}

impl Renderer<'_> {
    /// Computes what signatures share. Call it before signing pages in
    /// parallel: computed by the first page instead, the other threads
    /// would wait for it rather than help.
    pub fn prepare_signatures(&self) {
        self.parts();
    }

    fn parts(&self) -> &Parts {
        self.parts.get_or_init(|| Parts::new(self))
    }

    /// The signature of a page: equal signatures, equal bytes.
    pub fn signature(&self, page: &Page) -> u64 {
        let mut h = hasher();
        (self.parts().site, &page.site_path).hash(&mut h);
        self.images.cards.of(&page.site_path).hash(&mut h);
        self.translations(&page.site_path).hash(&mut h);
        match page.kind {
            PageKind::Home => self.sign_home(&mut h),
            PageKind::Story(id) => self.sign_story(&mut h, id),
            PageKind::KindIndex(kind) => {
                self.sign_entity_links(&mut h, &self.dossier.by_kind[kind])
            }
            PageKind::Entity { entity, page: n } => self.sign_entity(&mut h, entity, n),
            PageKind::TagsIndex => self.parts().tag_links.hash(&mut h),
            PageKind::Tag { tag, page: n } => self.sign_tag(&mut h, tag, n),
            PageKind::Timeline => self.sign_all_stories(&mut h),
            PageKind::Corrections => self.sign_corrections(&mut h),
            PageKind::DocumentsIndex => self.parts().document_items.hash(&mut h),
            PageKind::Document(id) => self.sign_document(&mut h, id),
            PageKind::Standalone(id) => {
                (self.dossier.pages[id].digest, self.bodies.pages[id].digest).hash(&mut h)
            }
            PageKind::NotFound | PageKind::Robots | PageKind::Search => {}
            PageKind::SearchIndex | PageKind::SearchWords(_) => self.sign_search_index(&mut h),
            PageKind::Feed { of, .. } => self.sign_feed_of(&mut h, of),
            PageKind::Sitemap { part } => self.sign_sitemap(&mut h, part),
            PageKind::SitemapIndex { parts } => {
                parts.hash(&mut h);
                self.latest(&[]).hash(&mut h);
            }
        }
        h.finish()
    }

    fn sign_items(&self, h: &mut Hasher64, stories: &[StoryId]) {
        for &s in stories {
            self.parts().items[s].hash(h);
        }
    }

    /// Entities as the page shows them, by what their links show rather
    /// than their ids: a new entity shifts every id after it, and must not
    /// make every page that links an entity look changed.
    fn sign_entity_links(&self, h: &mut Hasher64, entities: &[EntityId]) {
        for &e in entities {
            self.parts().entity_links[e].hash(h);
        }
    }

    /// [`Self::sign_entity_links`] for links without counts.
    fn sign_entity_names(&self, h: &mut Hasher64, entities: &[EntityId]) {
        for &e in entities {
            self.parts().entity_names[e].hash(h);
        }
    }

    /// Every correction, with the story it corrects as lists show it.
    fn sign_corrections(&self, h: &mut Hasher64) {
        for (id, story) in crate::model::ids::enumerate::<StoryId, _>(&self.dossier.stories) {
            if !story.corrections.is_empty() {
                (self.parts().items[id], &story.corrections).hash(h);
            }
        }
        self.latest(&[]).hash(h);
    }

    fn sign_all_stories(&self, h: &mut Hasher64) {
        self.parts().items.hash(h);
    }

    fn sign_home(&self, h: &mut Hasher64) {
        self.sign_all_stories(h);
        for kind in 0..self.config.kinds.len() {
            self.sign_entity_links(h, &self.dossier.by_kind[kind]);
        }
    }

    fn sign_story(&self, h: &mut Hasher64, id: StoryId) {
        let dossier = self.dossier;
        (
            dossier.stories[id].digest,
            self.bodies.stories[id].digest,
            self.parts().items[id],
        )
            .hash(h);
        self.sign_image(h, dossier.stories[id].image.as_ref());
        let entities: Vec<EntityId> = dossier.entities_of(id).collect();
        (dossier.story_entities[id].len(), entities.len()).hash(h);
        self.sign_entity_names(h, &entities);
        let day = Day::from(&dossier.stories[id].date);
        for &e in &entities {
            self.sign_roles(h, &self.roles_on(e, day));
        }
        for &t in &dossier.story_tags[id] {
            self.parts().tag_names[t].hash(h);
        }
        let neighbours = [id.previous(), id.next_within(dossier.stories.len())];
        for neighbour in neighbours {
            neighbour.map(|n| self.parts().items[n]).hash(h);
        }
        self.sign_items(h, &self.neighbours.related[id]);
        for document in dossier.story_documents[id].iter().flatten() {
            self.parts().document_items[*document].hash(h);
        }
    }

    /// A document's page: its file and notes, what lists show of it, its
    /// entities and the stories citing it with their pinpoints.
    fn sign_document(&self, h: &mut Hasher64, id: DocumentId) {
        let dossier = self.dossier;
        let parts = self.parts();
        let document = &dossier.documents[id];
        let notes = self.bodies.documents[id].digest;
        (document.digest, notes, parts.document_items[id]).hash(h);
        let issuer = dossier.document_issuers[id].map(|e| parts.entity_names[e]);
        issuer.hash(h);
        self.sign_entity_names(h, &dossier.document_entities[id]);
        for &story in &dossier.document_citers[id] {
            (parts.items[story], pinpoints(dossier, story, id)).hash(h);
        }
    }

    /// Every story as an item, with what it is about and its tags, and every
    /// entity's and tag's name, spellings and story count.
    /// The search index and its files of text words, made together: the
    /// words of every text decide which are too common for the files.
    fn sign_search_index(&self, h: &mut Hasher64) {
        self.sign_all_stories(h);
        let parts = self.parts();
        (parts.names, &parts.entity_links, &parts.tag_links).hash(h);
        let dossier = self.dossier;
        (
            &dossier.story_entities,
            &dossier.story_tags,
            &dossier.story_mentions,
        )
            .hash(h);
        for body in &self.bodies.stories {
            body.digest.hash(h);
        }
        (&parts.document_items, &self.dossier.document_entities).hash(h);
        // Each entity's current role.
        parts.role_items.hash(h);
        for e in &self.dossier.entities {
            e.relations.hash(h);
        }
        for page in &self.dossier.pages {
            (&page.title, &page.slug, &page.description).hash(h);
        }
    }

    fn sign_entity(&self, h: &mut Hasher64, id: EntityId, n: usize) {
        let entity = &self.dossier.entities[id];
        (self.parts().entity_links[id], entity.names.len()).hash(h);
        if let Some(profile) = entity.profile.map(|p| &self.dossier.profiles[p]) {
            profile.digest.hash(h);
            self.sign_image(h, profile.image.as_ref());
        }
        for c in &self.neighbours.connections[id] {
            (c.shared, self.parts().entity_names[c.entity]).hash(h);
        }
        // First and last seen, and the chart of every month it was
        // covered, over the dossier's whole range.
        (self.parts().entity_dates[id], self.months).hash(h);
        if n == 1 {
            for &document in &entity.documents {
                self.parts().document_items[document].hash(h);
            }
            // Both lists of relations, and the graph they make with the
            // connections signed above.
            self.sign_roles(h, &entity.relations);
            self.sign_roles(h, &entity.inverse_relations);
        }
        let (start, end) = self.page_range(entity.stories.len(), n);
        for &s in &entity.stories[start..end] {
            let about = self.dossier.is_about(s, id);
            let sentence = self.bodies.mention(s, id).map(|m| m.sentence_digest);
            (self.parts().items[s], about, sentence).hash(h);
            if !entity.relations.is_empty() {
                let day = Day::from(&self.dossier.stories[s].date);
                self.sign_roles(h, &self.roles_on(id, day));
            }
        }
    }

    /// An image by its content: a new version of the same file re-renders
    /// the pages that show it.
    fn sign_image(&self, h: &mut Hasher64, image: Option<&ImageSpec>) {
        let processed = image.and_then(|i| self.images.get(&i.src));
        processed.map(|p| &p.digest).hash(h);
        image.and_then(|i| self.images.copied(&i.src)).hash(h);
    }

    fn sign_roles(&self, h: &mut Hasher64, relations: &[RelationId]) {
        relations.len().hash(h);
        for &r in relations {
            self.parts().role_items[r].hash(h);
        }
    }

    fn sign_tag(&self, h: &mut Hasher64, id: TagId, n: usize) {
        let tag = &self.dossier.tags[id];
        self.parts().tag_links[id].hash(h);
        let (start, end) = self.page_range(tag.stories.len(), n);
        self.sign_items(h, &tag.stories[start..end]);
    }

    fn sign_feed_of(&self, h: &mut Hasher64, of: FeedOf) {
        match of {
            FeedOf::Site => self.sign_feed(h, &self.dossier.newest_first().collect::<Vec<_>>()),
            FeedOf::Entity(id) => {
                self.parts().entity_links[id].hash(h);
                // The feed's subtitle is the profile's description.
                let profile = self.dossier.entities[id].profile;
                profile
                    .map(|p| &self.dossier.profiles[p].description)
                    .hash(h);
                self.sign_feed(h, &self.dossier.entities[id].stories);
            }
            FeedOf::Tag(id) => {
                self.parts().tag_links[id].hash(h);
                self.sign_feed(h, &self.dossier.tags[id].stories);
            }
            FeedOf::Corrections => self.sign_corrections(h),
        }
    }

    /// A feed's newest stories, each with its text (which an edit of
    /// another story can change, by naming a new entity to link) and the
    /// names of its tags, as its entry carries them.
    fn sign_feed(&self, h: &mut Hasher64, stories: &[StoryId]) {
        let shown = &stories[..self.config.feed_limit.min(stories.len())];
        self.sign_items(h, shown);
        for &s in shown {
            self.bodies.stories[s].digest.hash(h);
            for &t in &self.dossier.story_tags[s] {
                self.parts().tag_names[t].hash(h);
            }
        }
        self.latest(shown).hash(h);
    }

    fn sign_sitemap(&self, h: &mut Hasher64, part: Option<usize>) {
        let skip = part.map_or(0, |p| (p - 1) * SITEMAP_LIMIT);
        for page in self
            .pages
            .iter()
            .filter(|p| p.is_listed())
            .skip(skip)
            .take(SITEMAP_LIMIT)
        {
            (&page.site_path, self.lastmod_date(page.kind)).hash(h);
            self.translations(&page.site_path).hash(h);
        }
    }
}
