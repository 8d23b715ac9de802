//! [`Routes`]: the value of a `route!` block, and what can be done with it before it is mounted.

use std::sync::Arc;

use actix_web::dev::Extensions;
use actix_web::http::Method;

use super::choose::{Quick, choose, quick};
use super::generated::{Block, Candidates, Item, Table};
use super::info::{RouteEntry, RouteList};
use super::mount::Mount;
use super::path::{DecodeBuf, with_cursor, with_decoded};
use super::recognized::Recognized;
use super::rejection::RouterError;
use super::wrap::{Layered, Layers, wrap};
use crate::errors::ErrorFormat;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, Transform};

/// A route table: the value of a `route!` block.
///
/// Cheap to clone (it is an `Arc`), `Send + Sync + 'static`. Mount it with
/// `App::new().service(routes)` or run it with [`rook::serve`](crate::serve()). Mounted in an
/// `App`, it answers every request that reaches it, with 404/405/400 when no route handles it:
/// register other actix-web services *before* it.
///
/// ```
/// use rook::prelude::*;
///
/// let routes = route! {
///     get "hello" / name: String => format!("Hello, {name}!"),
/// };
/// let app = actix_web::App::new().service(routes.clone());
/// # drop(app);
/// assert_eq!(routes.list()[0].pattern(), "/hello/{name: String}");
/// ```
#[derive(Clone)]
pub struct Routes {
    pub(crate) table: Arc<Table>,
    /// Values for `Data<T>` and other app-data extractors, added with [`Routes::app_data`].
    pub(crate) data: Vec<AddData>,
    /// How the errors Rook answers are rendered.
    pub(crate) format: ErrorFormat,
    /// Middleware of the table and its includes ([`Routes::wrap`]).
    pub(crate) layers: Layers,
    /// Whether requests whose path no route fits go on to later services
    /// ([`Routes::fallthrough`]).
    pub(crate) fallthrough: bool,
    /// Whether [`Routes::error_format`] was called: an included table then keeps its format.
    pub(crate) format_set: bool,
    /// The error formats of included tables, by their full literal prefix, deepest first.
    pub(crate) scoped: Vec<(Vec<&'static str>, ErrorFormat)>,
    /// Where the table is mounted, set when it is registered.
    pub(crate) mount: Mount,
}

/// Puts one app-data value into a worker's extensions.
pub(crate) type AddData = Arc<dyn Fn(&mut Extensions) + Send + Sync>;

impl Routes {
    /// Builds a table from a generated block and the values of its `include`s, in order.
    #[doc(hidden)]
    pub fn __new(block: &'static Block, includes: Vec<Routes>) -> Routes {
        let data = includes.iter().flat_map(|r| r.data.iter().cloned()).collect();
        let layers = Layers { own: Vec::new(), includes: includes.iter().map(|r| r.layers.clone()).collect() };
        let prefixes = block.items.iter().filter_map(|item| match item {
            Item::Include(prefix) => Some(*prefix),
            Item::Route(_) => None,
        });
        let mut scoped = Vec::new();
        for (prefix, inner) in prefixes.zip(&includes) {
            scoped.extend(inner.scoped.iter().map(|(p, f)| ([prefix, &p[..]].concat(), f.clone())));
            if inner.format_set {
                scoped.push((prefix.to_vec(), inner.format.clone()));
            }
        }
        let tables = includes.into_iter().map(|r| r.table).collect();
        Routes {
            table: Arc::new(Table::new(block, tables)),
            data,
            format: ErrorFormat::Text,
            layers,
            fallthrough: false,
            format_set: false,
            scoped,
            mount: Mount::Anywhere,
        }
    }

    /// The app-data value of type `U` this table adds, if any (for `rook::Server`'s checks
    /// that run before the table does).
    pub(crate) fn data_of<U: Clone + 'static>(&self) -> Option<U> {
        let mut ext = Extensions::new();
        self.data.iter().for_each(|add| add(&mut ext));
        ext.get::<U>().cloned()
    }

