//! The catalogue app from Cro's introduction, in Rook (its routes are in `src/showcase.rs`, so
//! that the tests and the fuzz targets check the very same table).
//!
//! `cargo run --example showcase`, then try (each answer is plain text):
//! ```text
//! curl -i http://127.0.0.1:8080/catalogue/products/2
//! curl -i http://127.0.0.1:8080/catalogue/products/two        # 404: not a u32
//! curl -i 'http://127.0.0.1:8080/search?term=lamp'
//! curl -i http://127.0.0.1:8080/search                         # 400: missing query parameter "term"
//! curl -i -X DELETE http://127.0.0.1:8080/                     # 405 with Allow
//! curl -i http://127.0.0.1:8080/advent/25                      # 404: the guard says no
//! curl -i -H 'Content-Type: application/json' -d '{"level":"info","message":"hi"}' http://127.0.0.1:8080/log
//! curl -i -d 'level=warn&message=disk' http://127.0.0.1:8080/log  # the same, as a form
//! curl -i -H 'Content-Type: application/json' -d '{"level":1}' http://127.0.0.1:8080/log   # 422, as JSON
//! curl -i http://127.0.0.1:8080/api/products/2
//! curl -i -F title=notes -F file=@README.md http://127.0.0.1:8080/upload
//! ```
//! A page linking all of it is at http://127.0.0.1:8080/index.html, the chat at /chat.html.
//!
//! The in-memory state is bounded ([`Limits`]): the log keeps its last 1000 entries
//! (`SHOWCASE_LOG_LINES`) of at most 16 KiB each (`SHOWCASE_LOG_ENTRY_BYTES`), and `/user-log`
//! counts visits for 10 000 users (`SHOWCASE_TRACKED_USERS`).

#[cfg(test)]
use rook_examples::showcase::app_with;
use rook_examples::showcase::{Limits, try_app_with};

