//! Neighbours the index implies: which entities appear together, and which
//! stories are related through the entities they share.
//!
//! Both count through each story's entity list with a dense counter that is
//! reset through the list of slots it touched, so that time grows with the
//! (story, entity) pairs actually walked and memory with the number of
//! entities, never with entities squared. Related stories also keep a set
//! of bits over the stories for each entity in more than 64 of them: one
//! bit per story and common entity (about 40 MB at 100,000 stories).

use rayon::prelude::*;

use crate::model::ids::Id;
use crate::pipeline::index::{Dossier, EntityId, StoryId};

/// Connections shown per kind on an entity's page.
pub const CONNECTIONS_PER_KIND: usize = 10;
/// Related stories shown on a story's page.
pub const RELATED_STORIES: usize = 5;

/// What the index implies beyond itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Neighbours {
    /// Per entity.
    pub connections: Vec<Vec<Connection>>,
    /// Per story.
    pub related: Vec<Vec<StoryId>>,
}

/// A digest of everything the neighbours depend on: which entities each story
/// names, in what order the stories come and when, and each entity's kind.
/// Equal digests, equal neighbours: an edit to a story's text that changes
/// none of these leaves them as they were.
pub fn inputs_digest(dossier: &Dossier) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = crate::model::digest::hasher();
    for entity in &dossier.entities {
        entity.kind.hash(&mut h);
    }
    for story in 0..dossier.stories.len() {
        dossier.stories[story].date.hash(&mut h);
        dossier.story_entities[story].hash(&mut h);
        dossier.story_mentions[story].hash(&mut h);
    }
    h.finish()
}

/// Computes connections and related stories.
pub fn relate(dossier: &Dossier) -> Neighbours {
    Neighbours {
        connections: connections(dossier),
        related: related_stories(dossier),
    }
}

/// Items handled with one tally: without a floor, rayon may split the work
/// down to single items and allocate a tally for each.
const TALLY_BATCH: usize = 256;

/// An entity that shares stories with another, and how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection {
    /// The other entity.
    pub entity: EntityId,
    /// How many stories name both, in their front matter or their text.
    pub shared: usize,
}

/// A counter over a fixed range of ids that forgets in time proportional to
/// what it counted.
struct Tally<I, T> {
    counts: Vec<T>,
    touched: Vec<I>,
}

impl<I: Id, T: Copy + Default + PartialEq + std::ops::AddAssign> Tally<I, T> {
    fn new(len: usize) -> Self {
        Tally {
            counts: vec![T::default(); len],
            touched: Vec::new(),
        }
    }

    /// Adds `amount` to `id`'s count and returns the new count.
    fn add(&mut self, id: I, amount: T) -> T {
        let count = &mut self.counts[id.to_index()];
        if *count == T::default() {
            self.touched.push(id);
        }
        *count += amount;
        *count
    }

    /// The count of `id`.
    fn count(&self, id: I) -> T {
        self.counts[id.to_index()]
    }

    /// The counted ids and their counts, leaving the tally empty.
    fn drain(&mut self) -> Vec<(I, T)> {
        self.drain_iter().collect()
    }

    fn drain_iter(&mut self) -> impl Iterator<Item = (I, T)> + '_ {
        let counts = &mut self.counts;
        self.touched
            .drain(..)
            .map(|id| (id, std::mem::take(&mut counts[id.to_index()])))
    }
}

/// For each entity, the entities that most often share a story with it:
/// at most [`CONNECTIONS_PER_KIND`] per kind, most shared first, then A–Z.
pub fn connections(dossier: &Dossier) -> Vec<Vec<Connection>> {
    let entities = dossier.entities.len();
    (0..entities)
        .into_par_iter()
        .with_min_len(TALLY_BATCH)
        .map(EntityId::new)
        .map_init(
            || Tally::<EntityId, usize>::new(entities),
            |tally, entity| {
                for &story in &dossier.entities[entity].stories {
                    for other in dossier.entities_of(story).filter(|&o| o != entity) {
                        tally.add(other, 1);
                    }
                }
                top_per_kind(dossier, tally.drain())
            },
        )
        .collect()
}

