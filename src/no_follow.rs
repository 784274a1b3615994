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
