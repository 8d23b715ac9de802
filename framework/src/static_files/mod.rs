//! Static files that cannot be escaped (docs/static.md).
//!
//! [`static_dir`] serves a file below a base directory, named by the decoded path segments the
//! router hands over (a slurpy `..path`); [`static_file`] serves one file the application names.
//! Both return a [`StaticFiles`] builder that is awaited into a `Result<NamedFile, StaticError>`,
//! which is an actix-web `Responder`: the file itself is served by actix-files' [`NamedFile`]
//! (Content-Type, `ETag`, `Last-Modified`, **304**, `Range` **206**/**416**, HEAD).
//!
//! Resolution is done at request time, on the real file system:
//! 1. every segment is checked *before* touching the disk — `..`, `.`, an empty segment, or one
//!    containing `/`, `\` or NUL is **403**; a dot-file segment is **404** unless
//!    [`hidden(true)`](StaticFiles::hidden). A last segment that is empty is the trailing slash
//!    of a directory request (`/docs/`), not a refused segment;
//! 2. the base is canonicalised (a missing base is **404**, never the working directory, and
//!    logged once as a warning naming its absolute path), the segments are joined to it and the
//!    result is canonicalised too, so `..` hidden in symlinks is resolved; a result outside the
//!    canonical base is **403**;
//! 3. a directory is served through its index only when asked for with the trailing slash
//!    (`/docs/`); without it (`/docs`) the answer is **308** to the path with `/` appended, so
//!    the index's relative links resolve; a trailing slash after a file is **404**;
//! 4. the file is opened without following a final symlink and, on Linux, the path of the
//!    opened descriptor is checked against the base again, so swapping a directory for a
//!    symlink between the check and the open does not leak a byte.

use std::cell::Cell;
use std::fs;
use std::future::{Ready, ready};
use std::io;
use std::path::{Path, PathBuf};

use actix_web::mime::Mime;
use percent_encoding::utf8_percent_encode;

pub use actix_files::NamedFile;

mod confine;
mod error;
mod redirect;

use confine::{canonical, check_segments, io_error, open_confined, warn_missing_base};
pub use error::StaticError;
use redirect::SEGMENT;
pub(crate) use redirect::complete_redirect;

/// Serves the file at `path`, chosen by the application (not by the client).
///
/// If `path` is a directory, its first existing [`index`](StaticFiles::index) is served.
/// A missing file is **404**.
///
/// ```
/// use rook::static_file;
///
/// # actix_web::rt::System::new().block_on(async {
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("robots.txt"), "User-agent: *\n").unwrap();
/// let served = static_file(dir.path().join("robots.txt")).await.unwrap();
/// assert_eq!(served.content_type().essence_str(), "text/plain");
/// assert!(static_file(dir.path().join("missing.txt")).await.is_err());
/// # });
/// ```
pub fn static_file(path: impl AsRef<Path>) -> StaticFiles {
    StaticFiles::new(Target::File(path.as_ref().to_path_buf()))
}

