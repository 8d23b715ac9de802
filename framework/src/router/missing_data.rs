//! A `Data<T>` parameter whose `T` was never added to the app: actix-web's extractor answers
//! 500 and logs at debug level only. `rook::serve` and `Server::run` check the table's `Data<T>`
//! parameters against its app data at start-up ([`Routes::warn_missing_data`]), where the table
//! is the whole app; mounted in an actix-web `App`, whose own data the table cannot see, the
//! route's generated code calls [`missing_data`] when the extractor fails. Both name the
//! parameter and the fix in the server's log, once per parameter, at warn; the route answers the
//! table's own 500.

use std::collections::HashSet;
use std::sync::Mutex;

use actix_web::HttpResponse;
use actix_web::dev::Extensions;
use actix_web::http::StatusCode;

use crate::Routes;
use crate::errors::error::RookError;

/// The parameters already reported: `("GET /cart", "db: Data<Db>")`.
static REPORTED: Mutex<Option<HashSet<(&'static str, &'static str)>>> = Mutex::new(None);

/// Whether route `route`'s parameter `param` is reported for the first time (and notes it).
fn first_time(route: &'static str, param: &'static str) -> bool {
    let mut reported = REPORTED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    reported.get_or_insert_with(HashSet::new).insert((route, param))
}

/// The warning: which route, which parameter, and the fix.
fn warn(route: &str, param: &str, ty: &str) {
    log::warn!(
        "rook: {route} takes `{param}`, but no `Data<{ty}>` was added to the app, so it answers 500: add one with \
         `.app_data(Data::new(value))` on the routes (or actix-web's `App::app_data`)"
    );
}

/// Warns once for each `Data<T>` parameter of the table whose `T` its app data
/// ([`Routes::app_data`]) lacks: what `rook::serve` and `Server::run` call at start-up, since
/// there the table's data is the whole app's.
pub(crate) fn warn_missing_data(routes: &Routes) {
    let mut data = Extensions::new();
    routes.data.iter().for_each(|add| add(&mut data));
    for entry in routes.list().iter() {
        for need in entry.info.data.iter().filter(|need| !(need.present)(&data)) {
            if first_time(need.route, need.param) {
                warn(need.route, need.param, need.ty);
            }
        }
    }
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
        warn(route, param, ty);
    }
    HttpResponse::from_error(RookError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error"))
}
