//! Splitting a request path into decoded segments (docs/routing.md#paths-and-segments).
//!
//! The path is split on `/` *before* decoding, so `%2F` stays inside one segment value.
//! Segments without a `%` are borrowed from the request, so matching ASCII paths allocates
//! nothing.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use smallvec::SmallVec;

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

/// The index of the first byte of `bytes` equal to `a` or to `b`: sixteen bytes at a time while
/// sixteen are left, then eight, then one at a time.
#[inline(always)]
fn find_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 16) {
        let chunk = chunk.try_into().expect("sixteen bytes");
        let hits = mask16(chunk, a) | mask16(chunk, b);
        if hits != 0 {
            return Some(at + hits.trailing_zeros() as usize);
        }
        at += 16;
    }
    if let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let hits = bytes_equal_to(word, a) | bytes_equal_to(word, b);
        if hits != 0 {
            return Some(at + (hits.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at..].iter().position(|&c| c == a || c == b).map(|k| at + k)
}

/// Whether `bytes` holds a `b`: sixteen (or eight) bytes at a time, the last chunk overlapping
/// the one before it, so that no byte is looked at alone once there are eight.
#[inline]
pub(crate) fn holds(bytes: &[u8], b: u8) -> bool {
    let n = bytes.len();
    if n >= 16 {
        let chunk = |at: usize| -> &[u8; 16] { bytes[at..at + 16].try_into().expect("sixteen bytes") };
        if n <= 32 {
            return mask16(chunk(0), b) | mask16(chunk(n - 16), b) != 0;
        }
        let mut found = mask16(chunk(n - 16), b);
        let mut at = 0;
        while at + 16 < n {
            found |= mask16(chunk(at), b);
            at += 16;
        }
        found != 0
    } else if n >= 8 {
        // The first and the last eight bytes in one sixteen-byte compare.
        let mut chunk = [0u8; 16];
        chunk[..8].copy_from_slice(&bytes[..8]);
        chunk[8..].copy_from_slice(&bytes[n - 8..]);
        mask16(&chunk, b) != 0
    } else if n >= 4 {
        // The first and the last four, padded with the first byte (in `bytes` already).
        let mut chunk = [bytes[0]; 16];
        chunk[..4].copy_from_slice(&bytes[..4]);
        chunk[4..8].copy_from_slice(&bytes[n - 4..]);
        mask16(&chunk, b) != 0
    } else {
        bytes.contains(&b)
    }
}

/// Segment `n` of `path` as sent (escapes left in place), found in one pass over its bytes,
/// sixteen at a time: each chunk's `/` bytes are a bit mask, whose set bits are counted off
/// until the `n`th separator, and the one after it ends the segment. `None` when the path has
/// fewer segments; a path without a leading `/` (the `*` of `OPTIONS *`) is one segment.
pub(crate) fn nth_segment(path: &str, n: usize) -> Option<&str> {
    let Some(rest) = path.strip_prefix('/') else { return (n == 0).then_some(path) };
    if rest.is_empty() {
        return None;
    }
    let (bytes, len) = (rest.as_bytes(), rest.len());
    // Where segment `n` starts, once its `/` is found; separators still to pass before that.
    let (mut start, mut left) = (if n == 0 { Some(0) } else { None }, n);
    let mut at = 0;
    while at < len {
        let mut slashes = if at + 16 <= len {
            mask16(bytes[at..at + 16].try_into().expect("sixteen bytes"), b'/')
        } else if len >= 16 {
            // The last sixteen bytes, overlapping the chunk before: bit `k` is byte
            // `len - 16 + k`, so shifting out those before `at` leaves bit `j` for byte `at + j`.
            mask16(bytes[len - 16..].try_into().expect("sixteen bytes"), b'/') >> (at + 16 - len)
        } else {
            let mut chunk = [0u8; 16];
            chunk[..len].copy_from_slice(bytes);
            mask16(&chunk, b'/')
        };
        while slashes != 0 {
            let i = at + slashes.trailing_zeros() as usize;
            if let Some(s) = start {
                // `/` is ASCII: both ends are char boundaries.
                return Some(&rest[s..i]);
            }
            left -= 1;
            if left == 0 {
                start = Some(i + 1);
            }
            slashes &= slashes - 1;
        }
        at += 16;
    }
    start.map(|s| &rest[s..])
}

/// One bit per byte of `chunk` that equals `b`, the first byte in the lowest bit.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn mask16(chunk: &[u8; 16], b: u8) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is part of every x86_64 target; the unaligned load reads exactly the
    // sixteen bytes of `chunk`.
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))) as u32
    }
}

