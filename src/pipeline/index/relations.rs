//! Profiles' relations in the index: the entity each one is of, its
//! source, and each entity's relations in the order its page lists them.

use std::cmp::Reverse;

use super::{Dossier, Entity};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::model::config::Config;
use crate::model::digest::FastMap;
use crate::model::ids::{self, DocumentId, EntityId, KindId, RelationId, StoryId};
use crate::model::slug::slugify;
use crate::model::url::is_web_address;
use crate::pipeline::parse::Relation;

/// A relation of a profile's entity (the holder) to another entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRelation {
    /// The entity whose profile states it.
    pub holder: EntityId,
    /// The entity it is of.
    pub other: EntityId,
    /// The relation as written.
    pub relation: Relation,
    /// Where it is on the record.
    pub source: Option<RelationSource>,
}

/// What a relation's `source` is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RelationSource {
    /// A story of the dossier.
    Story(StoryId),
    /// A document of the dossier.
    Document(DocumentId),
    /// A page elsewhere.
    Web(String),
    /// A story only another language lists: its index in
    /// [`Dossier::elsewhere`].
    Elsewhere(usize),
}

/// Resolves every profile's relations, in profile order; each problem is
/// an error at the relation's item.
pub(super) fn resolve(
    config: &Config,
    dossier: &Dossier,
    d: &mut Vec<Diagnostic>,
) -> Vec<EntityRelation> {
    let finder = Finder::new(dossier);
    let mut resolved = Vec::new();
    for entity in ids::enumerate::<EntityId, _>(&dossier.entities) {
        let (
            holder,
            Entity {
                profile: Some(p), ..
            },
        ) = entity
        else {
            continue;
        };
        let profile = &dossier.profiles[*p];
        for relation in &profile.relations {
            let (line, column) = relation.at;
            let mut problem = |code: Code, message: String, hint: String| {
                d.push(
                    Diagnostic::error(code, &profile.path, line, column, message).with_hint(hint),
                );
            };
            let other = finder.entity(config, &relation.of, &mut problem);
            let source = relation
                .source
                .as_deref()
                .and_then(|s| finder.source(s, &mut problem));
            let Some(other) = other else { continue };
            if other == holder {
                problem(
                    Code::InvalidEntry,
                    format!("a relation of {} to itself", profile.name),
                    "`of` names the other entity of the relation".into(),
                );
                continue;
            }
            if relation.source.is_some() && source.is_none() {
                continue;
            }
            resolved.push(EntityRelation {
                holder,
                other,
                relation: relation.clone(),
                source,
            });
        }
    }
    resolved
}

/// Finds the entities, stories and documents relations name.
struct Finder<'a> {
    dossier: &'a Dossier,
    /// `(kind, slug)` of every entity, and of every alias of one profile.
    by_slug: FastMap<(KindId, &'a str), EntityId>,
    stories: FastMap<&'a str, StoryId>,
    documents: FastMap<&'a str, DocumentId>,
    elsewhere: FastMap<&'a str, usize>,
}

impl<'a> Finder<'a> {
    fn new(dossier: &'a Dossier) -> Self {
        let mut by_slug = FastMap::default();
        let mut aliases: FastMap<(KindId, &str), Vec<EntityId>> = FastMap::default();
        for (id, entity) in ids::enumerate::<EntityId, _>(&dossier.entities) {
            by_slug.insert((entity.kind, entity.slug.as_str()), id);
            if let Some(p) = entity.profile {
                for alias in &dossier.profiles[p].alias_slugs {
                    aliases.entry((entity.kind, alias)).or_default().push(id);
                }
            }
        }
        for (key, owners) in aliases {
            if let [only] = owners[..] {
                by_slug.entry(key).or_insert(only);
            }
        }
        Finder {
            dossier,
            by_slug,
            stories: ids::enumerate::<StoryId, _>(&dossier.stories)
                .map(|(id, s)| (s.slug.as_str(), id))
                .collect(),
            documents: ids::enumerate::<DocumentId, _>(&dossier.documents)
                .map(|(id, d)| (d.slug.as_str(), id))
                .collect(),
            elsewhere: (dossier.elsewhere.iter().enumerate())
                .map(|(i, s)| (s.slug.as_str(), i))
                .collect(),
        }
    }

