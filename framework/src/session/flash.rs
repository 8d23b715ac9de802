//! [`Flash`]: messages kept in the session for the next request that reads them, the way a
//! page says "Saved." after a POST answered 303.

use super::from_session::FromSession;
use super::jar::SessionJar;
use super::message::{FlashLevel, FlashMessage};

/// The session's flash messages, in a `session name: Flash` parameter (or from
/// [`Session::flash`](super::Session::flash)).
///
/// A message [`set`](Self::set) while handling one request is kept in the session until a
/// later request reads [`messages`](Self::messages), which hands it over once and removes it:
/// set it before answering a POST with 303, show it on the page the 303 leads to.
///
/// ```
/// use rook::prelude::*;
/// use rook::{Flash, FlashLevel};
///
/// let routes = route! {
///     post "save", session flash: Flash => {
///         flash.set(FlashLevel::Success, "Saved.");
///         see_other("/")
///     },
///     get /, session flash: Flash => {
///         let lines: Vec<String> = flash.messages().into_iter().map(|m| format!("{}: {}", m.level, m.text)).collect();
///         lines.join("\n")
///     },
/// };
/// # drop(routes);
/// ```
#[derive(Clone)]
pub struct Flash {
    jar: SessionJar,
}

// Not listed under the error of a wrong `session` type: the message names the three already, and
// rustc lists them in an order that depends on where the crate is built.
#[diagnostic::do_not_recommend]
impl FromSession for Flash {
    fn from_session(jar: &SessionJar) -> Self {
        Flash { jar: jar.clone() }
    }
}

impl Flash {
    /// Keeps a message for the next request that reads the flash.
    pub fn set(&self, level: FlashLevel, text: impl Into<String>) {
        let mut state = self.jar.state();
        state.envelope.flash.push(FlashMessage { level, text: text.into() });
        state.dirty = true;
    }

    /// [`set`](Self::set) at [`FlashLevel::Info`].
    pub fn info(&self, text: impl Into<String>) {
        self.set(FlashLevel::Info, text)
    }

    /// [`set`](Self::set) at [`FlashLevel::Success`].
    pub fn success(&self, text: impl Into<String>) {
        self.set(FlashLevel::Success, text)
    }

    /// [`set`](Self::set) at [`FlashLevel::Warning`].
    pub fn warning(&self, text: impl Into<String>) {
        self.set(FlashLevel::Warning, text)
    }

    /// [`set`](Self::set) at [`FlashLevel::Error`].
    pub fn error(&self, text: impl Into<String>) {
        self.set(FlashLevel::Error, text)
    }

    /// The messages that came with this request, taken out of the session: a later request
    /// does not see them again. Messages set while handling this request are not among them.
    pub fn messages(&self) -> Vec<FlashMessage> {
        let mut state = self.jar.state();
        let incoming = std::mem::take(&mut state.incoming_flash);
        if incoming == 0 {
            return Vec::new();
        }
        state.dirty = true;
        state.envelope.flash.drain(..incoming).collect()
    }
}
