//! Stage 1: read every input file of a site into memory.
//!
//! Nothing here interprets content: it finds files, decodes them as UTF-8 and
//! hands them on, so that watch mode can re-read just the files that changed.
//! What each file of `content/` is comes from `content.rs`, how files are
//! read and checked from `files.rs`, the theme from `theme.rs`.

mod content;
mod files;
mod theme;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::model::config::{CONFIG_FILE, Config};
use crate::model::digest::{CODE_VERSION, FileDigest, file_digest};
use crate::no_follow;
use rayon::prelude::*;

pub use content::ContentFiles;
use content::{ContentRole, content_role, unread_markdown};
use files::{collect, files_under, is_present, read_all};
pub use files::{decode, is_ignored_name, read_text};
pub use theme::template_name;
use theme::{load_theme, read_files, read_static};

/// A text file of the site, decoded.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, for messages and for stable ordering.
    pub path: PathBuf,
    /// Shared: watch mode's cache, the build and story bodies hold one copy.
    pub text: Arc<str>,
    /// A digest of the path and text: equal digests, equal files.
    pub digest: FileDigest,
}

impl SourceFile {
    /// The file at `path` (relative to the site root) holding `text`, with
    /// its digest.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        let (path, text): (PathBuf, Arc<str>) = (path.into(), text.into());
        SourceFile {
            digest: digest(&path, text.as_bytes()),
            path,
            text,
        }
    }
}

/// The digest of a file: its path and its bytes.
pub fn digest(path: &Path, bytes: &[u8]) -> FileDigest {
    file_digest([path.as_os_str().as_encoded_bytes(), bytes])
}

/// A file copied as is into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Relative to the output folder, with `/` separators.
    pub output_path: String,
    /// Its content.
    pub contents: Contents,
}

/// Where a static file's bytes are.
#[derive(Debug, Clone)]
pub enum Contents {
    /// In memory, shared so that watch mode's cache and the build hold one
    /// copy: the site's and the theme's static files.
    Memory(Arc<[u8]>),
    /// In a file read when it is written, so that memory holds only the
    /// files being written: an image's variants in the cache, which are
    /// named by the digest of what they are made from.
    File(PathBuf),
    /// A large file of the site (a photograph, a PDF), left on disk and
    /// known by its `stamp`: a digest of its path, size and modification
    /// time, so that a build neither holds nor hashes it unless it changed.
    Original {
        /// Where it is (below the site's root).
        path: PathBuf,
        /// Its path, size and time, digested.
        stamp: u64,
    },
}

impl StaticFile {
    /// A file whose bytes are in memory.
    pub fn in_memory(output_path: String, bytes: impl Into<Arc<[u8]>>) -> Self {
        StaticFile {
            output_path,
            contents: Contents::Memory(bytes.into()),
        }
    }

    /// Its bytes, read from its file when they are not in memory.
    pub fn bytes(&self) -> Result<std::borrow::Cow<'_, [u8]>> {
        match &self.contents {
            Contents::Memory(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            // A file of the site may have been swapped for a link since it
            // was listed: it is read only if it is still a regular file.
            Contents::File(path) | Contents::Original { path, .. } => {
                crate::no_follow::read_regular_bytes(path)
                    .map(std::borrow::Cow::Owned)
                    .map_err(|e| Error::read(path, e))
            }
        }
    }

    /// The file to copy it from, and the signature of what it holds, when
    /// its bytes are on disk: a file is known unchanged by its signature
    /// without being read.
    pub fn on_disk(&self) -> Option<(&Path, u64)> {
        match &self.contents {
            Contents::Memory(_) => None,
            // Named by the digest of its content: the same name, the same bytes.
            Contents::File(path) => Some((path, crate::model::digest::digest64(path.file_name()))),
            Contents::Original { path, stamp } => Some((path, *stamp)),
        }
    }

    /// Whether its file is one of the cache's, never written again once
    /// made, which the output may share rather than copy.
    pub fn in_cache(&self) -> bool {
        matches!(self.contents, Contents::File(_))
    }

    /// A digest of what it holds, for the fingerprint: of its bytes, of
    /// the name of a file named by the digest of its content, or of a large
    /// file's stamp.
    fn digest(&self) -> FileDigest {
        match &self.contents {
            Contents::Memory(bytes) => digest(Path::new(&self.output_path), bytes),
            Contents::File(path) => digest(path, &[]),
            Contents::Original { stamp, .. } => {
                digest(Path::new(&self.output_path), &stamp.to_le_bytes())
            }
        }
    }
}

