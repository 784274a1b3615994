//! The symmetric-deletion index: every form's deletion variants, hashed,
//! so that forms within one or two edits of each other meet in a bucket
//! instead of being compared pair by pair.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{FormInfo, INDEX_PREFIX};

/// Base of the polynomial hash of deletion variants (odd).
const HASH_BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// The letters and digits of the forms (spaces left out), for the
/// symmetric-deletion index.
pub(super) struct EditIndex<'a> {
    infos: &'a [FormInfo],
    /// Byte length of each normalized form, spaces included.
    lens: Vec<usize>,
    /// The set of letters and digits in each form, one bit each.
    char_sets: Vec<u64>,
    /// Letters and digits of all forms, concatenated; form `id` has
    /// `letters[offsets[id]..offsets[id + 1]]`.
    letters: Vec<u8>,
    offsets: Vec<usize>,
    /// The digits of all forms, concatenated, with `digit_offsets`: the rules
    /// never pair forms with different digits, so only forms with equal
    /// digits are compared. `salts` has a hash of each form's digits.
    digits: Vec<u8>,
    digit_offsets: Vec<usize>,
    salts: Vec<u64>,
    /// `HASH_BASE` to the powers `0..=INDEX_PREFIX`.
    powers: [u64; INDEX_PREFIX + 1],
}

/// Forms with identical chunks (and digits): `members[starts[c]..starts[c + 1]]`
/// are the form ids of class `c`, the first one standing for all.
struct Classes {
    starts: Vec<usize>,
    members: Vec<usize>,
}

impl Classes {
    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn members(&self, class: usize) -> &[usize] {
        &self.members[self.starts[class]..self.starts[class + 1]]
    }
}

impl<'a> EditIndex<'a> {
    pub(super) fn new(forms: &[String], infos: &'a [FormInfo]) -> Self {
        let (mut letters, mut offsets) = (Vec::new(), vec![0]);
        let (mut digits, mut digit_offsets) = (Vec::new(), vec![0]);
        for (form, info) in forms.iter().zip(infos) {
            if info.max_edits() > 0 {
                letters.extend(form.bytes().filter(|&b| b != b' '));
                digits.extend(form.bytes().filter(u8::is_ascii_digit));
            }
            offsets.push(letters.len());
            digit_offsets.push(digits.len());
        }
        let salts = (0..forms.len())
            .map(|id| hash_bytes(&digits[digit_offsets[id]..digit_offsets[id + 1]]))
            .collect();
        let mut powers = [1u64; INDEX_PREFIX + 1];
        for i in 1..=INDEX_PREFIX {
            powers[i] = powers[i - 1].wrapping_mul(HASH_BASE);
        }
        Self {
            infos,
            lens: forms.iter().map(String::len).collect(),
            char_sets: forms
                .iter()
                .map(|form| form.bytes().fold(0, |set, byte| set | char_bit(byte)))
                .collect(),
            letters,
            offsets,
            digits,
            digit_offsets,
            salts,
            powers,
        }
    }

    /// The digits of form `id`.
    fn digits(&self, id: usize) -> &[u8] {
        &self.digits[self.digit_offsets[id]..self.digit_offsets[id + 1]]
    }

    /// Up to `INDEX_PREFIX` letters and digits of form `id` from `offset`.
    fn chunk(&self, id: usize, offset: usize) -> &[u8] {
        let letters = &self.letters[self.offsets[id]..self.offsets[id + 1]];
        let from = offset.min(letters.len());
        &letters[from..(offset + INDEX_PREFIX).min(letters.len())]
    }

    /// Cheap necessary conditions for the edit rules to flag `x` and `y`.
    /// An edit adds or removes at most two characters from the set of
    /// letters and digits of a form.
    fn may_pair(&self, x: usize, y: usize) -> bool {
        let max = self.infos[x].max_edits().min(self.infos[y].max_edits());
        self.lens[x].abs_diff(self.lens[y]) <= max
            && self.infos[x].alnum.abs_diff(self.infos[y].alnum) <= max
            && (self.char_sets[x] ^ self.char_sets[y]).count_ones() as usize <= 2 * max
            && self.digits(x) == self.digits(y)
    }

