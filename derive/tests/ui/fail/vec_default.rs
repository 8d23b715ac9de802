//! A `Vec<T>` query parameter collects zero or more values; a default would never be used.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "list" ? tag: Vec<String> = Vec::new() => format!("{tag:?}"),
    };
}
