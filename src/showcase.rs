//! The catalogue app from Cro's introduction, in Rook: the route table of
//! `examples/showcase.rs`, shared with the tests that check it and with the fuzz targets.

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
pub struct Uuid4(String);

/// In-memory state: the visits of each user log.
#[derive(Default)]
pub struct Logs(Mutex<Vec<String>>);

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

/// The advent calendar's guard: days 1 to 24 open.
pub fn advent_open(day: u32) -> bool {
    (1..=24).contains(&day)
}

/// The showcase's routes, without state: add a `Data<Logs>` (see [`app_with_state`]).
pub fn app() -> Routes {
    route! {
        get / => "Hello from Rook\n",
        get "catalogue" / "products" / id: u32 => product(id),
        get "catalogue" / "search" / term: String => search(&term),
        get "search" ? term: String => search(&term),
        get "products" / "by-tag" / tag: Option<String> => by_tag(tag),
        get "category" / name: String ? "min-price" as min: u32 = 0 & max: Option<u32> => category(&name, min, max),
        get "orders" / "history" / page: u32 = 1 => format!("order history, page {page}\n"),
        get "user-log" / id: Uuid4, logs: Data<Logs> => user_log(id, &logs),
        get "advent" / day: u32 if advent_open(day) => format!("advent day {day}: a surprise\n"),
        get "agent", header "User-Agent" as agent: String => format!("you are using {agent}\n"),
    }
}

/// The showcase as `cargo run --example showcase` serves it: [`app`] with fresh in-memory state.
pub fn app_with_state() -> Routes {
    app().app_data(Data::new(Logs::default()))
}

/// The showcase's `rook::testing` setup: the oracle told what `Uuid4` accepts (its own parser)
/// and what the advent guard says, and sample UUIDs so that requests reach `/user-log`.
#[cfg(feature = "testing")]
pub fn check() -> rook::testing::Check {
    rook::testing::Check::new(app_with_state())
        .accepts::<Uuid4>("Uuid4")
        .samples("Uuid4", ["0123456789ab4def8123456789abcdef", "ffffffffffff4fffbfffffffffffffff"])
        .guard("/advent/{day: u32}", |c| c.one("day").and_then(|d| d.parse().ok()).is_some_and(advent_open))
}

/// The fuzz target of the showcase's matcher (`fuzz/fuzz_targets/showcase_matcher.rs`):
/// `Routes::recognize` against the oracle on the request `data` stands for (first byte: the
/// method; the rest: the path).
#[cfg(feature = "testing")]
pub fn fuzz_matcher(data: &[u8]) {
    use std::sync::LazyLock;
    static TARGET: LazyLock<(Routes, rook::testing::Oracle)> = LazyLock::new(|| (app(), check().oracle().clone()));
    rook::testing::fuzz::matcher(&TARGET.0, &TARGET.1, data);
}
