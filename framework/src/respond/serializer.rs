//! [`BodySerializer`]: how a value given to [`content`](crate::content) becomes response bytes,
//! and the built-in serializers (JSON, urlencoded, text, raw bytes).

use std::error::Error as StdError;
use std::fmt;

use serde::ser::{self, Impossible, Serialize, SerializeSeq, Serializer};

use crate::media::is_json;

/// The value handed to a [`BodySerializer`]: any `Serialize` type, type-erased. It implements
/// [`serde::Serialize`], so pass it to any serde format (`serde_json::to_vec(value)`).
pub use erased_serde::Serialize as ErasedSerialize;

/// The error a serializer returns; the response becomes a **500** and the error is logged.
pub type SerializeError = Box<dyn StdError + Send + Sync>;

/// A response-body serializer for one or more media types, registered per media type with
/// [`BodyConfig::serializer`]; registered serializers are used before the built-in ones.
///
/// Built-in: `application/json` and `application/*+json` take any `Serialize`;
/// `application/x-www-form-urlencoded` takes maps and structs; `text/*` takes strings (and
/// the response gets `; charset=utf-8`); `application/octet-stream` — and any other media
/// type without a serializer — takes bytes (`Vec<u8>`, `Bytes`, `&[u8]`) or strings.
///
/// ```
/// use rook::{BodyConfig, BodySerializer, content};
/// use rook::{ErasedSerialize, SerializeError};
/// use actix_web::{web, App, test};
///
/// /// `text/csv`: a list of rows, each a list of cells.
/// struct Csv;
///
/// impl BodySerializer for Csv {
///     fn serialize(&self, value: &dyn ErasedSerialize) -> Result<Vec<u8>, SerializeError> {
///         let rows: Vec<Vec<String>> = serde_json::from_value(serde_json::to_value(value)?)?;
///         let lines: Vec<String> = rows.iter().map(|row| row.join(",")).collect();
///         Ok(lines.join("\n").into_bytes())
///     }
/// }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(
///     App::new()
///         .app_data(BodyConfig::default().serializer("text/csv", Csv))
///         .route("/", web::get().to(|| async { content("text/csv", vec![vec!["a", "b"], vec!["c", "d"]]) })),
/// ).await;
/// let res = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
/// assert_eq!(res.headers().get("content-type").unwrap(), "text/csv; charset=utf-8");
/// assert_eq!(test::read_body(res).await, "a,b\nc,d");
/// # });
/// ```
pub trait BodySerializer: Send + Sync + 'static {
    /// Serialises `value` into the bytes of a response body.
    fn serialize(&self, value: &dyn ErasedSerialize) -> Result<Vec<u8>, SerializeError>;
}

/// The built-in serializer for a media type essence.
pub(crate) fn builtin(essence: &str) -> &'static dyn BodySerializer {
    if is_json(essence) {
        &Json
    } else if essence == "application/x-www-form-urlencoded" {
        &Form
    } else if essence.starts_with("text/") {
        &Raw { bytes: false }
    } else {
        &Raw { bytes: true }
    }
}

/// `application/json`, `application/*+json`: any `Serialize`.
struct Json;

impl BodySerializer for Json {
    fn serialize(&self, value: &dyn ErasedSerialize) -> Result<Vec<u8>, SerializeError> {
        Ok(serde_json::to_vec(value)?)
    }
}

/// `application/x-www-form-urlencoded`: maps and structs of scalars.
struct Form;

impl BodySerializer for Form {
    fn serialize(&self, value: &dyn ErasedSerialize) -> Result<Vec<u8>, SerializeError> {
        Ok(serde_urlencoded::to_string(value)?.into_bytes())
    }
}

/// Text (strings only) or raw bytes (bytes, byte sequences or strings), passed through as is.
struct Raw {
    bytes: bool,
}

impl BodySerializer for Raw {
    fn serialize(&self, value: &dyn ErasedSerialize) -> Result<Vec<u8>, SerializeError> {
        Ok(value.serialize(RawSerializer { bytes: self.bytes })?)
    }
}

/// Why a value could not be serialised as text or raw bytes.
#[derive(Debug)]
struct RawError(String);

impl fmt::Display for RawError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for RawError {}

impl ser::Error for RawError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        RawError(msg.to_string())
    }
}

/// Rejects the methods of `$ser` that serialise a value the format does not take.
macro_rules! reject {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::Ok, RawError> {
            Err(self.refuse())
        }
    )*};
}

