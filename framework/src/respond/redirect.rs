//! Making redirect targets (and `Location`s) safe to send (docs/bodies.md#responses).

use actix_web::http::header::HeaderValue;
use percent_encoding::{CONTROLS, utf8_percent_encode};

/// Why a target was refused.
pub(crate) const REFUSED: &str =
    "redirect target contains a control character (CR, LF, NUL or another); nothing was sent";

/// The `Location` value for `target`, or `Err` when it must not be sent at all.
///
/// - Control characters are refused: CR and LF would split the header, NUL truncates it in
///   some clients, and browsers silently drop tabs (`/\t/evil.example` is `//evil.example`).
/// - A leading run of `/` and `\` that would be read as a scheme-relative URL (`//host`,
///   `/\host`, `\\host`) collapses to one `/`, so the target stays on this origin. Leading and
///   trailing spaces, which browsers strip, are trimmed first so they cannot hide such a run.
/// - Non-ASCII characters are percent-encoded (header values are ASCII).
pub(crate) fn location(target: &str) -> Result<HeaderValue, &'static str> {
    if target.chars().any(|c| c.is_ascii_control()) {
        return Err(REFUSED);
    }
    let target = target.trim_matches(' ');
    let slashes = target.len() - target.trim_start_matches(['/', '\\']).len();
    let target =
        if slashes >= 2 || target.starts_with('\\') { format!("/{}", &target[slashes..]) } else { target.to_owned() };
    HeaderValue::from_str(&utf8_percent_encode(&target, CONTROLS).to_string()).map_err(|_| REFUSED)
}

#[cfg(test)]
mod tests {
    use super::location;

    #[test]
    fn keeps_ordinary_targets() {
        for target in ["/a/b?c=d#e", "https://example.com/x", "relative", "", "/"] {
            assert_eq!(location(target).unwrap(), target);
        }
    }

    #[test]
    fn collapses_scheme_relative_targets() {
        for (target, sent) in [
            ("//evil.example", "/evil.example"),
            ("/\\evil.example", "/evil.example"),
            ("\\\\evil.example/x", "/evil.example/x"),
            ("\\evil.example", "/evil.example"),
            (" //evil.example", "/evil.example"),
            ("////a//b", "/a//b"),
        ] {
            assert_eq!(location(target).unwrap(), sent, "{target:?}");
        }
    }

    #[test]
    fn refuses_control_characters() {
        for target in ["/a\r\nSet-Cookie: x=1", "/a\n", "/a\0", "/\t/evil.example", "/a\x7f"] {
            assert!(location(target).is_err(), "{target:?}");
        }
    }

    #[test]
    fn encodes_non_ascii() {
        assert_eq!(location("/café").unwrap(), "/caf%C3%A9");
    }
}
