//! Finding entity names in story text.
//!
//! One Aho-Corasick automaton holds every name and alias of every entity of
//! the site. Matches are leftmost-longest, case-sensitive as written, and
//! whole words on Unicode word boundaries: `Assange` is found in
//! `Assange's` but not in `Assanges`. A name that two entities share is
//! ambiguous: it is found, so that a shorter name inside it does not match
//! instead, but it names nobody.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use crate::model::ids;
use crate::pipeline::index::{Dossier, EntityId};

/// A name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The byte offset in the text where the name starts.
    pub start: usize,
    /// The byte offset just past the name's end.
    pub end: usize,
    /// `None` when the name belongs to several entities.
    pub entity: Option<EntityId>,
}

/// The site's names, ready to be found in any text.
pub struct Linker {
    automaton: AhoCorasick,
    /// The entity each pattern names, or `None` when ambiguous.
    targets: Vec<Option<EntityId>>,
}

/// Names shorter than this are too likely to be ordinary words or initials.
const MIN_NAME_CHARS: usize = 2;

impl Linker {
    /// Builds the automaton from every entity's names; `None` when there are none.
    pub fn new(dossier: &Dossier) -> Option<Linker> {
        let owners = name_owners(dossier);
        if owners.is_empty() {
            return None;
        }
        let names: Vec<String> = owners.keys().cloned().collect();
        let targets = owners
            .values()
            .map(|ids| (ids.len() == 1).then(|| ids[0]))
            .collect();
        // A DFA searches fastest; when a huge site's names would make it too
        // big, the crate's own choice (a contiguous NFA) is used instead.
        let build = |kind| {
            AhoCorasick::builder()
                .kind(kind)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&names)
        };
        let automaton = build(Some(AhoCorasickKind::DFA))
            .or_else(|_| build(None))
            .ok()?;
        Some(Linker { automaton, targets })
    }

    /// Every whole-word name in `text`, left to right, never overlapping.
    pub fn find(&self, text: &str) -> Vec<Found> {
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(m) = self.automaton.find(Input::new(text).span(at..text.len())) {
            match self.whole_word_at(text, m.start(), m.end(), m.pattern().as_usize()) {
                Some(f) => {
                    at = f.end;
                    found.push(f);
                }
                None => at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8),
            }
        }
        found
    }

    /// The longest name starting at `start` that is a whole word, trying
    /// shorter names when the longest one runs into a word.
    fn whole_word_at(
        &self,
        text: &str,
        start: usize,
        mut end: usize,
        mut pattern: usize,
    ) -> Option<Found> {
        if text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        loop {
            if !text[end..].chars().next().is_some_and(is_word_char) {
                return Some(Found {
                    start,
                    end,
                    entity: self.targets[pattern],
                });
            }
            // The leftmost-longest match in what is left is the longest name
            // at `start` if there is one there. (An unanchored search only:
            // an automaton for anchored searches too takes longer to build.)
            let m = self.automaton.find(Input::new(text).span(start..end - 1))?;
            if m.start() != start {
                return None;
            }
            (end, pattern) = (m.end(), m.pattern().as_usize());
        }
    }
}

/// Every name the site uses for an entity (as written and with typographic
/// apostrophes), with the entities that use it: more than one makes the name
/// ambiguous.
pub fn name_owners(dossier: &Dossier) -> BTreeMap<String, Vec<EntityId>> {
    let mut owners: BTreeMap<String, Vec<EntityId>> = BTreeMap::new();
    for (id, entity) in ids::enumerate(&dossier.entities) {
        for name in entity
            .names
            .iter()
            .flat_map(|n| typographic_variants(n.trim()))
        {
            if name.chars().count() >= MIN_NAME_CHARS {
                let ids = owners.entry(name).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    owners
}

/// A name as written, and as smart punctuation prints it in the text
/// (`Ecuador's` → `Ecuador’s`), so that either spelling is found.
fn typographic_variants(name: &str) -> Vec<String> {
    let mut variants = vec![name.to_string()];
    if name.contains('\'') {
        variants.push(name.replace('\'', "\u{2019}"));
    }
    if name.contains('\u{2019}') {
        variants.push(name.replace('\u{2019}', "'"));
    }
    variants
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::index::{Entity, KindId};

    fn linker(names: &[&[&str]]) -> Linker {
        let entities = names
            .iter()
            .map(|names| Entity {
                kind: KindId::new(0),
                slug: String::new(),
                name: names[0].to_string(),
                profile: None,
                names: names.iter().map(|n| n.to_string()).collect(),
                stories: Vec::new(),
                documents: Vec::new(),
                relations: Vec::new(),
                inverse_relations: Vec::new(),
            })
            .collect();
        let dossier = Dossier {
            entities,
            ..Dossier::default()
        };
        Linker::new(&dossier).expect("names to find")
    }

    fn found<'t>(linker: &Linker, text: &'t str) -> Vec<(&'t str, Option<EntityId>)> {
        linker
            .find(text)
            .into_iter()
            .map(|f| (&text[f.start..f.end], f.entity))
            .collect()
    }

    #[test]
    fn a_longer_name_that_runs_into_a_word_gives_way_to_a_shorter_one() {
        let linker = linker(&[&["Ecuador"], &["Ecuador Embassy"], &["Assange"]]);
        assert_eq!(
            found(
                &linker,
                "Ecuador Embassy staff; Ecuador Embassyx; Assange's"
            ),
            [
                ("Ecuador Embassy", Some(EntityId::new(1))),
                ("Ecuador", Some(EntityId::new(0))),
                ("Assange", Some(EntityId::new(2))),
            ]
        );
        assert_eq!(found(&linker, "Assanges XAssange Ecuadorian"), []);
    }

    #[test]
    fn a_name_two_entities_share_is_found_but_names_nobody() {
        let linker = linker(&[&["Anna Smith", "Smith"], &["Bob Smith", "Smith"]]);
        assert_eq!(
            found(&linker, "Smith met Bob Smith."),
            [("Smith", None), ("Bob Smith", Some(EntityId::new(1)))]
        );
    }
}
