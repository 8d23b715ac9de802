//! A handler runs long after the function that built the table returned, so it cannot use that
//! function's locals; state goes in `Routes::app_data` and is read with `Data<T>`.

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
