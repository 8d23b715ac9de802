//! What the generated code calls for an `auth` parameter: start `T::authenticate` while the
//! route is chosen, and hand the value it produced to the chosen route's binding.

use actix_web::{HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::authenticate::Authenticate;
use super::error::AuthError;

/// A running `authenticate`; on success the value waits in the request's extensions.
pub type AuthFuture = LocalBoxFuture<'static, Result<(), AuthError>>;

/// The authenticated value, in the request's extensions until the route binds it.
struct Authenticated<T>(T);

/// Starts `T::authenticate` for `req`.
pub fn authenticate<T: Authenticate>(req: &HttpRequest) -> AuthFuture {
    let req = req.clone();
    Box::pin(async move {
        let value = T::authenticate(&req).await?;
        req.extensions_mut().insert(Authenticated(value));
        Ok(())
    })
}

/// The future of a route without an `auth` parameter: nothing to check.
pub fn no_authentication() -> AuthFuture {
    Box::pin(std::future::ready(Ok(())))
}

/// Takes the value `authenticate::<T>` left for `req`.
pub fn authenticated<T: 'static>(req: &HttpRequest) -> Option<T> {
    req.extensions_mut().remove::<Authenticated<T>>().map(|a| a.0)
}
