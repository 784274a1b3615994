//! The search index, `search-index.json`: what the theme's `search.js` loads,
//! in one request, to find stories, entities and pages as the reader types;
//! and the words of story texts, in `search/words-<n>.json`, of which the
//! script loads the one a word typed is in, the first time it is needed.
//!
//! The index is built for size: short keys, rows of values instead of
//! objects, entities and tags referred to by position, no bodies, and no
//! URLs: the script rebuilds them from slugs and the base path the search
//! page gives it. Version 2:
//!
//! ```text
//! {"v": 2,
//!  "k": [["people", "Person"], ...],   kinds: URL folder, singular label
//!  "t": ["asylum", ...],               tag names, most used first
//!  "e": [[kind, "Name", stories, slug, ["alias", ...], "Role, Other"], ...]
//!                                      entities, most covered first
//!  "s": [["Title", 20130617, slug, [entity, ...], [tag, ...], [mentioned, ...], "Summary"], ...]
//!                                      stories, newest first
//!  "w": [["word", gap, gap, ...], ...]
//!                                      summary words, sorted, with their stories
//!  "b": 50                             how many files of text words there are
//!  "x": ["the", ...]                   text words in no file: most stories have them
//!  "p": [["Title", slug, "description"], ...]
//!                                      standalone pages, by path
//!  "d": [["Title", 20120530, slug, "Judgment", [entity, ...]], ...]
//!                                      documents, newest first
//! }
//! ```
//!
//! A file of text words is `{"v": 2, "w": [["word", gap, gap, ...], ...]}`
//! for the words whose [`shard_of`] is its number.
//!
//! - `kind`, `entity` and `tag` are positions in `k`, `e` and `t`; `stories`
//!   is the number of the index's stories that list or mention the entity
//!   (what a search for it finds); a date is `YYYYMMDD` as a number.
//! - A slug is `0` when it is the [`ascii_slug`] of the title or name, a
//!   number `n` when it is that slug's first `n` characters (file names often
//!   cut long titles short), and else the slug itself.
//! - `aliases` are the other spellings of an entity that add words to its
//!   name; a story's entities are those it is about (its front matter), its
//!   mentioned ones those only its text names. Its summary is cut to 200
//!   characters. An entity's role is its first current relation (`Prime
//!   Minister, Australia`), empty when it has none.
//! - A word's stories are positions in `s`, as gaps: the first is the
//!   position itself, each next one the distance from the previous. Words are
//!   lower-cased and at least two characters long. A story is listed under a
//!   summary word only when its title, entities and tags do not have it, and
//!   under a text word only when its summary does not have it either: the
//!   script finds those there, ranked higher. A text word in most stories
//!   (of a site of 20 or more) is listed in `x` instead: it would find nearly
//!   everything, and make the files large.
//! - A document's date has `00` for a month or a day it does not give
//!   (`20120500`, `20120000`); its entities are those it lists and its
//!   issuer; its type is as the site's pages name it.
//! - A row leaves out its trailing empty fields (`0`, `[]` or `""`). A
//!   page's URL is its slug below the base path.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use serde::Serialize;
use serde_json::Value;

use super::items::StoryItems;
use crate::model::config::Config;
use crate::model::date::PubDate;
use crate::model::digest::{FastMap, digest64, hasher};
use crate::model::ids;
use crate::model::slug::ascii_slug;
use crate::pipeline::index::{DocumentId, Dossier, EntityId, StoryId, TagId};
use crate::pipeline::render::i18n::Language;

/// Summary words shorter than this (in characters) are left out.
const MIN_WORD_CHARS: usize = 2;

/// The search index and its files of text words, made together: they
/// share each story's words.
pub(super) struct SearchFiles {
    /// `search-index.json`.
    pub index: String,
    /// `search/words-<n>.json`, by `n`.
    pub shards: Vec<String>,
}

