//! Every form of the docs/routing.md grammar in one block; `main` checks the table the block built.

#![deny(warnings)]

use rook::prelude::*;

#[derive(Segment)]
#[segment(regex = "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")]
struct Uuid4(String);

#[derive(Segment)]
#[segment(range = 1..=100)]
struct Percent(u8);

fn is_even(n: &i64) -> bool {
    n % 2 == 0
}

#[derive(Segment)]
#[segment(range = -10..=10, validate = is_even)]
struct SmallEven {
    value: i64,
}

#[derive(Segment)]
#[segment(regex = "[a-z]+(-[a-z]+)*")]
#[segment(validate = crate::short)]
struct Slug(String);

fn short(s: &String) -> bool {
    s.len() <= 12
}

struct Db;

const FIRST_PAGE: u32 = 1;

mod pages {
    pub const LAST: i64 = 99;
}

async fn search(term: &str) -> String {
    format!("results for {term}")
}

fn api() -> Routes {
    route! { get "users" / id: u32 => format!("user {id}") }
}

fn app() -> Routes {
    let routes = route! {
        get / => "Hello from Rook\n",
        get "catalogue" / "products" / id: u32 => format!("product {id}"),
        get "catalogue" / "search" / term: String => search(&term).await,
        get "products" / "by-tag" / tag: Option<String> => format!("{tag:?}"),
        get "orders" / "history" / page: u32 = 1 => format!("{page}"),
        get "offset" / n: i32 = -5 => format!("{n}"),
        get "first" / page: u32 = FIRST_PAGE => format!("{page}"),
        get "last" / page: i64 = pages::LAST => format!("{page}"),
        get "sum" / n: u32 = (2 + 3) => format!("{n}"),
        get "block" / n: u32 = { let base = 4; base * 2 } => format!("{n}"),
        get "braces" / n: u32 = { 7 } ? q: u32 = (1 + 1) & "r" as r: i8 = -1, header h: u32 = { 3 } => format!("{n} {q} {r} {h}"),
        get "two" / a: u32 = 1 / b: Option<u32> => format!("{a} {b:?}"),
        get "css" / ..path => path.join("/"),
        get "ids" / ..ids: Vec<u32> => format!("{ids:?}"),
        get "user-log" / id: Uuid4 => id.0,
        get "checks" / p: Percent / e: SmallEven / s: Slug => format!("{} {} {}", p.0, e.value, s.0),
        get "advent" / day: u32 if day <= 24 => format!("day {day}"),
        get "search" ? term: String => search(&term).await,
        get "category" / name: String ? "min-price" as min: u32 = 0 & max: Option<u32> & tags: Vec<String> =>
            format!("{name} {min} {max:?} {tags:?}"),
        get "agent", header "User-Agent" as agent: String => agent,
        get "custom", header x_custom1: String, header x_limit: u32 = 10 => format!("{x_custom1} {x_limit}"),
        get "cart", cookie "session" as session: String, cookie theme: Option<String>, db: Data<Db> => {
            let _db: &Db = &db;
            format!("{session} {theme:?}")
        },
        get "whoami", req: HttpRequest => req.path().to_owned(),
        get "hello", greeting: Data<String> => greeting.to_string(),
        get "kind" / r#type: String ? r#match: u32 => format!("{type} {match}", type = r#type, match = r#match),
        get | post "form" => "form",
        put "item" / id: u32 => (),
        delete "item" / id: u32 => (),
        patch "item" / id: u32 => (),
        head "probe" => (),
        options "probe" => (),
        any "anything" => "any method",
        post "braced" => { "no comma after me" }
        post "braced-too" => { "and a comma after me" },
        include "api" / "v1" => api(),
        include => api(),
    };
    routes.app_data(Data::new(String::from("hello")))
}

fn main() {
    assert!(Percent::from_segment("100").is_ok() && Percent::from_segment("101").is_err());
    assert!(SmallEven::from_segment("-4").is_ok() && SmallEven::from_segment("3").is_err());
    assert!(SmallEven::from_segment("12").is_err());
    assert!(Slug::from_segment("a-slug").is_ok() && Slug::from_segment("a-slug!").is_err());
    assert!(Slug::from_segment("much-too-long").is_err());
    let table: Vec<String> = app().list().iter().map(|r| r.to_string()).collect();
    let expected = [
        "GET /",
        "GET /catalogue/products/{id: u32}",
        "GET /catalogue/search/{term: String}",
        "GET /products/by-tag/{tag: Option<String>}",
        "GET /orders/history/{page: u32 = 1}",
        "GET /offset/{n: i32 = -5}",
        "GET /first/{page: u32 = FIRST_PAGE}",
        "GET /last/{page: i64 = pages::LAST}",
        "GET /sum/{n: u32 = 2 + 3}",
        "GET /block/{n: u32 = { let base = 4; base * 2 }}",
        "GET /braces/{n: u32 = { 7 }} ? \"q\" as q: u32 = 1 + 1, \"r\" as r: i8 = -1, header \"h\" as h: u32 = { 3 }",
        "GET /two/{a: u32 = 1}/{b: Option<u32>}",
        "GET /css/{..path: Vec<String>}",
        "GET /ids/{..ids: Vec<u32>}",
        "GET /user-log/{id: Uuid4}",
        "GET /checks/{p: Percent}/{e: SmallEven}/{s: Slug}",
        "GET /advent/{day: u32}",
        "GET /search ? \"term\" as term: String",
        "GET /category/{name: String} ? \"min-price\" as min: u32 = 0, \"max\" as max: Option<u32>, \"tags\" as tags: Vec<String>",
        "GET /agent ? header \"User-Agent\" as agent: String",
        "GET /custom ? header \"x-custom1\" as x_custom1: String, header \"x-limit\" as x_limit: u32 = 10",
        "GET /cart ? cookie \"session\" as session: String, cookie \"theme\" as theme: Option<String>",
        "GET /whoami",
        "GET /hello",
        "GET /kind/{r#type: String} ? \"match\" as r#match: u32",
        "GET | POST /form",
        "PUT /item/{id: u32}",
        "DELETE /item/{id: u32}",
        "PATCH /item/{id: u32}",
        "HEAD /probe",
        "OPTIONS /probe",
        "ANY /anything",
        "POST /braced",
        "POST /braced-too",
        "GET /api/v1/users/{id: u32}",
        "GET /users/{id: u32}",
    ];
    assert_eq!(table, expected);
}
