//! [`LinkText`]: what a link builder takes for a `String` value, so that `shop::search("oak")`
//! needs no `.to_string()`.

use std::borrow::Cow;

/// A value for a `String` capture or query parameter of a link: `String`, `&str`, `&String`,
/// `Cow<str>`, `Box<str>`, `char`.
#[diagnostic::on_unimplemented(
    message = "a link takes text here (`String`, `&str`…), not `{Self}`",
    label = "not text",
    note = "this route's parameter is a `String`: write the value as text, e.g. `value.to_string()`"
)]
pub trait LinkText {
    /// The text.
    fn into_text(self) -> String;
}

impl LinkText for String {
    fn into_text(self) -> String {
        self
    }
}

impl LinkText for &str {
    fn into_text(self) -> String {
        self.to_owned()
    }
}

impl LinkText for &String {
    fn into_text(self) -> String {
        self.clone()
    }
}

impl LinkText for Cow<'_, str> {
    fn into_text(self) -> String {
        self.into_owned()
    }
}

impl LinkText for Box<str> {
    fn into_text(self) -> String {
        self.into()
    }
}

impl LinkText for char {
    fn into_text(self) -> String {
        self.to_string()
    }
}