/// The most shared of `counted` (entity, stories shared) pairs: at most
/// [`CONNECTIONS_PER_KIND`] per kind, by kind, most shared first, then A–Z.
/// Each kind's best are selected before they are sorted: an entity may share
/// stories with thousands of others.
fn top_per_kind(dossier: &Dossier, counted: Vec<(EntityId, usize)>) -> Vec<Connection> {
    let mut by_kind: Vec<Vec<Connection>> = vec![Vec::new(); dossier.by_kind.len()];
    for (entity, shared) in counted {
        by_kind[dossier.entities[entity].kind].push(Connection { entity, shared });
    }
    let rank = |c: &Connection| (std::cmp::Reverse(c.shared), c.entity);
    let mut kept = Vec::new();
    for mut group in by_kind {
        if group.len() > CONNECTIONS_PER_KIND {
            group.select_nth_unstable_by_key(CONNECTIONS_PER_KIND - 1, rank);
            group.truncate(CONNECTIONS_PER_KIND);
        }
        group.sort_by_key(rank);
        kept.extend(group);
    }
    kept
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
    let sets = StorySets::of_common_entities(dossier);
    (0..stories)
        .into_par_iter()
        .with_min_len(TALLY_BATCH)
        .map(StoryId::new)
        .map_init(
            || Scratch {
                tally: Tally::new(stories),
                candidates: Vec::new(),
            },
            |scratch, story| related_to(dossier, &weight, &sets, story, scratch),
        )
        .collect()
}

/// What finding a story's related stories works in, reused from story to
/// story by each thread.
struct Scratch {
    tally: Tally<StoryId, f64>,
    candidates: Vec<(StoryId, f64)>,
}

/// The stories of each common entity as a set of bits, so that whether a
/// candidate names it is one look-up in a few kilobytes rather than a walk
/// through the candidate's entities, scattered in memory.
struct StorySets {
    /// By entity; empty for one with at most [`WALK_ALWAYS`] stories.
    bits: Vec<Vec<u64>>,
}

impl StorySets {
    fn of_common_entities(dossier: &Dossier) -> Self {
        let words = dossier.stories.len().div_ceil(64);
        let bits = dossier
            .entities
            .par_iter()
            .map(|e| {
                if e.stories.len() <= WALK_ALWAYS {
                    return Vec::new();
                }
                let mut set = vec![0u64; words];
                for s in e.stories.iter().map(|s| s.index()) {
                    set[s / 64] |= 1 << (s % 64);
                }
                set
            })
            .collect();
        StorySets { bits }
    }

    /// Whether `story` names `entity`, if the entity has a set.
    fn names(&self, entity: EntityId, story: StoryId) -> Option<bool> {
        let set = &self.bits[entity];
        let story = story.index();
        (!set.is_empty()).then(|| set[story / 64] & (1 << (story % 64)) != 0)
    }
}

/// An entity's stories are walked one by one only while it may still bring
/// in a new contender; below this many stories, walking is cheaper than checking.
const WALK_ALWAYS: usize = 64;