/// Everything a build reads.
#[derive(Debug, Clone)]
pub struct Sources {
    /// `dossier.yaml`, read and checked.
    pub config: Config,
    /// The text of `dossier.yaml`, for the fingerprint.
    pub config_text: String,
    /// The stories, profiles and home page of `content/`.
    pub content: ContentFiles,
    /// The theme's templates, then the site's overrides (later ones win).
    pub templates: Vec<SourceFile>,
    /// The theme's static files, then the site's (later ones win).
    pub static_files: Vec<StaticFile>,
    /// The fonts social cards are drawn with: the theme's `fonts/`, then
    /// the site's.
    pub fonts: Vec<StaticFile>,
    /// The interface's words: the theme's `i18n/` files, then the site's.
    pub translations: Vec<SourceFile>,
    /// The images beside Markdown files of `content/`, by their path from
    /// the site's root (`content/stories/2012/embassy.jpg`): read, and
    /// written only as the pages that show them need.
    pub content_images: Vec<StaticFile>,
    /// About the files read: a Markdown file of `content/` that is none of
    /// the site's kinds of file, say.
    pub warnings: Vec<Diagnostic>,
}

impl Sources {
    /// A digest of everything a build reads, and of `options` (what else
    /// changes the output: the version of dossier, command-line options).
    /// Equal fingerprints mean equal output.
    pub fn fingerprint(&self, options: &str) -> String {
        let content = &self.content;
        let texts = content
            .home
            .iter()
            .chain(&content.stories)
            .chain(content.profiles.iter().map(|(_, f)| f))
            .chain(&content.pages)
            .chain(&content.documents);
        let statics: Vec<FileDigest> = self
            .static_files
            .par_iter()
            .chain(&self.fonts)
            .chain(&self.content_images)
            .map(StaticFile::digest)
            .collect();
        let config = digest(Path::new(CONFIG_FILE), self.config_text.as_bytes());
        let digests: Vec<[u8; 16]> = std::iter::once(config)
            .chain(
                texts
                    .chain(&self.templates)
                    .chain(&self.translations)
                    .map(|f| f.digest),
            )
            .chain(statics)
            .map(u128::to_le_bytes)
            .collect();
        let all = file_digest(
            [options.as_bytes(), CODE_VERSION.as_bytes()]
                .into_iter()
                .chain(digests.iter().map(|d| &d[..])),
        );
        format!("{all:032x}")
    }
}

/// Reads and checks `dossier.yaml`; returns it with its text.
pub fn read_config(root: &Path) -> Result<(Config, SourceFile)> {
    if !is_present(&root.join(CONFIG_FILE)) {
        return Err(Error::Content(vec![
            Diagnostic::error(Code::NoConfig, Path::new(CONFIG_FILE), 1, 1, format!("no {CONFIG_FILE} in {}", root.display()))
                .with_hint("run dossier in a site's folder, pass --root DIR, or start a site with `dossier init`"),
        ]));
    }
    let text = read_text(root, Path::new(CONFIG_FILE))?.map_err(|d| Error::Content(vec![d]))?;
    let config = Config::parse(Path::new(CONFIG_FILE), &text.text).map_err(Error::Content)?;
    Ok((config, text))
}

/// Reads the site at `root`. Content problems are collected as diagnostics;
/// only an unreadable folder or file is an immediate error.
pub fn load(root: &Path) -> Result<Sources> {
    let (config, config_text) = read_config(root)?;
    let mut diagnostics = Vec::new();

    let (content, content_images, warnings) = read_content(root, &config, &mut diagnostics)?;
    let mut theme = load_theme(root, &config.theme, &mut diagnostics)?;
    theme.templates.extend(read_all(
        root,
        &files_under(root, "templates")?,
        &mut diagnostics,
    )?);
    let site_statics = read_static(root, "static", &mut diagnostics)?;
    theme.static_files.extend(site_statics);
    theme
        .fonts
        .extend(read_static(root, "fonts", &mut diagnostics)?);
    let site_translations = theme::read_translations(root, "i18n", &mut diagnostics)?;
    theme.translations.extend(site_translations);

    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diagnostics));
    }
    let mut warnings = warnings;
    warnings.extend(diagnostics);
    Ok(Sources {
        config,
        config_text: config_text.text.to_string(),
        content,
        warnings,
        templates: theme.templates,
        static_files: theme.static_files,
        fonts: theme.fonts,
        translations: theme.translations,
        content_images,
    })
}

