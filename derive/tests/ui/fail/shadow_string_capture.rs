//! An unvalidated `String` capture accepts every segment, so a narrower capture after it in the
//! same position is never reached.

use rook::prelude::*;

#[derive(Segment)]
#[segment(regex = "[0-9a-f]{8}")]
struct Hex(String);

fn main() {
    let _ = route! {
        get "product" / name: String => name,
        get "product" / id: u32 => format!("{id}"),
        get "user" / name: String / "posts" => name,
        get "user" / id: Hex / "posts" => id.0,
    };
}
