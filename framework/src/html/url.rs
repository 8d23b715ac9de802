//! The URL schemes an inserted `href`, `src`, `action` or `formaction` value may not use.

/// Whether `value` (an attribute value as written, already escaped) is a URL with a scheme
/// that runs or embeds content: `javascript:`, `vbscript:` or `data:`. Browsers ignore leading
/// spaces and control characters and tabs or newlines anywhere in a scheme, and read schemes
/// case-insensitively; so does this check.
pub(crate) fn is_refused(value: &str) -> bool {
    const REFUSED: [&str; 3] = ["javascript", "vbscript", "data"];
    let mut scheme = [0u8; 10];
    let mut len = 0;
    // Leading spaces and C0 controls are all single bytes.
    let start = value.bytes().position(|byte| byte > b' ').unwrap_or(value.len());
    for byte in value[start..].bytes() {
        match byte {
            b':' => return REFUSED.iter().any(|refused| refused.as_bytes() == &scheme[..len]),
            b'\t' | b'\n' | b'\r' => {}
            _ if len == scheme.len() || !byte.is_ascii_alphanumeric() && !b"+-.".contains(&byte) => return false,
            _ => {
                scheme[len] = byte.to_ascii_lowercase();
                len += 1;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::is_refused;

    #[test]
    fn schemes_that_run_code_are_refused() {
        for url in
            ["javascript:alert(1)", " JavaScript:x", "\u{1}java\tscript:x", "vbscript:x", "data:text/html,x", "DATA:x"]
        {
            assert!(is_refused(url), "{url:?}");
        }
        for url in
            ["/x", "https://example.com/?a=javascript:", "x?javascript:", "mailto:a@b", "./data:x", "#javascript:", ""]
        {
            assert!(!is_refused(url), "{url:?}");
        }
    }
}
