//! The built-in `application/json` and `application/*+json` parser (serde_json).

use serde::de::DeserializeOwned;
use serde_json::error::Category;

use super::error::BodyError;

/// Parses a whole JSON body into `T`. Syntax errors (with their line and column) are **400**;
/// data that parses but does not fit `T` is **422**, naming the field.
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value =
        serde_path_to_error::deserialize(&mut de).map_err(|e| classify(&e.path().to_string(), e.into_inner()))?;
    de.end().map_err(|e| classify(".", e))?;
    Ok(value)
}

/// Deserialises `T` from a value a custom parser produced; every error is a misfit (**422**).
pub(crate) fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, BodyError> {
    serde_path_to_error::deserialize(value).map_err(|e| BodyError::unfit(&e.path().to_string(), e.inner()))
}

/// serde_json tells syntax (and a truncated body) apart from data that does not fit.
fn classify(path: &str, error: serde_json::Error) -> BodyError {
    match error.classify() {
        Category::Data => BodyError::unfit(path, error),
        Category::Syntax | Category::Eof | Category::Io => {
            BodyError::malformed(format_args!("malformed JSON: {error}"))
        }
    }
}
