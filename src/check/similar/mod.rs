//! Near-duplicate entity names: likely typos or reorderings of one another.
//!
//! `dossier check` warns when two *distinct* entities of one kind have names
//! that look like one entity spelled two ways: `Julian Asange` next to
//! `Julian Assange`, or `Assange, Julian` next to `Julian Assange`.
//!
//! # Normalization
//!
//! Names are compared in a normalized form that matches [`crate::model::slug`]: the
//! name is transliterated to ASCII ([`deunicode`]), lower-cased, and every run
//! of characters that are not ASCII letters or digits becomes one space (with
//! none at either end). `Assange, Julian` becomes `assange julian`. Two names
//! have equal normalized forms exactly when they have the same slug, so such
//! pairs are already one entity and are never reported.
//!
//! # Rules
//!
//! Two names with different normalized forms are near-duplicates when either:
//!
//! * [`Likeness::Reordered`]: they have the same words in another order (equal
//!   multisets of normalized words). No length minimum applies.
//! * [`Likeness::Edits`]: their normalized forms (spaces included, so a missing
//!   or extra space is one edit) are one or two edits apart, counting
//!   insertions, deletions, substitutions and transpositions of adjacent
//!   characters ([`strsim::damerau_levenshtein`]); and
//!   * the shorter name has at least [`MIN_LEN_ONE_EDIT`] (6) letters and digits
//!     for one edit, [`MIN_LEN_TWO_EDITS`] (10) for two, so that `Paris` and
//!     `Parks` or `Iran` and `Iraq` are not flagged and `Slovakia` and
//!     `Slovenia` (8, two edits) are not either;
//!   * both names contain the same digits in the same order: numbers are
//!     identifiers, not typos (`Apollo 11` and `Apollo 13` are two missions);
//!   * for two edits, when both names have the same number of words: every
//!     word keeps its first letter, and a word shorter than
//!     [`MIN_WORD_LEN_TWO_EDITS`] (6) letters takes at most one of the edits.
//!     This keeps `North Korea` / `South Korea`, `Eastern Europe` /
//!     `Western Europe` and `Gary Johnson` / `Gabe Johnson` apart while
//!     `Juliam Assagne` / `Julian Assange` and `Moammar Gadhafi` /
//!     `Muammar Gaddafi` are flagged.
//!
//! A pair that is both reordered and within two edits is reported once, as
//! [`Likeness::Reordered`]. One edit can still join two real, different
//! people (`Anna Smith` / `Anne Smith`); this is a warning, not an error.
//! A reordering combined with a typo (`Asange, Julian`) is not detected.
//!
//! # Algorithm
//!
//! [`near_duplicates`] must handle 100,000 names of one kind, so it never
//! compares all pairs:
//!
//! * Identical normalized forms are merged first; each distinct form is
//!   examined once and the results are expanded back to input indexes.
//! * Reorderings: forms are grouped by an order-independent hash of their
//!   words, and groups are split by their exactly sorted words; every two
//!   forms in one group are [`Likeness::Reordered`].
//! * Edits: a symmetric-deletion index (as in `SymSpell`). If two strings are
//!   at most `d` edits apart (transpositions included), deleting at most `d`
//!   characters from each yields a common string. So every form is indexed
//!   under each variant of its letters and digits (spaces left out) with
//!   0..=`d` characters deleted (`d` = 2 for forms with at least 10 letters
//!   and digits, 1 for 6 to 9, none below), and forms that share a variant
//!   are candidates. Variants are hashed in O(1) each from prefix hashes,
//!   salted with the form's digits (forms with other digits are never
//!   flagged), and grouped by sorting, one variant length at a time (spread
//!   over a few threads for large inputs). A hash collision only adds a
//!   candidate.
//! * Long names: a chunk of at most [`INDEX_PREFIX`] (20) letters and digits
//!   is indexed at a time (at most 211 variants). If two strings are `d`
//!   edits apart, their first `P` characters still share a subsequence of
//!   length `P - d` (or the shorter one is whole), so no pair is missed.
//!   Forms whose chunks are identical are indexed once, as one class, and the
//!   pairs within a class are found the same way from the next chunk (a
//!   shared beginning takes no edits). A thousand names that start with the
//!   same 20 letters (`Embassy of the United States in …`) thus cost about as
//!   much as a thousand different names, and long names are compared on all
//!   their letters. Two classes with near chunks (a typo in a shared
//!   beginning) are compared member by member, through cheap filters.
//! * Candidates are verified with cheap filters (length, digits, sets and
//!   counts of characters), then a banded edit distance that stops beyond two
//!   edits (checked against [`strsim::damerau_levenshtein`] where they can
//!   differ) and the rules above: the same code as [`likeness`].
//!
//! The output is sorted by `(a, b)` and does not depend on hash-map order or
//! on the number of threads.

