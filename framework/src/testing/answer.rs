//! [`Answer`]: what the app answered to one [`Request`](super::Request), and which route (if
//! any) the router chose for it.

use std::borrow::Cow;
use std::fmt;

/// What the app answered: status, headers, body, and what the router's testing hook saw.
#[derive(Clone, PartialEq, Eq)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// Header lines: lowercase name, value (bytes that are not UTF-8 replaced).
    pub headers: Vec<(String, String)>,
    /// The body (empty for HEAD over the network).
    pub body: Vec<u8>,
    /// The index in `Routes::list()` of the route whose handler ran; `None` when the router
    /// answered by itself (400, 404, 405, OPTIONS 204).
    pub route: Option<usize>,
    /// Whether a handler, guard or `FromSegment` impl panicked (the client saw a 500).
    pub panicked: bool,
}

impl Answer {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as text (bytes that are not UTF-8 replaced).
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The body parsed as JSON, or why it does not parse.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_slice(&self.body).map_err(|e| format!("answer body is not the JSON expected: {e}"))
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = match (self.route, self.panicked) {
            (_, true) => "a panic".to_owned(),
            (Some(i), _) => format!("route #{i}"),
            (None, _) => "the router".to_owned(),
        };
        let body = self.text();
        let body =
            if body.len() > 200 { format!("{}…", body.chars().take(200).collect::<String>()) } else { body.into() };
        write!(f, "{} from {who}", self.status)?;
        if let Some(allow) = self.header("allow") {
            write!(f, ", Allow: {allow}")?;
        }
        write!(f, ", body {body:?}")
    }
}
