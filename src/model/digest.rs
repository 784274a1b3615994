//! The 64-bit digests that decide what a rebuild can skip (page signatures,
//! the inputs of connections and story bodies), and the hash maps of the
//! lookups every build makes thousands of.
//!
//! They are computed for every page of every build, so they use a fast
//! hasher (aHash, with fixed keys so that digests stay equal from one run to
//! the next) rather than SipHash, which would dominate a one-story rebuild.
//! They are not a defence against crafted collisions; content is the
//! author's own.
//!
//! Files are told apart by a [`FileDigest`]: 128 bits of XXH3, whose
//! definition is published and fixed, so that a digest kept from one build
//! (or written in the output's fingerprint) means the same in the next.
//! Every load digests every file: a cryptographic hash such as BLAKE3 would
//! be many times slower, for a guarantee the content does not need.

use std::hash::{BuildHasher, Hash};

/// A hash map whose order nobody sees (whatever it holds is sorted or
/// looked up, never listed as is), with a faster hasher than the standard
/// one.
pub type FastMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;

/// A set by [`FastMap`]'s hash.
pub type FastSet<K> = std::collections::HashSet<K, ahash::RandomState>;

/// A hasher whose output depends only on what is written to it.
pub type Hasher64 = ahash::AHasher;

/// A new hasher, with the same keys in every run.
pub fn hasher() -> Hasher64 {
    ahash::RandomState::with_seeds(
        0x6d6f_6e69_746f_7273,
        0x646f_7373_6965_7273,
        0x7369_676e_6174_7572,
        0x6573_2e2e_2e2e_2e2e,
    )
    .build_hasher()
}

/// This build of dossier: its version and a digest of its sources (see
/// `build.rs`). Fingerprints and page signatures include it, so that output
/// written by other code, a development build included, is made again.
pub const CODE_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("DOSSIER_CODE_DIGEST"));

/// The digest of a file's bytes, or of several byte strings taken together.
pub type FileDigest = u128;

/// The digest of `parts`, each taken with its length so that bytes cannot
/// move from one part to the next unnoticed.
pub fn file_digest<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> FileDigest {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.digest128()
}

/// The digest of one value.
pub fn digest64(value: impl Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}

/// Digests of everything the index stage reads, for a site or one story:
/// equal digests, equal indexes, up to what the index does not read (a
/// story's title, summary or text). Parsing takes each story's; the index
/// stage compares the site's with the last build's to redo only what changed
/// (see [`crate::pipeline::index::reindex`] and [`crate::pipeline::index::retag`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexInputs {
    /// Which entities each story names, its path, slug and date, the
    /// profiles and the home page.
    pub entities: u64,
    /// Which tags each story has.
    pub tags: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_the_same_in_every_run_and_tell_values_apart() {
        // Signatures are stored in the manifest and compared with the next
        // run's: a hasher with random keys would make every page look changed.
        assert_eq!(digest64(("a", 1u32)), digest64(("a", 1u32)));
        assert_ne!(digest64(("a", 1u32)), digest64(("a", 2u32)));
        assert_ne!(digest64(("ab", "c")), digest64(("a", "bc")));
    }

    #[test]
    fn the_code_version_names_the_release_and_the_sources() {
        let (release, sources) = CODE_VERSION.split_once('+').unwrap();
        assert_eq!(release, env!("CARGO_PKG_VERSION"));
        assert_eq!(sources.len(), 16);
        assert!(sources.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn file_digests_are_xxh3_and_keep_parts_apart() {
        // The published XXH3-128 of nothing, after the one length prefix.
        let empty = xxhash_rust::xxh3::xxh3_128(&0u64.to_le_bytes());
        assert_eq!(file_digest([&b""[..]]), empty);
        assert_ne!(
            file_digest([&b"ab"[..], b"c"]),
            file_digest([&b"a"[..], b"bc"])
        );
    }
}
