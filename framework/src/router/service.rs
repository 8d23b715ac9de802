//! Mounting a [`Routes`] in actix-web: its service factory and the service of each worker.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::task::{Context, Poll};

use actix_web::body::BoxBody;
use actix_web::dev::{
    AppService, Extensions, HttpServiceFactory, ResourceDef, Service, ServiceFactory, ServiceRequest, ServiceResponse,
};
use actix_web::http::{Method, header};
use actix_web::{HttpRequest, HttpResponse};

use super::choose::dispatch;
use super::future::{RoutesFuture, panicked};
use super::generated::Handler;
use super::rejection::RouterError;
use super::routes::Routes;
use crate::body::watch_held;
use crate::errors::{ErrorFormat, RookError};

impl HttpServiceFactory for Routes {
    fn register(self, config: &mut AppService) {
        config.register_service(ResourceDef::root_prefix(""), None, self, None)
    }
}

impl ServiceFactory<ServiceRequest> for Routes {
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Config = ();
    type Service = RoutesService;
    type InitError = ();
    type Future = std::future::Ready<Result<RoutesService, ()>>;

    fn new_service(&self, _: ()) -> Self::Future {
        let data = (!self.data.is_empty()).then(|| {
            let mut ext = Extensions::new();
            self.data.iter().for_each(|add| add(&mut ext));
            Rc::new(ext)
        });
        std::future::ready(Ok(RoutesService { routes: self.clone(), data }))
    }
}

/// The actix-web service of a mounted [`Routes`], one per worker.
pub struct RoutesService {
    routes: Routes,
    /// This worker's copy of the app data.
    data: Option<Rc<Extensions>>,
}

impl Service<ServiceRequest> for RoutesService {
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = RoutesFuture;

    fn poll_ready(&self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&self, mut req: ServiceRequest) -> Self::Future {
        if let Some(data) = &self.data {
            req.add_data_container(data.clone());
        }
        let (req, mut payload) = req.into_parts();
        let held = watch_held(&req, &mut payload);
        let format = &self.routes.format;
        // Guards, FromSegment impls and handlers are user code: a panic in any of them must
        // cost one 500, not the worker.
        match catch_unwind(AssertUnwindSafe(|| dispatch(&self.routes.table, &req, &mut payload))) {
            Ok(Ok(Handler::Ready(res))) => RoutesFuture::ready(req, res, format, held),
            Ok(Ok(Handler::Future(handler))) => RoutesFuture::running(req, handler, format, held),
            Ok(Err(refusal)) => {
                let res = refused(&req, &refusal, format);
                RoutesFuture::ready(req, res, &ErrorFormat::Text, held)
            }
            Err(_) => {
                let res = panicked(&req, format);
                RoutesFuture::ready(req, res, &ErrorFormat::Text, held)
            }
        }
    }
}

/// The router's own answer when no route handles `req`: **204** with `Allow` for an OPTIONS
/// request whose path some route fits (SPEC §4), else the refusal in the table's format.
fn refused(req: &HttpRequest, refusal: &RouterError, format: &ErrorFormat) -> HttpResponse {
    match refusal {
        RouterError::MethodNotAllowed(allowed) if req.method() == Method::OPTIONS => {
            HttpResponse::NoContent().insert_header((header::ALLOW, allowed.allow_header())).finish()
        }
        refusal => format.render(&RookError::from(refusal), Some(req)),
    }
}
