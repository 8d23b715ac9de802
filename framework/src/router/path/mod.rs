//! Splitting a request path into decoded segments (docs/routing.md#paths-and-segments): the
//! types and the split here; byte scanning in `scan`, the matcher's walk in `cursor`, one
//! segment's percent-decoding in `decode`.
//!
//! The path is split on `/` *before* decoding, so `%2F` stays inside one segment value.
//! Segments without a `%` are borrowed from the request, so matching ASCII paths allocates
//! nothing.

use std::borrow::Cow;
use std::fmt;

use smallvec::SmallVec;

mod cursor;
mod decode;
mod scan;

pub use cursor::Cursor;
pub(crate) use cursor::{DecodeBuf, with_cursor, with_decoded};
pub(crate) use decode::decode;
use scan::bytes_equal_to;
pub(crate) use scan::{holds, nth_segment};

/// The decoded segments of a request path: `/a/b%20c/` is `["a", "b c", ""]`, `/` is empty.
///
/// Up to 16 segments are stored inline.
pub type Segments<'a> = SmallVec<[Cow<'a, str>; 16]>;

/// The raw (still encoded) segments of a path, as the matcher first sees them.
pub(crate) type RawSegments<'a> = SmallVec<[&'a str; 16]>;

/// Why a request path could not be decoded; the router answers it with **400**.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathError {
    /// A `%` not followed by two hex digits, as in `%zz` or a trailing `%4`.
    MalformedEscape,
    /// A segment whose decoded bytes are not UTF-8, as in `%FF`.
    NotUtf8,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathError::MalformedEscape => "malformed percent-escape in path",
            PathError::NotUtf8 => "path segment is not valid UTF-8 after decoding",
        })
    }
}

impl std::error::Error for PathError {}

/// Splits `path` on `/`, then percent-decodes each segment (`+` stays `+`).
///
/// `path` is the part of the request target before `?`. A path that does not start with `/`
/// (the `*` of `OPTIONS *`) is one segment, so only a route matching that single segment (a
/// `"*"` literal, or a capture) fits it.
///
/// ```
/// use rook::split_decode;
/// let segs = split_decode("/files/a%2Fb/").unwrap();
/// assert_eq!(segs.as_slice(), ["files", "a/b", ""]);
/// assert!(split_decode("/").unwrap().is_empty());
/// assert!(split_decode("/%zz").is_err());
/// ```
pub fn split_decode(path: &str) -> Result<Segments<'_>, PathError> {
    let mut raw = RawSegments::new();
    if split(path, &mut raw) {
        raw.iter().map(|s| decode(s)).collect()
    } else {
        Ok(raw.into_iter().map(Cow::Borrowed).collect())
    }
}

/// Splits `path` into its raw segments; returns whether any of them holds a `%` to decode.
///
/// One pass over the bytes finds both, which is most of what matching an escape-free path
/// costs.
pub(crate) fn split<'a>(path: &'a str, out: &mut RawSegments<'a>) -> bool {
    let Some(rest) = path.strip_prefix('/') else {
        out.push(path);
        return path.contains('%');
    };
    if rest.is_empty() {
        return false;
    }
    // Eight bytes at a time: a word's `/` and `%` bytes are found with a few arithmetic
    // operations instead of a branch per byte.
    let bytes = rest.as_bytes();
    let (mut start, mut escaped) = (0, false);
    let mut scan = |offset: usize, word: u64| {
        escaped |= bytes_equal_to(word, b'%') != 0;
        let mut slashes = bytes_equal_to(word, b'/');
        while slashes != 0 {
            let at = offset + (slashes.trailing_zeros() / 8) as usize;
            // SAFETY: `start` is 0 or just past a `/`, `at` is at a `/`, both within `rest`;
            // `/` is ASCII, so both are char boundaries.
            out.push(unsafe { rest.get_unchecked(start..at) });
            start = at + 1;
            slashes &= slashes - 1;
        }
    };
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    for (w, chunk) in words.enumerate() {
        scan(w * 8, u64::from_le_bytes(chunk.try_into().expect("chunks of eight")));
    }
    let mut last = [0u8; 8];
    for (dst, src) in last.iter_mut().zip(tail) {
        *dst = *src;
    }
    scan(bytes.len() - tail.len(), u64::from_le_bytes(last));
    out.push(&rest[start..]);
    escaped
}
#[cfg(test)]
mod tests {
    use super::scan::find_either;
    use super::*;

