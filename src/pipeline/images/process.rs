//! One image, processed once: decoded, resized into a few widths (never
//! upscaled), encoded in its own format and in WebP, metadata left out,
//! and kept in a cache folder by the digest of its bytes, so that an
//! unchanged image is never decoded again.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use fast_image_resize::{self as fir, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use super::OUTPUT_FOLDER;
use crate::model::digest::file_digest;
use crate::model::url::BaseUrl;

/// The widths, in pixels, an image is offered in, when it is at least as
/// wide; an image narrower than the widest is also offered at its own.
pub const WIDTHS: [u32; 4] = [480, 800, 1200, 1600];

/// The most pixels an image may have: a larger one would need more memory
/// to decode than a build should take (100 megapixels is 400 MB as RGBA).
pub const MAX_PIXELS: u64 = 100_000_000;

/// Bumped when processing changes, so that cached variants are made again.
const PROCESS_VERSION: &str = "images-1";

const JPEG_QUALITY: u8 = 82;
const WEBP_QUALITY: f32 = 80.0;

/// What an image is made into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The digest of its bytes (hex): the names of its variants start with it.
    pub digest: String,
    /// Its own size, in pixels.
    pub width: u32,
    /// Its own height, in pixels.
    pub height: u32,
    /// `jpg` or `png`: the format its variants keep beside WebP.
    pub extension: &'static str,
    /// Its variants, narrowest first.
    pub variants: Vec<Variant>,
}

/// One width of an image, in its own format and in WebP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Its width and height, in pixels.
    pub width: u32,
    /// Its height, in pixels, in the image's proportions.
    pub height: u32,
}

impl Processed {
    /// The file name of a variant: `<digest>-<width>.<extension>`.
    pub fn file_name(&self, width: u32, extension: &str) -> String {
        format!("{}-{width}.{extension}", self.digest)
    }

    /// Where a variant is in the output: `_img/<digest>-<width>.<extension>`.
    pub fn output_path(&self, width: u32, extension: &str) -> String {
        format!("{OUTPUT_FOLDER}{}", self.file_name(width, extension))
    }

    /// Every variant in `extension`, linked below `base`, as `srcset`
    /// lists them: `… 480w, … 800w`.
    pub fn srcset(&self, base: &BaseUrl, extension: &str) -> String {
        let parts: Vec<String> = self
            .variants
            .iter()
            .map(|v| {
                format!(
                    "{} {}w",
                    base.file_link(&self.output_path(v.width, extension)),
                    v.width
                )
            })
            .collect();
        parts.join(", ")
    }
}

/// Why an image cannot be processed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// Not an image the decoders know, or a damaged one.
    #[error("it is not an image dossier can read: {0}")]
    Undecodable(String),
    /// Larger than [`MAX_PIXELS`].
    #[error("it is {width}×{height} pixels, more than the {MAX_PIXELS} pixels dossier processes")]
    TooLarge {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// The cache folder could not be written.
    #[error("the image cache could not be written: {0}")]
    Cache(String),
}

/// The cache of processed images: `<folder>/<digest>/` holds an image's
/// variants and its size.
#[derive(Debug, Clone)]
pub struct ImageCache {
    folder: PathBuf,
}

impl ImageCache {
    /// The cache in `folder`, created when first written.
    pub fn new(folder: impl Into<PathBuf>) -> Self {
        ImageCache {
            folder: folder.into(),
        }
    }

    /// The folder of an image's variants.
    fn folder_of(&self, digest: &str) -> PathBuf {
        self.folder.join(digest)
    }

    /// The file of a variant made before.
    pub fn path_of(&self, processed: &Processed, width: u32, extension: &str) -> PathBuf {
        self.folder_of(&processed.digest)
            .join(processed.file_name(width, extension))
    }

    /// The bytes of a variant made before.
    pub fn read(
        &self,
        processed: &Processed,
        width: u32,
        extension: &str,
    ) -> std::io::Result<Vec<u8>> {
        fs::read(self.path_of(processed, width, extension))
    }

