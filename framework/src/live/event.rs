//! Events: how `on:click={event}` writes an event into the page, and how an event that comes
//! back (a form's `_e` and fields, or the same over the WebSocket) is decoded into the view's
//! event type. Everything that comes back is untrusted input.

use std::fmt;

use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, VariantAccess, Visitor};
use serde::{Deserializer, Serialize, forward_to_deserialize_any};

/// The name of the form field that carries the event.
pub const EVENT_FIELD: &str = "_e";

/// How `on:click={event}` writes `event` into the button's `value`: a unit variant as its name
/// (`Inc`), anything else as JSON (`{"Add":5}`). Used by the code `html!` generates.
pub fn event_value<E: Serialize>(event: &E) -> String {
    match serde_json::to_value(event) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(err) => {
            log::warn!("live: an on:click event cannot be written as JSON: {err}");
            String::new()
        }
    }
}

/// An event that could not be decoded: an unknown variant or fields that do not fit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError(String);

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad live event: {}", self.0)
    }
}

impl std::error::Error for EventError {}

/// Decodes an event: `name` is the `_e` value (a variant's name, or an event as JSON);
/// `fields` the urlencoded fields of a form, which become the variant's data.
pub fn decode_event<E: DeserializeOwned>(name: &str, fields: &str) -> Result<E, EventError> {
    if name.starts_with('{') {
        return serde_json::from_str(name).map_err(|err| EventError(err.to_string()));
    }
    E::deserialize(FormEvent { name, fields }).map_err(|err| EventError(err.to_string()))
}

/// An enum value whose variant is `name` and whose data are the form's fields.
struct FormEvent<'a> {
    name: &'a str,
    fields: &'a str,
}

impl<'de> Deserializer<'de> for FormEvent<'de> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_enum(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        visitor.visit_enum(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de> EnumAccess<'de> for FormEvent<'de> {
    type Error = ValueError;
    type Variant = Fields<'de>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Fields<'de>), ValueError> {
        let name: StrDeserializer<'de, ValueError> = self.name.into_deserializer();
        Ok((seed.deserialize(name)?, Fields(self.fields)))
    }
}

/// A variant's data: urlencoded form fields.
struct Fields<'a>(&'a str);

impl<'de> Fields<'de> {
    fn deserializer(&self) -> serde_urlencoded::Deserializer<'de> {
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(self.0.as_bytes()))
    }
}

impl<'de> VariantAccess<'de> for Fields<'de> {
    type Error = ValueError;

    fn unit_variant(self) -> Result<(), ValueError> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, ValueError> {
        seed.deserialize(self.deserializer())
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, ValueError> {
        Err(de::Error::custom("a tuple variant cannot take a form's fields: give it one struct"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        self.deserializer().deserialize_struct("", fields, visitor)
    }
}
