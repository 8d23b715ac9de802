//! The escaping of each context, on byte slices: the characters that need escaping are all
//! ASCII, so everything between two of them is copied in one `push_str`.

/// Appends `text` with `& < > " '` replaced by character references, safe both between tags
/// and inside a quoted attribute value.
pub(crate) fn entities(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (at, byte) in bytes.iter().enumerate() {
        let reference = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // `at` is the index of an ASCII byte, so both slices end on character boundaries.
        out.push_str(&text[start..at]);
        out.push_str(reference);
        start = at + 1;
    }
    out.push_str(&text[start..]);
}

/// Appends `text` to the body of a raw-text element (`<script>` or `<style>`, named by
/// `element` in lowercase): the HTML parser ends such an element at `</element` in any case, and
/// a `<!--` inside `<script>` changes how it looks for the end. Both are broken up with a
/// backslash after `<` (`<\/script`, `<\!--`), which JavaScript strings and CSS read as the
/// same characters.
pub(crate) fn raw_text(out: &mut String, text: &str, element: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        let lt = at + offset;
        let rest = &bytes[lt + 1..];
        let closes = rest.first() == Some(&b'/')
            && rest.len() > element.len()
            && rest[1..=element.len()].eq_ignore_ascii_case(element.as_bytes());
        let comment = rest.starts_with(b"!--");
        if closes || comment {
            out.push_str(&text[start..=lt]);
            out.push('\\');
            start = lt + 1;
        }
        at = lt + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        entities(&mut out, text);
        out
    }

    fn in_script(text: &str) -> String {
        let mut out = String::new();
        raw_text(&mut out, text, "script");
        out
    }

    #[test]
    fn five_characters_become_references() {
        assert_eq!(escaped(r#"<a href="x">Tom & 'Jerry'</a>"#), "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
        assert_eq!(escaped("plain é ✓"), "plain é ✓");
        assert_eq!(escaped(""), "");
    }

    #[test]
    fn nothing_closes_a_script() {
        assert_eq!(in_script("a</script>b"), "a<\\/script>b");
        assert_eq!(in_script("a</SCRIPT >b"), "a<\\/SCRIPT >b");
        assert_eq!(in_script("<!-- x"), "<\\!-- x");
        assert_eq!(in_script("1 < 2 && x</scrip"), "1 < 2 && x</scrip");
        assert_eq!(in_script("</style>"), "</style>");
        let mut out = String::new();
        raw_text(&mut out, "x</style>", "style");
        assert_eq!(out, "x<\\/style>");
    }
}
