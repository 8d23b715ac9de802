//! A `Data<T>` parameter whose `T` was never added to the app: actix-web's extractor answers
//! 500 and logs at debug level only. The route's generated code calls [`missing_data`] instead,
//! which names the parameter and the fix in the server's log, once per parameter, at warn, and
//! answers the table's own 500.

use std::collections::HashSet;
use std::sync::Mutex;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::errors::error::RookError;

/// The parameters already reported: `("GET /cart", "db: Data<Db>")`.
static REPORTED: Mutex<Option<HashSet<(&'static str, &'static str)>>> = Mutex::new(None);

/// Whether route `route`'s parameter `param` is reported for the first time (and notes it).
fn first_time(route: &'static str, param: &'static str) -> bool {
    let mut reported = REPORTED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    reported.get_or_insert_with(HashSet::new).insert((route, param))
}

/// The answer of route `route`'s parameter `param` (`"db: Data<Db>"`), of type `ty` (`"Db"`),
/// whose extractor failed with `error`: a `Data<T>` that is not in the app data is logged once,
/// naming `T`; every failure answers **500** in the table's error format.
#[doc(hidden)]
pub fn missing_data(
    error: actix_web::Error,
    route: &'static str,
    param: &'static str,
    ty: &'static str,
) -> HttpResponse {
    if error.as_response_error().status_code() == StatusCode::INTERNAL_SERVER_ERROR && first_time(route, param) {
        log::warn!(
            "rook: {route} takes `{param}`, but no `Data<{ty}>` was added to the app, so it answers 500: add one with \
             `.app_data(Data::new(value))` on the routes (or actix-web's `App::app_data`)"
        );
    }
    HttpResponse::from_error(RookError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error"))
}
