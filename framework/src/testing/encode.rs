//! Writing generated text into a request: percent-encoding for path segments, form encoding
//! for query keys and values, percent-encoding for cookie values. What must be encoded always
//! is; what may be written either way is encoded where `mask` has a bit set (bit `i % 64` for
//! byte `i`), in upper or lower case hex, so the router meets every spelling and shrinking
//! (towards a zero mask) finds the plainest one.

use std::fmt::Write;

/// How to spell the optional escapes of one text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Spelling {
    /// Which bytes to encode even though they may be written raw.
    pub mask: u64,
    /// Lower-case hex digits.
    pub lower: bool,
    /// In a query: a space as `%20` rather than `+`.
    pub space_as_escape: bool,
}

fn escape(out: &mut String, b: u8, lower: bool) {
    let _ = if lower { write!(out, "%{b:02x}") } else { write!(out, "%{b:02X}") };
}

fn encode(text: &str, spelling: Spelling, raw_ok: impl Fn(u8) -> bool, space: Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, b) in text.bytes().enumerate() {
        let optional = spelling.mask >> (i % 64) & 1 == 1;
        match space {
            Some(plus) if b == b' ' && !spelling.space_as_escape => out.push(plus),
            _ if raw_ok(b) && !optional => out.push(b as char),
            _ => escape(&mut out, b, spelling.lower),
        }
    }
    out
}

/// One path segment: unreserved characters and sub-delimiters may be raw (RFC 3986 `pchar`);
/// `/`, `%`, `?`, `#`, spaces, controls and non-ASCII bytes are always encoded.
pub(crate) fn segment(text: &str, spelling: Spelling) -> String {
    encode(text, spelling, |b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b), None)
}

/// A query key or value in `application/x-www-form-urlencoded`: `&`, `=`, `+`, `#` and `%`
/// always encoded, a space as `+` (or `%20`).
pub(crate) fn query(text: &str, spelling: Spelling) -> String {
    encode(text, spelling, |b| b.is_ascii_alphanumeric() || b"-._~!$'()*,;:@/?".contains(&b), Some('+'))
}

/// A cookie value, percent-encoded as actix-web decodes it: `;`, `,`, `"`, `\`, `%`, spaces,
/// controls and non-ASCII bytes always encoded.
pub(crate) fn cookie(text: &str, spelling: Spelling) -> String {
    encode(text, spelling, |b| b.is_ascii_alphanumeric() || b"-._~!*'():@/?=[]".contains(&b), None)
}

/// A header name in mixed case: the bits of `mask` pick upper-case letters.
pub(crate) fn header_name(name: &str, mask: u64) -> String {
    name.chars()
        .enumerate()
        .map(|(i, c)| if mask >> (i % 64) & 1 == 1 { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::decode;

    #[test]
    fn encodings_decode_back() {
        let texts = ["a/b", "%", "a b+c", "é", "\0", "..", "x=y&z", "\"q\";"];
        for mask in [0, u64::MAX, 0x5555] {
            for lower in [false, true] {
                let s = Spelling { mask, lower, space_as_escape: mask != 0 };
                for t in texts {
                    let path = format!("/{}", segment(t, s));
                    assert_eq!(decode::split_decode(&path).unwrap(), [t], "{path}");
                    let q = format!("{}={}", query(t, s), query(t, s));
                    assert_eq!(decode::query_pairs(&q), [(t.to_owned(), Ok(t.to_owned()))], "{q}");
                    let c = format!("k={}", cookie(t, s));
                    assert_eq!(decode::cookie_pairs(&c), [("k".to_owned(), t.to_owned())], "{c}");
                }
            }
        }
        assert_eq!(segment("a+b", Spelling::default()), "a+b");
        assert_eq!(query("a b", Spelling::default()), "a+b");
    }
}