    /// Adds the candidate pairs among `ids`: those that share a deletion
    /// variant of their first chunk.
    ///
    /// Forms whose chunks are identical form one class, indexed once; pairs
    /// within a class are found the same way from the following chunk. So a
    /// thousand names that share a long beginning cost little more than a
    /// thousand different names, and names longer than a chunk are compared
    /// on all their letters.
    pub(super) fn collect(&self, ids: Vec<usize>, threads: usize, out: &mut Vec<(usize, usize)>) {
        // Forms whose letters agree before `offset`.
        let mut pending = vec![(ids, 0)];
        while let Some((ids, offset)) = pending.pop() {
            let classes = self.classes(&ids, offset);
            let threads = if offset == 0 { threads } else { 1 };
            for (x, y) in self.class_pairs(&classes, offset, threads) {
                for &i in classes.members(x) {
                    for &j in classes.members(y) {
                        if self.may_pair(i, j) {
                            out.push((i.min(j), i.max(j)));
                        }
                    }
                }
            }
            for class in 0..classes.len() {
                let members = classes.members(class);
                if members.len() < 2 {
                    continue;
                }
                if self.chunk(members[0], offset).len() == INDEX_PREFIX {
                    pending.push((members.to_vec(), offset + INDEX_PREFIX));
                } else {
                    // Identical letters and digits, spaces elsewhere.
                    for (k, &i) in members.iter().enumerate() {
                        for &j in &members[k + 1..] {
                            if self.may_pair(i, j) {
                                out.push((i.min(j), i.max(j)));
                            }
                        }
                    }
                }
            }
        }
    }

    /// Groups `ids` by their chunk at `offset` and their digits.
    fn classes(&self, ids: &[usize], offset: usize) -> Classes {
        let mut class_ids: HashMap<(&[u8], &[u8]), usize, BuildHasherDefault<FastHasher>> =
            HashMap::with_capacity_and_hasher(ids.len(), BuildHasherDefault::default());
        let class_of: Vec<usize> = ids
            .iter()
            .map(|&id| {
                let next = class_ids.len();
                *class_ids
                    .entry((self.digits(id), self.chunk(id, offset)))
                    .or_insert(next)
            })
            .collect();
        let mut starts = vec![0; class_ids.len() + 1];
        for &class in &class_of {
            starts[class + 1] += 1;
        }
        for class in 0..class_ids.len() {
            starts[class + 1] += starts[class];
        }
        let mut next = starts.clone();
        let mut members = vec![0; ids.len()];
        for (&id, &class) in ids.iter().zip(&class_of) {
            members[next[class]] = id;
            next[class] += 1;
        }
        Classes { starts, members }
    }

    /// Pairs of classes `(x, y)`, `x < y`, sorted and distinct, whose chunks
    /// at `offset` share a variant with no more deletions than their forms
    /// allow, and whose forms have the same digits.
    fn class_pairs(&self, classes: &Classes, offset: usize, threads: usize) -> Vec<(usize, usize)> {
        let first = |class: usize| classes.members(class)[0];
        let mut by_length = vec![Vec::new(); INDEX_PREFIX + 1];
        for class in 0..classes.len() {
            by_length[self.chunk(first(class), offset).len()].push(class);
        }
        // The classes that index variants of length `len` made by deleting
        // `deleted` characters.
        let indexed = |len: usize, deleted: usize| {
            by_length
                .get(len + deleted)
                .into_iter()
                .flatten()
                .copied()
                .filter(move |&class| self.infos[first(class)].max_edits() >= deleted)
        };
        // An index entry is one u64: a hash of the variant and the digits in
        // the high bits, the class in the low bits (`mask`). Fewer hash bits
        // only mean more candidates.
        let class_bits = (usize::BITS - classes.len().leading_zeros()).clamp(1, 63);
        let mask = u64::MAX >> (64 - class_bits);
        let round = |len: usize,
                     (entries, scratch): &mut (Vec<u64>, Vec<u64>),
                     pairs: &mut Vec<(usize, usize)>| {
            entries.clear();
            for deleted in 0..=2 {
                for class in indexed(len, deleted) {
                    let form = first(class);
                    let (salt, tag) = (self.salts[form], class as u64);
                    variants(self.chunk(form, offset), deleted, &self.powers, |hash| {
                        entries.push((mix(hash ^ salt) & !mask) | tag);
                    });
                }
            }
            sort(entries, scratch);
            entries.dedup();
            for run in entries.chunk_by(|x, y| (x ^ y) & !mask == 0) {
                for (i, &x) in run.iter().enumerate() {
                    for &y in &run[i + 1..] {
                        // Sorted entries: x's class < y's class.
                        pairs.push(((x & mask) as usize, (y & mask) as usize));
                    }
                }
            }
        };

        // One variant length at a time keeps the sorts small; the largest
        // rounds go first so that threads finish together.
        let mut rounds: Vec<(usize, usize)> = (0..=INDEX_PREFIX)
            .map(|len| {
                let size = indexed(len, 0).count()
                    + indexed(len, 1).count() * (len + 1)
                    + indexed(len, 2).count() * (len + 2) * (len + 1) / 2;
                (size, len)
            })
            .filter(|&(size, _)| size > 1)
            .collect();
        rounds.sort_unstable_by(|x, y| y.cmp(x));
        let total: usize = rounds.iter().map(|&(size, _)| size).sum();
        let threads = if total < 1 << 18 {
            1
        } else {
            threads.clamp(1, 8)
        };
        let next = AtomicUsize::new(0);
        let work = || {
            let mut buffers = (Vec::new(), Vec::new());
            let mut pairs = Vec::new();
            while let Some(&(_, len)) = rounds.get(next.fetch_add(1, Ordering::Relaxed)) {
                round(len, &mut buffers, &mut pairs);
            }
            pairs
        };
        let mut pairs = if threads == 1 {
            work()
        } else {
            std::thread::scope(|scope| {
                let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
                let mut pairs = work();
                for worker in workers {
                    match worker.join() {
                        Ok(more) => pairs.extend(more),
                        Err(panic) => std::panic::resume_unwind(panic),
                    }
                }
                pairs
            })
        };
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }
}

