use rook::prelude::*;
use actix_web::{test, App};

#[derive(Segment)]
#[segment(regex = "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")]
struct Uuid4(String);

fn app() -> Routes {
    route! {
        get / => "Hello from Rook\n",
        get "catalogue" / "products" / id: u32 => format!("product {id}"),
        get "products" / "by-tag" / tag: Option<String> => format!("{tag:?}"),
        get "orders" / "history" / page: u32 = 1 => format!("page {page}"),
        get "css" / ..path => path.join("|"),
        get "user-log" / id: Uuid4 => id.0,
        get "advent" / day: u32 if day <= 24 => format!("day {day}"),
        get "search" ? term: String => term,
        get "category" / name: String ? "min-price" as min: u32 = 0 & max: Option<u32> => format!("{name} {min} {max:?}"),
        get "agent", header "User-Agent" as agent: String => agent,
        get | post "form" => "form",
        post "nothing" => (),
        include "api" / "v1" => api(),
    }
}

fn api() -> Routes {
    route! { get "users" / id: u32 => format!("user {id}") }
}

#[actix_web::test]
async fn smoke() {
    let app = test::init_service(App::new().service(app())).await;
    for (uri, status, body) in [
        ("/", 200, "Hello from Rook\n"),
        ("/catalogue/products/7", 200, "product 7"),
        ("/catalogue/products/x", 404, "no route matches this path"),
        ("/products/by-tag", 200, "None"),
        ("/products/by-tag/a", 200, "Some(\"a\")"),
        ("/orders/history", 200, "page 1"),
        ("/orders/history/3", 200, "page 3"),
        ("/css/a/b", 200, "a|b"),
        ("/advent/24", 200, "day 24"),
        ("/advent/25", 404, "no route matches this path"),
        ("/search?term=x", 200, "x"),
        ("/search", 400, "missing query parameter \"term\""),
        ("/category/c?min-price=3", 200, "c 3 None"),
        ("/category/c?min-price=x", 400, "query parameter \"min-price\": invalid digit"),
        ("/user-log/0123456789ab4def8123456789abcdef", 200, "0123456789ab4def8123456789abcdef"),
        ("/api/v1/users/5", 200, "user 5"),
    ] {
        let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
        assert_eq!(res.status().as_u16(), status, "{uri}");
        assert_eq!(test::read_body(res).await, body, "{uri}");
    }
    let res = test::call_service(&app, test::TestRequest::post().uri("/nothing").to_request()).await;
    assert_eq!(res.status().as_u16(), 204);
    let res = test::call_service(&app, test::TestRequest::delete().uri("/form").to_request()).await;
    assert_eq!(res.status().as_u16(), 405);
    assert_eq!(res.headers().get("allow").unwrap(), "GET, HEAD, POST, OPTIONS");
}
