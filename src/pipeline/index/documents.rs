//! Documents in the index: the entities they concern, who issued them, and
//! the stories that cite them.

use std::sync::Arc;

use super::Dossier;
use super::resolve::{Listed, Resolver, count};
use crate::diagnostic::{Code, Diagnostic, closest};
use crate::model::config::Config;
use crate::model::digest::FastMap;
use crate::model::ids::{self, DocumentId, KindId, StoryId};
use crate::pipeline::parse::{Document, Story};

impl<'p> Listed<'p> {
    fn of_document(document: &'p Document) -> Self {
        Listed {
            path: &document.path,
            names: &document.names,
            slugs: &document.name_slugs,
            at: &document.names_at,
        }
    }
}

/// The documents oldest first, by date then slug: their ids.
pub(super) fn in_order(mut documents: Vec<Document>) -> Vec<Document> {
    documents.sort_by(|a, b| (a.date, &a.slug, &a.path).cmp(&(b.date, &b.slug, &b.path)));
    documents
}

/// The document each source of each story is (`document: <slug>`); a slug
/// no document has is an error at the source, with the closest slug.
pub(super) fn link_sources(
    stories: &[Arc<Story>],
    documents: &[Document],
    drafts: &[(String, std::path::PathBuf)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<Option<DocumentId>>> {
    let by_slug: FastMap<&str, DocumentId> = ids::enumerate(documents)
        .map(|(id, d): (DocumentId, &Document)| (d.slug.as_str(), id))
        .collect();
    let mut link = |story: &Story, number: usize, slug: &str| match by_slug.get(slug) {
        Some(&id) => Some(id),
        None => {
            let source = &story.sources[number - 1];
            let draft = drafts.iter().find(|(s, _)| s == slug);
            let (message, hint) = match (draft, closest(slug, by_slug.keys().copied())) {
                (Some((_, path)), _) => (
                    format!(
                        "source {number} names the document `{slug}`, which is a draft ({})",
                        path.display()
                    ),
                    "publish the document (`draft: false`), or build with --drafts".to_string(),
                ),
                (None, Some(near)) => (
                    format!("source {number} names the document `{slug}`, and there is none"),
                    format!("did you mean `document: {near}`?"),
                ),
                (None, None) => (
                    format!("source {number} names the document `{slug}`, and there is none"),
                    format!(
                        "add the document as content/documents/{slug}.md, or give the source's `url` instead"
                    ),
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::UnknownSource,
                    &story.path,
                    source.at.0,
                    source.at.1,
                    message,
                )
                .with_hint(hint),
            );
            None
        }
    };
    stories
        .iter()
        .map(|story| {
            (1..=story.sources.len())
                .map(|n| {
                    let slug = story.sources[n - 1].document.as_deref()?;
                    link(story, n, slug)
                })
                .collect()
        })
        .collect()
}

/// Resolves each document's entity lists like a story's, then its issuer:
/// returns, per document, its entities and its issuer as positions in the
/// resolver's builders.
///
/// The issuer is an entity of the document's own lists when one of them
/// has its name; else the one entity of any kind that has it (a profile's
/// name or alias, or a name the stories use); else a new entity of the
/// first kind whose schema is `Organization`. A name of entities of
/// several kinds is an error, as is a new name in a site with no such kind.
pub(super) fn resolve<'p>(
    config: &Config,
    resolver: &mut Resolver<'p>,
    documents: &'p [Document],
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Vec<usize>>, Vec<Option<usize>>) {
    let mut keys = Vec::with_capacity(documents.len());
    for document in documents {
        match resolver.resolve(&Listed::of_document(document)) {
            Ok(names) => keys.push(resolver.add_names(&names)),
            Err(errors) => {
                diagnostics.extend(errors);
                keys.push(Vec::new());
            }
        }
    }
    let issuers = documents
        .iter()
        .zip(&keys)
        .map(|(document, own)| issuer(config, resolver, document, own, diagnostics))
        .collect();
    (keys, issuers)
}

fn issuer<'p>(
    config: &Config,
    resolver: &mut Resolver<'p>,
    document: &'p Document,
    own: &[usize],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let name = document.issuer.as_deref()?;
    let slug = document.issuer_slug.as_deref()?;
    let (line, column) = document.issuer_at;
    let listed = own.iter().copied().find(|&b| resolver.is_named(b, slug));
    let at = match listed {
        Some(at) => at,
        None => {
            let kinds: Vec<(KindId, &'p str)> = KindId::all(config.kinds.len())
                .filter_map(|kind| resolver.find(kind, slug).map(|s| (kind, s)))
                .collect();
            let organizations = config
                .kinds
                .iter()
                .position(|k| k.schema == "Organization")
                .map(KindId::new);
            let problem = |code: Code, message: String, hint: String| {
                Diagnostic::error(code, &document.path, line, column, message).with_hint(hint)
            };
            match (kinds.as_slice(), organizations) {
                ([(kind, slug)], _) => resolver.builder(*kind, slug),
                ([], Some(kind)) => resolver.builder(kind, slug),
                ([], None) => {
                    let first = config.kinds.first().map_or("people", |k| k.key.as_str());
                    diagnostics.push(problem(
                        Code::UnknownEntity,
                        format!("the issuer `{name}` names no entity of the dossier"),
                        format!("list it in this document under its kind, e.g. `{first}: [{name}]`, or give it a profile"),
                    ));
                    return None;
                }
                (several, _) => {
                    let keys: Vec<&str> = several
                        .iter()
                        .map(|(k, _)| config.kinds[*k].key.as_str())
                        .collect();
                    diagnostics.push(problem(
                        Code::AmbiguousName,
                        format!(
                            "the issuer `{name}` is an entity of several kinds ({})",
                            keys.join(", ")
                        ),
                        format!(
                            "list it in this document under the kind it is, e.g. `{}: [{name}]`",
                            keys[0]
                        ),
                    ));
                    return None;
                }
            }
        }
    };
    count(&mut resolver.builders[at].spellings, name);
    Some(at)
}

impl<'p> Resolver<'p> {
    /// Whether the entity being built at `at` has the slug or a profile
    /// alias `slug`.
    fn is_named(&self, at: usize, slug: &str) -> bool {
        let builder = &self.builders[at];
        builder.slug == slug
            || builder
                .profile
                .is_some_and(|(_, p)| p.alias_slugs.iter().any(|a| a == slug))
    }

    /// The slug of the entity of `kind` that `slug` names, if one does: an
    /// entity of that slug, or the one profile with that alias.
    fn find(&self, kind: KindId, slug: &'p str) -> Option<&'p str> {
        if self.by_key.contains_key(&(kind, slug)) {
            return Some(slug);
        }
        match self.aliases[kind].get(slug).map(Vec::as_slice) {
            Some([only]) => Some(only),
            _ => None,
        }
    }
}

/// Lists each document's citing stories and each entity's documents,
/// newest first.
pub(super) fn fill_lists(dossier: &mut Dossier) {
    let mut citers: Vec<Vec<StoryId>> = vec![Vec::new(); dossier.documents.len()];
    for story in dossier.newest_first() {
        for document in dossier.story_documents[story].iter().flatten() {
            let list = &mut citers[*document];
            if list.last() != Some(&story) {
                list.push(story);
            }
        }
    }
    dossier.document_citers = citers;
    for entity in &mut dossier.entities {
        entity.documents.clear();
    }
    for document in DocumentId::all(dossier.documents.len()).rev() {
        let listed = dossier.document_entities[document].iter();
        for &entity in listed.chain(&dossier.document_issuers[document]) {
            let list = &mut dossier.entities[entity].documents;
            if !list.contains(&document) {
                list.push(document);
            }
        }
    }
}
