//! Rebuilds the binary when the default theme changes (the theme is embedded
//! with `include_dir!`, which Cargo cannot see into), and gives the code a
//! digest of its own sources: output built by one version of the code is
//! never taken as up to date by another, even between releases.
//!
//! Also gives `dossier --version` the commit it was built from: from git
//! when the crate is its own repository's top folder (a clone, or cargo's
//! checkout for `cargo install --git`), else from the `.cargo_vcs_info.json`
//! that `cargo package` writes; otherwise the version alone.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

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
    describe_version();
}

/// `DOSSIER_VERSION`: `0.1.0 (abc123def456 2026-12-02)`, or the version alone.
fn describe_version() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let version = std::env::var("CARGO_PKG_VERSION").expect("set by cargo");
    let described = match commit_from_git(&root).or_else(|| commit_from_package(&root)) {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=DOSSIER_VERSION={described}");
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

/// `abc123def456 2026-12-02`: the commit and its date, when `root` is the
/// top of a git work tree. A crate inside another project's repository
/// must not take that project's commit.
fn commit_from_git(root: &Path) -> Option<String> {
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != root.canonicalize().ok()? {
        return None;
    }
    // Rebuild when HEAD moves: a commit changes the branch's ref (loose or
    // packed), a checkout changes HEAD itself.
    for name in ["HEAD", "packed-refs"] {
        watch(root, &git(root, &["rev-parse", "--git-path", name])?);
    }
    if let Some(branch) = git(root, &["symbolic-ref", "-q", "HEAD"]) {
        watch(root, &git(root, &["rev-parse", "--git-path", &branch])?);
    }
    git(root, &["log", "-1", "--format=%h %cs", "--abbrev=12"])
}

/// The commit `cargo package` recorded, without a date.
fn commit_from_package(root: &Path) -> Option<String> {
    let info = fs::read_to_string(root.join(".cargo_vcs_info.json")).ok()?;
    let info: serde_json::Value = serde_json::from_str(&info).ok()?;
    let sha = info.pointer("/git/sha1")?.as_str()?;
    Some(sha.get(..12).unwrap_or(sha).to_string())
}

fn watch(root: &Path, path: &str) {
    println!("cargo:rerun-if-changed={}", root.join(path).display());
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