/// The JSON text of the search index and its shards. The same dossier
/// gives the same bytes. `summaries` and `texts` hold each story's summary
/// and body text, in `dossier.stories` order; each story's part of the
/// index is kept with its item in `items`, for the next build.
pub(super) fn search_files(
    config: &Config,
    language: &Language,
    dossier: &Dossier,
    (summaries, texts): (&[&str], &[&str]),
    items: &StoryItems,
) -> SearchFiles {
    let entities = Positions::by_count(dossier.entities.iter().map(|e| e.stories.len()));
    let tags = Positions::by_count(dossier.tags.iter().map(|t| t.stories.len()));
    // A language's search finds the stories written in it; those shown in
    // its lists in another language are in that language's index.
    let stories: Vec<StoryId> = dossier
        .newest_first()
        .filter(|&s| dossier.stories[s].language.is_none())
        .collect();
    // The big parts are independent; each is built in parallel too, row
    // by row, as JSON text: a tree of values for the whole index costs
    // more to build, serialize on one thread and free than the rows' text.
    let parts = story_parts(
        dossier,
        &stories,
        (summaries, texts),
        (&entities, &tags),
        items,
    );
    let shard_count = crate::pipeline::plan::search_shard_count(dossier.stories.len());
    // The summary words' stories make their rows, and tell which text
    // words most stories have.
    let summary_postings = postings(&parts, |p| &p.words);
    let ((e, w), (shards, stop)) = rayon::join(
        || {
            rayon::join(
                || {
                    let counts = story_counts(dossier, &stories);
                    entities
                        .order
                        .par_iter()
                        .map(|&e| to_json(&entity_row(dossier, e, counts[e])))
                        .collect::<Vec<_>>()
                },
                || word_rows(&summary_postings),
            )
        },
        || text_shards(&parts, &summary_postings, shard_count),
    );
    let s: Vec<&str> = parts.iter().map(|p| &*p.row).collect();
    let kinds: Vec<[&str; 2]> = config
        .kinds
        .iter()
        .map(|k| [k.key.as_str(), k.singular.as_str()])
        .collect();
    let tag_names: Vec<&str> = tags
        .order
        .iter()
        .map(|&t| dossier.tags[t].name.as_str())
        .collect();
    let index = [
        r#"{"v":2,"k":"#,
        &to_json(&kinds),
        r#","t":"#,
        &to_json(&tag_names),
        r#","e":"#,
        &json_array(&e),
        r#","s":"#,
        &json_array(&s),
        r#","w":"#,
        &json_array(&w),
        r#","b":"#,
        itoa::Buffer::new().format(shard_count),
        r#","x":"#,
        &to_json(&stop),
        r#","p":"#,
        &to_json(&page_rows(dossier)),
        r#","d":"#,
        &to_json(&document_rows(dossier, &entities, language)),
        "}",
    ]
    .concat();
    SearchFiles { index, shards }
}

/// How many of the index's stories name each entity (by id), in their
/// front matter or their text: what its row says, and what a search for
/// it finds.
fn story_counts(dossier: &Dossier, stories: &[StoryId]) -> Vec<usize> {
    let mut counts = vec![0; dossier.entities.len()];
    for &s in stories {
        for &e in dossier.story_entities[s]
            .iter()
            .chain(&dossier.story_mentions[s])
        {
            counts[e.index()] += 1;
        }
    }
    counts
}

/// A row per standalone page: its title, slug and description.
fn page_rows(dossier: &Dossier) -> Vec<Value> {
    dossier
        .pages
        .iter()
        .map(|p| {
            let description = p.description.as_deref().unwrap_or_default();
            trimmed(
                vec![
                    Value::from(p.title.as_str()),
                    slug_ref(&p.slug, &p.title),
                    Value::from(description),
                ],
                1,
            )
        })
        .collect()
}

/// A row per document, newest first: its title, date, slug, type and entities.
fn document_rows(dossier: &Dossier, entities: &Positions, language: &Language) -> Vec<Value> {
    ids::enumerate::<DocumentId, _>(&dossier.documents)
        .rev()
        .map(|(id, d)| {
            let (year, month, day) = d.date.parts();
            let date = i64::from(year) * 10_000 + i64::from(month) * 100 + i64::from(day);
            let listed = dossier.document_entities[id].iter();
            let mut named: Vec<usize> = Vec::new();
            for &e in listed.chain(&dossier.document_issuers[id]) {
                if !named.contains(&entities.of[e]) {
                    named.push(entities.of[e]);
                }
            }
            trimmed(
                vec![
                    Value::from(d.title.as_str()),
                    Value::from(date),
                    slug_ref(&d.slug, &d.title),
                    Value::from(language.singular(&super::documents::type_key(d.kind))),
                    Value::from(named),
                ],
                4,
            )
        })
        .collect()
}

fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string(value).expect("the index serializes")
}

/// `[row,row,...]` from rows already in JSON.
fn json_array<S: std::borrow::Borrow<str>>(rows: &[S]) -> String {
    ["[", &rows.join(","), "]"].concat()
}

