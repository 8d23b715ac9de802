//! [`Cursor`]: the segments of a request path as the generated matcher walks them.

use std::fmt;
use std::marker::PhantomData;

use smallvec::SmallVec;

use super::scan::{find_either, holds};
use super::{PathError, split_decode};

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
    const END: Cursor<'static> =
        Cursor { ptr: b"".as_ptr(), len: 0, sep: b'/', stop: b'/', end: true, bytes: PhantomData };

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
    pub(super) fn plain(self) -> Cursor<'a> {
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
