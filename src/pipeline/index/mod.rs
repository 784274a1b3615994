//! Stage 3: resolve the names in stories and documents to entities, and
//! index stories by entity, by tag and by date. `resolve.rs` decides which
//! entity a name is; `documents.rs` links documents to their entities,
//! their issuer and the stories citing them.
//!
//! Entities and tags are interned: pages refer to them by their position in
//! [`Dossier::entities`] and [`Dossier::tags`], never by cloning them.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::config::Config;
use crate::model::digest::{FastMap, IndexInputs};
use crate::pipeline::parse::{Document, Home, Page, Parsed, Profile, Story};

mod documents;
mod relations;
mod resolve;

pub use relations::{EntityRelation, RelationSource};

use resolve::{Listed, Resolved, Resolver, count, most_used};

pub use crate::model::ids::{DocumentId, EntityId, KindId, PageId, RelationId, StoryId, TagId};

/// A person, organization, place... with or without a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Its kind, a position in the config's `kinds`.
    pub kind: KindId,
    /// Its identity within its kind, and its page's folder
    /// (`<kind>/<slug>/`): the slug of its names (README, "Entities and
    /// profiles").
    pub slug: String,
    /// The profile's name, else the spelling most stories use.
    pub name: String,
    /// Its profile, as a position in [`Dossier::profiles`], if it has one.
    pub profile: Option<usize>,
    /// Every way the site writes the entity: the profile's name and aliases,
    /// and each spelling used in front matter.
    pub names: Vec<String>,
    /// Stories about or mentioning the entity, newest first.
    pub stories: Vec<StoryId>,
    /// Documents that list the entity or that it issued, newest first.
    pub documents: Vec<DocumentId>,
    /// The relations its profile states, current ones first, then the
    /// latest first.
    pub relations: Vec<RelationId>,
    /// The relations other profiles state of it, in the same order.
    pub inverse_relations: Vec<RelationId>,
}

/// A tag of the stories: every spelling with the same slug is one tag.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// Its identity, and its page's folder (`tags/<slug>/`).
    pub slug: String,
    /// The spelling most stories use (on a tie, the first in sort order).
    pub name: String,
    /// Newest first.
    pub stories: Vec<StoryId>,
}

/// The whole dossier, resolved and indexed: what the later stages read.
#[derive(Debug, Default)]
pub struct Dossier {
    /// The home page's title, description and intro, from `content/_index.md`.
    pub home: Home,
    /// Oldest first, by date then slug.
    pub stories: Vec<Arc<Story>>,
    /// Every profile, by kind, then path; [`Entity::profile`] points into it.
    pub profiles: Vec<Profile>,
    /// The standalone pages, by path.
    pub pages: Vec<Page>,
    /// By kind, then slug.
    pub entities: Vec<Entity>,
    /// Each kind's entities, in `entities` order (A–Z by slug).
    pub by_kind: Vec<Vec<EntityId>>,
    /// The entities each story is about, in kind order, then as listed.
    pub story_entities: Vec<Vec<EntityId>>,
    /// The entities each story's text mentions that it is not about, in order
    /// of first mention (filled by [`add_mentions`]).
    pub story_mentions: Vec<Vec<EntityId>>,
    /// By slug.
    pub tags: Vec<Tag>,
    /// The tags of each story, in the order its front matter lists them.
    pub story_tags: Vec<Vec<TagId>>,
    /// The documents, oldest first, by date then slug.
    pub documents: Vec<Document>,
    /// The entities each document lists, in kind order, then as listed.
    pub document_entities: Vec<Vec<EntityId>>,
    /// Who issued each document.
    pub document_issuers: Vec<Option<EntityId>>,
    /// The stories citing each document, newest first.
    pub document_citers: Vec<Vec<StoryId>>,
    /// For each story, the document each of its sources is, if it is one.
    pub story_documents: Vec<Vec<Option<DocumentId>>>,
    /// Every relation the profiles state, by profile, then as written.
    pub relations: Vec<EntityRelation>,
    /// Stories only another language lists (see [`Parsed::elsewhere`]).
    pub elsewhere: Vec<Arc<Story>>,
}

impl Dossier {
    /// Story ids, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = StoryId> + '_ {
        StoryId::all(self.stories.len()).rev()
    }

    /// Whether the story's front matter lists the entity (rather than only
    /// its text mentioning it).
    pub fn is_about(&self, story: StoryId, entity: EntityId) -> bool {
        self.story_entities[story].contains(&entity)
    }

    /// The entities of a story: those it is about, then those it mentions.
    pub fn entities_of(&self, story: StoryId) -> impl Iterator<Item = EntityId> + '_ {
        self.story_entities[story]
            .iter()
            .chain(&self.story_mentions[story])
            .copied()
    }
}

