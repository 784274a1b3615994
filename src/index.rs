//! Stage 3: resolve the names in stories to entities, and index stories by
//! entity, by tag and by date.
//!
//! Entities and tags are interned: pages refer to them by their position in
//! [`Dossier::entities`] and [`Dossier::tags`], never by cloning them.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::parse::{Home, Parsed, Profile, Story};
use crate::slug::slugify;

pub type StoryId = usize;
pub type EntityId = usize;
pub type TagId = usize;

/// A person, organization, place... with or without a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub kind: usize,
    pub slug: String,
    /// The profile's name, else the spelling most stories use.
    pub name: String,
    pub profile: Option<usize>,
    /// Every way the site writes the entity: the profile's name and aliases,
    /// and each spelling used in front matter.
    pub names: Vec<String>,
    /// Stories about or mentioning the entity, newest first.
    pub stories: Vec<StoryId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub slug: String,
    pub name: String,
    /// Newest first.
    pub stories: Vec<StoryId>,
}

/// The whole dossier, resolved and indexed: what the later stages read.
#[derive(Debug)]
pub struct Dossier {
    pub home: Home,
    /// Oldest first, by date then slug.
    pub stories: Vec<Arc<Story>>,
    pub profiles: Vec<Profile>,
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
    pub story_tags: Vec<Vec<TagId>>,
}

impl Dossier {
    /// Story ids, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = StoryId> + '_ {
        (0..self.stories.len()).rev()
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

/// Resolves and indexes everything parsed.
pub fn index(config: &Config, parsed: Parsed) -> Result<Dossier, Vec<Diagnostic>> {
    let Parsed {
        home,
        mut stories,
        profiles,
    } = parsed;
    let mut diagnostics = Vec::new();
    stories.sort_by(|a, b| (a.date, &a.slug, &a.path).cmp(&(b.date, &b.slug, &b.path)));
    check_unique_slugs(&stories, &mut diagnostics);

    let mut resolver = Resolver::new(config.kinds.len());
    resolver.add_profiles(&profiles, &mut diagnostics);
    let story_keys: Vec<Vec<(usize, String)>> = stories
        .iter()
        .map(|story| resolver.resolve_story(story, &mut diagnostics))
        .collect();
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }

    let (entities, by_kind) = resolver.into_entities();
    let ids: HashMap<(usize, &str), EntityId> = entities
        .iter()
        .enumerate()
        .map(|(id, e)| ((e.kind, e.slug.as_str()), id))
        .collect();
    let story_entities: Vec<Vec<EntityId>> = story_keys
        .iter()
        .map(|keys| {
            keys.iter()
                .map(|(kind, slug)| ids[&(*kind, slug.as_str())])
                .collect()
        })
        .collect();
    drop(ids);
    let (tags, story_tags) = index_tags(&stories);
    let mut dossier = Dossier {
        home,
        story_mentions: vec![Vec::new(); stories.len()],
        stories,
        profiles,
        entities,
        by_kind,
        story_entities,
        tags,
        story_tags,
    };
    fill_story_lists(&mut dossier);
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

/// Maps names, as written in front matter, to entity slugs within each kind.
struct Resolver<'p> {
    /// Per kind: slug → entity being built.
    kinds: Vec<BTreeMap<String, Builder<'p>>>,
    /// Per kind: alias slug → slugs of the profiles that claim it.
    aliases: Vec<HashMap<String, Vec<String>>>,
}

#[derive(Default)]
struct Builder<'p> {
    profile: Option<(usize, &'p Profile)>,
    /// How often each spelling is used, to name entities without a profile.
    spellings: BTreeMap<String, usize>,
}

impl<'p> Resolver<'p> {
    fn new(kinds: usize) -> Self {
        Resolver {
            kinds: (0..kinds).map(|_| BTreeMap::new()).collect(),
            aliases: (0..kinds).map(|_| HashMap::new()).collect(),
        }
    }

    fn add_profiles(&mut self, profiles: &'p [Profile], diagnostics: &mut Vec<Diagnostic>) {
        for (i, profile) in profiles.iter().enumerate() {
            let slug = slugify(&profile.name);
            let builder = self.kinds[profile.kind].entry(slug.clone()).or_default();
            if let Some((_, other)) = builder.profile {
                diagnostics.push(
                    Diagnostic::error(
                        &profile.path,
                        2,
                        1,
                        format!("a second profile for `{}`", profile.name),
                    )
                    .with_hint(format!(
                        "{} is already its profile: merge the two files",
                        other.path.display()
                    )),
                );
                continue;
            }
            builder.profile = Some((i, profile));
            for alias in &profile.aliases {
                let claimants = self.aliases[profile.kind]
                    .entry(slugify(alias))
                    .or_default();
                if !claimants.contains(&slug) {
                    claimants.push(slug.clone());
                }
            }
        }
    }

