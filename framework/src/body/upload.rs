//! [`Upload`]: a file part of a `multipart/form-data` body.

use std::fmt;

use actix_web::web::Bytes;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

/// A file uploaded in a `multipart/form-data` body: a field of this type in `T` of `Body<T>`
/// receives the part of that name that carries a `filename`.
///
/// A file input left empty by the browser (empty file name and no content) counts as absent,
/// so `Option<Upload>` is `None` for it. `Vec<Upload>` collects every file of that name.
///
/// ```
/// use rook::{Body, Upload};
/// use actix_web::{web, App, test};
///
/// #[derive(serde::Deserialize)]
/// struct Form { title: String, file: Upload }
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = test::init_service(App::new().route("/", web::post().to(|form: Body<Form>| async move {
///     let Form { title, file } = form.into_inner();
///     format!("{title}: {} ({} bytes)", file.file_name, file.bytes.len())
/// }))).await;
/// let body = "--X\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nNotes\r\n\
///             --X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
///             Content-Type: text/plain\r\n\r\nhello\r\n--X--\r\n";
/// let req = test::TestRequest::post().uri("/")
///     .insert_header(("Content-Type", "multipart/form-data; boundary=X"))
///     .set_payload(body).to_request();
/// assert_eq!(test::call_and_read_body(&app, req).await, "Notes: a.txt (5 bytes)");
/// # });
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upload {
    /// The `filename` the client sent (it is the client's word: never use it as a path as-is).
    pub file_name: String,
    /// The part's `Content-Type`, if it had one.
    pub content_type: Option<String>,
    /// The file's content.
    pub bytes: Bytes,
}

/// Field names, shared with the multipart deserializer that presents a file part as a map.
pub(crate) const FIELDS: &[&str] = &["file_name", "content_type", "bytes"];

impl Serialize for Upload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Upload", 3)?;
        s.serialize_field(FIELDS[0], &self.file_name)?;
        s.serialize_field(FIELDS[1], &self.content_type)?;
        s.serialize_field(FIELDS[2], &ByteBuf(&self.bytes))?;
        s.end()
    }
}

/// Serialises bytes as bytes (a plain `&[u8]` would be a sequence of numbers).
struct ByteBuf<'a>(&'a [u8]);

impl Serialize for ByteBuf<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl<'de> Deserialize<'de> for Upload {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Upload", FIELDS, UploadVisitor)
    }
}

struct UploadVisitor;

impl<'de> Visitor<'de> for UploadVisitor {
    type Value = Upload;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a file upload")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Upload, A::Error> {
        let (mut file_name, mut content_type, mut bytes) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "file_name" => file_name = Some(map.next_value()?),
                "content_type" => content_type = Some(map.next_value()?),
                "bytes" => bytes = Some(map.next_value::<OwnedBytes>()?.0),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(Upload {
            file_name: file_name.ok_or_else(|| de::Error::missing_field("file_name"))?,
            content_type: content_type.unwrap_or(None),
            bytes: bytes.ok_or_else(|| de::Error::missing_field("bytes"))?,
        })
    }
}

/// Bytes from any format: a byte buffer (taken without copying), borrowed bytes, or a sequence
/// of numbers (JSON).
struct OwnedBytes(Bytes);

impl<'de> Deserialize<'de> for OwnedBytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_byte_buf(BytesVisitor)
    }
}

struct BytesVisitor;

impl<'de> Visitor<'de> for BytesVisitor {
    type Value = OwnedBytes;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("bytes")
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<OwnedBytes, E> {
        Ok(OwnedBytes(Bytes::from(v)))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<OwnedBytes, E> {
        Ok(OwnedBytes(Bytes::copy_from_slice(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<OwnedBytes, E> {
        Ok(OwnedBytes(Bytes::copy_from_slice(v.as_bytes())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OwnedBytes, A::Error> {
        let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64 * 1024));
        while let Some(byte) = seq.next_element::<u8>()? {
            bytes.push(byte);
        }
        Ok(OwnedBytes(Bytes::from(bytes)))
    }
}
