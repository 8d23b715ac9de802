//! The base URL that makes links absolute: [`set_link_base`].

use std::fmt;
use std::sync::{Arc, RwLock};

static BASE: RwLock<Option<Arc<str>>> = RwLock::new(None);

/// Sets the base URL that [`Link::url`](crate::Link::url) puts in front of every link:
/// `http://` or `https://`, a host, optionally a port and a path prefix (where the table is
/// mounted), no query or fragment. A trailing `/` is dropped. Process-wide; may be set again.
///
/// ```
/// use rook::prelude::*;
///
/// #[rook::routes]
/// fn shop() -> Routes {
///     route! { product: get "products" / id: u32 => format!("{id}") }
/// }
///
/// rook::set_link_base("https://shop.example/").unwrap();
/// assert_eq!(shop::product(7).url().unwrap(), "https://shop.example/products/7");
/// assert!(rook::set_link_base("shop.example").is_err());
/// ```
pub fn set_link_base(base: &str) -> Result<(), LinkBaseError> {
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .ok_or_else(|| LinkBaseError(format!("{base:?} does not start with http:// or https://")))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(LinkBaseError(format!("{base:?} has no host")));
    }
    if let Some(bad) = base.chars().find(|c| matches!(c, '?' | '#') || c.is_whitespace() || c.is_control()) {
        return Err(LinkBaseError(format!("{base:?} holds {bad:?}: a base is a scheme, a host and a path")));
    }
    *BASE.write().unwrap_or_else(|e| e.into_inner()) = Some(base.trim_end_matches('/').into());
    Ok(())
}

/// The base set by [`set_link_base`].
pub(crate) fn link_base() -> Option<Arc<str>> {
    BASE.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Why [`set_link_base`] refused a base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkBaseError(String);

impl fmt::Display for LinkBaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad link base: {}", self.0)
    }
}

impl std::error::Error for LinkBaseError {}
