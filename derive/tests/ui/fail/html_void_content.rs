use rook::prelude::*;

fn main() {
    let _ = html! { <p><br>"no"</br></p> };
    let _ = html! { <input type="text">"content"</input> };
}
