//! Stage 4a: the images pages show, processed once: lead images of
//! stories and profiles' images, each resized into a few widths in its own
//! format and in WebP (see `process.rs`), kept in a cache folder by
//! content, and written into the output under [`OUTPUT_FOLDER`].

mod cards;
mod markdown;
mod process;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

pub use cards::{
    CARD_HEIGHT, CARD_TEMPLATE, CARD_WIDTH, CachedCards, CardFonts, CardText, Cards, DrawSvg,
    TextStyle, prepare_cards,
};
pub use markdown::{SIZES, local_source, picture_html};

pub use process::{ImageCache, ImageError, MAX_PIXELS, Processed, Variant, WIDTHS};

use crate::diagnostic::{Code, Diagnostic, closest};
use crate::model::url::is_web_address;
use crate::pipeline::index::Dossier;
use crate::pipeline::load::{Contents, StaticFile};
use crate::pipeline::parse::ImageSpec;

/// Where the variants go in the output: `_img/<digest>-<width>.<ext>`.
pub const OUTPUT_FOLDER: &str = "_img/";

/// The cache folder, below the site's root: safe to delete, and left out
/// of version control (`dossier init` ignores it).
pub const CACHE_FOLDER: &str = ".dossier-cache/images";

/// The site's images, processed.
#[derive(Debug, Default, Clone)]
pub struct Images {
    /// Each local image pages show, by its path from the site's root
    /// (`/images/a.jpg`).
    pub by_path: HashMap<String, Arc<Processed>>,
    /// Images beside Markdown files that are used as they are (SVG, GIF,
    /// WebP), by their path from the site's root: their file in the output,
    /// `_img/<digest>.<ext>`.
    pub as_is: HashMap<String, String>,
    /// How many images this build decoded: none when all were cached.
    pub decoded: usize,
    /// The social cards of pages without an image of their own.
    pub cards: Arc<Cards>,
    /// How many cards this build drew: none when all were cached.
    pub cards_drawn: usize,
}

impl Images {
    /// The processed image at `src`, if it is a local one.
    pub fn get(&self, src: &str) -> Option<&Processed> {
        self.by_path.get(src).map(Arc::as_ref)
    }

    /// Where an image pages show as it is, beside a Markdown file, is in
    /// the output.
    pub fn copied(&self, src: &str) -> Option<&str> {
        self.as_is.get(src).map(String::as_str)
    }
}

/// Whether an image is one dossier resizes: JPEG and PNG. Others (SVG,
/// GIF, WebP, AVIF) are used as they are.
pub fn is_processed(src: &str) -> bool {
    let lower = src.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e))
}

/// Every local image a page shows, with the file that names it and
/// whether a front matter names it (whose alt text rules are the
/// parser's): lead images, profiles' pictures, and the images of Markdown
/// bodies.
fn references(dossier: &Dossier) -> Vec<(&Path, ImageSpec, bool)> {
    let stories = dossier
        .stories
        .iter()
        .filter_map(|s| s.image.as_ref().map(|i| (s.path.as_path(), i.clone())));
    let profiles = dossier
        .profiles
        .iter()
        .filter_map(|p| p.image.as_ref().map(|i| (p.path.as_path(), i.clone())));
    let bodies = dossier
        .stories
        .iter()
        .map(|s| (s.path.as_path(), &s.body))
        .chain(dossier.profiles.iter().map(|p| (p.path.as_path(), &p.body)))
        .chain(dossier.pages.iter().map(|p| (p.path.as_path(), &p.body)))
        .chain(
            dossier
                .documents
                .iter()
                .map(|d| (d.path.as_path(), &d.body)),
        );
    stories
        .chain(profiles)
        .filter(|(_, i)| !is_web_address(&i.src))
        .map(|(path, spec)| (path, spec, true))
        .chain(
            markdown::references(bodies)
                .into_iter()
                .map(|(path, spec)| (path, spec, false)),
        )
        .collect()
}

