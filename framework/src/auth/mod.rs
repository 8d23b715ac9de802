//! Authentication in the route signature (docs/auth.md): `auth user: T` with `T:`
//! [`Authenticate`].
//!
//! The router runs `T::authenticate` while it chooses the route, after the path and the method
//! fit and before query, header and cookie parameters bind: a refusal ([`AuthError`]) skips the
//! route and the next candidate is tried; when no candidate handles the request the first
//! refusal is answered (**401** with `WWW-Authenticate`, or **403**). Built in: [`Bearer`] and
//! [`Basic`], both reading `Authorization` through one strict parser and limited by
//! [`AuthConfig`].

mod authenticate;
mod basic;
mod bearer;
mod config;
mod credentials;
pub(crate) mod error;
pub(crate) mod slot;

pub use authenticate::Authenticate;
pub use basic::Basic;
pub use bearer::Bearer;
pub use config::AuthConfig;
pub use error::AuthError;
