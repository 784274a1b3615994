//! Watch mode: notice changes to a site's inputs and hand them on in batches.
//!
//! A save is one or two events (a write and its close, or a temporary file
//! renamed over the original), a `git checkout` a burst of hundreds within
//! milliseconds: a batch ends once no event has come for [`QUIET`], so that a
//! writer waits for a build and hardly for the watcher. A change that comes
//! later is the next batch, and the build after it sees it. Editors'
//! temporary and backup files, hidden files and the output folder are
//! ignored.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::build::{BuildOptions, BuildReport, Cache, Progress, build_with};
use crate::error::{Error, Result};
use crate::model::config::CONFIG_FILE;
use crate::pipeline::load::is_ignored_name;

/// How long without an event ends a batch of changes.
pub const QUIET: Duration = Duration::from_millis(10);

/// The longest a batch gathers events: a burst that never pauses (a large
/// copy) is built in parts rather than not at all.
const LONGEST_BATCH: Duration = Duration::from_millis(500);

/// The folders of a site that hold inputs, watched recursively.
const INPUT_FOLDERS: &[&str] = &["content", "templates", "static", "themes", "fonts", "i18n"];

/// Watches a site's inputs; [`InputWatcher::next_batch`] waits for changes.
pub struct InputWatcher {
    root: PathBuf,
    output: PathBuf,
    watcher: RecommendedWatcher,
    events: Receiver<Vec<PathBuf>>,
    /// Each input folder watched, and which folder it was: one removed and
    /// created again is another, and needs watching again.
    watched: Vec<(PathBuf, FolderId)>,
}

/// What tells a folder from another at the same path.
type FolderId = (u64, u64);

#[cfg(unix)]
fn folder_id(path: &Path) -> Option<FolderId> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn folder_id(path: &Path) -> Option<FolderId> {
    path.is_dir().then_some((0, 0))
}

