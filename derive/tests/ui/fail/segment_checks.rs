//! `#[derive(Segment)]` checks that do not fit the field: the errors point at the check.

use rook::prelude::*;

#[derive(Segment)]
#[segment(range = 1..=10)]
struct RangeOnText(String);

#[derive(Segment)]
#[segment(validate = no_such_fn)]
struct MissingValidator(u32);

fn takes_text(_: &str) -> bool {
    true
}

#[derive(Segment)]
#[segment(validate = takes_text)]
struct WrongValidator(u32);

fn main() {}