/// The [`IndexInputs`] of what was parsed.
pub fn inputs_digest(config: &Config, parsed: &Parsed) -> IndexInputs {
    use crate::model::digest::digest64 as digest;
    let kinds: Vec<&str> = config.kinds.iter().map(|k| k.key.as_str()).collect();
    let profiles: Vec<_> = parsed.profiles.iter().map(|p| p.digest).collect();
    let documents: Vec<_> = parsed.documents.iter().map(|d| d.index_inputs).collect();
    let stories = || parsed.stories.iter().map(|s| s.index_inputs);
    IndexInputs {
        entities: digest((
            (kinds, parsed.home.digest, profiles, documents),
            stories().map(|d| d.entities).collect::<Vec<_>>(),
        )),
        tags: digest(stories().map(|d| d.tags).collect::<Vec<_>>()),
    }
}

/// The last build's index, for stories whose [`IndexInputs`] are the
/// same: only the stories themselves (their text, titles...) are new. This
/// is watch mode's usual rebuild, an edit to a story's text, which then
/// skips indexing altogether. Mentions are left to [`add_mentions`].
pub fn reindex(mut last: Dossier, parsed: Parsed) -> Dossier {
    // By path as a string: hashing a `Path` walks its components.
    let mut by_path: FastMap<&std::ffi::OsStr, Arc<Story>> = parsed
        .stories
        .iter()
        .map(|s| (s.path.as_os_str(), Arc::clone(s)))
        .collect();
    for story in &mut last.stories {
        if let Some(new) = by_path.remove(story.path.as_os_str()) {
            *story = new;
        }
    }
    last.profiles = parsed.profiles;
    last.home = parsed.home;
    last.pages = parsed.pages;
    last.documents = documents::in_order(parsed.documents);
    last
}

/// The last build's index with the tags indexed again, for stories whose
/// entity inputs are the same but whose tags changed: an edit that adds or
/// removes a tag need not resolve every name of the site again. (Each
/// tag's stories are listed by [`add_mentions`], as after [`reindex`].)
pub fn retag(last: Dossier, parsed: Parsed) -> Dossier {
    let mut dossier = reindex(last, parsed);
    (dossier.tags, dossier.story_tags) = index_tags(&dossier.stories);
    dossier
}

/// Gives the tags `names` has, by slug, those names: another language's
/// words for them.
pub fn name_tags(dossier: &mut Dossier, names: &std::collections::BTreeMap<String, String>) {
    for tag in &mut dossier.tags {
        if let Some(name) = names.get(&tag.slug) {
            tag.name.clone_from(name);
        }
    }
}

