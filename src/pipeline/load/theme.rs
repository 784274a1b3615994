//! The theme: the site's `themes/<name>/`, else the default theme
//! compiled into the binary, and the static files beside it.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use super::files::{files_under, read_all, read_each, read_regular, slash_path};
use super::{Contents, SourceFile, StaticFile};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Result;
use crate::model::config::CONFIG_FILE;
use crate::model::digest::digest64;

/// The default theme, compiled into the binary so that a site needs no `themes/` folder.
static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The files below `folder`, each named by its path below it.
pub(super) fn read_static(
    root: &Path,
    folder: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<StaticFile>> {
    let mut files = read_files(root, &files_under(root, folder)?, diagnostics)?;
    for file in &mut files {
        file.output_path = file.output_path[folder.len() + 1..].to_string();
    }
    Ok(files)
}

/// The files at `paths` (from `root`), each named by its path from the root.
pub(super) fn read_files(
    root: &Path,
    paths: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<StaticFile>> {
    read_each(root, paths, diagnostics, |root, path| {
        if let Some(original) = original(root, path) {
            return Ok(Ok(original));
        }
        let bytes = read_regular(root, path)?;
        Ok(bytes.map(|bytes| StaticFile::in_memory(slash_path(path), bytes)))
    })
}

/// Files larger than this are left on disk until they are copied (see
/// `Contents::Original`): photographs and PDFs, not style sheets.
pub(super) const LARGEST_READ: u64 = 256 * 1024;

/// The file at `path`, left on disk, when it is a regular file larger than
/// [`LARGEST_READ`]; anything else is read, and what it is reported.
fn original(root: &Path, path: &Path) -> Option<StaticFile> {
    let full = root.join(path);
    let meta = std::fs::symlink_metadata(&full).ok()?;
    if !meta.file_type().is_file() || meta.len() <= LARGEST_READ {
        return None;
    }
    let modified = meta.modified().ok()?;
    let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(StaticFile {
        output_path: slash_path(path),
        contents: Contents::Original {
            stamp: digest64((path, meta.len(), since.as_nanos())),
            path: full,
        },
    })
}

/// A template's name, as templates refer to each other: its path below `templates/`.
pub fn template_name(path: &Path) -> String {
    let components: Vec<_> = path.components().collect();
    let start = components
        .iter()
        .rposition(|c| c.as_os_str() == "templates")
        .map_or(0, |i| i + 1);
    slash_path(&components[start..].iter().collect::<PathBuf>())
}

/// The translation files of `folder` (`i18n`, `themes/x/i18n`); any other
/// file there is named in a warning, not read.
pub(super) fn read_translations(
    root: &Path,
    folder: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<SourceFile>> {
    let (files, others): (Vec<PathBuf>, Vec<PathBuf>) = files_under(root, folder)?
        .into_iter()
        .partition(|p| is_translation_name(p));
    for path in others {
        diagnostics.push(
            Diagnostic::warning(
                Code::FileNotRead,
                &path,
                1,
                1,
                "not a translation file: left out",
            )
            .with_hint("name translation files after their language: es.yaml, pt-BR.yaml"),
        );
    }
    read_all(root, &files, diagnostics)
}

fn is_translation_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}

/// A theme's files, read.
#[derive(Debug, Default)]
pub(super) struct Theme {
    pub templates: Vec<SourceFile>,
    pub static_files: Vec<StaticFile>,
    /// The fonts of `fonts/`, which social cards are drawn with.
    pub fonts: Vec<StaticFile>,
    /// The interface's words in each language, `i18n/<lang>.yaml`.
    pub translations: Vec<SourceFile>,
}

/// The theme's templates, static files and fonts: from `themes/<name>/`
/// when the site has that folder, else the embedded default theme.
pub(super) fn load_theme(
    root: &Path,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Theme> {
    let folder = format!("themes/{name}");
    if root.join(&folder).is_dir() {
        let templates = files_under(root, &format!("{folder}/templates"))?;
        return Ok(Theme {
            templates: read_all(root, &templates, diagnostics)?,
            static_files: read_static(root, &format!("{folder}/static"), diagnostics)?,
            fonts: read_static(root, &format!("{folder}/fonts"), diagnostics)?,
            translations: read_translations(root, &format!("{folder}/i18n"), diagnostics)?,
        });
    }
    if name != "default" {
        diagnostics.push(
            Diagnostic::error(
                Code::UnknownTheme,
                Path::new(CONFIG_FILE),
                1,
                1,
                format!("theme `{name}` not found"),
            )
            .with_hint(format!(
                "create the folder {folder}/, or use `theme: default`"
            )),
        );
        return Ok(Theme::default());
    }
    Ok(embedded_theme())
}

fn embedded_theme() -> Theme {
    let mut theme = Theme::default();
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(dir) = stack.pop() {
        stack.extend(dir.dirs());
        for file in dir.files() {
            let path = file.path();
            if let Ok(inner) = path.strip_prefix("static") {
                let file = StaticFile::in_memory(slash_path(inner), file.contents());
                theme.static_files.push(file);
            } else if let Ok(inner) = path.strip_prefix("fonts") {
                let file = StaticFile::in_memory(slash_path(inner), file.contents());
                theme.fonts.push(file);
            } else if path.starts_with("templates") {
                theme.templates.push(SourceFile::new(
                    Path::new("themes/default").join(path),
                    String::from_utf8_lossy(file.contents()),
                ));
            } else if path.starts_with("i18n") && is_translation_name(path) {
                theme.translations.push(SourceFile::new(
                    Path::new("themes/default").join(path),
                    String::from_utf8_lossy(file.contents()),
                ));
            }
        }
    }
    theme.templates.sort_by(|a, b| a.path.cmp(&b.path));
    theme.translations.sort_by(|a, b| a.path.cmp(&b.path));
    theme
        .static_files
        .sort_by(|a, b| a.output_path.cmp(&b.output_path));
    theme
        .fonts
        .sort_by(|a, b| a.output_path.cmp(&b.output_path));
    theme
}
