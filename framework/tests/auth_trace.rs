//! docs/composition.md, docs/auth.md: `ROOK_TRACE=1` names `auth` parameters, says why an `auth` check refused,
//! and says when a chosen route runs inside its tables' middleware.

#[path = "support/trace_log.rs"]
mod trace_log;

use actix_web::middleware::DefaultHeaders;
use actix_web::{App, test as atest};
use rook::prelude::*;

fn routes() -> Routes {
    route! {
        get "me", auth who: Bearer => who.into_token(),
        get "me" => "anonymous",
        include "admin" => route! { get "stats", auth _b: Bearer => "stats" }.wrap(DefaultHeaders::new),
    }
}

#[actix_web::test]
async fn trace_names_auth_and_middleware() {
    trace_log::start();
    let app = atest::init_service(App::new().service(routes())).await;
    let req = atest::TestRequest::get().uri("/me").to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 200);
    let req = atest::TestRequest::get().uri("/admin/stats").insert_header(("Authorization", "Bearer t")).to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 200);
    let req = atest::TestRequest::get().uri("/admin/stats").to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 401);
    let lines = trace_log::lines();
    let expected = [
        r#"GET ["me"]: route #0 (GET /me, auth who: Bearer) refused: auth: authentication required"#,
        r#"GET ["me"]: route #1 (GET /me) chosen"#,
        r#"GET ["admin", "stats"]: route #2 (GET /stats, auth _b: Bearer) runs inside its tables' middleware"#,
        r#"GET ["admin", "stats"]: route #2 (GET /stats, auth _b: Bearer) chosen"#,
        r#"GET ["admin", "stats"]: route #2 (GET /stats, auth _b: Bearer) refused: auth: authentication required"#,
        r#"GET ["admin", "stats"]: authentication required"#,
    ];
    assert_eq!(lines, expected);
    let listed: Vec<String> = routes().list().iter().map(ToString::to_string).collect();
    assert_eq!(listed, ["GET /me, auth who: Bearer", "GET /me", "GET /admin/stats, auth _b: Bearer [1 middleware]"]);
}
