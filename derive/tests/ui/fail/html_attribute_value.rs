use rook::prelude::*;

fn main() {
    let _ = html! { <a href>"home"</a> };
    let _ = html! { <div class="a" id="x" class="b"></div> };
    let _ = html! { <div {"spread"}></div> };
}
