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
