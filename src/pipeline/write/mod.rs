//! Stage 7: write the rendered site to the output folder, safely.
//!
//! Only files whose bytes changed are rewritten, each atomically (staged in a
//! temporary file, then renamed over the old one); files and folders of pages
//! that no longer exist are removed. A manifest in the output folder records
//! what `dossier` wrote and which folders it created, so that it never
//! deletes anything else.
//!
//! An output folder that does not exist yet has no old file to keep intact:
//! there, files are written in place, into folders all made up front, with
//! the manifest (marked unfinished) written first. A failed build removes
//! the folder again; a killed one leaves a folder the next build knows as
//! its own and unfinished, so it renders and compares every page.
//!
//! One build at a time writes to a folder (see [`OutputLock`]), and none
//! writes or deletes through a symbolic link inside it (see
//! `OutputDir::check_folder`).

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

mod fault;
mod guard;
mod lock;
mod manifest;

pub use guard::check_output_location;
pub use lock::{LOCK, OutputLock};
pub use manifest::{MANIFEST, up_to_date};

use guard::{check_relative, create_file, write_file};
use manifest::{Manifest, STAGED_SUFFIX, UNFINISHED, claim, manifest_text, save_manifest};

use crate::error::{Error, Result};
use crate::model::digest::FastMap;
use crate::no_follow;

/// What committing a build changed in the output folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written, because their bytes changed or they were new.
    pub written: usize,
    /// Files of the new site left as they were: reused without rendering,
    /// or rendered to the bytes already on disk.
    pub unchanged: usize,
    /// Files of the last build that the site no longer has, deleted.
    pub removed: usize,
}

/// What a build left in its output folder, for the next build of the same
/// process (watch mode): while the manifest on disk is exactly this one,
/// that build neither parses it again nor checks each recorded file: on a
/// big site, that would be much of the work of a one-story rebuild. A file
/// deleted by hand meanwhile comes back with the next build that checks
/// (`dossier build`).
#[derive(Debug)]
pub struct LastBuild {
    digest: u64,
    manifest: Manifest,
    /// The digest of its files' paths (see [`OutputDir::open_planned`]), and
    /// the folders they need.
    paths: Option<u64>,
    folders: BTreeSet<String>,
}

/// An output folder claimed for a build.
///
/// Writing is in two steps so that a failed build changes nothing visible:
/// while pages render, each changed file is written to a hidden temporary
/// file beside its target; only when every page has rendered does
/// [`OutputDir::commit`] rename them into place. On failure,
/// [`OutputDir::abort`] removes the temporary files and the folders this
/// build created. Memory holds the pages being rendered, not the whole site.
/// (A folder this build creates is written in place: see the module's
/// documentation.)
pub struct OutputDir {
    root: PathBuf,
    /// Held until the build is committed or aborted.
    lock: OutputLock,
    old: Manifest,
    /// Every file the new site has, relative to `root`.
    planned: BTreeSet<String>,
    /// The folders the planned files need, and which of them this build
    /// created: only those of files it stages, when it stages them, so that
    /// a rebuild that changes a few pages makes no calls for the others.
    folders: BTreeSet<String>,
    created: Mutex<BTreeSet<String>>,
    /// This build created the output folder. There is no old page to keep
    /// whole, so files are written in place, and a failed build removes
    /// the folder.
    new_folder: bool,
    /// Whether the files the last build recorded can be taken as intact
    /// without looking at each (see [`LastBuild`]).
    trusted: bool,
    /// The digest of the planned files' paths, when known.
    paths: Option<u64>,
    /// Folders found to be real folders, not links, by this build.
    checked: Mutex<BTreeSet<String>>,
    /// A hard link into the cache failed for a reason that would fail the
    /// next one too (another file system, one without links): the rest are
    /// copied without trying.
    no_links: AtomicBool,
}

/// A file of the new site: staged if its bytes changed, else left as it is.
#[derive(Debug)]
pub struct Staged {
    path: String,
    len: u64,
    /// Where the file was written, when it was: its temporary sibling, or
    /// the file itself when written in place.
    written: Option<PathBuf>,
    signature: Option<u64>,
    /// Left as the last build wrote it, without rendering.
    pub reused: bool,
}

