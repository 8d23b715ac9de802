//! The built-in `application/x-www-form-urlencoded` parser (serde_urlencoded).

use serde::de::DeserializeOwned;

use super::error::BodyError;

/// Parses a whole urlencoded body into `T`. Any byte sequence is a well-formed form (bad escapes
/// stay literal, invalid UTF-8 is replaced), so every error is a misfit: **422** naming the field.
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(body));
    serde_path_to_error::deserialize(de).map_err(|e| BodyError::unfit(&e.path().to_string(), e.inner()))
}
