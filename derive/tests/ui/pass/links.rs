//! Named routes and the link builders of `#[rook::routes]`, with every kind of value.

#![deny(warnings)]

use rook::prelude::*;

#[derive(Segment)]
#[segment(range = 1..=100)]
struct Percent(u8);

mod api {
    use rook::prelude::*;

    #[rook::routes]
    pub fn routes() -> Routes {
        route! {
            item: get "items" / id: u64 => format!("{id}"),
        }
    }
}

#[rook::routes]
pub fn app() -> Routes {
    route! {
        home: get / => "home",
        r#type: get "type" / n: i8 => format!("{n}"),
        discount: get "discount" / p: Percent => format!("{}", p.0),
        opt: get "opt" / a: char / b: Option<bool> / c: f64 = 1.5 => format!("{a} {b:?} {c}"),
        files: get "files" / ..path => path.join("/"),
        query: get "q" ? a: String & b: Vec<i32> & "c-key" as c: u16 = 3, header "X-A" as h: Option<String> => format!("{a} {b:?} {c} {h:?}"),
        api: include "api" => api::routes().app_data(Data::new(1u8)),
        get "unnamed" => "unnamed",
    }
    .app_data(Data::new(0u8))
}

fn main() {
    assert_eq!(app::home().path(), "/");
    assert_eq!(app::r#type(-1).path(), "/type/-1");
    assert_eq!(app::discount(Percent(5)).path(), "/discount/5");
    assert_eq!(app::opt('x', Some(true), None).path(), "/opt/x/true");
    assert_eq!(app::files(["a b", "c"]).path(), "/files/a%20b/c");
    assert_eq!(app::query("x", [1, -2], Some(4)).to_string(), "/q?a=x&b=1&b=-2&c-key=4");
    assert_eq!(app::api(api::routes::item(9)).path(), "/api/items/9");
    assert_eq!(app().list()[0].info.name, Some("home"));
    assert_eq!(app().list()[1].info.name, Some("type"));
    assert_eq!(app().list()[7].info.name, None);
    assert_eq!(app().list()[0].to_string(), "home: GET /");
}