/// Serves `base/segments[0]/segments[1]/…`, refusing anything that would leave `base`.
///
/// `segments` are decoded path segments as the router gives them to a slurpy `..path`; with
/// none, the base itself: under Rook's router, a request path without a trailing slash
/// (`/docs` for `"docs" / ..path`) answers **308** to the path with `/` for a directory, and one
/// with it (`/` for a root slurpy) its index; in a plain actix-web handler, its index. A
/// relative `base` is
/// relative to the working directory; a base that does not exist answers **404** and is logged
/// once, as a warning naming its absolute path.
///
/// A directory is served through its first existing [`index`](StaticFiles::index) when the
/// request names it with a trailing slash (the last segment empty: `/docs/`). Named without it
/// (`/docs`), the answer is **308** to the request path with `/` appended, query kept
/// ([`StaticError::Redirect`]), so that relative links in the index resolve; with no index
/// configured a directory is never served, so it is **404** instead of a redirect to a 404.
/// A trailing slash after a file is **404**.
///
/// ```
/// use rook::static_dir;
///
/// # actix_web::rt::System::new().block_on(async {
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir(dir.path().join("css")).unwrap();
/// std::fs::write(dir.path().join("css/site.css"), "body { margin: 0 }").unwrap();
///
/// let path = vec!["site.css".to_string()];
/// let served = static_dir(dir.path().join("css"), &path).await.unwrap();
/// assert_eq!(served.content_type().essence_str(), "text/css");
///
/// let sneaky = vec!["..".to_string(), "css".to_string()];
/// let refused = static_dir(dir.path().join("css"), &sneaky).await.unwrap_err();
/// assert_eq!(refused.to_string(), r#"path segment ".." is not allowed"#);
/// # });
/// ```
///
/// In a route block: `get "css" / ..path => static_dir("static/css", &path).await`.
pub fn static_dir(base: impl AsRef<Path>, segments: &[String]) -> StaticFiles {
    StaticFiles::new(Target::Dir { base: base.as_ref().to_path_buf(), segments: segments.to_vec() })
}

/// A static file to serve, built by [`static_file`] or [`static_dir`] and then awaited.
///
/// Awaiting it resolves the file and yields `Result<NamedFile, StaticError>`, which can be
/// returned from a handler as it is.
///
/// ```
/// use rook::static_dir;
///
/// # actix_web::rt::System::new().block_on(async {
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir(dir.path().join("docs")).unwrap();
/// std::fs::write(dir.path().join("docs/index.htm"), "<h1>Docs</h1>").unwrap();
/// std::fs::write(dir.path().join("notes.rh"), "rook notes").unwrap();
///
/// // `/docs/`: the directory with its trailing slash is served through its first existing index.
/// let docs = vec!["docs".to_string(), String::new()];
/// let page = static_dir(dir.path(), &docs).index("index.html").index("index.htm").await.unwrap();
/// assert!(page.path().ends_with("docs/index.htm"));
///
/// // `/docs`: a redirect to `docs/`, so that the index's relative links resolve.
/// let bare = vec!["docs".to_string()];
/// let moved = static_dir(dir.path(), &bare).index("index.html").await.unwrap_err();
/// assert_eq!(moved, rook::StaticError::Redirect { to: "docs/".into() });
///
/// let notes = vec!["notes.rh".to_string()];
/// let text = static_dir(dir.path(), &notes).mime("rh", "text/plain").await.unwrap();
/// assert_eq!(text.content_type().essence_str(), "text/plain");
/// # });
/// ```
#[derive(Debug, Clone)]
#[must_use = "a static file is only served once it is awaited"]
pub struct StaticFiles {
    target: Target,
    indexes: Vec<String>,
    /// `(extension without dot, media type)`; later entries win.
    mimes: Vec<(String, String)>,
    hidden: bool,
}

#[derive(Debug, Clone)]
enum Target {
    File(PathBuf),
    Dir { base: PathBuf, segments: Vec<String> },
}

impl StaticFiles {
    fn new(target: Target) -> Self {
        StaticFiles { target, indexes: Vec::new(), mimes: Vec::new(), hidden: false }
    }

    /// Adds an index file name, served when the path names a directory. Several may be
    /// given; the first that exists as a file is served. With none, a directory is **404**.
    pub fn index(mut self, name: impl Into<String>) -> Self {
        self.indexes.push(name.into());
        self
    }

    /// Serves files whose extension is `ext` (case-insensitive, with or without the leading
    /// dot) as `media_type`, overriding the built-in table.
    ///
    /// A `media_type` that does not parse is a configuration error: requests for such files
    /// are answered **500** naming the extension.
    pub fn mime(mut self, ext: impl AsRef<str>, media_type: impl Into<String>) -> Self {
        let ext = ext.as_ref();
        let ext = ext.strip_prefix('.').unwrap_or(ext);
        self.mimes.push((ext.to_owned(), media_type.into()));
        self
    }

