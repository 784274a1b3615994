//! Which entity each name of a front matter is: profiles' names and
//! aliases, then the names stories and documents use, interned.

use super::Entity;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::digest::FastMap;
use crate::model::ids::{EntityId, KindId};
use crate::pipeline::parse::{Profile, Story};

/// Maps names, as written in front matter, to entities within each kind.
/// It borrows every name and slug from the stories and profiles: a build
/// resolves tens of thousands of names, and copies only each entity's own.
pub(super) struct Resolver<'p> {
    /// The entities being built, in order of first appearance.
    pub(super) builders: Vec<Builder<'p>>,
    /// `(kind, slug)` → position in `builders`.
    pub(super) by_key: FastMap<(KindId, &'p str), usize>,
    /// Per kind: alias slug → slugs of the profiles that claim it.
    pub(super) aliases: Vec<FastMap<&'p str, Vec<&'p str>>>,
}

/// A name of a story, resolved: `(kind, entity slug, name as written)`.
pub(super) type Resolved<'p> = (KindId, &'p str, &'p str);

/// The names a file lists by kind, a story's or a document's, with their
/// slugs and where each kind's list is.
pub(super) struct Listed<'p> {
    pub(super) path: &'p std::path::Path,
    pub(super) names: &'p [Vec<String>],
    pub(super) slugs: &'p [Vec<String>],
    pub(super) at: &'p [(usize, usize)],
}

impl<'p> Listed<'p> {
    pub(super) fn of_story(story: &'p Story) -> Self {
        Listed {
            path: &story.path,
            names: &story.names,
            slugs: &story.name_slugs,
            at: &story.names_at,
        }
    }
}

pub(super) struct Builder<'p> {
    kind: KindId,
    pub(super) slug: &'p str,
    pub(super) profile: Option<(usize, &'p Profile)>,
    /// How often each spelling is used, to name entities without a profile
    /// (a few per entity: a list beats a map).
    pub(super) spellings: Vec<(&'p str, usize)>,
}

impl<'p> Resolver<'p> {
    pub(super) fn new(kinds: usize) -> Self {
        Resolver {
            builders: Vec::new(),
            by_key: FastMap::default(),
            aliases: (0..kinds).map(|_| FastMap::default()).collect(),
        }
    }

    /// The position of the entity `(kind, slug)` in `builders`, added if new.
    pub(super) fn builder(&mut self, kind: KindId, slug: &'p str) -> usize {
        let builders = &mut self.builders;
        *self.by_key.entry((kind, slug)).or_insert_with(|| {
            builders.push(Builder {
                kind,
                slug,
                profile: None,
                spellings: Vec::new(),
            });
            builders.len() - 1
        })
    }

    pub(super) fn add_profiles(
        &mut self,
        profiles: &'p [Profile],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for (i, profile) in profiles.iter().enumerate() {
            let slug = profile.slug.as_str();
            let at = self.builder(profile.kind, slug);
            if let Some((_, other)) = self.builders[at].profile {
                diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateProfile,
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
            self.builders[at].profile = Some((i, profile));
            for alias in &profile.alias_slugs {
                let claimants = self.aliases[profile.kind].entry(alias).or_default();
                if !claimants.contains(&slug) {
                    claimants.push(slug);
                }
            }
        }
    }

    /// The entity each name of a file is, as `(kind, slug, name)`; an
    /// ambiguous alias is an error.
    ///
    /// A name whose slug is a profile's is that profile's entity; else an
    /// alias of exactly one profile is that profile's; else the name makes
    /// (or joins) an entity of its own slug. None of this depends on the
    /// other files: a name can only make an entity whose slug is no
    /// profile's and no alias.
    pub(super) fn resolve(
        &self,
        listed: &Listed<'p>,
    ) -> Result<Vec<Resolved<'p>>, Vec<Diagnostic>> {
        let mut resolved = Vec::new();
        let mut errors = Vec::new();
        let names_by_kind = listed.names.iter().zip(listed.slugs);
        for (kind, (names, slugs)) in KindId::all(listed.names.len()).zip(names_by_kind) {
            for (name, key) in names.iter().zip(slugs) {
                let key = key.as_str();
                let slug = match self.aliases[kind].get(key) {
                    _ if self.by_key.contains_key(&(kind, key)) => key,
                    Some(claimants) if claimants.len() == 1 => claimants[0],
                    Some(claimants) => {
                        let (line, column) = listed.at[kind];
                        errors.push(
                            Diagnostic::error(
                                Code::AmbiguousName,
                                listed.path,
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
                resolved.push((kind, slug, name.as_str()));
            }
        }
        if errors.is_empty() {
            Ok(resolved)
        } else {
            Err(errors)
        }
    }

    /// Counts a story's resolved names in; returns its entities, as
    /// positions in `builders`, each once.
    pub(super) fn add_names(&mut self, names: &[Resolved<'p>]) -> Vec<usize> {
        let mut entities = Vec::with_capacity(names.len());
        for &(kind, slug, name) in names {
            let at = self.builder(kind, slug);
            count(&mut self.builders[at].spellings, name);
            if !entities.contains(&at) {
                entities.push(at);
            }
        }
        entities
    }

    /// Every entity, by kind then slug; each kind's entity ids; and the
    /// entity id of each builder.
    pub(super) fn into_entities(self) -> (Vec<Entity>, Vec<Vec<EntityId>>, Vec<EntityId>) {
        let mut order: Vec<usize> = (0..self.builders.len()).collect();
        order.sort_by_key(|&b| (self.builders[b].kind, self.builders[b].slug));
        let mut entity_of = vec![EntityId::default(); self.builders.len()];
        let mut by_kind = vec![Vec::new(); self.aliases.len()];
        let mut entities = Vec::with_capacity(order.len());
        for b in order {
            let builder = &self.builders[b];
            let name = match builder.profile {
                Some((_, profile)) => profile.name.clone(),
                None => most_used(&builder.spellings),
            };
            let mut names: Vec<String> = builder
                .spellings
                .iter()
                .map(|&(s, _)| s.to_string())
                .collect();
            if let Some((_, profile)) = builder.profile {
                names.push(profile.name.clone());
                names.extend(profile.aliases.iter().cloned());
            }
            names.sort();
            names.dedup();
            entity_of[b] = EntityId::new(entities.len());
            by_kind[builder.kind].push(EntityId::new(entities.len()));
            entities.push(Entity {
                kind: builder.kind,
                slug: builder.slug.to_string(),
                name,
                profile: builder.profile.map(|(i, _)| i),
                names,
                stories: Vec::new(),
                documents: Vec::new(),
                relations: Vec::new(),
                inverse_relations: Vec::new(),
            });
        }
        (entities, by_kind, entity_of)
    }
}

/// Counts one more use of `spelling`.
pub(super) fn count<'p>(spellings: &mut Vec<(&'p str, usize)>, spelling: &'p str) {
    match spellings.iter_mut().find(|(s, _)| *s == spelling) {
        Some((_, n)) => *n += 1,
        None => spellings.push((spelling, 1)),
    }
}

/// The most used spelling; on a tie, the first in sort order, for determinism.
pub(super) fn most_used(spellings: &[(&str, usize)]) -> String {
    spellings
        .iter()
        .max_by(|(a, m), (b, n)| m.cmp(n).then_with(|| b.cmp(a)))
        .map(|(s, _)| s.to_string())
        .unwrap_or_default()
}
