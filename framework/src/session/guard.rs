//! The router's CSRF check (docs/sessions.md), made once a route is chosen (after its `auth`, before
//! its extractors and body): whether it applies ([`applies`], a comparison of the method for
//! every safe request), and, when it does and the request does not settle it by its headers,
//! the check of the session's token in the body ([`guarded`]), which reads the start of the
//! body and hands all of it on to the handler's extractors.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::http::{Method, StatusCode, header};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use futures_util::{Stream, StreamExt};

use super::csrf::{CSRF_FIELD, CSRF_HEADER, CsrfPolicy, matches};
use super::jar::SessionJar;
use crate::body::{BodyConfig, BodyError, Limit, read_to_limit};
use crate::errors::error::RookError;
use crate::media::essence;

/// How far into a multipart body the `_csrf` part is looked for.
const MULTIPART_SCAN: usize = 64 * 1024;

/// The one-line refusal.
const REFUSAL: &str = "cross-site form submission refused: no valid CSRF token (form field `_csrf` or header `X-CSRF-Token`) and not from this site's origin";

/// Whether the route's CSRF check must look at the session's token: the request is a POST,
/// PUT, PATCH or DELETE with a form media type and cookies, to a route of a table that checks
/// and whose `auth` parameter (if any) does not exempt it (`exempt`), and neither its `Origin` nor (without one)
/// `Sec-Fetch-Site` says it comes from this site.
#[inline(always)]
pub(crate) fn applies(policy: CsrfPolicy, exempt: bool, req: &HttpRequest) -> bool {
    let method = req.method();
    if *method == Method::GET || *method == Method::HEAD {
        return false;
    }
    unsafe_form(policy, exempt, req)
}

#[inline(never)]
fn unsafe_form(policy: CsrfPolicy, exempt: bool, req: &HttpRequest) -> bool {
    let method = req.method();
    if policy == CsrfPolicy::Off || !matches!(*method, Method::POST | Method::PUT | Method::PATCH | Method::DELETE) {
        return false;
    }
    if exempt || !req.headers().contains_key(header::COOKIE) {
        return false;
    }
    form_media(req).is_some() && !same_origin(req)
}

/// The form media type of the request, if it has one (docs/sessions.md: urlencoded, multipart,
/// text/plain): what a cross-site `<form>` can send.
fn form_media(req: &HttpRequest) -> Option<Form> {
    let value = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    match essence(value).as_str() {
        "application/x-www-form-urlencoded" => Some(Form::Urlencoded),
        "multipart/form-data" => Some(Form::Multipart),
        "text/plain" => Some(Form::Text),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Form {
    Urlencoded,
    Multipart,
    Text,
}

/// Whether `Origin` names this site (scheme, host and port as the request reached it; an
/// `https` origin passes for a plain-HTTP request, which is TLS ended by a proxy), or, without
/// `Origin`, `Sec-Fetch-Site` says `same-origin`.
fn same_origin(req: &HttpRequest) -> bool {
    let headers = req.headers();
    let Some(origin) = headers.get(header::ORIGIN) else {
        return headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"same-origin");
    };
    let Ok(origin) = origin.to_str() else { return false };
    let Some((scheme, authority)) = origin.split_once("://") else { return false };
    let info = req.connection_info();
    let ours = info.scheme();
    let scheme = scheme.to_ascii_lowercase();
    if !(scheme == ours || scheme == "https" && ours == "http") {
        return false;
    }
    authority_of(authority, &scheme) == authority_of(info.host(), &scheme)
}

/// `host:port` in lower case, the scheme's default port made explicit.
fn authority_of(authority: &str, scheme: &str) -> String {
    let authority = authority.to_ascii_lowercase();
    let has_port = match authority.rfind(':') {
        Some(i) => !authority[i..].contains(']'),
        None => false,
    };
    if has_port {
        return authority;
    }
    format!("{authority}:{}", if scheme == "https" { 443 } else { 80 })
}

/// The payload the chosen route's extractors read while its CSRF check reads the body first:
/// empty until the check hands the body on, all of it, what it read included.
#[derive(Clone, Default)]
pub(crate) struct Slot(Rc<RefCell<Option<Payload>>>);

impl Slot {
    /// The payload to give the route.
    pub(crate) fn payload(&self) -> Payload {
        Payload::Stream { payload: Box::pin(Deferred { slot: self.clone(), inner: None }) }
    }
}

struct Deferred {
    slot: Slot,
    inner: Option<Payload>,
}

impl Stream for Deferred {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.inner.is_none() {
            let handed = self.slot.0.borrow_mut().take();
            match handed {
                Some(payload) => self.inner = Some(payload),
                None => return Poll::Ready(None),
            }
        }
        let inner = self.inner.as_mut().expect("set above");
        Pin::new(inner).poll_next(cx)
    }
}

