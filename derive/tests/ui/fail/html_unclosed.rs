use rook::prelude::*;

fn main() {
    let _ = html! { <div><p>"text"</div> };
}
