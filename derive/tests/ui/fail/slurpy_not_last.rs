//! A slurpy takes every remaining segment, so nothing may follow it.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "files" / ..path / "raw" => path.join("/"),
    };
}
