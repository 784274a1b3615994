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

/// Marks a folder as `dossier`'s output and lists what it owns there.
pub const MANIFEST: &str = ".dossier-manifest";
/// Present while a build moves files into place: a build interrupted then
/// (killed, or failing to rename) is never taken as complete, and its
/// recorded signatures are not trusted.
pub(super) const UNFINISHED: &str = ".dossier-unfinished";
const MANIFEST_HEADER: &str =
    "# dossier output manifest: the files and folders dossier owns here. Do not edit.";

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
}

/// Reads the manifest of `output`, creating the folder if needed; refuses a
/// non-empty folder that `dossier` did not create. Says whether the files
/// can be trusted: the manifest is the one `last` left.
pub(super) fn claim(output: &Path, last: Option<LastBuild>) -> Result<(Manifest, bool)> {
    if !output.exists() {
        fs::create_dir_all(output).map_err(|e| Error::write(output, e))?;
        return Ok((Manifest::default(), false));
    }
    if !output.is_dir() {
        return Err(Error::UnsafeOutput {
            path: output.to_path_buf(),
            reason: "it is a file, not a folder".into(),
        });
    }
    let manifest = output.join(MANIFEST);
    match fs::read_to_string(&manifest) {
        Ok(text) if output.join(UNFINISHED).exists() => {
            // The last build stopped while moving files: which pages hold
            // what is unknown, so every page is rendered and compared.
            let mut manifest = parse_manifest(&text);
            manifest.fingerprint = None;
            manifest.signatures.clear();
            Ok((manifest, false))
        }
        Ok(text) => Ok(match last {
            Some(last) if last.digest == digest64(text.as_bytes()) => (last.manifest, true),
            _ => (parse_manifest(&text), false),
        }),
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
    let text = fs::read_to_string(output.join(MANIFEST)).ok()?;
    // The fingerprint comes first: a changed site is told without parsing
    // the whole manifest.
    let recorded = text.lines().find_map(|l| l.strip_prefix("fingerprint "));
    if recorded != Some(fingerprint) {
        return None;
    }
    let manifest = parse_manifest(&text);
    if manifest.fingerprint.as_deref() != Some(fingerprint)
        || manifest.sizes.len() != manifest.files.len()
    {
        return None;
    }
    let intact = manifest.sizes.par_iter().all(|(path, &len)| {
        fs::metadata(output.join(path)).is_ok_and(|m| m.is_file() && m.len() == len)
    });
    intact.then_some(manifest.files.len())
}

pub(super) fn parse_manifest(text: &str) -> Manifest {
    let mut manifest = Manifest::default();
    for line in text.lines() {
        let safe = |p: &str| check_relative(p).is_ok();
        if let Some(digest) = line.strip_prefix("fingerprint ") {
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
