//! Where the running dossier was installed from, so that the deploy recipes
//! `init` writes install the same one. Cargo records each install in its
//! install root's `.crates.toml`, under keys such as
//! `"dossier 0.1.0 (git+https://host/owner/repo?rev=…#<commit>)"`; a binary
//! that no such file lists (one run from `target/`) has no source we may
//! name, and none is ever made up.

use std::path::Path;

/// What a CI machine could install dossier from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InstallSource {
    /// A git repository elsewhere, pinned to the commit cargo built.
    Git {
        /// The repository, without cargo's `?rev=`/`?branch=`/`?tag=`.
        url: String,
        /// The full commit id cargo recorded.
        commit: String,
    },
    /// A package registry.
    Registry {
        /// The version installed.
        version: String,
        /// The registry's index for `cargo install --index`; `None` for
        /// crates.io, cargo's default.
        index: Option<String>,
    },
    /// Nothing a CI machine can reach: a path install, a local git
    /// repository, or a binary cargo did not install.
    Unknown,
}

/// The two spellings of crates.io's index in a package id: git and sparse.
const CRATES_IO: [&str; 2] = [
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

impl InstallSource {
    /// The source of the binary running now: cargo's record in the install
    /// root holding it (`<root>/bin/dossier`), else [`InstallSource::Unknown`].
    pub fn of_running_binary() -> Self {
        std::env::current_exe()
            .ok()
            .and_then(|exe| {
                let name = exe.file_name()?.to_str()?.to_string();
                let root = exe.parent()?.parent()?;
                let record = std::fs::read_to_string(root.join(".crates.toml")).ok()?;
                Some(Self::from_crates_toml(&record, &name))
            })
            .unwrap_or(InstallSource::Unknown)
    }

    /// The source of the package that `.crates.toml` (its text) lists as
    /// providing the binary `bin`.
    pub fn from_crates_toml(record: &str, bin: &str) -> Self {
        let quoted_bin = format!("\"{bin}\"");
        let mut in_v1 = false;
        for line in record.lines().map(str::trim) {
            if line.starts_with('[') {
                in_v1 = line == "[v1]";
                continue;
            }
            let Some((key, bins)) = line.split_once("\" = [") else {
                continue;
            };
            let provides_bin = bins
                .split(',')
                .any(|b| b.trim_matches([' ', ']']) == quoted_bin);
            if in_v1 && provides_bin {
                return Self::from_package_id(key.trim_start_matches('"'));
            }
        }
        InstallSource::Unknown
    }

    /// The source in a package id, `name version (kind+url)`.
    pub fn from_package_id(id: &str) -> Self {
        let mut words = id.splitn(3, ' ');
        let (Some(_name), Some(version), Some(source)) = (words.next(), words.next(), words.next())
        else {
            return InstallSource::Unknown;
        };
        let Some(source) = source.strip_prefix('(').and_then(|s| s.strip_suffix(')')) else {
            return InstallSource::Unknown;
        };
        if let Some(git) = source.strip_prefix("git+") {
            return Self::from_git(git);
        }
        if CRATES_IO.contains(&source) {
            return InstallSource::Registry {
                version: version.to_string(),
                index: None,
            };
        }
        // `cargo install --index` takes a git index's URL bare, a sparse
        // one with its prefix.
        let index = match source.split_once('+') {
            Some(("registry", url)) => url,
            Some(("sparse", _)) => source,
            _ => return InstallSource::Unknown,
        };
        InstallSource::Registry {
            version: version.to_string(),
            index: Some(index.to_string()),
        }
    }

    /// `url[?rev=…|?branch=…|?tag=…]#commit`; a `file:` repository is on
    /// this machine only, so no CI machine can install from it.
    fn from_git(source: &str) -> Self {
        let Some((location, commit)) = source.rsplit_once('#') else {
            return InstallSource::Unknown;
        };
        let url = location.split_once('?').map_or(location, |(url, _)| url);
        if url.starts_with("file:") || !is_commit_id(commit) {
            return InstallSource::Unknown;
        }
        InstallSource::Git {
            url: url.to_string(),
            commit: commit.to_string(),
        }
    }

    /// What `dossier init` should tell the user about the recipes it wrote,
    /// when they cannot work as written.
    pub fn warning(&self, recipes: &[&Path]) -> Option<String> {
        if *self != InstallSource::Unknown {
            return None;
        }
        let files: Vec<String> = recipes.iter().map(|p| p.display().to_string()).collect();
        Some(format!(
            "this dossier was not installed by cargo from a git repository or a registry \
             that a CI machine can reach, so {} cannot say where to install it from: set \
             DOSSIER_GIT in them to the URL of dossier's git repository (and DOSSIER_REV \
             to a commit, to pin one)",
            files.join(" and ")
        ))
    }
}

/// A full SHA-1 or SHA-256 commit id, as cargo records after `#`.
fn is_commit_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "73dccfd0123456789abcdef0123456789abcdef0";

    fn git(url: &str) -> InstallSource {
        InstallSource::Git {
            url: url.to_string(),
            commit: SHA.to_string(),
        }
    }

    #[test]
    fn a_git_install_is_pinned_to_its_commit_whatever_it_was_asked_for() {
        for query in ["", "?rev=73dccfd", "?branch=main", "?tag=v0.1.0"] {
            let id = format!("dossier 0.1.0 (git+https://example.com/o/dossier{query}#{SHA})");
            assert_eq!(
                InstallSource::from_package_id(&id),
                git("https://example.com/o/dossier"),
                "{id}"
            );
        }
        let ssh = format!("dossier 0.1.0 (git+ssh://git@example.com/o/dossier.git#{SHA})");
        assert_eq!(
            InstallSource::from_package_id(&ssh),
            git("ssh://git@example.com/o/dossier.git")
        );
    }

    #[test]
    fn a_local_or_unpinned_git_install_is_unknown() {
        let local = format!("dossier 0.1.0 (git+file:///work/main?rev=73dccfd#{SHA})");
        assert_eq!(
            InstallSource::from_package_id(&local),
            InstallSource::Unknown
        );
        let unpinned = "dossier 0.1.0 (git+https://example.com/o/dossier?branch=main)";
        assert_eq!(
            InstallSource::from_package_id(unpinned),
            InstallSource::Unknown
        );
        let short = "dossier 0.1.0 (git+https://example.com/o/dossier#73dccfd)";
        assert_eq!(
            InstallSource::from_package_id(short),
            InstallSource::Unknown
        );
    }

    #[test]
    fn registry_installs_keep_their_version_and_any_other_index() {
        for crates_io in CRATES_IO {
            assert_eq!(
                InstallSource::from_package_id(&format!("dossier 0.2.1 ({crates_io})")),
                InstallSource::Registry {
                    version: "0.2.1".to_string(),
                    index: None
                }
            );
        }
        assert_eq!(
            InstallSource::from_package_id("dossier 0.2.1 (sparse+https://r.example/index/)"),
            InstallSource::Registry {
                version: "0.2.1".to_string(),
                index: Some("sparse+https://r.example/index/".to_string())
            }
        );
        assert_eq!(
            InstallSource::from_package_id("dossier 0.2.1 (registry+https://r.example/index)"),
            InstallSource::Registry {
                version: "0.2.1".to_string(),
                index: Some("https://r.example/index".to_string())
            }
        );
    }

    #[test]
    fn a_path_install_or_a_malformed_id_is_unknown() {
        for id in [
            "dossier 0.1.0 (path+file:///work/main)",
            "dossier 0.1.0",
            "dossier 0.1.0 git+https://example.com/o/dossier",
            "",
        ] {
            assert_eq!(
                InstallSource::from_package_id(id),
                InstallSource::Unknown,
                "{id}"
            );
        }
    }

    #[test]
    fn the_record_is_read_for_the_package_providing_the_binary() {
        let record = format!(
            "[v1]\n\
             \"ripgrep 14.1.1 (registry+https://github.com/rust-lang/crates.io-index)\" = [\"rg\"]\n\
             \"dossier 0.1.0 (git+https://example.com/o/dossier?rev=73dccfd#{SHA})\" = [\"dossier\"]\n"
        );
        assert_eq!(
            InstallSource::from_crates_toml(&record, "dossier"),
            git("https://example.com/o/dossier")
        );
        assert_eq!(
            InstallSource::from_crates_toml(&record, "dossier-other"),
            InstallSource::Unknown
        );
        let several = "[v1]\n\"tools 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)\" = [\"a\", \"dossier\"]\n";
        assert_eq!(
            InstallSource::from_crates_toml(several, "dossier"),
            InstallSource::Registry {
                version: "1.0.0".to_string(),
                index: None
            }
        );
    }

    /// Records as `cargo install` 1.95 wrote them here: `--git file:///work/main`
    /// without and with `--rev 73dccfd`, and `--path`.
    #[test]
    fn the_records_real_installs_wrote_are_read() {
        let commit = "73dccfd74c77b3e2b2e0410e6d94fc1015eb829c";
        for query in ["", "?rev=73dccfd"] {
            let local = format!(
                "[v1]\n\"dossier 0.1.0 (git+file:///work/main{query}#{commit})\" = [\"dossier\"]\n"
            );
            assert_eq!(
                InstallSource::from_crates_toml(&local, "dossier"),
                InstallSource::Unknown
            );
            let public = local.replace("file:///work/main", "https://example.com/o/dossier");
            assert_eq!(
                InstallSource::from_crates_toml(&public, "dossier"),
                InstallSource::Git {
                    url: "https://example.com/o/dossier".to_string(),
                    commit: commit.to_string()
                }
            );
        }
        let path = "[v1]\n\"dossier 0.1.0 (path+file:///tmp/wt21)\" = [\"dossier\"]\n";
        assert_eq!(
            InstallSource::from_crates_toml(path, "dossier"),
            InstallSource::Unknown
        );
    }

    #[test]
    fn only_the_v1_table_counts() {
        let record = format!(
            "[v2]\n\"dossier 0.1.0 (git+https://example.com/o/dossier#{SHA})\" = [\"dossier\"]\n"
        );
        assert_eq!(
            InstallSource::from_crates_toml(&record, "dossier"),
            InstallSource::Unknown
        );
    }

    #[test]
    fn only_an_unknown_source_calls_for_a_warning() {
        let files = [Path::new("a.yml"), Path::new("netlify.toml")];
        let warning = InstallSource::Unknown.warning(&files).unwrap();
        assert!(warning.contains("a.yml and netlify.toml"), "{warning}");
        assert!(warning.contains("DOSSIER_GIT"), "{warning}");
        assert_eq!(git("https://example.com/o/dossier").warning(&files), None);
    }
}
