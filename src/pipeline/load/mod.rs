//! Stage 1: read every input file of a site into memory.
//!
//! Nothing here interprets content: it finds files, decodes them as UTF-8 and
//! hands them on, so that watch mode can re-read just the files that changed.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::model::config::{CONFIG_FILE, Config};
use crate::model::digest::{CODE_VERSION, FileDigest, file_digest};
use crate::model::ids::{self, KindId};

/// The default theme, compiled into the binary so that a site needs no `themes/` folder.
static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

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
    /// Its content, shared so that watch mode's cache and the build hold
    /// one copy.
    pub bytes: Arc<[u8]>,
}

/// The Markdown files of `content/`.
#[derive(Debug, Default, Clone)]
pub struct ContentFiles {
    /// `content/_index.md`, if the site has one.
    pub home: Option<SourceFile>,
    /// Every Markdown file under `content/stories/`, at any depth, by path
    /// (`_index.md` files left out).
    pub stories: Vec<SourceFile>,
    /// Profiles with the index of their kind in `config.kinds`.
    pub profiles: Vec<(KindId, SourceFile)>,
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
            .chain(content.profiles.iter().map(|(_, f)| f));
        let statics: Vec<FileDigest> = self
            .static_files
            .par_iter()
            .map(|f| digest(Path::new(&f.output_path), &f.bytes))
            .collect();
        let config = digest(Path::new(CONFIG_FILE), self.config_text.as_bytes());
        let digests: Vec<[u8; 16]> = std::iter::once(config)
            .chain(texts.chain(&self.templates).map(|f| f.digest))
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
            Diagnostic::error(Path::new(CONFIG_FILE), 1, 1, format!("no {CONFIG_FILE} in {}", root.display()))
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

