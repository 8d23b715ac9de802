//! Reading `Authorization: <scheme> <credentials>` strictly: one header, visible ASCII, the
//! scheme named (case-insensitively), credentials present and within the limit.

use actix_web::HttpRequest;
use actix_web::http::header;

/// The credentials of the request's `Authorization` header for `scheme`, or `None` when the
/// header is absent, repeated, not visible ASCII, of another scheme, empty after the scheme,
/// or longer than `limit` bytes.
pub(super) fn credentials<'r>(req: &'r HttpRequest, scheme: &str, limit: usize) -> Option<&'r str> {
    let mut values = req.headers().get_all(header::AUTHORIZATION);
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    let text = value.to_str().ok()?;
    // Byte searches, not `str` patterns: the header is short and the searchers cost more.
    let space = text.bytes().position(|b| b == b' ')?;
    if !text[..space].eq_ignore_ascii_case(scheme) {
        return None;
    }
    let rest = &text.as_bytes()[space + 1..];
    let start = rest.iter().position(|&b| b != b' ')?;
    let end = rest.iter().rposition(|&b| b != b' ')? + 1;
    // ` ` is ASCII: both ends are character boundaries.
    let credentials = &text[space + 1 + start..space + 1 + end];
    (credentials.len() <= limit).then_some(credentials)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    /// The reading with `str` patterns, which the byte searches above replace.
    fn by_patterns<'r>(text: &'r str, scheme: &str, limit: usize) -> Option<&'r str> {
        let (name, rest) = text.split_once(' ')?;
        if !name.eq_ignore_ascii_case(scheme) {
            return None;
        }
        let credentials = rest.trim_matches(' ');
        (!credentials.is_empty() && credentials.len() <= limit).then_some(credentials)
    }

    #[test]
    fn reads_as_the_str_patterns_do() {
        let values = [
            "Bearer abc",
            "bearer  abc  ",
            "BEARER abc def",
            "Bearer",
            "Bearer ",
            "Bearer    ",
            "Bearerabc",
            " Bearer abc",
            "Basic abc",
            "Bearer a",
            "Bearer abcdefgh",
            "Bearer ab cd ",
        ];
        for value in values {
            let req = TestRequest::get().insert_header(("Authorization", value)).to_http_request();
            for limit in [0, 1, 3, 8, 4096] {
                let text = req.headers().get("Authorization").unwrap().to_str().unwrap();
                assert_eq!(
                    credentials(&req, "Bearer", limit),
                    by_patterns(text, "Bearer", limit),
                    "{value:?}, limit {limit}"
                );
            }
        }
    }
}