#[rook::main]
async fn main() -> std::io::Result<()> {
    // The logger is `rook::serve`'s (`RUST_LOG`, default `info`): it logs the request lines
    // clients get wrong at debug, with a summary at most once a minute.
    // A setting that does not parse is one line on stderr and exit code 1, as `rook::serve`'s.
    let routes = match Limits::from_env().and_then(try_app_with) {
        Ok(routes) => routes,
        Err(error) => {
            eprintln!("showcase: {error}");
            std::process::exit(1);
        }
    };
    rook::serve(routes).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test;
    use rook_examples::showcase::{PRODUCTS, app_with_state};

    #[actix_web::test]
    async fn answers_as_the_tour_says() {
        let app = test::init_service(actix_web::App::new().service(app_with_state())).await;
        for (uri, status, body) in [
            ("/", 200, "Hello from Rook\n"),
            ("/catalogue/products/3", 200, "3 Reading lamp (lamps, $45)\n"),
            ("/catalogue/products/9", 404, "no product 9\n"),
            ("/catalogue/products/42", 200, "42 Walnut bookshelf (shelves, $310)\n"),
            ("/catalogue/products/x", 404, "no route matches this path"),
            ("/catalogue/search/chair", 200, "1 Oak chair (chairs, $120)\n4 Deck chair (chairs, $60)\n"),
            ("/search", 400, "missing query parameter \"term\""),
            ("/products/by-tag/outdoor", 200, "5 Lantern (lamps, $25)\n"),
            ("/category/chairs?min-price=100", 200, "1 Oak chair (chairs, $120)\n"),
            ("/category/chairs?max=x", 400, "query parameter \"max\": invalid digit"),
            ("/orders/history", 200, "order history, page 1\n"),
            ("/user-log/0123456789ab4def8123456789abcdef", 200, "user 0123456789ab4def8123456789abcdef: visit 1\n"),
            ("/user-log/not-a-uuid", 404, "no route matches this path"),
            ("/advent/24", 200, "advent day 24: a surprise\n"),
            ("/advent/0", 404, "no route matches this path"),
            ("/agent", 200, "your client sent no User-Agent\n"),
            ("/css/../Cargo.toml", 403, "path segment \"..\" is not allowed"),
            ("/css/site.css", 200, include_str!("../static/css/site.css")),
        ] {
            let res = test::call_service(&app, test::TestRequest::get().uri(uri).to_request()).await;
            assert_eq!(res.status(), status, "{uri}");
            assert_eq!(test::read_body(res).await, body, "{uri}");
        }
    }

    #[actix_web::test]
    async fn logs_uploads_and_the_json_api() {
        let app = test::init_service(actix_web::App::new().service(app_with_state())).await;
        let post = |ty: &str, body: &str| {
            test::TestRequest::post()
                .uri("/log")
                .insert_header(("content-type", ty.to_owned()))
                .set_payload(body.to_owned())
                .to_request()
        };
        let res = test::call_service(&app, post("application/json", r#"{"level":"info","message":"hi"}"#)).await;
        // `/log/1` is the entry the showcase starts with.
        assert_eq!((res.status().as_u16(), res.headers().get("location").unwrap().to_str().unwrap()), (201, "/log/2"));
        let res = test::call_service(&app, post("application/x-www-form-urlencoded", "level=warn&message=disk")).await;
        assert_eq!(res.status(), 201);
        let res = test::call_service(&app, post("application/json", r#"{"level":1}"#)).await;
        assert_eq!(res.status(), 422);
        let body: serde_json::Value = test::read_body_json(res).await;
        assert!(body["error"].as_str().unwrap().contains("level"), "{body}");
        let res = test::call_service(&app, post("application/json", "{")).await;
        assert_eq!(res.status(), 400);
        let res = test::call_service(&app, post("text/csv", "a,b")).await;
        assert_eq!(res.status(), 415);
        let line: serde_json::Value =
            test::call_and_read_body_json(&app, test::TestRequest::get().uri("/log/3").to_request()).await;
        assert_eq!(line, serde_json::json!({ "level": "warn", "message": "disk" }));

        let product: serde_json::Value =
            test::call_and_read_body_json(&app, test::TestRequest::get().uri("/api/products/2").to_request()).await;
        assert_eq!(product["name"], "Garden bench");
        let all: Vec<serde_json::Value> =
            test::call_and_read_body_json(&app, test::TestRequest::get().uri("/api/products").to_request()).await;
        assert_eq!(all.len(), PRODUCTS.len());

        let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nnotes\r\n\
            --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n";
        let req = test::TestRequest::post()
            .uri("/upload")
            .insert_header(("content-type", "multipart/form-data; boundary=XyZ"))
            .set_payload(multipart)
            .to_request();
        let body = test::call_and_read_body(&app, req).await;
        assert_eq!(body, "stored \"notes\" (a.txt, 5 bytes) as upload 1\n");
    }

    #[actix_web::test]
    async fn the_state_is_bounded() {
        let limits = Limits { log_lines: 3, log_entry_bytes: 64, tracked_users: 2 };
        let app = test::init_service(actix_web::App::new().service(app_with(limits))).await;
        let get = |uri: &str| test::TestRequest::get().uri(uri).to_request();
        let post = |body: String| {
            test::TestRequest::post()
                .uri("/log")
                .insert_header(("content-type", "application/json"))
                .set_payload(body)
                .to_request()
        };
        // Entries 2 to 5 come after the starting one; the last 3 are kept.
        for n in 2..=5 {
            let res = test::call_service(&app, post(format!(r#"{{"level":"info","message":"m{n}"}}"#))).await;
            assert_eq!(res.headers().get("location").unwrap(), &format!("/log/{n}"));
        }
        for (n, status) in [(1, 404), (2, 404), (3, 200), (4, 200), (5, 200), (6, 404), (0, 404)] {
            let res = test::call_service(&app, get(&format!("/log/{n}"))).await;
            assert_eq!(res.status(), status, "/log/{n}");
        }
        // In the table's error format (text), as its OpenAPI document says 404s are.
        let gone = test::call_and_read_body(&app, get("/log/1")).await;
        assert_eq!(gone, "no log line 1 (the last 3 are kept)\n");
        let kept: serde_json::Value = test::call_and_read_body_json(&app, get("/log/3")).await;
        assert_eq!(kept["message"], "m3");
        // An entry over the size limit is refused, not kept.
        let res =
            test::call_service(&app, post(format!(r#"{{"level":"info","message":"{}"}}"#, "x".repeat(100)))).await;
        assert_eq!(res.status(), 413);
        assert_eq!(test::call_service(&app, get("/log/6")).await.status(), 404);

        // Two users are counted; a third makes the first one seen forgotten.
        let (a, b, c) = (
            "aaaaaaaaaaaa4aaa8aaaaaaaaaaaaaaa",
            "bbbbbbbbbbbb4bbb8bbbbbbbbbbbbbbb",
            "cccccccccccc4ccc8ccccccccccccccc",
        );
        for (user, visit) in [(a, 1), (a, 2), (b, 1), (a, 3), (c, 1), (b, 2), (a, 1), (c, 2)] {
            let body = test::call_and_read_body(&app, get(&format!("/user-log/{user}"))).await;
            assert_eq!(body, format!("user {user}: visit {visit}\n"), "{user}");
        }
    }

    // `test` here is actix-web's module, so the standard attribute is named in full.
    #[core::prelude::v1::test]
    fn limits_come_from_the_environment() {
        // The only test that sets these variables, so no other test sees them.
        assert_eq!(Limits::from_env(), Ok(Limits::default()));
        // SAFETY: no other thread of this test binary reads or writes these variables.
        unsafe { std::env::set_var("SHOWCASE_LOG_LINES", "5") };
        assert_eq!(Limits::from_env().map(|l| l.log_lines), Ok(5));
        // SAFETY: as above.
        unsafe { std::env::set_var("SHOWCASE_TRACKED_USERS", "0") };
        assert_eq!(Limits::from_env(), Err(r#"SHOWCASE_TRACKED_USERS="0": expected a positive integer"#.to_string()));
        // SAFETY: as above.
        unsafe { std::env::remove_var("SHOWCASE_TRACKED_USERS") };
        // SAFETY: as above.
        unsafe { std::env::remove_var("SHOWCASE_LOG_LINES") };
    }
}
