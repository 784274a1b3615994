//! The errors a build can end with.

use std::io;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content (or a template) has problems; every one found is listed.
    #[error("the build found {} problem(s) in the content", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),

    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },

    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },

    /// A command-line option has a value that cannot work.
    #[error("{0}")]
    InvalidOption(String),

    /// Watching the site's files failed.
    #[error("cannot watch the site's files: {0}")]
    Watch(String),

    /// Writing there could destroy files that are not ours.
    #[error("refusing to use {} as the output folder: {reason}", path.display())]
    UnsafeOutput { path: PathBuf, reason: String },
}

impl Error {
    pub fn read(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Read {
            path: path.into(),
            source,
        }
    }

    pub fn write(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Write {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
