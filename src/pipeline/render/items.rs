//! Every story as lists show it, made once and kept from one build to the
//! next in watch mode: an edit to one story makes one item again, not the
//! ten thousand the timeline lists.

use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use tera::Value;

use super::search::StoryParts;
use super::templates::Templates;
use super::views::{StoryDates, StoryItem};
use crate::model::config::Config;
use crate::model::digest::{FastMap, digest64};
use crate::model::ids::enumerate;
use crate::pipeline::index::{Dossier, StoryId};
use crate::pipeline::markdown::Bodies;

/// Each story's list item, by [`StoryId`].
#[derive(Default)]
pub struct StoryItems {
    /// The settings, templates and language the items were made for: an
    /// item is kept for the next build only when they are the same.
    made_for: u64,
    items: Vec<Arc<Item>>,
}

/// One story's item.
pub(super) struct Item {
    /// A digest of what of the story the item shows.
    key: u64,
    /// A digest of the item itself: page signatures sign it.
    pub digest: u64,
    /// The story's dates, as readers see them.
    pub dates: StoryDates,
    /// The item as templates see it, made when a page first shows it.
    pub value: OnceLock<Value>,
    /// The story's part of the search index, when the last build made it.
    pub search: Mutex<Option<Arc<StoryParts>>>,
}

impl StoryItems {
    /// The items of `dossier`'s stories, reusing those of `last` (the last
    /// build's) whose story shows the same.
    pub fn new(
        config: &Config,
        templates: &Templates,
        dossier: &Dossier,
        bodies: &Bodies,
        last: Option<StoryItems>,
    ) -> StoryItems {
        let made_for = digest64((
            crate::model::digest::CODE_VERSION,
            config,
            templates.digest,
            &templates.language.tag,
        ));
        let known: FastMap<u64, Arc<Item>> = match last {
            Some(last) if last.made_for == made_for => {
                last.items.into_iter().map(|i| (i.key, i)).collect()
            }
            _ => FastMap::default(),
        };
        let items = enumerate::<StoryId, _>(&dossier.stories)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(id, story)| {
                let summary = super::views::summary(dossier, bodies, id);
                let key = item_key(dossier, id, summary);
                if let Some(item) = known.get(&key) {
                    return Arc::clone(item);
                }
                let dates = StoryDates::new(story, &templates.language);
                let digest = digest64(StoryItem::new(config, story, summary, &dates));
                Arc::new(Item {
                    key,
                    digest,
                    dates,
                    value: OnceLock::new(),
                    search: Mutex::new(None),
                })
            })
            .collect();
        StoryItems { made_for, items }
    }

    /// The item of story `id`.
    pub(super) fn get(&self, id: StoryId) -> &Item {
        &self.items[id]
    }

    /// How many stories there are.
    pub(super) fn len(&self) -> usize {
        self.items.len()
    }
}

/// A digest of what [`StoryItem`] is made of, without making it: with the
/// settings and language, the story's file (its title, dates, source and
/// authors), where its page is and its summary decide the item.
fn item_key(dossier: &Dossier, id: StoryId, summary: &str) -> u64 {
    let story = &dossier.stories[id];
    digest64((story.digest, &story.slug, &story.language, summary))
}
