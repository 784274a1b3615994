//! What a build can reuse from the builds before it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::Result;
use crate::model::config::Config;
use crate::model::digest::FileDigest;
use crate::model::digest::IndexInputs;
use crate::pipeline::connect::Neighbours;
use crate::pipeline::images::CachedCards;
use crate::pipeline::index::Dossier;
use crate::pipeline::load::{self, Sources};
use crate::pipeline::markdown::autolink::Linker;
use crate::pipeline::markdown::{Bodies, BodyCache, EntityNames};
use crate::pipeline::parse::{Story, StoryCache};
use crate::pipeline::render::StoryItems;
use crate::pipeline::write::LastBuild;

/// What a build can reuse from the builds before it: the files read, stories
/// parsed and bodies converted (by the digest of their file), the index, the
/// autolinker, connections and related stories, and what the last build
/// left in the output. Watch mode keeps one across rebuilds so that only
/// the files that changed are read, parsed and converted, and only what
/// they change is redone.
#[derive(Default)]
pub struct Cache {
    /// The files of the last load, and the paths changed since, when the
    /// caller tells them (see [`Cache::changed`]).
    pub(super) sources: Option<Sources>,
    pub(super) changes: Option<Vec<PathBuf>>,
    pub(super) config: Option<Config>,
    pub(super) stories: StoryCache,
    pub(super) bodies: BodyCache,
    /// The [`markdown::Site::settings_digest`] the bodies were converted for.
    pub(super) bodies_for: u64,
    /// The entities' names the bodies were converted for.
    pub(super) body_names: EntityNames,
    /// The last connections and related stories, with their [`connect::inputs_digest`].
    pub(super) neighbours: Option<(u64, Neighbours)>,
    /// The output folder of the last build, and what it left there.
    pub(super) output: Option<(PathBuf, LastBuild)>,
    /// The last build's index, with its [`index::inputs_digest`].
    pub(super) dossier: Option<(IndexInputs, Dossier)>,
    /// The autolinker, with the names it was built from.
    pub(super) linker: Option<(EntityNames, Option<Arc<Linker>>)>,
    /// The last build's social cards, by a digest of every card's text
    /// and what else they show: an edit that changes no card's text
    /// neither names nor looks for any card again.
    pub(super) cards: Option<super::DrawnCards>,
    /// The cards known to be in the cache folder.
    pub(super) cached_cards: CachedCards,
    /// The last build's story items, with the markup lists showed of them.
    pub(super) items: Option<StoryItems>,
}

impl Cache {
    /// Tells the cache which files changed since the last build (absolute,
    /// or relative to the site root), as a file watcher reports them: the
    /// next build reads only those again. Without this, a build reads every
    /// file, so a cache is never stale by default.
    pub fn changed(&mut self, paths: &[PathBuf]) {
        self.changes
            .get_or_insert_with(Vec::new)
            .extend_from_slice(paths);
    }

    /// The load stage, reading only the changed files when the last load's
    /// files and the changes since are known.
    pub(super) fn load(&mut self, root: &Path) -> Result<Sources> {
        let changes = self.changes.take();
        let reloaded = match (self.sources.take(), changes) {
            (Some(previous), Some(changed)) => load::reload(root, &previous, &changed),
            _ => None,
        };
        let loaded = reloaded.unwrap_or_else(|| load::load(root));
        self.sources = loaded.as_ref().ok().cloned();
        loaded
    }

    /// Forgets everything that depends on another configuration.
    pub(super) fn check_config(&mut self, config: &Config) {
        if self.config.as_ref() != Some(config) {
            *self = Cache {
                sources: self.sources.take(),
                changes: self.changes.take(),
                output: self.output.take(),
                // What the cache folder holds does not depend on the config.
                cached_cards: std::mem::take(&mut self.cached_cards),
                config: Some(config.clone()),
                ..Cache::default()
            };
        }
    }

    /// The autolinker of `dossier`, whose entities' names are `names`
    /// when the build is cached: the last one when the names are the same
    /// (building its automaton costs more than converting one story).
    pub(super) fn linker(
        &mut self,
        names: Option<&EntityNames>,
        dossier: &Dossier,
    ) -> Option<Arc<Linker>> {
        match (&self.linker, names) {
            (Some((last, linker)), Some(names)) if last == names => linker.clone(),
            _ => {
                let linker = Linker::new(dossier).map(Arc::new);
                if let Some(names) = names {
                    self.linker = Some((names.clone(), linker.clone()));
                }
                linker
            }
        }
    }

    /// Keeps the stories of this build, and only those.
    pub(super) fn keep_stories(&mut self, stories: &[Arc<Story>]) {
        keep_only(&mut self.stories, stories.iter().map(|s| (s.digest, s)));
    }

    /// Keeps the story and profile bodies of this build, converted for the
    /// [`markdown::Site::settings_digest`] `settings` and these `names`.
    pub(super) fn keep_bodies(
        &mut self,
        dossier: &Dossier,
        bodies: &Bodies,
        (settings, names): (u64, EntityNames),
    ) {
        self.bodies_for = settings;
        self.body_names = names;
        let stories = dossier.stories.iter().map(|s| s.digest);
        let profiles = dossier.profiles.iter().map(|p| p.digest);
        let pages = dossier.pages.iter().map(|p| p.digest);
        let documents = dossier.documents.iter().map(|d| d.digest);
        let current = stories
            .zip(&bodies.stories)
            .chain(profiles.zip(&bodies.profiles))
            .chain(pages.zip(&bodies.pages))
            .chain(documents.zip(&bodies.documents));
        keep_only(&mut self.bodies, current);
    }
}

/// Makes `cache` hold exactly the `current` values, by the digest of their
/// file, reusing what it holds.
fn keep_only<'a, T: 'a>(
    cache: &mut HashMap<FileDigest, Arc<T>>,
    current: impl Iterator<Item = (FileDigest, &'a Arc<T>)>,
) {
    let mut kept = HashMap::with_capacity(cache.len());
    for (digest, value) in current {
        kept.insert(digest, Arc::clone(value));
    }
    *cache = kept;
}
