//! The set of methods a route answers.

use std::fmt;

use actix_web::http::Method;

/// A set of HTTP methods, as written before a route's path (`get | post`, `any`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Methods(u16);

/// The methods `route!` knows by name, in the order `Allow` lists them; entry `i` is bit `i`.
const NAMED: [(Method, &str); 7] = [
    (Method::GET, "GET"),
    (Method::HEAD, "HEAD"),
    (Method::POST, "POST"),
    (Method::PUT, "PUT"),
    (Method::DELETE, "DELETE"),
    (Method::PATCH, "PATCH"),
    (Method::OPTIONS, "OPTIONS"),
];

impl Methods {
    /// No method.
    pub const NONE: Methods = Methods(0);
    /// `GET`.
    pub const GET: Methods = Methods(1);
    /// `HEAD`.
    pub const HEAD: Methods = Methods(1 << 1);
    /// `POST`.
    pub const POST: Methods = Methods(1 << 2);
    /// `PUT`.
    pub const PUT: Methods = Methods(1 << 3);
    /// `DELETE`.
    pub const DELETE: Methods = Methods(1 << 4);
    /// `PATCH`.
    pub const PATCH: Methods = Methods(1 << 5);
    /// `OPTIONS`.
    pub const OPTIONS: Methods = Methods(1 << 6);
    /// `any`: every method, including ones without a name here (`TRACE`, extensions).
    pub const ANY: Methods = Methods(0x7f | 1 << 15);

    /// The union of two sets.
    pub const fn union(self, other: Methods) -> Methods {
        Methods(self.0 | other.0)
    }

    /// Whether every method of `other` is in `self`.
    pub const fn contains(self, other: Methods) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether this set answers `method` exactly (no HEAD-to-GET fallback).
    pub fn allows(self, method: &Method) -> bool {
        self.accepts(Methods::of(method))
    }

    /// Whether `method` is written out in this set, not merely covered by `any`.
    pub(crate) fn names(self, method: Methods) -> bool {
        self.0 & ANY_BIT == 0 && self.contains(method)
    }

    /// [`allows`](Self::allows) for a method already looked up with [`of`](Self::of): `method`
    /// is one method or none, so one `and` answers (`any` accepts every method).
    pub(crate) fn accepts(self, method: Methods) -> bool {
        debug_assert!(method.0.count_ones() <= 1, "one method at most");
        self.0 & (method.0 | ANY_BIT) != 0
    }

    /// The one-method set for `method`; empty for a method without a name here.
    pub fn of(method: &Method) -> Methods {
        NAMED.iter().position(|(m, _)| m == method).map_or(Methods::NONE, |i| Methods(1 << i))
    }

    /// The value of an `Allow` header for this set: GET implies HEAD, OPTIONS is always there.
    pub fn allow_header(self) -> String {
        let mut set = self.union(Methods::OPTIONS);
        if set.contains(Methods::GET) {
            set = set.union(Methods::HEAD);
        }
        let names: Vec<&str> =
            NAMED.iter().enumerate().filter(|&(i, _)| set.0 & (1 << i) != 0).map(|(_, (_, name))| *name).collect();
        names.join(", ")
    }
}

const ANY_BIT: u16 = 1 << 15;

impl fmt::Debug for Methods {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string())
    }
}

impl fmt::Display for Methods {
    /// `GET | POST`, or `ANY`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 & ANY_BIT != 0 {
            return f.write_str("ANY");
        }
        let mut first = true;
        for (i, (_, name)) in NAMED.iter().enumerate() {
            if self.0 & (1 << i) != 0 {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_lists_head_with_get_and_always_options() {
        assert_eq!(Methods::GET.allow_header(), "GET, HEAD, OPTIONS");
        assert_eq!(Methods::POST.union(Methods::DELETE).allow_header(), "POST, DELETE, OPTIONS");
        assert_eq!(Methods::ANY.allow_header(), "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
    }

    #[test]
    fn any_allows_unnamed_methods() {
        assert!(Methods::ANY.allows(&Method::TRACE));
        assert!(!Methods::GET.allows(&Method::TRACE));
        assert!(!Methods::GET.allows(&Method::HEAD));
        assert!(Methods::GET.union(Methods::POST).allows(&Method::POST));
    }
}
