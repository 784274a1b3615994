//! The documents index, each document's page, and documents as they are
//! listed elsewhere (entity pages, stories' sources).

use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;
use super::sources::DateText;
use crate::model::config::Config;
use crate::model::date::PartialDate;
use crate::model::url;
use crate::pipeline::index::{DocumentId, Dossier, StoryId};
use crate::pipeline::parse::{DocumentType, archived_on};
use crate::pipeline::plan::Page;
use crate::pipeline::render::i18n::Language;

/// A document's type for templates: `key` (`press release`), `slug`
/// (`press-release`), `label` (`Press release`) and `plural`.
#[derive(Serialize, Hash, Clone)]
pub(super) struct TypeView {
    key: &'static str,
    slug: &'static str,
    label: String,
    plural: String,
}

impl TypeView {
    /// `kind`, named in `language`.
    pub(super) fn new(kind: DocumentType, language: &Language) -> Self {
        let key = type_key(kind);
        TypeView {
            key: kind.key(),
            slug: kind.slug(),
            label: language.singular(&key),
            plural: language.plural(&key),
        }
    }
}

/// The string naming a type of document: `type_press_release`.
pub(super) fn type_key(kind: DocumentType) -> String {
    format!("type_{}", kind.slug().replace('-', "_"))
}

/// A document in a list. Page signatures hash this same value.
#[derive(Serialize, Hash)]
pub(super) struct DocumentItem<'a> {
    pub title: &'a str,
    /// The language of its title and notes when they are not the page's.
    pub language: Option<&'a str>,
    pub slug: &'a str,
    pub url: String,
    pub permalink: String,
    #[serde(rename = "type")]
    pub kind: TypeView,
    pub date: DateText,
    /// Its date, for structured data.
    #[serde(skip)]
    pub issued: PartialDate,
    /// Its schema.org type.
    #[serde(skip)]
    pub schema: &'static str,
    /// Who issued it, by the name of its entity.
    pub issuer: Option<&'a str>,
    /// The issuer's page.
    pub issuer_url: Option<String>,
}

impl<'a> DocumentItem<'a> {
    pub(super) fn new(
        config: &Config,
        language: &Language,
        dossier: &'a Dossier,
        id: DocumentId,
    ) -> Self {
        let document = &dossier.documents[id];
        let path = url::document_path(&document.slug);
        let issuer = dossier.document_issuers[id].map(|e| &dossier.entities[e]);
        DocumentItem {
            title: &document.title,
            language: document.language.as_deref(),
            slug: &document.slug,
            url: config.base_url.link(&path),
            permalink: config.base_url.permalink(&path),
            kind: TypeView::new(document.kind, language),
            date: DateText::new(document.date, language),
            issued: document.date,
            schema: document.kind.schema(),
            issuer: issuer.map(|e| e.name.as_str()),
            issuer_url: issuer.map(|e| {
                let key = &config.kinds[e.kind].key;
                config.base_url.link(&url::entity_path(key, &e.slug, 1))
            }),
        }
    }
}

/// The documents of one year, on the documents index.
#[derive(Serialize)]
struct YearOfDocuments<'a> {
    year: i16,
    /// The slugs of the types it has, space-separated: the style sheet
    /// hides a year without the type a reader filters by.
    types: String,
    documents: Vec<DocumentItem<'a>>,
}

/// A type the index can be filtered to, with how many documents have it.
#[derive(Serialize)]
struct TypeCount {
    #[serde(flatten)]
    kind: TypeView,
    count: usize,
}

/// A story citing a document, with the pinpoints it gives.
#[derive(Serialize)]
struct Citing<'a> {
    story: Value,
    /// The parts of the document it cites (`para 95-98`), as written.
    pages: Vec<&'a str>,
}

