//! CSRF (docs/sessions.md): [`CsrfToken`], the session's token that a form carries back, and
//! [`CsrfPolicy`], the per-table setting of the router's check (`guard.rs`).

use std::fmt;

use super::envelope::{hex, random_hex, unhex};
use super::from_session::FromSession;
use super::jar::SessionJar;
use crate::html::Html;

/// The form field that carries the token.
pub const CSRF_FIELD: &str = "_csrf";

/// The request header that carries the token (for scripts).
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// Bytes of a token.
const TOKEN_BYTES: usize = 32;

/// Whether a table's routes refuse cross-site form submissions (docs/sessions.md), set with
/// [`Routes::csrf`](crate::Routes::csrf).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CsrfPolicy {
    /// A POST, PUT, PATCH or DELETE with a form media type (urlencoded, multipart, text/plain)
    /// that carries cookies is refused with **403** unless it carries the session's token
    /// (field `_csrf`, or header `X-CSRF-Token`) or its `Origin` (else `Sec-Fetch-Site:
    /// same-origin`) is the request's own. The default.
    #[default]
    Check,
    /// No check: for a table whose callers are not browsers, or that checks by itself.
    Off,
}

/// The session's CSRF token, in a `session name: CsrfToken` parameter (or from
/// [`Session::csrf`](super::Session::csrf)): put [`field`](Self::field) in every form that
/// POSTs (first, in a multipart form), or send [`token`](Self::token) in `X-CSRF-Token` from
/// scripts. A session gets its token the first time a page asks for it (the response then
/// sets the session cookie); [`Session::rotate`](super::Session::rotate) gives a new one.
///
/// Each call gives the token masked with new random bytes, so that no two pages carry the
/// same bytes (compression-based attacks such as BREACH learn nothing from the page).
///
/// ```
/// use rook::prelude::*;
/// use rook::CsrfToken;
///
/// let routes = route! {
///     get "comment", session csrf: CsrfToken => Html::raw(format!(
///         r#"<form method="post">{}<textarea name="text"></textarea><button>Send</button></form>"#,
///         csrf.field()
///     )),
/// };
/// # drop(routes);
/// ```
#[derive(Clone)]
pub struct CsrfToken {
    jar: SessionJar,
}

// Not listed under the error of a wrong `session` type: the message names the three already, and
// rustc lists them in an order that depends on where the crate is built.
#[diagnostic::do_not_recommend]
impl FromSession for CsrfToken {
    fn from_session(jar: &SessionJar) -> Self {
        CsrfToken { jar: jar.clone() }
    }
}

impl CsrfToken {
    /// The token, masked: 128 hex digits, for the `_csrf` field or the `X-CSRF-Token` header.
    pub fn token(&self) -> String {
        let mut state = self.jar.state();
        let secret = match &state.envelope.csrf {
            Some(token) => token.clone(),
            None => {
                let token = random_hex(TOKEN_BYTES);
                state.envelope.csrf = Some(token.clone());
                state.dirty = true;
                token
            }
        };
        drop(state);
        let secret = unhex(&secret).unwrap_or_default();
        let mut mask = vec![0u8; secret.len()];
        getrandom::getrandom(&mut mask).expect("the OS random source works");
        let masked: Vec<u8> = mask.iter().zip(&secret).map(|(m, s)| m ^ s).collect();
        hex(&[mask, masked].concat())
    }

    /// `<input type="hidden" name="_csrf" value="…">`, for a form.
    pub fn field(&self) -> Html {
        Html::raw(format!(r#"<input type="hidden" name="{CSRF_FIELD}" value="{}">"#, self.token()))
    }
}

impl fmt::Debug for CsrfToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfToken(..)")
    }
}

/// Whether `sent` (masked, as [`CsrfToken::token`] gives it, or the bare token) is the
/// session's token `secret` (hex); compared in constant time.
pub(crate) fn matches(secret: &str, sent: &str) -> bool {
    let (Some(secret), Some(sent)) = (unhex(secret), unhex(sent.trim())) else { return false };
    let unmasked: Vec<u8> = if sent.len() == 2 * secret.len() {
        let (mask, masked) = sent.split_at(secret.len());
        mask.iter().zip(masked).map(|(m, x)| m ^ x).collect()
    } else {
        sent
    };
    unmasked.len() == secret.len() && unmasked.iter().zip(&secret).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_and_bare_tokens_match_only_their_secret() {
        let secret = random_hex(TOKEN_BYTES);
        let raw = unhex(&secret).unwrap();
        let mask = vec![0x5a; TOKEN_BYTES];
        let masked: Vec<u8> = mask.iter().zip(&raw).map(|(m, s)| m ^ s).collect();
        let sent = hex(&[mask, masked].concat());
        assert!(matches(&secret, &sent));
        assert!(matches(&secret, &secret));
        assert!(!matches(&secret, &random_hex(TOKEN_BYTES)));
        assert!(!matches(&secret, &sent[..sent.len() - 2]));
        assert!(!matches(&secret, "zz"));
        assert!(!matches(&secret, ""));
    }
}
