//! docs/composition.md: `include` behaves as if the routes were written in place, prefix prepended.

mod common;

use common::{NOT_FOUND, send, table};
use rook::prelude::*;

mod api {
    use rook::prelude::*;

    pub(crate) fn routes() -> Routes {
        route! {
            get "users" / id: u32 => format!("api user {id}"),
            get "users" / name: String => format!("api name {name}"),
            post "users" => "created",
            include "deep" => deeper(),
        }
    }

    fn deeper() -> Routes {
        route! { get "x" / ..rest => format!("deep {rest:?}") }
    }
}

fn app() -> Routes {
    route! {
        get "api" / "v1" / "users" / "me" => "me",
        include "api" / "v1" => api::routes(),
        get "api" / "v1" / "users" / other: String => format!("outer {other}"),
        get "api" / ..rest => format!("fallback {rest:?}"),
        include => root_extras(),
    }
}

fn root_extras() -> Routes {
    route! { get "extra" => "extra", get / => "root" }
}

#[actix_web::test]
async fn included_routes_rank_as_if_written_in_place() {
    table(
        &app(),
        &[
            // Literal before capture, across the include boundary.
            ("/api/v1/users/me", 200, "me"),
            ("/api/v1/users/7", 200, "api user 7"),
            // The included String route is declared (at the include) before the outer one.
            ("/api/v1/users/bob", 200, "api name bob"),
            ("/api/v1/deep/x/a/b", 200, r#"deep ["a", "b"]"#),
            // Coverage: the outer slurpy covers less than any included route.
            ("/api/v1/other", 200, r#"fallback ["v1", "other"]"#),
            ("/api/v2/users/1", 200, r#"fallback ["v2", "users", "1"]"#),
            ("/extra", 200, "extra"),
            ("/", 200, "root"),
            ("/v1/users/1", 404, NOT_FOUND),
        ],
    )
    .await;
    let r = send(&app(), "PUT", "/api/v1/users", &[]).await;
    assert_eq!((r.status, r.allow.as_deref()), (405, Some("GET, HEAD, POST, OPTIONS")));
}

#[test]
fn list_expands_includes_in_place() {
    let patterns: Vec<String> = app().list().iter().map(|e| format!("{} {}", e.methods(), e.pattern())).collect();
    assert_eq!(
        patterns,
        [
            "GET /api/v1/users/me",
            "GET /api/v1/users/{id: u32}",
            "GET /api/v1/users/{name: String}",
            "POST /api/v1/users",
            "GET /api/v1/deep/x/{..rest: Vec<String>}",
            "GET /api/v1/users/{other: String}",
            "GET /api/{..rest: Vec<String>}",
            "GET /extra",
            "GET /",
        ]
    );
}

#[test]
fn list_shows_parameters() {
    let routes = route! {
        get "category" / name: String ? "min-price" as min: u32 = 0 & max: Option<u32>, header "User-Agent" as agent: String, cookie "session" as session: Vec<String> => "x",
        get "orders" / "history" / page: u32 = 1 => "x",
    };
    let lines: Vec<String> = routes.list().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            r#"GET /category/{name: String} ? "min-price" as min: u32 = 0, "max" as max: Option<u32>, header "User-Agent" as agent: String, cookie "session" as session: Vec<String>"#,
            "GET /orders/history/{page: u32 = 1}",
        ]
    );
    use rook::{Arity, SegmentInfo};
    let entry = &routes.list()[0];
    assert_eq!(
        entry.info.params.iter().map(|p| p.arity).collect::<Vec<_>>(),
        [Arity::Optional, Arity::Optional, Arity::Required, Arity::Many]
    );
    assert_eq!(entry.segments()[1], SegmentInfo::Capture { name: "name", ty: "String" });
}
