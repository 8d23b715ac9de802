//! [`Live`]: the extractor that serves a [`LiveView`] on one path — GET → the page, GET with
//! a WebSocket upgrade → the live session, POST of an event form → the event, then **303**.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;

use std::sync::Mutex;

use super::apply::{self, Failed};
use super::config::LiveConfig;
use super::diff::Encoder;
use super::event::{EVENT_FIELD, decode_event};
use super::held::Held;
use super::script::SCRIPT_PATH;
use super::session;
use super::store;
use super::view::LiveView;
use crate::errors::error::RookError;
use crate::session::{CSRF_FIELD, CsrfToken, FromSession, SessionJar, check_key};
use crate::ws::WebSocket;

/// A request for a live view: extract it with `live: Live` on a `get | post` route and answer
/// with [`view`](Self::view), which serves the view's state for this browser.
///
/// For example `counter: get | post "counter", live: Live => live.view(Counter::default())` in
/// `route!` (see `examples/live_counter.rs`).
///
/// - GET → **200**, the whole page (works without JavaScript), with the client script;
/// - GET + `Upgrade: websocket` → **101**, the live session (see `docs/live.md`);
/// - POST `application/x-www-form-urlencoded` with `_e` (what `on:click`/`on:submit` write)
///   → the event applied, then **303** to the same URL. An unknown event or fields that do
///   not fit it → **400**; a body over 16 KiB ([`LiveConfig::event_limit`]) → **413**; another
///   media type → **415**.
///
/// The state is kept per browser (a `rook-live` cookie) and path, in this process. The limits
/// are those of the [`LiveConfig`] registered as app data, else its defaults.
pub struct Live {
    req: HttpRequest,
    kind: Kind,
}

enum Kind {
    Page(Csrf),
    Socket(WebSocket),
    Event(String),
}

/// What the page's forms carry for the router's CSRF check: the session's token (masked) and
/// the session cookie the response must set when the token is new. `None` when sessions cannot
/// work here (no key in a release build, the store down): the forms then pass by their
/// `Origin` only.
type Csrf = Option<(String, Vec<HeaderValue>)>;

/// The session's CSRF token for the page's forms; see [`Csrf`].
async fn csrf(req: &HttpRequest) -> Csrf {
    if check_key().is_err() {
        return None;
    }
    let jar = SessionJar::open(req).await.ok()?;
    let token = CsrfToken::from_session(&jar).token();
    // The session is written as the route's own `session` parameters would write it; the
    // cookie it sets is carried over to the page.
    let carrier = jar.commit(req, HttpResponse::Ok().finish()).await;
    if !carrier.status().is_success() {
        return None;
    }
    let cookies = carrier.headers().get_all(header::SET_COOKIE).cloned().collect();
    Some((token, cookies))
}

fn refuse(status: StatusCode, detail: &'static str) -> actix_web::Error {
    RookError::new(status, detail).into()
}

fn too_large(limit: usize) -> actix_web::Error {
    RookError::new(StatusCode::PAYLOAD_TOO_LARGE, format!("a live event form is at most {limit} bytes")).into()
}

fn is_upgrade(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::UPGRADE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("websocket"))
}

impl FromRequest for Live {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Live, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        if is_upgrade(&req) {
            let socket = WebSocket::from_request(&req, payload).into_inner();
            return Box::pin(async move { Ok(Live { req, kind: Kind::Socket(socket?) }) });
        }
        match *req.method() {
            Method::GET | Method::HEAD => Box::pin(async move {
                let csrf = csrf(&req).await;
                Ok(Live { req, kind: Kind::Page(csrf) })
            }),
            Method::POST => {
                let mut payload = payload.take();
                Box::pin(async move {
                    let form =
                        req.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(
                            |value| value.to_ascii_lowercase().starts_with("application/x-www-form-urlencoded"),
                        );
                    if !form {
                        return Err(refuse(
                            StatusCode::UNSUPPORTED_MEDIA_TYPE,
                            "a live event is an application/x-www-form-urlencoded form",
                        ));
                    }
                    let limit = LiveConfig::of(&req).event_limit;
                    let declared = req
                        .headers()
                        .get(header::CONTENT_LENGTH)
                        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
                    if declared.is_some_and(|length| length > limit) {
                        return Err(too_large(limit));
                    }
                    let mut body = Vec::new();
                    while let Some(chunk) = payload.next().await {
                        let chunk = chunk?;
                        if body.len() + chunk.len() > limit {
                            return Err(too_large(limit));
                        }
                        body.extend_from_slice(&chunk);
                    }
                    let body = String::from_utf8(body)
                        .map_err(|_| refuse(StatusCode::BAD_REQUEST, "a live event form is UTF-8"))?;
                    Ok(Live { req, kind: Kind::Event(body) })
                })
            }
            _ => Box::pin(async { Err(refuse(StatusCode::METHOD_NOT_ALLOWED, "a live view answers GET and POST")) }),
        }
    }
}

