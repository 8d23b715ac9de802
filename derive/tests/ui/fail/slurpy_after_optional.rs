//! A slurpy after an optional capture: which segments each takes would be ambiguous.

use rook::prelude::*;

fn main() {
    let _ = route! {
        get "files" / version: Option<u32> / ..path => format!("{version:?} {path:?}"),
    };
}