/// Resolves and indexes everything parsed.
pub fn index(config: &Config, parsed: Parsed) -> Result<Dossier, Vec<Diagnostic>> {
    let Parsed {
        home,
        mut stories,
        profiles,
        pages,
        documents,
        draft_documents,
        translations: _,
        elsewhere,
    } = parsed;
    let mut diagnostics = Vec::new();
    stories.sort_by(|a, b| (a.date, &a.slug, &a.path).cmp(&(b.date, &b.slug, &b.path)));
    check_unique_slugs(&stories, &mut diagnostics);
    let documents = documents::in_order(documents);
    let story_documents =
        documents::link_sources(&stories, &documents, &draft_documents, &mut diagnostics);

    let mut resolver = Resolver::new(config.kinds.len());
    resolver.add_profiles(&profiles, &mut diagnostics);
    // Which entity a name is does not depend on the other stories (see
    // `Resolver::resolve`), so stories resolve in parallel; only counting
    // the entities in is sequential.
    let resolved: Vec<Result<Vec<Resolved>, Vec<Diagnostic>>> = stories
        .par_iter()
        .map(|story| resolver.resolve(&Listed::of_story(story)))
        .collect();
    let mut story_keys: Vec<Vec<usize>> = Vec::with_capacity(stories.len());
    for names in resolved {
        match names {
            Ok(names) => story_keys.push(resolver.add_names(&names)),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    // Names of stories only another language lists are entities here too,
    // spelt as there, so that an entity is the same in every language.
    for story in &elsewhere {
        match resolver.resolve(&Listed::of_story(story)) {
            Ok(names) => drop(resolver.add_names(&names)),
            Err(errors) => diagnostics.extend(errors),
        }
    }
    let (document_keys, issuer_keys) =
        documents::resolve(config, &mut resolver, &documents, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let (entities, by_kind, entity_of) = resolver.into_entities();
    let to_entities = |keys: &Vec<usize>| keys.iter().map(|&b| entity_of[b]).collect();
    let story_entities: Vec<Vec<EntityId>> = story_keys.iter().map(to_entities).collect();
    let document_entities = document_keys.iter().map(to_entities).collect();
    let document_issuers = issuer_keys
        .iter()
        .map(|k| k.map(|b| entity_of[b]))
        .collect();
    let (tags, story_tags) = index_tags(&stories);
    let mut dossier = Dossier {
        home,
        story_mentions: vec![Vec::new(); stories.len()],
        stories,
        profiles,
        pages,
        entities,
        by_kind,
        story_entities,
        tags,
        story_tags,
        document_citers: Vec::new(),
        documents,
        document_entities,
        document_issuers,
        story_documents,
        relations: Vec::new(),
        elsewhere,
    };
    fill_story_lists(&mut dossier);
    documents::fill_lists(&mut dossier);
    dossier.relations = relations::resolve(config, &dossier, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    relations::fill_lists(&mut dossier);
    Ok(dossier)
}

fn check_unique_slugs(stories: &[Arc<Story>], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Story> = HashMap::with_capacity(stories.len());
    for story in stories.iter().map(|s| &**s) {
        if let Some(first) = seen.insert(&story.slug, story) {
            let (later, earlier) = if story.path > first.path {
                (story, first)
            } else {
                (first, story)
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::DuplicateSlug,
                    &later.path,
                    1,
                    1,
                    format!("two stories have the slug `{}`", story.slug),
                )
                .with_hint(format!(
                    "{} has it too: rename one file or set a different `slug:`",
                    earlier.path.display()
                )),
            );
        }
    }
}

fn index_tags(stories: &[Arc<Story>]) -> (Vec<Tag>, Vec<Vec<TagId>>) {
    let mut by_slug: FastMap<&str, usize> = FastMap::default();
    let mut found: Vec<(&str, Vec<(&str, usize)>)> = Vec::new();
    let story_found: Vec<Vec<usize>> = stories
        .iter()
        .map(|story| {
            let mut tags: Vec<usize> = Vec::with_capacity(story.tags.len());
            for (tag, slug) in story.tags.iter().zip(&story.tag_slugs) {
                let at = *by_slug.entry(slug).or_insert_with(|| {
                    found.push((slug, Vec::new()));
                    found.len() - 1
                });
                count(&mut found[at].1, tag);
                if !tags.contains(&at) {
                    tags.push(at);
                }
            }
            tags
        })
        .collect();
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&f| found[f].0);
    let mut tag_of = vec![TagId::default(); found.len()];
    for (id, &f) in order.iter().enumerate() {
        tag_of[f] = TagId::new(id);
    }
    let tags = order
        .iter()
        .map(|&f| Tag {
            slug: found[f].0.to_string(),
            name: most_used(&found[f].1),
            stories: Vec::new(),
        })
        .collect();
    let story_tags = story_found
        .into_iter()
        .map(|tags| tags.into_iter().map(|f| tag_of[f]).collect())
        .collect();
    (tags, story_tags)
}

/// Adds the entities each story's text mentions (in order of first mention)
/// to the index: a mention puts the story on the entity's page.
pub fn add_mentions(dossier: &mut Dossier, mentions: Vec<Vec<EntityId>>) {
    for (story, mut mentioned) in StoryId::all(mentions.len()).zip(mentions) {
        mentioned.retain(|e| !dossier.story_entities[story].contains(e));
        dossier.story_mentions[story] = mentioned;
    }
    fill_story_lists(dossier);
}

/// Lists each entity's and tag's stories, newest first.
fn fill_story_lists(dossier: &mut Dossier) {
    for entity in &mut dossier.entities {
        entity.stories.clear();
    }
    for tag in &mut dossier.tags {
        tag.stories.clear();
    }
    for story in StoryId::all(dossier.stories.len()).rev() {
        let about = &dossier.story_entities[story];
        for &entity in about.iter().chain(&dossier.story_mentions[story]) {
            dossier.entities[entity].stories.push(story);
        }
        for &tag in &dossier.story_tags[story] {
            dossier.tags[tag].stories.push(story);
        }
    }
}
