//! [`BodyConfig`]: the limits, timeout, parsers and serializers that bodies use.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use actix_web::HttpRequest;

use super::parser::BodyParser;
use crate::media::essence;
use crate::respond::serializer::BodySerializer;

const MIB: usize = 1024 * 1024;

/// Limits, body timeout and custom parsers/serializers for [`Body`](super::Body) and
/// [`Response`](crate::Response), registered with `.app_data(...)` on an `App`, a scope or a
/// resource (the innermost one wins). Without one, the defaults apply.
///
/// | setting | default |
/// |---|---|
/// | [`json_limit`](Self::json_limit), [`form_limit`](Self::form_limit), [`text_limit`](Self::text_limit), [`parser_limit`](Self::parser_limit) | 1 MiB each |
/// | [`multipart_limit`](Self::multipart_limit) (whole body) | 16 MiB |
/// | [`part_limit`](Self::part_limit) (one part) | 8 MiB |
/// | [`max_parts`](Self::max_parts) | 128 |
/// | [`part_header_limit`](Self::part_header_limit) | 16 KiB |
/// | [`timeout`](Self::timeout) (whole body) | 30 s |
/// | [`in_flight_limit`](Self::in_flight_limit) (all bodies being read at once) | 256 MiB |
/// | [`spill_threshold`](Self::spill_threshold) (file parts kept in memory) | 1 MiB |
/// | [`temp_dir`](Self::temp_dir) (where larger file parts go) | [`std::env::temp_dir`] |
///
/// ```
/// use std::time::Duration;
/// use rook::BodyConfig;
///
/// let app = actix_web::App::new().app_data(
///     BodyConfig::default()
///         .json_limit(64 * 1024)
///         .multipart_limit(100 * 1024 * 1024)
///         .timeout(Duration::from_secs(10)),
/// );
/// # drop(app);
/// ```
#[derive(Clone)]
pub struct BodyConfig {
    pub(crate) json_limit: usize,
    pub(crate) form_limit: usize,
    pub(crate) text_limit: usize,
    pub(crate) parser_limit: usize,
    pub(crate) multipart_limit: usize,
    pub(crate) part_limit: usize,
    pub(crate) max_parts: usize,
    pub(crate) part_header_limit: usize,
    pub(crate) timeout: Duration,
    pub(crate) in_flight_limit: usize,
    pub(crate) spill_threshold: usize,
    pub(crate) temp_dir: Option<PathBuf>,
    parsers: Vec<(String, Arc<dyn BodyParser>)>,
    serializers: Vec<(String, Arc<dyn BodySerializer>)>,
}

impl Default for BodyConfig {
    fn default() -> Self {
        BodyConfig {
            json_limit: MIB,
            form_limit: MIB,
            text_limit: MIB,
            parser_limit: MIB,
            multipart_limit: 16 * MIB,
            part_limit: 8 * MIB,
            max_parts: 128,
            part_header_limit: 16 * 1024,
            timeout: Duration::from_secs(30),
            in_flight_limit: 256 * MIB,
            spill_threshold: MIB,
            temp_dir: None,
            parsers: Vec::new(),
            serializers: Vec::new(),
        }
    }
}

static DEFAULT: LazyLock<BodyConfig> = LazyLock::new(BodyConfig::default);

impl BodyConfig {
    /// The configuration that applies to `req`: the innermost registered one, else the defaults.
    pub fn of(req: &HttpRequest) -> &BodyConfig {
        req.app_data::<BodyConfig>().unwrap_or(&DEFAULT)
    }

    /// Largest `application/json` / `application/*+json` body, in bytes.
    pub fn json_limit(mut self, bytes: usize) -> Self {
        self.json_limit = bytes;
        self
    }

    /// Largest `application/x-www-form-urlencoded` body, in bytes.
    pub fn form_limit(mut self, bytes: usize) -> Self {
        self.form_limit = bytes;
        self
    }

    /// Largest `text/plain` body, in bytes.
    pub fn text_limit(mut self, bytes: usize) -> Self {
        self.text_limit = bytes;
        self
    }

