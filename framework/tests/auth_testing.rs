//! Issue 11 point 6: `rook::testing` models `auth` parameters: the oracle knows `Bearer` and
//! `Basic`, is told about other `Authenticate` types, and the generators send authenticated
//! and unauthenticated requests; `check` holds the app to the decision order of docs/auth.md.

use rook::prelude::*;
use rook::testing::{AuthRefusal, Check, Request};

/// Root may; guests are known and may not.
struct Staff;

impl Authenticate for Staff {
    async fn authenticate(req: &HttpRequest) -> Result<Self, AuthError> {
        match Bearer::authenticate(req).await?.token() {
            "root" => Ok(Staff),
            "guest" => Err(AuthError::Forbidden),
            _ => Err(Bearer::challenge()),
        }
    }
}

fn staff(req: &Request) -> Result<(), AuthRefusal> {
    let values = req.header_values("Authorization");
    match &values[..] {
        [v] if v.eq_ignore_ascii_case("bearer root") || *v == "Bearer root" => Ok(()),
        [v] if *v == "Bearer guest" => Err(AuthRefusal::Forbidden),
        _ => Err(AuthRefusal::Unauthenticated("Bearer".into())),
    }
}

fn app() -> Routes {
    route! {
        get "me", auth who: Bearer => who.into_token(),
        get "me" => "anonymous",
        get | delete "admin" / id: u32 ? verbose: Option<bool>, auth _s: Staff => format!("{id}"),
        get "reports" ? year: u32, header "X-Team" as team: String, auth who: Basic => format!("{} {year} {team}", who.user()),
        options "pre", auth _b: Bearer => "options",
        get "open" / ..rest => rest.join("/"),
    }
}

#[test]
fn check_covers_auth() {
    let report = Check::new(app())
        .authenticates("Staff", ["Bearer root", "Bearer guest", "Bearer nobody", "Basic cm9vdDp4"], staff)
        .run();
    for kind in ["401", "403", "400 parameter", "route", "405"] {
        assert!(report.outcomes.get(kind).is_some_and(|&n| n > 0), "no {kind} outcome was exercised: {report}");
    }
    // Every route, the `auth` ones included, was reached by some generated request.
    assert_eq!(report.routes_chosen.len(), report.routes, "{report}");
}

#[test]
#[should_panic(expected = "does not know the auth type `Staff`")]
fn an_unknown_auth_type_is_named() {
    Check::new(app()).run();
}
