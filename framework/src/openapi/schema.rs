//! JSON Schemas of the values of a route: [`SegmentSchema`] for captures, query, header and
//! cookie values, and request bodies through `schemars`. A type without a schema still
//! compiles: the generated code picks the impl by autoref specialisation ([`Probe`]) and falls
//! back to a plain string (values) or any JSON value (bodies), which the document says.

use std::marker::PhantomData;
use std::ops::{Bound, RangeBounds};

use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Map, Value, json};

use crate::links::to_segment::ToSegment;

/// The JSON Schema of the text a [`FromSegment`](crate::FromSegment) type accepts, as OpenAPI
/// describes a parameter: `{"type": "integer", "format": "uint8", "minimum": 0, "maximum": 255}`.
///
/// Implemented for the built-in value types; `#[derive(Segment)]` implements it from its field's
/// schema and its checks (the regex as `pattern`, the range as bounds). A type without it is
/// documented as a string.
pub trait SegmentSchema {
    /// The schema of one value.
    fn segment_schema() -> Value;
}

macro_rules! integers {
    ($($t:ty => $format:literal),*) => {$(
        impl SegmentSchema for $t {
            fn segment_schema() -> Value {
                json!({ "type": "integer", "format": $format, "minimum": <$t>::MIN, "maximum": <$t>::MAX })
            }
        }
    )*};
}
integers!(i8 => "int8", i16 => "int16", i32 => "int32", i64 => "int64", isize => "int64",
    u8 => "uint8", u16 => "uint16", u32 => "uint32", u64 => "uint64", usize => "uint64");

// 128-bit bounds do not fit a JSON number as serde_json writes it: the format says the width.
impl SegmentSchema for i128 {
    fn segment_schema() -> Value {
        json!({ "type": "integer", "format": "int128" })
    }
}

impl SegmentSchema for u128 {
    fn segment_schema() -> Value {
        json!({ "type": "integer", "format": "uint128", "minimum": 0 })
    }
}

impl SegmentSchema for f32 {
    fn segment_schema() -> Value {
        json!({ "type": "number", "format": "float" })
    }
}

impl SegmentSchema for f64 {
    fn segment_schema() -> Value {
        json!({ "type": "number", "format": "double" })
    }
}

impl SegmentSchema for bool {
    fn segment_schema() -> Value {
        json!({ "type": "boolean" })
    }
}

impl SegmentSchema for char {
    fn segment_schema() -> Value {
        json!({ "type": "string", "minLength": 1, "maxLength": 1 })
    }
}

impl SegmentSchema for String {
    fn segment_schema() -> Value {
        json!({ "type": "string" })
    }
}

/// A type, as a value whose methods autoref specialisation can pick: `(&&Probe::<T>::new())
/// .segment_schema()` is [`SegmentSchema`]'s when `T` has it, the fallback's otherwise.
pub struct Probe<T: ?Sized>(PhantomData<fn() -> T>);

impl<T: ?Sized> Default for Probe<T> {
    fn default() -> Self {
        Probe::new()
    }
}

impl<T: ?Sized> Probe<T> {
    /// The probe of `T`.
    pub const fn new() -> Probe<T> {
        Probe(PhantomData)
    }
}

/// The schema of a value type with a [`SegmentSchema`].
pub trait ViaSegmentSchema {
    /// `T::segment_schema()`.
    fn segment_schema(&self) -> Value;
}

impl<T: SegmentSchema + ?Sized> ViaSegmentSchema for &Probe<T> {
    fn segment_schema(&self) -> Value {
        T::segment_schema()
    }
}

/// The schema of a value type without one: a string.
pub trait SegmentFallback {
    /// `{"type": "string"}`.
    fn segment_schema(&self) -> Value;
}

impl<T: ?Sized> SegmentFallback for Probe<T> {
    fn segment_schema(&self) -> Value {
        json!({ "type": "string" })
    }
}

