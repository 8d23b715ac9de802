//! [`Authenticate`]: the trait of an `auth` parameter's type.

use std::future::Future;

use actix_web::HttpRequest;

use super::error::AuthError;

/// A type that an `auth name: Type` parameter produces from the request (docs/auth.md).
///
/// `authenticate` may await (a session store, a token lookup). It runs while the route is
/// chosen, once the path and method fit and before query, header and cookie parameters bind;
/// an `Err` skips the route, and if no other route handles the request, the first refusal is
/// the answer: [`AuthError::Unauthenticated`] → **401** with `WWW-Authenticate`,
/// [`AuthError::Forbidden`] → **403**. A CORS preflight (`OPTIONS` with
/// `Access-Control-Request-Method`) never runs it.
///
/// The returned future runs on the worker's thread (it need not be `Send`); a panic in it
/// answers **500** and the server keeps serving. Implement it with an `async fn`:
///
/// ```
/// use rook::prelude::*;
/// use rook::{AuthError, Authenticate, Bearer};
///
/// struct Admin;
///
/// impl Authenticate for Admin {
///     async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
///         let bearer = Bearer::authenticate(req).await?;
///         if bearer.token() == "let-me-in" { Ok(Admin) } else { Err(AuthError::Forbidden) }
///     }
/// }
///
/// let routes = route! {
///     get "admin", auth _admin: Admin => "hello, admin",
///     get "admin" => "sign in first",
/// };
/// # drop(routes);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the type of an `auth` parameter",
    label = "`{Self}` does not implement `rook::Authenticate`",
    note = "use `rook::Bearer` or `rook::Basic`, or implement `rook::Authenticate` for `{Self}`"
)]
pub trait Authenticate: Sized + 'static {
    /// Whether a route with this `auth` parameter skips the CSRF check (docs/sessions.md): true for
    /// credentials that a browser does not attach to a cross-site form by itself (`Bearer`,
    /// `Basic`). Leave it false for a type that reads a cookie.
    const CSRF_EXEMPT: bool = false;

    /// Who is calling, or why the request is refused.
    fn authenticate(req: &HttpRequest) -> impl Future<Output = Result<Self, AuthError>>;

    /// How `Routes::openapi()` documents this type (an OpenAPI security scheme object). The
    /// default is a credential in the `Authorization` header; `Bearer` and `Basic` say HTTP
    /// `bearer` and `basic`.
    fn security_scheme() -> serde_json::Value {
        serde_json::json!({ "type": "apiKey", "in": "header", "name": "Authorization" })
    }
}
