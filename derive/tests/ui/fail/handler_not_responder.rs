//! A handler's value must be an actix-web `Responder` (or `()`).

use rook::prelude::*;

struct NotAResponse;

fn main() {
    let _ = route! {
        get "a" => NotAResponse,
    };
}