impl Live {
    /// Serves `init`'s type of view: the state this browser has on this path, or `init`.
    pub fn view<V: LiveView>(self, init: V) -> HttpResponse {
        let Live { req, kind } = self;
        let known = req.cookie(store::COOKIE).map(|cookie| cookie.value().to_owned()).filter(|id| store::is_id(id));
        let fresh = known.is_none();
        let id = known.unwrap_or_else(store::new_id);
        let config = LiveConfig::of(&req);
        let state = store::state(&id, req.path(), init, &config);
        let mut response = match kind {
            Kind::Page(csrf) => page_response(&state, &config, csrf),
            Kind::Socket(socket) => {
                let (tab, seen) = (session::tab_of(&req), session::seen_of(&req));
                socket.serve(move |conn| session::run(conn, state, tab, seen, config))
            }
            Kind::Event(body) => {
                let mut name = None;
                let mut fields = form_urlencoded::Serializer::new(String::new());
                for (key, value) in form_urlencoded::parse(body.as_bytes()) {
                    if key == EVENT_FIELD {
                        name.get_or_insert(value.into_owned());
                    } else if key != CSRF_FIELD {
                        // The router checked the token; it is no part of the event.
                        fields.append_pair(&key, &value);
                    }
                }
                let Some(name) = name else {
                    return HttpResponse::from_error(refuse(StatusCode::BAD_REQUEST, "a live event form carries `_e`"));
                };
                match decode_event::<V::Event>(&name, &fields.finish()) {
                    Err(err) => HttpResponse::from_error(RookError::new(StatusCode::BAD_REQUEST, err.to_string())),
                    Ok(event) => match apply::apply(&state, None, event) {
                        Ok(_) => {
                            let target = req.uri().path_and_query().map_or("/", |target| target.as_str()).to_owned();
                            HttpResponse::SeeOther().insert_header((header::LOCATION, target)).finish()
                        }
                        Err(failed) => server_error(failed),
                    },
                }
            }
        };
        if fresh {
            let secure = req.connection_info().scheme() == "https";
            let cookie = Cookie::build(store::COOKIE, id)
                .path("/")
                .http_only(true)
                .same_site(SameSite::Lax)
                .secure(secure)
                .finish();
            // Only fails for a malformed cookie, which this one is not.
            let _ = response.add_cookie(&cookie);
        }
        response
    }
}

/// The page of `view`: 200 with the whole document, or 500 when the view cannot render.
fn page_response<V: LiveView>(state: &Mutex<Held<V>>, config: &LiveConfig, csrf: Csrf) -> HttpResponse {
    let view = apply::current(state);
    match apply::render(&view) {
        Ok((body, tree)) => {
            // The page carries the tree it shows, and its session waits parked under a new tab
            // id: the client adopts it, and its join costs a few bytes instead of the tree.
            let tab = store::new_id()[..16].to_owned();
            let mut encoder = Encoder::new();
            let model = encoder.full(&tree);
            apply::lock(state).park(&tab, encoder, std::sync::Arc::new(tree), 0, config);
            let adopt = serde_json::json!({ "t": tab, "m": model }).to_string().replace('<', "\\u003c");
            let (token, cookies) = csrf.unzip();
            let page = page(view.head().as_str(), body.as_str(), &adopt, token.as_deref());
            let mut response = HttpResponse::Ok().body(page);
            let headers = response.headers_mut();
            for cookie in cookies.into_iter().flatten() {
                headers.append(header::SET_COOKIE, cookie);
            }
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(failed) => server_error(failed),
    }
}

fn server_error(failed: Failed) -> HttpResponse {
    let detail = match failed {
        Failed::Panicked => "the live view failed; its state is unchanged",
        Failed::NoTree => "the live view's render uses no html!",
        Failed::Duplicate => "the live event was applied before",
    };
    HttpResponse::from_error(RookError::new(StatusCode::INTERNAL_SERVER_ERROR, detail))
}

/// The whole page: the view's head markup, the client, the form that `on:click` buttons post
/// with, the view's live render in the element the client patches, and the tree it shows for
/// the client to adopt (JSON with every `<` escaped, so nothing in it ends the script).
///
/// With a CSRF `token`, every form that posts an event carries it in a hidden `_csrf` field:
/// the `on:click` form, and each `on:submit` form (right before its `_e` field). The field is
/// only in the page: the tree, and what the socket sends, are without it (a form redrawn by the
/// client goes up the socket, and the no-JavaScript path always gets a new page).
fn page(head: &str, body: &str, adopt: &str, token: Option<&str>) -> String {
    let field =
        token.map_or(String::new(), |token| format!(r#"<input type="hidden" name="{CSRF_FIELD}" value="{token}">"#));
    let body =
        if field.is_empty() { body.to_owned() } else { body.replace(SUBMIT_FIELD, &format!("{field}{SUBMIT_FIELD}")) };
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">{head}<script src=\"{SCRIPT_PATH}\" defer></script></head>\
         <body><form id=\"rook-live\" method=\"post\">{field}</form><div data-rook-live>{body}</div>\
         <script type=\"application/json\" id=\"rook-live-state\">{adopt}</script></body></html>"
    )
}

/// How the event field of an `on:submit` form starts, as `html!` writes it.
const SUBMIT_FIELD: &str = r#"<input type="hidden" name="_e" value=""#;
