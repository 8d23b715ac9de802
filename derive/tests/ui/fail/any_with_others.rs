//! `any` already means every method.

use rook::prelude::*;

fn main() {
    let _ = route! {
        any | get "a" => "a",
        get | any "b" => "b",
    };
}