/// Every scalar kind that neither text nor bytes take (besides what each serializer accepts).
macro_rules! reject_common {
    () => {
        reject! {
            serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
            serialize_i64(i64), serialize_i128(i128), serialize_u16(u16), serialize_u32(u32),
            serialize_u64(u64), serialize_u128(u128), serialize_f32(f32), serialize_f64(f64),
            serialize_unit_struct(&'static str),
            serialize_unit_variant(&'static str, u32, &'static str),
        }

        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<Self::Ok, RawError> {
            Err(self.refuse())
        }

        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, RawError> {
            Err(self.refuse())
        }

        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, RawError> {
            Err(self.refuse())
        }

        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, RawError> {
            Err(self.refuse())
        }

        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, RawError> {
            Err(self.refuse())
        }

        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, RawError> {
            Err(self.refuse())
        }

        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, RawError> {
            Err(self.refuse())
        }
    };
}

/// Serialises strings (and, when `bytes`, byte strings and sequences of `u8`) to their bytes.
#[derive(Clone, Copy)]
struct RawSerializer {
    bytes: bool,
}

impl RawSerializer {
    fn refuse(self) -> RawError {
        RawError(if self.bytes { "expected bytes or a string" } else { "expected a string" }.to_owned())
    }
}

impl Serializer for RawSerializer {
    type Ok = Vec<u8>;
    type Error = RawError;
    type SerializeSeq = ByteSeq;
    type SerializeTuple = Impossible<Vec<u8>, RawError>;
    type SerializeTupleStruct = Impossible<Vec<u8>, RawError>;
    type SerializeTupleVariant = Impossible<Vec<u8>, RawError>;
    type SerializeMap = Impossible<Vec<u8>, RawError>;
    type SerializeStruct = Impossible<Vec<u8>, RawError>;
    type SerializeStructVariant = Impossible<Vec<u8>, RawError>;

    fn serialize_str(self, v: &str) -> Result<Vec<u8>, RawError> {
        Ok(v.as_bytes().to_vec())
    }

    fn serialize_char(self, v: char) -> Result<Vec<u8>, RawError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Vec<u8>, RawError> {
        if self.bytes { Ok(v.to_vec()) } else { Err(self.refuse()) }
    }

    fn serialize_u8(self, _: u8) -> Result<Vec<u8>, RawError> {
        Err(self.refuse())
    }

    fn serialize_none(self) -> Result<Vec<u8>, RawError> {
        Ok(Vec::new())
    }

    fn serialize_unit(self) -> Result<Vec<u8>, RawError> {
        Ok(Vec::new())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Vec<u8>, RawError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<Vec<u8>, RawError> {
        value.serialize(self)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<ByteSeq, RawError> {
        if self.bytes { Ok(ByteSeq(Vec::with_capacity(len.unwrap_or(0)))) } else { Err(self.refuse()) }
    }

    reject_common!();
}

/// A `Vec<u8>` (which serde sees as a sequence of numbers) collected back into bytes.
struct ByteSeq(Vec<u8>);

impl SerializeSeq for ByteSeq {
    type Ok = Vec<u8>;
    type Error = RawError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), RawError> {
        self.0.push(value.serialize(Byte)?);
        Ok(())
    }

    fn end(self) -> Result<Vec<u8>, RawError> {
        Ok(self.0)
    }
}

/// Accepts exactly one `u8`.
#[derive(Clone, Copy)]
struct Byte;

impl Byte {
    fn refuse(self) -> RawError {
        RawError("expected bytes: a sequence of u8".to_owned())
    }
}

impl Serializer for Byte {
    type Ok = u8;
    type Error = RawError;
    type SerializeSeq = Impossible<u8, RawError>;
    type SerializeTuple = Impossible<u8, RawError>;
    type SerializeTupleStruct = Impossible<u8, RawError>;
    type SerializeTupleVariant = Impossible<u8, RawError>;
    type SerializeMap = Impossible<u8, RawError>;
    type SerializeStruct = Impossible<u8, RawError>;
    type SerializeStructVariant = Impossible<u8, RawError>;

    fn serialize_u8(self, v: u8) -> Result<u8, RawError> {
        Ok(v)
    }

    reject! {
        serialize_str(&str), serialize_char(char), serialize_bytes(&[u8]), serialize_none(),
        serialize_unit(),
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<u8, RawError> {
        Err(self.refuse())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<u8, RawError> {
        Err(self.refuse())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, RawError> {
        Err(self.refuse())
    }

    reject_common!();
}
