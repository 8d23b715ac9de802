//! [`Session<T>`]: the application's data in the session.

use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::csrf::CsrfToken;
use super::flash::Flash;
use super::from_session::FromSession;
use super::jar::SessionJar;

/// The session's data, a `T`, in a `session name: Session<T>` parameter: derefs to `T`.
///
/// The session is read from its cookie before the handler runs (a tampered, expired or
/// undecodable cookie, or data that no longer fits `T`, is `T::default()`), and written back as
/// the response leaves when the handler changed it (through `DerefMut`, [`set`](Self::set),
/// [`rotate`](Self::rotate), [`clear`](Self::clear)). The cookie is `HttpOnly; SameSite=Lax;
/// Path=/`, `Secure` over TLS, sealed (AES-256-GCM) with the key of `ROOK_SECRET_KEY`.
///
/// ```
/// use rook::prelude::*;
/// use rook::Session;
///
/// #[derive(serde::Serialize, serde::Deserialize, Default)]
/// struct Visits { count: u32 }
///
/// let routes = route! {
///     get "count", session visits: Session<Visits> => {
///         let mut visits = visits;
///         visits.count += 1;
///         format!("visit {}", visits.count)
///     },
/// };
/// # drop(routes);
/// ```
pub struct Session<T: Serialize + Default> {
    value: T,
    jar: SessionJar,
    changed: bool,
}

// Not listed under the error of a wrong `session` type: the message names the three already, and
// rustc lists them in an order that depends on where the crate is built.
#[diagnostic::do_not_recommend]
impl<T: Serialize + DeserializeOwned + Default> FromSession for Session<T> {
    fn from_session(jar: &SessionJar) -> Self {
        let data = jar.state().envelope.data.clone();
        let value = match data.map(serde_json::from_value::<T>) {
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                log::debug!(
                    "the session's data does not fit {} ({e}): starting from the default",
                    std::any::type_name::<T>()
                );
                T::default()
            }
            None => T::default(),
        };
        Session { value, jar: jar.clone(), changed: false }
    }
}

impl<T: Serialize + Default> Session<T> {
    /// The data.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// Replaces the data.
    pub fn set(&mut self, value: T) {
        self.value = value;
        self.changed = true;
    }

    /// Gives the session a new id, a new cookie and a new CSRF token, keeping its data: call it
    /// when the user signs in (or their privileges change), so that a session id someone
    /// planted before is worth nothing after.
    pub fn rotate(&mut self) {
        let mut state = self.jar.state();
        state.envelope.id.clear();
        state.envelope.csrf = None;
        state.dirty = true;
    }

    /// Empties the session (sign-out): the data becomes `T::default()`, the id and the CSRF
    /// token are dropped, and the cookie is removed unless something (a flash message) is put
    /// in the session after.
    pub fn clear(&mut self) {
        self.value = T::default();
        self.changed = false;
        let mut state = self.jar.state();
        state.envelope = Default::default();
        state.incoming_flash = 0;
        state.dirty = true;
    }

    /// The session's flash messages.
    pub fn flash(&self) -> Flash {
        Flash::from_session(&self.jar)
    }

    /// The session's CSRF token, for forms.
    pub fn csrf(&self) -> CsrfToken {
        CsrfToken::from_session(&self.jar)
    }
}

impl<T: Serialize + Default> Deref for Session<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize + Default> DerefMut for Session<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.changed = true;
        &mut self.value
    }
}

impl<T: Serialize + Default + fmt::Debug> fmt::Debug for Session<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Session").field(&self.value).finish()
    }
}

impl<T: Serialize + Default> Drop for Session<T> {
    /// Puts the data, if changed, into the request's session, which is written back as the
    /// response leaves (the handler's parameters are dropped before that).
    fn drop(&mut self) {
        if !self.changed {
            return;
        }
        let mut state = self.jar.state();
        state.dirty = true;
        match serde_json::to_value(&self.value) {
            // The default is no data: a session holding only it needs no cookie.
            Ok(value) if serde_json::to_value(T::default()).is_ok_and(|d| d == value) => state.envelope.data = None,
            Ok(value) => state.envelope.data = Some(value),
            Err(e) => state.failure = Some(format!("the session's data does not serialise: {e}")),
        }
    }
}
