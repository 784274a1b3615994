//! Social cards: for each page without an image of its own, a 1200×630
//! PNG of its title, its kind or date and the dossier's title, drawn from
//! the theme's `card.svg` template with the fonts of the theme's `fonts/`
//! (and the site's), and kept in the image cache under the digest of what
//! it shows, so that a card is drawn once.
//!
//! Cards are PNGs of 16 colours: a card is a few flat colours and the
//! edges of its letters, which 16 shades draw as well as millions, in a
//! file of about 9 KB rather than 40 (a 10,000-story dossier has a card
//! per story).

use std::collections::hash_map::Entry;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use resvg::usvg::{self, fontdb};
use serde::Serialize;

use super::{ImageProgress, OUTPUT_FOLDER, process::write_atomically};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::digest::{FastMap, FastSet, FileDigest, file_digest};
use crate::pipeline::load::{Contents, StaticFile};

/// A card's size, in pixels: what Facebook, LinkedIn and X show large.
pub const CARD_WIDTH: u32 = 1200;
/// See [`CARD_WIDTH`].
pub const CARD_HEIGHT: u32 = 630;

/// The template cards are drawn from, below `templates/`.
pub const CARD_TEMPLATE: &str = "card.svg";

/// Bumped when drawing changes, so that cached cards are drawn again.
const CARD_VERSION: &str = "cards-1";

/// The folder of the image cache that holds the cards.
const CARDS_FOLDER: &str = "cards";

/// How many colours a card's PNG has (4 bits a pixel).
const CARD_COLOURS: usize = 16;

/// What a card shows, besides the dossier's title.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CardText {
    /// The page's title.
    pub title: String,
    /// Its kind or its date: `Person`, `17 June 2013`.
    pub label: String,
}

/// The cards of a build: each page's, by its path in the site.
#[derive(Debug, Default)]
pub struct Cards {
    by_page: FastMap<String, Arc<str>>,
    /// Each text's card: the next build names the cards of the texts it
    /// shares with this one without digesting them again.
    by_text: FastMap<CardText, Arc<str>>,
}

impl Cards {
    /// The output path of the card of the page at `site_path`
    /// (`_img/card-<digest>.png`), if it has one.
    pub fn of(&self, site_path: &str) -> Option<&str> {
        self.by_page.get(site_path).map(|p| &**p)
    }
}

/// The fonts cards are drawn with, and a digest of them.
#[derive(Clone)]
pub struct CardFonts {
    database: Arc<fontdb::Database>,
    digest: FileDigest,
}

impl std::fmt::Debug for CardFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardFonts")
            .field("faces", &self.database.len())
            .finish()
    }
}

