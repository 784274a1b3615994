//! Bodies converted for the last build's names, carried over to a build
//! whose entities differ: a new name changes only the bodies that contain
//! it. Every other body converts to the same HTML, naming the same
//! entities, whose ids may have moved.

use std::sync::Arc;

use aho_corasick::AhoCorasick;

use super::Html;
use crate::model::digest::FastMap;
use crate::pipeline::index::{Dossier, EntityId};
use crate::pipeline::parse::Body;

/// What of the entities converting a body depends on: each entity's kind,
/// slug and names, by [`EntityId`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityNames(Vec<(usize, String, Vec<String>)>);

impl EntityNames {
    /// The names of `dossier`'s entities.
    pub fn of(dossier: &Dossier) -> Self {
        EntityNames(
            dossier
                .entities
                .iter()
                .map(|e| (e.kind.index(), e.slug.clone(), e.names.clone()))
                .collect(),
        )
    }

    /// Each name, with the entities (by kind and slug) it names.
    fn owners(&self) -> FastMap<&str, Vec<(usize, &str)>> {
        let mut owners: FastMap<&str, Vec<(usize, &str)>> = FastMap::default();
        for (kind, slug, names) in &self.0 {
            for name in names {
                owners.entry(name).or_default().push((*kind, slug));
            }
        }
        owners
    }
}

/// How a body converted for one set of names is carried over to another.
pub struct Carry {
    /// Each old entity's id among the new ones, `None` when it is gone.
    ids: Vec<Option<EntityId>>,
    /// The names that name other entities than before, or none now, or
    /// that are new: a body containing one of them is converted again.
    /// `None` when no name changed.
    changed: Option<AhoCorasick>,
}

impl Carry {
    /// The carry from bodies converted for `old` to the site of `new`;
    /// `None` when the changed names cannot be searched for at once.
    pub fn new(old: &EntityNames, new: &EntityNames) -> Option<Carry> {
        let by_key: FastMap<(usize, &str), usize> = new
            .0
            .iter()
            .enumerate()
            .map(|(id, (kind, slug, _))| ((*kind, slug.as_str()), id))
            .collect();
        let ids = old
            .0
            .iter()
            .map(|(kind, slug, _)| {
                by_key
                    .get(&(*kind, slug.as_str()))
                    .map(|&i| EntityId::new(i))
            })
            .collect();
        let (before, after) = (old.owners(), new.owners());
        let mut changed: Vec<&str> = after
            .iter()
            .filter(|(name, owners)| before.get(*name) != Some(owners))
            .map(|(name, _)| *name)
            .chain(
                before
                    .keys()
                    .filter(|name| !after.contains_key(*name))
                    .copied(),
            )
            .collect();
        changed.sort_unstable();
        // Matching is case-sensitive, so a body without the exact text of a
        // changed name cannot find it, whatever the word boundaries.
        let changed = match changed.is_empty() {
            true => None,
            false => Some(AhoCorasick::new(&changed).ok()?),
        };
        Some(Carry { ids, changed })
    }

    /// `html`, converted from `body` for the old names, as the new names
    /// convert it; `None` when it must be converted again.
    pub fn carry(&self, body: &Body, html: &Arc<Html>) -> Option<Arc<Html>> {
        if let Some(changed) = &self.changed
            && changed.is_match(body.markdown())
        {
            return None;
        }
        let moved = |m: &super::Mention| self.ids.get(m.entity.index()).copied().flatten();
        if html.mentions.iter().all(|m| moved(m) == Some(m.entity)) {
            return Some(Arc::clone(html));
        }
        let mut carried = Html::clone(html);
        for mention in &mut carried.mentions {
            mention.entity = moved(mention)?;
        }
        Some(Arc::new(carried))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::markdown::Mention;

    fn names(entities: &[(&str, &[&str])]) -> EntityNames {
        EntityNames(
            entities
                .iter()
                .map(|(slug, names)| {
                    (
                        0,
                        slug.to_string(),
                        names.iter().map(|n| n.to_string()).collect(),
                    )
                })
                .collect(),
        )
    }

    fn html_naming(entities: &[usize]) -> Arc<Html> {
        let mentions = entities
            .iter()
            .map(|&e| Mention {
                entity: EntityId::new(e),
                sentence: String::new(),
                sentence_digest: 0,
            })
            .collect();
        Arc::new(Html {
            html: "<p>converted</p>".into(),
            mentions,
            ..Html::default()
        })
    }

    fn ids(html: &Html) -> Vec<usize> {
        html.mentions.iter().map(|m| m.entity.index()).collect()
    }

    #[test]
    fn a_new_name_converts_again_only_the_bodies_that_contain_it() {
        let old = names(&[("alice", &["Alice"]), ("carol", &["Carol"])]);
        let new = names(&[
            ("alice", &["Alice"]),
            ("bob", &["Bob"]),
            ("carol", &["Carol"]),
        ]);
        let carry = Carry::new(&old, &new).unwrap();
        let converted = html_naming(&[0, 1]);
        let carried = carry
            .carry(&Body::new("Alice met Carol."), &converted)
            .unwrap();
        // Carol's id moved past Bob's; the HTML is the same.
        assert_eq!(ids(&carried), [0, 2]);
        assert_eq!(carried.html, converted.html);
        assert!(
            carry
                .carry(&Body::new("Alice met Bob."), &converted)
                .is_none()
        );
        // Ids that did not move: the very same body.
        let alice_only = html_naming(&[0]);
        let kept = carry
            .carry(&Body::new("Alice alone."), &alice_only)
            .unwrap();
        assert!(Arc::ptr_eq(&kept, &alice_only));
    }

    #[test]
    fn a_name_that_is_gone_or_shared_converts_its_bodies_again() {
        let old = names(&[("alice", &["Alice", "Al"]), ("carol", &["Carol"])]);
        // Alice lost an alias; Carol now shares "Alice" (ambiguous).
        let new = names(&[("alice", &["Alice"]), ("carol", &["Carol", "Alice"])]);
        let carry = Carry::new(&old, &new).unwrap();
        let converted = html_naming(&[0]);
        assert!(carry.carry(&Body::new("Al spoke."), &converted).is_none());
        assert!(
            carry
                .carry(&Body::new("Alice spoke."), &converted)
                .is_none()
        );
        assert!(
            carry
                .carry(&Body::new("Carol spoke."), &html_naming(&[1]))
                .is_some()
        );
    }

    #[test]
    fn a_body_naming_an_entity_that_is_gone_is_converted_again() {
        let old = names(&[("alice", &["Alice"]), ("carol", &["Carol"])]);
        let new = names(&[("alice", &["Alice"])]);
        let carry = Carry::new(&old, &new).unwrap();
        // Its text no longer has the name (a mention kept from before the
        // name was removed cannot be remapped).
        assert!(
            carry
                .carry(&Body::new("Someone."), &html_naming(&[1]))
                .is_none()
        );
        assert!(
            carry
                .carry(&Body::new("Carol."), &html_naming(&[1]))
                .is_none()
        );
    }
}
