//! Comparing WebSocket origins: whether a page's `Origin` is the host it connects to, and the
//! canonical form allow-lists are kept in.

use actix_web::http::uri::{Authority, Uri};

/// Whether the page at `origin` was served by the `host` (the `Host` header) it connects to.
pub(crate) fn same_host(origin: &str, host: &str) -> bool {
    let (Ok(origin), Ok(host)) = (origin.parse::<Uri>(), host.parse::<Authority>()) else { return false };
    let Some(origin_host) = origin.host() else { return false };
    let default_port = default_port(origin.scheme_str());
    origin_host.eq_ignore_ascii_case(host.host())
        && origin.port_u16().or(default_port) == host.port_u16().or(default_port)
}

fn default_port(scheme: Option<&str>) -> Option<u16> {
    match scheme?.to_ascii_lowercase().as_str() {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        _ => None,
    }
}

/// The form origins are compared in: lower case, the scheme's default port dropped, so
/// `HTTPS://Example.com:443` and `https://example.com` are one origin. Text that is not a URL
/// (such as `null`) is only lower-cased.
pub(crate) fn canonical_origin(origin: &str) -> String {
    let Ok(uri) = origin.trim_end_matches('/').parse::<Uri>() else { return origin.to_ascii_lowercase() };
    let (Some(scheme), Some(host)) = (uri.scheme_str(), uri.host()) else { return origin.to_ascii_lowercase() };
    let mut canonical = format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase());
    if let Some(port) = uri.port_u16().filter(|port| Some(*port) != default_port(Some(scheme))) {
        canonical.push_str(&format!(":{port}"));
    }
    canonical
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_host_compares_host_and_effective_port() {
        assert!(same_host("http://example.com", "example.com"));
        assert!(same_host("http://Example.COM:80", "example.com"));
        assert!(same_host("https://example.com", "example.com:443"));
        assert!(same_host("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assert!(same_host("http://[::1]:8080", "[::1]:8080"));
        assert!(!same_host("http://127.0.0.1:8081", "127.0.0.1:8080"));
        assert!(!same_host("http://evil.example", "example.com"));
        assert!(!same_host("https://example.com", "example.com:80"));
        assert!(!same_host("null", "example.com"));
        assert!(!same_host("", "example.com"));
    }

    #[test]
    fn canonical_origins() {
        assert_eq!(canonical_origin("HTTPS://App.Example.com:443"), "https://app.example.com");
        assert_eq!(canonical_origin("http://a.example:8080/"), "http://a.example:8080");
        assert_eq!(canonical_origin("null"), "null");
    }
}
