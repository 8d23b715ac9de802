//! [`SessionJar`]: one request's session, loaded once (by the first `session` parameter, or by
//! the CSRF check) and written back, when something changed it, as the response leaves.

use std::cell::{RefCell, RefMut};
use std::rc::Rc;

use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse};

use super::config::SessionConfig;
use super::envelope::Envelope;
use super::key::key;
use super::store::COOKIE_LIMIT;
use super::store::SaveError;
use crate::errors::error::RookError;

/// One request's session: shared by its `session` parameters ([`Session`](super::Session),
/// [`Flash`](super::Flash), [`CsrfToken`](super::CsrfToken)), and written back by the code
/// `route!` generates for a route with `session` parameters. Not public API.
#[doc(hidden)]
#[derive(Clone)]
pub struct SessionJar(Rc<RefCell<State>>);

pub(crate) struct State {
    pub(crate) envelope: Envelope,
    /// The id the request's session was loaded under (a store removes it on rotation).
    loaded_id: Option<String>,
    /// The request carried a session cookie (an empty session then removes it).
    had_cookie: bool,
    /// Something changed: the session is written back.
    pub(crate) dirty: bool,
    /// How many of the envelope's flash messages came with the request (and are not read yet).
    pub(crate) incoming_flash: usize,
    /// Why the session cannot be written (its data did not serialise): a 500 at write time.
    pub(crate) failure: Option<String>,
    config: SessionConfig,
}

impl SessionJar {
    /// The session of `req`: loaded from its cookie the first time, the same one after. A
    /// cookie that is tampered with, expired or undecodable is an empty session; a store that
    /// cannot be asked (Redis down) answers **503**, a missing key **500**.
    pub async fn open(req: &HttpRequest) -> Result<SessionJar, HttpResponse> {
        if let Some(jar) = req.extensions().get::<SessionJar>() {
            return Ok(jar.clone());
        }
        let config = SessionConfig::of(req).clone();
        let cookie = req.cookie(&config.cookie_name);
        let loaded = match &cookie {
            Some(cookie) => {
                let key = key().map_err(|e| {
                    log::error!("sessions cannot work: {e}");
                    server_error()
                })?;
                config.store.load(key, &config.cookie_name, cookie.value()).await.map_err(|e| {
                    log::error!("session store unavailable while loading a session: {e}");
                    unavailable()
                })?
            }
            None => None,
        };
        let loaded_id = loaded.as_ref().map(|e| e.id.clone()).filter(|id| !id.is_empty());
        let envelope = loaded.unwrap_or_default();
        let state = State {
            incoming_flash: envelope.flash.len(),
            envelope,
            loaded_id,
            had_cookie: cookie.is_some(),
            dirty: false,
            failure: None,
            config,
        };
        let jar = SessionJar(Rc::new(RefCell::new(state)));
        req.extensions_mut().insert(jar.clone());
        Ok(jar)
    }

    pub(crate) fn state(&self) -> RefMut<'_, State> {
        self.0.borrow_mut()
    }

    /// Writes the session back into `res` when something changed it: a `Set-Cookie` with the
    /// sealed session (or one removing the cookie once the session is empty). A session whose
    /// cookie would be over 4 KiB, or that the store cannot take, replaces `res` with a 500
    /// (503 for a store that is down), logged, and no `Set-Cookie`: the old cookie stays.
    pub async fn commit(self, req: &HttpRequest, mut res: HttpResponse) -> HttpResponse {
        let (mut envelope, old, had_cookie, config) = {
            let mut state = self.state();
            if !state.dirty {
                return res;
            }
            if let Some(why) = state.failure.take() {
                log::error!(
                    "{} {}: the session cannot be written: {why}; answering 500, the old cookie stays",
                    req.method(),
                    req.path()
                );
                return server_error();
            }
            state.dirty = false;
            (state.envelope.clone(), state.loaded_id.clone(), state.had_cookie, state.config.clone())
        };
        let name = config.cookie_name.as_str();
        let secure = config.secure.unwrap_or_else(|| req.connection_info().scheme() == "https");
        let mut cookie = Cookie::build(name.to_owned(), String::new())
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        if envelope.is_empty() {
            if let Some(old) = &old
                && let Err(e) = config.store.remove(old).await
            {
                log::error!("session store unavailable while removing a session: {e}");
            }
            if !had_cookie {
                return res;
            }
            cookie.make_removal();
        } else {
            envelope.renew(config.max_age);
            let key = match key() {
                Ok(key) => key,
                Err(e) => {
                    log::error!("sessions cannot work: {e}");
                    return server_error();
                }
            };
            match config.store.save(key, name, &mut envelope, old.as_deref(), config.max_age).await {
                Ok(sealed) => cookie.set_value(sealed),
                Err(SaveError::TooLarge(size)) => {
                    log::error!(
                        "{} {}: the session cookie {name:?} would take {size} bytes, over the {COOKIE_LIMIT}-byte cookie limit: \
                         answering 500 and leaving the old cookie; keep less in the session, or keep sessions in Redis (SessionConfig::redis)",
                        req.method(),
                        req.path()
                    );
                    return server_error();
                }
                Err(SaveError::Store(e)) => {
                    log::error!(
                        "{} {}: the session cannot be stored: {e}; the old cookie stays",
                        req.method(),
                        req.path()
                    );
                    return unavailable();
                }
            }
            cookie.set_max_age(time::Duration::seconds(i64::try_from(config.max_age.as_secs()).unwrap_or(i64::MAX)));
        }
        if let Err(e) = res.add_cookie(&cookie) {
            log::error!("the session cookie cannot be sent: {e}");
        }
        res
    }
}

fn server_error() -> HttpResponse {
    HttpResponse::from_error(RookError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error"))
}

fn unavailable() -> HttpResponse {
    HttpResponse::from_error(RookError::new(StatusCode::SERVICE_UNAVAILABLE, "session store unavailable"))
}
