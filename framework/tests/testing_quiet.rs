//! Issue 24 point 7: a handler that panics is a finding of `rook::testing::check`, and proptest
//! replays it many times while it shrinks. The panics are not printed as they happen: the run's
//! output is the finding, once, with the `curl` line last.
//!
//! The check runs in a child process (this binary, re-run with `QUIET_CHILD`), so that its whole
//! stderr can be read as a user of `cargo test` would see it.

use std::process::Command;

use rook::prelude::*;

const CHILD: &str = "QUIET_CHILD";

fn app() -> Routes {
    route! {
        get "fine" / n: u32 => format!("{n}"),
        get "boom" / n: u32 => {
            assert!(n < 3, "the handler cannot count past 2 (n = {n})");
            format!("{n}")
        },
    }
}

#[test]
fn check_prints_the_finding_once_and_the_curl_line_last() {
    if std::env::var_os(CHILD).is_some() {
        rook::testing::check(app());
        return;
    }
    let exe = std::env::current_exe().expect("the test binary");
    let out = Command::new(exe)
        .args(["--exact", "check_prints_the_finding_once_and_the_curl_line_last", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("RUST_BACKTRACE", "0")
        .env_remove("PROPTEST_CASES")
        .env_remove("ROOK_TESTING_SEED")
        .output()
        .expect("run the child");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the check found nothing:\n{stderr}");
    // The finding itself is printed by the test harness's own panic: once.
    let panics = stderr.lines().filter(|l| l.starts_with("thread '") && l.contains("panicked at")).count();
    assert_eq!(panics, 1, "the handler's panics were printed as they happened:\n{stderr}");
    assert!(stderr.contains("a handler, guard or FromSegment panicked"), "{stderr}");
    // The handler's own message, once, in the finding.
    assert_eq!(stderr.matches("cannot count past 2").count(), 1, "{stderr}");
    let finding = stderr.split("rook::testing: the app disagrees").nth(1).expect("the finding");
    let last = finding.lines().rfind(|l| !l.trim().is_empty() && !l.starts_with("note:")).unwrap_or_default();
    assert!(last.trim_start().starts_with("curl ") && last.contains("/boom/"), "the curl line is not last:\n{stderr}");
}