    /// An image processed before, without decoding it: its size and
    /// variants, if every variant file is still there.
    fn cached(&self, digest: &str, extension: &'static str) -> Option<Processed> {
        let folder = self.folder_of(digest);
        let size = fs::read_to_string(folder.join("size")).ok()?;
        let (width, height) = size.trim().split_once(' ')?;
        let (width, height) = (width.parse().ok()?, height.parse().ok()?);
        let processed = Processed {
            digest: digest.to_string(),
            width,
            height,
            extension,
            variants: variants(width, height),
        };
        let complete = processed.variants.iter().all(|v| {
            [extension, "webp"]
                .iter()
                .all(|ext| folder.join(processed.file_name(v.width, ext)).is_file())
        });
        complete.then_some(processed)
    }

    /// The image of the file `name` processed before, when the file has
    /// not changed since: found by its `stamp` (its path, size and time;
    /// see [`ImageCache::remember`]) without reading it.
    pub fn known(&self, stamp: u64, name: &Path) -> Option<Processed> {
        let digest = fs::read_to_string(self.stamp_path(stamp)).ok()?;
        let extension = match ImageFormat::from_path(name).ok()? {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            _ => return None,
        };
        self.cached(digest.trim(), extension)
    }

    /// Keeps which processed image the file of `stamp` is.
    pub fn remember(&self, stamp: u64, processed: &Processed) -> Result<(), ImageError> {
        let path = self.stamp_path(stamp);
        let cache = |e: std::io::Error| ImageError::Cache(e.to_string());
        fs::create_dir_all(path.parent().expect("a folder")).map_err(cache)?;
        write_atomically(&path, processed.digest.as_bytes()).map_err(cache)
    }

    fn stamp_path(&self, stamp: u64) -> PathBuf {
        self.folder.join("stamps").join(format!("{stamp:016x}"))
    }

    /// Processes `bytes` (the file `name`, for its format), or finds them
    /// processed before; `decoded` is told each time an image is decoded.
    pub fn process(
        &self,
        name: &Path,
        bytes: &[u8],
        decoded: &dyn Fn(),
    ) -> Result<Processed, ImageError> {
        let format = ImageFormat::from_path(name)
            .ok()
            .or_else(|| image::guess_format(bytes).ok())
            .ok_or_else(|| ImageError::Undecodable("its format is not known".into()))?;
        let extension = match format {
            ImageFormat::Png => "png",
            _ => "jpg",
        };
        let digest = format!("{:032x}", file_digest([PROCESS_VERSION.as_bytes(), bytes]));
        let digest = digest[..20].to_string();
        if let Some(processed) = self.cached(&digest, extension) {
            return Ok(processed);
        }
        decoded();
        let image = decode(bytes, format)?;
        let (width, height) = (image.width(), image.height());
        let processed = Processed {
            digest,
            width,
            height,
            extension,
            variants: variants(width, height),
        };
        self.write(&processed, &image)?;
        Ok(processed)
    }

    /// Makes and keeps every variant of `image`, then its size: the size is
    /// the mark of a complete entry.
    fn write(&self, processed: &Processed, image: &DynamicImage) -> Result<(), ImageError> {
        let cache = |e: std::io::Error| ImageError::Cache(e.to_string());
        let folder = self.folder_of(&processed.digest);
        fs::create_dir_all(&folder).map_err(cache)?;
        let alpha = processed.extension == "png";
        let source = if alpha {
            DynamicImage::ImageRgba8(image.to_rgba8())
        } else {
            DynamicImage::ImageRgb8(image.to_rgb8())
        };
        for variant in &processed.variants {
            let resized = resize(&source, variant.width, variant.height)?;
            let own = encode(&resized, processed.extension)?;
            let webp = encode_webp(&resized)?;
            write_atomically(
                &folder.join(processed.file_name(variant.width, processed.extension)),
                &own,
            )
            .map_err(cache)?;
            write_atomically(
                &folder.join(processed.file_name(variant.width, "webp")),
                &webp,
            )
            .map_err(cache)?;
        }
        let size = format!("{} {}\n", processed.width, processed.height);
        write_atomically(&folder.join("size"), size.as_bytes()).map_err(cache)
    }
}

/// The widths an image of `width` is offered in, and their heights.
fn variants(width: u32, height: u32) -> Vec<Variant> {
    let widest = width.clamp(1, WIDTHS[WIDTHS.len() - 1]);
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < widest).collect();
    widths.push(widest);
    widths
        .into_iter()
        .map(|w| Variant {
            width: w,
            height: ((u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width))
                .max(1) as u32,
        })
        .collect()
}

fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| ImageError::Undecodable(e.to_string()))?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageError::TooLarge { width, height });
    }
    reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| ImageError::Undecodable(e.to_string()))
}

fn resize(source: &DynamicImage, width: u32, height: u32) -> Result<DynamicImage, ImageError> {
    if source.width() == width && source.height() == height {
        return Ok(source.clone());
    }
    let mut target = match source {
        DynamicImage::ImageRgba8(_) => DynamicImage::new_rgba8(width, height),
        _ => DynamicImage::new_rgb8(width, height),
    };
    let options =
        ResizeOptions::new().resize_alg(ResizeAlg::Convolution(fir::FilterType::Lanczos3));
    Resizer::new()
        .resize(source, &mut target, &options)
        .map_err(|e| ImageError::Undecodable(e.to_string()))?;
    Ok(target)
}

fn encode(image: &DynamicImage, extension: &str) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    let result = match extension {
        "png" => image.write_to(&mut Cursor::new(&mut out), ImageFormat::Png),
        _ => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            image.write_with_encoder(encoder)
        }
    };
    result.map_err(|e| ImageError::Cache(e.to_string()))?;
    Ok(out)
}

fn encode_webp(image: &DynamicImage) -> Result<Vec<u8>, ImageError> {
    let (width, height) = (image.width(), image.height());
    let encoded = match image {
        DynamicImage::ImageRgba8(rgba) => {
            webp::Encoder::from_rgba(rgba.as_raw(), width, height).encode(WEBP_QUALITY)
        }
        other => {
            let rgb = other.to_rgb8();
            webp::Encoder::from_rgb(rgb.as_raw(), width, height).encode(WEBP_QUALITY)
        }
    };
    Ok(encoded.to_vec())
}

/// Writes `bytes` to `path` through a temporary file beside it, so that a
/// build interrupted while writing leaves no half-written variant (and two
/// builds of one site, each with its own temporary file, do not mix).
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Two files of the same bytes are one entry, maybe written by two
    // threads at once: each writes a temporary file of its own.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}-{n}.part", std::process::id()));
    let temporary = path.with_file_name(name);
    fs::write(&temporary, bytes)?;
    fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        });
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        out
    }

    #[test]
    fn an_image_is_offered_in_the_widths_below_its_own_and_never_upscaled() {
        let widths = |w, h| {
            variants(w, h)
                .iter()
                .map(|v| (v.width, v.height))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            widths(3000, 2000),
            [(480, 320), (800, 533), (1200, 800), (1600, 1067)]
        );
        assert_eq!(widths(1000, 500), [(480, 240), (800, 400), (1000, 500)]);
        assert_eq!(widths(300, 200), [(300, 200)]);
        assert_eq!(
            widths(1600, 900),
            [(480, 270), (800, 450), (1200, 675), (1600, 900)]
        );
    }

    #[test]
    fn processing_is_cached_by_content_and_the_variants_decode() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::new(dir.path());
        let bytes = jpeg(1000, 600);
        let decodes = Cell::new(0);
        let count = || decodes.set(decodes.get() + 1);
        let first = cache.process(Path::new("a.jpg"), &bytes, &count).unwrap();
        assert_eq!(
            (first.width, first.height, first.extension),
            (1000, 600, "jpg")
        );
        let second = cache.process(Path::new("b.jpg"), &bytes, &count).unwrap();
        assert_eq!(first, second);
        assert_eq!(decodes.get(), 1, "the same bytes are decoded once");
        for variant in &first.variants {
            for ext in ["jpg", "webp"] {
                let made = cache.read(&first, variant.width, ext).unwrap();
                let image = image::load_from_memory(&made).unwrap();
                assert_eq!(
                    (image.width(), image.height()),
                    (variant.width, variant.height)
                );
            }
        }
        let other = cache
            .process(Path::new("a.jpg"), &jpeg(500, 300), &count)
            .unwrap();
        assert_ne!(other.digest, first.digest);
        assert_eq!(decodes.get(), 2);
    }

    #[test]
    fn what_is_not_an_image_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let cache = ImageCache::new(dir.path());
        let error = cache
            .process(Path::new("x.jpg"), b"not a jpeg", &|| {})
            .unwrap_err();
        assert!(matches!(error, ImageError::Undecodable(_)), "{error}");
    }
}