    /// Whether path segments starting with `.` (dot-files such as `.env`, or directories such
    /// as `.git`) may be served. Off by default: they are **404**, as if they did not exist.
    /// Only the client's segments are checked, not the base or the index names.
    pub fn hidden(mut self, allow: bool) -> Self {
        self.hidden = allow;
        self
    }

    /// Resolves and opens the file now; this is what awaiting the builder does.
    pub fn open(&self) -> Result<NamedFile, StaticError> {
        match &self.target {
            Target::File(path) => {
                let path = canonical(path)?;
                self.serve(None, path)
            }
            Target::Dir { base, segments } => {
                // `/docs/` arrives as ["docs", ""]: the empty last segment asks for the index.
                let (names, slash) = match segments.split_last() {
                    Some((last, names)) if last.is_empty() => (names, true),
                    _ => (segments.as_slice(), false),
                };
                check_segments(names, self.hidden)?;
                // Canonicalising an empty or missing base fails, so it can never become ".".
                let root = fs::canonicalize(base).map_err(|err| {
                    if err.kind() == io::ErrorKind::NotFound {
                        warn_missing_base(base);
                    }
                    io_error(err)
                })?;
                let mut joined = root.clone();
                joined.extend(names);
                let path = canonical(&joined)?;
                if !path.starts_with(&root) {
                    return Err(StaticError::OutsideBase);
                }
                let is_dir = fs::metadata(&path).map_err(io_error)?.is_dir();
                match (is_dir, slash) {
                    (false, true) => Err(StaticError::NotFound),
                    (true, false) if !names.is_empty() || path_lacks_slash() => Err(self.directory_redirect(names)),
                    _ => self.serve(Some(&root), path),
                }
            }
        }
    }

    /// The answer to a directory named without its trailing slash. With no segments (the base
    /// itself, `/docs` for `"docs" / ..path`) the relative target is unknown here: `to` is empty,
    /// and the router writes the `Location` from the request path.
    fn directory_redirect(&self, names: &[String]) -> StaticError {
        if self.indexes.is_empty() {
            return StaticError::NotFound;
        }
        let to = match names.last() {
            Some(last) => format!("{}/", utf8_percent_encode(last, SEGMENT)),
            None => String::new(),
        };
        StaticError::Redirect { to }
    }

    /// Serves the canonical `path`, which is inside `root` when there is one.
    fn serve(&self, root: Option<&Path>, path: PathBuf) -> Result<NamedFile, StaticError> {
        let path = if fs::metadata(&path).map_err(io_error)?.is_dir() {
            self.find_index(root.unwrap_or(&path), &path)?
        } else {
            path
        };
        let file = open_confined(&path, root)?;
        let named = NamedFile::from_file(file, &path).map_err(io_error)?;
        self.apply_mime(named, &path)
    }

    fn find_index(&self, root: &Path, dir: &Path) -> Result<PathBuf, StaticError> {
        for name in &self.indexes {
            let candidate = match canonical(&dir.join(name)) {
                Ok(found) => found,
                Err(StaticError::NotFound) => continue,
                Err(other) => return Err(other),
            };
            if !candidate.starts_with(root) {
                return Err(StaticError::OutsideBase);
            }
            if fs::metadata(&candidate).is_ok_and(|md| md.is_file()) {
                return Ok(candidate);
            }
        }
        Err(StaticError::NotFound)
    }

    fn apply_mime(&self, named: NamedFile, path: &Path) -> Result<NamedFile, StaticError> {
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            return Ok(named);
        };
        let Some((_, media_type)) = self.mimes.iter().rev().find(|(e, _)| e.eq_ignore_ascii_case(ext)) else {
            return Ok(named);
        };
        match media_type.parse::<Mime>() {
            Ok(mime) => Ok(named.set_content_type(mime)),
            Err(_) => Err(StaticError::InvalidMediaType { ext: ext.to_owned(), media_type: media_type.clone() }),
        }
    }
}