/// The schema of a request body type with a `schemars::JsonSchema`.
pub trait ViaJsonSchema {
    /// The schema of `T` (a `$ref` into the document's components for named types).
    fn body_schema(&self, generator: &mut SchemaGenerator) -> Value;
}

impl<T: JsonSchema + ?Sized> ViaJsonSchema for &Probe<T> {
    fn body_schema(&self, generator: &mut SchemaGenerator) -> Value {
        generator.subschema_for::<T>().to_value()
    }
}

/// The schema of a request body type without `JsonSchema`: any value (an object, for the
/// parsers Rook has), said so in its description.
pub trait BodyFallback {
    /// A generic object schema.
    fn body_schema(&self, generator: &mut SchemaGenerator) -> Value;
}

impl<T: ?Sized> BodyFallback for Probe<T> {
    fn body_schema(&self, _: &mut SchemaGenerator) -> Value {
        json!({
            "type": "object",
            "description": format!("{} (its type has no JsonSchema: derive schemars::JsonSchema to document it)", short_name::<T>()),
        })
    }
}

/// `LogEntry` for `my_app::LogEntry`.
fn short_name<T: ?Sized>() -> String {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base).to_owned()
}

/// Adds a `#[derive(Segment)]` regex to `schema` as its `pattern` (anchored, as Rook matches it
/// against the whole value).
pub fn with_pattern(schema: &mut Value, regex: &str) {
    if let Value::Object(map) = schema {
        map.insert("pattern".into(), Value::String(format!("^(?:{regex})$")));
    }
}

/// Adds a `#[derive(Segment)]` range to `schema` as bounds.
pub fn with_range<T: ToSegment>(schema: &mut Value, range: impl RangeBounds<T>) {
    let Value::Object(map) = schema else { return };
    let number = |v: &T| serde_json::from_str::<serde_json::Number>(&v.to_segment()).ok().map(Value::Number);
    let set = |map: &mut Map<String, Value>, bound: Bound<&T>, inclusive: &str, exclusive: &str| {
        let (key, value) = match bound {
            Bound::Included(v) => (inclusive, number(v)),
            Bound::Excluded(v) => (exclusive, number(v)),
            Bound::Unbounded => return,
        };
        if let Some(value) = value {
            map.remove(inclusive);
            map.insert(key.into(), value);
        }
    };
    set(map, range.start_bound(), "minimum", "exclusiveMinimum");
    set(map, range.end_bound(), "maximum", "exclusiveMaximum");
}

/// Notes a `#[derive(Segment)]` validation function in `schema`'s description.
pub fn with_validation(schema: &mut Value, function: &str) {
    if let Value::Object(map) = schema {
        map.insert("description".into(), Value::String(format!("checked by `{function}`")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;

    #[test]
    #[allow(clippy::needless_borrow)] // the autoref is what picks the impl
    fn probes_pick_the_schema_or_the_fallback() {
        assert_eq!((&&Probe::<u8>::new()).segment_schema()["maximum"], 255);
        assert_eq!((&&Probe::<Plain>::new()).segment_schema(), json!({ "type": "string" }));
        let mut generator = SchemaGenerator::default();
        assert_eq!((&&Probe::<u32>::new()).body_schema(&mut generator)["type"], "integer");
        assert_eq!((&&Probe::<Plain>::new()).body_schema(&mut generator)["type"], "object");
    }

    #[test]
    fn ranges_become_bounds() {
        let mut s = u8::segment_schema();
        with_range::<u8>(&mut s, 1..=100);
        assert_eq!((s["minimum"].clone(), s["maximum"].clone()), (json!(1), json!(100)));
        let mut s = f64::segment_schema();
        with_range::<f64>(&mut s, 0.5..2.0);
        // `2.0` is written as the decimal Rook reads, `2`.
        assert_eq!((s["minimum"].clone(), s["exclusiveMaximum"].clone()), (json!(0.5), json!(2)));
    }
}
