//! Percent-decoding one segment.

use std::borrow::Cow;

use super::PathError;
use super::scan::holds;

/// Percent-decodes one segment, refusing malformed escapes and non-UTF-8 results.
pub(crate) fn decode(raw: &str) -> Result<Cow<'_, str>, PathError> {
    if !holds(raw.as_bytes(), b'%') {
        return Ok(Cow::Borrowed(raw));
    }
    // percent-encoding leaves a malformed escape as it is; the rules (docs/routing.md) refuse it.
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
