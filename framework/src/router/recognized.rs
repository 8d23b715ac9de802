//! [`Recognized`]: the route [`Routes::recognize`](crate::Routes::recognize) chose, and the
//! values its captures would bind.

use std::borrow::Cow;

use super::info::{RouteInfo, SegmentInfo};
use super::path::{RawSegments, decode, split};

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
    /// or there is no such capture. Allocates only to decode a `%` escape.
    pub fn capture(&self, name: &str) -> Option<Cow<'p, str>> {
        let at = self.info.segments.iter().position(|seg| {
            matches!(*seg, SegmentInfo::Capture { name: n, .. } | SegmentInfo::Optional { name: n, .. } if n == name)
        })?;
        self.segments().get(self.offset + at).map(|raw| decoded(raw))
    }

    /// The decoded segments bound to slurpy `name`; `None` if there is no such slurpy.
    pub fn slurpy(&self, name: &str) -> Option<Vec<Cow<'p, str>>> {
        let at = self.info.segments.iter().position(|seg| matches!(*seg, SegmentInfo::Slurpy { name: n, .. } if n == name))?;
        Some(self.segments().iter().skip(self.offset + at).map(|raw| decoded(raw)).collect())
    }

    /// The path's raw segments, split as the matcher splits them (matching keeps none, to stay
    /// free of allocation).
    fn segments(&self) -> RawSegments<'p> {
        let mut raw = RawSegments::new();
        split(self.path, &mut raw);
        raw
    }
}

/// A segment of a path that was decoded once already, so it decodes.
fn decoded(raw: &str) -> Cow<'_, str> {
    decode(raw).unwrap_or(Cow::Borrowed(raw))
}
