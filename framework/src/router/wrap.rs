//! `Routes::wrap` (docs/composition.md): actix-web middleware around the requests a table's routes handle.
//!
//! A [`Routes`](crate::Routes) is `Send + Sync` and actix-web middleware often is not (`Logger`,
//! `from_fn` hold an `Rc`), so a table keeps *factories* of middleware, as
//! `HttpServer::new(|| App::new().wrap(..))` does, and each worker builds its own: per table
//! (the outer one and each `include`d one) that has middleware, one service made of its
//! middleware around [`Next`]. A chosen route's handler is stashed in the request; the request
//! enters the outermost table's chain, and each chain's innermost service, [`Next`], passes it
//! to the next table's chain on the route's way down the includes, or runs the handler. The
//! router's own answers (404/405/400/401…) are never wrapped: only a chosen route's request
//! enters a chain.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::{Error, HttpMessage, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use smallvec::SmallVec;

use super::generated::{Handler, Item, Table};

/// The future of a [`Layered`] service.
type LayeredFuture = LocalBoxFuture<'static, Result<ServiceResponse<BoxBody>, Error>>;

/// The service that table middleware wraps: a boxed service with boxed bodies, so that any
/// `Transform` fits.
pub struct Layered(
    Box<dyn Service<ServiceRequest, Response = ServiceResponse<BoxBody>, Error = Error, Future = LayeredFuture>>,
);

impl Service<ServiceRequest> for Layered {
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = LayeredFuture;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&self, req: ServiceRequest) -> LayeredFuture {
        self.0.call(req)
    }
}

impl Layered {
    /// Boxes `service`'s future and body.
    pub(crate) fn new<S, B>(service: S) -> Layered
    where
        S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
        S::Future: 'static,
        B: MessageBody + 'static,
    {
        Layered(Box::new(Adapt(service)))
    }
}

/// A middleware's service, its future boxed and its body boxed.
struct Adapt<S>(S);

impl<S, B> Service<ServiceRequest> for Adapt<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = LayeredFuture;

    fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&self, req: ServiceRequest) -> LayeredFuture {
        let fut = self.0.call(req);
        Box::pin(async move { fut.await.map(ServiceResponse::map_into_boxed_body) })
    }
}

/// Makes one worker's instance of a middleware around a service.
pub(crate) type Wrap = Arc<dyn Fn(Layered) -> LocalBoxFuture<'static, Result<Layered, ()>> + Send + Sync>;

/// The [`Wrap`] of a middleware factory.
pub(crate) fn wrap<F, T, B>(factory: F) -> Wrap
where
    F: Fn() -> T + Send + Sync + 'static,
    T: Transform<Layered, ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    T::Transform: 'static,
    T::Future: 'static,
    B: MessageBody + 'static,
{
    Arc::new(move |inner| {
        let fut = factory().new_transform(inner);
        Box::pin(async move {
            let service = fut.await.map_err(|_| log::error!("a table middleware failed to start"))?;
            Ok(Layered::new(service))
        })
    })
}

/// The middleware of a table and of its includes, in the shape of its include tree.
#[derive(Clone, Default)]
pub(crate) struct Layers {
    /// This table's own, in the order `wrap` added them (the last is outermost).
    pub(crate) own: Vec<Wrap>,
    /// Those of each include, in order.
    pub(crate) includes: Vec<Layers>,
}

impl Layers {
    /// Whether no table of the tree has middleware.
    pub(crate) fn is_empty(&self) -> bool {
        self.own.is_empty() && self.includes.iter().all(Layers::is_empty)
    }

    /// How many middleware wrap each route, by declaration number.
    pub(crate) fn depths(&self, table: &Table) -> Vec<usize> {
        let mut out = vec![0; table.len as usize];
        self.walk(table, 0, self.own.len(), &mut |decl, depth| out[decl] = depth);
        out
    }

    fn walk(&self, table: &Table, decl: u32, depth: usize, f: &mut impl FnMut(usize, usize)) {
        let mut nth = 0;
        for (i, item) in table.block.items.iter().enumerate() {
            let at = decl + table.decl[i];
            match item {
                Item::Route(_) => f(at as usize, depth),
                Item::Include(_) => {
                    let inner = self.includes.get(nth).cloned().unwrap_or_default();
                    inner.walk(&table.includes[nth], at, depth + inner.own.len(), f);
                    nth += 1;
                }
            }
        }
    }
}

/// One worker's middleware chains.
pub(crate) struct Chains {
    /// One service per table with middleware.
    services: Vec<Layered>,
    /// For each route (by declaration number), the chains it passes, outermost first.
    paths: Vec<SmallVec<[u16; 2]>>,
}