impl IntoFuture for StaticFiles {
    type Output = Result<NamedFile, StaticError>;
    // Resolution is a handful of metadata syscalls, done inline as actix-files does; the
    // file's content is streamed asynchronously by `NamedFile`.
    type IntoFuture = Ready<Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        ready(self.open())
    }
}
thread_local! {
    /// While Rook's router polls a handler: whether the request path ends with `/`.
    static ENDS_WITH_SLASH: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Runs `poll` knowing the request path, so that a `static_dir` with no segments (the base
/// itself: `/docs` for `"docs" / ..path`) tells `/docs` (redirected to `/docs/`) from a path
/// that already ends with `/` (`/` for a root slurpy: its index).
pub(crate) fn in_request<R>(path: &str, poll: impl FnOnce() -> R) -> R {
    let before = ENDS_WITH_SLASH.with(|c| c.replace(Some(path.ends_with('/'))));
    let out = poll();
    ENDS_WITH_SLASH.with(|c| c.set(before));
    out
}

/// Whether the router is answering a request whose path does not end with `/`. Outside the
/// router (a plain actix-web handler) the path is unknown: no segments serve the base's index.
fn path_lacks_slash() -> bool {
    ENDS_WITH_SLASH.with(|c| c.get()) == Some(false)
}

#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;

    use super::*;

    fn segs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn forbidden_segments_win_over_hidden_ones() {
        assert_eq!(
            check_segments(&segs(&[".env", ".."]), false),
            Err(StaticError::ForbiddenSegment(r#"path segment ".." is not allowed"#))
        );
        assert_eq!(check_segments(&segs(&[".env"]), false), Err(StaticError::Hidden));
        assert_eq!(check_segments(&segs(&[".env"]), true), Ok(()));
        assert_eq!(check_segments(&segs(&["a", "b.txt"]), false), Ok(()));
        for bad in ["", ".", "..", "a/b", "a\\b", "a\0b"] {
            assert!(matches!(check_segments(&segs(&[bad]), true), Err(StaticError::ForbiddenSegment(_))), "{bad:?}");
        }
    }

    #[test]
    fn statuses() {
        assert_eq!(StaticError::OutsideBase.status(), StatusCode::FORBIDDEN);
        assert_eq!(StaticError::Hidden.status(), StatusCode::NOT_FOUND);
        assert_eq!(StaticError::Hidden.to_string(), StaticError::NotFound.to_string());
        let bad = StaticError::InvalidMediaType { ext: "rh".into(), media_type: "nope".into() };
        assert_eq!(bad.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn missing_base_is_not_the_working_directory() {
        let here = segs(&["Cargo.toml"]);
        assert_eq!(static_dir("", &here).open().unwrap_err(), StaticError::NotFound);
        assert_eq!(static_dir("no-such-base-dir", &here).open().unwrap_err(), StaticError::NotFound);
    }

    /// What the open does when the tree changed after canonicalisation: the check has passed,
    /// then a directory on the path became a symlink pointing out of the root.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_opened_file_is_checked_again() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, outside) = (tmp.path().join("root"), tmp.path().join("outside"));
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("secret.txt"), "secret").unwrap();
        fs::write(root.join("ok.txt"), "ok").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("sub")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), root.join("link.txt")).unwrap();

        assert!(open_confined(&root.join("ok.txt"), Some(&root)).is_ok());
        let swapped_dir = open_confined(&root.join("sub/secret.txt"), Some(&root));
        assert_eq!(swapped_dir.unwrap_err(), StaticError::OutsideBase);
        // A final symlink is not followed at all.
        let swapped_file = open_confined(&root.join("link.txt"), Some(&root));
        assert_eq!(swapped_file.unwrap_err(), StaticError::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_not_opened_for_reading() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("fifo");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        // Without O_NONBLOCK this open would wait for a writer forever.
        assert_eq!(open_confined(&fifo, None).unwrap_err(), StaticError::NotFound);
    }
}
