//! [`ErrorFormat`]: how every error Rook answers is rendered (docs/routing.md#statuses-the-router-answers).

use std::fmt;
use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use super::error::RookError;

/// A function that renders errors, for [`ErrorFormat::custom`].
type Render = dyn Fn(&RookError, &HttpRequest) -> HttpResponse + Send + Sync;

/// How Rook renders the errors it answers: router 400/401/403/404/405, body
/// 400/408/413/415/422/503, static 403/404, WebSocket handshake refusals and the panic 500.
/// Chosen per table with [`Routes::error_format`](crate::Routes::error_format). Headers such as
/// `Allow` and `WWW-Authenticate` are kept in every format.
///
/// ```
/// use rook::prelude::*;
/// use rook::ErrorFormat;
///
/// let api = route! { get "items" / id: u32 => format!("item {id}") }.error_format(ErrorFormat::ProblemJson);
/// # drop(api);
/// ```
#[derive(Clone, Default)]
pub enum ErrorFormat {
    /// `text/plain; charset=utf-8` with the one-line text (the default).
    #[default]
    Text,
    /// RFC 9457 `application/problem+json`: `type`, `title` (the reason phrase), `status`,
    /// `detail` (the one-line text), and the members naming what failed (`"parameter"`,
    /// `"limit"`…).
    ProblemJson,
    /// problem+json when the request's `Accept` prefers JSON to text, else text.
    Negotiate,
    /// A function of the error (as data) and the request.
    Custom(Arc<Render>),
}

impl ErrorFormat {
    /// Renders errors with `render`; Rook adds the error's headers (`Allow`…) to its answer
    /// when it does not set them itself.
    pub fn custom(render: impl Fn(&RookError, &HttpRequest) -> HttpResponse + Send + Sync + 'static) -> Self {
        ErrorFormat::Custom(Arc::new(render))
    }

    /// The answer to `err` in this format; `req` is the request (without it, `Negotiate` and
    /// `Custom` answer text).
    pub fn render(&self, err: &RookError, req: Option<&HttpRequest>) -> HttpResponse {
        let mut res = match (self, req) {
            (ErrorFormat::ProblemJson, _) => problem_json(err),
            (ErrorFormat::Negotiate, Some(req)) if prefers_json(req) => problem_json(err),
            (ErrorFormat::Custom(render), Some(req)) => render(err, req),
            _ => text(err),
        };
        let headers = res.headers_mut();
        for (name, value) in err.headers() {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        if err.closes_connection() {
            res.head_mut().set_connection_type(actix_web::http::ConnectionType::Close);
        }
        res
    }

    /// Whether errors are rendered as text whatever the request.
    pub(crate) fn is_text(&self) -> bool {
        matches!(self, ErrorFormat::Text)
    }
}

impl fmt::Debug for ErrorFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorFormat::Text => "Text",
            ErrorFormat::ProblemJson => "ProblemJson",
            ErrorFormat::Negotiate => "Negotiate",
            ErrorFormat::Custom(_) => "Custom(..)",
        })
    }
}

fn text(err: &RookError) -> HttpResponse {
    let mut res = HttpResponse::with_body(err.status(), err.detail().to_owned());
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    res.map_into_boxed_body()
}

fn problem_json(err: &RookError) -> HttpResponse {
    let mut body = serde_json::Map::new();
    body.insert("type".into(), "about:blank".into());
    body.insert("title".into(), err.status().canonical_reason().unwrap_or("Error").into());
    body.insert("status".into(), err.status().as_u16().into());
    body.insert("detail".into(), err.detail().into());
    for (name, value) in err.members() {
        body.insert(name.into(), value.into());
    }
    let mut res = HttpResponse::with_body(err.status(), serde_json::Value::Object(body).to_string());
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    res.map_into_boxed_body()
}

/// Whether `Accept` gives JSON (`application/json`, `application/problem+json`, `application/*`)
/// a higher quality than text (`text/plain`, `text/*`); `*/*` counts for both.
fn prefers_json(req: &HttpRequest) -> bool {
    let (mut json, mut text) = (0.0f32, 0.0f32);
    for value in req.headers().get_all(header::ACCEPT).filter_map(|v| v.to_str().ok()) {
        for range in value.split(',') {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match media.as_str() {
                "application/json" | "application/problem+json" | "application/*" => json = json.max(q),
                "text/plain" | "text/*" => text = text.max(q),
                "*/*" => {
                    json = json.max(q);
                    text = text.max(q);
                }
                _ => {}
            }
        }
    }
    json > text
}

/// Rendered as [`ErrorFormat::Text`]; a mounted `Routes` renders it again in its own format.
impl ResponseError for RookError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        ErrorFormat::Text.render(self, None)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn negotiated(accept: &str) -> bool {
        prefers_json(&TestRequest::default().insert_header((header::ACCEPT, accept)).to_http_request())
    }

    #[test]
    fn negotiation_follows_quality() {
        assert!(negotiated("application/json"));
        assert!(negotiated("application/problem+json, text/plain;q=0.5"));
        assert!(!negotiated("text/plain, application/json;q=0.9"));
        assert!(!negotiated("*/*"));
        assert!(!negotiated("text/html"));
    }

    #[test]
    fn problem_json_keeps_members_and_headers() {
        let err = RookError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
            .header(header::ALLOW, HeaderValue::from_static("GET, HEAD, OPTIONS"))
            .member("method", "POST");
        let res = ErrorFormat::ProblemJson.render(&err, None);
        assert_eq!(res.status(), 405);
        assert_eq!(res.headers().get(header::ALLOW).unwrap(), "GET, HEAD, OPTIONS");
        assert_eq!(res.headers().get(header::CONTENT_TYPE).unwrap(), "application/problem+json");
    }
}
