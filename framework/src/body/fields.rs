//! Multipart parts as serde input: text parts read like form values, file parts as
//! [`Upload`](super::Upload)s, repeated names as sequences.

use serde::de::value::{Error, SeqDeserializer};
use serde::de::{DeserializeSeed, Deserializer, Error as _, IntoDeserializer, MapAccess, Visitor};
use serde::forward_to_deserialize_any;

use super::spill::{self, Stored};
use super::upload::FIELDS;

/// One part's content.
pub(crate) enum Part {
    /// A part without a `filename`: UTF-8 text.
    Text(String),
    /// A part with a `filename`.
    File { file_name: String, content_type: Option<String>, content: Stored },
}

/// Every part of a body, grouped by name in order of first appearance: the map `T` reads.
pub(crate) struct Fields(Vec<(String, Vec<Part>)>);

impl Fields {
    pub(crate) fn new(parts: Vec<(String, Part)>) -> Self {
        let mut grouped: Vec<(String, Vec<Part>)> = Vec::new();
        for (name, part) in parts {
            // The part count is capped (BodyConfig::max_parts), so a linear search stays cheap.
            match grouped.iter_mut().find(|(n, _)| *n == name) {
                Some((_, same)) => same.push(part),
                None => grouped.push((name, vec![part])),
            }
        }
        Fields(grouped)
    }
}

impl<'de> Deserializer<'de> for Fields {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(FieldsAccess { fields: self.0.into_iter(), value: None })
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct FieldsAccess {
    fields: std::vec::IntoIter<(String, Vec<Part>)>,
    value: Option<Vec<Part>>,
}

impl<'de> MapAccess<'de> for FieldsAccess {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((name, parts)) = self.fields.next() else { return Ok(None) };
        self.value = Some(parts);
        seed.deserialize(name.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let parts = self.value.take().ok_or_else(|| Error::custom("value asked before its key"))?;
        seed.deserialize(Parts(parts))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// The parts sharing one name: a sequence for `Vec<_>`, `Some` for `Option<_>`, otherwise
/// exactly one part.
struct Parts(Vec<Part>);

impl Parts {
    fn one(self) -> Result<Part, Error> {
        let count = self.0.len();
        let mut parts = self.0.into_iter();
        match (parts.next(), count) {
            (Some(part), 1) => Ok(part),
            _ => Err(Error::custom(format_args!("given {count} times, expected once"))),
        }
    }
}

macro_rules! one_part {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.one()?.$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for Parts {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // Self-describing reads (untagged enums, flatten) see repeated names as a sequence.
        if self.0.len() == 1 { self.one()?.deserialize_any(visitor) } else { self.deserialize_seq(visitor) }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(SeqDeserializer::new(self.0.into_iter()))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    one_part! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_map deserialize_identifier
    }

    /// A field the type does not know is ignored however often it is given.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.one()?.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.one()?.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.one()?.deserialize_enum(name, variants, visitor)
    }
}

impl<'de> IntoDeserializer<'de, Error> for Part {
    type Deserializer = Part;

    fn into_deserializer(self) -> Part {
        self
    }
}

fn file_not_text() -> Error {
    Error::custom("a file was uploaded where a text value was expected")
}

/// Text is parsed like a form value (`"42"` into a number); what does not parse is handed to
/// the visitor as a string, so its error names the expected type.
macro_rules! parse_text {
    ($($method:ident => $visit:ident: $ty:ty,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self {
                Part::Text(text) => match text.parse::<$ty>() {
                    Ok(value) => visitor.$visit(value),
                    Err(_) => visitor.visit_string(text),
                },
                Part::File { .. } => Err(file_not_text()),
            }
        }
    )*};
}

impl<'de> Deserializer<'de> for Part {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Part::Text(text) => visitor.visit_string(text),
            Part::File { file_name, content_type, content } => {
                visitor.visit_map(UploadAccess { file_name, content_type, content: Some(content), next: 0 })
            }
        }
    }

    parse_text! {
        deserialize_bool => visit_bool: bool,
        deserialize_i8 => visit_i8: i8,
        deserialize_i16 => visit_i16: i16,
        deserialize_i32 => visit_i32: i32,
        deserialize_i64 => visit_i64: i64,
        deserialize_i128 => visit_i128: i128,
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64,
        deserialize_u128 => visit_u128: u128,
        deserialize_f32 => visit_f32: f32,
        deserialize_f64 => visit_f64: f64,
        deserialize_char => visit_char: char,
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Part::Text(text) => visitor.visit_string(text),
            Part::File { .. } => Err(file_not_text()),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Part::Text(text) => text.into_deserializer().deserialize_enum(name, variants, visitor),
            Part::File { .. } => Err(file_not_text()),
        }
    }

    forward_to_deserialize_any! {
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// A file part read as the map `{file_name, content_type, bytes}` that `Upload` deserialises.
struct UploadAccess {
    file_name: String,
    content_type: Option<String>,
    content: Option<Stored>,
    next: usize,
}

impl<'de> MapAccess<'de> for UploadAccess {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match FIELDS.get(self.next) {
            Some(key) => seed.deserialize(key.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        self.next += 1;
        match self.next {
            1 => seed.deserialize(std::mem::take(&mut self.file_name).into_deserializer()),
            2 => seed.deserialize(OptionalText(self.content_type.take())),
            _ => match self.content.take() {
                Some(Stored::File(file)) => spill::hand_over(file, || seed.deserialize(().into_deserializer())),
                Some(Stored::Memory(bytes)) => seed.deserialize(ByteBuf(bytes)),
                None => seed.deserialize(ByteBuf(Vec::new())),
            },
        }
    }
}

/// `Option<String>` as serde input: `None` is a missing value.
struct OptionalText(Option<String>);

impl<'de> Deserializer<'de> for OptionalText {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(text) => visitor.visit_string(text),
            None => visitor.visit_none(),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(text) => visitor.visit_some(text.into_deserializer()),
            None => visitor.visit_none(),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// Owned bytes as serde input, handed over without a copy (`visit_byte_buf`).
struct ByteBuf(Vec<u8>);

impl<'de> Deserializer<'de> for ByteBuf {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_byte_buf(self.0)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}