mod edit_index;

use edit_index::{EditIndex, FastHasher, hash_bytes};

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Why two names look like one entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Likeness {
    /// The same words in another order: `Assange, Julian` and `Julian Assange`.
    Reordered,
    /// One or two edits apart (insertions, deletions, substitutions or
    /// transpositions of adjacent characters): `Julian Asange`.
    Edits(u8),
}

/// A pair of indexes into the input slice, `a < b`, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NearDuplicate {
    /// Index of the first name.
    pub a: usize,
    /// Index of the second name, greater than `a`.
    pub b: usize,
    /// Why the two names look like one entity.
    pub likeness: Likeness,
}

/// The fewest letters and digits (spaces not counted) the shorter of two
/// names needs for one edit to be flagged.
pub const MIN_LEN_ONE_EDIT: usize = 6;

/// The fewest letters and digits (spaces not counted) the shorter of two
/// names needs for two edits to be flagged.
pub const MIN_LEN_TWO_EDITS: usize = 10;

/// The shortest word that may take both of two edits (when the two names
/// have the same number of words).
pub const MIN_WORD_LEN_TWO_EDITS: usize = 6;

/// How many letters and digits of a name the edit index takes at a time.
/// Longer names are still compared in full; this bounds the index size.
pub const INDEX_PREFIX: usize = 20;

/// Finds near-duplicate pairs among `names` (distinct entities of one kind).
/// Names are compared after normalization: transliterated to ASCII, lower-cased,
/// punctuation removed, whitespace collapsed. Pairs whose normalized forms are
/// equal are not reported (they are already one entity). Sorted by (a, b).
///
/// Names that normalize to nothing (only punctuation) are ignored. If several
/// inputs share a normalized form, each of them is paired with the names that
/// are near that form.
#[must_use]
pub fn near_duplicates(names: &[&str]) -> Vec<NearDuplicate> {
    let forms = Forms::new(names);
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut out = Vec::new();
    for (x, y, likeness) in form_pairs(&forms.texts, threads) {
        for &i in forms.members(x) {
            for &j in forms.members(y) {
                out.push(NearDuplicate {
                    a: i.min(j),
                    b: i.max(j),
                    likeness,
                });
            }
        }
    }
    out.sort_unstable();
    out
}

/// Whether two single names are near-duplicates (for checking one name against
/// a profile's aliases): the same rules as `near_duplicates`.
#[must_use]
pub fn likeness(a: &str, b: &str) -> Option<Likeness> {
    classify(&normalize(a), &normalize(b))
}

/// The rules on two normalized forms.
fn classify(a: &str, b: &str) -> Option<Likeness> {
    if a.is_empty() || b.is_empty() || a == b || a.len().abs_diff(b.len()) > 2 {
        return None;
    }
    // Reorderings keep every character; edits change at most two.
    let bag = bag_distance(a, b);
    if bag > 2 {
        return None;
    }
    if bag == 0 && a.len() == b.len() && sorted_words(a) == sorted_words(b) {
        return Some(Likeness::Reordered);
    }
    edits(a, b, &FormInfo::new(a), &FormInfo::new(b)).map(Likeness::Edits)
}