/// `document` on a document's page.
#[derive(Serialize)]
struct DocumentView<'a> {
    #[serde(flatten)]
    item: DocumentItem<'a>,
    /// The original's address.
    original_url: Option<&'a str>,
    archived_url: Option<&'a str>,
    /// The day of the archived copy, when its address gives it.
    archived_on: Option<String>,
    /// The copy kept with the site.
    file_url: Option<String>,
    /// The notes, as HTML.
    content: &'a str,
}

impl<'a> Renderer<'a> {
    /// Every document of the dossier as list items, newest first.
    pub(super) fn document_items(&self, ids: &[DocumentId]) -> Vec<DocumentItem<'a>> {
        ids.iter()
            .map(|&id| DocumentItem::new(self.config, self.language(), self.dossier, id))
            .collect()
    }

    pub(super) fn documents_index(&self, page: &Page) -> Context {
        let mut context = self.page_context(page, None, "documents");
        let mut years: Vec<YearOfDocuments> = Vec::new();
        for id in DocumentId::all(self.dossier.documents.len()).rev() {
            let year = self.dossier.documents[id].date.year();
            let item = DocumentItem::new(self.config, self.language(), self.dossier, id);
            let group = match years.last_mut() {
                Some(group) if group.year == year => group,
                _ => {
                    years.push(YearOfDocuments {
                        year,
                        types: String::new(),
                        documents: Vec::new(),
                    });
                    years.last_mut().expect("pushed above")
                }
            };
            let slug = item.kind.slug;
            if !group.types.split(' ').any(|t| t == slug) {
                if !group.types.is_empty() {
                    group.types.push(' ');
                }
                group.types.push_str(slug);
            }
            group.documents.push(item);
        }
        let types: Vec<TypeCount> = DocumentType::ALL
            .into_iter()
            .filter_map(|kind| {
                let count = self
                    .dossier
                    .documents
                    .iter()
                    .filter(|d| d.kind == kind)
                    .count();
                (count > 0).then(|| TypeCount {
                    kind: TypeView::new(kind, self.language()),
                    count,
                })
            })
            .collect();
        context.insert("years", &years);
        context.insert("types", &types);
        context.insert("document_count", &self.dossier.documents.len());
        context
    }

    pub(super) fn document(&self, page: &Page, id: DocumentId) -> Context {
        let dossier = self.dossier;
        let document = &dossier.documents[id];
        let mut context = self.page_context(page, None, "document");
        let item = DocumentItem::new(self.config, self.language(), dossier, id);
        let thing = super::jsonld::document(
            self.config,
            dossier,
            &item,
            &|e| self.shared().entity_permalink(e),
            id,
        );
        context.insert_value("jsonld", Value::safe_string(&thing));
        context.insert(
            "document",
            &DocumentView {
                item,
                original_url: document.url.as_deref(),
                archived_url: document.archived.as_deref(),
                archived_on: document.archived.as_deref().and_then(archived_on),
                file_url: document.file.as_deref().map(|f| self.asset_link(f)),
                content: &self.bodies.documents[id].html,
            },
        );
        context.insert_value(
            "issuer",
            Value::from(dossier.document_issuers[id].map(|e| self.shared().entity_named(e))),
        );
        context.insert_value(
            "entities",
            self.groups_by_kind(&dossier.document_entities[id]),
        );
        let citing: Vec<Citing> = dossier.document_citers[id]
            .iter()
            .map(|&story| Citing {
                story: self.shared().story(story),
                pages: pinpoints(dossier, story, id),
            })
            .collect();
        context.insert("citing", &citing);
        context
    }
}

/// The pinpoints (`pages`) of `story`'s sources that are the document.
pub(super) fn pinpoints(dossier: &Dossier, story: StoryId, document: DocumentId) -> Vec<&str> {
    dossier.stories[story]
        .sources
        .iter()
        .zip(&dossier.story_documents[story])
        .filter(|(_, cited)| **cited == Some(document))
        .filter_map(|(source, _)| source.pages.as_deref())
        .collect()
}
