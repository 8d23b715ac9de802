//! A handler whose value is not a response is reported in the user's terms, and a forgotten
//! `.await` on a static-file builder is suggested.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "css" / ..path => static_dir("static/css", &path),
    };
}