    /// Largest body handed to a custom [`BodyParser`], in bytes.
    pub fn parser_limit(mut self, bytes: usize) -> Self {
        self.parser_limit = bytes;
        self
    }

    /// Largest whole `multipart/form-data` body, in bytes (preamble and framing included).
    pub fn multipart_limit(mut self, bytes: usize) -> Self {
        self.multipart_limit = bytes;
        self
    }

    /// Largest content of one multipart part, in bytes.
    pub fn part_limit(mut self, bytes: usize) -> Self {
        self.part_limit = bytes;
        self
    }

    /// Most parts in one multipart body.
    pub fn max_parts(mut self, parts: usize) -> Self {
        self.max_parts = parts;
        self
    }

    /// Longest header block of one multipart part, in bytes (its header lines with their
    /// `\r\n`, without the blank line that ends them); a preamble before the first boundary
    /// counts toward the first part's. Enforced exactly while streaming: the first byte past the
    /// limit is refused.
    pub fn part_header_limit(mut self, bytes: usize) -> Self {
        self.part_header_limit = bytes;
        self
    }

    /// How long the whole body may take to arrive, from the moment the extractor starts
    /// reading it. A body still incomplete then is answered **408** and its connection closed.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Most bytes that all request bodies being read at once may hold in memory, together (a
    /// process-wide budget; each request is measured against the limit of its own config). A
    /// body that would take them past it is answered **503** with `Retry-After: 1`. Multipart
    /// file parts spilled to disk ([`spill_threshold`](Self::spill_threshold)) hold only what is
    /// still in memory.
    pub fn in_flight_limit(mut self, bytes: usize) -> Self {
        self.in_flight_limit = bytes;
        self
    }

    /// Multipart file parts larger than this many bytes are written to a temporary file (in
    /// [`temp_dir`](Self::temp_dir)) instead of memory; the [`Upload`](super::Upload) reads or
    /// persists it, and the file is removed when the `Upload` is dropped.
    pub fn spill_threshold(mut self, bytes: usize) -> Self {
        self.spill_threshold = bytes;
        self
    }

    /// The directory for spilled multipart file parts (default: the system's temporary
    /// directory). Put it on the file system where uploads are persisted, so that
    /// [`Upload::persist`](super::Upload::persist) is a rename.
    pub fn temp_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.temp_dir = Some(dir.into());
        self
    }

    /// Uses `parser` for request bodies of `media_type` (`type/subtype`, case-insensitive,
    /// parameters ignored), before the built-in parsers. A later registration for the same media
    /// type replaces an earlier one.
    pub fn parser(mut self, media_type: &str, parser: impl BodyParser) -> Self {
        insert(&mut self.parsers, media_type, Arc::new(parser));
        self
    }

    /// Uses `serializer` for responses built with [`content`](crate::content) for `media_type`
    /// (`type/subtype`, case-insensitive, parameters ignored), before the built-in serializers.
    pub fn serializer(mut self, media_type: &str, serializer: impl BodySerializer) -> Self {
        insert(&mut self.serializers, media_type, Arc::new(serializer));
        self
    }

    /// The registered parser for a media type essence (lowercase `type/subtype`).
    pub(crate) fn parser_for(&self, essence: &str) -> Option<&dyn BodyParser> {
        lookup(&self.parsers, essence)
    }

    /// The registered serializer for a media type essence (lowercase `type/subtype`).
    pub(crate) fn serializer_for(&self, essence: &str) -> Option<&dyn BodySerializer> {
        lookup(&self.serializers, essence)
    }

    /// The media types with a registered parser, in registration order.
    pub(crate) fn parser_types(&self) -> impl Iterator<Item = &str> {
        self.parsers.iter().map(|(media, _)| media.as_str())
    }
}

fn insert<P: ?Sized>(list: &mut Vec<(String, Arc<P>)>, media_type: &str, item: Arc<P>) {
    let essence = essence(media_type);
    list.retain(|(media, _)| *media != essence);
    list.push((essence, item));
}

fn lookup<'a, P: ?Sized>(list: &'a [(String, Arc<P>)], essence: &str) -> Option<&'a P> {
    list.iter().find(|(media, _)| media == essence).map(|(_, item)| &**item)
}
