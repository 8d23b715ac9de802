//! Typed links to named routes (docs/links-openapi.md): what the builders of `#[rook::routes]` produce,
//! percent-encoding, include prefixes, absolute URLs, and that the router takes each link back
//! to its route.

use actix_web::http::Method;
use rook::prelude::*;

#[derive(Segment)]
#[segment(regex = "[a-z]+(-[a-z]+)*")]
struct Slug(String);

#[rook::routes]
fn api() -> Routes {
    route! {
        product: get "products" / id: u32 => format!("{id}"),
        root: get / => "api root",
    }
}

#[rook::routes]
fn shop() -> Routes {
    route! {
        home: get / => "home",
        product: get "catalogue" / "products" / id: u32 => format!("{id}"),
        search: get "catalogue" / "search" / term: String => term,
        query: get "search" ? term: String & "max-results" as max: Option<u32> & tag: Vec<String> => format!("{term} {max:?} {tag:?}"),
        history: get "orders" / "history" / page: u32 = 1 => format!("{page}"),
        pair: get "pair" / a: Option<u8> / b: Option<u8> => format!("{a:?} {b:?}"),
        tree: get "tree" / ..rest => rest.join("|"),
        ids: get "ids" / ..ids: Vec<u32> => format!("{ids:?}"),
        article: get "articles" / slug: Slug => slug.0,
        v1: include "api" / "v1" => api(),
        include "unnamed" => api(),
    }
}

#[test]
fn links_are_paths_with_encoded_values() {
    assert_eq!(shop::home().to_string(), "/");
    assert_eq!(shop::product(42).to_string(), "/catalogue/products/42");
    assert_eq!(shop::search("a/b c%").path(), "/catalogue/search/a%2Fb%20c%25");
    assert_eq!(shop::search(String::from("..")).path(), "/catalogue/search/%2E%2E");
    let q = shop::query("oak chair&more", Some(3), ["a".to_string(), "é".to_string()]);
    assert_eq!(q.path(), "/search");
    assert_eq!(q.query(), Some("term=oak+chair%26more&max-results=3&tag=a&tag=%C3%A9"));
    assert_eq!(shop::query("x", None, Vec::new()).to_string(), "/search?term=x");
    assert_eq!(shop::history(None).path(), "/orders/history");
    assert_eq!(shop::history(Some(2)).path(), "/orders/history/2");
    assert_eq!(shop::pair(None, Some(3)).path(), "/pair", "a value after an absent optional is dropped");
    assert_eq!(shop::tree(["a", "", "b/c"]).path(), "/tree/a//b%2Fc");
    assert_eq!(shop::ids([1, 2]).path(), "/ids/1/2");
    assert_eq!(shop::article(Slug("big-news".into())).path(), "/articles/big-news");
    assert_eq!(shop::v1(api::product(7)).path(), "/api/v1/products/7");
    assert_eq!(shop::v1(api::root()).path(), "/api/v1");
}

#[test]
fn absolute_urls() {
    assert_eq!(shop::product(1).url_on("https://shop.example/app/"), "https://shop.example/app/catalogue/products/1");
    for bad in ["shop.example", "https://", "https://x/?a", "http://x y"] {
        assert!(rook::set_link_base(bad).is_err(), "{bad}");
    }
}

#[test]
fn every_link_leads_back_to_its_route() {
    let routes = shop();
    let cases: Vec<(&str, rook::Link)> = vec![
        ("home", shop::home().erase()),
        ("product", shop::product(u32::MAX).erase()),
        ("search", shop::search("a/b %2F é").erase()),
        ("history", shop::history(Some(0)).erase()),
        ("tree", shop::tree(["", "."]).erase()),
        ("ids", shop::ids([7]).erase()),
        ("article", shop::article(Slug("a-b".into())).erase()),
        ("product", shop::v1(api::product(3)).erase()),
    ];
    for (name, link) in cases {
        let hit = routes.recognize(&Method::GET, link.path()).unwrap_or_else(|e| panic!("{link}: {e}"));
        assert_eq!(hit.info.name, Some(name), "{link}");
    }
    let link = shop::search("a/b %2F é");
    let hit = routes.recognize(&Method::GET, link.path()).unwrap();
    assert_eq!(hit.capture("term").unwrap(), "a/b %2F é");
}