    /// Adds a value that app-data extractors find, as actix-web's `App::app_data` does:
    /// `Data<T>` parameters read a `Data<T>` added here. Lets [`rook::serve`](crate::serve()) run
    /// an app with state; values added to the `App` work too.
    ///
    /// ```
    /// use rook::prelude::*;
    /// use std::sync::atomic::{AtomicU32, Ordering};
    ///
    /// let routes = route! {
    ///     post "hits", hits: Data<AtomicU32> => format!("{}", hits.fetch_add(1, Ordering::Relaxed) + 1),
    /// }
    /// .app_data(Data::new(AtomicU32::new(0)));
    /// ```
    pub fn app_data<U: Clone + Send + Sync + 'static>(mut self, value: U) -> Routes {
        self.data.push(Arc::new(move |ext: &mut Extensions| {
            ext.insert(value.clone());
        }));
        self
    }

    /// Chooses how the errors this table answers are rendered (docs/routing.md#statuses-the-router-answers): its own 400/404/405,
    /// and the errors of bodies, static files and WebSocket handshakes its handlers answer.
    /// The default is [`ErrorFormat::Text`].
    ///
    /// An included table keeps the format set on it for the requests whose path starts with
    /// its `include` prefix (`include "api" => api().error_format(ErrorFormat::ProblemJson)`):
    /// the router's refusals of those paths, and the errors of its routes' handlers.
    pub fn error_format(mut self, format: ErrorFormat) -> Routes {
        self.format = format;
        self.format_set = true;
        self
    }

    /// The error format for `req`: that of the deepest included table whose prefix the path
    /// starts with, else the table's own.
    pub(crate) fn format_for(&self, req: &actix_web::HttpRequest) -> &ErrorFormat {
        if self.scoped.is_empty() {
            return &self.format;
        }
        let best = with_decoded(self.mount.path(req), |path| {
            let split = path.segments(&[]);
            let segs = &split[..];
            let fits = |p: &[&str]| p.len() <= segs.len() && p.iter().zip(segs).all(|(a, b)| a == b);
            self.scoped.iter().filter(|(p, _)| fits(p)).max_by_key(|(p, _)| p.len()).map(|(_, f)| f)
        });
        best.ok().flatten().unwrap_or(&self.format)
    }

    /// Runs middleware around the requests this table's routes handle, and only those
    /// (docs/composition.md): the router's own 404/405/400/401… do not pass through it. `factory` makes the
    /// middleware, once per worker (as the closure of `HttpServer::new` does): any actix-web
    /// `Transform`, such as `Logger::default` or `|| middleware::from_fn(check)`. Several `wrap`s
    /// nest as in actix-web: the last added runs first. On an `include`d table
    /// (`include "admin" => admin().wrap(..)`), it wraps only the included routes, inside the
    /// including table's middleware.
    ///
    /// The middleware sees the request after the route is chosen and its parameters bound; the
    /// handler (its extractors included) runs when the middleware calls its service. The body
    /// belongs to the handler: the middleware sees an empty payload.
    ///
    /// ```
    /// use rook::prelude::*;
    /// use actix_web::middleware::{DefaultHeaders, Logger};
    ///
    /// let admin = route! { get "stats" => "stats" }
    ///     .wrap(|| DefaultHeaders::new().add(("Cache-Control", "no-store")));
    /// let app = route! {
    ///     get / => "home",
    ///     include "admin" => admin,
    /// }
    /// .wrap(Logger::default);
    /// assert_eq!(app.list()[1].middleware, 2);
    /// ```
    pub fn wrap<F, T, B>(mut self, factory: F) -> Routes
    where
        F: Fn() -> T + Send + Sync + 'static,
        T: Transform<Layered, ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
        T::Transform: 'static,
        T::Future: 'static,
        B: MessageBody + 'static,
    {
        self.layers.own.push(wrap(factory));
        self
    }

    /// Leaves a request whose path no route fits to the services registered after this table
    /// and to the App's (or scope's) `default_service`, instead of answering **404** (docs/composition.md).
    /// A request whose path some route fits is still answered by the table: its 405, 400 and
    /// 401/403 included.
    ///
    /// ```
    /// use rook::prelude::*;
    /// use actix_web::{App, HttpResponse, web};
    ///
    /// let app = App::new()
    ///     .service(route! { get "hello" => "hello" }.fallthrough())
    ///     .route("/legacy", web::get().to(|| async { "legacy" }))
    ///     .default_service(web::to(|| async { HttpResponse::NotFound().body("custom 404") }));
    /// # drop(app);
    /// ```
    ///
    /// Inside a `web::scope`, actix-web's guards see the whole path, not the part after the
    /// scope: the table then takes a request when the path from any of its `/` on fits, and
    /// passes a request it then finds no route for to the App's default service itself (a
    /// scope's own `default_service` is out of its reach). The scope's own path (`/api`, with
    /// nothing after it) goes on to later services.
    pub fn fallthrough(mut self) -> Routes {
        self.fallthrough = true;
        self
    }

    /// Sets the CSRF check of this table's routes (docs/sessions.md), and of the tables it includes
    /// that set none: [`CsrfPolicy::Check`](crate::CsrfPolicy::Check) (the default) refuses a
    /// cross-site form submission with **403**; [`CsrfPolicy::Off`](crate::CsrfPolicy::Off)
    /// lets it through. See `docs/sessions.md`.
    ///
    /// ```
    /// use rook::prelude::*;
    /// use rook::CsrfPolicy;
    ///
    /// let hooks = route! { post "github", body: Body<String> => body.into_inner() }.csrf(CsrfPolicy::Off);
    /// let app = route! { include "hooks" => hooks };
    /// # drop(app);
    /// ```
    pub fn csrf(mut self, policy: crate::session::CsrfPolicy) -> Routes {
        fn set(table: &mut Arc<Table>, policy: crate::session::CsrfPolicy, explicit: bool) {
            if !explicit && table.csrf.1 {
                return;
            }
            let table = Arc::make_mut(table);
            table.csrf = (policy, explicit || table.csrf.1);
            for inner in &mut table.includes {
                set(inner, policy, false);
            }
        }
        set(&mut self.table, policy, true);
        self
    }

    /// A table with no routes: every request is answered 404.
    pub fn empty() -> Routes {
        static EMPTY: Block = Block {
            items: &[],
            candidates: |_, _, _, _, _| {},
            capturing: |_, _, _, _, _| {},
            decoded: |_, _, _, _, _| {},
            invoke: |_, _, _, _, _, _| Err(None),
            refuses: |_, _| None,
            authenticate: |_, _| crate::auth::slot::no_authentication(),
        };
        Routes::__new(&EMPTY, Vec::new())
    }

    /// The routes, in declaration order, `include`s expanded in place; `println!("{}",
    /// routes.list())` prints the table, one route a line.
    pub fn list(&self) -> RouteList {
        let mut out = Vec::with_capacity(self.table.len as usize);
        let depths = self.layers.depths(&self.table);
        self.table.visit(&mut Vec::new(), &mut |prefix, info| {
            out.push(RouteEntry { prefix: prefix.to_vec(), info, middleware: depths[out.len()] })
        });
        RouteList(out)
    }

    /// Runs only the matcher: the route that would handle `method` on `path` (the part before
    /// `?`), without binding query, header or cookie parameters or running the handler.
    ///
    /// Matching allocates nothing unless no route fits the path as sent and it has
    /// percent-escapes (it is then decoded once and matched again), or more than 8 routes fit.
    ///
    /// ```
    /// use rook::prelude::*;
    /// use actix_web::http::Method;
    ///
    /// let routes = route! {
    ///     get "product" / id: u32 => format!("{id}"),
    ///     get "product" / name: String => name,
    /// };
    /// let hit = routes.recognize(&Method::GET, "/product/12").unwrap();
    /// assert_eq!((hit.index, hit.capture("id").unwrap()), (0, "12".into()));
    /// assert_eq!(routes.recognize(&Method::GET, "/product/ab").unwrap().index, 1);
    /// assert!(routes.recognize(&Method::POST, "/product/ab").is_err());
    /// ```
    pub fn recognize<'p>(&self, method: &Method, path: &'p str) -> Result<Recognized<'p>, RouterError> {
        let table = &*self.table;
        let mut found = Candidates::new();
        let walked = match quick(table, path, method, &mut found, None) {
            Quick::NotFound => return Err(RouterError::NotFound),
            Quick::One(c, _) => {
                return Ok(Recognized { index: c.decl as usize, info: c.info(), path, offset: c.offset() });
            }
            Quick::Refused(methods) => return Err(RouterError::MethodNotAllowed(methods)),
            Quick::Walk(walked) => walked,
        };
        ranked(table, method, path, &mut found, walked)
    }
}

/// [`Routes::recognize`] when [`quick`] did not decide: the path decoded if it must be, the
/// candidates ranked. Out of line, so that the common cases stay small.
#[inline(never)]
fn ranked<'t, 'p>(
    table: &'t Table,
    method: &Method,
    path: &'p str,
    found: &mut Candidates<'t>,
    walked: Option<bool>,
) -> Result<Recognized<'p>, RouterError> {
    with_cursor(
        path,
        &mut DecodeBuf::default(),
        found,
        walked,
        |cursor, found| table.push(cursor, found, None),
        |cursor, found| {
            let (index, info, offset) =
                choose(table, method, cursor, found, |c| Ok((c.decl as usize, c.info(), c.offset())))?;
            Ok(Recognized { index, info, path, offset })
        },
        |e| Err(RouterError::BadPath(e)),
    )
}
