//! Opening files without following a link at their name and without
//! waiting on a FIFO. What dossier reads of a site, and what it creates in
//! its output, is then the file it names or an error: never the target of
//! a planted link, never a read or write that blocks forever.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Opens `path` with `options`, refusing a symbolic link at its name and
/// not waiting for the other end of a FIFO (`O_NOFOLLOW | O_NONBLOCK`).
pub(crate) fn open(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if is_link(path) {
        return Err(io::Error::other("a symbolic link"));
    }
    options.open(path)
}

/// Whether a symbolic link is at `path` (itself, not what it points at).
pub(crate) fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// `path` opened to read when it is a regular file; any other kind of
/// file is an error.
pub(crate) fn open_regular(path: &Path) -> io::Result<File> {
    let file = open(OpenOptions::new().read(true), path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a regular file",
        ));
    }
    Ok(file)
}

/// The text of `path` when it is a regular file; any other kind of file
/// is an error, and is not read.
pub(crate) fn read_regular_text(path: &Path) -> io::Result<String> {
    let mut text = String::new();
    open_regular(path)?.read_to_string(&mut text)?;
    Ok(text)
}

/// The bytes of `path` when it is a regular file; any other kind of file
/// is an error, and is not read.
pub(crate) fn read_regular_bytes(path: &Path) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_regular(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Makes `link` a second name of `source`, a regular file: a hard link,
/// so that no byte is copied. A link at `source` is refused (and the new
/// name removed), whether the platform's `link()` made a link to the link
/// or to what it points at. Returns the file's length.
pub(crate) fn hard_link_regular(source: &Path, link: &Path) -> io::Result<u64> {
    fs::hard_link(source, link)?;
    if let Some(len) = linked_regular(source, link) {
        return Ok(len);
    }
    let _ = fs::remove_file(link);
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        "not a regular file",
    ))
}

/// The length of `link` when it already is a hard link to `source`, both
/// regular files: then there is nothing to link. (Renaming a second name
/// of a file over the first does nothing, and would leave the second.)
#[cfg(unix)]
pub(crate) fn already_linked(source: &Path, link: &Path) -> Option<u64> {
    same_regular_file(source, link)
}

/// See the Unix version: elsewhere, the file is linked again.
#[cfg(not(unix))]
pub(crate) fn already_linked(_source: &Path, _link: &Path) -> Option<u64> {
    None
}

/// The length of the regular file `link`, just made a hard link to
/// `source`, or none if it is not one. Linux links a link itself (`linkat`
/// without flags): the new name is then a link too, which is all there is
/// to look at.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn linked_regular(_source: &Path, link: &Path) -> Option<u64> {
    let made = fs::symlink_metadata(link).ok()?;
    made.is_file().then_some(made.len())
}

/// Elsewhere `link()` may follow a link at `source`: the new name must be
/// the very file `source` names, and that a regular file.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn linked_regular(source: &Path, link: &Path) -> Option<u64> {
    same_regular_file(source, link)
}

/// The length of `link` when it and `source` are one regular file, both
/// names looked at without following a link.
fn same_regular_file(source: &Path, link: &Path) -> Option<u64> {
    let (made, named) = (
        fs::symlink_metadata(link).ok()?,
        fs::symlink_metadata(source).ok()?,
    );
    let same = made.is_file() && named.is_file() && same_file(&made, &named);
    same.then_some(made.len())
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    a.len() == b.len()
}
