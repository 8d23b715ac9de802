//! The type of a `session` parameter is a session value (`Session<T>`, `Flash`, `CsrfToken`);
//! the error points at the type and says how to keep data in the session.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "who", session user: String => user,
    };
}
