//! [`Form<T>`]: a form body that a page answers itself when it does not fit.

use std::fmt;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::errors::FormErrors;
use crate::body::fields::{Fields, Part};
use crate::body::{BodyConfig, BodyError, BodyErrorKind, Limit, multipart, read_to_limit};
use crate::media::essence;

/// A form body (`application/x-www-form-urlencoded` or `multipart/form-data`, file parts into
/// [`Upload`](crate::Upload) fields) parsed into `T`, or, when it does not fit `T`, the
/// [`FormErrors`] to show the form again with: the submitted values and a message per field.
/// An extractor: `form: Form<Signup>`; also a body type, `Body<Form<Signup>>`, for forms
/// without file parts.
///
/// Where [`Body<T>`](crate::Body) answers a body that does not fit with the router's **422**,
/// `Form<T>` hands it to the handler, which answers the page with the form filled in again
/// ([`FormErrors::respond`]: **422**). Every other refusal stays the router's: another media
/// type **415**, over a limit **413**, malformed multipart **400**, too slow **408**. The
/// messages of an urlencoded form name every field whose value does not parse and every missing
/// one (the search ends at a field whose type takes none of `0`, `false` and the empty string,
/// such as an enum); a multipart form's name the first.
///
/// ```
/// use rook::prelude::*;
/// use rook::{Form, FormErrors};
///
/// #[derive(serde::Deserialize)]
/// struct Signup { email: String, age: u8 }
///
/// fn page(errors: &FormErrors) -> Html {
///     Html::raw(format!("<p>{}</p>", errors.errors().map(|(f, m)| format!("{f}: {m}")).collect::<Vec<_>>().join("; ")))
/// }
///
/// let routes = route! {
///     post "signup", form: Form<Signup> => match form.validate(|s, errors| {
///         if !s.email.contains('@') { errors.add("email", "an email address has an @") }
///     }) {
///         Ok(signup) => see_other(&format!("/welcome/{}", signup.age)),
///         Err(errors) => errors.respond(page(&errors)),
///     },
/// };
/// # drop(routes);
/// ```
pub struct Form<T> {
    parsed: Result<T, FormErrors>,
    values: Vec<(String, String)>,
}

impl<T> Form<T> {
    /// The value, or the errors (with the submitted values).
    pub fn into_result(self) -> Result<T, FormErrors> {
        self.parsed
    }

    /// The value if it fits `T` and `check` adds no message to the errors it is given (which
    /// hold the submitted values); the errors otherwise.
    pub fn validate(self, check: impl FnOnce(&T, &mut FormErrors)) -> Result<T, FormErrors> {
        let value = self.parsed?;
        let mut errors = FormErrors::from_values(self.values);
        check(&value, &mut errors);
        errors.or_ok(value)
    }

    /// The text values as submitted, in order.
    pub fn values(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

impl<T: fmt::Debug> fmt::Debug for Form<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Form").field(&self.parsed).finish()
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Form<T> {
    type Error = BodyError;
    type Future = LocalBoxFuture<'static, Result<Self, BodyError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let config = BodyConfig::of(&req);
            let media = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(essence);
            let read = async {
                match media.as_deref() {
                    Some("application/x-www-form-urlencoded") => {
                        let body = read_to_limit(&req, &mut payload, Limit::Form, config.form_limit).await?;
                        let values: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
                        Ok(Form { parsed: fit(&values), values })
                    }
                    Some("multipart/form-data") => {
                        let parts = multipart::parts(&req, payload, config).await?;
                        let values = parts
                            .iter()
                            .filter_map(|(name, part)| match part {
                                Part::Text(text) => Some((name.clone(), text.clone())),
                                Part::File { .. } => None,
                            })
                            .collect::<Vec<_>>();
                        let parsed = serde_path_to_error::deserialize(Fields::new(parts)).map_err(|e| {
                            let mut errors = FormErrors::from_values(values.iter().cloned());
                            let (field, message) = located(&e.path().to_string(), e.inner().to_string());
                            errors.add(field, message);
                            errors
                        });
                        Ok(Form { parsed, values })
                    }
                    other => Err(BodyError::new(
                        BodyErrorKind::Unsupported,
                        format!(
                            "{}; accepted: application/x-www-form-urlencoded, multipart/form-data",
                            other.map_or("no Content-Type".into(), |t| format!("unsupported Content-Type \"{t}\""))
                        ),
                    )),
                }
            };
            match tokio::time::timeout(config.timeout, read).await {
                Ok(read) => read,
                Err(_) => Err(BodyError::timeout(config.timeout)),
            }
        })
    }
}

/// `Body<Form<T>>` (docs/sessions.md): a body that deserialises as a map of text values (an urlencoded
/// form, a multipart form without file parts, a JSON object of strings and numbers) becomes a
/// `Form<T>` whatever `T` makes of it. File parts are not text values: a form with uploads takes
/// the `form: Form<T>` extractor, which keeps them.
impl<'de, T: DeserializeOwned> Deserialize<'de> for Form<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values = deserializer.deserialize_map(Pairs)?;
        Ok(Form { parsed: fit(&values), values })
    }
}

/// The text values of a map, in order (a sequence of texts gives one pair a text).
struct Pairs;

