//! Shared helpers of the conformance tests: send one request to a table, in-process.
#![allow(dead_code)]

use actix_web::http::Method;
use actix_web::{App, test};
use rook::Routes;

/// What a test looks at in a response.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Reply {
    pub status: u16,
    pub allow: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

/// Sends `method target` with `headers` to `routes` mounted in an `App`.
pub(crate) async fn send(routes: &Routes, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let app = test::init_service(App::new().service(routes.clone())).await;
    let mut req = test::TestRequest::default().method(Method::from_bytes(method.as_bytes()).unwrap()).uri(target);
    for (name, value) in headers {
        req = req.insert_header((*name, *value));
    }
    let res = test::call_service(&app, req.to_request()).await;
    let header = |name: &str| res.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
    let (status, allow, content_type) = (res.status().as_u16(), header("allow"), header("content-type"));
    let body = String::from_utf8(test::read_body(res).await.to_vec()).unwrap();
    Reply { status, allow, content_type, body }
}

/// `GET target`, returning status and body.
pub(crate) async fn get(routes: &Routes, target: &str) -> (u16, String) {
    let r = send(routes, "GET", target, &[]).await;
    (r.status, r.body)
}

/// Checks each `(target, status, body)` row with GET.
pub(crate) async fn table(routes: &Routes, rows: &[(&str, u16, &str)]) {
    for &(target, status, body) in rows {
        assert_eq!(get(routes, target).await, (status, body.to_owned()), "GET {target}");
    }
}

pub(crate) const NOT_FOUND: &str = "no route matches this path";