/// How [`prepare`] tells its progress: how many images it looks at, then
/// each one done (a first build of many photographs takes minutes).
pub struct ImageProgress<'p> {
    /// The number of images to process or find in the cache.
    pub start: &'p (dyn Fn(usize) + Sync),
    /// One more image done.
    pub step: &'p (dyn Fn() + Sync),
}

/// Processes every local image the dossier's pages show, from `statics`
/// (the site's and the theme's static files) and `beside` (the images of
/// `content/`), with the cache at `cache`; returns them and the files to
/// write. An image that is no such file, or that cannot be processed, is an
/// error where it is named.
pub fn prepare(
    dossier: &Dossier,
    statics: &[StaticFile],
    beside: &[StaticFile],
    cache: &ImageCache,
    progress: &ImageProgress,
) -> Result<(Images, Vec<StaticFile>), Vec<Diagnostic>> {
    let files = Files::new(statics, beside);
    // Each image once, where it is first named, with its file.
    let mut first: Vec<(&Path, ImageSpec, &StaticFile)> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut diagnostics = Vec::new();
    for (file, spec, front_matter) in references(dossier) {
        if spec.alt.is_none() && !front_matter {
            diagnostics.push(
                Diagnostic::error(
                    Code::MissingAlt,
                    file,
                    spec.at.0,
                    spec.at.1,
                    format!("the image `{}` has no alt text", spec.src),
                )
                .with_hint(format!(
                    "say what it shows between the brackets: ![The court building]({})",
                    spec.src
                )),
            );
            continue;
        }
        if seen.contains(&spec.src) {
            continue;
        }
        match files.find(&spec.src) {
            Ok(found) => {
                seen.insert(spec.src.clone());
                first.push((file, spec, found));
            }
            Err((code, message, hint)) => {
                diagnostics.push(
                    Diagnostic::error(code, file, spec.at.0, spec.at.1, message).with_hint(hint),
                );
            }
        }
    }
    let decoded = AtomicUsize::new(0);
    let count = || {
        decoded.fetch_add(1, Ordering::Relaxed);
    };
    let mut images = Images::default();
    let mut copies = Vec::new();
    first.retain(|(_, spec, found)| {
        if is_processed(&spec.src) {
            return true;
        }
        if !spec.src.starts_with('/') {
            let copy = copy_of(found);
            images
                .as_is
                .insert(spec.src.clone(), copy.output_path.clone());
            copies.push(copy);
        }
        false
    });
    (progress.start)(first.len());
    let results: Vec<_> = first
        .par_iter()
        .map(|(file, spec, found)| {
            let processed = process(found, Path::new(&spec.src), cache, &count);
            (progress.step)();
            (file, spec, processed)
        })
        .collect();
    for (file, spec, result) in results {
        match result {
            Ok(processed) => {
                images.by_path.insert(spec.src.clone(), Arc::new(processed));
            }
            Err(error) => {
                let (code, hint) = match error {
                    ImageError::TooLarge { .. } => (
                        Code::ImageTooLarge,
                        "make it smaller before adding it to the site",
                    ),
                    ImageError::Cache(_) => (
                        Code::CacheNotWritable,
                        "check that the site's folder can be written",
                    ),
                    ImageError::Undecodable(_) => {
                        (Code::UndecodableImage, "save it again as a JPEG or a PNG")
                    }
                };
                let message = format!("`{}`: {error}", spec.src);
                diagnostics.push(
                    Diagnostic::error(code, file, spec.at.0, spec.at.1, message).with_hint(hint),
                );
            }
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    images.decoded = decoded.into_inner();
    let mut files = variant_files(&images, cache);
    copies.sort_by(|a, b| a.output_path.cmp(&b.output_path));
    copies.dedup_by(|a, b| a.output_path == b.output_path);
    files.extend(copies);
    Ok((images, files))
}

/// The processed image of `file` (named `name`): a large original known by
/// its stamp is not even read.
fn process(
    file: &StaticFile,
    name: &Path,
    cache: &ImageCache,
    decoded: &dyn Fn(),
) -> Result<Processed, ImageError> {
    let stamp = match &file.contents {
        Contents::Original { stamp, .. } => Some(*stamp),
        _ => None,
    };
    if let Some(known) = stamp.and_then(|stamp| cache.known(stamp, name)) {
        return Ok(known);
    }
    let bytes = file
        .bytes()
        .map_err(|e| ImageError::Undecodable(e.to_string()))?;
    let processed = cache.process(name, &bytes, decoded)?;
    if let Some(stamp) = stamp {
        cache.remember(stamp, &processed)?;
    }
    Ok(processed)
}

/// The files images can be: static files by their path in the output
/// (`images/a.jpg`), images beside Markdown files by their path from the
/// site's root (`content/stories/a.jpg`).
struct Files<'f> {
    statics: HashMap<&'f str, &'f StaticFile>,
    beside: HashMap<&'f str, &'f StaticFile>,
}

impl<'f> Files<'f> {
    fn new(statics: &'f [StaticFile], beside: &'f [StaticFile]) -> Self {
        let by_path = |files: &'f [StaticFile]| {
            files
                .iter()
                .map(|f| (f.output_path.as_str(), f))
                .collect::<HashMap<_, _>>()
        };
        Files {
            statics: by_path(statics),
            beside: by_path(beside),
        }
    }

    /// The file an image's `src` names, or what is wrong and a hint.
    fn find(&self, src: &str) -> Result<&'f StaticFile, (Code, String, String)> {
        if let Some(inside) = src.strip_prefix('/') {
            return self.statics.get(inside).copied().ok_or_else(|| {
                let hint = match closest(inside, self.statics.keys().copied()) {
                    Some(near) => format!("did you mean `/{near}`?"),
                    None => format!("put the file at static{src}"),
                };
                (
                    Code::MissingImage,
                    format!("`{src}` is no file of static/"),
                    hint,
                )
            });
        }
        if !src.starts_with("content/") {
            return Err((
                Code::ImageOutside,
                format!("`{src}` leads out of content/"),
                "a relative path is read from the folder of the file that names it; start the path with / for a file of static/".to_string(),
            ));
        }
        self.beside.get(src).copied().ok_or_else(|| {
            let name = src.rsplit('/').next().unwrap_or(src);
            let in_static = self
                .statics
                .keys()
                .filter(|path| path.rsplit('/').next() == Some(name))
                .min();
            let hint = match (closest(src, self.beside.keys().copied()), in_static) {
                (Some(near), _) => format!("did you mean `{near}`?"),
                (None, Some(path)) => format!("for the file of static/, write `/{path}`"),
                (None, None) => {
                    "a relative path is read from the folder of the file that names it".to_string()
                }
            };
            (
                Code::MissingImage,
                format!("there is no image at {src}"),
                hint,
            )
        })
    }
}