impl OutputDir {
    /// Locks and claims `root` for a site made of the `planned` files
    /// (creating the folders they need); refuses a non-empty folder
    /// `dossier` did not create.
    pub fn open(root: &Path, planned: BTreeSet<String>, last: Option<LastBuild>) -> Result<Self> {
        let lock = OutputLock::acquire(root, || {})?;
        Self::open_planned(lock, None, || planned, last)
    }

    /// [`OutputDir::open`] for a site whose files' paths have the digest
    /// `paths`: when it is the `last` build's, that build's set of files and
    /// folders is used rather than `planned()` built and sorted again (a
    /// one-story rebuild changes no path).
    pub fn open_planned(
        mut lock: OutputLock,
        paths: Option<u64>,
        planned: impl FnOnce() -> BTreeSet<String>,
        last: Option<LastBuild>,
    ) -> Result<Self> {
        let same = |l: &LastBuild| paths.is_some() && l.paths == paths;
        let (planned, folders) = match &last {
            Some(last) if same(last) => (last.manifest.files.clone(), last.folders.clone()),
            _ => {
                let planned = planned();
                for path in &planned {
                    check_relative(path)?;
                }
                let folders = folders_of(&planned);
                (planned, folders)
            }
        };
        let root = lock.root().to_path_buf();
        let new_folder = lock.created_folder();
        let (old, trusted) = claim(&root, last)?;
        fault::point("claimed");
        lock.claim();
        let dir = OutputDir {
            root,
            lock,
            old,
            planned,
            folders,
            created: Mutex::new(BTreeSet::new()),
            new_folder,
            trusted,
            paths,
            checked: Mutex::new(BTreeSet::new()),
            no_links: AtomicBool::new(false),
        };
        // Before the first file is staged: a build stopped from here on is
        // known as unfinished, and the next one sweeps what it staged.
        let mut ready = dir.mark_unfinished();
        if ready.is_ok() && dir.new_folder {
            ready = dir.prepare_in_place();
        }
        if let Err(error) = ready {
            dir.abort();
            return Err(error);
        }
        fault::point("marked");
        Ok(dir)
    }