    /// The `(kind, slug)` of each name in the story; ambiguous aliases are errors.
    fn resolve_story(
        &mut self,
        story: &Story,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<(usize, String)> {
        let mut resolved = Vec::new();
        for (kind, names) in story.names.iter().enumerate() {
            for name in names {
                let key = slugify(name);
                let slug = match self.aliases[kind].get(&key) {
                    _ if self.kinds[kind].contains_key(&key) => key,
                    Some(claimants) if claimants.len() == 1 => claimants[0].clone(),
                    Some(claimants) => {
                        let (line, column) = story.names_at[kind];
                        diagnostics.push(
                            Diagnostic::error(
                                &story.path,
                                line,
                                column,
                                format!("`{name}` is an alias of several entities"),
                            )
                            .with_hint(format!(
                                "write the full name of one of: {}",
                                claimants.join(", ")
                            )),
                        );
                        continue;
                    }
                    None => key,
                };
                let builder = self.kinds[kind].entry(slug.clone()).or_default();
                *builder.spellings.entry(name.clone()).or_default() += 1;
                if !resolved.contains(&(kind, slug.clone())) {
                    resolved.push((kind, slug));
                }
            }
        }
        resolved
    }

    /// Every entity, by kind then slug, and each kind's entity ids.
    fn into_entities(self) -> (Vec<Entity>, Vec<Vec<EntityId>>) {
        let mut entities = Vec::new();
        let mut by_kind = Vec::new();
        for (kind, builders) in self.kinds.into_iter().enumerate() {
            let mut ids = Vec::with_capacity(builders.len());
            for (slug, builder) in builders {
                let name = match builder.profile {
                    Some((_, profile)) => profile.name.clone(),
                    None => most_used(&builder.spellings),
                };
                let mut names: Vec<String> = builder.spellings.into_keys().collect();
                if let Some((_, profile)) = builder.profile {
                    names.push(profile.name.clone());
                    names.extend(profile.aliases.iter().cloned());
                }
                names.sort();
                names.dedup();
                ids.push(entities.len());
                entities.push(Entity {
                    kind,
                    slug,
                    name,
                    profile: builder.profile.map(|(i, _)| i),
                    names,
                    stories: Vec::new(),
                });
            }
            by_kind.push(ids);
        }
        (entities, by_kind)
    }
}

/// The most used spelling; on a tie, the first in sort order, for determinism.
fn most_used(spellings: &BTreeMap<String, usize>) -> String {
    let mut best: Option<(&String, usize)> = None;
    for (spelling, &count) in spellings {
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((spelling, count));
        }
    }
    best.map(|(s, _)| s.clone()).unwrap_or_default()
}

fn index_tags(stories: &[Arc<Story>]) -> (Vec<Tag>, Vec<Vec<TagId>>) {
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for story in stories {
        for tag in &story.tags {
            *spellings
                .entry(slugify(tag))
                .or_default()
                .entry(tag.clone())
                .or_default() += 1;
        }
    }
    let ids: HashMap<&str, TagId> = spellings
        .keys()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    let story_tags = stories
        .iter()
        .map(|story| {
            let mut tags: Vec<TagId> = Vec::with_capacity(story.tags.len());
            for id in story.tags.iter().map(|t| ids[slugify(t).as_str()]) {
                if !tags.contains(&id) {
                    tags.push(id);
                }
            }
            tags
        })
        .collect();
    let tags = spellings
        .iter()
        .map(|(slug, names)| Tag {
            slug: slug.clone(),
            name: most_used(names),
            stories: Vec::new(),
        })
        .collect();
    (tags, story_tags)
}

/// Adds the entities each story's text mentions (in order of first mention)
/// to the index: a mention puts the story on the entity's page.
pub fn add_mentions(dossier: &mut Dossier, mentions: Vec<Vec<EntityId>>) {
    for (story, mut mentioned) in mentions.into_iter().enumerate() {
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
    for story in (0..dossier.stories.len()).rev() {
        let about = &dossier.story_entities[story];
        for &entity in about.iter().chain(&dossier.story_mentions[story]) {
            dossier.entities[entity].stories.push(story);
        }
        for &tag in &dossier.story_tags[story] {
            dossier.tags[tag].stories.push(story);
        }
    }
}
