//! A capture's type must implement `FromSegment`; the error points at the type.

use rook::prelude::*;

struct Plain;

fn main() {
    let _ = route! {
        get "a" / x: Plain => "a",
        get "b" ? y: Vec<Vec<u8>> => "b",
    };
}
