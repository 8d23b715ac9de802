//! A header name must be an HTTP token.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "a", header "User Agent" as agent: String => agent,
        get "b", header "" as empty: String => empty,
        get "c", header "X-Ünicode" as u: String => u,
    };
}
