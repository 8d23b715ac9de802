//! The round trip of links (docs/links-openapi.md) on the random tables of `matcher_props.rs`: for every
//! named route and values its types accept (drawn by `rook::testing`'s generator from valid
//! requests to that route), the typed link builder's link, matched by Rook, gives back that
//! route and those values — unless the ranking (docs/routing.md#choosing-the-route) gives the link's path to another
//! route, which the oracle must then confirm.
//!
//! Values are compared through their links: a link is an injective function of typed values
//! (each value's `ToSegment` text, percent-encoded), so `link(values') == link(values)` means
//! `values' == values`.
//!
//! Cases per table: `CASES`, spread over its routes; `PROPTEST_CASES=100000` hunts longer.

mod props;

use std::collections::BTreeMap;
use std::str::FromStr;

use actix_web::http::Uri;
use proptest::test_runner::{Config, TestRunner};
use rook::testing::{Captures, Generator, Oracle, Outcome, Request, fuzz};

use props::Values;
use props::tables::{guards, link, tables};

/// Generated requests per table, spread over its routes.
const CASES: u32 = 3_000;

/// The guards `gen_tables.py` writes (as in matcher_props.rs).
fn holds(kind: &str, value: &str) -> bool {
    match kind {
        "even" => value.parse::<i128>().expect("an accepted integer") % 2 == 0,
        "odd-len" => value.len() % 2 == 1,
        other => panic!("unknown guard kind {other}"),
    }
}

fn oracle(name: &str, routes: &rook::Routes) -> Oracle {
    guards(name).iter().fold(Oracle::new(routes), |o, &(index, capture, kind)| {
        o.guard(index, move |c: &Captures| holds(kind, c.one(capture).expect("the guarded capture is bound")))
    })
}

#[derive(Default, Debug)]
struct Tally {
    /// The link went back to its route with the same values.
    round_trips: usize,
    /// Rook's ranking gives the link's path to a route ranked before it.
    ranked_before: usize,
    /// The generated request itself went to another route (its values are drawn again).
    not_this_route: usize,
}

fn round_trip(nth: usize) {
    let (name, routes) = tables().swap_remove(nth);
    let oracle = oracle(name, &routes);
    let generator = Generator::new(&oracle);
    let total = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES);
    let per_route = (total / oracle.len() as u32).max(8);
    let mut tallies = BTreeMap::new();
    for index in 0..oracle.len() {
        let tally = std::cell::RefCell::new(Tally::default());
        let mut runner = TestRunner::new(Config { cases: per_route, failure_persistence: None, ..Config::default() });
        runner
            .run(&generator.valid(index), |req| {
                let Some(Outcome::Route { index: chosen, captures }) = oracle.expect(&req).into_iter().next() else {
                    tally.borrow_mut().not_this_route += 1;
                    return Ok(());
                };
                if chosen != index {
                    tally.borrow_mut().not_this_route += 1;
                    return Ok(());
                }
                let built = link(name, index, &Values { captures, request: req.clone() });
                proptest::prop_assert!(
                    Uri::from_str(&built.to_string()).is_ok(),
                    "not a valid request target: {built}"
                );
                let got = fuzz::recognized(&routes, &oracle, &req.method, built.path());
                let want = oracle.expect_path(&req.method, built.path());
                proptest::prop_assert!(want.contains(&got), "{built}: rook says {got:?}, the rules {want:?}");
                match got {
                    Outcome::Route { index: back, captures } if back == index => {
                        let request = Request::new(&req.method, &built.to_string());
                        let again = link(name, index, &Values { captures, request });
                        proptest::prop_assert_eq!(&again, &built, "values changed on the way back");
                        tally.borrow_mut().round_trips += 1;
                    }
                    Outcome::Route { index: other, .. } => {
                        let before = routes.list();
                        proptest::prop_assert!(
                            other != index,
                            "{built} went to {} instead of {}",
                            before[other],
                            before[index]
                        );
                        tally.borrow_mut().ranked_before += 1;
                    }
                    other => proptest::prop_assert!(false, "{built} of {}: {other:?}", routes.list()[index]),
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{name} route {index} ({}): {e}", routes.list()[index]));
        tallies.insert(index, tally.into_inner());
    }
    let round_trips: usize = tallies.values().map(|t| t.round_trips).sum();
    let ranked_before: usize = tallies.values().map(|t| t.ranked_before).sum();
    eprintln!(
        "{name}: {round_trips} round trips, {ranked_before} links ranked to an earlier route, per route: {tallies:?}"
    );
    // A generator gone blind would make the property vacuous.
    assert!(round_trips > ranked_before * 4, "{name}: too few round trips: {tallies:?}");
    let reached = tallies.values().filter(|t| t.round_trips > 0).count();
    assert!(
        reached * 4 >= oracle.len() * 3,
        "{name}: only {reached} of {} routes round-tripped: {tallies:?}",
        oracle.len()
    );
}

macro_rules! tables {
    ($($test:ident => $nth:expr;)*) => {$(
        #[test]
        fn $test() {
            round_trip($nth);
        }
    )*};
}

tables! {
    table0 => 0;
    table1 => 1;
    table2 => 2;
    table3 => 3;
    table4 => 4;
    table5 => 5;
    table6 => 6;
    table7 => 7;
}