    #[test]
    fn splits_before_decoding() {
        assert_eq!(split_decode("/a%2Fb/c").unwrap().as_slice(), ["a/b", "c"]);
        assert_eq!(split_decode("//").unwrap().as_slice(), ["", ""]);
        assert_eq!(split_decode("/a/../b").unwrap().as_slice(), ["a", "..", "b"]);
        assert_eq!(split_decode("/a+b").unwrap().as_slice(), ["a+b"]);
        assert_eq!(split_decode("/%25").unwrap().as_slice(), ["%"]);
    }

    #[test]
    fn finds_bytes_word_by_word() {
        let text = b"0123456789abcdef0123456789abcdef/x%";
        for k in 0..text.len() {
            let expect = text[k..].iter().position(|&c| c == b'/');
            assert_eq!(find_either(&text[k..], b'/', b'/'), expect, "{k}");
            assert!(!holds(&text[..k], b'%'));
        }
        assert!(holds(text, b'%'));
        assert!(holds(b"%", b'%'));
        assert!(holds(b"01234567%", b'%'));
        for n in 0..40 {
            for k in 0..n {
                let mut bytes = vec![b'a'; n];
                bytes[k] = b'%';
                assert!(holds(&bytes, b'%'), "{n} {k}");
                assert_eq!(find_either(&bytes, b'%', b'x'), Some(k), "{n} {k}");
            }
        }
    }

    #[test]
    fn long_paths_spill() {
        let path: String = (0..40).map(|i| format!("/{i}")).collect();
        let segs = split_decode(&path).unwrap();
        assert_eq!(segs.len(), 40);
        assert_eq!((&*segs[15], &*segs[16], &*segs[39]), ("15", "16", "39"));
    }

    /// What a cursor walks, segment by segment, as owned strings.
    fn walked(path: &str) -> Result<Vec<String>, PathError> {
        with_decoded(path, |mut c| {
            let mut out = Vec::new();
            while let Some((seg, after)) = c.next() {
                out.push(seg.to_owned());
                c = after;
            }
            assert!(c.at_end());
            out
        })
    }

    #[test]
    fn cursor_walks_what_split_decode_splits() {
        for path in [
            "/",
            "//",
            "/a",
            "/a/",
            "/a/b/c",
            "/a%2Fb/c",
            "/%41/",
            "/a//b",
            "*",
            "",
            "a/b",
            "%41/b",
            "/x/%C3%A9/",
            "/a+b",
        ] {
            let split: Vec<String> = split_decode(path).unwrap().iter().map(|s| s.to_string()).collect();
            assert_eq!(walked(path).unwrap(), split, "{path:?}");
        }
        assert_eq!(walked("/ok/%zz"), Err(PathError::MalformedEscape));
        assert_eq!(walked("/ok/%FF"), Err(PathError::NotUtf8));
    }