/// One bit per byte of `chunk` that equals `b`, the first byte in the lowest bit.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn mask16(chunk: &[u8; 16], b: u8) -> u32 {
    chunk.iter().enumerate().fold(0, |mask, (k, &c)| mask | (u32::from(c == b) << k))
}

/// The high bit of each byte of `word` that equals `b`, exactly (no carries between bytes).
fn bytes_equal_to(word: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let v = word ^ (u64::from(b) * 0x0101_0101_0101_0101);
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// The segments of a request path as the generated matcher walks them, one at a time, without
/// splitting the whole path first: the bytes left to walk, cut on a separator byte.
///
/// A path is first walked as it is sent (the separator is `/`) by a *strict* cursor, which
/// refuses a segment holding a `%`: [`Cursor::next`] gives `None` for it, so no route is found
/// through it. A route found that way proves the path escape-free, since each of its segments
/// was either compared with a literal or cut out and looked at whole; only when no route is
/// found does the path have to be searched for a `%`, and one that holds one is decoded once,
/// segment by segment, into a buffer where the separator is `0xFF` (a byte that UTF-8 text never
/// holds, so a decoded `%2F` stays inside its segment) and walked again. A cursor is `Copy`: the
/// matcher keeps one per depth and tries every branch from it.
///
/// The bytes left are a pointer and a 32-bit length (a path is never 4 GiB long; one that were
/// would be walked up to there), which keeps a cursor to sixteen bytes.
#[derive(Clone, Copy)]
pub struct Cursor<'a> {
    /// The bytes of the segments left, separators included; meaningless once at the end.
    ptr: *const u8,
    len: u32,
    sep: u8,
    /// The byte that makes a segment refused: `%` for a strict cursor, `sep` otherwise.
    stop: u8,
    /// No segment is left (the bytes may hold one empty segment otherwise).
    end: bool,
    bytes: PhantomData<&'a [u8]>,
}

/// The byte that separates decoded segments: never part of UTF-8 text.
const DECODED_SEP: u8 = 0xFF;

impl<'a> Cursor<'a> {
    /// A path with no segments left.
    const END: Cursor<'static> = Cursor { ptr: b"".as_ptr(), len: 0, sep: b'/', stop: b'/', end: true, bytes: PhantomData };

    /// A cursor over `rest`.
    #[inline(always)]
    fn new(rest: &'a [u8], sep: u8, stop: u8, end: bool) -> Cursor<'a> {
        let len = u32::try_from(rest.len()).unwrap_or(u32::MAX);
        Cursor { ptr: rest.as_ptr(), len, sep, stop, end, bytes: PhantomData }
    }

    /// Whether this cursor refuses segments holding a `%` (see [`Cursor`]).
    #[inline(always)]
    pub(crate) fn is_strict(self) -> bool {
        self.stop == b'%'
    }

    /// The same cursor, no longer strict.
    #[inline(always)]
    fn plain(self) -> Cursor<'a> {
        Cursor::new(self.rest(), self.sep, self.sep, self.end)
    }