/// The normalized form of a name: ASCII, lower case, words of letters and
/// digits separated by single spaces. Equal forms mean equal slugs.
fn normalize(name: &str) -> String {
    // The slug rule itself, with words separated by spaces, so that equal
    // forms are equal slugs by construction.
    crate::model::slug::slugify(name).replace('-', " ")
}

/// The words of a normalized form, sorted, joined by spaces.
fn sorted_words(form: &str) -> String {
    let mut words: Vec<&str> = form.split(' ').collect();
    words.sort_unstable();
    words.join(" ")
}

/// The distinct non-empty normalized forms of some names, and which names
/// have each form.
struct Forms {
    texts: Vec<String>,
    /// `members[starts[id]..starts[id + 1]]`: the input indexes of form `id`.
    starts: Vec<usize>,
    members: Vec<usize>,
}

impl Forms {
    fn new(names: &[&str]) -> Self {
        let mut ids: HashMap<String, usize, BuildHasherDefault<FastHasher>> =
            HashMap::with_capacity_and_hasher(names.len(), BuildHasherDefault::default());
        let mut texts = Vec::new();
        let mut form_of = Vec::with_capacity(names.len());
        for name in names {
            let form = normalize(name);
            if form.is_empty() {
                form_of.push(usize::MAX);
                continue;
            }
            let id = *ids.entry(form).or_insert_with_key(|form| {
                texts.push(form.clone());
                texts.len() - 1
            });
            form_of.push(id);
        }
        // Counting sort of the input indexes by form.
        let mut starts = vec![0; texts.len() + 1];
        for &id in form_of.iter().filter(|&&id| id != usize::MAX) {
            starts[id + 1] += 1;
        }
        for id in 0..texts.len() {
            starts[id + 1] += starts[id];
        }
        let mut next = starts.clone();
        let mut members = vec![0; starts[texts.len()]];
        for (index, &id) in form_of.iter().enumerate() {
            if id != usize::MAX {
                members[next[id]] = index;
                next[id] += 1;
            }
        }
        Self {
            texts,
            starts,
            members,
        }
    }

    fn members(&self, id: usize) -> &[usize] {
        &self.members[self.starts[id]..self.starts[id + 1]]
    }
}

/// Near-duplicate pairs `(x, y, likeness)` of distinct normalized forms,
/// `x < y`, each pair once.
fn form_pairs(forms: &[String], threads: usize) -> Vec<(usize, usize, Likeness)> {
    let (word_set_of, mut pairs) = reorderings(forms);
    let infos: Vec<FormInfo> = forms.iter().map(|form| FormInfo::new(form)).collect();
    for (x, y) in edit_candidates(forms, &infos, threads) {
        if word_set_of[x] == word_set_of[y] {
            continue; // already reported as reordered
        }
        if let Some(edits) = edits(&forms[x], &forms[y], &infos[x], &infos[y]) {
            pairs.push((x, y, Likeness::Edits(edits)));
        }
    }
    pairs
}

/// For each form, the smallest id of a form with the same words (itself if
/// none), and the reordered pairs.
fn reorderings(forms: &[String]) -> (Vec<usize>, Vec<(usize, usize, Likeness)>) {
    let mut word_set_of: Vec<usize> = (0..forms.len()).collect();
    let mut pairs = Vec::new();
    // The sum of word hashes does not depend on the order of the words.
    let mut keyed: Vec<(u64, usize)> = forms
        .iter()
        .enumerate()
        .filter(|(_, form)| form.contains(' '))
        .map(|(id, form)| {
            let hash = form.split(' ').fold(0u64, |sum, word| {
                sum.wrapping_add(hash_bytes(word.as_bytes()))
            });
            (hash, id)
        })
        .collect();
    keyed.sort_unstable();
    for run in keyed
        .chunk_by(|x, y| x.0 == y.0)
        .filter(|run| run.len() > 1)
    {
        let mut exact: Vec<(String, usize)> = run
            .iter()
            .map(|&(_, id)| (sorted_words(&forms[id]), id))
            .collect();
        exact.sort_unstable();
        for group in exact.chunk_by(|x, y| x.0 == y.0) {
            for (i, &(_, x)) in group.iter().enumerate() {
                word_set_of[x] = group[0].1;
                for &(_, y) in &group[i + 1..] {
                    pairs.push((x, y, Likeness::Reordered));
                }
            }
        }
    }
    (word_set_of, pairs)
}