/// Runs `handler` once the session's token is found in `req`'s `X-CSRF-Token` header or its
/// body (`original`, handed on whole to the handler through `slot`); **403** otherwise.
pub(crate) fn guarded(
    req: HttpRequest,
    original: Payload,
    slot: Slot,
    handler: LocalBoxFuture<'static, HttpResponse>,
) -> LocalBoxFuture<'static, HttpResponse> {
    Box::pin(async move {
        match verify(&req, original).await {
            Ok(payload) => {
                *slot.0.borrow_mut() = Some(payload);
                handler.await
            }
            Err(res) => res,
        }
    })
}

/// The payload to hand on when the token is right; the answer otherwise.
async fn verify(req: &HttpRequest, mut payload: Payload) -> Result<Payload, HttpResponse> {
    let jar = SessionJar::open(req).await?;
    let secret = jar.state().envelope.csrf.clone();
    let Some(secret) = secret else {
        log::debug!("{} {}: {REFUSAL} (the session has no token)", req.method(), req.path());
        return Err(refused());
    };
    if let Some(sent) = req.headers().get(CSRF_HEADER) {
        return match sent.to_str() {
            Ok(sent) if matches(&secret, sent) => Ok(payload),
            _ => Err(refused()),
        };
    }
    let config = BodyConfig::of(req);
    let media = form_media(req).expect("checked by `applies`");
    let read = async {
        match media {
            Form::Urlencoded => {
                let body = read_to_limit(req, &mut payload, Limit::Form, config.form_limit).await?;
                let sent = form_urlencoded::parse(&body).find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v.into_owned());
                Ok((sent, body, None))
            }
            Form::Text => {
                let body = read_to_limit(req, &mut payload, Limit::Text, config.text_limit).await?;
                let text = String::from_utf8_lossy(&body);
                let sent = text.lines().find_map(|l| l.strip_prefix("_csrf=")).map(str::to_owned);
                Ok((sent, body, None))
            }
            Form::Multipart => {
                let mut seen = BytesMut::new();
                let mut sent = None;
                while sent.is_none() && seen.len() < MULTIPART_SCAN {
                    match payload.next().await {
                        Some(Ok(chunk)) => seen.extend_from_slice(&chunk),
                        Some(Err(e)) => return Err(BodyError::malformed(format_args!("could not read the body: {e}"))),
                        None => break,
                    }
                    sent = multipart_token(&seen);
                }
                Ok((sent, seen.freeze(), Some(Payload::take(&mut payload))))
            }
        }
    };
    let (sent, body, rest) = match tokio::time::timeout(config.timeout, read).await {
        Ok(Ok(read)) => read,
        Ok(Err(e)) => return Err(HttpResponse::from_error(e)),
        Err(_) => return Err(HttpResponse::from_error(BodyError::timeout(config.timeout))),
    };
    if !sent.is_some_and(|sent| matches(&secret, &sent)) {
        log::debug!("{} {}: {REFUSAL}", req.method(), req.path());
        return Err(refused());
    }
    let first = futures_util::stream::once(std::future::ready(Ok::<_, PayloadError>(body)));
    Ok(match rest {
        Some(rest) => Payload::Stream { payload: Box::pin(first.chain(rest)) },
        None => Payload::Stream { payload: Box::pin(first) },
    })
}

/// The value of the multipart part named `_csrf` in the start of a body, once it is whole.
fn multipart_token(seen: &[u8]) -> Option<String> {
    let name = format!("name=\"{CSRF_FIELD}\"");
    let at = find(seen, name.as_bytes())?;
    let start = at + find(&seen[at..], b"\r\n\r\n")? + 4;
    let len = find(&seen[start..], b"\r\n")?;
    std::str::from_utf8(&seen[start..start + len]).ok().map(str::to_owned)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The refusal, rendered again in the table's error format on its way out.
fn refused() -> HttpResponse {
    HttpResponse::from_error(RookError::new(StatusCode::FORBIDDEN, REFUSAL).member("reason", "csrf"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_part_is_found_once_whole() {
        let body = b"--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123\r\n--b\r\n";
        assert_eq!(multipart_token(body).as_deref(), Some("abc123"));
        assert_eq!(multipart_token(&body[..body.len() - 8]), None);
        assert_eq!(multipart_token(b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n"), None);
    }

    #[test]
    fn authorities_compare_with_default_ports() {
        assert_eq!(authority_of("Example.com", "https"), "example.com:443");
        assert_eq!(authority_of("example.com:8080", "http"), "example.com:8080");
        assert_eq!(authority_of("[::1]", "http"), "[::1]:80");
        assert_eq!(authority_of("[::1]:81", "http"), "[::1]:81");
    }
}
