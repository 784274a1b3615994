//! Relations the index implies: which entities appear together, and which
//! stories are related through the entities they share.
//!
//! Both count through each story's entity list with a dense counter that is
//! reset through the list of slots it touched, so that time grows with the
//! (story, entity) pairs actually walked and memory with the number of
//! entities, never with entities squared.

use std::cmp::Ordering;

use rayon::prelude::*;

use crate::index::{Dossier, EntityId, StoryId};

/// Connections shown per kind on an entity's page.
pub const CONNECTIONS_PER_KIND: usize = 10;
/// Related stories shown on a story's page.
pub const RELATED_STORIES: usize = 5;

/// What the index implies beyond itself.
#[derive(Debug, Default)]
pub struct Relations {
    /// Per entity.
    pub connections: Vec<Vec<Connection>>,
    /// Per story.
    pub related: Vec<Vec<StoryId>>,
}

/// Computes connections and related stories.
pub fn relate(dossier: &Dossier) -> Relations {
    Relations {
        connections: connections(dossier),
        related: related_stories(dossier),
    }
}

/// An entity that shares stories with another, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection {
    pub entity: EntityId,
    pub shared: usize,
}

/// A counter over a fixed range of ids that forgets in time proportional to
/// what it counted.
struct Tally<T> {
    counts: Vec<T>,
    touched: Vec<usize>,
}

impl<T: Copy + Default + PartialEq + std::ops::AddAssign> Tally<T> {
    fn new(len: usize) -> Self {
        Tally {
            counts: vec![T::default(); len],
            touched: Vec::new(),
        }
    }

    fn add(&mut self, id: usize, amount: T) {
        if self.counts[id] == T::default() {
            self.touched.push(id);
        }
        self.counts[id] += amount;
    }

    /// The counted ids and their counts, leaving the tally empty.
    fn drain(&mut self) -> Vec<(usize, T)> {
        let counts = &mut self.counts;
        self.touched
            .drain(..)
            .map(|id| (id, std::mem::take(&mut counts[id])))
            .collect()
    }
}

/// For each entity, the entities that most often share a story with it:
/// at most [`CONNECTIONS_PER_KIND`] per kind, most shared first, then A–Z.
pub fn connections(dossier: &Dossier) -> Vec<Vec<Connection>> {
    let entities = dossier.entities.len();
    (0..entities)
        .into_par_iter()
        .map_init(
            || Tally::<usize>::new(entities),
            |tally, entity| {
                for &story in &dossier.entities[entity].stories {
                    for other in dossier.entities_of(story).filter(|&o| o != entity) {
                        tally.add(other, 1);
                    }
                }
                let mut found: Vec<Connection> = tally
                    .drain()
                    .into_iter()
                    .map(|(entity, shared)| Connection { entity, shared })
                    .collect();
                // By kind, then most shared, then the entity order (A–Z within a kind).
                found.sort_by_key(|c| {
                    (
                        dossier.entities[c.entity].kind,
                        std::cmp::Reverse(c.shared),
                        c.entity,
                    )
                });
                let mut kept: Vec<Connection> = Vec::new();
                for c in found {
                    let kind = dossier.entities[c.entity].kind;
                    let of_kind = kept
                        .iter()
                        .rev()
                        .take_while(|k| dossier.entities[k.entity].kind == kind)
                        .count();
                    if of_kind < CONNECTIONS_PER_KIND {
                        kept.push(c);
                    }
                }
                kept
            },
        )
        .collect()
}

/// For each story, up to [`RELATED_STORIES`] others ranked by the entities
/// they share, each weighing `ln(stories / stories naming it)` so that a rare
/// entity counts more than a common one; ties go to the story closest in time,
/// then to the older one.
pub fn related_stories(dossier: &Dossier) -> Vec<Vec<StoryId>> {
    let stories = dossier.stories.len();
    let weight: Vec<f64> = dossier
        .entities
        .iter()
        .map(|e| match e.stories.len() {
            0 => 0.0,
            n => (stories as f64 / n as f64).ln(),
        })
        .collect();
    (0..stories)
        .into_par_iter()
        .map_init(
            || Tally::<f64>::new(stories),
            |tally, story| {
                for entity in dossier.entities_of(story) {
                    if weight[entity] <= 0.0 {
                        continue; // in every story: it relates nothing
                    }
                    for &other in dossier.entities[entity]
                        .stories
                        .iter()
                        .filter(|&&o| o != story)
                    {
                        tally.add(other, weight[entity]);
                    }
                }
                let mut scored = tally.drain();
                let distance = |other: StoryId| {
                    let (a, b) = (&dossier.stories[story].date, &dossier.stories[other].date);
                    a.seconds_between(b)
                };
                scored.sort_by(|(a, sa), (b, sb)| {
                    sb.partial_cmp(sa)
                        .unwrap_or(Ordering::Equal)
                        .then_with(|| distance(*a).cmp(&distance(*b)))
                        .then(a.cmp(b))
                });
                scored
                    .into_iter()
                    .take(RELATED_STORIES)
                    .map(|(id, _)| id)
                    .collect()
            },
        )
        .collect()
}