    /// Makes sure `folder` (relative to the output, `` for the output
    /// itself) and every folder above it is a real folder or does not exist
    /// yet: never a link, through which a write or a delete would land
    /// elsewhere. A link where the last build recorded a folder of its own
    /// is replaced by a folder; any other link is an error.
    fn check_folder(&self, folder: &str) -> Result<()> {
        if folder.is_empty() || self.new_folder {
            return Ok(());
        }
        let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        let ends = folder.match_indices('/').map(|(i, _)| i);
        for end in ends.chain([folder.len()]) {
            let prefix = &folder[..end];
            if checked.contains(prefix) {
                continue;
            }
            let full = self.root.join(prefix);
            match fs::symlink_metadata(&full) {
                Ok(meta) if meta.is_dir() => {}
                Ok(meta) if meta.file_type().is_symlink() && self.old.folders.contains(prefix) => {
                    fs::remove_file(&full).map_err(|e| Error::write(&full, e))?;
                    fs::create_dir(&full).map_err(|e| Error::write(&full, e))?;
                }
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(Error::OutputLink { path: full });
                }
                // A file where a folder must go: creating or writing below
                // it fails with its own error.
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(Error::read(&full, e)),
            }
            checked.insert(prefix.to_string());
        }
        Ok(())
    }

    fn mark_unfinished(&self) -> Result<()> {
        let unfinished = self.root.join(UNFINISHED);
        write_file(&unfinished, b"").map_err(|e| Error::write(&unfinished, e))
    }

    /// Readies a new output folder (marked unfinished) for files written in
    /// place: records every planned file and folder as ours, and makes the
    /// folders, each level in parallel.
    fn prepare_in_place(&self) -> Result<()> {
        let none = FastMap::default();
        let interim = manifest_text(None, &none, &none, &self.folders, self.planned.iter());
        save_manifest(&self.root, &interim)?;
        let depth = |folder: &str| folder.matches('/').count();
        let deepest = self.folders.iter().map(|f| depth(f)).max().unwrap_or(0);
        for level in 0..=deepest {
            self.folders
                .par_iter()
                .filter(|f| depth(f) == level)
                .try_for_each(|folder| {
                    let full = self.root.join(folder);
                    fs::create_dir(&full).map_err(|e| Error::write(&full, e))
                })?;
        }
        self.created
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone_from(&self.folders);
        Ok(())
    }

    /// Creates the missing folders above `path` (relative to the output),
    /// parents first, remembering which ones this build made. Folders this
    /// build made before are skipped, and so are those the last build
    /// recorded unless `recorded_may_be_gone` (one deleted by hand).
    fn create_folders_for(&self, path: &str, recorded_may_be_gone: bool) -> Result<()> {
        self.check_folder(parent_of(path))?;
        let mut created = self.created.lock().unwrap_or_else(|e| e.into_inner());
        for (end, _) in path.match_indices('/') {
            let folder = &path[..end];
            let recorded = !recorded_may_be_gone && self.old.folders.contains(folder);
            if recorded || created.contains(folder) {
                continue;
            }
            let full = self.root.join(folder);
            match fs::create_dir(&full) {
                Ok(()) => {
                    created.insert(folder.to_string());
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && full.is_dir() => {}
                Err(e) => return Err(Error::write(&full, e)),
            }
        }
        Ok(())
    }

    /// The page at `path` as the last build left it, when its `signature` is
    /// unchanged and its file is intact: it need not be rendered again.
    pub fn reuse(&self, path: &str, signature: u64) -> Option<Staged> {
        if self.old.signatures.get(path) != Some(&signature) {
            return None;
        }
        let len = *self.old.sizes.get(path)?;
        let intact = self.trusted
            || (self.check_folder(parent_of(path)).is_ok()
                && fs::symlink_metadata(self.root.join(path))
                    .is_ok_and(|m| m.is_file() && m.len() == len));
        intact.then(|| Staged {
            path: path.to_string(),
            len,
            written: None,
            signature: Some(signature),
            reused: true,
        })
    }

    /// Stages the file at `path` as a copy of `source`, a file on disk that
    /// `signature` stands for (an image's variant or a social card, by its
    /// name; a large file of the site, by its stamp): a new output folder
    /// gets a copy made by the kernel, without the bytes passing through
    /// memory. A link at `source` is refused, not followed.
    ///
    /// A `shared` source, a file of the cache that is never written again
    /// once made, becomes a hard link when the output is on its file
    /// system: the file is not copied at all. (No build writes through a
    /// file of the output, see [`create_file`]; the site's own files are
    /// always copied, since their owner may edit them in place.)
    pub fn stage_copy(
        &self,
        path: &str,
        source: &Path,
        signature: u64,
        shared: bool,
    ) -> Result<Staged> {
        let planned = self.planned.contains(path);
        if shared
            && planned
            && !self.no_links.load(Ordering::Relaxed)
            && let Some(staged) = self.stage_link(path, source, signature)?
        {
            return Ok(staged);
        }
        if !self.new_folder || !planned {
            let bytes =
                crate::no_follow::read_regular_bytes(source).map_err(|e| Error::read(source, e))?;
            return self.stage(path, &bytes, Some(signature));
        }
        let target = self.root.join(path);
        let mut from =
            crate::no_follow::open_regular(source).map_err(|e| Error::read(source, e))?;
        let len = create_file(&target)
            .and_then(|mut to| io::copy(&mut from, &mut to))
            .and_then(|len| fault::write_point("staged").map(|()| len))
            .map_err(|e| Error::write(&target, e))?;
        Ok(Staged {
            path: path.to_string(),
            len,
            written: Some(target),
            signature: Some(signature),
            reused: false,
        })
    }

    /// Stages `path` as a hard link to `source`, or says it could not be
    /// linked (and must be copied).
    fn stage_link(&self, path: &str, source: &Path, signature: u64) -> Result<Option<Staged>> {
        let target = self.root.join(path);
        if !self.new_folder {
            self.check_folder(parent_of(path))?;
            if self.old.files.contains(path)
                && let Some(len) = no_follow::already_linked(source, &target)
            {
                return Ok(Some(Staged {
                    path: path.to_string(),
                    len,
                    written: None,
                    signature: Some(signature),
                    reused: false,
                }));
            }
        }
        let (at, linked) = self.put(path, target, |at| no_follow::hard_link_regular(source, at))?;
        let len = match linked {
            Ok(len) => len,
            // The copy reports what is wrong with the source, or replaces
            // what is in the way.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound
                        | io::ErrorKind::InvalidData
                        | io::ErrorKind::AlreadyExists
                ) =>
            {
                return Ok(None);
            }
            Err(_) => {
                self.no_links.store(true, Ordering::Relaxed);
                return Ok(None);
            }
        };
        fault::write_point("staged").map_err(|e| Error::write(&at, e))?;
        Ok(Some(Staged {
            path: path.to_string(),
            len,
            written: Some(at),
            signature: Some(signature),
            reused: false,
        }))
    }

    /// Stages the file at `path` (relative to the output) if `bytes` differ
    /// from what is on disk; `signature` is the page's, for the next build.
    pub fn stage(&self, path: &str, bytes: &[u8], signature: Option<u64>) -> Result<Staged> {
        if !self.planned.contains(path) {
            return Err(Error::write(
                path,
                io::Error::new(io::ErrorKind::InvalidInput, "a file the build did not plan"),
            ));
        }
        let target = self.root.join(path);
        // A file the last build did not write is written without looking:
        // on a first build, that saves a failed look-up per file.
        if !self.new_folder {
            self.check_folder(parent_of(path))?;
            if self.old.files.contains(path) && holds(&target, bytes) {
                return Ok(Staged {
                    path: path.to_string(),
                    len: bytes.len() as u64,
                    written: None,
                    signature,
                    reused: false,
                });
            }
        }
        let (at, written) = self.put(path, target, |at| write_file(at, bytes))?;
        written
            .and_then(|()| fault::write_point("staged"))
            .map_err(|e| Error::write(&at, e))?;
        Ok(Staged {
            path: path.to_string(),
            len: bytes.len() as u64,
            written: Some(at),
            signature,
            reused: false,
        })
    }

    /// Puts the file of `path` (at `target`) in place with `put`: in a new
    /// folder, at `target`; else at its staged sibling, making the folders
    /// above it that the last build did not have, and again when `put`
    /// finds one gone (deleted by hand). Returns where, and what `put` said.
    fn put<T>(
        &self,
        path: &str,
        target: PathBuf,
        put: impl Fn(&Path) -> io::Result<T>,
    ) -> Result<(PathBuf, io::Result<T>)> {
        if self.new_folder {
            let done = put(&target);
            return Ok((target, done));
        }
        let temp = temp_path(&target);
        if !self.old.files.contains(path) {
            self.create_folders_for(path, false)?;
        }
        let mut done = put(&temp);
        if done
            .as_ref()
            .is_err_and(|e| e.kind() == io::ErrorKind::NotFound)
        {
            self.create_folders_for(path, true)?;
            done = put(&temp);
        }
        Ok((temp, done))
    }

    /// Moves the staged files into place and removes what the site no longer
    /// has; records `fingerprint`, the digest of the build's inputs. When
    /// that fails halfway (a full disk), the staged files that were not
    /// moved yet are removed, and the folder stays marked unfinished.
    pub fn commit(
        mut self,
        staged: Vec<Staged>,
        fingerprint: &str,
    ) -> Result<(WriteReport, LastBuild)> {
        let result = self.move_into_place(&staged, fingerprint);
        if result.is_err() && !self.new_folder {
            for temp in staged.iter().filter_map(|s| s.written.as_ref()) {
                let _ = fs::remove_file(temp);
            }
        }
        result
    }

    fn move_into_place(
        &mut self,
        staged: &[Staged],
        fingerprint: &str,
    ) -> Result<(WriteReport, LastBuild)> {
        let created = std::mem::take(self.created.get_mut().unwrap_or_else(|e| e.into_inner()));
        let mut folders = std::mem::take(&mut self.old.folders);
        folders.extend(created.iter().cloned());
        // When there are new files or folders, record them first, so that
        // an interrupted build still knows they are ours. (A rebuild that
        // adds nothing, the usual one in watch mode, skips rewriting the
        // whole manifest for that.) A new folder's manifest recorded every
        // file when it was claimed.
        let unrecorded = !created.is_empty() || !self.planned.is_subset(&self.old.files);
        if !self.new_folder && unrecorded {
            let files = self.old.files.union(&self.planned);
            let none = FastMap::default();
            let interim = manifest_text(None, &none, &none, &folders, files);
            save_manifest(&self.root, &interim)?;
        }
        fault::point("recorded");

        if !self.new_folder {
            staged
                .par_iter()
                .filter_map(|s| {
                    s.written
                        .as_ref()
                        .map(|temp| (temp, self.root.join(&s.path)))
                })
                .try_for_each(|(temp, target)| {
                    fault::write_point("renamed")
                        .and_then(|()| fs::rename(temp, &target))
                        .map_err(|e| Error::write(&target, e))
                })?;
        }
        let written = staged.iter().filter(|s| s.written.is_some()).count();
        let mut report = WriteReport {
            written,
            unchanged: staged.len() - written,
            removed: 0,
        };

        let stale: Vec<String> = self.old.files.difference(&self.planned).cloned().collect();
        for path in stale {
            if self.remove_stale_file(&path)? {
                report.removed += 1;
            }
        }
        self.remove_unneeded_folders(&mut folders);
        let (sizes, signatures) = self.sizes_and_signatures(staged);
        let planned = std::mem::take(&mut self.planned);
        let text = manifest_text(
            Some(fingerprint),
            &sizes,
            &signatures,
            &folders,
            planned.iter(),
        );
        let digest = save_manifest(&self.root, &text)?;
        fault::point("saved");
        let unfinished = self.root.join(UNFINISHED);
        fs::remove_file(&unfinished).map_err(|e| Error::write(&unfinished, e))?;
        let manifest = Manifest {
            fingerprint: Some(fingerprint.to_string()),
            sizes,
            signatures,
            files: planned,
            folders,
            current_format: true,
        };
        let last = LastBuild {
            digest,
            manifest,
            paths: self.paths,
            folders: std::mem::take(&mut self.folders),
        };
        Ok((report, last))
    }

    /// Removes a file of the last build that the site no longer has, when
    /// it is still a regular file reached without a link; says whether it
    /// did. (Anything else there is no longer dossier's to delete.)
    fn remove_stale_file(&self, path: &str) -> Result<bool> {
        self.check_folder(parent_of(path))?;
        let full = self.root.join(path);
        match fs::symlink_metadata(&full) {
            Ok(meta) if meta.is_file() => {}
            Ok(_) => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(Error::read(&full, e)),
        }
        fault::point("removed");
        match fs::remove_file(&full) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(Error::write(full, e)),
        }
    }

    /// Removes the folders of `folders` (dossier's) that the new site does
    /// not need, deepest first so that a folder is empty when its turn
    /// comes; a folder that still holds someone else's files, or that is no
    /// longer a real folder, stays, and is no longer recorded.
    fn remove_unneeded_folders(&self, folders: &mut BTreeSet<String>) {
        let unneeded: Vec<String> = folders
            .iter()
            .rev()
            .filter(|f| !self.folders.contains(*f))
            .cloned()
            .collect();
        for folder in unneeded {
            let full = self.root.join(&folder);
            let real = self.check_folder(&folder).is_ok()
                && fs::symlink_metadata(&full).is_ok_and(|m| m.is_dir());
            if real {
                let _ = fs::remove_dir(&full);
            }
            if !real || fs::symlink_metadata(&full).is_err() {
                folders.remove(&folder);
            }
        }
    }

    /// The size and signature of every file of the new site: the last
    /// build's, changed where this build wrote (a rebuild that changes a
    /// few pages copies nothing for the others).
    fn sizes_and_signatures(
        &mut self,
        staged: &[Staged],
    ) -> (FastMap<String, u64>, FastMap<String, u64>) {
        let mut sizes = std::mem::take(&mut self.old.sizes);
        let mut signatures = std::mem::take(&mut self.old.signatures);
        for stale in self.old.files.difference(&self.planned) {
            sizes.remove(stale);
            signatures.remove(stale);
        }
        for file in staged.iter().filter(|s| !s.reused) {
            sizes.insert(file.path.clone(), file.len);
            match file.signature {
                Some(signature) => signatures.insert(file.path.clone(), signature),
                None => signatures.remove(&file.path),
            };
        }
        if sizes.len() != staged.len() || signatures.len() > sizes.len() {
            // The old manifest recorded files this build does not stage
            // (edited by hand, say): start from this build's alone.
            sizes = staged.iter().map(|s| (s.path.clone(), s.len)).collect();
            signatures = staged
                .iter()
                .filter_map(|s| s.signature.map(|sig| (s.path.clone(), sig)))
                .collect();
        }
        (sizes, signatures)
    }

    /// Removes every temporary file and every folder this build created: the
    /// output is as it was before the build. (Written in place, the files
    /// themselves go, and the manifest: the folder did not exist.) The
    /// unfinished mark goes last, once nothing of this build is left.
    pub fn abort(self) {
        let mut left = false;
        for path in &self.planned {
            let target = self.root.join(path);
            let file = if self.new_folder {
                target
            } else {
                temp_path(&target)
            };
            match fs::remove_file(&file) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => left = true,
                _ => {}
            }
        }
        if self.new_folder {
            let _ = fs::remove_file(self.root.join(MANIFEST));
        }
        // Deepest first: a folder sorts before the folders inside it.
        let created = self.created.into_inner().unwrap_or_else(|e| e.into_inner());
        for folder in created.iter().rev() {
            let _ = fs::remove_dir(self.root.join(folder));
        }
        if !left {
            let _ = fs::remove_file(self.root.join(UNFINISHED));
        }
        if self.new_folder {
            let _ = fs::remove_file(self.root.join(LOCK));
            let _ = fs::remove_dir(&self.root);
        }
        drop(self.lock);
    }
}

