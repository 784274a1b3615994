//! The meta description of a page that has none of its own: search
//! engines show it under the page's title, and social networks beside its
//! card, so it says what this page holds rather than what the site is.

use super::Renderer;
use super::i18n::Arg;
use crate::pipeline::plan::{Page, PageKind};

impl Renderer<'_> {
    /// What `page` holds, in a sentence of the site's language; `None` for
    /// a page that is no HTML page (feeds, sitemaps).
    pub(super) fn default_description(&self, page: &Page) -> Option<String> {
        let dossier = self.dossier;
        let language = self.language();
        let site = || ("site", Arg::from(self.config.title.as_str()));
        let stories = |n: usize| {
            (
                "stories",
                Arg::from(language.count("stories_count", n, &[])),
            )
        };
        let years = || ("years", Arg::from(self.years_covered()));
        let text = match page.kind {
            PageKind::Timeline => language.text(
                "description_timeline",
                &[site(), stories(dossier.stories.len()), years()],
            ),
            PageKind::KindIndex(kind) => {
                let count = dossier.by_kind[kind].len();
                let entries = language.count("entries_count", count, &[]);
                language.text(
                    "description_kind",
                    &[
                        site(),
                        ("kind", Arg::from(self.config.kinds[kind].title.as_str())),
                        ("entries", Arg::from(entries)),
                    ],
                )
            }
            PageKind::Entity { entity, .. } => {
                let entity = &dossier.entities[entity];
                language.text(
                    "description_entity",
                    &[
                        site(),
                        ("name", Arg::from(entity.name.as_str())),
                        stories(entity.stories.len()),
                    ],
                )
            }
            PageKind::TagsIndex => {
                let tags = language.count("tags_count", dossier.tags.len(), &[]);
                language.text("description_tags", &[site(), ("tags", Arg::from(tags))])
            }
            PageKind::Tag { tag, .. } => {
                let tag = &dossier.tags[tag];
                language.text(
                    "description_tag",
                    &[
                        site(),
                        ("tag", Arg::from(tag.name.as_str())),
                        stories(tag.stories.len()),
                    ],
                )
            }
            PageKind::DocumentsIndex => {
                let count = dossier.documents.len();
                let documents = language.count("documents_count", count, &[]);
                language.text(
                    "description_documents",
                    &[site(), ("documents", Arg::from(documents))],
                )
            }
            PageKind::Document(id) => {
                let document = &dossier.documents[id];
                let kind = language.singular(&super::documents::type_key(document.kind));
                language.text(
                    "description_document",
                    &[
                        site(),
                        ("type", Arg::from(kind)),
                        ("date", Arg::from(language.partial_date(&document.date))),
                    ],
                )
            }
            PageKind::Search => language.text("description_search", &[site()]),
            // Pages whose description is the site's depend on no story:
            // an edit does not render each of them again.
            PageKind::Home
            | PageKind::Story(_)
            | PageKind::Standalone(_)
            | PageKind::Corrections
            | PageKind::NotFound => match &self.config.description {
                Some(description) => description.clone(),
                None => language.text("description_site", &[site()]),
            },
            _ => return None,
        };
        Some(text)
    }
}
