//! A table as the whole of an actix-web `App` ([`Routes::into_app`]): the way `rook::serve` and
//! `rook::Server` mount it.
//!
//! The table wraps the `App`'s own routing as its innermost middleware and answers every request
//! itself, so the `App` calls it directly: without matching a resource, without its default
//! service's boxed future (one allocation a request), and with the whole path to route
//! (`Mount::Root`). A [`Routes::fallthrough`] table is registered as a service instead, and the
//! middleware passes every request on to the `App`'s routing, whose default service (its 404)
//! answers what the table finds no route for.

use std::task::{Context, Poll};

use actix_web::body::BoxBody;
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse, Transform};
use actix_web::{App, Error};
use futures_util::future::{Either, LocalBoxFuture};

use super::future::RoutesFuture;
use super::routes::Routes;
use super::service::{RoutesService, start};

impl Routes {
    /// An actix-web `App` whose whole is this table, as [`rook::serve`](crate::serve()) and
    /// [`Server`](crate::Server) run it: the table answers every request, its 404 included,
    /// routing the whole path. Services registered on the returned `App` are not reached (a
    /// [`fallthrough`](Routes::fallthrough) table excepted: it is registered as a service, and
    /// what it finds no route for goes on to the `App`'s later services and default service);
    /// `app_data`, `wrap` and the rest of the `App`'s builder work as usual.
    ///
    /// Cheaper than `App::new().service(routes)` or `.default_service(routes)`: the `App` calls
    /// the table without matching a resource first and without boxing its future.
    ///
    /// ```
    /// use rook::route;
    ///
    /// let routes = route! { get "hello" => "hello" };
    /// let server = actix_web::HttpServer::new(move || routes.clone().into_app());
    /// # drop(server);
    /// ```
    pub fn into_app(
        self,
    ) -> App<
        impl ServiceFactory<ServiceRequest, Config = (), Response = ServiceResponse<BoxBody>, Error = Error, InitError = ()>,
    > {
        if self.fallthrough {
            App::new().service(self).wrap(Whole(None))
        } else {
            App::new().wrap(Whole(Some(self.at_root())))
        }
    }
}

/// The table as the `App`'s innermost middleware; `None` passes every request on.
struct Whole(Option<Routes>);

impl<S> Transform<S, ServiceRequest> for Whole
where
    S: Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = Error> + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Transform = WholeService<S>;
    type InitError = ();
    type Future = LocalBoxFuture<'static, Result<WholeService<S>, ()>>;

    fn new_transform(&self, inner: S) -> Self::Future {
        let routes = self.0.clone();
        Box::pin(async move {
            Ok(match routes {
                // The `App`'s routing is never called: the table answers everything.
                Some(routes) => WholeService::Table(start(routes, None).await?),
                None => WholeService::Inner(inner),
            })
        })
    }
}

/// One worker's service of [`Whole`].
enum WholeService<S> {
    Table(RoutesService),
    Inner(S),
}

impl<S> Service<ServiceRequest> for WholeService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = Error>,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = Either<RoutesFuture, S::Future>;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        match self {
            WholeService::Table(_) => Poll::Ready(Ok(())),
            WholeService::Inner(inner) => inner.poll_ready(cx),
        }
    }

    #[inline]
    fn call(&self, req: ServiceRequest) -> Self::Future {
        match self {
            WholeService::Table(table) => Either::Left(table.call(req)),
            WholeService::Inner(inner) => Either::Right(inner.call(req)),
        }
    }
}
