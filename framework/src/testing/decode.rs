//! The oracle's own decoders, written from the rules (docs/) and the formats' definitions, byte by byte
//! and without sharing a line with the router: the request path (docs/routing.md#paths-and-segments), the query string
//! (`application/x-www-form-urlencoded`) and the `Cookie` header.

use crate::PathError;

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// docs/routing.md#paths-and-segments: split on `/` first, then percent-decode each segment strictly (a `%` must start a
/// two-hex-digit escape; the bytes must be UTF-8). `/` alone is no segment; a target that does
/// not start with `/` (the `*` of `OPTIONS *`) is one segment, as rook documents.
pub(crate) fn split_decode(path: &str) -> Result<Vec<String>, PathError> {
    let raws: Vec<&str> = match path.strip_prefix('/') {
        Some("") => return Ok(Vec::new()),
        Some(rest) => rest.split('/').collect(),
        None => vec![path],
    };
    raws.into_iter().map(|raw| strict(raw, false)).collect()
}

/// Strict percent-decoding: a `%` must start a two-hex-digit escape and the bytes must be
/// UTF-8; with `plus_is_space`, `+` is a space (forms).
fn strict(text: &str, plus_is_space: bool) -> Result<String, PathError> {
    let raw = text.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'%' => {
                let hi = raw.get(i + 1).copied().and_then(hex);
                let lo = raw.get(i + 2).copied().and_then(hex);
                let (Some(hi), Some(lo)) = (hi, lo) else { return Err(PathError::MalformedEscape) };
                bytes.push(hi * 16 + lo);
                i += 3;
            }
            b'+' if plus_is_space => {
                bytes.push(b' ');
                i += 1;
            }
            b => {
                bytes.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(bytes).map_err(|_| PathError::NotUtf8)
}

/// Lenient percent-decoding, as URL forms and cookies use it: an escape that is not two hex
/// digits stays as it is.
fn lenient(text: &str, plus_is_space: bool) -> Vec<u8> {
    let raw = text.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hi = raw.get(i + 1).copied().and_then(hex);
        let lo = raw.get(i + 2).copied().and_then(hex);
        match (raw[i], hi, lo) {
            (b'%', Some(hi), Some(lo)) => {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
            (b'+', _, _) if plus_is_space => out.push(b' '),
            (b, _, _) => out.push(b),
        }
        i += 1;
    }
    out
}

/// The pairs of a query string (docs/routing.md): split on `&` (empty pieces skipped), then at the
/// first `=` (none: the value is empty); `+` is a space; keys and values are decoded strictly.
/// A piece whose key does not decode is skipped (no route binds it); a value that does not
/// decode is an `Err`, which a route binding its key answers with 400.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, Result<String, PathError>)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .filter_map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            Some((strict(key, true).ok()?, strict(value, true)))
        })
        .collect()
}

/// The cookies of one `Cookie` header line, as actix-web reads them: pieces split on `;` and
/// trimmed; a piece without `=` or with an empty name, or whose percent-decoded name or value is
/// not UTF-8, is skipped; a value in double quotes loses them.
pub(crate) fn cookie_pairs(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for piece in line.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, value)) = piece.split_once('=') else { continue };
        let name = name.trim();
        let value = value.trim();
        let value = if value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            &value[1..value.len() - 1]
        } else {
            value
        };
        let value = value.trim();
        if name.is_empty() {
            continue;
        }
        let (Ok(name), Ok(value)) = (String::from_utf8(lenient(name, false)), String::from_utf8(lenient(value, false)))
        else {
            continue;
        };
        out.push((name, value));
    }
    out
}

/// Whether a header value reads as text: visible ASCII, spaces and tabs only.
pub(crate) fn header_is_text(value: &str) -> bool {
    value.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(split_decode("/a%2Fb//c%20").unwrap(), ["a/b", "", "c "]);
        assert_eq!(split_decode("/"), Ok(vec![]));
        assert_eq!(split_decode("*"), Ok(vec!["*".to_owned()]));
        // Found by the fuzz target: without a leading `/` the whole target is one segment.
        assert_eq!(split_decode("F_/c("), Ok(vec!["F_/c(".to_owned()]));
        assert_eq!(split_decode("/%4"), Err(PathError::MalformedEscape));
        assert_eq!(split_decode("/%c3"), Err(PathError::NotUtf8));
    }

    #[test]
    fn queries() {
        let pairs = query_pairs("a=1&&b&c=x+y%21&a=%zz&=v&%FF=1&d=%FF");
        let ok = |k: &str, v: &str| (k.to_owned(), Ok(v.to_owned()));
        let expected = [
            ok("a", "1"),
            ok("b", ""),
            ok("c", "x y!"),
            ("a".to_owned(), Err(PathError::MalformedEscape)),
            ok("", "v"),
            ("d".to_owned(), Err(PathError::NotUtf8)),
        ];
        assert_eq!(pairs, expected);
    }

    #[test]
    fn cookies() {
        let pairs = cookie_pairs(r#" a=1; b ; =2; c="q%20r" ; d=%FF; e=x=y"#);
        assert_eq!(pairs, [("a", "1"), ("c", "q r"), ("e", "x=y")].map(|(k, v)| (k.to_owned(), v.to_owned())));
    }
}
