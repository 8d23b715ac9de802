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
use futures_util::future::LocalBoxFuture;

use super::choose::dispatch;
use super::future::{RoutesFuture, panicked};
use super::generated::Handler;
use super::mount::{Fits, Mount};
use super::rejection::RouterError;
use super::routes::Routes;
use super::wrap::{Chains, Layered};
use crate::body::watch_held;
use crate::errors::{ErrorFormat, RookError};

impl HttpServiceFactory for Routes {
    fn register(mut self, config: &mut AppService) {
        if config.is_root() {
            self.mount = Mount::Root;
        }
        if !self.fallthrough {
            return config.register_service(ResourceDef::root_prefix(""), None, self, None);
        }
        let guard = Fits { table: self.table.clone(), root: config.is_root() };
        let mounted = Mounted { routes: self, default: config.default_service() };
        config.register_service(ResourceDef::root_prefix(""), Some(vec![Box::new(guard)]), mounted, None)
    }
}

impl Routes {
    /// The table mounted as the whole of an `App` by other means than registering it (as its
    /// default service): it routes the whole path, without reading the match info.
    pub(crate) fn at_root(mut self) -> Routes {
        self.mount = Mount::Root;
        self
    }
}

impl ServiceFactory<ServiceRequest> for Routes {
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Config = ();
    type Service = RoutesService;
    type InitError = ();
    type Future = LocalBoxFuture<'static, Result<RoutesService, ()>>;

    fn new_service(&self, _: ()) -> Self::Future {
        Box::pin(start(self.clone(), None))
    }
}

/// A [`Routes::fallthrough`] table with the default service of where it is mounted, which
/// answers what the table finds no route for.
struct Mounted<F> {
    routes: Routes,
    default: Rc<F>,
}

impl<F> ServiceFactory<ServiceRequest> for Mounted<F>
where
    F: ServiceFactory<ServiceRequest, Config = (), Response = ServiceResponse<BoxBody>, Error = actix_web::Error>
        + 'static,
    F::Service: 'static,
    F::Future: 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Config = ();
    type Service = RoutesService;
    type InitError = ();
    type Future = LocalBoxFuture<'static, Result<RoutesService, ()>>;

    fn new_service(&self, _: ()) -> Self::Future {
        let default = self.default.new_service(());
        let routes = self.routes.clone();
        Box::pin(async move {
            let default = default.await.map_err(|_| log::error!("the default service failed to start"))?;
            start(routes, Some(Layered::new(default))).await
        })
    }
}

/// One worker's service: its copy of the app data, its middleware chains.
pub(super) async fn start(routes: Routes, default: Option<Layered>) -> Result<RoutesService, ()> {
    let data = (!routes.data.is_empty()).then(|| {
        let mut ext = Extensions::new();
        routes.data.iter().for_each(|add| add(&mut ext));
        Rc::new(ext)
    });
    let chains = Chains::build(&routes.table, &routes.layers).await?;
    Ok(RoutesService { routes, data, chains, default: default.map(Rc::new) })
}

/// The actix-web service of a mounted [`Routes`], one per worker.
pub struct RoutesService {
    routes: Routes,
    /// This worker's copy of the app data.
    data: Option<Rc<Extensions>>,
    /// This worker's middleware ([`Routes::wrap`]), if any.
    chains: Option<Rc<Chains>>,
    /// With [`Routes::fallthrough`], the default service that answers what no route fits.
    default: Option<Rc<Layered>>,
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
        let format = self.routes.format_for(&req);
        // Guards, FromSegment impls and handlers are user code: a panic in any of them must
        // cost one 500, not the worker.
        match catch_unwind(AssertUnwindSafe(|| {
            dispatch(&self.routes.table, self.routes.mount, self.chains.as_ref(), &req, &mut payload)
        })) {
            Ok(Ok(Handler::Ready(res))) => RoutesFuture::ready(req, res, format, held),
            Ok(Ok(Handler::Future(handler))) => RoutesFuture::running(req, handler, format, held),
            Ok(Err(RouterError::NotFound)) if let Some(default) = &self.default => {
                let default = default.clone();
                // Shared with the answer built once the default service is done; `from_parts`
                // would warn about the clone on every request of a debug build.
                let mut sreq = ServiceRequest::from_request(req.clone());
                sreq.set_payload(payload);
                let answer = Box::pin(async move {
                    match default.call(sreq).await {
                        Ok(res) => res.into_parts().1,
                        Err(e) => HttpResponse::from_error(e),
                    }
                });
                RoutesFuture::running(req, answer, &ErrorFormat::Text, held)
            }
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
/// request whose path some route fits (docs/routing.md#choosing-the-route), else the refusal in the table's format.
fn refused(req: &HttpRequest, refusal: &RouterError, format: &ErrorFormat) -> HttpResponse {
    match refusal {
        RouterError::MethodNotAllowed(allowed) if req.method() == Method::OPTIONS => {
            HttpResponse::NoContent().insert_header((header::ALLOW, allowed.allow_header())).finish()
        }
        refusal => format.render(&RookError::from(refusal), Some(req)),
    }
}
