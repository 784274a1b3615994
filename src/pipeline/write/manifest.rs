//! The manifest: what `dossier` owns in an output folder, and what the
//! build that wrote it was made of.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::guard::check_relative;
use super::{LastBuild, holds, write_atomically};
use crate::error::{Error, Result};
use crate::model::digest::{FastMap, digest64};
use crate::no_follow;

/// Marks a folder as `dossier`'s output and lists what it owns there.
pub const MANIFEST: &str = ".dossier-manifest";
/// Present from before a build stages its first file until it has moved
/// every file into place: a build interrupted meanwhile (killed, out of
/// disk space) is never taken as complete, its recorded signatures are not
/// trusted, and the next build sweeps the files it staged.
pub(super) const UNFINISHED: &str = ".dossier-unfinished";
const MANIFEST_HEADER: &str =
    "# dossier output manifest: the files and folders dossier owns here. Do not edit.";
/// The manifest's format. Manifests without it were written by versions
/// that staged files before marking the folder unfinished, so a killed
/// build of theirs may have left staged files unmarked: they get swept.
const FORMAT_LINE: &str = "format 2";
/// The end of the name of a staged file (`.index.html.dossier-tmp`).
pub(super) const STAGED_SUFFIX: &str = ".dossier-tmp";

/// What `dossier` owns in an output folder.
#[derive(Debug, Default)]
pub(super) struct Manifest {
    /// The digest of the inputs of the build that wrote the files, once the
    /// build completed (see [`crate::pipeline::load::Sources::fingerprint`]).
    pub(super) fingerprint: Option<String>,
    /// The size of each file as written, to notice files changed since.
    /// (Hash maps: every build looks each page up; the text is written in
    /// the order of `files`.)
    pub(super) sizes: FastMap<String, u64>,
    /// The signature of each rendered page as written (see `render::signature`).
    pub(super) signatures: FastMap<String, u64>,
    pub(super) files: BTreeSet<String>,
    pub(super) folders: BTreeSet<String>,
    /// Whether it has the [`FORMAT_LINE`] of this version.
    pub(super) current_format: bool,
}

/// Whether a name in the output folder is one of dossier's own files: the
/// manifest, the markers, the lock, a staged file. None is ever a page.
pub(super) fn is_own_file(name: &str) -> bool {
    name == MANIFEST
        || name == UNFINISHED
        || name == super::lock::LOCK
        || (name.starts_with('.') && name.ends_with(STAGED_SUFFIX))
}

