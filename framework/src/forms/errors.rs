//! [`FormErrors`]: what a user submitted and what was wrong with it, field by field.

use actix_web::http::StatusCode;

use crate::html::Html;
use crate::respond::Response;

/// The values a form was submitted with (text fields, as sent) and a message per field that
/// did not do: what a page needs to show the form again, filled in, with the messages beside
/// the fields. Made by [`Form<T>`](super::Form) when the body does not fit `T`, or by your own
/// validation ([`add`](Self::add)).
///
/// ```
/// use rook::FormErrors;
///
/// let mut errors = FormErrors::from_values([("email", "ada@example"), ("age", "x")]);
/// errors.add("age", "must be a number");
/// assert_eq!(errors.value("email"), "ada@example");
/// assert_eq!(errors.error("age"), Some("must be a number"));
/// assert_eq!(errors.error("email"), None);
/// assert!(!errors.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors {
    values: Vec<(String, String)>,
    errors: Vec<(String, String)>,
}

impl FormErrors {
    /// No errors yet, with the values a form was submitted with.
    pub fn from_values<K: Into<String>, V: Into<String>>(values: impl IntoIterator<Item = (K, V)>) -> FormErrors {
        FormErrors { values: values.into_iter().map(|(k, v)| (k.into(), v.into())).collect(), errors: Vec::new() }
    }

    /// The value submitted for `field` (the first, if several), or `""`: for a `value="…"`
    /// attribute (escape it: it is the user's text).
    pub fn value(&self, field: &str) -> &str {
        self.values.iter().find(|(k, _)| k == field).map_or("", |(_, v)| v)
    }

    /// Every value submitted for `field`, in order (checkboxes, multiple selects).
    pub fn values(&self, field: &str) -> impl Iterator<Item = &str> {
        self.values.iter().filter(move |(k, _)| k == field).map(|(_, v)| v.as_str())
    }

    /// The message for `field`, if it has one (the first, if several).
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|(k, _)| k == field).map(|(_, m)| m.as_str())
    }

    /// Every `(field, message)`, in the order they were found. A message about the form as a
    /// whole has the field `""`.
    pub fn errors(&self) -> impl Iterator<Item = (&str, &str)> {
        self.errors.iter().map(|(k, m)| (k.as_str(), m.as_str()))
    }

    /// Adds a message for `field` (your own validation: "this email is taken").
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push((field.into(), message.into()));
    }

    /// Whether there is no message.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok(value)` when there is no message, else `Err(self)`.
    pub fn or_ok<T>(self, value: T) -> Result<T, FormErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }

    /// The form shown again: `page` (built from these values and messages), `text/html`, with
    /// **422 Unprocessable Content**.
    pub fn respond(&self, page: Html) -> Response {
        Response::new(StatusCode::UNPROCESSABLE_ENTITY).content("text/html", page.into_string())
    }
}
