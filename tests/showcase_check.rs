//! `rook::testing::check` on the showcase (`src/showcase.rs`): every generated request — valid,
//! near-miss or random — gets what the rules (docs/) says, with a fixed seed, after the committed
//! regressions in `tests/regressions/showcase.txt`.

use rook_examples::showcase;

#[test]
fn the_showcase_follows_the_spec() {
    let report = showcase::check()
        .cases(3_000)
        .seed(1)
        .regressions(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/regressions/showcase.txt"))
        .run();
    eprintln!("showcase: {report}");
    // The generators reach every route and every kind of answer; if they went blind, this
    // test would pass without testing anything.
    assert_eq!(report.routes_chosen.len(), report.routes, "{report}");
    for kind in ["route", "400 path", "400 parameter", "404", "405", "OPTIONS 204"] {
        assert!(report.outcomes.get(kind).is_some_and(|&n| n >= 5), "{kind}: {report}");
    }
}
