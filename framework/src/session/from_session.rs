//! [`FromSession`]: the trait of the types a `session` parameter may have.

use super::jar::SessionJar;

/// The type of a `session name: Type` parameter: [`Session<T>`](super::Session), [`Flash`](super::Flash) or [`CsrfToken`](super::CsrfToken).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the type of a `session` parameter",
    label = "a `session` parameter is a `rook::Session<T>`, `rook::Flash` or `rook::CsrfToken`",
    note = "keep your data in `Session<T>` with `T: Serialize + DeserializeOwned + Default`: `session s: Session<{Self}>`"
)]
pub trait FromSession: Sized {
    /// The value, from the request's session.
    fn from_session(jar: &SessionJar) -> Self;
}
