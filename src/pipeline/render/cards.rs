//! What each page shows when it is shared: its own image (a story's lead
//! image, a profile's picture) at the width social networks show, else its
//! social card; and what that card says.

use rayon::prelude::*;
use serde::Serialize;

use super::Renderer;
use crate::model::url::is_web_address;
use crate::pipeline::images::{CARD_HEIGHT, CARD_WIDTH, CardText, Processed};
use crate::pipeline::parse::ImageSpec;
use crate::pipeline::plan::{Page, PageKind};

/// The width social networks show an image at: `og:image` takes the
/// variant of this width, or the widest when the image is narrower.
const SHARED_WIDTH: u32 = 1200;

/// `page.image`: the picture `og:image` and structured data name.
#[derive(Debug, Serialize, Hash)]
pub(super) struct SocialImage {
    /// Absolute.
    pub permalink: String,
    /// Its size, when the build knows it (not for an image elsewhere).
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: String,
    /// Whether it is the page's social card rather than its own image.
    pub card: bool,
}

impl<'a> Renderer<'a> {
    /// The image a story's or a profile's front matter gives its page.
    fn image_named(&self, page: &Page) -> Option<&'a ImageSpec> {
        let dossier = self.dossier;
        match page.kind {
            PageKind::Story(id) => dossier.stories[id].image.as_ref(),
            PageKind::Entity { entity, .. } => dossier.entities[entity]
                .profile
                .and_then(|p| dossier.profiles[p].image.as_ref()),
            _ => None,
        }
    }

    /// What the social card of `page` says: none for a page with an image
    /// of its own, or one that is no HTML page (feeds, sitemaps).
    pub fn card_text(&self, page: &Page) -> Option<CardText> {
        let dossier = self.dossier;
        if self.own_image(self.image_named(page)).is_some() {
            return None;
        }
        let label = match page.kind {
            PageKind::Story(id) => self.items.get(id).dates.date.human.clone(),
            PageKind::Entity { entity, .. } => {
                let entity = &dossier.entities[entity];
                self.config.kinds[entity.kind].singular.clone()
            }
            PageKind::Document(id) => {
                let document = &dossier.documents[id];
                let language = self.language();
                let kind = language.singular(&super::documents::type_key(document.kind));
                format!("{kind} · {}", language.partial_date(&document.date))
            }
            PageKind::Home => self.config.description.clone().unwrap_or_default(),
            PageKind::Tag { .. } => self.language().text("tag", &[]),
            PageKind::KindIndex(_)
            | PageKind::TagsIndex
            | PageKind::DocumentsIndex
            | PageKind::Timeline => self.years_covered(),
            PageKind::Corrections
            | PageKind::Standalone(_)
            | PageKind::Search
            | PageKind::NotFound => String::new(),
            _ => return None,
        };
        Some(CardText {
            title: self.page_title(page).to_string(),
            label,
        })
    }

    /// Every page's card text, by the page's path in the site.
    pub fn card_texts(&self) -> Vec<(String, CardText)> {
        self.pages
            .par_iter()
            .filter_map(|page| Some((page.site_path.clone(), self.card_text(page)?)))
            .collect()
    }

    /// `2010–2024`: the years the dossier's stories span.
    pub(super) fn years_covered(&self) -> String {
        match self.months {
            Some((first, last)) if first.year == last.year => first.year.to_string(),
            Some((first, last)) => format!("{}–{}", first.year, last.year),
            None => String::new(),
        }
    }

    /// A front matter's image as pages share it: the processed image, or
    /// an image elsewhere; `None` for a local one the build does not
    /// process (SVG, GIF), which social networks do not show.
    fn own_image(
        &self,
        spec: Option<&'a ImageSpec>,
    ) -> Option<(&'a ImageSpec, Option<&Processed>)> {
        let spec = spec?;
        match self.images.get(&spec.src) {
            Some(processed) => Some((spec, Some(processed))),
            None if is_web_address(&spec.src) => Some((spec, None)),
            None => None,
        }
    }

    /// The image `page` is shared with: its own, else its card.
    pub(super) fn social_image(&self, page: &Page) -> Option<SocialImage> {
        if let Some((spec, processed)) = self.own_image(self.image_named(page)) {
            let title = self.page_title(page);
            let alt = spec.alt.as_deref().unwrap_or(title).to_string();
            let Some(processed) = processed else {
                return Some(SocialImage {
                    permalink: spec.src.clone(),
                    width: None,
                    height: None,
                    alt,
                    card: false,
                });
            };
            let variant = processed
                .variants
                .iter()
                .find(|v| v.width >= SHARED_WIDTH)
                .or(processed.variants.last())?;
            return Some(SocialImage {
                permalink: self
                    .config
                    .base_url
                    .file_permalink(&processed.output_path(variant.width, processed.extension)),
                width: Some(variant.width),
                height: Some(variant.height),
                alt,
                card: false,
            });
        }
        let card = self.images.cards.of(&page.site_path)?;
        Some(SocialImage {
            permalink: self.config.base_url.file_permalink(card),
            width: Some(CARD_WIDTH),
            height: Some(CARD_HEIGHT),
            alt: match self.page_title(page) {
                title if title == self.config.title => title.to_string(),
                title => format!("{title} — {}", self.config.title),
            },
            card: true,
        })
    }
}