/// The related stories of one story, exactly, without walking the story lists
/// of common entities once they can no longer change the outcome ("max-score"
/// pruning): rare entities are walked first, and when the weight left cannot
/// lift a story not yet seen above the current best few, the remaining
/// entities are only looked up in the stories already in contention.
fn related_to(
    dossier: &Dossier,
    weight: &[f64],
    sets: &StorySets,
    story: StoryId,
    scratch: &mut Scratch,
) -> Vec<StoryId> {
    let Scratch { tally, candidates } = scratch;
    let mut entities: Vec<(f64, EntityId)> = dossier
        .entities_of(story)
        .filter(|&e| weight[e] > 0.0)
        .map(|e| (weight[e], e))
        .collect();
    entities.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // left[i]: the most a story not seen before entity i can still score.
    let mut left = vec![0.0; entities.len() + 1];
    for i in (0..entities.len()).rev() {
        left[i] = left[i + 1] + entities[i].0;
    }
    let mut walked = 0;
    // The best score so far: the fifth best is never above it, so while the
    // weight left is not below it, there is no point finding the fifth best.
    let mut best = 0.0f64;
    while walked < entities.len() {
        let (w, e) = entities[walked];
        let common = dossier.entities[e].stories.len() > WALK_ALWAYS;
        let fifth = || fifth_best(tally.touched.iter().map(|&id| tally.count(id)));
        if common && left[walked] < best && left[walked] < fifth() {
            break;
        }
        for &other in dossier.entities[e].stories.iter().filter(|&&o| o != story) {
            best = best.max(tally.add(other, w));
        }
        walked += 1;
    }
    candidates.clear();
    candidates.extend(tally.drain_iter());
    for (i, &(w, e)) in entities.iter().enumerate().skip(walked) {
        // A story below this can no longer reach the best few, even if it
        // has every entity left.
        let threshold = fifth_best(candidates.iter().map(|&(_, s)| s)) - left[i];
        candidates.retain(|&(_, score)| score >= threshold);
        for (other, score) in candidates.iter_mut() {
            let names = sets.names(e, *other);
            if names.unwrap_or_else(|| dossier.entities_of(*other).any(|x| x == e)) {
                *score += w;
            }
        }
    }
    let distance = |other: StoryId| {
        dossier.stories[story]
            .date
            .seconds_between(&dossier.stories[other].date)
    };
    let rank = |(a, sa): &(StoryId, f64), (b, sb): &(StoryId, f64)| {
        sb.total_cmp(sa)
            .then_with(|| distance(*a).cmp(&distance(*b)))
            .then(a.cmp(b))
    };
    // Only the best few are shown: keep those scoring at least the fifth best
    // score (ties included), then rank just those in full.
    let fifth = fifth_best(candidates.iter().map(|&(_, s)| s));
    candidates.retain(|&(_, score)| score >= fifth);
    candidates.sort_by(rank);
    candidates.truncate(RELATED_STORIES);
    candidates.iter().map(|&(id, _)| id).collect()
}

/// The [`RELATED_STORIES`]th best of `scores` (0 when there are fewer), in
/// one pass that keeps the best few: most scores are compared once. (Copying
/// them all to select from would be most of the time of finding related
/// stories.)
fn fifth_best(scores: impl Iterator<Item = f64>) -> f64 {
    let mut best = [0.0f64; RELATED_STORIES];
    let mut kept = 0;
    for score in scores {
        if kept < RELATED_STORIES {
            best[kept] = score;
            kept += 1;
            best[..kept].sort_by(|a, b| b.total_cmp(a));
        } else if score > best[RELATED_STORIES - 1] {
            let at = best.partition_point(|&b| b >= score);
            best.copy_within(at..RELATED_STORIES - 1, at + 1);
            best[at] = score;
        }
    }
    if kept < RELATED_STORIES {
        0.0
    } else {
        best[RELATED_STORIES - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_best_score_counts_ties_and_is_zero_below_five() {
        let fifth = |scores: &[f64]| fifth_best(scores.iter().copied());
        assert_eq!(fifth(&[3.0, 1.0, 2.0, 5.0]), 0.0);
        assert_eq!(fifth(&[3.0, 1.0, 2.0, 5.0, 4.0]), 1.0);
        assert_eq!(fifth(&[2.0, 2.0, 9.0, 2.0, 1.0, 2.0, 0.5]), 2.0);
        // Against sorting, on scores in a shuffled order with many ties.
        let mut seed = 7u64;
        let scores: Vec<f64> = (0..200)
            .map(|_| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                ((seed >> 40) % 50) as f64 / 4.0
            })
            .collect();
        let mut sorted = scores.clone();
        sorted.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(fifth(&scores), sorted[RELATED_STORIES - 1]);
    }
}
