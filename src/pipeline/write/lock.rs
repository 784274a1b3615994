//! One build at a time per output folder: an advisory lock on a file in it.
//!
//! The operating system releases the lock when its holder's process ends,
//! however it ends, so a build that was killed never leaves a stale lock.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use super::manifest::refuse_foreign;
use crate::error::{Error, Result};
use crate::no_follow;

/// The lock file, hidden in the output folder. It stays empty.
pub const LOCK: &str = ".dossier-lock";

/// The output folder, locked for one build; unlocked when dropped.
#[derive(Debug)]
pub struct OutputLock {
    /// Held open: the lock lives as long as the file handle.
    _file: File,
    root: PathBuf,
    created_folder: bool,
    /// Whether an [`super::OutputDir`] took the folder over: until then, a
    /// folder this lock created goes when the lock does (the build failed
    /// before writing anything).
    claimed: bool,
}

impl OutputLock {
    /// Locks `output` for a build, creating the folder when it does not
    /// exist. While another build holds the lock, calls `waiting` once and
    /// waits. Refuses a folder that holds files of someone else's and no
    /// manifest of dossier's, before putting anything in it.
    pub fn acquire(output: &Path, mut waiting: impl FnMut()) -> Result<OutputLock> {
        let mut told = false;
        loop {
            let created_folder = create_folder(output)?;
            let path = output.join(LOCK);
            let file = open_lock_file(&path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !std::mem::replace(&mut told, true) {
                        waiting();
                    }
                    file.lock().map_err(|e| Error::write(&path, e))?;
                }
                Err(TryLockError::Error(e)) => return Err(Error::write(&path, e)),
            }
            // A first build that failed removes its folder, lock file and
            // all, while the next one waits on that file: then its lock is on
            // a file nobody else will open, and it starts again.
            if is_same_file(&file, &path) {
                super::fault::point("locked");
                // The build that creates a folder is not always the first
                // to lock it: once another has written there, it is a folder
                // like any other.
                let created_folder =
                    created_folder && fs::symlink_metadata(output.join(super::MANIFEST)).is_err();
                return Ok(OutputLock {
                    _file: file,
                    root: output.to_path_buf(),
                    created_folder,
                    claimed: false,
                });
            }
        }
    }

    /// Whether this build created the output folder (it did not exist).
    pub fn created_folder(&self) -> bool {
        self.created_folder
    }

    /// The output folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder is taken over by a build that writes to it, which cleans
    /// up after itself.
    pub(super) fn claim(&mut self) {
        self.claimed = true;
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        if self.created_folder && !self.claimed {
            let _ = fs::remove_file(self.root.join(LOCK));
            let _ = fs::remove_dir(&self.root);
        }
    }
}

/// Opens (or creates) the lock file, never through a link at its name.
fn open_lock_file(path: &Path) -> Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    no_follow::open(&mut options, path).map_err(|e| {
        if no_follow::is_link(path) {
            Error::OutputLink {
                path: path.to_path_buf(),
            }
        } else {
            Error::write(path, e)
        }
    })
}

/// Creates the output folder if needed; says whether it did. An existing
/// folder must be dossier's or hold nothing but dossier's own files.
fn create_folder(output: &Path) -> Result<bool> {
    match fs::metadata(output) {
        Ok(meta) if meta.is_dir() => {
            refuse_foreign(output)?;
            Ok(false)
        }
        Ok(_) => Err(Error::UnsafeOutput {
            path: output.to_path_buf(),
            reason: "it is a file, not a folder".into(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
            }
            // Of two builds that find no folder, one creates it: the other
            // finds it made, and waits for the lock of the first.
            match fs::create_dir(output) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => create_folder(output),
                Err(e) => Err(Error::write(output, e)),
            }
        }
        Err(e) => Err(Error::read(output, e)),
    }
}

/// Whether `path` still names the file `file` has open.
#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether `path` still names the file `file` has open (Windows does not
/// remove a file that is open, so it always does).
#[cfg(not(unix))]
fn is_same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}