/// Calls `emit` with the hash of every string made by deleting exactly
/// `deleted` (0, 1 or 2) characters from `text` (possibly repeating one).
fn variants(text: &[u8], deleted: usize, powers: &[u64], mut emit: impl FnMut(u64)) {
    let n = text.len();
    // prefix[i]: hash of text[..i]; hash(xy) = hash(x) * BASE^len(y) + hash(y).
    let mut prefix = [0u64; INDEX_PREFIX + 1];
    for (i, &byte) in text.iter().enumerate() {
        prefix[i + 1] = prefix[i]
            .wrapping_mul(HASH_BASE)
            .wrapping_add(u64::from(byte));
    }
    let slice = |from: usize, to: usize| {
        prefix[to].wrapping_sub(prefix[from].wrapping_mul(powers[to - from]))
    };
    let join = |left: u64, right: u64, right_len: usize| {
        left.wrapping_mul(powers[right_len]).wrapping_add(right)
    };
    match deleted {
        0 => emit(prefix[n]),
        1 => {
            for (i, &before) in prefix[..n].iter().enumerate() {
                emit(join(before, slice(i + 1, n), n - i - 1));
            }
        }
        _ => {
            for (i, &before) in prefix[..n].iter().enumerate() {
                for j in i + 1..n {
                    let left = join(before, slice(i + 1, j), j - i - 1);
                    emit(join(left, slice(j + 1, n), n - j - 1));
                }
            }
        }
    }
}

/// Sorts `entries` (well-mixed high bits): one radix pass on the top bits,
/// then small sorts that stay in cache.
fn sort(entries: &mut Vec<u64>, scratch: &mut Vec<u64>) {
    let n = entries.len();
    if n < 1 << 14 {
        entries.sort_unstable();
        return;
    }
    let bits = (n >> 7).ilog2().min(16);
    let shift = 64 - bits;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &entry in entries.iter() {
        starts[(entry >> shift) as usize + 1] += 1;
    }
    for bucket in 0..1 << bits {
        starts[bucket + 1] += starts[bucket];
    }
    scratch.clear();
    scratch.resize(n, 0);
    let mut next = starts.clone();
    for &entry in entries.iter() {
        let bucket = (entry >> shift) as usize;
        scratch[next[bucket]] = entry;
        next[bucket] += 1;
    }
    for bucket in 0..1 << bits {
        scratch[starts[bucket]..starts[bucket + 1]].sort_unstable();
    }
    std::mem::swap(entries, scratch);
}

/// One bit for each ASCII letter and digit, none for a space.
fn char_bit(byte: u8) -> u64 {
    match byte {
        b'a'..=b'z' => 1 << (byte - b'a'),
        b'0'..=b'9' => 1 << (26 + byte - b'0'),
        _ => 0,
    }
}

/// A bijective finalizer (from SplitMix64) that spreads every input bit.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A well-mixed 64-bit hash of some bytes (FNV-1a, then `mix`).
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    mix(bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    }))
}

/// A fast hasher for the form map (names come from the project, so
/// flooding is not a concern).
#[derive(Default)]
pub(super) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = mix(self.0 ^ hash_bytes(bytes));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
