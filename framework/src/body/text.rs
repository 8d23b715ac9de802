//! The built-in `text/plain` parser: the body as a string, for `Body<String>`.

use serde::de::value::{Error, StrDeserializer, StringDeserializer};
use serde::de::{DeserializeOwned, IntoDeserializer};

use super::error::BodyError;

/// Whether `T` can be read from text at all. Probing with an empty string answers it without
/// reading the body: `String` (and its wrappers) accepts, structs, maps and numbers do not, so
/// a `text/plain` body for them is **415** rather than a confusing 422.
pub(crate) fn accepts<T: DeserializeOwned>() -> bool {
    let probe: StrDeserializer<'_, Error> = "".into_deserializer();
    T::deserialize(probe).is_ok()
}

/// Parses a whole text body: it must be UTF-8 (**400** naming the first bad byte).
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, BodyError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        BodyError::malformed(format_args!("text body is not UTF-8 (invalid byte at offset {})", e.valid_up_to()))
    })?;
    let de: StringDeserializer<Error> = text.to_owned().into_deserializer();
    T::deserialize(de).map_err(|e| BodyError::unfit(".", e))
}