    let home_path = Path::new("content/_index.md");
    let home = if is_present(&root.join(home_path)) {
        collect(read_text(root, home_path)?, &mut diagnostics)
    } else {
        None
    };
    let stories = read_all(
        root,
        &markdown_files(root, "content/stories", true)?,
        &mut diagnostics,
    )?;
    let mut profiles = Vec::new();
    for (kind, k) in ids::enumerate(&config.kinds) {
        let files = markdown_files(root, &format!("content/{}", k.key), false)?;
        profiles.extend(
            read_all(root, &files, &mut diagnostics)?
                .into_iter()
                .map(|f| (kind, f)),
        );
    }
    let (mut templates, mut static_files) = load_theme(root, &config.theme, &mut diagnostics)?;
    templates.extend(read_all(
        root,
        &files_under(root, "templates")?,
        &mut diagnostics,
    )?);
    static_files.extend(read_static(root, "static", &mut diagnostics)?);

    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(diagnostics));
    }
    Ok(Sources {
        config,
        config_text: config_text.text.to_string(),
        content: ContentFiles {
            home,
            stories,
            profiles,
        },
        templates,
        static_files,
    })
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
        if role == ContentRole::None {
            continue;
        }
        let file = if is_present(&full) {
            match read_text(root, relative) {
                Ok(Ok(file)) => Some(file),
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

/// What a file under `content/` is to [`load`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ContentRole {
    Home,
    Story,
    /// A profile of the kind with this index in `config.kinds`.
    Profile(KindId),
    /// Not read: not Markdown, hidden, or outside the places load reads.
    None,
}

/// The role of the file at `relative`, or `None` when it is not in
/// `content/` (a change there needs a full load).
fn content_role(config: &Config, relative: &Path) -> Option<ContentRole> {
    let names: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if names.first().map(String::as_str) != Some("content") {
        return None;
    }
    if names.iter().skip(1).any(|name| is_ignored_name(name)) {
        return Some(ContentRole::None);
    }
    let file_name = names.last().map_or("", String::as_str);
    let markdown = file_name.ends_with(".md") && file_name.len() > 3;
    let role = match names.get(1).map(String::as_str) {
        _ if names.len() == 2 && file_name == "_index.md" => ContentRole::Home,
        _ if !markdown || file_name == "_index.md" => ContentRole::None,
        Some("stories") if names.len() > 2 => ContentRole::Story,
        Some(kind) if names.len() == 3 => config
            .kinds
            .iter()
            .position(|k| k.key == kind)
            .map_or(ContentRole::None, |k| ContentRole::Profile(KindId::new(k))),
        _ => ContentRole::None,
    };
    Some(role)
}

impl ContentFiles {
    /// Whether some file is below `folder`.
    fn has_folder(&self, folder: &Path) -> bool {
        let below = |file: &SourceFile| file.path != folder && file.path.starts_with(folder);
        self.stories.iter().any(below) || self.profiles.iter().any(|(_, f)| below(f))
    }

    /// Puts `file` in the place of the one at `path`, keeping the order
    /// [`load`] reads them in; `None` drops it.
    fn replace(&mut self, role: ContentRole, path: &Path, file: Option<SourceFile>) {
        match role {
            ContentRole::Home => self.home = file,
            ContentRole::Story => {
                let at = self
                    .stories
                    .binary_search_by(|f| f.path.as_path().cmp(path));
                replace_at(&mut self.stories, at, file);
            }
            ContentRole::Profile(kind) => {
                let at = self
                    .profiles
                    .binary_search_by(|(k, f)| (*k, f.path.as_path()).cmp(&(kind, path)));
                replace_at(&mut self.profiles, at, file.map(|f| (kind, f)));
            }
            ContentRole::None => {}
        }
    }
}

/// Replaces, inserts or removes at a binary search's answer.
fn replace_at<T>(items: &mut Vec<T>, at: Result<usize, usize>, item: Option<T>) {
    match (at, item) {
        (Ok(i), Some(item)) => items[i] = item,
        (Ok(i), None) => {
            items.remove(i);
        }
        (Err(i), Some(item)) => items.insert(i, item),
        (Err(_), None) => {}
    }
}

fn collect(
    file: Result<SourceFile, Diagnostic>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    file.map_err(|d| diagnostics.push(d)).ok()
}

fn read_all(
    root: &Path,
    paths: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<SourceFile>> {
    let results: Vec<_> = paths
        .par_iter()
        .map(|p| read_text(root, p))
        .collect::<Result<_>>()?;
    Ok(results
        .into_iter()
        .filter_map(|r| collect(r, diagnostics))
        .collect())
}

/// Reads one file; a file that is empty, not UTF-8, holds characters that
/// pages and feeds cannot carry or is not a regular file is a diagnostic,
/// not a failure.
pub fn read_text(root: &Path, path: &Path) -> Result<Result<SourceFile, Diagnostic>> {
    Ok(match read_regular(root, path)? {
        Ok(bytes) => decode(path, bytes),
        Err(diagnostic) => Err(diagnostic),
    })
}

/// The bytes of the file at `path` (relative to `root`) when it is a
/// regular file. Anything else is a diagnostic, never read: a FIFO or a
/// device could block the build forever, and a link could lead anywhere.
fn read_regular(root: &Path, path: &Path) -> Result<Result<Vec<u8>, Diagnostic>> {
    let full = root.join(path);
    let not_regular = |meta: &fs::Metadata| {
        let what = not_regular(meta)?;
        let hint = if meta.file_type().is_symlink() {
            "dossier does not follow links in a site's folders (they could lead anywhere): put the file itself here"
        } else {
            "dossier reads only regular files: replace it with one, or move it out of the site's folders"
        };
        Some(Ok(Err(Diagnostic::error(
            path,
            1,
            1,
            format!("this is {what}, not a regular file"),
        )
        .with_hint(hint))))
    };
    let mut file = match open_no_follow(&full) {
        Ok(file) => file,
        // A link (which the open refuses to follow), or a file gone since
        // it was listed: say which.
        Err(e) => {
            if let Ok(meta) = fs::symlink_metadata(&full)
                && let Some(refused) = not_regular(&meta)
            {
                return refused;
            }
            return Err(Error::read(&full, e));
        }
    };
    let meta = file.metadata().map_err(|e| Error::read(&full, e))?;
    if let Some(refused) = not_regular(&meta) {
        return refused;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::read(&full, e))?;
    Ok(Ok(bytes))
}

/// Opens a file to read without following a link at its name, and without
/// waiting for a writer if it is a FIFO: the caller then sees what it is.
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

/// Opens a file to read, once it is known not to be a link.
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<fs::File> {
    let meta = fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    fs::File::open(path)
}

/// What a file that is not a regular file is, for the message.
fn not_regular(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_symlink() {
        return Some("a symbolic link");
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

/// Whether anything is at `path`, a link included (which `Path::exists`
/// follows).
fn is_present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Decodes file bytes as UTF-8 text without a byte order mark.
pub fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::error(path, 1, 1, "the file is empty")
            .with_hint("write the front matter and text, or delete the file"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => match unrepresentable(&text) {
            None => Ok(SourceFile::new(path, text)),
            Some((offset, c)) => {
                let (line, column) = crate::diagnostic::line_column(&text, offset);
                Err(Diagnostic::error(
                    path,
                    line,
                    column,
                    format!(
                        "the file has {}, which web pages and feeds cannot carry",
                        describe_character(c)
                    ),
                )
                .with_hint("delete it: such characters often come with text pasted from a PDF or a word processor"))
            }
        },
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let (line, column) = crate::diagnostic::line_column(
                std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default(),
                offset,
            );
            Err(Diagnostic::error(
                path,
                line,
                column,
                format!("the file is not valid UTF-8 (bad byte at offset {offset})"),
            )
            .with_hint("save the file as UTF-8 in your editor"))
        }
    }
}

/// The first character, and its byte offset, that HTML and XML 1.0 do not
/// allow in text: control characters other than tab, line feed and
/// carriage return (C0, DEL and C1), and the noncharacters U+FFFE and
/// U+FFFF. A form feed pasted from a PDF would make every feed that shows
/// the story ill-formed.
fn unrepresentable(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = next_candidate(bytes, from) {
        let c = text[offset..].chars().next()?;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r')
            || matches!(c, '\u{FFFE}' | '\u{FFFF}')
        {
            return Some((offset, c));
        }
        from = offset + c.len_utf8();
    }
    None
}

/// The offset of the next byte from `from` that may start a character
/// [`unrepresentable`] looks for: in UTF-8, C0 controls and DEL are single
/// bytes, C1 controls start with 0xC2 and U+FFFE/U+FFFF with 0xEF. Eight
/// bytes are tested at a time, since every input file's every byte passes
/// here; line breaks send their word to the byte-by-byte test.
fn next_candidate(bytes: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS != 0;
    let has_below = |v: u64, n: u8| v.wrapping_sub(ONES * u64::from(n)) & !v & HIGHS != 0;
    let candidate = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7F | 0xC2 | 0xEF)
    };
    while from + 8 <= bytes.len() {
        let word = u64::from_ne_bytes(bytes[from..from + 8].try_into().ok()?);
        let maybe = has_below(word, 0x20)
            || has_zero(word ^ (ONES * 0x7F))
            || has_zero(word ^ (ONES * 0xC2))
            || has_zero(word ^ (ONES * 0xEF));
        if maybe && let Some(at) = bytes[from..from + 8].iter().position(|&b| candidate(b)) {
            return Some(from + at);
        }
        from += 8;
    }
    bytes[from..]
        .iter()
        .position(|&b| candidate(b))
        .map(|at| from + at)
}