/// A new numbering of entities or tags, most used first, so that the ids
/// repeated in story rows are mostly short.
struct Positions {
    /// Ids in their new order.
    order: Vec<usize>,
    /// Each id's position in `order`.
    of: Vec<usize>,
}

impl Positions {
    fn by_count(counts: impl Iterator<Item = usize>) -> Self {
        let counts: Vec<usize> = counts.collect();
        let mut order: Vec<usize> = (0..counts.len()).collect();
        // Stable: equal counts keep the dossier's order.
        order.sort_by_key(|&id| Reverse(counts[id]));
        let mut of = vec![0; order.len()];
        for (position, &id) in order.iter().enumerate() {
            of[id] = position;
        }
        Positions { order, of }
    }
}

fn entity_row(dossier: &Dossier, id: usize, stories: usize) -> Value {
    let entity = &dossier.entities[id];
    let name_words: HashSet<Cow<str>> = words(&entity.name).collect();
    let aliases: Vec<&str> = entity
        .names
        .iter()
        .filter(|alias| words(alias).any(|w| !name_words.contains(&w)))
        .map(String::as_str)
        .collect();
    let row = vec![
        Value::from(entity.kind.index()),
        Value::from(entity.name.as_str()),
        Value::from(stories),
        slug_ref(&entity.slug, &entity.name),
        Value::from(aliases),
        Value::from(current_role(dossier, entity)),
    ];
    trimmed(row, 3)
}

/// `Prime Minister, Australia`: the entity's first current relation, or
/// nothing.
fn current_role(dossier: &Dossier, entity: &crate::pipeline::index::Entity) -> String {
    entity
        .relations
        .iter()
        .map(|&r| &dossier.relations[r])
        .find(|r| r.relation.is_current())
        .map(|r| format!("{}, {}", r.relation.role, dossier.entities[r.other].name))
        .unwrap_or_default()
}

fn story_row(
    dossier: &Dossier,
    id: StoryId,
    summary: &str,
    (entities, tags): (&Positions, &Positions),
) -> Value {
    let story = &dossier.stories[id];
    let positions =
        |ids: &[EntityId]| -> Vec<usize> { ids.iter().map(|&e| entities.of[e]).collect() };
    let tag_ids: Vec<usize> = dossier.story_tags[id].iter().map(|&t| tags.of[t]).collect();
    let row = vec![
        Value::from(story.title.as_str()),
        Value::from(date_number(&story.date)),
        slug_ref(&story.slug, &story.title),
        Value::from(positions(&dossier.story_entities[id])),
        Value::from(tag_ids),
        Value::from(positions(&dossier.story_mentions[id])),
        Value::from(shortened(summary)),
    ];
    trimmed(row, 2)
}

/// Results show this much of a summary, in characters.
const SUMMARY_CHARS: usize = 200;

/// `summary`, cut at the last word that fits in [`SUMMARY_CHARS`].
fn shortened(summary: &str) -> Cow<'_, str> {
    match summary.char_indices().nth(SUMMARY_CHARS) {
        None => Cow::Borrowed(summary),
        Some((end, _)) => {
            let cut = summary[..end].rfind(' ').unwrap_or(end);
            Cow::Owned(format!(
                "{}…",
                summary[..cut].trim_end_matches([',', ';', ':'])
            ))
        }
    }
}

/// A story's part of the index: its row, as JSON, the words of its
/// summary that its title, entities and tags do not have, and the words of
/// its text that none of those has.
pub(super) struct StoryParts {
    /// A digest of what they show besides the story's item: the positions
    /// of its entities, mentioned entities and tags, and their names.
    inputs: u64,
    row: Arc<str>,
    words: Arc<[Box<str>]>,
    text_words: Arc<[Box<str>]>,
}

