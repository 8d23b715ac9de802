//! [`Notices`]: what a room says when a member joins or leaves.

use std::fmt;
use std::sync::Arc;

type Say = Arc<dyn Fn(Option<&str>) -> Option<String> + Send + Sync>;

/// What the room tells its members when someone joins or leaves: each notice is a function of
/// the member's name (`None` for a member who gave none) that returns the notice's text, or
/// `None` for no notice. Notices take their place in the room's one order like messages.
///
/// By default there is no join notice and the leave notice is `A user left the chat`.
/// [`Notices::named`] names the member in both. A member's name comes from the join request's
/// `?name=` query parameter, or from [`ChatRoom::join_as`](super::ChatRoom::join_as).
///
/// ```
/// use rook::{ChatRoom, Notices};
///
/// let room = ChatRoom::new().notices(
///     Notices::default()
///         .on_join(|name| Some(format!("{} is here", name.unwrap_or("Someone"))))
///         .on_leave(|name| name.map(|n| format!("{n} has gone"))),
/// );
/// # drop(room);
/// ```
#[derive(Clone)]
pub struct Notices {
    join: Say,
    leave: Say,
}

/// The leave notice's default text.
pub(crate) const DEFAULT_LEAVE: &str = "A user left the chat";

impl Default for Notices {
    fn default() -> Self {
        Notices { join: Arc::new(|_| None), leave: Arc::new(|_| Some(DEFAULT_LEAVE.to_owned())) }
    }
}

impl fmt::Debug for Notices {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notices").finish_non_exhaustive()
    }
}

impl Notices {
    /// `NAME joined the chat` and `NAME left the chat`; a member without a name is `A user`.
    pub fn named() -> Self {
        Notices::default()
            .on_join(|name| Some(format!("{} joined the chat", name.unwrap_or("A user"))))
            .on_leave(|name| Some(format!("{} left the chat", name.unwrap_or("A user"))))
    }

    /// The notice sent when a member joins (to every member, the new one included).
    pub fn on_join(mut self, say: impl Fn(Option<&str>) -> Option<String> + Send + Sync + 'static) -> Self {
        self.join = Arc::new(say);
        self
    }

    /// The notice the others receive when a member leaves (or is closed by the room).
    pub fn on_leave(mut self, say: impl Fn(Option<&str>) -> Option<String> + Send + Sync + 'static) -> Self {
        self.leave = Arc::new(say);
        self
    }

    pub(crate) fn joined(&self, name: Option<&str>) -> Option<String> {
        (self.join)(name)
    }

    pub(crate) fn left(&self, name: Option<&str>) -> Option<String> {
        (self.leave)(name)
    }
}