impl Chains {
    /// Builds this worker's chains, or `None` when no table has middleware.
    pub(crate) async fn build(table: &Table, layers: &Layers) -> Result<Option<Rc<Chains>>, ()> {
        if layers.is_empty() {
            return Ok(None);
        }
        let mut chains = Chains { services: Vec::new(), paths: vec![SmallVec::new(); table.len as usize] };
        let mut plan = Vec::new();
        plan_paths(table, layers, 0, &mut SmallVec::new(), &mut chains.paths, &mut plan);
        for own in plan {
            let mut service = Layered(Box::new(Next));
            for w in own {
                service = w(service).await?;
            }
            chains.services.push(service);
        }
        Ok(Some(Rc::new(chains)))
    }

    /// Whether route `decl` is wrapped.
    pub(crate) fn wraps(&self, decl: u32) -> bool {
        !self.paths[decl as usize].is_empty()
    }

    /// Runs `handler`, the chosen route `decl`'s, through its chains.
    pub(crate) fn run(
        self: &Rc<Self>,
        decl: u32,
        req: &HttpRequest,
        handler: Handler,
    ) -> LocalBoxFuture<'static, HttpResponse> {
        let chains = self.clone();
        let path = self.paths[decl as usize].clone();
        let req = req.clone();
        Box::pin(async move {
            let first = path[0] as usize;
            req.extensions_mut().insert(Stash {
                handler: RefCell::new(Some(handler)),
                path,
                next: Cell::new(1),
                chains: chains.clone(),
            });
            // `from_request`, not `from_parts`: the request is shared with the table's service on
            // purpose (it answers with it once the chain is done, and neither side holds a borrow
            // of its extensions across an await), and `from_parts` would log actix-web's warning
            // about cloned requests on every wrapped request of a debug build.
            let res = chains.services[first].call(ServiceRequest::from_request(req)).await;
            match res {
                Ok(res) => res.into_parts().1,
                Err(e) => HttpResponse::from_error(e),
            }
        })
    }
}

/// Numbers the tables with middleware (`plan` gets each one's own, in build order) and notes
/// each route's path through them.
fn plan_paths(
    table: &Table,
    layers: &Layers,
    decl: u32,
    above: &mut SmallVec<[u16; 2]>,
    paths: &mut [SmallVec<[u16; 2]>],
    plan: &mut Vec<Vec<Wrap>>,
) {
    let depth = above.len();
    if !layers.own.is_empty() {
        above.push(plan.len() as u16);
        plan.push(layers.own.clone());
    }
    let mut nth = 0;
    for (i, item) in table.block.items.iter().enumerate() {
        let at = decl + table.decl[i];
        match item {
            Item::Route(_) => paths[at as usize] = above.clone(),
            Item::Include(_) => {
                let inner = layers.includes.get(nth).cloned().unwrap_or_default();
                plan_paths(&table.includes[nth], &inner, at, above, paths, plan);
                nth += 1;
            }
        }
    }
    above.truncate(depth);
}

/// A wrapped request's handler and its way through the chains.
struct Stash {
    handler: RefCell<Option<Handler>>,
    path: SmallVec<[u16; 2]>,
    next: Cell<usize>,
    chains: Rc<Chains>,
}

/// The innermost service of every chain: the next table's chain, or the handler.
struct Next;

impl Service<ServiceRequest> for Next {
    type Response = ServiceResponse<BoxBody>;
    type Error = Error;
    type Future = LayeredFuture;

    fn poll_ready(&self, _: &mut Context<'_>) -> Poll<Result<(), Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&self, req: ServiceRequest) -> LayeredFuture {
        let step = req.extensions().get::<Stash>().map(|stash| {
            let n = stash.next.get();
            stash.next.set(n + 1);
            match stash.path.get(n) {
                Some(&k) => Step::Chain(stash.chains.clone(), k as usize),
                None => Step::Run(stash.handler.borrow_mut().take()),
            }
        });
        match step {
            Some(Step::Chain(chains, k)) => chains.services[k].call(req),
            Some(Step::Run(Some(handler))) => Box::pin(async move {
                let res = match handler {
                    Handler::Ready(res) => res,
                    Handler::Future(fut) => fut.await,
                };
                Ok(ServiceResponse::new(req.into_parts().0, res))
            }),
            // A middleware that called its service twice, or a request that did not come
            // from a chosen route.
            _ => Box::pin(async move {
                let res = HttpResponse::InternalServerError().body("internal server error");
                Ok(ServiceResponse::new(req.into_parts().0, res))
            }),
        }
    }
}

/// What [`Next`] does with a request.
enum Step {
    /// Passes it to chain `k`.
    Chain(Rc<Chains>, usize),
    /// Runs the handler (taken: `None` if it ran already).
    Run(Option<Handler>),
}