/// The hidden sibling a file is staged in.
fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}{STAGED_SUFFIX}"))
}

/// The folder of a path relative to the output (`` for a file at its top).
fn parent_of(path: &str) -> &str {
    path.rfind('/').map_or("", |end| &path[..end])
}

/// Every folder the files need, parents before children.
fn folders_of(files: &BTreeSet<String>) -> BTreeSet<String> {
    let mut folders = BTreeSet::new();
    for file in files {
        let mut end = 0;
        while let Some(i) = file[end..].find('/') {
            end += i;
            folders.insert(file[..end].to_string());
            end += 1;
        }
    }
    folders
}

/// Whether `path` is a regular file (not a link) holding exactly `bytes`.
pub(super) fn holds(path: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
        && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Readers never see a half-written manifest: write a sibling, then rename.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temp = temp_path(path);
    let result = create_file(&temp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds `files` (path, bytes, signature) into `root` after `last`;
    /// returns what it left and how many files it reused.
    fn build(
        root: &Path,
        files: &[(&str, &str, u64)],
        last: Option<LastBuild>,
    ) -> (LastBuild, usize) {
        let planned = files.iter().map(|(p, _, _)| p.to_string()).collect();
        let dir = OutputDir::open(root, planned, last).unwrap();
        let staged: Vec<Staged> = files
            .iter()
            .map(|(path, bytes, sig)| match dir.reuse(path, *sig) {
                Some(reused) => reused,
                None => dir.stage(path, bytes.as_bytes(), Some(*sig)).unwrap(),
            })
            .collect();
        let reused = staged.iter().filter(|s| s.reused).count();
        (dir.commit(staged, "f").unwrap().1, reused)
    }

    #[test]
    fn files_are_trusted_only_while_the_manifest_is_the_last_builds() {
        let out = tempfile::tempdir().unwrap();
        let root = &out.path().join("public");
        let site = [("a/index.html", "A", 1), ("b/c/index.html", "C", 2)];
        let (first, _) = build(root, &site, None);
        fs::remove_file(root.join("a/index.html")).unwrap();
        // Trusted, a missing file is not noticed while its page is unchanged...
        let (_, reused) = build(root, &site, Some(first));
        assert_eq!(reused, 2);
        assert!(!root.join("a/index.html").exists());
        // ...and checked, it is rendered again.
        let (third, reused) = build(root, &site, None);
        assert_eq!(reused, 1);
        assert_eq!(fs::read_to_string(root.join("a/index.html")).unwrap(), "A");
        // Another build changed the manifest since: nothing is trusted.
        let more = [site[0], site[1], ("d.html", "D", 3)];
        build(root, &more, None);
        fs::remove_file(root.join("b/c/index.html")).unwrap();
        let (_, reused) = build(root, &site, Some(third));
        assert_eq!(reused, 1, "only the intact file is reused");
        assert!(root.join("b/c/index.html").exists());
    }

    #[test]
    fn the_last_builds_files_are_reused_while_the_paths_are_the_same() {
        let out = tempfile::tempdir().unwrap();
        let root = &out.path().join("public");
        let files = || BTreeSet::from(["a/b.html".to_string(), "c.html".to_string()]);
        let dir = OutputDir::open_planned(
            OutputLock::acquire(root, || {}).unwrap(),
            Some(7),
            files,
            None,
        )
        .unwrap();
        let staged = vec![
            dir.stage("a/b.html", b"B", Some(1)).unwrap(),
            dir.stage("c.html", b"C", Some(2)).unwrap(),
        ];
        let (_, last) = dir.commit(staged, "f").unwrap();
        let unused = || -> BTreeSet<String> { panic!("the same paths are not planned again") };
        let dir = OutputDir::open_planned(
            OutputLock::acquire(root, || {}).unwrap(),
            Some(7),
            unused,
            Some(last),
        )
        .unwrap();
        assert_eq!(dir.planned, files());
        assert_eq!(dir.folders, BTreeSet::from(["a".to_string()]));
        let staged = vec![
            dir.reuse("a/b.html", 1).unwrap(),
            dir.reuse("c.html", 2).unwrap(),
        ];
        let (_, last) = dir.commit(staged, "f").unwrap();
        let other = || BTreeSet::from(["c.html".to_string()]);
        let dir = OutputDir::open_planned(
            OutputLock::acquire(root, || {}).unwrap(),
            Some(8),
            other,
            Some(last),
        )
        .unwrap();
        assert_eq!(dir.planned, other(), "other paths are planned again");
    }

    #[test]
    fn a_build_stopped_while_moving_files_is_never_taken_as_complete() {
        let out = tempfile::tempdir().unwrap();
        let root = &out.path().join("public");
        let site = [("a.html", "A", 1), ("b/index.html", "B", 2)];
        let (last, _) = build(root, &site, None);
        assert!(up_to_date(root, "f").is_some());
        assert!(!root.join(UNFINISHED).exists());
        // As if killed after moving a newer a.html of the same size in.
        fs::write(root.join(UNFINISHED), "").unwrap();
        fs::write(root.join("a.html"), "X").unwrap();
        assert!(up_to_date(root, "f").is_none());
        let (_, reused) = build(root, &site, Some(last));
        assert_eq!(reused, 0, "nothing recorded is trusted");
        assert_eq!(fs::read_to_string(root.join("a.html")).unwrap(), "A");
        assert!(!root.join(UNFINISHED).exists());
        assert!(up_to_date(root, "f").is_some());
    }

    /// Claims `public` in `out`, which does not exist yet, for `a/b/c.html`
    /// and `d.html`.
    fn claim_new_folder(out: &Path) -> (PathBuf, OutputDir) {
        let root = out.join("public");
        let planned = BTreeSet::from(["a/b/c.html".to_string(), "d.html".to_string()]);
        let dir = OutputDir::open(&root, planned, None).unwrap();
        (root, dir)
    }

    #[test]
    fn a_new_folder_is_written_in_place_and_a_killed_first_build_is_known() {
        let out = tempfile::tempdir().unwrap();
        let (root, dir) = claim_new_folder(out.path());
        assert!(dir.new_folder);
        assert!(root.join("a/b").is_dir(), "every folder is made up front");
        dir.stage("a/b/c.html", b"C", Some(1)).unwrap();
        assert_eq!(fs::read(root.join("a/b/c.html")).unwrap(), b"C");
        assert!(!root.join("a/b/.c.html.dossier-tmp").exists());
        // Killed here: neither committed nor aborted.
        drop(dir);
        assert!(up_to_date(&root, "f").is_none(), "unfinished");
        // The next build owns what the killed one left, and removes the
        // file and folders its site no longer has.
        let (_, reused) = build(&root, &[("d.html", "D", 2)], None);
        assert_eq!(reused, 0);
        assert!(!root.join("a").exists());
        assert_eq!(fs::read_to_string(root.join("d.html")).unwrap(), "D");
        assert!(!root.join(UNFINISHED).exists());
        assert!(up_to_date(&root, "f").is_some());
    }

    #[test]
    fn a_failed_first_build_written_in_place_leaves_nothing() {
        let out = tempfile::tempdir().unwrap();
        let (root, dir) = claim_new_folder(out.path());
        dir.stage("a/b/c.html", b"C", Some(1)).unwrap();
        dir.abort();
        assert!(!root.exists());
        assert_eq!(fs::read_dir(out.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_existing_folder_is_staged_not_written_in_place() {
        let out = tempfile::tempdir().unwrap();
        let root = &out.path().join("public");
        fs::create_dir(root).unwrap();
        let dir = OutputDir::open(root, BTreeSet::from(["d.html".to_string()]), None).unwrap();
        assert!(!dir.new_folder);
        dir.stage("d.html", b"D", Some(1)).unwrap();
        assert!(!root.join("d.html").exists(), "not before the commit");
        dir.abort();
        let left: Vec<_> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [LOCK], "nothing but the lock, which stays empty");
    }

    #[test]
    fn a_recorded_folder_deleted_by_hand_is_made_again() {
        let out = tempfile::tempdir().unwrap();
        let root = &out.path().join("public");
        build(root, &[("x/y/a.html", "A", 1)], None);
        fs::remove_dir_all(root.join("x")).unwrap();
        // A new file in the folder the manifest records: no look first.
        build(
            root,
            &[("x/y/b.html", "B", 2), ("x/y/a.html", "A", 1)],
            None,
        );
        assert_eq!(fs::read_to_string(root.join("x/y/a.html")).unwrap(), "A");
        assert_eq!(fs::read_to_string(root.join("x/y/b.html")).unwrap(), "B");
    }

    #[test]
    fn folders_are_created_as_files_need_them_and_removed_when_empty() {
        let out = tempfile::tempdir().unwrap();
        let root = &out.path().join("public");
        build(root, &[("x/y/z.html", "Z", 1), ("top.html", "T", 2)], None);
        assert!(root.join("x/y/z.html").is_file());
        build(root, &[("top.html", "T", 2)], None);
        assert!(
            !root.join("x").exists(),
            "the folders it made went with the file"
        );
    }

    #[test]
    fn folders_are_listed_parents_first() {
        let files: BTreeSet<String> = ["a/b/c.html", "a/d.html", "e.html"]
            .map(String::from)
            .into();
        let folders: Vec<_> = folders_of(&files).into_iter().collect();
        assert_eq!(folders, vec!["a", "a/b"]);
    }
}