/// An image beside a Markdown file, as its copy in the output, named by
/// the digest of its bytes.
fn copy_of(file: &StaticFile) -> StaticFile {
    let bytes = file.bytes().unwrap_or_default();
    let digest = format!("{:032x}", crate::model::digest::file_digest([&bytes[..]]));
    let extension = file
        .output_path
        .rsplit('.')
        .next()
        .unwrap_or("img")
        .to_ascii_lowercase();
    StaticFile {
        output_path: format!("{OUTPUT_FOLDER}{}.{extension}", &digest[..20]),
        contents: file.contents.clone(),
    }
}

/// Every variant of every image, as a file of the output: read from the
/// cache when it is written, not held in memory.
fn variant_files(images: &Images, cache: &ImageCache) -> Vec<StaticFile> {
    let mut files = Vec::new();
    let mut processed: Vec<&Processed> = images.by_path.values().map(Arc::as_ref).collect();
    processed.sort_by(|a, b| a.digest.cmp(&b.digest));
    processed.dedup_by(|a, b| a.digest == b.digest);
    for image in processed {
        for variant in &image.variants {
            for extension in [image.extension, "webp"] {
                files.push(StaticFile {
                    output_path: image.output_path(variant.width, extension),
                    contents: Contents::File(cache.path_of(image, variant.width, extension)),
                });
            }
        }
    }
    files
}
