//! Reading the site's files: only regular files, as UTF-8 text without
//! characters pages and feeds cannot carry.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use super::SourceFile;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::no_follow;

pub(super) fn collect(
    file: Result<SourceFile, Diagnostic>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<SourceFile> {
    file.map_err(|d| diagnostics.push(d)).ok()
}

pub(super) fn read_all(
    root: &Path,
    paths: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<SourceFile>> {
    read_each(root, paths, diagnostics, read_text)
}

/// Each file at `paths` (from `root`) read with `read`, in parallel; a
/// file that cannot be what it should is a diagnostic, and left out.
pub(super) fn read_each<T: Send>(
    root: &Path,
    paths: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
    read: impl Fn(&Path, &Path) -> Result<Result<T, Diagnostic>> + Sync,
) -> Result<Vec<T>> {
    let results: Vec<_> = paths
        .par_iter()
        .map(|p| read(root, p))
        .collect::<Result<_>>()?;
    Ok(results
        .into_iter()
        .filter_map(|r| r.map_err(|d| diagnostics.push(d)).ok())
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
pub(super) fn read_regular(root: &Path, path: &Path) -> Result<Result<Vec<u8>, Diagnostic>> {
    let full = root.join(path);
    let not_regular = |meta: &fs::Metadata| {
        let what = not_regular(meta)?;
        let diagnostic = if meta.file_type().is_symlink() {
            link_left_out(path)
        } else {
            Diagnostic::error(Code::NotARegularFile, path, 1, 1, format!("this is {what}, not a regular file")).with_hint(
                "dossier reads only regular files: replace it with one, or move it out of the site's folders",
            )
        };
        Some(Ok(Err(diagnostic)))
    };
    let mut file = match no_follow::open(fs::OpenOptions::new().read(true), &full) {
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

/// The warning for a symbolic link in a site's folders, which is never
/// followed: it could read a file from outside the site into a page.
pub(super) fn link_left_out(path: &Path) -> Diagnostic {
    Diagnostic::warning(
        Code::SymlinkLeftOut,
        path,
        1,
        1,
        "this is a symbolic link, which dossier does not follow: it is left out",
    )
    .with_hint("put the file itself here (a link could lead outside the site)")
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
pub(super) fn is_present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Decodes file bytes as UTF-8 text without a byte order mark.
pub fn decode(path: &Path, mut bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(
            Diagnostic::error(Code::EmptyFile, path, 1, 1, "the file is empty")
                .with_hint("write the front matter and text, or delete the file"),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => match unrepresentable(&text) {
            None => Ok(SourceFile::new(path, text)),
            Some((offset, c)) => {
                let (line, column) = crate::diagnostic::line_column(&text, offset);
                Err(Diagnostic::error(Code::UnusableCharacter, path,
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
                Code::NotUtf8,
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

/// Every visible regular file under `folder`, relative to `root`, sorted.
pub(super) fn files_under(root: &Path, folder: &str) -> Result<Vec<PathBuf>> {
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

pub(super) fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
}
