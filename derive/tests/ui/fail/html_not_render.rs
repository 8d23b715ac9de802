use rook::prelude::*;

struct Product;

fn main() {
    let _ = html! { <p>{Product}</p> };
}
