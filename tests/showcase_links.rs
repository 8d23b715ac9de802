//! The round trip of the showcase's links (docs/links-openapi.md): for every named route with a path of its
//! own and values its types accept (drawn by `rook::testing`'s generator from valid requests
//! to it), `app::<name>(values)` matched by Rook gives back that route and those values.
//! `PROPTEST_CASES=100000` hunts longer (cases per route).

use std::str::FromStr;

use actix_web::http::Uri;
use proptest::test_runner::{Config, TestRunner};
use rook::FromSegment;
use rook::Link;
use rook::testing::{Captures, Generator, Outcome, Request, fuzz};
use rook_examples::guestbook::pages;
use rook_examples::live_pages::live_pages;
use rook_examples::showcase::{self, Uuid4, api_v2, app};

/// Cases per route.
const CASES: u32 = 300;

/// Typed values read from a route's captures and a request's query.
struct Values {
    captures: Captures,
    request: Request,
}

impl Values {
    fn parse<T: FromSegment>(text: &str) -> T {
        T::from_segment(text).unwrap_or_else(|e| panic!("{text:?} does not parse: {e}"))
    }
    fn one<T: FromSegment>(&self, name: &str) -> T {
        Self::parse(self.captures.one(name).unwrap_or_else(|| panic!("{name} is not bound once")))
    }
    fn optional<T: FromSegment>(&self, name: &str) -> Option<T> {
        self.captures.one(name).map(Self::parse)
    }
    fn many(&self, name: &str) -> Vec<String> {
        self.captures.get(name).unwrap_or_default().to_vec()
    }
    fn query_one<T: FromSegment>(&self, key: &str) -> T {
        let values = self.request.query_values(key);
        assert_eq!(values.len(), 1, "{key} in {}", self.request.target());
        Self::parse(&values[0])
    }
    fn query_optional<T: FromSegment>(&self, key: &str) -> Option<T> {
        self.request.query_values(key).first().map(|v| Self::parse(v))
    }
}

/// The link to the showcase's route `name`, by its typed builder.
fn link(name: &str, v: &Values) -> Link<app::Table> {
    match name {
        "home" => app::home(),
        "product" => app::product(v.one("id")),
        "catalogue_search" => app::catalogue_search(v.one::<String>("term")),
        "search" => app::search(v.query_one::<String>("term")),
        "by_tag" => app::by_tag(v.optional("tag")),
        "category" => app::category(v.one::<String>("name"), v.query_optional("min-price"), v.query_optional("max")),
        "order_history" => app::order_history(v.optional("page")),
        "user_log" => app::user_log(v.one::<Uuid4>("id")),
        "advent" => app::advent(v.one("day")),
        "agent" => app::agent(),
        "add_log" => app::add_log(),
        "log_line" => app::log_line(v.one("n")),
        "upload_form" => app::upload_form(),
        "upload" => app::upload(),
        "api_products" => app::api_products(),
        "api_product" => app::api_product(v.one("id")),
        "chat" => app::chat(),
        "index_page" => app::index_page(),
        "chat_page" => app::chat_page(),
        "css" => app::css(v.many("path")),
        "js" => app::js(v.many("path")),
        "openapi" => app::openapi(),
        "docs" => app::docs(v.many("path")),
        "favicon" => app::favicon(),
        "me" => app::me(),
        "anonymous_me" => app::anonymous_me(),
        "admin" => app::admin(),
        // The JSON API v2, included under `/api/v2` by the named include `api_v2`.
        "v2_product" => app::api_v2(api_v2::v2_product(v.one("id"))),
        "v2_products" => app::api_v2(api_v2::v2_products(v.query_one::<u32>("max-price"))),
        // The guestbook's pages, included without a prefix by the named include `pages`.
        "guestbook" => app::pages(pages::guestbook()),
        "sign_book" => app::pages(pages::sign_book()),
        "sign_in_form" => app::pages(pages::sign_in_form()),
        "sign_in" => app::pages(pages::sign_in()),
        "sign_out" => app::pages(pages::sign_out()),
        // The live views, included under `/live` by the named include `live`.
        "live_counter" => app::live(live_pages::live_counter()),
        "live_list" => app::live(live_pages::live_list()),
        "live_form" => app::live(live_pages::live_form()),
        "live_chat" => app::live(live_pages::live_chat()),
        "live_js" => app::live_js(),
        other => panic!("the showcase has no route {other}: add its link here"),
    }
}

#[test]
fn every_showcase_link_leads_back() {
    let check = showcase::check();
    let oracle = check.oracle();
    let routes = showcase::app();
    let list = routes.list();
    let generator = Generator::new(oracle);
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES);
    for (index, entry) in list.iter().enumerate() {
        // Every route is named, those of the included JSON API v2 too.
        let name = entry.info.name.expect("every showcase route is named");
        // `/me` without credentials: its link is `me`'s, and matching a link (no request) takes
        // `auth` to accept, so the link leads to `me`; the anonymous fallback is the same path.
        if name == "anonymous_me" {
            assert_eq!(app::anonymous_me().to_string(), app::me().to_string());
            continue;
        }
        let round_trips = std::cell::Cell::new(0usize);
        let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
        runner
            .run(&generator.valid(index), |req| {
                let Some(Outcome::Route { index: chosen, captures }) = oracle.expect(&req).into_iter().next() else {
                    return Ok(());
                };
                if chosen != index {
                    return Ok(());
                }
                let built = link(name, &Values { captures, request: req.clone() });
                proptest::prop_assert!(Uri::from_str(&built.to_string()).is_ok(), "{built}");
                match fuzz::recognized(&routes, oracle, &req.method, built.path()) {
                    Outcome::Route { index: back, captures } => {
                        proptest::prop_assert_eq!(back, index, "{} went to {}", built, list[back]);
                        let again =
                            link(name, &Values { captures, request: Request::new(&req.method, &built.to_string()) });
                        proptest::prop_assert_eq!(&again, &built);
                        round_trips.set(round_trips.get() + 1);
                    }
                    other => proptest::prop_assert!(false, "{built}: {other:?}"),
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{entry}: {e}"));
        let round_trips = round_trips.get();
        // A guard (advent) refuses some drawn values; most must still reach the route. An `auth`
        // route is reached only by the drawn requests whose credentials it accepts.
        let needed = if entry.info.auth.is_some() { 1 } else { cases as usize / 4 };
        assert!(round_trips >= needed, "{entry}: only {round_trips} round trips of {cases}");
    }
}