/// What the edit rules need to know about a normalized form.
struct FormInfo {
    /// Letters and digits, spaces not counted.
    alnum: usize,
}

impl FormInfo {
    fn new(form: &str) -> Self {
        Self {
            alnum: form.bytes().filter(|&b| b != b' ').count(),
        }
    }

    /// How many edits a pair involving this form may be apart at most, as far
    /// as this form's length is concerned.
    fn max_edits(&self) -> usize {
        if self.alnum >= MIN_LEN_TWO_EDITS {
            2
        } else if self.alnum >= MIN_LEN_ONE_EDIT {
            1
        } else {
            0
        }
    }
}

/// The number of edits between two different normalized forms, if the
/// [`Likeness::Edits`] rules flag them.
fn edits(a: &str, b: &str, info_a: &FormInfo, info_b: &FormInfo) -> Option<u8> {
    let max = info_a.max_edits().min(info_b.max_edits());
    if max == 0 || a.len().abs_diff(b.len()) > max {
        return None;
    }
    if !a
        .bytes()
        .filter(u8::is_ascii_digit)
        .eq(b.bytes().filter(u8::is_ascii_digit))
    {
        return None;
    }
    if bag_distance(a, b) > max {
        return None;
    }
    let distance = within_two_edits(a, b)?;
    if distance == 0 || distance > max {
        return None;
    }
    if distance == 2 && !two_edits_plausible(a, b) {
        return None;
    }
    u8::try_from(distance).ok()
}

/// The Damerau–Levenshtein distance of `a` and `b` if it is at most 2.
///
/// A banded optimal-string-alignment distance (no edits inside a transposed
/// pair) decides almost every case quickly: it never undercounts, and it
/// equals the Damerau–Levenshtein distance when it is at most 2. Only when it
/// is 3 can an unrestricted transposition make the distance 2 (`ca`, `abc`),
/// and [`strsim::damerau_levenshtein`] settles it.
fn within_two_edits(a: &str, b: &str) -> Option<usize> {
    match osa_within(a.as_bytes(), b.as_bytes(), 3) {
        distance @ 0..=2 => Some(distance),
        3 => Some(strsim::damerau_levenshtein(a, b)).filter(|&distance| distance <= 2),
        _ => None,
    }
}

/// The optimal-string-alignment distance of `a` and `b` if it is at most
/// `limit`, else `limit + 1`; only cells within `limit` of the diagonal are
/// computed.
fn osa_within(a: &[u8], b: &[u8], limit: usize) -> usize {
    let over = limit + 1;
    if a.len().abs_diff(b.len()) > limit {
        return over;
    }
    let width = b.len() + 1;
    let mut rows = vec![over; 3 * width];
    for (j, cell) in rows[width..2 * width].iter_mut().enumerate().take(over) {
        *cell = j;
    }
    // Rows i - 2, i - 1 and i are at `before`, `last` and `current`.
    let (mut before, mut last, mut current) = (0, width, 2 * width);
    for i in 1..=a.len() {
        rows[current..current + width].fill(over);
        if i <= limit {
            rows[current] = i;
        }
        let mut best = rows[current];
        for j in i.saturating_sub(limit).max(1)..=(i + limit).min(b.len()) {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            let mut cell = (rows[last + j - 1] + substitution)
                .min(rows[last + j] + 1)
                .min(rows[current + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cell = cell.min(rows[before + j - 2] + 1);
            }
            rows[current + j] = cell.min(over);
            best = best.min(cell);
        }
        if best > limit {
            return over;
        }
        (before, last, current) = (last, current, before);
    }
    rows[last + b.len()].min(over)
}

/// A lower bound of the edit distance: how many characters of one string have
/// no counterpart in the other, ignoring order.
fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 128];
    for byte in a.bytes() {
        counts[usize::from(byte & 0x7f)] += 1;
    }
    for byte in b.bytes() {
        counts[usize::from(byte & 0x7f)] -= 1;
    }
    let (mut more, mut fewer) = (0, 0);
    for count in counts {
        if count > 0 {
            more += count.unsigned_abs();
        } else {
            fewer += count.unsigned_abs();
        }
    }
    usize::try_from(more.max(fewer)).unwrap_or(usize::MAX)
}

