//! The errors a build can end with.

use std::io;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// Why a build, a check or a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content (or a template) has problems; every one found is listed.
    #[error("the build found {} problem(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),

    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },

    /// A file or folder could not be written, created or removed.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },

    /// A command-line option has a value that cannot work.
    #[error("{0}")]
    InvalidOption(String),

    /// Watching the site's files failed.
    #[error("cannot watch the site's files: {0}")]
    Watch(String),

    /// In watch mode, `content/` went away (a checkout, a restore): no
    /// build runs until it is back.
    #[error("content/ is gone; the last good site stays until it is back")]
    ContentGone,

    /// A symbolic link inside the output folder, where the build would
    /// write or delete: following it could reach anything on the machine.
    #[error("refusing to write through {}: it is a symbolic link inside the output folder; remove it, or build into another --output", path.display())]
    OutputLink {
        /// The link.
        path: PathBuf,
    },

    /// The build was stopped (Ctrl-C) before it changed the output.
    #[error("the build was interrupted; the output is as it was")]
    Interrupted,

    /// Writing there could destroy files that are not ours.
    #[error("refusing to use {} as the output folder: {reason}", path.display())]
    UnsafeOutput {
        /// The output folder refused.
        path: PathBuf,
        /// Why writing there is unsafe, for the message.
        reason: String,
    },
}

impl Error {
    /// An [`Error::Read`] of `path`.
    pub fn read(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }

    /// An [`Error::Write`] of `path`.
    pub fn write(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }
}

/// A result whose error is dossier's [`Error`] unless another is named.
pub type Result<T, E = Error> = std::result::Result<T, E>;
