//! How the oracle models `auth` parameters (docs/auth.md): for each `Authenticate` type, which
//! requests it accepts and what it answers the others, and `Authorization` values for the
//! generators to send. `Bearer` and `Basic` are built in; other types are registered with
//! [`Oracle::authenticates`](super::Oracle::authenticates).

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::request::Request;

/// Why a modelled `auth` parameter refuses a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthRefusal {
    /// **401** with this `WWW-Authenticate` challenge.
    Unauthenticated(String),
    /// **403**.
    Forbidden,
}

/// Which requests an `Authenticate` type accepts.
pub(crate) type Decide = Arc<dyn Fn(&Request) -> Result<(), AuthRefusal> + Send + Sync>;

/// An `Authenticate` type as the oracle knows it.
#[derive(Clone)]
pub(crate) struct AuthModel {
    pub(crate) decide: Decide,
    /// `Authorization` values the generators send (besides none at all).
    pub(crate) headers: Vec<String>,
}

/// The only `Authorization` value of `req`, if it has exactly one.
pub(crate) fn authorization(req: &Request) -> Option<&str> {
    let mut values = req.header_values("Authorization").into_iter();
    let first = values.next()?;
    values.next().is_none().then_some(first)
}

/// The credentials after `scheme` (any case) in `req`'s one `Authorization` header.
fn credentials<'r>(req: &'r Request, scheme: &str) -> Option<&'r str> {
    let value = authorization(req)?;
    if !value.bytes().all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic()) {
        return None;
    }
    let (name, rest) = value.split_once(' ')?;
    let rest = rest.trim_matches(' ');
    (name.eq_ignore_ascii_case(scheme) && !rest.is_empty() && rest.len() <= 4096).then_some(rest)
}

/// What the built-in `Bearer` makes of `req`: its token, or the 401 it answers. For models of
/// `Authenticate` types built on `Bearer`.
pub fn bearer_token(req: &Request) -> Result<&str, AuthRefusal> {
    let refuse = || AuthRefusal::Unauthenticated("Bearer".into());
    let token = credentials(req, "Bearer").ok_or_else(refuse)?;
    let body = token.trim_end_matches('=');
    let ok = !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b));
    if ok { Ok(token) } else { Err(refuse()) }
}

/// The built-in `Bearer`: a well-formed token, RFC 6750's `b64token`.
pub(crate) fn bearer() -> AuthModel {
    let decide: Decide = Arc::new(|req| bearer_token(req).map(drop));
    let headers = ["Bearer t0k3n", "bearer a.b-c_d~e+f/g==", "Bearer ", "Bearer a b", "Basic dTpw", "t0k3n"];
    AuthModel { decide, headers: headers.map(str::to_owned).to_vec() }
}

/// The built-in `Basic` with the default realm: base64 of UTF-8 `user:password`.
pub(crate) fn basic() -> AuthModel {
    let challenge = r#"Basic realm="rook", charset="UTF-8""#;
    let decide: Decide = Arc::new(move |req| {
        let refuse = || AuthRefusal::Unauthenticated(challenge.into());
        let encoded = credentials(req, "Basic").ok_or_else(refuse)?;
        let decoded = STANDARD.decode(encoded).map_err(|_| refuse())?;
        let text = String::from_utf8(decoded).map_err(|_| refuse())?;
        if text.contains(':') { Ok(()) } else { Err(refuse()) }
    });
    let encode = |raw: &[u8]| format!("Basic {}", STANDARD.encode(raw));
    let headers = vec![
        encode(b"ann:secret"),
        encode(b":"),
        encode(b"no colon"),
        encode(b"\xff:x"),
        "Basic !!".into(),
        "Bearer t".into(),
    ];
    AuthModel { decide, headers }
}