/// Each of `stories`' parts, in that order: kept with its item from the
/// last build when nothing they show changed, else made again.
fn story_parts(
    dossier: &Dossier,
    stories: &[StoryId],
    (summaries, texts): (&[&str], &[&str]),
    (entities, tags): (&Positions, &Positions),
    items: &StoryItems,
) -> Vec<Arc<StoryParts>> {
    let entity_names: Vec<u64> = dossier
        .entities
        .par_iter()
        .map(|e| digest64(&e.names))
        .collect();
    let tag_names: Vec<u64> = dossier.tags.iter().map(|t| digest64(&t.name)).collect();
    let named = OnceLock::new();
    stories
        .par_iter()
        .map(|&id| {
            let (story_entities, story_tags) =
                (&dossier.story_entities[id], &dossier.story_tags[id]);
            let mut h = hasher();
            for &e in story_entities {
                (entities.of[e], entity_names[e]).hash(&mut h);
            }
            for &t in story_tags {
                (tags.of[t], tag_names[t]).hash(&mut h);
            }
            // The names its text mentions, which a new entity elsewhere
            // can add to.
            for &e in &dossier.story_mentions[id] {
                entities.of[e].hash(&mut h);
            }
            let inputs = h.finish();
            let mut kept = items
                .get(id)
                .search
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            match &*kept {
                Some(parts) if parts.inputs == inputs => Arc::clone(parts),
                _ => {
                    let named = named.get_or_init(|| NamedWords::new(dossier));
                    let words = named.summary_words(dossier, id, summaries[id]);
                    let text_words = named.text_words(dossier, id, texts[id], &words);
                    let row = story_row(dossier, id, summaries[id], (entities, tags));
                    let parts = Arc::new(StoryParts {
                        inputs,
                        row: to_json(&row).into(),
                        words: words.into_iter().map(|w| w.into()).collect(),
                        text_words: text_words.into(),
                    });
                    *kept = Some(Arc::clone(&parts));
                    parts
                }
            }
        })
        .collect()
}

/// `[word, gap, gap...]` rows, as JSON: the stories whose summary has each
/// word and whose title, entities and tags do not. `stories` holds the
/// parts of the index's stories, in its order.
fn word_rows(postings: &FastMap<&str, Vec<usize>>) -> Vec<String> {
    let mut postings: Vec<(&str, &[usize])> =
        postings.iter().map(|(&w, p)| (w, p.as_slice())).collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    postings.into_par_iter().map(word_row).collect()
}

/// The positions of the stories with each word.
fn postings<'p>(
    stories: &'p [Arc<StoryParts>],
    words: impl Fn(&'p StoryParts) -> &'p [Box<str>],
) -> FastMap<&'p str, Vec<usize>> {
    let mut postings: FastMap<&str, Vec<usize>> = FastMap::default();
    for (position, story) in stories.iter().enumerate() {
        for word in words(story).iter() {
            let stories = postings.entry(word).or_default();
            // A word twice in one text lists its story once.
            if stories.last() != Some(&position) {
                stories.push(position);
            }
        }
    }
    postings
}

/// The files of text words, each `{"w":[[word, gap, gap...], ...]}` for
/// the words whose [`shard_of`] it is, and the words left out of them
/// all: those in the text of most stories, which would make the files
/// large and find nearly everything.
fn text_shards(
    stories: &[Arc<StoryParts>],
    summaries: &FastMap<&str, Vec<usize>>,
    count: usize,
) -> (Vec<String>, Vec<String>) {
    let postings = postings(stories, |p| &p.text_words);
    let common = |word: &str, texts: usize| {
        let in_summaries = summaries.get(word).map_or(0, Vec::len);
        stories.len() >= MIN_STORIES_FOR_STOP_WORDS && 2 * (texts + in_summaries) > stories.len()
    };
    let mut stop: Vec<String> = Vec::new();
    let mut shards: Vec<Vec<(&str, Vec<usize>)>> = vec![Vec::new(); count];
    for (word, positions) in postings {
        if common(word, positions.len()) {
            stop.push(word.to_string());
        } else {
            shards[shard_of(word, count)].push((word, positions));
        }
    }
    stop.sort_unstable();
    let files = shards
        .into_par_iter()
        .map(|mut rows| {
            rows.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let rows: Vec<String> = rows.iter().map(|(w, p)| word_row((w, p))).collect();
            [r#"{"v":2,"w":"#, &json_array(&rows), "}"].concat()
        })
        .collect();
    (files, stop)
}

/// Below this many stories no word is too common to be searched for.
const MIN_STORIES_FOR_STOP_WORDS: usize = 20;

/// The file of text words `word` is in, of `count`: worked out from its
/// first two letters, folded as the script folds what a reader types
/// (lower case, accents off), so that the script, knowing those of a
/// word typed, knows the one file to load.
pub fn shard_of(word: &str, count: usize) -> usize {
    let folded = fold(word);
    let mut folded = folded.chars().map(u32::from);
    let first = folded.next().unwrap_or(0);
    let second = folded.next().unwrap_or(0);
    ((first.wrapping_mul(31).wrapping_add(second)) % count as u32) as usize
}

/// `[word, gap, gap...]` as JSON: each gap the distance from the story
/// before.
fn word_row((word, positions): (&str, &[usize])) -> String {
    let mut row = String::with_capacity(word.len() + 4 * positions.len() + 4);
    row.push('[');
    row.push_str(&to_json(&word));
    let mut number = itoa::Buffer::new();
    let mut previous = 0;
    for &position in positions {
        row.push(',');
        row.push_str(number.format(position - previous));
        previous = position;
    }
    row.push(']');
    row
}

/// Letters that canonical decomposition does not split into a base
/// letter and an accent, as the script spells them.
const LETTERS: [(char, &str); 9] = [
    ('ß', "ss"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('ø', "o"),
    ('ł', "l"),
    ('đ', "d"),
    ('ð', "d"),
    ('þ', "th"),
    ('ı', "i"),
];

/// A word as the script folds it: decomposed (NFD), without its marks,
/// in lower case, with [`LETTERS`] spelled out: `Patiño` → `patino`.
fn fold(word: &str) -> String {
    use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};
    let decomposed = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(word);
    let categories = icu_properties::CodePointMapData::<GeneralCategory>::new();
    let mut folded = String::with_capacity(word.len());
    let unmarked = decomposed
        .chars()
        .filter(|&c| !GeneralCategoryGroup::Mark.contains(categories.get(c)));
    for c in unmarked.flat_map(char::to_lowercase) {
        match LETTERS.iter().find(|(letter, _)| *letter == c) {
            Some((_, spelled)) => folded.push_str(spelled),
            None => folded.push(c),
        }
    }
    folded
}

/// The words of entity names and tags, to tell which words of a summary the
/// script finds elsewhere in its story.
struct NamedWords<'a> {
    /// One map for both: most words of a summary are in no name, and are
    /// then told in one look-up.
    owners: FastMap<Cow<'a, str>, Owners>,
}

