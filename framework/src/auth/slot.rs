//! What the generated code calls for an `auth` parameter: start `T::authenticate` while the
//! route is chosen, and hand the value it produced to the chosen route's binding.

use std::any::Any;

use actix_web::HttpRequest;
use futures_util::future::LocalBoxFuture;

use super::authenticate::Authenticate;
use super::error::AuthError;

/// A running `authenticate`; on success, the value it produced.
pub type AuthFuture = LocalBoxFuture<'static, Result<Authenticated, AuthError>>;

/// The value a route's `auth` check produced, on its way to the route's binding; nothing for a
/// route without one. Boxed, so that one type carries any `Authenticate` value (a zero-sized
/// one, such as a marker type, allocates nothing).
pub struct Authenticated(Option<Box<dyn Any>>, bool);

impl Authenticated {
    /// No value: the route has no `auth` parameter, or its check has not run.
    pub fn none() -> Authenticated {
        Authenticated(None, false)
    }

    /// Whether the check that produced the value exempts the route from the CSRF check
    /// ([`Authenticate::CSRF_EXEMPT`]).
    pub(crate) fn csrf_exempt(&self) -> bool {
        self.1
    }

    /// Takes the value, if it is a `T`.
    pub fn take<T: 'static>(&mut self) -> Option<T> {
        self.0.take()?.downcast().ok().map(|value| *value)
    }
}

/// Starts `T::authenticate` for `req`.
pub fn authenticate<T: Authenticate>(req: &HttpRequest) -> AuthFuture {
    let req = req.clone();
    Box::pin(async move {
        let value: Box<dyn Any> = Box::new(T::authenticate(&req).await?);
        Ok(Authenticated(Some(value), T::CSRF_EXEMPT))
    })
}

/// The future of a route without an `auth` parameter: nothing to check.
pub fn no_authentication() -> AuthFuture {
    Box::pin(std::future::ready(Ok(Authenticated::none())))
}
