//! [`Routes`]: the value of a `route!` block, and what can be done with it before it is mounted.

use std::sync::Arc;

use actix_web::dev::Extensions;
use actix_web::http::Method;

use super::choose::choose;
use super::generated::{Block, Table};
use super::info::RouteEntry;
use super::path::with_cursor;
use super::recognized::Recognized;
use super::rejection::RouterError;
use crate::errors::ErrorFormat;

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
}

/// Puts one app-data value into a worker's extensions.
pub(crate) type AddData = Arc<dyn Fn(&mut Extensions) + Send + Sync>;

impl Routes {
    /// Builds a table from a generated block and the values of its `include`s, in order.
    #[doc(hidden)]
    pub fn __new(block: &'static Block, includes: Vec<Routes>) -> Routes {
        let data = includes.iter().flat_map(|r| r.data.iter().cloned()).collect();
        let tables = includes.into_iter().map(|r| r.table).collect();
        Routes { table: Arc::new(Table::new(block, tables)), data, format: ErrorFormat::Text }
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

    /// Chooses how the errors this table answers are rendered (SPEC §5): its own 400/404/405,
    /// and the errors of bodies, static files and WebSocket handshakes its handlers answer.
    /// The default is [`ErrorFormat::Text`].
    pub fn error_format(mut self, format: ErrorFormat) -> Routes {
        self.format = format;
        self
    }

    /// A table with no routes: every request is answered 404.
    pub fn empty() -> Routes {
        static EMPTY: Block = Block {
            items: &[],
            candidates: |_, _, _, _| {},
            invoke: |_, _, _, _| Err(None),
            refuses: |_, _| None,
        };
        Routes::__new(&EMPTY, Vec::new())
    }

    /// The routes, in declaration order, `include`s expanded in place.
    pub fn list(&self) -> Vec<RouteEntry> {
        let mut out = Vec::with_capacity(self.table.len as usize);
        self.table.visit(&mut Vec::new(), &mut |prefix, info| out.push(RouteEntry { prefix: prefix.to_vec(), info }));
        out
    }

    /// Runs only the matcher: the route that would handle `method` on `path` (the part before
    /// `?`), without binding query, header or cookie parameters or running the handler.
    ///
    /// Matching allocates nothing unless the path has percent-escapes, more than 16 segments or
    /// more than 8 candidate routes.
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
        let chosen = with_cursor(path, |segs| choose(&self.table, method, segs, |c| Ok((c.decl as usize, c.info(), c.offset))));
        let (index, info, offset) = chosen.map_err(RouterError::BadPath)??;
        Ok(Recognized { index, info, path, offset })
    }
}