impl<'de> Visitor<'de> for Pairs {
    type Value = Vec<(String, String)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("form fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            for text in map.next_value::<Texts>()?.0 {
                out.push((key.clone(), text));
            }
        }
        Ok(out)
    }
}

/// One field's text values: none for what is not text (a file part, a nested object).
struct Texts(Vec<String>);

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Texts;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a form value")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_owned()]))
            }

            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_string()]))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_string()]))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_string()]))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Texts, E> {
                Ok(Texts(vec![v.to_string()]))
            }

            fn visit_unit<E: de::Error>(self) -> Result<Texts, E> {
                Ok(Texts(Vec::new()))
            }

            fn visit_none<E: de::Error>(self) -> Result<Texts, E> {
                Ok(Texts(Vec::new()))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Texts, A::Error> {
                let mut out = Vec::new();
                while let Some(Texts(more)) = seq.next_element::<Texts>()? {
                    out.extend(more);
                }
                Ok(Texts(out))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Texts, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Texts(Vec::new()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The field and message of a serde error at `path`: a missing field is named by its message.
fn located(path: &str, message: String) -> (String, String) {
    if !path.is_empty() && path != "." {
        return (path.to_owned(), message);
    }
    match message.strip_prefix("missing field `").and_then(|rest| rest.strip_suffix('`')) {
        Some(field) => (field.to_owned(), "is required".to_owned()),
        None => (String::new(), message),
    }
}

/// What stands in for a field that has a message already, so that parsing goes on to the next
/// one: the first of these that the field's type takes (numbers, booleans, strings); a field
/// whose type takes none is left out, and the search ends at its "missing field".
const STAND_INS: [&str; 3] = ["0", "false", ""];

/// `values` as a `T`, or a message for each field whose value does not parse and each missing
/// field: serde stops at the first error, so the form is parsed again with a stand-in value in
/// each field that has its message, until it parses.
fn fit<T: DeserializeOwned>(values: &[(String, String)]) -> Result<T, FormErrors> {
    let mut errors = FormErrors::from_values(values.iter().cloned());
    // The fields with a message, and the stand-in tried for each (past the end: left out).
    let mut stand_in: Vec<(String, usize)> = Vec::new();
    // Each round gives a field its message or tries its next stand-in.
    for _ in 0..=(values.len() + 8) * (STAND_INS.len() + 1) {
        let sent = values.iter().filter(|(k, _)| !stand_in.iter().any(|(f, _)| f == k));
        let sent = sent.map(|(k, v)| (k.as_str(), v.as_str()));
        let stood = stand_in.iter().filter_map(|(f, i)| STAND_INS.get(*i).map(|s| (f.as_str(), *s)));
        let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(sent.chain(stood)).finish();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded.as_bytes()));
        let e = match serde_path_to_error::deserialize::<_, T>(de) {
            Ok(value) => return errors.or_ok(value),
            Err(e) => e,
        };
        let (field, message) = located(&e.path().to_string(), e.inner().to_string());
        if field.is_empty() {
            errors.add(field, message);
            return Err(errors);
        }
        match stand_in.iter_mut().find(|(f, _)| *f == field) {
            // Left out, and required: nothing more can be learnt.
            Some((_, i)) if *i >= STAND_INS.len() => return Err(errors),
            Some((_, i)) => *i += 1,
            None => {
                errors.add(field.clone(), message);
                stand_in.push((field, 0));
            }
        }
    }
    Err(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Signup {
        email: String,
        age: u8,
        height: u16,
        name: String,
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    enum Plan {
        Free,
        Paid,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Choice {
        plan: Plan,
        seats: u8,
        agree: bool,
    }

    #[test]
    fn a_field_no_stand_in_fits_ends_the_search() {
        let errors = fit::<Choice>(&pairs(&[("plan", "gold"), ("seats", "many")])).unwrap_err();
        let found: Vec<&str> = errors.errors().map(|(f, _)| f).collect();
        // `seats` still gets its message (stand-ins follow what was sent); `agree` does not:
        // the search ends at the missing `plan`, which serde names first.
        assert_eq!(found, ["plan", "seats"], "{:?}", errors.errors().collect::<Vec<_>>());
        let errors = fit::<Choice>(&pairs(&[("plan", "Free"), ("seats", "many")])).unwrap_err();
        let found: Vec<(&str, &str)> = errors.errors().collect();
        assert_eq!(found, [("seats", "invalid digit found in string"), ("agree", "is required")]);
    }

    #[test]
    fn every_bad_value_and_every_missing_field_get_a_message() {
        let errors = fit::<Signup>(&pairs(&[("email", "a@b"), ("age", "old"), ("height", "-1")])).unwrap_err();
        let found: Vec<(&str, &str)> = errors.errors().collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0], ("age", "invalid digit found in string"));
        assert_eq!(found[1], ("height", "invalid digit found in string"));
        assert_eq!(found[2], ("name", "is required"));
        assert_eq!(errors.value("age"), "old");
        assert!(fit::<Signup>(&pairs(&[("email", "a"), ("age", "3"), ("height", "170"), ("name", "n")])).is_ok());
    }
}