/// Reads every file of `content/` the site has a role for, in one walk,
/// and the images beside them; returns them with a warning for each
/// Markdown file it does not read.
fn read_content(
    root: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(ContentFiles, Vec<StaticFile>, Vec<Diagnostic>)> {
    let mut stories = Vec::new();
    let mut profiles = Vec::new();
    let mut pages = Vec::new();
    let mut documents = Vec::new();
    let mut home = None;
    let mut warnings = Vec::new();
    let mut images = Vec::new();
    for path in files_under(root, "content")? {
        match content_role(config, &path) {
            Some(ContentRole::Story) => stories.push(path),
            Some(ContentRole::Profile(kind)) => profiles.push((kind, path)),
            Some(ContentRole::Page) => pages.push(path),
            Some(ContentRole::Document) => documents.push(path),
            Some(ContentRole::Home) => home = Some(path),
            _ if is_image_name(&path) => images.push(path),
            // A link to a folder of stories, say: never followed, never silent.
            _ if no_follow::is_link(&root.join(&path)) => {
                warnings.push(files::link_left_out(&path))
            }
            _ => warnings.extend(unread_markdown(config, &path)),
        }
    }
    // By kind, then path: the order watch mode keeps them in. A file's
    // kind is its folder's, found again once it is read.
    profiles.sort();
    let profile_paths: Vec<PathBuf> = profiles.into_iter().map(|(_, p)| p).collect();
    let content = ContentFiles {
        home: match home {
            Some(path) => collect(read_text(root, &path)?, diagnostics),
            None => None,
        },
        stories: read_all(root, &stories, diagnostics)?,
        profiles: read_all(root, &profile_paths, diagnostics)?
            .into_iter()
            .filter_map(|f| match content_role(config, &f.path) {
                Some(ContentRole::Profile(kind)) => Some((kind, f)),
                _ => None,
            })
            .collect(),
        pages: read_all(root, &pages, diagnostics)?,
        documents: read_all(root, &documents, diagnostics)?,
    };
    let images = read_files(root, &images, diagnostics)?;
    Ok((content, images, warnings))
}

/// Whether a file of `content/` is an image pages may show.
fn is_image_name(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let images = [".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".avif"];
    images.iter().any(|e| name.ends_with(e))
}

/// Too many changes at once (a `git checkout`) are read again in full.
const MOST_CHANGES_RELOADED: usize = 100;

/// Re-reads only the `changed` files (absolute, or relative to `root`) of
/// a site loaded before as `previous`: content files are replaced, added or
/// dropped one by one, so that watch mode does not read every file again
/// after each save. Returns `None` when the changes need a full [`load`]:
/// the configuration, templates, static files or themes changed, a folder
/// appeared, moved or went away, or there are too many changes.
pub fn reload(root: &Path, previous: &Sources, changed: &[PathBuf]) -> Option<Result<Sources>> {
    if changed.len() > MOST_CHANGES_RELOADED {
        return None;
    }
    let absolute_root = std::path::absolute(root).ok()?;
    let mut sources = previous.clone();
    let mut diagnostics = Vec::new();
    for path in changed {
        let relative = match path.strip_prefix(&absolute_root) {
            Ok(inside) => inside,
            Err(_) if path.is_relative() => path.as_path(),
            Err(_) => return None,
        };
        let role = content_role(&sources.config, relative)?;
        let full = root.join(relative);
        let is_dir = fs::symlink_metadata(&full).is_ok_and(|m| m.is_dir());
        if is_dir || (!is_present(&full) && sources.content.has_folder(relative)) {
            return None;
        }
        if role == ContentRole::None && is_image_name(relative) {
            return None;
        }
        // What loading said of the file before (a link left out) holds no more.
        sources.warnings.retain(|w| w.path != relative);
        if role == ContentRole::None {
            if no_follow::is_link(&full) {
                sources.warnings.push(files::link_left_out(relative));
            } else if is_present(&full) {
                sources
                    .warnings
                    .extend(unread_markdown(&sources.config, relative));
            }
            continue;
        }
        let file = if is_present(&full) {
            match read_text(root, relative) {
                Ok(Ok(file)) => Some(file),
                Ok(Err(diagnostic)) if !diagnostic.is_error() => {
                    sources.warnings.push(diagnostic);
                    None
                }
                Ok(Err(diagnostic)) => {
                    diagnostics.push(diagnostic);
                    continue;
                }
                Err(error) => return Some(Err(error)),
            }
        } else {
            None
        };
        sources.content.replace(role, relative, file);
    }
    if diagnostics.is_empty() {
        Some(Ok(sources))
    } else {
        Some(Err(Error::Content(diagnostics)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn story(title: &str) -> String {
        format!("---\ntitle: {title}\ndate: 2013-01-01\n---\nText.\n")
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "dossier.yaml",
            "title: T\nbase_url: https://example.org/\n",
        );
        write(root, "content/stories/2013/a.md", &story("A"));
        write(root, "content/stories/2013/b.md", &story("B"));
        write(root, "content/people/x.md", "---\nname: X\n---\n");
        write(root, "content/places/london.md", "---\nname: London\n---\n");
        dir
    }

    /// Every content file a load found, in its order, with its digest.
    fn content(sources: &Sources) -> Vec<(Option<crate::model::ids::KindId>, PathBuf, FileDigest)> {
        let content = &sources.content;
        let file = |kind, f: &SourceFile| (kind, f.path.clone(), f.digest);
        content
            .home
            .iter()
            .map(|f| file(None, f))
            .chain(content.stories.iter().map(|f| file(None, f)))
            .chain(content.profiles.iter().map(|(k, f)| file(Some(*k), f)))
            .collect()
    }

    #[test]
    fn reloading_the_changed_files_equals_loading_again() {
        let dir = site();
        let root = dir.path();
        let before = load(root).unwrap();
        write(root, "content/stories/2013/a.md", &story("A, edited"));
        write(root, "content/stories/2012/c.md", &story("C"));
        write(root, "content/stories/2013/aa.md", &story("AA"));
        fs::remove_file(root.join("content/stories/2013/b.md")).unwrap();
        write(
            root,
            "content/people/a-first.md",
            "---\nname: A First\n---\n",
        );
        write(root, "content/_index.md", "---\ntitle: Home\n---\nHello.\n");
        write(root, "content/stories/notes.txt", "not a story");
        write(root, "content/stories/.a.md.swp", "an editor's");
        let absolute = std::path::absolute(root).unwrap();
        let changed: Vec<PathBuf> = [
            "content/stories/2013/a.md",
            "content/stories/2012/c.md",
            "content/stories/2013/aa.md",
            "content/stories/2013/b.md",
            "content/people/a-first.md",
            "content/_index.md",
            "content/stories/notes.txt",
            "content/stories/.a.md.swp",
        ]
        .iter()
        .enumerate()
        // Watchers report absolute paths; relative ones work too.
        .map(|(i, p)| {
            if i % 2 == 0 {
                absolute.join(p)
            } else {
                p.into()
            }
        })
        .collect();
        let reloaded = reload(root, &before, &changed).expect("no full load needed");
        let again = load(root).unwrap();
        assert_eq!(content(&reloaded.unwrap()), content(&again));
        assert_ne!(content(&before), content(&again));
    }

    #[test]
    fn changes_beyond_content_files_need_a_full_load() {
        let dir = site();
        let root = dir.path();
        let before = load(root).unwrap();
        for path in [
            "dossier.yaml",
            "templates/story.html",
            "static/style.css",
            "themes/mine/templates/base.html",
        ] {
            write(root, path, "x");
            assert!(reload(root, &before, &[path.into()]).is_none(), "{path}");
        }
        write(root, "content/stories/2014/d.md", &story("D"));
        let new_folder = PathBuf::from("content/stories/2014");
        assert!(reload(root, &before, &[new_folder]).is_none());
        fs::remove_dir_all(root.join("content/stories/2013")).unwrap();
        let gone_folder = PathBuf::from("content/stories/2013");
        assert!(reload(root, &before, &[gone_folder]).is_none());
        let elsewhere = std::env::temp_dir().join("elsewhere.md");
        assert!(reload(root, &before, &[elsewhere]).is_none());
    }

    #[test]
    fn a_changed_file_that_cannot_be_read_as_text_is_a_diagnostic() {
        let dir = site();
        let root = dir.path();
        let before = load(root).unwrap();
        write(root, "content/stories/2013/a.md", "  \n");
        let changed = [PathBuf::from("content/stories/2013/a.md")];
        match reload(root, &before, &changed) {
            Some(Err(Error::Content(diagnostics))) => {
                assert_eq!(diagnostics[0].path, changed[0]);
                assert_eq!(diagnostics[0].message, "the file is empty");
            }
            other => panic!("expected a diagnostic, got {other:?}"),
        }
    }
}