    #[test]
    fn cursor_skips_checks_and_collects() {
        with_decoded("/a/1/2/", |c| {
            assert_eq!(c.skip(1).segments(&["x"]).as_slice(), ["x", "1", "2", ""]);
            assert_eq!(c.skip(9).segments(&[]).len(), 0);
            assert!(c.skip(1).all(|s| s.len() == 1 || s.is_empty()));
            assert!(!c.all(|s| s.parse::<u8>().is_ok()));
            assert_eq!(format!("{c:?}"), r#"["a", "1", "2", ""]"#);
        })
        .unwrap();
        assert_eq!(Cursor::raw("/a%2Fb/c").next().map(|(s, _)| s), Some("a%2Fb"));
        fn after(c: Option<Cursor<'_>>) -> Option<Vec<&str>> {
            c.map(|c| c.segments(&[]).to_vec())
        }
        with_decoded("/stats/x", |c| {
            assert_eq!(c.peek(), Some(b's'));
            assert_eq!(after(c.literal(b"stats")), Some(vec!["x"]));
            assert_eq!(after(c.literal(b"stat")), None);
            assert_eq!(after(c.literal_cut("stats/x")), None);
            assert_eq!(after(c.skip(1).literal(b"x")), Some(vec![]));
            assert_eq!(after(c.skip(2).literal(b"")), None);
        })
        .unwrap();
        with_decoded("/a/b/", |c| assert_eq!(after(c.literal_cut("a/b")), None)).unwrap();
        with_decoded("/a%2Fb/", |c| {
            assert_eq!(after(c.literal_cut("a/b")), Some(vec![""]));
            assert_eq!(c.skip(1).peek(), None);
            assert_eq!(after(c.skip(1).literal(b"")), Some(vec![]));
        })
        .unwrap();
    }

    #[test]
    fn strict_cursor_refuses_escapes_and_finds_them_later() {
        let strict = Cursor::strict("/a/%62/c").unwrap();
        let (a, rest) = strict.next().unwrap();
        assert_eq!(a, "a");
        assert!(rest.next().is_none(), "a strict cursor refuses a segment holding a %");
        assert!(!rest.clean());
        assert_eq!(rest.plain().next().map(|(s, _)| s), Some("%62"));
        assert!(Cursor::strict("/a/b").unwrap().clean());
        assert!(Cursor::strict("*").is_none());
        // Nothing found on the strict walk: the path is decoded and walked again.
        let walked = |path| {
            let mut seen = Vec::new();
            with_cursor(
                path,
                &mut DecodeBuf::default(),
                &mut seen,
                None,
                |c, seen| {
                    seen.clear();
                    seen.push(c.segments(&[]).iter().map(|s| s.to_string()).collect::<Vec<_>>());
                    c.next().is_some_and(|(s, _)| s == "a")
                },
                |c, seen| (c.segments(&[]).iter().map(|s| s.to_string()).collect::<Vec<_>>(), seen.len()),
                |e| (vec![e.to_string()], 0),
            )
        };
        assert_eq!(walked("/a/b%20c").0, ["a", "b%20c"], "`find` said found: `then` gets the path as sent");
        assert_eq!(walked("/x/b%20c").0, ["x", "b c"], "not found: decoded and walked again");
        assert_eq!(walked("/x/%zz").0, ["malformed percent-escape in path"]);
        assert_eq!(walked("*").0, ["*"]);
    }

    #[test]
    fn finds_the_nth_segment_as_the_cursor_walks_to_it() {
        let long = format!("/{}", (0..40).map(|i| format!("s{i}")).collect::<Vec<_>>().join("/"));
        let edges = [
            "/abcdefghijklmno/p",
            "/a/b/c/d/e/f/g/h/i",
            "/abcdefghijklmnop",
            "/abcdefghijklmnop/",
            "/a/bcdefghijklmnopqrstuvwxyz012345/6/",
        ];
        for path in
            ["/", "//", "/a", "/a/", "/a/b/c", "/a%2Fb/c", "/a//b", "*", "", "/x/%C3%A9/", long.as_str(), "/é/ü/"]
                .into_iter()
                .chain(edges)
        {
            for n in 0..45 {
                let walked = Cursor::raw(path).skip(n).next().map(|(s, _)| s);
                assert_eq!(nth_segment(path, n), walked, "{path:?} {n}");
            }
        }
    }

    #[test]
    fn refuses_bad_escapes() {
        for bad in ["/%zz", "/%4", "/a%", "/%g0"] {
            assert_eq!(split_decode(bad), Err(PathError::MalformedEscape), "{bad}");
        }
        assert_eq!(split_decode("/%FF"), Err(PathError::NotUtf8));
        assert_eq!(split_decode("/%C3%A9").unwrap().as_slice(), ["é"]);
    }
}
