//! `PORT=8080 rocket`: the app in Rocket 0.5 with one worker thread.

use std::io;
use std::net::Ipv4Addr;

use e2e_common::{HELLO, Message};
use rocket::config::{Config, LogLevel};
use rocket::fairing::AdHoc;
use rocket::serde::json::Json;
use rocket::{get, routes};

mod routes;

#[get("/plaintext")]
fn plaintext() -> &'static str {
    "Hello, World!"
}

#[get("/json")]
fn json() -> Json<Message> {
    Json(HELLO)
}

#[get("/catalogue/products/<id>")]
fn product(id: u32) -> String {
    format!("product {id}")
}

#[get("/search?<q>&<page>")]
fn search(q: &str, page: Option<u32>) -> String {
    format!("{q} {}", page.unwrap_or(1))
}

fn main() -> io::Result<()> {
    let config = Config {
        address: Ipv4Addr::LOCALHOST.into(),
        port: e2e_common::port()?,
        workers: 1,
        log_level: LogLevel::Off,
        ..Config::release_default()
    };
    let rocket = rocket::custom(config)
        .mount("/", routes![plaintext, json, product, search])
        .mount("/", routes::github())
        .attach(AdHoc::on_liftoff("listening", |rocket| {
            Box::pin(async move { e2e_common::listening(rocket.config().port) })
        }));
    let runtime = rocket::tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    match runtime.block_on(rocket.launch()) {
        Ok(_) => Ok(()),
        // Reading the kind marks Rocket's error handled (it panics when dropped unread).
        Err(e) => Err(io::Error::other(format!("{:?}", e.kind()))),
    }
}
