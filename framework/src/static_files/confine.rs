//! Keeping a request inside its base: the segments it may name, the file it may open, and
//! what a missing base logs.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use super::StaticError;

/// How many distinct missing bases are remembered (and warned about) per process: bases are
/// normally a few constants of the application, but one built from request data must not grow
/// the set without bound.
const WARNED_BASES_MAX: usize = 1024;

/// Logs, once per base per process, that a `static_dir` base does not exist.
pub(super) fn warn_missing_base(base: &Path) {
    static WARNED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    let absolute = std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf());
    let mut warned = WARNED.lock().unwrap_or_else(PoisonError::into_inner);
    let warned = warned.get_or_insert_with(HashSet::new);
    if warned.len() >= WARNED_BASES_MAX || !warned.insert(absolute.clone()) {
        return;
    }
    if absolute.as_os_str().is_empty() {
        log::warn!("static_dir: the base directory is an empty path; every request for it is 404");
    } else {
        log::warn!("static_dir: the base directory {} does not exist; every request for it is 404", absolute.display());
    }
}

/// Refuses segments that could name anything but a child entry, then dot-files: every 403 is
/// decided before any 404 so the answer does not depend on segment order.
pub(super) fn check_segments(segments: &[String], hidden: bool) -> Result<(), StaticError> {
    for seg in segments {
        let why = match seg.as_str() {
            ".." => r#"path segment ".." is not allowed"#,
            "." => r#"path segment "." is not allowed"#,
            "" => "empty path segment is not allowed",
            s if s.contains('/') => r#"path segment containing "/" is not allowed"#,
            s if s.contains('\\') => r#"path segment containing "\" is not allowed"#,
            s if s.contains('\0') => "path segment containing NUL is not allowed",
            _ => continue,
        };
        return Err(StaticError::ForbiddenSegment(why));
    }
    if !hidden && segments.iter().any(|s| s.starts_with('.')) {
        return Err(StaticError::Hidden);
    }
    Ok(())
}

pub(super) fn canonical(path: &Path) -> Result<PathBuf, StaticError> {
    fs::canonicalize(path).map_err(io_error)
}

pub(super) fn io_error(err: io::Error) -> StaticError {
    match err.kind() {
        io::ErrorKind::PermissionDenied => StaticError::PermissionDenied,
        // Missing, not a directory, a symlink loop, a name too long: nothing servable there.
        _ => {
            log::debug!("static file not served: {err}");
            StaticError::NotFound
        }
    }
}

/// Opens a regular file at the canonical `path`, confined to `root`.
pub(super) fn open_confined(path: &Path, root: Option<&Path>) -> Result<File, StaticError> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // The path is canonical, so a symlink here was swapped in after the check; and a FIFO
        // swapped in must not block the worker on open.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io_error)?;
    if !file.metadata().map_err(io_error)?.is_file() {
        return Err(StaticError::NotFound);
    }
    #[cfg(target_os = "linux")]
    if let Some(root) = root {
        use std::os::fd::AsRawFd;
        // Where the descriptor really points, whatever happened to the path's directories
        // since they were canonicalised. Without /proc there is nothing more to check.
        if let Ok(real) = fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd()))
            && !real.starts_with(root)
        {
            return Err(StaticError::OutsideBase);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = root;
    Ok(file)
}