/// The entities and tags (by position) with a word in one of their names.
#[derive(Default)]
struct Owners {
    entities: Vec<EntityId>,
    tags: Vec<TagId>,
}

impl<'a> NamedWords<'a> {
    fn new(dossier: &'a Dossier) -> Self {
        let mut owners: FastMap<Cow<str>, Owners> = FastMap::default();
        for (id, entity) in ids::enumerate(&dossier.entities) {
            for word in word_set(entity.names.iter()) {
                owners.entry(word).or_default().entities.push(id);
            }
        }
        for (id, tag) in ids::enumerate(&dossier.tags) {
            for word in word_set(std::iter::once(&tag.name)) {
                owners.entry(word).or_default().tags.push(id);
            }
        }
        NamedWords { owners }
    }

    /// The words of a story's `summary` that its title, entity names and
    /// tags do not have, in the summary's order (a word may come twice).
    fn summary_words<'s>(
        &self,
        dossier: &Dossier,
        id: StoryId,
        summary: &'s str,
    ) -> Vec<Cow<'s, str>> {
        let known = self.known_to(dossier, id);
        words(summary)
            .filter(|w| w.chars().count() >= MIN_WORD_CHARS && !known(w))
            .collect()
    }

    /// The words of a story's body `text` that its title, summary words,
    /// entity names and tags do not have, each once, in no order: each is
    /// told once, as a text has each word several times.
    fn text_words(
        &self,
        dossier: &Dossier,
        id: StoryId,
        text: &str,
        summary: &[Cow<str>],
    ) -> Vec<Box<str>> {
        let mut distinct: crate::model::digest::FastSet<Cow<str>> = Default::default();
        distinct.extend(words(text).filter(|w| w.chars().count() >= MIN_WORD_CHARS));
        let known = self.known_to(dossier, id);
        distinct
            .into_iter()
            .filter(|word| !summary.contains(word) && !known(word))
            .map(|word| Box::from(word.as_ref()))
            .collect()
    }

    /// Whether the script finds a word in story `id` without its summary
    /// or text: in its title, or a name of an entity or tag it lists.
    fn known_to<'s>(&'s self, dossier: &'s Dossier, id: StoryId) -> impl Fn(&str) -> bool + 's {
        let title: Vec<Cow<str>> = words(&dossier.stories[id].title).collect();
        let (entities, tags) = (&dossier.story_entities[id], &dossier.story_tags[id]);
        move |word: &str| {
            title.iter().any(|w| w == word)
                || self.owners.get(word).is_some_and(|owners| {
                    owners.entities.iter().any(|e| entities.contains(e))
                        || owners.tags.iter().any(|t| tags.contains(t))
                })
        }
    }
}