/// Whether an event can mean changed content. Reading a file is an event
/// too (inotify's open and close): a build reading the content must not
/// trigger another build. Closing a file written is the end of a save.
fn changes_content(event: &Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

impl InputWatcher {
    /// Starts watching the site at `root`, whose output goes to `output`.
    pub fn new(root: &Path, output: &Path) -> notify::Result<Self> {
        let (sender, events) = mpsc::channel();
        let root = std::path::absolute(root)?;
        // Events lost (the kernel's queue overflowed) could be any change:
        // the content folder as a whole is read again.
        let everything = vec![root.join("content")];
        let watcher = notify::recommended_watcher(move |result: notify::Result<Event>| {
            let Ok(event) = result else { return };
            if event.need_rescan() {
                let _ = sender.send(everything.clone());
            } else if changes_content(&event) && !event.paths.is_empty() {
                let _ = sender.send(event.paths);
            }
        })?;
        let mut watcher = InputWatcher {
            output: std::path::absolute(output)?,
            root,
            watcher,
            events,
            watched: Vec::new(),
        };
        // The root itself, not recursively: `dossier.yaml`, and input folders
        // that appear later (the output and `target/` may churn beside them).
        watcher
            .watcher
            .watch(&watcher.root, RecursiveMode::NonRecursive)?;
        watcher.watch_input_folders()?;
        Ok(watcher)
    }

    /// Watches every input folder there is: new ones, and ones removed and
    /// created again (a `git checkout`, a restore), whose old watch saw
    /// their end.
    fn watch_input_folders(&mut self) -> notify::Result<()> {
        for folder in INPUT_FOLDERS {
            let path = self.root.join(folder);
            let now = folder_id(&path);
            let before = self.watched.iter().position(|(p, _)| *p == path);
            if let Some(i) = before {
                if now == Some(self.watched[i].1) {
                    continue;
                }
                let (gone, _) = self.watched.remove(i);
                let _ = self.watcher.unwatch(&gone);
            }
            if let Some(id) = now {
                self.watcher.watch(&path, RecursiveMode::Recursive)?;
                self.watched.push((path, id));
            }
        }
        Ok(())
    }

    /// Waits for the next changes to inputs, and gathers the events that
    /// follow until none has come for `quiet` (or the batch is
    /// [`LONGEST_BATCH`] old). Returns the changed paths, or `None` when
    /// watching stopped.
    pub fn next_batch(&mut self, quiet: Duration) -> Option<Vec<PathBuf>> {
        loop {
            let mut changed: Vec<PathBuf> = self.relevant(self.events.recv().ok()?);
            let started = Instant::now();
            while started.elapsed() < LONGEST_BATCH {
                match self.events.recv_timeout(quiet) {
                    Ok(more) => changed.extend(self.relevant(more)),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            // A folder created since (a first `static/`, say) is watched from now on.
            let _ = self.watch_input_folders();
            if !changed.is_empty() {
                changed.sort();
                changed.dedup();
                return Some(changed);
            }
        }
    }

    fn relevant(&self, paths: Vec<PathBuf>) -> Vec<PathBuf> {
        paths
            .into_iter()
            .filter(|p| is_input(&self.root, &self.output, p))
            .collect()
    }
}

/// Whether a changed path can change the site: `dossier.yaml`, or a visible,
/// non-temporary file or folder in an input folder, outside the output.
pub fn is_input(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) {
        return false;
    }
    let Ok(inside) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = inside.components().map(|c| c.as_os_str().to_string_lossy());
    match parts.next().as_deref() {
        Some(CONFIG_FILE) => inside.components().count() == 1,
        Some(top) if INPUT_FOLDERS.contains(&top) => parts.all(|name| !is_ignored_name(&name)),
        _ => false,
    }
}

/// Builds the site, then rebuilds it after each batch of changes, calling
/// `after` with each outcome and the changed paths (none for the first
/// build). A failed build leaves the last good output in place. Returns only
/// when watching fails. `progress` hears how each build goes.
pub fn watch_and_rebuild(
    options: &BuildOptions,
    progress: &dyn Progress,
    mut after: impl FnMut(&Result<BuildReport>, &[PathBuf]),
) -> Result<()> {
    let output = options.output_dir();
    let mut watcher =
        InputWatcher::new(&options.root, &output).map_err(|e| Error::Watch(e.to_string()))?;
    // Files read, stories parsed and bodies converted carry over: a rebuild
    // reads, parses and converts only the files that changed.
    let mut cache = Cache::default();
    after(&build_with(options, Some(&mut cache), progress), &[]);
    let content = options.root.join("content");
    let mut had_content = content.is_dir();
    let mut told_gone = false;
    while let Some(changed) = watcher.next_batch(QUIET) {
        cache.changed(&changed);
        // A site whose content went away is between two states (a checkout
        // of another branch): building it would empty the output.
        if had_content && !content.is_dir() {
            if !std::mem::replace(&mut told_gone, true) {
                after(&Err(Error::ContentGone), &changed);
            }
            continue;
        }
        had_content |= content.is_dir();
        told_gone = false;
        after(&build_with(options, Some(&mut cache), progress), &changed);
    }
    Err(Error::Watch("the file watcher stopped".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inputs_count() {
        let root = Path::new("/site");
        let output = Path::new("/site/public");
        let input = |p: &str| is_input(root, output, Path::new(p));
        assert!(input("/site/dossier.yaml"));
        assert!(input("/site/content/stories/2013/a.md"));
        assert!(input("/site/content/stories/2013"), "a folder rename");
        assert!(input("/site/templates/story.html"));
        assert!(input("/site/static/style.css"));
        assert!(!input("/site/public/index.html"));
        assert!(!input("/site/target/debug/x"));
        assert!(!input("/site/content/stories/.a.md.swp"));
        assert!(!input("/site/content/stories/a.md~"));
        assert!(!input("/site/content/stories/4913"));
        assert!(!input("/site/content/.git/index"));
        assert!(!input("/elsewhere/content/a.md"));
    }
}