/// `a form feed (U+000C)`, for a message about a character.
fn describe_character(c: char) -> String {
    let name = match c {
        '\0' => Some("a NUL character"),
        '\u{8}' => Some("a backspace"),
        '\u{B}' => Some("a vertical tab"),
        '\u{C}' => Some("a form feed"),
        '\u{1B}' => Some("an escape character"),
        '\u{7F}' => Some("a delete character"),
        '\u{FFFE}' | '\u{FFFF}' => Some("a noncharacter"),
        _ => None,
    };
    let code = format!("U+{:04X}", u32::from(c));
    match name {
        Some(name) => format!("{name} ({code})"),
        None => format!("a control character ({code})"),
    }
}

/// Whether a file name is an editor's or the system's, never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Markdown files under `folder` (relative to `root`), sorted for a stable order.
fn markdown_files(root: &Path, folder: &str, recursive: bool) -> Result<Vec<PathBuf>> {
    let mut files = files_under(root, folder)?;
    if !recursive {
        files.retain(|p| p.parent() == Some(Path::new(folder)));
    }
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "md") && p.file_name() != Some("_index.md".as_ref())
    });
    Ok(files)
}

/// Every visible regular file under `folder`, relative to `root`, sorted.
fn files_under(root: &Path, folder: &str) -> Result<Vec<PathBuf>> {
    let dir = root.join(folder);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(&dir).sort_by_file_name().into_iter();
    for entry in walker
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()))
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&dir).to_path_buf();
            Error::read(
                path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("file system loop")),
            )
        })?;
        // Links, FIFOs and the like are listed too, so that reading them
        // says what they are instead of dropping them without a word.
        if !entry.file_type().is_dir() {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            files.push(relative.to_path_buf());
        }
    }
    Ok(files)
}

