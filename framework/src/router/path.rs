//! Splitting a request path into decoded segments (SPEC §2).
//!
//! The path is split on `/` *before* decoding, so `%2F` stays inside one segment value.
//! Segments without a `%` are borrowed from the request, so matching ASCII paths allocates
//! nothing.

use std::borrow::Cow;
use std::fmt;

use smallvec::SmallVec;

/// The decoded segments of a request path: `/a/b%20c/` is `["a", "b c", ""]`, `/` is empty.
///
/// Up to 16 segments are stored inline.
pub type Segments<'a> = SmallVec<[Cow<'a, str>; 16]>;

/// The raw (still encoded) segments of a path, as the matcher first sees them.
pub(crate) type RawSegments<'a> = SmallVec<[&'a str; 16]>;

/// Why a request path could not be decoded; the router answers it with **400**.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// The high bit of each byte of `word` that equals `b`, exactly (no carries between bytes).
fn bytes_equal_to(word: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = word ^ (u64::from(b) * 0x0101_0101_0101_0101);
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// Runs `f` on the decoded segments of `path`, borrowed from `path` itself unless it has escapes.
pub(crate) fn with_segments<R>(path: &str, f: impl FnOnce(&[&str]) -> R) -> Result<R, PathError> {
    let mut raw = RawSegments::new();
    if !split(path, &mut raw) {
        return Ok(f(&raw));
    }
    let decoded = raw.iter().map(|s| decode(s)).collect::<Result<Segments<'_>, _>>()?;
    let segs: SmallVec<[&str; 16]> = decoded.iter().map(|s| &**s).collect();
    Ok(f(&segs))
}

/// Percent-decodes one segment, refusing malformed escapes and non-UTF-8 results.
pub(crate) fn decode(raw: &str) -> Result<Cow<'_, str>, PathError> {
    if !raw.contains('%') {
        return Ok(Cow::Borrowed(raw));
    }
    // percent-encoding leaves a malformed escape as it is; the SPEC wants it refused.
    let bytes = raw.as_bytes();
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'%') {
        let at = i + off;
        let hex = bytes.get(at + 1..at + 3).ok_or(PathError::MalformedEscape)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return Err(PathError::MalformedEscape);
        }
        i = at + 3;
    }
    match percent_encoding::percent_decode_str(raw).decode_utf8() {
        Ok(s) => Ok(Cow::Owned(s.into_owned())),
        Err(_) => Err(PathError::NotUtf8),
    }
}

#[cfg(test)]
mod tests {
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
    fn long_paths_spill() {
        let path: String = (0..40).map(|i| format!("/{i}")).collect();
        let segs = split_decode(&path).unwrap();
        assert_eq!(segs.len(), 40);
        assert_eq!((&*segs[15], &*segs[16], &*segs[39]), ("15", "16", "39"));
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
