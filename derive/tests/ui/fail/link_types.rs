//! A link value of the wrong type is an error at the call: the capture's type, not a string.

use rook::prelude::*;

#[derive(Segment)]
#[segment(regex = "[a-z]+")]
struct Slug(String);

#[rook::routes]
fn shop() -> Routes {
    route! {
        product: get "products" / id: u32 => format!("{id}"),
        article: get "articles" / slug: Slug => slug.0,
        search: get "search" / term: String => term,
    }
}

#[rook::routes]
fn api() -> Routes {
    route! {
        v1: include "v1" => shop(),
    }
}

fn main() {
    let _ = shop::product("42");
    let _ = shop::article("news");
    let _ = shop::search(7);
    // A link of another table under an include: refused too.
    let _ = api::v1(api::v1(shop::product(1)));
}