fn read_static(
    root: &Path,
    folder: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<StaticFile>> {
    let base = root.join(folder);
    let read: Vec<_> = files_under(root, folder)?
        .par_iter()
        .map(|path| {
            let bytes = match read_regular(root, path)? {
                Ok(bytes) => bytes,
                Err(diagnostic) => return Ok(Err(diagnostic)),
            };
            let inside = root.join(path);
            let output_path = inside.strip_prefix(&base).unwrap_or(path);
            Ok(Ok(StaticFile {
                output_path: slash_path(output_path),
                bytes: bytes.into(),
            }))
        })
        .collect::<Result<_>>()?;
    Ok(read
        .into_iter()
        .filter_map(|r| r.map_err(|d| diagnostics.push(d)).ok())
        .collect())
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

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The theme's templates and static files: from `themes/<name>/` when the site
/// has that folder, else the embedded default theme.
fn load_theme(
    root: &Path,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<(Vec<SourceFile>, Vec<StaticFile>)> {
    let folder = format!("themes/{name}");
    if root.join(&folder).is_dir() {
        let templates = files_under(root, &format!("{folder}/templates"))?;
        let templates = read_all(root, &templates, diagnostics)?;
        let static_files = read_static(root, &format!("{folder}/static"), diagnostics)?;
        return Ok((templates, static_files));
    }
    if name != "default" {
        diagnostics.push(
            Diagnostic::error(
                Path::new(CONFIG_FILE),
                1,
                1,
                format!("theme `{name}` not found"),
            )
            .with_hint(format!(
                "create the folder {folder}/, or use `theme: default`"
            )),
        );
        return Ok((Vec::new(), Vec::new()));
    }
    Ok(embedded_theme())
}

fn embedded_theme() -> (Vec<SourceFile>, Vec<StaticFile>) {
    let mut templates = Vec::new();
    let mut static_files = Vec::new();
    let mut stack = vec![&DEFAULT_THEME];
    while let Some(dir) = stack.pop() {
        stack.extend(dir.dirs());
        for file in dir.files() {
            let path = file.path();
            if let Ok(inner) = path.strip_prefix("static") {
                static_files.push(StaticFile {
                    output_path: slash_path(inner),
                    bytes: file.contents().into(),
                });
            } else if path.starts_with("templates") {
                templates.push(SourceFile::new(
                    Path::new("themes/default").join(path),
                    String::from_utf8_lossy(file.contents()),
                ));
            }
        }
    }
    templates.sort_by(|a, b| a.path.cmp(&b.path));
    static_files.sort_by(|a, b| a.output_path.cmp(&b.output_path));
    (templates, static_files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_at_a_time_scan_finds_what_a_plain_scan_finds() {
        let plain = |text: &str| {
            text.char_indices().find(|&(_, c)| {
                c.is_control() && !matches!(c, '\t' | '\n' | '\r')
                    || matches!(c, '\u{FFFE}' | '\u{FFFF}')
            })
        };
        let pieces = [
            "a", "é", "\n", "\t", "\r\n", "£", "\u{a0}", "漢", "\u{ff01}", "“", "\u{c}", "\u{1b}",
            "\u{7f}", "\u{85}", "\u{fffe}", "\u{ffff}", "\0",
        ];
        let mut state = 0x2026_1201_u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                // Mostly harmless pieces, a bad one now and then.
                let bad = state.is_multiple_of(50);
                let index = if bad {
                    10 + (state / 50) as usize % 7
                } else {
                    (state / 50) as usize % 10
                };
                text.push_str(pieces[index]);
            }
            assert_eq!(unrepresentable(&text), plain(&text), "{text:?}");
        }
    }

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
    fn content(sources: &Sources) -> Vec<(Option<KindId>, PathBuf, FileDigest)> {
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