/// The words of `texts`, sorted, each once.
fn word_set<'a>(texts: impl Iterator<Item = &'a String>) -> Vec<Cow<'a, str>> {
    let mut set: Vec<Cow<str>> = texts.flat_map(|text| words(text)).collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// Lower-cased runs of letters and digits (borrowed when already lower
/// case, as most words of a summary are). The script also folds accents,
/// which needs Unicode tables Rust's standard library lacks: it folds the
/// index's words when it loads them.
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    // Most text is ASCII, where bytes can be tested one by one; the
    // results are the same.
    let ascii = text.is_ascii();
    let separates = move |c: char| {
        if ascii {
            !c.is_ascii_alphanumeric()
        } else {
            !c.is_alphanumeric()
        }
    };
    text.split(separates)
        .filter(|w| !w.is_empty())
        .map(move |w| {
            if ascii {
                ascii_lower_case(w)
            } else {
                lower_case(w)
            }
        })
}

fn ascii_lower_case(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

fn lower_case(word: &str) -> Cow<'_, str> {
    // Most words of a text that is not all ASCII still are.
    if word.is_ascii() {
        return ascii_lower_case(word);
    }
    let unchanged = |c: char| {
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    };
    if word.chars().all(unchanged) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// How the script finds `slug` from `text` (see the module's documentation).
fn slug_ref(slug: &str, text: &str) -> Value {
    let derived = ascii_slug(text);
    if derived == slug {
        Value::from(0)
    } else if derived.starts_with(slug) {
        Value::from(slug.len())
    } else {
        Value::from(slug)
    }
}

/// `2013-06-17` → `20130617`.
fn date_number(date: &PubDate) -> i64 {
    i64::from(date.year()) * 10_000 + i64::from(date.month()) * 100 + i64::from(date.day())
}

/// The row without its trailing empty fields, keeping at least `keep`.
fn trimmed(mut row: Vec<Value>, keep: usize) -> Value {
    while row.len() > keep && row.last().is_some_and(is_empty) {
        row.pop();
    }
    Value::from(row)
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.as_u64() == Some(0),
        Value::Array(a) => a.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_the_script_can_rebuild_are_left_out() {
        assert_eq!(slug_ref("talks-stall", "Talks stall"), Value::from(0));
        assert_eq!(slug_ref("talks", "Talks stall"), Value::from(5));
        // The script does not transliterate: `ñ` separates words for it.
        assert_eq!(
            slug_ref("ricardo-patino", "Ricardo Patiño"),
            Value::from("ricardo-patino")
        );
        assert_eq!(slug_ref("custom", "Talks stall"), Value::from("custom"));
    }

    #[test]
    fn rows_drop_trailing_empty_fields_only() {
        let row = vec![
            Value::from("t"),
            Value::from(20130617),
            Value::from(0),
            Value::from(vec![3]),
            Value::from(Vec::<usize>::new()),
        ];
        assert_eq!(trimmed(row, 2).to_string(), r#"["t",20130617,0,[3]]"#);
        let bare = vec![Value::from("t"), Value::from(0), Value::from(0)];
        assert_eq!(trimmed(bare, 2).to_string(), r#"["t",0]"#);
    }

    #[test]
    fn words_are_lower_cased_runs_of_letters_and_digits() {
        let found: Vec<Cow<str>> = words("Ecuador's embassy, 2012: PATIÑO").collect();
        assert_eq!(found, ["ecuador", "s", "embassy", "2012", "patiño"]);
        let ascii: Vec<Cow<str>> = words("Ecuador's embassy, 2012: PATINO").collect();
        assert_eq!(ascii, ["ecuador", "s", "embassy", "2012", "patino"]);
    }

    #[test]
    fn words_already_in_lower_case_are_borrowed() {
        assert!(matches!(lower_case("embassy"), Cow::Borrowed("embassy")));
        assert!(matches!(
            ascii_lower_case("embassy"),
            Cow::Borrowed("embassy")
        ));
        assert_eq!(ascii_lower_case("Embassy"), "embassy");
        assert_eq!(lower_case("Øresund"), "øresund");
        // A title-case letter is neither upper nor lower case, yet changes.
        assert_eq!(lower_case("ǅemal"), "ǆemal");
    }

    #[test]
    fn most_used_come_first_and_ties_keep_their_order() {
        let positions = Positions::by_count([1, 5, 1, 7].into_iter());
        assert_eq!(positions.order, [3, 1, 0, 2]);
        assert_eq!(positions.of, [2, 1, 3, 0]);
    }
}
