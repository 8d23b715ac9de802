//! The catalogue app from Cro's introduction, in Rook.
//!
//! `cargo run --example showcase`, then try (each answer is plain text):
//! ```text
//! curl -i http://127.0.0.1:8080/catalogue/products/2
//! curl -i http://127.0.0.1:8080/catalogue/products/two        # 404: not a u32
//! curl -i 'http://127.0.0.1:8080/search?term=lamp'
//! curl -i http://127.0.0.1:8080/search                         # 400: missing query parameter "term"
//! curl -i -X DELETE http://127.0.0.1:8080/                     # 405 with Allow
//! curl -i http://127.0.0.1:8080/advent/25                      # 404: the guard says no
//! ```

use std::sync::Mutex;

use rook::prelude::*;

/// A product of the in-memory catalogue.
struct Product {
    id: u32,
    name: &'static str,
    category: &'static str,
    tags: &'static [&'static str],
    price: u32,
}

const PRODUCTS: &[Product] = &[
    Product { id: 1, name: "Oak chair", category: "chairs", tags: &["wood", "indoor"], price: 120 },
    Product { id: 2, name: "Garden bench", category: "benches", tags: &["garden", "wood"], price: 240 },
    Product { id: 3, name: "Reading lamp", category: "lamps", tags: &["indoor"], price: 45 },
    Product { id: 4, name: "Deck chair", category: "chairs", tags: &["garden"], price: 60 },
    Product { id: 5, name: "Lantern", category: "lamps", tags: &["garden", "outdoor"], price: 25 },
];

/// A version 4 UUID written as 32 lowercase hex digits.
#[derive(Segment)]
#[segment(regex = "[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}")]
struct Uuid4(String);

/// In-memory state: the visits of each user log.
#[derive(Default)]
struct Logs(Mutex<Vec<String>>);

fn lines<'a>(products: impl Iterator<Item = &'a Product>) -> String {
    let out: String = products.map(|p| format!("{} {} ({}, ${})\n", p.id, p.name, p.category, p.price)).collect();
    if out.is_empty() { "no products\n".into() } else { out }
}

fn product(id: u32) -> Result<String, actix_web::error::Error> {
    PRODUCTS
        .iter()
        .find(|p| p.id == id)
        .map(|p| lines(std::iter::once(p)))
        .ok_or_else(|| actix_web::error::ErrorNotFound(format!("no product {id}\n")))
}

fn search(term: &str) -> String {
    let term = term.to_lowercase();
    lines(PRODUCTS.iter().filter(|p| p.name.to_lowercase().contains(&term)))
}

fn by_tag(tag: Option<String>) -> String {
    match tag {
        Some(tag) => lines(PRODUCTS.iter().filter(|p| p.tags.contains(&tag.as_str()))),
        None => {
            let mut tags: Vec<&str> = PRODUCTS.iter().flat_map(|p| p.tags.iter().copied()).collect();
            tags.sort_unstable();
            tags.dedup();
            format!("tags: {}\n", tags.join(", "))
        }
    }
}

fn category(name: &str, min: u32, max: Option<u32>) -> String {
    let max = max.unwrap_or(u32::MAX);
    lines(PRODUCTS.iter().filter(|p| p.category == name && (min..=max).contains(&p.price)))
}

fn user_log(id: Uuid4, logs: &Logs) -> String {
    let mut logs = logs.0.lock().unwrap_or_else(|e| e.into_inner());
    logs.push(id.0.clone());
    let visits = logs.iter().filter(|v| **v == id.0).count();
    format!("user {}: visit {visits}\n", id.0)
}

fn app() -> Routes {
    route! {
        get / => "Hello from Rook\n",
        get "catalogue" / "products" / id: u32 => product(id),
        get "catalogue" / "search" / term: String => search(&term),
        get "search" ? term: String => search(&term),
        get "products" / "by-tag" / tag: Option<String> => by_tag(tag),
        get "category" / name: String ? "min-price" as min: u32 = 0 & max: Option<u32> => category(&name, min, max),
        get "orders" / "history" / page: u32 = 1 => format!("order history, page {page}\n"),
        get "user-log" / id: Uuid4, logs: Data<Logs> => user_log(id, &logs),
        get "advent" / day: u32 if (1..=24).contains(&day) => format!("advent day {day}: a surprise\n"),
        get "agent", header "User-Agent" as agent: String => format!("you are using {agent}\n"),
    }
}

#[rook::main]
async fn main() -> std::io::Result<()> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    rook::serve(app().app_data(Data::new(Logs::default()))).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test;

    #[actix_web::test]
    async fn answers_as_the_tour_says() {
        let app = test::init_service(actix_web::App::new().service(app().app_data(Data::new(Logs::default())))).await;
        for (uri, status, body) in [
            ("/", 200, "Hello from Rook\n"),
            ("/catalogue/products/3", 200, "3 Reading lamp (lamps, $45)\n"),
            ("/catalogue/products/9", 404, "no product 9\n"),
            ("/catalogue/products/x", 404, "no route matches this path"),
            ("/catalogue/search/chair", 200, "1 Oak chair (chairs, $120)\n4 Deck chair (chairs, $60)\n"),
            ("/search", 400, "missing query parameter \"term\""),
            ("/products/by-tag/outdoor", 200, "5 Lantern (lamps, $25)\n"),
            ("/category/chairs?min-price=100", 200, "1 Oak chair (chairs, $120)\n"),
            ("/category/chairs?max=x", 400, "query parameter \"max\": invalid digit"),
            ("/orders/history", 200, "order history, page 1\n"),
            ("/user-log/0123456789ab4def8123456789abcdef", 200, "user 0123456789ab4def8123456789abcdef: visit 1\n"),
            ("/user-log/not-a-uuid", 404, "no route matches this path"),
            ("/advent/24", 200, "advent day 24: a surprise\n"),
            ("/advent/0", 404, "no route matches this path"),
            ("/agent", 400, "missing header \"User-Agent\""),
        ] {
            let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(res.status(), status, "{uri}");
            assert_eq!(test::read_body(res).await, body, "{uri}");
        }
    }
}
