//! The one slug rule (README, "Entities and profiles"): transliterate to
//! ASCII, lower-case, and turn every run of other characters into a single `-`.
//!
//! The same rule is the identity of entities and tags, which is what makes
//! `Ricardo Patiño` and `Ricardo Patino`, or `WikiLeaks` and `wikileaks`, one name.

/// The longest usable slug, in bytes: a slug names a folder of the output,
/// and most file systems refuse names longer than 255 bytes.
pub const MAX_SLUG_LEN: usize = 200;

/// `Ricardo Patiño` → `ricardo-patino`; `../etc` → `etc`; `???` → `` (callers
/// must reject an empty slug: it cannot name a page).
pub fn slugify(text: &str) -> String {
    ascii_slug(&deunicode::deunicode(text))
}

/// The rule without transliteration: every character that is not an ASCII
/// letter or digit separates words. Simple enough for the search script to
/// redo, so the search index can leave out slugs it gives.
pub fn ascii_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn transliterates_accents_and_case() {
        assert_eq!(slugify("Ricardo Patiño"), "ricardo-patino");
        assert_eq!(slugify("Ødegaard"), "odegaard");
        assert_eq!(slugify("WikiLeaks"), slugify("wikileaks"));
    }

    #[test]
    fn collapses_punctuation_and_trims() {
        assert_eq!(slugify("  Assange, Julian!! "), "assange-julian");
        assert_eq!(slugify("U.K. Foreign Office"), "u-k-foreign-office");
    }

    #[test]
    fn cannot_escape_the_output_folder() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("a\\b/c"), "a-b-c");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn other_scripts_give_usable_slugs() {
        assert_eq!(slugify("Путин"), "putin");
        assert!(!slugify("北京").is_empty());
        assert!(!slugify("القاهرة").is_empty());
    }
}
