//! The route table as data: what [`Routes::list`](crate::Routes::list) returns, and what
//! tools such as `rook::testing` read.

use std::fmt;

use super::method::Methods;
use super::params::Source;

/// One segment of a route's path pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentInfo {
    /// `"text"`: matches a segment whose decoded text is equal.
    Literal(&'static str),
    /// `name: Type`: one non-empty segment that `Type` accepts.
    Capture {
        /// The bound name.
        name: &'static str,
        /// The type, as written.
        ty: &'static str,
    },
    /// `name: Option<Type>` or `name: Type = default`: may be absent (trailing run only).
    Optional {
        /// The bound name.
        name: &'static str,
        /// The inner type, as written (`u32` for `Option<u32>`).
        ty: &'static str,
        /// The default expression as written, if any.
        default: Option<&'static str>,
    },
    /// `..name` or `..name: Vec<Type>`: zero or more remaining segments.
    Slurpy {
        /// The bound name.
        name: &'static str,
        /// The element type, as written (`String` when untyped).
        ty: &'static str,
    },
}

/// How many values a query, header or cookie parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    /// `T`: exactly one.
    Required,
    /// `Option<T>` or a default: at most one.
    Optional,
    /// `Vec<T>`: any number.
    Many,
}

/// A query, header or cookie parameter of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamInfo {
    /// Where it is read from.
    pub source: Source,
    /// The query key, header name or cookie name.
    pub key: &'static str,
    /// The name bound in the handler.
    pub name: &'static str,
    /// The value type, as written (`u32` for `Option<u32>` and `Vec<u32>`).
    pub ty: &'static str,
    /// How many values it takes.
    pub arity: Arity,
    /// The default expression as written, if any.
    pub default: Option<&'static str>,
}

/// One route as declared in a `route!` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteInfo {
    /// Its name (`product: get ...`), for links and OpenAPI's `operationId`; `None` if unnamed.
    pub name: Option<&'static str>,
    /// The methods it answers.
    pub methods: Methods,
    /// The path pattern, as in `/catalogue/products/{id: u32}`.
    pub pattern: &'static str,
    /// The path pattern, segment by segment.
    pub segments: &'static [SegmentInfo],
    /// Query, header and cookie parameters, in declaration order.
    pub params: &'static [ParamInfo],
    /// Whether it has an `if` guard.
    pub guarded: bool,
    /// Its `auth` parameter, if any (docs/auth.md).
    pub auth: Option<AuthInfo>,
    /// Whether it has `session` parameters (docs/sessions.md): serving it needs the session key.
    pub sessions: bool,
    /// Its `Data<T>` parameters: what `rook::serve` checks against the table's app data at
    /// start-up.
    pub data: &'static [DataInfo],
    /// The schemas of its values and bodies, for [`Routes::openapi`](crate::Routes::openapi).
    pub doc: crate::openapi::doc::DocFn,
}

/// A `name: Data<T>` parameter of a route: app data it needs.
#[derive(Debug, Clone, Copy)]
pub struct DataInfo {
    /// The route, as messages name it: `get /cart`.
    pub route: &'static str,
    /// The parameter as written, `db: Data<Db>`.
    pub param: &'static str,
    /// `T`, as written.
    pub ty: &'static str,
    /// Whether app data holds the value the parameter reads.
    pub present: fn(&actix_web::dev::Extensions) -> bool,
}

/// Equal when they are the same parameter of the same route (`present` is the test its text
/// names).
impl PartialEq for DataInfo {
    fn eq(&self, other: &DataInfo) -> bool {
        (self.route, self.param, self.ty) == (other.route, other.param, other.ty)
    }
}

impl Eq for DataInfo {}

/// The `auth name: Type` parameter of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthInfo {
    /// The name bound in the handler.
    pub name: &'static str,
    /// The [`Authenticate`](crate::Authenticate) type, as written.
    pub ty: &'static str,
}

/// A route of a [`Routes`](crate::Routes) table, with the prefixes of the `include`s it came
/// through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteEntry {
    /// Literal segments prepended by `include`s, outermost first.
    pub prefix: Vec<&'static str>,
    /// The route as declared.
    pub info: &'static RouteInfo,
    /// How many middleware ([`Routes::wrap`](crate::Routes::wrap)) wrap it: its table's and
    /// those of the tables that include it.
    pub middleware: usize,
}

impl RouteEntry {
    /// The methods it answers.
    pub fn methods(&self) -> Methods {
        self.info.methods
    }

    /// The full path pattern, include prefixes first: `/api/v1/users/{id: u32}`.
    pub fn pattern(&self) -> String {
        let mut out: String = self.prefix.iter().map(|p| format!("/{p}")).collect();
        if out.is_empty() || self.info.pattern != "/" {
            out.push_str(self.info.pattern);
        }
        out
    }

    /// The full path pattern, segment by segment, include prefixes as literals.
    pub fn segments(&self) -> Vec<SegmentInfo> {
        let prefix = self.prefix.iter().map(|p| SegmentInfo::Literal(p));
        prefix.chain(self.info.segments.iter().copied()).collect()
    }
}

/// The routes of a table, in declaration order, `include`s expanded in place: what
/// [`Routes::list`](crate::Routes::list) returns. It is a `Vec<RouteEntry>` to read (indexing,
/// `iter`, `len`), and it displays as the table, one route a line:
///
/// ```
/// use rook::prelude::*;
///
/// let routes = route! {
///     get / => "home",
///     product: get "product" / id: u32 => format!("{id}"),
/// };
/// assert_eq!(routes.list().to_string(), "GET /\nproduct: GET /product/{id: u32}\n");
/// println!("{}", routes.list());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteList(pub Vec<RouteEntry>);

impl std::ops::Deref for RouteList {
    type Target = Vec<RouteEntry>;

    fn deref(&self) -> &Vec<RouteEntry> {
        &self.0
    }
}

impl IntoIterator for RouteList {
    type Item = RouteEntry;
    type IntoIter = std::vec::IntoIter<RouteEntry>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a RouteList {
    type Item = &'a RouteEntry;
    type IntoIter = std::slice::Iter<'a, RouteEntry>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for RouteList {
    /// Each route as [`RouteEntry`] displays it, one a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|entry| writeln!(f, "{entry}"))
    }
}

impl fmt::Display for RouteEntry {
    /// `GET /category/{name: String} ? "max" as max: Option<u32>, header "User-Agent" as agent: String`,
    /// one line, each parameter with its type as written; a named route starts with its name
    /// (`category: GET ...`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(name) = self.info.name {
            write!(f, "{name}: ")?;
        }
        write!(f, "{} {}", self.info.methods, self.pattern())?;
        if let Some(auth) = self.info.auth {
            write!(f, ", auth {}: {}", auth.name, auth.ty)?;
        }
        if self.middleware > 0 {
            write!(f, " [{} middleware]", self.middleware)?;
        }
        for (i, p) in self.info.params.iter().enumerate() {
            let sep = if i == 0 { " ? " } else { ", " };
            let kind = match p.source {
                Source::Query => "",
                Source::Header => "header ",
                Source::Cookie => "cookie ",
            };
            write!(f, "{sep}{kind}\"{}\" as {}: ", p.key, p.name)?;
            match (p.arity, p.default) {
                (_, Some(default)) => write!(f, "{} = {default}", p.ty)?,
                (Arity::Optional, None) => write!(f, "Option<{}>", p.ty)?,
                (Arity::Many, _) => write!(f, "Vec<{}>", p.ty)?,
                (Arity::Required, None) => write!(f, "{}", p.ty)?,
            }
        }
        Ok(())
    }
}
