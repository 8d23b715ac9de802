//! `#[derive(Segment)]` mistakes.

use rook::prelude::*;

#[derive(Segment)]
#[segment(regex = "[0-9a-f{12}")]
struct BadRegex(String);

#[derive(Segment)]
#[segment(pattern = "[a-z]+")]
struct UnknownKey(String);

#[derive(Segment)]
enum Colour {
    Red,
    Green,
}

#[derive(Segment)]
struct Pair(u32, u32);

#[derive(Segment)]
struct Unit;

fn main() {}
