//! Issue 24 point 4: a `Data<T>` parameter whose `T` was never added answers 500 in the table's
//! error format, and the server's log names the parameter and the missing type once, at warn.
//! (One test: it owns the logger.)

use actix_web::{App, test as atest};
use rook::ErrorFormat;
use rook::prelude::*;

#[path = "support/warnings.rs"]
mod warnings;

struct Db(u32);

#[actix_web::test]
async fn a_missing_data_type_is_named_once_at_warn() {
    warnings::start();
    let routes = route! {
        get "cart", db: Data<Db> => format!("{}", db.0),
        get "count", n: Data<u32> => format!("{}", **n),
    }
    .app_data(Data::new(7u32))
    .error_format(ErrorFormat::ProblemJson);
    let app = atest::init_service(App::new().service(routes)).await;
    for _ in 0..3 {
        let res = atest::call_service(&app, atest::TestRequest::get().uri("/cart").to_request()).await;
        assert_eq!(res.status(), 500);
        let body = atest::read_body(res).await;
        let body = String::from_utf8_lossy(&body);
        assert!(body.contains("\"status\":500"), "not in the table's format: {body}");
    }
    let res = atest::call_service(&app, atest::TestRequest::get().uri("/count").to_request()).await;
    assert_eq!(atest::read_body(res).await, "7");
    let warnings = warnings::lines();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("db: Data<Db>") && warnings[0].contains("no `Data<Db>` was added"), "{warnings:#?}");
    assert!(warnings[0].contains("get /cart"), "{warnings:#?}");
}
