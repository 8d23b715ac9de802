//! What HTML says about element and attribute names, as far as `html!` needs it.

/// Elements that have no content and no end tag: `<br>`, never `<br></br>`.
pub(super) const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Attributes whose value is a URL that a browser follows or loads: an inserted value is
/// checked for a scheme that runs code (`javascript:`…).
pub(super) const URL_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction"];

/// Attributes that mean nothing without a value, so a bare `<a href>` is a mistake.
pub(super) const VALUED_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "id",
    "class",
    "name",
    "value",
    "type",
    "for",
    "rel",
    "style",
    "title",
    "alt",
    "method",
    "content",
    "lang",
    "charset",
    "width",
    "height",
    "placeholder",
    "role",
    "target",
    "enctype",
    "form",
    "min",
    "max",
    "step",
    "pattern",
    "maxlength",
    "minlength",
    "colspan",
    "rowspan",
];

/// Whether `name` is a void element.
pub(super) fn is_void(name: &str) -> bool {
    VOID.iter().any(|void| void.eq_ignore_ascii_case(name))
}

/// Whether an attribute named `name` holds a URL.
pub(super) fn is_url_attribute(name: &str) -> bool {
    URL_ATTRIBUTES.iter().any(|url| url.eq_ignore_ascii_case(name))
}

/// Whether an attribute named `name` needs a value.
pub(super) fn needs_value(name: &str) -> bool {
    VALUED_ATTRIBUTES.iter().any(|valued| valued.eq_ignore_ascii_case(name))
}

/// The raw-text element `name` is (`script` or `style`), whose content is not HTML.
pub(super) fn raw_text(name: &str) -> Option<&'static str> {
    ["script", "style"].into_iter().find(|raw| raw.eq_ignore_ascii_case(name))
}

/// Whether a tag names a component (a Rust type) rather than an element: it starts with an
/// uppercase letter or is a path (`<Card>`, `<ui::Card>`).
pub(super) fn is_component(name: &str) -> bool {
    name.contains("::") || name.starts_with(|c: char| c.is_ascii_uppercase())
}
