//! Rebuilds the binary when the default theme changes (the theme is embedded
//! with `include_dir!`, which Cargo cannot see into), and gives the code a
//! digest of its own sources: output built by one version of the code is
//! never taken as up to date by another, even between releases.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::Path;

fn main() {
    let mut digest = DefaultHasher::new();
    for folder in ["src", "themes/default"] {
        println!("cargo:rerun-if-changed={folder}");
        hash_folder(Path::new(folder), &mut digest);
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    fs::read("Cargo.lock").unwrap_or_default().hash(&mut digest);
    println!(
        "cargo:rustc-env=DOSSIER_CODE_DIGEST={:016x}",
        digest.finish()
    );
}

/// Every file under `folder`, in name order: its path and its bytes.
fn hash_folder(folder: &Path, digest: &mut DefaultHasher) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            hash_folder(&path, digest);
        } else {
            path.hash(digest);
            fs::read(&path).unwrap_or_default().hash(digest);
        }
    }
}
