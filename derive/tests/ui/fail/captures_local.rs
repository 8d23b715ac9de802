//! A handler runs long after the function that built the table returned, so it cannot use that
//! function's locals. The handlers are compiled into a function item, so rustc reports E0434
//! ("can't capture dynamic environment in a fn item") on the local, with a help about closures
//! that does not apply here. The fix: put the value in `Routes::app_data(Data::new(value))` and
//! take it as a parameter, `get "hello", greeting: Data<String> => greeting.to_string()`.

use rook::prelude::*;

fn app() -> Routes {
    let greeting = String::from("hello");
    route! {
        get "hello" => greeting.clone(),
    }
}

fn main() {
    let _ = app();
}