    /// The bytes left.
    #[inline(always)]
    fn rest(self) -> &'a [u8] {
        // SAFETY: `ptr` and `len` come from a `&'a [u8]` (`new`, `after`), `len` at most its length.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len as usize) }
    }

    /// The same cursor with `rest` left (a tail of the bytes left).
    #[inline(always)]
    fn after(self, rest: &'a [u8]) -> Cursor<'a> {
        Cursor { ptr: rest.as_ptr(), len: rest.len() as u32, ..self }
    }

    /// Takes the next segment, and the cursor after it; `None` when none is left, or when a
    /// strict cursor meets a segment holding a `%`.
    #[inline(always)]
    pub fn next(self) -> Option<(&'a str, Cursor<'a>)> {
        if self.end {
            return None;
        }
        let rest = self.rest();
        let (seg, after) = match find_either(rest, self.sep, self.stop) {
            Some(at) if rest[at] == self.sep => (&rest[..at], self.after(&rest[at + 1..])),
            Some(_) => return None,
            None => (rest, Cursor::END),
        };
        // SAFETY: `rest` is UTF-8 text cut at ASCII `/` bytes (a `&str`), or decoded UTF-8
        // segments joined by 0xFF bytes; either way every segment is UTF-8.
        Some((unsafe { std::str::from_utf8_unchecked(seg) }, after))
    }

    /// [`Cursor::next`] for a cursor known to be strict (`strict`, a constant of the generated
    /// matcher) or not: a strict cursor's bytes are then constants, which the sixteen-byte
    /// search needs no registers set up for.
    #[inline(always)]
    pub fn next_in(self, strict: bool) -> Option<(&'a str, Cursor<'a>)> {
        if !strict {
            return self.next();
        }
        if self.end {
            return None;
        }
        let rest = self.rest();
        let (seg, after) = match find_either(rest, b'/', b'%') {
            Some(at) if rest[at] == b'/' => (&rest[..at], self.after(&rest[at + 1..])),
            Some(_) => return None,
            None => (rest, Cursor::END),
        };
        // SAFETY: as in `next`: a strict cursor walks a `&str` cut at ASCII `/` bytes.
        Some((unsafe { std::str::from_utf8_unchecked(seg) }, after))
    }

    /// Whether no segment left holds a `%` a strict cursor refuses (a slurpy's segments are
    /// taken whole, without [`Cursor::next`]'s check).
    #[inline]
    pub fn clean(self) -> bool {
        self.end || !self.is_strict() || !holds(self.rest(), b'%')
    }

    /// Whether every segment is taken.
    #[inline(always)]
    pub fn at_end(self) -> bool {
        self.end
    }

    /// [`Cursor::peek`] for a cursor known to be strict or not (see [`Cursor::next_in`]).
    #[inline(always)]
    pub fn peek_in(self, strict: bool) -> Option<u8> {
        let sep = if strict { b'/' } else { self.sep };
        if self.end { None } else { self.rest().first().copied().filter(|&b| b != sep) }
    }

    /// The first byte of the next segment; `None` when none is left or it is empty.
    #[inline(always)]
    pub fn peek(self) -> Option<u8> {
        self.peek_in(false)
    }

    /// The cursor after the next segment if that segment is the text `literal`, compared in
    /// place (its length, then its bytes), without looking for the segment's end first.
    /// `literal` must not hold a `/` or a `%` (see [`Cursor::literal_cut`]).
    /// The literal's length is a constant, so that the comparison is a few word compares
    /// instead of a call to `memcmp`.
    #[inline(always)]
    pub fn literal<const N: usize>(self, literal: &[u8; N]) -> Option<Cursor<'a>> {
        self.literal_in(literal, false)
    }

    /// [`Cursor::literal`] for a cursor known to be strict or not (see [`Cursor::next_in`]).
    #[inline(always)]
    pub fn literal_in<const N: usize>(self, literal: &[u8; N], strict: bool) -> Option<Cursor<'a>> {
        let (n, rest, sep) = (N, self.rest(), if strict { b'/' } else { self.sep });
        match rest.first_chunk::<N>() {
            Some(head) if !self.end && head == literal => {}
            _ => return None,
        }
        match rest.get(n) {
            None => Some(Cursor::END),
            Some(&b) if b == sep => Some(self.after(&rest[n + 1..])),
            Some(_) => None,
        }
    }

    /// Whether `accepts` holds for every segment left (a slurpy's check).
    #[inline]
    pub fn all(mut self, accepts: impl Fn(&str) -> bool) -> bool {
        while let Some((seg, after)) = self.next() {
            if !accepts(seg) {
                return false;
            }
            self = after;
        }
        true
    }

    /// [`Cursor::literal`] for a literal that holds a `/`, which an escape-free path only holds
    /// as a separator, or a `%`, which a strict cursor refuses: the segment is cut out first,
    /// then compared.
    #[inline(always)]
    pub fn literal_cut(self, literal: &str) -> Option<Cursor<'a>> {
        let (seg, after) = self.next()?;
        (seg == literal).then_some(after)
    }

    /// The cursor after `n` segments (fewer if the path has fewer).
    pub(crate) fn skip(mut self, n: usize) -> Cursor<'a> {
        for _ in 0..n {
            match self.next() {
                Some((_, after)) => self = after,
                None => break,
            }
        }
        self
    }

    /// `taken` followed by every segment left: the segments a slurpy route's captures take.
    pub fn segments(self, taken: &[&'a str]) -> SmallVec<[&'a str; 16]> {
        let mut out = SmallVec::from_slice(taken);
        let mut at = self;
        while let Some((seg, after)) = at.next() {
            out.push(seg);
            at = after;
        }
        out
    }

    /// The segments of `path` as they are sent, escapes left in place (for a path checked
    /// already, whose segments are decoded one at a time).
    pub(crate) fn raw(path: &'a str) -> Cursor<'a> {
        match path.strip_prefix('/') {
            Some("") => Cursor::END,
            Some(rest) => Cursor::new(rest.as_bytes(), b'/', b'/', false),
            // The `*` of `OPTIONS *`: one segment, cut on a byte that text never holds.
            None => Cursor::new(path.as_bytes(), DECODED_SEP, DECODED_SEP, false),
        }
    }

    /// The strict cursor over `path` (see [`Cursor`]); `None` when it does not start with `/`.
    #[inline(always)]
    pub(crate) fn strict(path: &'a str) -> Option<Cursor<'a>> {
        let rest = path.as_bytes().strip_prefix(b"/")?;
        Some(Cursor::new(rest, b'/', b'%', rest.is_empty()))
    }

    /// A cursor over decoded segments joined by `DECODED_SEP`.
    fn decoded(buf: &'a [u8], empty: bool) -> Cursor<'a> {
        if empty { Cursor::END } else { Cursor::new(buf, DECODED_SEP, DECODED_SEP, false) }
    }
}

impl fmt::Debug for Cursor<'_> {
    /// The segments left, as a list (`["a", "b"]`), as the trace shows them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.segments(&[])).finish()
    }
}

/// Runs `f` on a cursor over the decoded segments of `path`: the path itself unless it has a
/// `%`, else a buffer of its decoded segments (a malformed escape or non-UTF-8 segment refuses
/// the whole path before any route is tried, as docs/routing.md#paths-and-segments wants).
pub(crate) fn with_decoded<R>(path: &str, f: impl FnOnce(Cursor<'_>) -> R) -> Result<R, PathError> {
    if !holds(path.as_bytes(), b'%') {
        return Ok(f(Cursor::raw(path)));
    }
    let (buf, empty) = decoded(path)?;
    Ok(f(Cursor::decoded(&buf, empty)))
}

/// Where [`with_cursor`] decodes a path that has to be decoded: the caller's, declared before
/// the state that `find` fills, so that what it keeps of the segments may borrow from it.
#[derive(Default)]
pub(crate) struct DecodeBuf(Option<(SmallVec<[u8; 256]>, bool)>);

/// Matching in two steps: `find` walks the path (and fills `state`, saying whether it found
/// anything), then `then` runs with a cursor over the same decoded segments. `find` first gets
/// a strict cursor over the path as sent; only when it finds nothing and the path holds a `%`
/// is the path decoded (into `buf`) and `find` run again (see [`Cursor`]). A malformed escape
/// or a segment that is not UTF-8 once decoded refuses the path before any route is tried
/// (docs/routing.md#paths-and-segments), with `bad`'s answer; it is only looked for when the escape-free walk found
/// nothing.
#[inline(always)]
pub(crate) fn with_cursor<'a, S, R>(
    path: &'a str,
    buf: &'a mut DecodeBuf,
    state: &mut S,
    walked: Option<bool>,
    find: impl Fn(Cursor<'a>, &mut S) -> bool,
    then: impl FnOnce(Cursor<'a>, &mut S) -> R,
    bad: impl FnOnce(PathError) -> R,
) -> R {
    let first = match Cursor::strict(path) {
        Some(strict) => strict,
        None if !holds(path.as_bytes(), b'%') => Cursor::raw(path),
        None => Cursor::END,
    };
    let found = |state: &mut S| match walked {
        Some(found) => found,
        None => find(first, state),
    };
    let cursor = if path.starts_with('/') && (found(state) || !holds(path.as_bytes(), b'%')) {
        first.plain()
    } else if !first.end && !first.is_strict() {
        // The `*` of `OPTIONS *`, or another path without a leading `/` or a `%`.
        find(first, state);
        first
    } else {
        let (bytes, empty): &'a (SmallVec<[u8; 256]>, bool) = match decoded(path) {
            Ok(decoded) => buf.0.insert(decoded),
            Err(e) => return bad(e),
        };
        let cursor = Cursor::decoded(bytes, *empty);
        find(cursor, state);
        cursor
    };
    then(cursor, state)
}

/// The decoded segments of `path` joined by `DECODED_SEP`, and whether there are none; out of
/// line, so that matching an escape-free path stays small.
#[cold]
#[inline(never)]
fn decoded(path: &str) -> Result<(SmallVec<[u8; 256]>, bool), PathError> {
    let segs = split_decode(path)?;
    let mut buf: SmallVec<[u8; 256]> = SmallVec::with_capacity(path.len());
    for (k, seg) in segs.iter().enumerate() {
        if k > 0 {
            buf.push(DECODED_SEP);
        }
        buf.extend_from_slice(seg.as_bytes());
    }
    Ok((buf, segs.is_empty()))
}

/// Percent-decodes one segment, refusing malformed escapes and non-UTF-8 results.
pub(crate) fn decode(raw: &str) -> Result<Cow<'_, str>, PathError> {
    if !holds(raw.as_bytes(), b'%') {
        return Ok(Cow::Borrowed(raw));
    }
    // percent-encoding leaves a malformed escape as it is; the rules (docs/) wants it refused.
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
        for path in ["/", "//", "/a", "/a/", "/a/b/c", "/a%2Fb/c", "/%41/", "/a//b", "*", "", "a/b", "%41/b", "/x/%C3%A9/", "/a+b"] {
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
            with_cursor(path, &mut DecodeBuf::default(), &mut seen, None, |c, seen| {
                seen.clear();
                seen.push(c.segments(&[]).iter().map(|s| s.to_string()).collect::<Vec<_>>());
                c.next().is_some_and(|(s, _)| s == "a")
            }, |c, seen| (c.segments(&[]).iter().map(|s| s.to_string()).collect::<Vec<_>>(), seen.len()), |e| (vec![e.to_string()], 0))
        };
        assert_eq!(walked("/a/b%20c").0, ["a", "b%20c"], "`find` said found: `then` gets the path as sent");
        assert_eq!(walked("/x/b%20c").0, ["x", "b c"], "not found: decoded and walked again");
        assert_eq!(walked("/x/%zz").0, ["malformed percent-escape in path"]);
        assert_eq!(walked("*").0, ["*"]);
    }

    #[test]
    fn finds_the_nth_segment_as_the_cursor_walks_to_it() {
        let long = format!("/{}", (0..40).map(|i| format!("s{i}")).collect::<Vec<_>>().join("/"));
        let edges = ["/abcdefghijklmno/p", "/a/b/c/d/e/f/g/h/i", "/abcdefghijklmnop", "/abcdefghijklmnop/", "/a/bcdefghijklmnopqrstuvwxyz012345/6/"];
        for path in ["/", "//", "/a", "/a/", "/a/b/c", "/a%2Fb/c", "/a//b", "*", "", "/x/%C3%A9/", long.as_str(), "/é/ü/"].into_iter().chain(edges) {
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
