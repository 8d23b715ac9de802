//! [`Html`]: rendered markup, safe to send, and a responder.

use std::fmt;

use actix_web::body::BoxBody;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder};

/// Markup that is safe to send: the output of `html!`, or text a program vouches for with
/// [`Html::raw`]. Inserted into another template it is written as it is; returned from a
/// handler it answers **200** `text/html; charset=utf-8`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Html(String);

impl Html {
    /// No markup.
    pub const fn new() -> Html {
        Html(String::new())
    }

    /// Trusts `markup` as HTML, unescaped: the only way text becomes markup. Never pass it
    /// anything a user sent.
    pub fn raw(markup: impl Into<String>) -> Html {
        Html(markup.into())
    }

    /// Markup the caller built by escaping (the [`Writer`](super::Writer)).
    pub(crate) fn from_trusted(markup: String) -> Html {
        Html(markup)
    }

    /// The markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, as a `String`.
    pub fn into_string(self) -> String {
        self.0
    }

    /// The length of the markup in bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no markup.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Html").field(&self.0).finish()
    }
}

impl From<Html> for String {
    fn from(html: Html) -> String {
        html.0
    }
}

impl PartialEq<str> for Html {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Html {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl Responder for Html {
    type Body = BoxBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        let mut response = HttpResponse::Ok().body(self.0);
        response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        response
    }
}