/// Refuses a folder without a manifest (a folder with one is dossier's)
/// that holds anything but dossier's own files, naming the first.
pub(super) fn refuse_foreign(output: &Path) -> Result<()> {
    if fs::symlink_metadata(output.join(MANIFEST)).is_ok() {
        return Ok(());
    }
    let entries = fs::read_dir(output).map_err(|e| Error::read(output, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::read(output, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_own_file(&name) {
            return Err(Error::UnsafeOutput {
                path: output.to_path_buf(),
                reason: format!(
                    "it is not empty and dossier did not create it (it holds {name} and no {MANIFEST}); empty it or choose another --output"
                ),
            });
        }
    }
    Ok(())
}

/// Removes every staged file that builds left in `output` (found without
/// following links): a killed build's, which could hold a draft.
pub(super) fn sweep(output: &Path) -> Result<()> {
    let walker = walkdir::WalkDir::new(output).follow_links(false);
    for entry in walker.into_iter().filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with('.') && name.ends_with(STAGED_SUFFIX) {
            fs::remove_file(entry.path()).map_err(|e| Error::write(entry.path(), e))?;
        }
    }
    Ok(())
}

/// Reads the manifest of the locked output folder `output` (which the lock
/// made sure is dossier's), sweeping what an interrupted build left. Says
/// whether the files can be trusted: the manifest is the one `last` left.
pub(super) fn claim(output: &Path, last: Option<LastBuild>) -> Result<(Manifest, bool)> {
    let manifest = output.join(MANIFEST);
    // A manifest replaced by a link, a FIFO or a device is not read: it
    // could point anywhere, or never end.
    match no_follow::read_regular_text(&manifest) {
        Ok(text) if output.join(UNFINISHED).exists() => {
            // The last build stopped before it had moved every file: which
            // pages hold what is unknown, so every page is rendered and
            // compared, and what it staged goes.
            sweep(output)?;
            let mut manifest = parse_manifest(&text);
            manifest.fingerprint = None;
            manifest.signatures.clear();
            Ok((manifest, false))
        }
        Ok(text) => Ok(match last {
            Some(last) if last.digest == digest64(text.as_bytes()) => (last.manifest, true),
            _ => {
                let manifest = parse_manifest(&text);
                if !manifest.current_format {
                    sweep(output)?;
                }
                (manifest, false)
            }
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Only dossier's own files (the lock refused the folder
            // otherwise): a first build was stopped before its manifest.
            sweep(output)?;
            Ok((Manifest::default(), false))
        }
        Err(e) => Err(Error::read(manifest, e)),
    }
}

/// The number of files in `output` when it holds the complete output of a
/// build whose inputs had `fingerprint`, and no file has changed size since:
/// then there is nothing to do.
pub fn up_to_date(output: &Path, fingerprint: &str) -> Option<usize> {
    if output.join(UNFINISHED).exists() {
        return None;
    }
    let text = no_follow::read_regular_text(&output.join(MANIFEST)).ok()?;
    // The fingerprint comes first: a changed site is told without parsing
    // the whole manifest.
    let recorded = text.lines().find_map(|l| l.strip_prefix("fingerprint "));
    if recorded != Some(fingerprint) {
        return None;
    }
    let manifest = parse_manifest(&text);
    if manifest.fingerprint.as_deref() != Some(fingerprint)
        || manifest.sizes.len() != manifest.files.len()
        || !manifest.current_format
    {
        return None;
    }
    let intact = manifest.sizes.par_iter().all(|(path, &len)| {
        fs::symlink_metadata(output.join(path)).is_ok_and(|m| m.is_file() && m.len() == len)
    });
    intact.then_some(manifest.files.len())
}

pub(super) fn parse_manifest(text: &str) -> Manifest {
    let mut manifest = Manifest::default();
    for line in text.lines() {
        let safe = |p: &str| check_relative(p).is_ok();
        if line == FORMAT_LINE {
            manifest.current_format = true;
        } else if let Some(digest) = line.strip_prefix("fingerprint ") {
            manifest.fingerprint = Some(digest.to_string());
        } else if let Some(entry) = line.strip_prefix("entry ") {
            let mut parts = entry.splitn(3, ' ');
            let (Some(len), Some(sig), Some(path)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if let (Ok(len), true) = (len.parse(), safe(path)) {
                manifest.files.insert(path.to_string());
                manifest.sizes.insert(path.to_string(), len);
                if let Ok(sig) = u64::from_str_radix(sig, 16) {
                    manifest.signatures.insert(path.to_string(), sig);
                }
            }
        } else if let Some((sig, path)) = line
            .strip_prefix("sig ")
            .and_then(|rest| rest.split_once(' '))
        {
            if let (Ok(sig), true) = (u64::from_str_radix(sig, 16), safe(path)) {
                manifest.signatures.insert(path.to_string(), sig);
            }
        } else if let Some((len, path)) = line
            .strip_prefix("size ")
            .and_then(|rest| rest.split_once(' '))
        {
            if let (Ok(len), true) = (len.parse(), safe(path)) {
                manifest.sizes.insert(path.to_string(), len);
            }
        } else if let Some(path) = line.strip_prefix("file ").filter(|p| safe(p)) {
            manifest.files.insert(path.to_string());
        } else if let Some(path) = line.strip_prefix("folder ").filter(|p| safe(p)) {
            manifest.folders.insert(path.to_string());
        }
    }
    manifest
}

/// The manifest as written to disk.
pub(super) fn manifest_text<'a>(
    fingerprint: Option<&str>,
    sizes: &FastMap<String, u64>,
    signatures: &FastMap<String, u64>,
    folders: &BTreeSet<String>,
    files: impl Iterator<Item = &'a String>,
) -> String {
    // A line per file and per folder, tens of thousands on a big site:
    // plain appends, since the formatting machinery would be most of a
    // one-story rebuild's write stage.
    let mut text = String::with_capacity(96 * sizes.len() + 32 * folders.len() + 256);
    let mut line = |parts: &[&str]| {
        for part in parts {
            text.push_str(part);
        }
        text.push('\n');
    };
    line(&[MANIFEST_HEADER]);
    line(&[FORMAT_LINE]);
    if let Some(fingerprint) = fingerprint {
        line(&["fingerprint ", fingerprint]);
    }
    for folder in folders {
        line(&["folder ", folder]);
    }
    // `entry SIZE SIGNATURE PATH` for a file written (`-` for a copied
    // file, which has no signature), `file PATH` for one being written.
    let mut number = itoa::Buffer::new();
    for file in files {
        let Some(len) = sizes.get(file) else {
            line(&["file ", file]);
            continue;
        };
        let hex = signatures.get(file).map(|sig| hex16(*sig));
        let sig = hex
            .as_ref()
            .map_or("-", |h| std::str::from_utf8(h).unwrap_or("-"));
        line(&["entry ", number.format(*len), " ", sig, " ", file]);
    }
    text
}

/// `{:016x}`, without the formatting machinery.
pub(super) fn hex16(n: u64) -> [u8; 16] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    std::array::from_fn(|i| DIGITS[(n >> (60 - 4 * i)) as usize & 0xf])
}

/// Writes the manifest's text; returns its digest.
pub(super) fn save_manifest(output: &Path, text: &str) -> Result<u64> {
    let path = output.join(MANIFEST);
    if !holds(&path, text.as_bytes()) {
        write_atomically(&path, text.as_bytes()).map_err(|e| Error::write(&path, e))?;
    }
    Ok(digest64(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::write::folders_of;

    #[test]
    fn the_manifest_reads_back_as_written_and_as_earlier_versions_wrote_it() {
        let files: BTreeSet<String> = ["a b/c.html", "d.css", "e.html"].map(String::from).into();
        let sizes: FastMap<String, u64> = [("a b/c.html", 12), ("d.css", 3)]
            .map(|(p, n)| (p.to_string(), n))
            .into_iter()
            .collect();
        let signatures: FastMap<String, u64> =
            std::iter::once(("a b/c.html".to_string(), 0xabc)).collect();
        let folders = folders_of(&files);
        let text = manifest_text(Some("f1"), &sizes, &signatures, &folders, files.iter());
        assert!(text.contains("\nentry 12 0000000000000abc a b/c.html\n"));
        assert!(text.contains("\nentry 3 - d.css\n"));
        assert!(text.contains("\nfile e.html\n"), "not written yet: no size");
        let read = parse_manifest(&text);
        assert_eq!(read.fingerprint.as_deref(), Some("f1"));
        assert_eq!(
            (&read.files, &read.sizes, &read.signatures),
            (&files, &sizes, &signatures)
        );
        assert_eq!(read.folders, folders);
        // Earlier versions of dossier wrote sizes, signatures and files on
        // a line each.
        let earlier = "fingerprint f1\nsize 12 a b/c.html\nsize 3 d.css\nsig 0000000000000abc a b/c.html\nfolder a b\nfile a b/c.html\nfile d.css\nfile e.html\n";
        let read = parse_manifest(earlier);
        assert_eq!(
            (&read.files, &read.sizes, &read.signatures),
            (&files, &sizes, &signatures)
        );
    }

    #[test]
    fn signatures_are_written_as_sixteen_hex_digits() {
        for n in [0, 1, 0xabc, u64::MAX, 0x0123_4567_89ab_cdef] {
            assert_eq!(hex16(n), *format!("{n:016x}").as_bytes());
        }
    }
}