impl CardFonts {
    /// The fonts of `files`: those named `.ttf`, `.otf`, `.ttc` or `.otc`
    /// (a licence beside them is left alone); one that is no font is an
    /// error naming it.
    pub fn load(files: &[StaticFile]) -> Result<Self, Vec<Diagnostic>> {
        let mut database = fontdb::Database::new();
        let mut diagnostics = Vec::new();
        let mut digests = Vec::new();
        for file in files {
            if !is_font_name(&file.output_path) {
                continue;
            }
            let Ok(bytes) = file.bytes() else { continue };
            let before = database.len();
            database.load_font_data(bytes.to_vec());
            if database.len() == before {
                diagnostics.push(
                    Diagnostic::error(
                        Code::UnusableFont,
                        &Path::new("fonts").join(&file.output_path),
                        1,
                        1,
                        "this is no font dossier can draw social cards with",
                    )
                    .with_hint("fonts/ holds TrueType or OpenType fonts (.ttf, .otf)"),
                );
            }
            digests.push(file_digest([&bytes[..]]).to_le_bytes());
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Ok(CardFonts {
            database: Arc::new(database),
            digest: file_digest(digests.iter().map(|d| &d[..])),
        })
    }

    /// A digest of the fonts' files.
    pub fn digest(&self) -> FileDigest {
        self.digest
    }

    /// `text` broken into lines no wider than `width` pixels in the face
    /// of `family` (the first font's when `None`) at `weight` and `size`;
    /// past `most` lines, the last ends with an ellipsis.
    pub fn wrap(
        &self,
        text: &str,
        style: &TextStyle,
        width: f32,
        most: usize,
    ) -> Option<Vec<String>> {
        let id = self.face(style)?;
        self.database.with_face_data(id, |data, index| {
            let face = ttf_parser::Face::parse(data, index).ok()?;
            let scale = style.size / f32::from(face.units_per_em());
            let measure = |s: &str| {
                s.chars()
                    .map(|c| {
                        face.glyph_index(c)
                            .and_then(|g| face.glyph_hor_advance(g))
                            .map_or(0.5 * style.size, |a| f32::from(a) * scale)
                    })
                    .sum::<f32>()
            };
            Some(wrap_words(text, width, most.max(1), &measure))
        })?
    }

    fn face(&self, style: &TextStyle) -> Option<fontdb::ID> {
        let family = match &style.family {
            Some(name) => fontdb::Family::Name(name),
            None => fontdb::Family::Name(&self.database.faces().next()?.families.first()?.0),
        };
        self.database.query(&fontdb::Query {
            families: &[family],
            weight: fontdb::Weight(style.weight),
            ..fontdb::Query::default()
        })
    }
}

/// The font a text is measured in.
#[derive(Debug, Clone)]
pub struct TextStyle {
    /// Its family; the first font's when `None`.
    pub family: Option<String>,
    /// 400 regular, 700 bold.
    pub weight: u16,
    /// Its size in pixels.
    pub size: f32,
}

fn is_font_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".ttf", ".otf", ".ttc", ".otc"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Words put on lines of at most `width`, as measured; a word wider than
/// a line has one of its own. The last of `most` lines ends with `…` when
/// words are left over.
fn wrap_words(text: &str, width: f32, most: usize, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let mut line = word.to_string();
        while let Some(next) = words.peek() {
            let longer = format!("{line} {next}");
            if measure(&longer) > width {
                break;
            }
            line = longer;
            words.next();
        }
        if lines.len() + 1 == most && words.peek().is_some() {
            while !line.is_empty() && measure(&format!("{line}…")) > width {
                line = match line.rsplit_once(' ') {
                    Some((head, _)) => head.to_string(),
                    None => break,
                };
            }
            lines.push(format!("{}…", line.trim_end_matches([',', ';', ':', '.'])));
            return lines;
        }
        lines.push(line);
    }
    lines
}

/// What draws a card: the card template rendered with its text, as SVG.
pub type DrawSvg<'d> = dyn Fn(&CardText) -> Result<String, Diagnostic> + Sync + 'd;

/// The names of the cards the cache folder holds, as far as this build
/// knows: read from the folder once, then told of each card drawn, so that
/// watch mode does not list ten thousand files for each rebuild.
#[derive(Debug, Default)]
pub struct CachedCards {
    names: Option<FastSet<String>>,
    listing: Option<std::thread::JoinHandle<FastSet<String>>>,
}

impl CachedCards {
    /// Starts listing the cards in `cache_folder` (the image cache) on a
    /// thread of its own, unless they are known: at 10,000 cards the
    /// listing takes milliseconds of one core, which the stages before the
    /// cards leave idle now and then.
    pub fn list_in_background(&mut self, cache_folder: &Path) {
        if self.names.is_none() && self.listing.is_none() {
            let folder = cache_folder.join(CARDS_FOLDER);
            self.listing = std::thread::Builder::new()
                .name("card listing".into())
                .spawn(move || list_cards(&folder))
                .ok();
        }
    }

    fn names(&mut self, folder: &Path) -> &mut FastSet<String> {
        if let Some(listing) = self.listing.take() {
            self.names = listing.join().ok();
        }
        self.names.get_or_insert_with(|| list_cards(folder))
    }
}

