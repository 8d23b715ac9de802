//! Media-type helpers shared by request bodies and responses.

/// The essence of a media type: its lowercase `type/subtype`, parameters dropped
/// (`Text/Plain; charset=utf-8` → `text/plain`).
pub(crate) fn essence(media_type: &str) -> String {
    let end = media_type.find(';').unwrap_or(media_type.len());
    media_type[..end].trim().to_ascii_lowercase()
}

/// Whether a media type essence is JSON: `application/json` or `application/*+json`.
pub(crate) fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.strip_prefix("application/").is_some_and(|sub| sub.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essences() {
        assert_eq!(essence("Text/Plain; charset=utf-8"), "text/plain");
        assert!(is_json("application/problem+json"));
        assert!(!is_json("text/json"));
    }
}
