//! Where in a document a value is being written, which decides how it is escaped.

/// The place in the document a value is inserted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Context {
    /// Between tags: `& < > " '` become character references.
    #[default]
    Text,
    /// Inside a quoted attribute value: the same five characters are escaped, so a value can
    /// never end the attribute.
    Attribute,
    /// Inside the quoted value of `href`, `src`, `action` or `formaction`: escaped as an
    /// attribute, and a `javascript:`, `vbscript:` or `data:` URL drops the whole attribute.
    Url,
    /// The body of `<script>`: written as it is, except that nothing can close the element
    /// (`</script` and `<!--` are broken up).
    Script,
    /// The body of `<style>`: as `Script`, for `</style`.
    Style,
}