fn list_cards(folder: &Path) -> FastSet<String> {
    fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Every page's card: the ones in the cache found there, the others drawn
/// (in parallel) with `svg` and `fonts`; with the files to write. `key` is
/// a digest of everything else a card shows: the template, the fonts, the
/// dossier's title. `cached` is what is known of the cache folder; `last`
/// holds the last build's cards, for the same `key`. Returns the cards,
/// their files and how many were drawn.
pub fn prepare_cards(
    pages: Vec<(String, CardText)>,
    (key, last): (FileDigest, Option<&Cards>),
    fonts: &CardFonts,
    svg: &DrawSvg,
    (cache_folder, cached): (&Path, &mut CachedCards),
    progress: &ImageProgress,
) -> Result<(Cards, Vec<StaticFile>, usize), Vec<Diagnostic>> {
    let folder = cache_folder.join(CARDS_FOLDER);
    let cached = cached.names(&folder);
    let base = file_digest([CARD_VERSION.as_bytes(), &key.to_le_bytes()]).to_le_bytes();
    // Named in parallel: the last build's name for the same text, else a
    // new one (`true`), which two pages of the same text both make. A
    // text's name is its digest, so pages of one text have one name.
    let (pages, named): (Vec<_>, Vec<_>) = pages
        .into_par_iter()
        .map(|(site_path, text)| {
            let (output, new) = match last.and_then(|l| l.by_text.get(&text)) {
                Some(output) => (Arc::clone(output), false),
                None => (card_output(&base, &text), true),
            };
            ((site_path, Arc::clone(&output)), (text, output, new))
        })
        .unzip();
    // Each page's card, and each distinct text's, side by side.
    let (by_page, (by_text, to_draw)) = rayon::join(
        || pages.into_iter().collect::<FastMap<_, _>>(),
        || {
            let mut by_text: FastMap<CardText, Arc<str>> = FastMap::default();
            by_text.reserve(named.len());
            let mut to_draw: Vec<(CardText, PathBuf, String)> = Vec::new();
            for (text, output, new) in named {
                if let Entry::Vacant(first) = by_text.entry(text) {
                    let name = &output[OUTPUT_FOLDER.len()..];
                    if new && !cached.contains(name) {
                        to_draw.push((first.key().clone(), folder.join(name), name.to_string()));
                    }
                    first.insert(output);
                }
            }
            (by_text, to_draw)
        },
    );
    (progress.start)(to_draw.len());
    if !to_draw.is_empty() {
        fs::create_dir_all(&folder).map_err(|e| vec![cache_error(&folder, &e)])?;
    }
    let failures: Vec<Diagnostic> = to_draw
        .par_iter()
        .filter_map(|(text, path, _)| {
            let result = svg(text).and_then(|svg| {
                let png = draw(&svg, fonts).map_err(|e| card_error(&e))?;
                write_atomically(path, &png).map_err(|e| cache_error(path, &e))
            });
            (progress.step)();
            result.err()
        })
        .collect();
    if !failures.is_empty() {
        return Err(failures);
    }
    let drawn = to_draw.len();
    cached.extend(to_draw.into_iter().map(|(_, _, name)| name));
    let files = by_text
        .par_iter()
        .map(|(_, output)| StaticFile {
            output_path: output.to_string(),
            contents: Contents::File(folder.join(&output[OUTPUT_FOLDER.len()..])),
        })
        .collect();
    let cards = Cards { by_page, by_text };
    Ok((cards, files, drawn))
}

/// The output path of the card of `text` (`_img/card-<digest>.png`),
/// `base` being the digest of everything else cards show.
fn card_output(base: &[u8], text: &CardText) -> Arc<str> {
    let digest = file_digest([base, text.title.as_bytes(), b"\0", text.label.as_bytes()]);
    format!("{OUTPUT_FOLDER}card-{:020x}.png", digest >> 48).into()
}

fn card_error(message: &str) -> Diagnostic {
    Diagnostic::error(
        Code::CardTemplate,
        &PathBuf::from("templates").join(CARD_TEMPLATE),
        1,
        1,
        format!("a social card could not be drawn: {message}"),
    )
    .with_hint("check that templates/card.svg is an SVG image of 1200×630 pixels")
}

fn cache_error(path: &Path, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::CacheNotWritable,
        path,
        1,
        1,
        format!("the image cache could not be written: {error}"),
    )
    .with_hint("check that the site's folder can be written; the cache is safe to delete")
}

