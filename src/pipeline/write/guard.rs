//! The guards of the output folder: never where the site's sources are,
//! never outside it.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::no_follow;

/// Refuses output folders whose clearing would destroy the site's sources.
pub fn check_output_location(root: &Path, output: &Path, theme: &str) -> Result<()> {
    let root = absolute(root);
    let output = absolute(output);
    let refuse = |reason: String| {
        Err(Error::UnsafeOutput {
            path: output.clone(),
            reason,
        })
    };
    if root.starts_with(&output) {
        return refuse("it is the site's folder or contains it".into());
    }
    let theme_folder = format!("themes/{theme}");
    for source in [
        "content",
        "templates",
        "static",
        theme_folder.as_str(),
        "themes",
    ] {
        let source = root.join(source);
        if output.starts_with(&source) || source.starts_with(&output) {
            return refuse(format!(
                "it overlaps the site's {} folder",
                source.display()
            ));
        }
    }
    Ok(())
}

/// `path` made absolute and free of `.` and `..`, without touching the disk
/// (the output folder may not exist yet).
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// A rendered path must stay inside the output folder.
pub(super) fn check_relative(path: &str) -> Result<()> {
    let p = Path::new(path);
    let inside = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if inside {
        return Ok(());
    }
    Err(Error::write(
        p,
        io::Error::new(
            io::ErrorKind::InvalidInput,
            "refusing to write outside the output folder",
        ),
    ))
}

/// Opens `path` to write it from the start, creating it if needed, but
/// never through a symbolic link at its name: a link planted where a
/// staged file, a marker or the lock goes would otherwise have the build
/// write wherever it points.
///
/// A file already at `path` is replaced, not written over: it may be a hard
/// link to a file of the cache (see [`OutputDir::stage_copy`]), which
/// truncating would empty too.
///
/// [`OutputDir::stage_copy`]: super::OutputDir::stage_copy
pub(super) fn create_file(path: &Path) -> io::Result<fs::File> {
    let create = || no_follow::open(fs::OpenOptions::new().write(true).create_new(true), path);
    let created = match create() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && !no_follow::is_link(path) => {
            fs::remove_file(path).and_then(|()| create())
        }
        created => created,
    };
    created.map_err(|e| {
        if no_follow::is_link(path) {
            io::Error::other("it is a symbolic link, which dossier never writes through")
        } else {
            e
        }
    })
}

/// Writes `bytes` to `path` (see [`create_file`]).
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    create_file(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_output_are_refused() {
        assert!(check_relative("../x").is_err());
        assert!(check_relative("/etc/x").is_err());
        assert!(check_relative("stories/a/index.html").is_ok());
    }

    #[test]
    fn source_folders_are_refused_as_output() {
        let root = Path::new("/site");
        assert!(check_output_location(root, Path::new("/site"), "default").is_err());
        assert!(check_output_location(root, Path::new("/"), "default").is_err());
        assert!(check_output_location(root, Path::new("/site/content"), "default").is_err());
        assert!(
            check_output_location(root, Path::new("/site/content/../static"), "default").is_err()
        );
        assert!(check_output_location(root, Path::new("/site/public"), "default").is_ok());
    }

    #[test]
    fn a_file_written_again_is_replaced_so_its_other_names_keep_their_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let cached = dir.path().join("card.png");
        let output = dir.path().join("output.png");
        fs::write(&cached, b"drawn").unwrap();
        fs::hard_link(&cached, &output).unwrap();
        write_file(&output, b"new").unwrap();
        assert_eq!(fs::read(&output).unwrap(), b"new");
        assert_eq!(fs::read(&cached).unwrap(), b"drawn");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_where_a_file_goes_is_neither_written_through_nor_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        let link = dir.path().join("link");
        fs::write(&target, b"theirs").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let error = write_file(&link, b"ours").unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(fs::read(&target).unwrap(), b"theirs");
        assert!(no_follow::is_link(&link));
    }
}
