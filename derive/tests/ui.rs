//! Compile-time behaviour of `route!` and `#[derive(Segment)]` (docs/routing.md#compile-time-errors): every pass case
//! must compile, and every fail case must fail with exactly the committed `.stderr`.
//! Regenerate the expectations with `TRYBUILD=overwrite`, then read each one as a user would.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
