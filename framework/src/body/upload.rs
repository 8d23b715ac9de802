//! [`Upload`]: a file part of a `multipart/form-data` body.

use std::fmt;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;

use actix_web::web::Bytes;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::spill::{self, Spilled};

/// A file uploaded in a `multipart/form-data` body: a field of this type in `T` of `Body<T>`
/// receives the part of that name that carries a `filename`.
///
/// A file input left empty by the browser (empty file name and no content) counts as absent,
/// so `Option<Upload>` is `None` for it. `Vec<Upload>` collects every file of that name.
///
/// A part larger than [`BodyConfig::spill_threshold`](super::BodyConfig::spill_threshold)
/// (1 MiB by default) is written to a temporary file while it arrives instead of being kept in
/// memory: [`bytes`](Self::bytes) and [`reader`](Self::reader) read it, [`persist`](Self::persist)
/// moves it where it should stay, and it is removed when the `Upload` is dropped.
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
///     format!("{title}: {} ({} bytes)", file.file_name, file.len())
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
#[derive(Debug, Clone, Default)]
pub struct Upload {
    /// The `filename` the client sent (it is the client's word: never use it as a path as-is).
    pub file_name: String,
    /// The part's `Content-Type`, if it had one.
    pub content_type: Option<String>,
    content: Content,
}

/// Where an upload's content is.
#[derive(Debug, Clone)]
enum Content {
    Memory(Bytes),
    /// A temporary file (removed when the last clone of the `Upload` is dropped).
    File(Arc<Spilled>),
}

impl Default for Content {
    fn default() -> Self {
        Content::Memory(Bytes::new())
    }
}

impl PartialEq for Upload {
    /// Same name, type and content (uploads spilled to disk are equal when they share the file).
    fn eq(&self, other: &Upload) -> bool {
        let same_content = match (&self.content, &other.content) {
            (Content::Memory(a), Content::Memory(b)) => a == b,
            (Content::File(a), Content::File(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        self.file_name == other.file_name && self.content_type == other.content_type && same_content
    }
}

impl Eq for Upload {}

impl Upload {
    /// An upload held in memory (for tests, or to build one by hand).
    pub fn new(file_name: impl Into<String>, content_type: Option<String>, bytes: impl Into<Bytes>) -> Upload {
        Upload { file_name: file_name.into(), content_type, content: Content::Memory(bytes.into()) }
    }

    /// The content's length in bytes.
    pub fn len(&self) -> usize {
        match &self.content {
            Content::Memory(bytes) => bytes.len(),
            Content::File(file) => file.len,
        }
    }

    /// Whether the content is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The content, read from the temporary file if the part was spilled to disk.
    pub fn bytes(&self) -> io::Result<Bytes> {
        match &self.content {
            Content::Memory(bytes) => Ok(bytes.clone()),
            Content::File(file) => std::fs::read(&file.path).map(Bytes::from),
        }
    }

    /// A reader over the content (the temporary file itself when the part was spilled).
    pub fn reader(&self) -> io::Result<Box<dyn Read + Send>> {
        match &self.content {
            Content::Memory(bytes) => Ok(Box::new(io::Cursor::new(bytes.clone()))),
            Content::File(file) => Ok(Box::new(std::fs::File::open(&file.path)?)),
        }
    }

    /// The temporary file holding the content, when the part was larger than
    /// [`BodyConfig::spill_threshold`](super::BodyConfig::spill_threshold). It is removed when
    /// the `Upload` (and every clone of it) is dropped, unless [persisted](Self::persist).
    pub fn path(&self) -> Option<&Path> {
        match &self.content {
            Content::Memory(_) => None,
            Content::File(file) => Some(&file.path),
        }
    }

    /// Saves the content as the file `to` (replacing it): a rename of the temporary file when
    /// the part was spilled and `to` is on the same file system (see
    /// [`BodyConfig::temp_dir`](super::BodyConfig::temp_dir)), else a copy.
    pub fn persist(self, to: impl AsRef<Path>) -> io::Result<()> {
        let to = to.as_ref();
        match self.content {
            Content::Memory(bytes) => std::fs::write(to, &bytes),
            Content::File(file) => match Arc::try_unwrap(file) {
                Ok(Spilled { path, .. }) => match path.persist(to) {
                    Ok(()) => Ok(()),
                    // Another file system: copy, and let the temporary file go.
                    Err(e) => std::fs::copy(&e.path, to).map(drop),
                },
                Err(shared) => std::fs::copy(&shared.path, to).map(drop),
            },
        }
    }
}

/// Field names, shared with the multipart deserializer that presents a file part as a map.
pub(crate) const FIELDS: &[&str] = &["file_name", "content_type", "bytes"];

impl Serialize for Upload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Upload", 3)?;
        s.serialize_field(FIELDS[0], &self.file_name)?;
        s.serialize_field(FIELDS[1], &self.content_type)?;
        let bytes = self.bytes().map_err(|e| serde::ser::Error::custom(format_args!("cannot read the upload: {e}")))?;
        s.serialize_field(FIELDS[2], &ByteBuf(&bytes))?;
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
        let (mut file_name, mut content_type, mut content) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "file_name" => file_name = Some(map.next_value()?),
                "content_type" => content_type = Some(map.next_value()?),
                "bytes" => content = Some(map.next_value::<OwnedBytes>()?.0),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(Upload {
            file_name: file_name.ok_or_else(|| de::Error::missing_field("file_name"))?,
            content_type: content_type.unwrap_or(None),
            content: content.ok_or_else(|| de::Error::missing_field("bytes"))?,
        })
    }
}

/// Content from any format: a byte buffer (taken without copying), borrowed bytes, a sequence
/// of numbers (JSON), or a unit standing for a spilled file handed over beside the
/// deserializer (multipart: see `spill.rs`).
struct OwnedBytes(Content);

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
        Ok(OwnedBytes(Content::Memory(Bytes::from(v))))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<OwnedBytes, E> {
        Ok(OwnedBytes(Content::Memory(Bytes::copy_from_slice(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<OwnedBytes, E> {
        Ok(OwnedBytes(Content::Memory(Bytes::copy_from_slice(v.as_bytes()))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<OwnedBytes, E> {
        spill::take()
            .map(|file| OwnedBytes(Content::File(file)))
            .ok_or_else(|| E::invalid_type(de::Unexpected::Unit, &self))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OwnedBytes, A::Error> {
        let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64 * 1024));
        while let Some(byte) = seq.next_element::<u8>()? {
            bytes.push(byte);
        }
        Ok(OwnedBytes(Content::Memory(Bytes::from(bytes))))
    }
}

/// An upload is a file part of a `multipart/form-data` body: a binary string. A form type with
/// an `Upload` field can then `#[derive(JsonSchema)]`, and `Routes::openapi()` documents its
/// body for `multipart/form-data` only (no other media type carries a file).
impl schemars::JsonSchema for Upload {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Upload".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "binary",
            "contentMediaType": "application/octet-stream",
            "description": "A file: a part with a `filename`",
        })
    }
}