/// For two forms two edits apart with the same number of words: whether
/// every word keeps its initial and no short word takes both edits.
fn two_edits_plausible(a: &str, b: &str) -> bool {
    if a.split(' ').count() != b.split(' ').count() {
        return true; // a space was added or removed: no word alignment
    }
    a.split(' ').zip(b.split(' ')).all(|(x, y)| {
        x == y
            || (x.as_bytes().first() == y.as_bytes().first()
                && (x.len().min(y.len()) >= MIN_WORD_LEN_TWO_EDITS
                    || strsim::damerau_levenshtein(x, y) < 2))
    })
}

/// Pairs of form ids `(x, y)`, `x < y`, sorted and distinct: a superset of
/// the pairs the edit rules flag.
fn edit_candidates(forms: &[String], infos: &[FormInfo], threads: usize) -> Vec<(usize, usize)> {
    let index = EditIndex::new(forms, infos);
    let ids: Vec<usize> = (0..forms.len())
        .filter(|&id| infos[id].max_edits() > 0)
        .collect();
    let mut candidates = Vec::new();
    index.collect(ids, threads, &mut candidates);
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(names: &[&str]) -> Vec<(usize, usize, Likeness)> {
        near_duplicates(names)
            .into_iter()
            .map(|d| (d.a, d.b, d.likeness))
            .collect()
    }

    /// A normalized form with its length and the set of characters in it.
    struct Sig {
        form: String,
        chars: u128,
    }

    impl Sig {
        fn new(name: &str) -> Self {
            let form = normalize(name);
            let chars = form.bytes().fold(0, |set, b| set | 1u128 << (b & 0x7f));
            Self { form, chars }
        }

        /// [`classify`], but quick to rule out most pairs: a reordering keeps
        /// the set of characters, and each of two edits adds or removes at
        /// most two characters from it.
        fn near(&self, other: &Sig) -> Option<Likeness> {
            if self.form.len().abs_diff(other.form.len()) > 2
                || (self.chars ^ other.chars).count_ones() > 4
            {
                return None;
            }
            classify(&self.form, &other.form)
        }
    }

    /// All pairs, compared one by one with the same rules.
    fn brute_force(names: &[&str]) -> Vec<(usize, usize, Likeness)> {
        let sigs: Vec<Sig> = names.iter().map(|name| Sig::new(name)).collect();
        let mut out = Vec::new();
        for i in 0..sigs.len() {
            for j in i + 1..sigs.len() {
                if let Some(likeness) = sigs[i].near(&sigs[j]) {
                    out.push((i, j, likeness));
                }
            }
        }
        out
    }

    /// A deterministic pseudo-random sequence (64-bit LCG, high bits).
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    #[test]
    fn normalizes_like_slugs() {
        assert_eq!(normalize("  Assange, Julian "), "assange julian");
        assert_eq!(normalize("Ricardo Patiño"), "ricardo patino");
        assert_eq!(normalize("Al-Qaeda"), "al qaeda");
        assert_eq!(normalize("?!"), "");
    }

    #[test]
    fn equal_forms_are_equal_slugs() {
        for name in [
            "Ricardo Patiño",
            "  Assange, Julian ",
            "Al-Qaeda",
            "Ødegaard",
            "北京",
            "O'Brien",
            "Kim Jong-un",
            "?!",
        ] {
            assert_eq!(
                normalize(name).replace(' ', "-"),
                crate::model::slug::slugify(name),
                "{name}"
            );
        }
    }

    #[test]
    fn flags_typos_and_reorderings() {
        assert_eq!(
            likeness("Julian Asange", "Julian Assange"),
            Some(Likeness::Edits(1))
        );
        assert_eq!(
            likeness("Rafael Corea", "Rafael Correa"),
            Some(Likeness::Edits(1))
        );
        assert_eq!(
            likeness("Assange, Julian", "Julian Assange"),
            Some(Likeness::Reordered)
        );
        // One edit apart and long enough: flagged, even if they may be two people.
        assert_eq!(
            likeness("Anna Smith", "Anne Smith"),
            Some(Likeness::Edits(1))
        );
        // A missing space is an edit.
        assert_eq!(likeness("Al Qaeda", "Alqaeda"), Some(Likeness::Edits(1)));
        // Two edits in different words of a long enough name.
        assert_eq!(
            likeness("Moammar Gadhafi", "Muammar Gaddafi"),
            Some(Likeness::Edits(2))
        );
        assert_eq!(
            pairs(&[
                "Julian Assange",
                "Ecuador",
                "Assange, Julian",
                "Julian Asange"
            ]),
            vec![(0, 2, Likeness::Reordered), (0, 3, Likeness::Edits(1))]
        );
    }

    #[test]
    fn keeps_different_names_apart() {
        for (a, b) in [
            ("Ecuador", "Ecuadorian Embassy in London"),
            ("United States", "United Kingdom"),
            ("North Korea", "South Korea"),
            ("Eastern Europe", "Western Europe"),
            ("Northern Alliance", "Southern Alliance"),
            ("Gary Johnson", "Gabe Johnson"),
            ("Sarah Brown", "Sarah Braun"),
            ("Apollo 11", "Apollo 13"),
            ("Resolution 1441", "Resolution 1414"),
            ("Julian Assange", "Julian Assange Jr."),
            ("Ecuador", "Ecuadorian"),
        ] {
            assert_eq!(likeness(a, b), None, "{a} / {b}");
            assert_eq!(pairs(&[a, b]), vec![], "{a} / {b}");
        }
        assert_eq!(likeness("Apollo 11", "Apollo11"), Some(Likeness::Edits(1)));
    }

    #[test]
    fn same_slug_is_not_reported() {
        assert_eq!(likeness("Ricardo Patino", "Ricardo Patiño"), None);
        assert_eq!(likeness("Al-Qaeda", "al qaeda"), None);
        assert_eq!(
            pairs(&["Ricardo Patino", "Ricardo Patiño", "RICARDO PATINO"]),
            vec![]
        );
        assert_eq!(
            likeness("Ricardo Patiño", "Ricardo Patiñio"),
            Some(Likeness::Edits(1))
        );
        assert_eq!(likeness("Ødegaard", "Odegard"), Some(Likeness::Edits(1)));
        // Each spelling of one entity is paired with the near name.
        assert_eq!(
            pairs(&["Ricardo Patino", "Ricardo Patiño", "Ricardo Pattino"]),
            vec![(0, 2, Likeness::Edits(1)), (1, 2, Likeness::Edits(1))]
        );
        assert_eq!(likeness("", "Julian"), None);
        assert_eq!(pairs(&["", "-", "!"]), vec![]);
    }

    #[test]
    fn transpositions_are_one_edit() {
        assert_eq!(
            likeness("Julian Asasnge", "Julian Assange"),
            Some(Likeness::Edits(1))
        );
        // A substitution plus a transposition: two edits, 13 letters.
        assert_eq!(
            likeness("Juliam Assagne", "Julian Assange"),
            Some(Likeness::Edits(2))
        );
        // Three edits are too many.
        assert_eq!(likeness("Juliam Asagne", "Julian Assange"), None);
    }

    #[test]
    fn quick_distance_agrees_with_strsim() {
        // Every string of up to 5 letters over a three-letter alphabet.
        let mut strings = vec![String::new()];
        let mut start = 0;
        for _ in 0..5 {
            let end = strings.len();
            for i in start..end {
                for c in ['a', 'b', 'c'] {
                    strings.push(format!("{}{c}", strings[i]));
                }
            }
            start = end;
        }
        for a in &strings {
            for b in &strings {
                let distance = strsim::damerau_levenshtein(a, b);
                let expected = Some(distance).filter(|&d| d <= 2);
                assert_eq!(within_two_edits(a, b), expected, "{a} / {b}");
            }
        }
        assert_eq!(within_two_edits("ca", "abc"), Some(2));
        assert_eq!(osa_within(b"ca", b"abc", 3), 3);
    }

    #[test]
    fn minimum_lengths() {
        // One edit needs 6 letters and digits in the shorter name.
        assert_eq!(likeness("Smith", "Smyth"), None);
        assert_eq!(likeness("Iran", "Iraq"), None);
        assert_eq!(likeness("Paris", "Pariss"), None);
        assert_eq!(likeness("Smithe", "Smythe"), Some(Likeness::Edits(1)));
        assert_eq!(likeness("Jo Smith", "Jo Smyth"), Some(Likeness::Edits(1)));
        // Two edits need 10 (spaces not counted).
        assert_eq!(likeness("Slovakia", "Slovenia"), None);
        assert_eq!(likeness("Joana Smyth", "Joan Smith"), None);
        assert_eq!(
            likeness("Joanna Smyth", "Joana Smith"),
            Some(Likeness::Edits(2))
        );
        // Two edits in one word need a word of 6 letters.
        assert_eq!(
            likeness("Joanna Smith", "Joanna Smoth"),
            Some(Likeness::Edits(1))
        );
        assert_eq!(likeness("Joanna Smith", "Joanna Smoyh"), None);
        assert_eq!(
            likeness("Mahmoud Ahmadinejad", "Mahmoud Ahmadinezhad"),
            Some(Likeness::Edits(2))
        );
        // Reorderings have no minimum.
        assert_eq!(likeness("Li Wei", "Wei Li"), Some(Likeness::Reordered));
        assert_eq!(
            pairs(&["Li Wei", "Wei Li"]),
            vec![(0, 1, Likeness::Reordered)]
        );
    }

    #[test]
    fn each_pair_once_reordered_first() {
        // Reordered, and also two substitutions apart.
        assert_eq!(
            likeness("Marian Mariam", "Mariam Marian"),
            Some(Likeness::Reordered)
        );
        assert_eq!(
            pairs(&["Marian Mariam", "Mariam Marian"]),
            vec![(0, 1, Likeness::Reordered)]
        );
    }

    #[test]
    fn sorted_and_deterministic() {
        let names = [
            "Rafael Correa",
            "Julian Assange",
            "Correa, Rafael",
            "Julian Asange",
            "Rafael Corea",
            "Julian Assagne",
            "Ecuador",
            "Assange Julian",
        ];
        let found = pairs(&names);
        assert_eq!(
            found,
            vec![
                (0, 2, Likeness::Reordered),
                (0, 4, Likeness::Edits(1)),
                (1, 3, Likeness::Edits(1)),
                (1, 5, Likeness::Edits(1)),
                (1, 7, Likeness::Reordered),
                (3, 5, Likeness::Edits(2)),
            ]
        );
        assert_eq!(found, brute_force(&names));
        for _ in 0..5 {
            assert_eq!(pairs(&names), found);
        }
        // Reversed input: the same pairs, mirrored.
        let reversed: Vec<&str> = names.iter().rev().copied().collect();
        let last = names.len() - 1;
        let mut mirrored: Vec<_> = pairs(&reversed)
            .into_iter()
            .map(|(a, b, l)| (last - b, last - a, l))
            .collect();
        mirrored.sort();
        assert_eq!(mirrored, found);
    }

    #[test]
    fn index_matches_brute_force_on_crowded_names() {
        // Random edits of a few seeds make near pairs of every kind common;
        // the long seeds exercise the prefix limit of the index.
        let seeds = [
            "abc de",
            "ab ab ab",
            "abcdefgh",
            "aabbccdd ee",
            "ab cd ef gh",
            "abcde fghij klm",
            "nmlkj ihgfe dcba abc",
            "a1 bcdefgh",
            "abcdefghijklmnop qrstuvwxyz abcdef",
            "abcdefghijklmnop qrstuvwxyz abcdefghij",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab",
            "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz abcdefghij",
            "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz abcdefghij aabb",
        ];
        let mut rng = Lcg(7);
        let mut names = Vec::new();
        for _ in 0..700 {
            let mut name = seeds[rng.below(seeds.len())].as_bytes().to_vec();
            for _ in 0..rng.below(4) {
                let at = rng.below(name.len());
                let c = b"aabbcde -"[rng.below(9)];
                match rng.below(4) {
                    0 => name[at] = c,
                    1 => {
                        name.remove(at);
                    }
                    2 => name.insert(at, c),
                    _ => {
                        let next = (at + 1).min(name.len() - 1);
                        name.swap(at, next);
                    }
                }
            }
            let mut name = String::from_utf8(name).unwrap();
            if rng.below(3) == 0 {
                let mut words: Vec<&str> = name.split(' ').collect();
                let at = rng.below(words.len());
                words.rotate_left(at);
                name = words.join(" ");
            }
            names.push(name);
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let expected = brute_force(&names);
        for likeness in [Likeness::Reordered, Likeness::Edits(1), Likeness::Edits(2)] {
            let count = expected.iter().filter(|p| p.2 == likeness).count();
            assert!(count > 100, "{likeness:?}: {count}");
        }
        assert_eq!(pairs(&names), expected);
    }

    #[test]
    fn finds_exactly_the_planted_typos() {
        const SYLLABLES: [&str; 24] = [
            "ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "bar", "den", "fol", "gri", "han",
            "jor", "kel", "lun", "mor", "nis", "pal", "quin", "ros", "tam", "vel", "wyn",
        ];
        let mut rng = Lcg(2013);
        let word = |rng: &mut Lcg| {
            let mut w = String::new();
            for _ in 0..2 + rng.below(2) {
                w.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
            }
            w
        };

        // Base names, keeping only those not near any name kept before
        // (compared one by one, without the index).
        let mut names: Vec<String> = Vec::new();
        let mut sigs: Vec<Sig> = Vec::new();
        while names.len() < 5000 {
            let mut name = format!("{} {}", word(&mut rng), word(&mut rng));
            if rng.below(4) == 0 {
                name = format!("{name} {}", word(&mut rng));
            }
            let sig = Sig::new(&name);
            if sigs
                .iter()
                .all(|other| other.form != sig.form && other.near(&sig).is_none())
            {
                names.push(name);
                sigs.push(sig);
            }
        }
        let base_len = names.len();

        // Ten typos (substitution, deletion, insertion, transposition) of ten
        // base names, each near its original and nothing else.
        let mut expected = Vec::new();
        let mut origin = 0;
        while expected.len() < 10 {
            origin = (origin + 1 + rng.below(900)) % base_len;
            let mut typo = names[origin].as_bytes().to_vec();
            let at = 1 + rng.below(typo.len() - 2);
            match expected.len() % 4 {
                0 => typo[at] = b"aeiouxz"[rng.below(7)],
                1 => {
                    typo.remove(at);
                }
                2 => typo.insert(at, b"aeiouxz"[rng.below(7)]),
                _ => typo.swap(at, at + 1),
            }
            let typo = String::from_utf8(typo).unwrap();
            let sig = Sig::new(&typo);
            let near: Vec<usize> = (0..sigs.len())
                .filter(|&i| sigs[i].form == sig.form || sigs[i].near(&sig).is_some())
                .collect();
            if near == [origin] && sigs[origin].near(&sig) == Some(Likeness::Edits(1)) {
                expected.push((origin, names.len(), Likeness::Edits(1)));
                names.push(typo);
                sigs.push(sig);
            }
        }
        expected.sort();

        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(pairs(&names), expected);
        assert_eq!(pairs(&names[..base_len]), vec![]);

        // Large enough to be spread over threads: the same result.
        let forms = Forms::new(&names);
        assert_eq!(form_pairs(&forms.texts, 1), form_pairs(&forms.texts, 3));
    }
}
