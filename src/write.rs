//! Stage 7: write the rendered site to the output folder, safely.
//!
//! Only files whose bytes changed are rewritten, each atomically (a temporary
//! file renamed over the old one); files and folders of pages that no longer
//! exist are removed. A manifest in the output folder records what `dossier`
//! wrote and which folders it created, so that it never deletes anything else.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::OutputFile;

/// Marks a folder as `dossier`'s output and lists what it owns there.
pub const MANIFEST: &str = ".dossier-manifest";
const MANIFEST_HEADER: &str =
    "# dossier output manifest: the files and folders dossier owns here. Do not edit.";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// What `dossier` owns in an output folder.
#[derive(Debug, Default)]
struct Manifest {
    files: BTreeSet<String>,
    folders: BTreeSet<String>,
}

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

/// Brings `output` to exactly `files` (plus whatever it holds that dossier did not write).
pub fn write_output(output: &Path, files: &[OutputFile]) -> Result<WriteReport> {
    for file in files {
        check_relative(&file.path)?;
    }
    let old = claim(output)?;
    let new_files: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let wanted_folders = folders_of(&new_files);

    // Record new files before writing them, so that an interrupted build
    // still knows they are ours.
    let mut owned = Manifest {
        files: old.files.union(&new_files).cloned().collect(),
        folders: old.folders.clone(),
    };
    for folder in &wanted_folders {
        let path = output.join(folder);
        if !path.is_dir() {
            fs::create_dir(&path).map_err(|e| Error::write(&path, e))?;
            owned.folders.insert(folder.clone());
        }
    }
    save_manifest(output, &owned)?;

    let outcomes: Vec<bool> = files
        .par_iter()
        .map(|file| write_if_changed(&output.join(&file.path), &file.bytes))
        .collect::<Result<_>>()?;
    let written = outcomes.iter().filter(|&&w| w).count();
    let mut report = WriteReport {
        written,
        unchanged: files.len() - written,
        removed: 0,
    };

    for stale in old.files.difference(&new_files) {
        match fs::remove_file(output.join(stale)) {
            Ok(()) => report.removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::write(output.join(stale), e)),
        }
    }
    // Deepest first, so that a folder is empty when its turn comes.
    for folder in owned.folders.clone().iter().rev() {
        if !wanted_folders.contains(folder) && fs::remove_dir(output.join(folder)).is_ok() {
            owned.folders.remove(folder);
        }
    }
    owned.folders.retain(|f| output.join(f).is_dir());
    owned.files = new_files;
    save_manifest(output, &owned)?;
    Ok(report)
}

/// A rendered path must stay inside the output folder.
fn check_relative(path: &str) -> Result<()> {
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

/// Reads the manifest of `output`, creating the folder if needed; refuses a
/// non-empty folder that `dossier` did not create.
fn claim(output: &Path) -> Result<Manifest> {
    if !output.exists() {
        fs::create_dir_all(output).map_err(|e| Error::write(output, e))?;
        return Ok(Manifest::default());
    }
    if !output.is_dir() {
        return Err(Error::UnsafeOutput {
            path: output.to_path_buf(),
            reason: "it is a file, not a folder".into(),
        });
    }
    let manifest = output.join(MANIFEST);
    match fs::read_to_string(&manifest) {
        Ok(text) => Ok(parse_manifest(&text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let mut entries = fs::read_dir(output).map_err(|e| Error::read(output, e))?;
            if entries.next().is_some() {
                return Err(Error::UnsafeOutput {
                    path: output.to_path_buf(),
                    reason: format!(
                        "it is not empty and dossier did not create it (no {MANIFEST}); empty it or choose another --output"
                    ),
                });
            }
            Ok(Manifest::default())
        }
        Err(e) => Err(Error::read(manifest, e)),
    }
}

fn parse_manifest(text: &str) -> Manifest {
    let mut manifest = Manifest::default();
    for line in text.lines() {
        let safe = |p: &str| check_relative(p).is_ok();
        if let Some(path) = line.strip_prefix("file ").filter(|p| safe(p)) {
            manifest.files.insert(path.to_string());
        } else if let Some(path) = line.strip_prefix("folder ").filter(|p| safe(p)) {
            manifest.folders.insert(path.to_string());
        }
    }
    manifest
}

fn save_manifest(output: &Path, manifest: &Manifest) -> Result<()> {
    let mut text = format!("{MANIFEST_HEADER}\n");
    for folder in &manifest.folders {
        text.push_str(&format!("folder {folder}\n"));
    }
    for file in &manifest.files {
        text.push_str(&format!("file {file}\n"));
    }
    write_if_changed(&output.join(MANIFEST), text.as_bytes()).map(|_| ())
}

/// Writes `bytes` to `path` unless it already holds them; returns whether it wrote.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if let Ok(meta) = fs::metadata(path)
        && meta.len() == bytes.len() as u64
        && fs::read(path).is_ok_and(|old| old == bytes)
    {
        return Ok(false);
    }
    write_atomically(path, bytes).map_err(|e| Error::write(path, e))?;
    Ok(true)
}

/// Readers (and a server) never see a half-written file: write a sibling, then rename.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.dossier-tmp"));
    let result = fs::File::create(&temp)
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

    #[test]
    fn folders_are_listed_parents_first() {
        let files: BTreeSet<String> = ["a/b/c.html", "a/d.html", "e.html"]
            .map(String::from)
            .into();
        let folders: Vec<_> = folders_of(&files).into_iter().collect();
        assert_eq!(folders, vec!["a", "a/b"]);
    }

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
}
