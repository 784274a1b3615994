//! Images as pages show them: `<picture>` sources in WebP and the image's
//! own format at every width, with the size of the largest, so that the
//! page does not shift as it loads.

use serde::Serialize;

use super::Renderer;
use crate::pipeline::images::{Processed, SIZES};
use crate::pipeline::parse::ImageSpec;

/// An image for templates. Page signatures hash this same value.
#[derive(Serialize, Hash)]
pub(super) struct PictureView<'a> {
    /// The largest variant (or the address of an image elsewhere).
    src: String,
    /// `src`, absolute: for `og:image` and JSON-LD.
    pub permalink: String,
    /// The largest variant's size; none for an image elsewhere.
    width: Option<u32>,
    height: Option<u32>,
    /// Every variant in the image's own format, `… 480w, … 800w`.
    srcset: String,
    /// The same in WebP.
    webp_srcset: String,
    sizes: &'static str,
    alt: &'a str,
    caption: Option<&'a str>,
    credit: Option<&'a str>,
}

impl<'a> Renderer<'a> {
    /// The view of an image a front matter names; `alt` when it has none
    /// of its own.
    pub(super) fn picture(&self, spec: &'a ImageSpec, alt: &'a str) -> PictureView<'a> {
        let alt = spec.alt.as_deref().unwrap_or(alt);
        let processed = self.images.get(&spec.src);
        let Some(processed) = processed else {
            // An image elsewhere, one used as it is, or a theme's file the
            // build did not process.
            let src = match self.images.copied(&spec.src) {
                Some(copy) => self.config.base_url.file_link(copy),
                None => self.asset_link(&spec.src),
            };
            return PictureView {
                permalink: self.absolute(&src),
                src,
                width: None,
                height: None,
                srcset: String::new(),
                webp_srcset: String::new(),
                sizes: SIZES,
                alt,
                caption: spec.caption.as_deref(),
                credit: spec.credit.as_deref(),
            };
        };
        let largest = processed.variants.last().expect("at least one variant");
        let src = self.variant_link(processed, largest.width, processed.extension);
        PictureView {
            permalink: self.absolute(&src),
            src,
            width: Some(largest.width),
            height: Some(largest.height),
            srcset: self.srcset(processed, processed.extension),
            webp_srcset: self.srcset(processed, "webp"),
            sizes: SIZES,
            alt,
            caption: spec.caption.as_deref(),
            credit: spec.credit.as_deref(),
        }
    }

    fn variant_link(&self, processed: &Processed, width: u32, extension: &str) -> String {
        self.config
            .base_url
            .file_link(&processed.output_path(width, extension))
    }

    fn srcset(&self, processed: &Processed, extension: &str) -> String {
        processed.srcset(&self.config.base_url, extension)
    }
}