/// The PNG of a card's SVG.
fn draw(svg: &str, fonts: &CardFonts) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        fontdb: Arc::clone(&fonts.database),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(CARD_WIDTH, CARD_HEIGHT).expect("a card's size");
    let size = tree.size();
    let scale = resvg::tiny_skia::Transform::from_scale(
        CARD_WIDTH as f32 / size.width(),
        CARD_HEIGHT as f32 / size.height(),
    );
    resvg::render(&tree, scale, &mut pixmap.as_mut());
    encode_indexed(pixmap.data())
}

/// RGBA pixels as a PNG of [`CARD_COLOURS`] colours, four bits a pixel,
/// unfiltered (filters help photographs, not palettes).
fn encode_indexed(rgba: &[u8]) -> Result<Vec<u8>, String> {
    let quantizer = color_quant::NeuQuant::new(30, CARD_COLOURS, rgba);
    let packed = palette_indices(rgba, &quantizer);
    let mut png = Vec::with_capacity(16 * 1024);
    let mut encoder = png::Encoder::new(&mut png, CARD_WIDTH, CARD_HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Four);
    encoder.set_palette(quantizer.color_map_rgb());
    // After the compression, which chooses a filter of its own.
    encoder.set_compression(png::Compression::Balanced);
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(&packed)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(png)
}

/// Each pixel's colour in the quantizer's palette, two pixels a byte (a
/// card's width is even, so rows are whole bytes). A card is mostly runs
/// of one colour: a row like the one above is copied, and a run of eight
/// pixels like the last one is filled at once, so that the quantizer is
/// asked about the edges of letters rather than about every pixel.
fn palette_indices(rgba: &[u8], quantizer: &color_quant::NeuQuant) -> Vec<u8> {
    const RUN: usize = 8;
    let width = CARD_WIDTH as usize;
    let (row_bytes, row_packed) = (width * 4, width / 2);
    let mut packed = vec![0u8; rgba.len() / 8];
    for (y, row) in rgba.chunks_exact(row_bytes).enumerate() {
        let start = y * row_packed;
        if y > 0 && row == &rgba[row_bytes * (y - 1)..row_bytes * y] {
            packed.copy_within(start - row_packed..start, start);
            continue;
        }
        let mut run = [0u8; 4 * RUN];
        let mut last = None;
        let mut x = 0;
        while x < width {
            let pixel = &row[4 * x..4 * x + 4];
            let index = match last {
                Some(index)
                    if x % 2 == 0 && x + RUN <= width && row[4 * x..4 * (x + RUN)] == run =>
                {
                    packed[start + x / 2..start + (x + RUN) / 2].fill(index << 4 | index);
                    x += RUN;
                    continue;
                }
                Some(index) if pixel == &run[..4] => index,
                _ => {
                    let index = quantizer.index_of(pixel) as u8;
                    for chunk in run.chunks_exact_mut(4) {
                        chunk.copy_from_slice(pixel);
                    }
                    last = Some(index);
                    index
                }
            };
            packed[start + x / 2] |= if x % 2 == 0 { index << 4 } else { index };
            x += 1;
        }
    }
    packed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn words_fill_lines_and_the_last_line_says_more_was_left_out() {
        let text = "Ecuador grants asylum to Julian Assange, two months on";
        assert_eq!(
            wrap_words(text, 20.0, 5, &by_chars),
            [
                "Ecuador grants",
                "asylum to Julian",
                "Assange, two months",
                "on"
            ]
        );
        assert_eq!(
            wrap_words(text, 20.0, 2, &by_chars),
            ["Ecuador grants", "asylum to Julian…"]
        );
        assert_eq!(
            wrap_words("Supercalifragilistic", 5.0, 3, &by_chars),
            ["Supercalifragilistic"]
        );
    }

    #[test]
    fn a_drawn_card_is_a_png_of_sixteen_colours_at_the_card_size() {
        let fonts = CardFonts::load(&[]).unwrap();
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="1200" height="630" fill="#fbfaf7"/><rect width="600" height="20" fill="#a4291d"/></svg>"##;
        let png = draw(svg, &fonts).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (CARD_WIDTH, CARD_HEIGHT));
        assert_eq!(info.color_type, png::ColorType::Indexed);
        assert!(info.palette.as_ref().unwrap().len() <= 3 * CARD_COLOURS);
    }
}