    /// The entity `of` names: a name or an alias of one kind's entity, or
    /// `<kind>/<slug>`.
    fn entity(
        &self,
        config: &Config,
        of: &str,
        problem: &mut dyn FnMut(Code, String, String),
    ) -> Option<EntityId> {
        let kinds = KindId::all(config.kinds.len());
        if let Some((key, slug)) = of.split_once('/') {
            let kind = config.kinds.iter().position(|k| k.key == key.trim());
            let found = kind.and_then(|k| self.by_slug.get(&(KindId::new(k), slug.trim())));
            if found.is_none() {
                problem(
                    Code::UnknownEntity,
                    format!("`of: {of}` names no entity"),
                    "write `<kind>/<slug>` as in the entity's address, e.g. `places/ecuador`, or its name".into(),
                );
            }
            return found.copied();
        }
        let slug = slugify(of);
        let found: Vec<(KindId, EntityId)> = kinds
            .filter_map(|kind| self.by_slug.get(&(kind, slug.as_str())).map(|&e| (kind, e)))
            .collect();
        match found[..] {
            [(_, entity)] => Some(entity),
            [] => {
                let names = self.dossier.entities.iter().map(|e| e.name.as_str());
                let hint = match closest(of, names) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "name an entity of the dossier: a profile's name or alias, or a name stories list".into(),
                };
                problem(
                    Code::UnknownEntity,
                    format!("`of: {of}` names no entity of the dossier"),
                    hint,
                );
                None
            }
            _ => {
                let paths: Vec<String> = found
                    .iter()
                    .map(|&(k, e)| {
                        format!(
                            "`{}/{}`",
                            config.kinds[k].key, self.dossier.entities[e].slug
                        )
                    })
                    .collect();
                problem(
                    Code::AmbiguousName,
                    format!("`of: {of}` names entities of several kinds"),
                    format!("write which one: {}", paths.join(" or ")),
                );
                None
            }
        }
    }

    /// What a `source` is: a web address, a story's slug or a document's.
    fn source(
        &self,
        source: &str,
        problem: &mut dyn FnMut(Code, String, String),
    ) -> Option<RelationSource> {
        if is_web_address(source) {
            return Some(RelationSource::Web(source.to_string()));
        }
        if let Some(&story) = self.stories.get(source) {
            return Some(RelationSource::Story(story));
        }
        if let Some(&document) = self.documents.get(source) {
            return Some(RelationSource::Document(document));
        }
        if let Some(&story) = self.elsewhere.get(source) {
            return Some(RelationSource::Elsewhere(story));
        }
        let slugs = self.stories.keys().chain(self.documents.keys()).copied();
        let hint = match closest(source, slugs) {
            Some(near) => format!("did you mean `source: {near}`?"),
            None => {
                "write the slug of a story or a document of the dossier, or an https:// address"
                    .into()
            }
        };
        problem(
            Code::UnknownSource,
            format!("`source: {source}` is no story, document or web address of the dossier"),
            hint,
        );
        None
    }
}

/// Lists each entity's relations: those it holds (current ones first,
/// then the latest first) and those others hold to it (by how its page
/// names them, current holders first, then the latest first).
pub(super) fn fill_lists(dossier: &mut Dossier) {
    for entity in &mut dossier.entities {
        entity.relations.clear();
        entity.inverse_relations.clear();
    }
    let mut order: Vec<RelationId> = RelationId::all(dossier.relations.len()).collect();
    order.sort_by_key(|&r| {
        let relation = &dossier.relations[r].relation;
        let latest = relation.until.or(relation.from).map(|d| d.last_day());
        (Reverse(relation.is_current()), Reverse(latest), r)
    });
    for &id in &order {
        let (holder, other) = (dossier.relations[id].holder, dossier.relations[id].other);
        dossier.entities[holder].relations.push(id);
        dossier.entities[other].inverse_relations.push(id);
    }
}
