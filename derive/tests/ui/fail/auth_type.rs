//! The type of an `auth` parameter implements `rook::Authenticate`; the error says so in the
//! user's terms.

use rook::prelude::*;

struct NotAuth;

fn main() {
    let _ = route! {
        get "wrong", auth who: NotAuth => "never",
    };
}
