//! The escaping of static text, done once at compile time: the same rules the runtime's
//! `Writer` applies to inserted values, so a template's literal text and its values can never
//! be told apart by how they were escaped.

/// `& < > " '` as character references: for text between tags and for attribute values.
pub(super) fn entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The literal body of a `<script>` or `<style>` (`element`): as written, but nothing in it can
/// end the element early (`</script` → `<\/script`, `<!--` → `<\!--`).
pub(super) fn raw_text(text: &str, element: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        let after = &rest[lt + 1..];
        let closes = after.starts_with('/')
            && after.get(1..=element.len()).is_some_and(|name| name.eq_ignore_ascii_case(element));
        out.push_str(&rest[..=lt]);
        if closes || after.starts_with("!--") {
            out.push('\\');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}
