//! An earlier route whose methods include all of the later one's shadows it.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get | post "form" => "form",
        get "form" => "only get",
        any "anything" => "any",
        delete "anything" => "delete",
    };
}
