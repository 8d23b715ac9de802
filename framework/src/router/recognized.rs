//! [`Recognized`]: the route [`Routes::recognize`](crate::Routes::recognize) chose, and the
//! values its captures would bind.

use std::borrow::Cow;

use super::info::{RouteInfo, SegmentInfo};
use super::path::{Cursor, decode, nth_segment};

/// A route chosen by [`Routes::recognize`](crate::Routes::recognize).
#[derive(Debug)]
pub struct Recognized<'p> {
    /// The route's index in [`Routes::list`](crate::Routes::list).
    pub index: usize,
    /// The route as declared.
    pub info: &'static RouteInfo,
    pub(crate) path: &'p str,
    /// Where the route's own segments start in the path (after `include` prefixes).
    pub(crate) offset: usize,
}

impl<'p> Recognized<'p> {
    /// The decoded segment bound to capture or optional capture `name`; `None` if it is absent
    /// or there is no such capture. Walks the path only up to that segment, and allocates only
    /// to decode a `%` escape.
    pub fn capture(&self, name: &str) -> Option<Cow<'p, str>> {
        let at = self.info.segments.iter().position(|seg| {
            matches!(*seg, SegmentInfo::Capture { name: n, .. } | SegmentInfo::Optional { name: n, .. } if same(n, name))
        })?;
        nth_segment(self.path, self.offset + at).map(decoded)
    }

    /// The decoded segments bound to slurpy `name`; `None` if there is no such slurpy.
    pub fn slurpy(&self, name: &str) -> Option<Vec<Cow<'p, str>>> {
        let at = self
            .info
            .segments
            .iter()
            .position(|seg| matches!(*seg, SegmentInfo::Slurpy { name: n, .. } if n == name))?;
        Some(Cursor::raw(self.path).skip(self.offset + at).segments(&[]).iter().map(|raw| decoded(raw)).collect())
    }
}

/// Whether two (short) names are equal, compared in place rather than by a call to `memcmp`.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// A segment of a path that was decoded once already, so it decodes.
fn decoded(raw: &str) -> Cow<'_, str> {
    decode(raw).unwrap_or(Cow::Borrowed(raw))
}
