//! A route takes one `auth` parameter.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "twice", auth a: Bearer, auth b: Basic => a.into_token(),
    };
}
