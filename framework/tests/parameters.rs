//! docs/routing.md: query, header and cookie parameters, and extractors.

mod common;

use common::send;
use rook::prelude::*;

#[actix_web::test]
async fn query_parameters_bind_by_key() {
    let routes = route! {
        get "q" ? term: String & "min-price" as min: u32 = 0 & max: Option<u32> & tag: Vec<String>
            => format!("{term}|{min}|{max:?}|{tag:?}"),
    };
    for (target, body) in [
        ("/q?term=a", r#"a|0|None|[]"#),
        ("/q?term", r#"|0|None|[]"#),
        ("/q?term=", r#"|0|None|[]"#),
        ("/q?term=a+b%26c&min-price=5&max=7", r#"a b&c|5|Some(7)|[]"#),
        ("/q?tag=x&term=t&tag=y&tag=", r#"t|0|None|["x", "y", ""]"#),
        ("/q?Term=a&term=b", r#"b|0|None|[]"#),
        // Keys no route binds are ignored, whatever their escapes; so are pairs whose key does not decode.
        ("/q?term=a&junk=%zz&%FF=1&te%zzrm=2", r#"a|0|None|[]"#),
        ("/q?t%65rm=%C3%A9", r#"é|0|None|[]"#),
    ] {
        let r = send(&routes, "GET", target, &[]).await;
        assert_eq!((r.status, r.body.as_str()), (200, body), "{target}");
    }
    for (target, body) in [
        ("/q?min=1", r#"missing query parameter "term""#),
        ("/q?term=a&max=1&max=2", r#"repeated query parameter "max""#),
        ("/q?term=a&min-price=1&min-price=1", r#"repeated query parameter "min-price""#),
        ("/q?term=a&max=", r#"query parameter "max": empty number"#),
        ("/q?term=%zz", r#"query parameter "term": malformed percent-escape"#),
        ("/q?term=a%4", r#"query parameter "term": malformed percent-escape"#),
        ("/q?term=%FF", r#"query parameter "term": not valid UTF-8 after decoding"#),
        ("/q?term=ok&tag=%C3", r#"query parameter "tag": not valid UTF-8 after decoding"#),
    ] {
        let r = send(&routes, "GET", target, &[]).await;
        assert_eq!((r.status, r.body.as_str()), (400, body), "{target}");
    }
}

#[actix_web::test]
async fn vec_parameters_check_every_value() {
    let routes = route! { get "ids" ? id: Vec<u8> => format!("{id:?}") };
    assert_eq!(send(&routes, "GET", "/ids?id=1&id=2", &[]).await.body, "[1, 2]");
    let r = send(&routes, "GET", "/ids?id=1&id=300", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (400, r#"query parameter "id": number too large"#));
}

#[actix_web::test]
async fn headers_match_case_insensitively_and_default_to_the_dashed_name() {
    let routes = route! {
        get "agent", header "User-Agent" as agent: String => agent,
        get "custom", header x_custom1: String, header x_count: u32 = 1 => format!("{x_custom1} {x_count}"),
        get "many", header accept: Vec<String> => format!("{accept:?}"),
    };
    assert_eq!(send(&routes, "GET", "/agent", &[("user-agent", "curl")]).await.body, "curl");
    let r = send(&routes, "GET", "/agent", &[]).await;
    assert_eq!((r.status, r.body.as_str()), (400, r#"missing header "User-Agent""#));
    let r = send(&routes, "GET", "/custom", &[("X-CUSTOM1", "v")]).await;
    assert_eq!(r.body, "v 1");
    let r = send(&routes, "GET", "/custom", &[("x-custom1", "v"), ("x-count", "x")]).await;
    assert_eq!((r.status, r.body.as_str()), (400, r#"header "x-count": invalid digit"#));
    let r = send(&routes, "GET", "/many", &[]).await;
    assert_eq!(r.body, "[]");
}

#[actix_web::test]
async fn cookies_are_case_sensitive() {
    let routes = route! {
        get "cart", cookie "session" as session: String => format!("cart of {session}"),
        get "prefs", cookie theme: Option<String> => format!("{theme:?}"),
    };
    let r = send(&routes, "GET", "/cart", &[("cookie", "a=1; session=abc")]).await;
    assert_eq!((r.status, r.body.as_str()), (200, "cart of abc"));
    let r = send(&routes, "GET", "/cart", &[("cookie", "Session=abc")]).await;
    assert_eq!((r.status, r.body.as_str()), (400, r#"missing cookie "session""#));
    let r = send(&routes, "GET", "/cart", &[("cookie", "session=a; session=b")]).await;
    assert_eq!((r.status, r.body.as_str()), (400, r#"repeated cookie "session""#));
    assert_eq!(send(&routes, "GET", "/prefs", &[("cookie", "theme=dark")]).await.body, r#"Some("dark")"#);
    assert_eq!(send(&routes, "GET", "/prefs", &[]).await.body, "None");
}

struct Db(&'static str);

async fn lookup(db: &Db, key: &str) -> String {
    format!("{}:{key}", db.0)
}

#[actix_web::test]
async fn extractors_run_after_the_route_is_chosen_and_handlers_may_await() {
    let routes = route! {
        get "cart", cookie "session" as session: String, db: Data<Db> => lookup(&db, &session).await,
        get "req", req: HttpRequest => req.path().to_owned(),
        get "nodata", db: Data<String> => db.to_string(),
        get "block" / n: u32 => {
            let doubled = n * 2;
            format!("{doubled}")
        }
        get "after" => "after a block without a comma",
    }
    .app_data(Data::new(Db("db")));
    let r = send(&routes, "GET", "/cart", &[("cookie", "session=s1")]).await;
    assert_eq!(r.body, "db:s1");
    assert_eq!(send(&routes, "GET", "/req", &[]).await.body, "/req");
    assert_eq!(send(&routes, "GET", "/block/21", &[]).await.body, "42");
    assert_eq!(send(&routes, "GET", "/after", &[]).await.status, 200);
    // A missing Data<T> is the extractor's own error (actix-web answers 500 for it).
    assert_eq!(send(&routes, "GET", "/nodata", &[]).await.status, 500);
}

#[actix_web::test]
async fn handlers_may_return_results_and_responders() {
    #[derive(Debug)]
    struct Teapot;
    impl std::fmt::Display for Teapot {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("short and stout")
        }
    }
    impl actix_web::ResponseError for Teapot {
        fn status_code(&self) -> actix_web::http::StatusCode {
            actix_web::http::StatusCode::IM_A_TEAPOT
        }
    }
    fn brew(ok: bool) -> Result<&'static str, Teapot> {
        if ok { Ok("coffee") } else { Err(Teapot) }
    }
    let routes = route! {
        get "brew" / ok: bool => brew(ok),
        get "raw" => actix_web::HttpResponse::Accepted().body("raw"),
    };
    assert_eq!(send(&routes, "GET", "/brew/true", &[]).await.body, "coffee");
    assert_eq!(send(&routes, "GET", "/brew/false", &[]).await.status, 418);
    assert_eq!(send(&routes, "GET", "/raw", &[]).await.status, 202);
}
