//! How a link encodes a segment: percent-encoding, and dot-segments escaped whole.

use percent_encoding::utf8_percent_encode;

use crate::pchar::PCHAR;

/// One decoded segment as it goes into a path: percent-encoded, and a `.` or `..` segment
/// escaped whole (`%2E%2E`), so that no client or proxy folds it away as a dot-segment (Rook
/// itself keeps them, docs/routing.md#paths-and-segments).
pub(crate) fn encode_segment(text: &str) -> String {
    match text {
        "." => "%2E".into(),
        ".." => "%2E%2E".into(),
        _ => utf8_percent_encode(text, PCHAR).to_string(),
    }
}
