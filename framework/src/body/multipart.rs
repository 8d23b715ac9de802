//! The built-in `multipart/form-data` parser: multer, fed from actix's payload, with every
//! limit enforced while the body streams in.
//!
//! multer wants a `Send` stream and actix's payload is `!Send`, so a pump reads the payload and
//! hands it over a bounded channel (one slice of at most [`SLICE`] bytes in flight); the pump
//! and the part collector run as one future, so nothing outlives the extractor. multer only
//! pulls when its buffer cannot complete the next step, which is what bounds memory: the bytes
//! pulled since the last step that produced something (a part or part data) are boundary,
//! preamble or part headers, and the [`Meter`] cuts them off past the part header limit.

use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use actix_web::HttpRequest;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::web::Bytes;
use futures_util::future::{Either, select};
use futures_util::{Stream, StreamExt};
use multer::{Constraints, Multipart, SizeLimit};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;

use super::budget::Share;
use super::config::BodyConfig;
use super::error::{BodyError, BodyErrorKind, Limit};
use super::fields::{Fields, Part};
use super::part_headers::PartHeaders;
use super::read::content_length;
use super::spill::{Spill, Stored};

/// Largest slice handed to multer at once; also the slack of the part header limit.
const SLICE: usize = 4 * 1024;

/// RFC 2046 caps boundaries at 70 characters; a longer one is not a browser's.
const MAX_BOUNDARY: usize = 70;

/// Framing around a part's headers besides the boundary itself: `\r\n--` before it, the
/// `\r\n` after it, and the blank line ending the headers.
const FRAMING: usize = 16;

/// Parses a whole `multipart/form-data` body into `T`.
pub(crate) async fn parse<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: Payload,
    config: &BodyConfig,
) -> Result<T, BodyError> {
    let parts = parts(req, payload, config).await?;
    serde_path_to_error::deserialize(Fields::new(parts)).map_err(|e| BodyError::unfit(&e.path().to_string(), e.inner()))
}

/// Reads a whole `multipart/form-data` body into its parts, every limit enforced.
pub(crate) async fn parts(
    req: &HttpRequest,
    payload: Payload,
    config: &BodyConfig,
) -> Result<Vec<(String, Part)>, BodyError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| BodyError::malformed("multipart/form-data without a boundary parameter"))?;
    if boundary.is_empty() || boundary.len() > MAX_BOUNDARY {
        return Err(BodyError::malformed("multipart boundary must be 1 to 70 characters"));
    }
    if content_length(req).is_some_and(|len| len > config.multipart_limit as u64) {
        return Err(BodyError::too_large(Limit::Multipart, config.multipart_limit as u64));
    }
    read_parts(boundary, payload, content_length(req), config).await
}

/// Streams the body through multer and collects its parts.
async fn read_parts(
    boundary: String,
    payload: Payload,
    declared: Option<u64>,
    config: &BodyConfig,
) -> Result<Vec<(String, Part)>, BodyError> {
    let (tx, rx) = mpsc::channel(1);
    let meter = Arc::new(Meter {
        pulled: AtomicU64::new(0),
        mark: AtomicU64::new(0),
        // Only a bound on what multer buffers: the exact limit is `PartHeaders`' in the pump.
        allowance: (config.part_header_limit + 2 * boundary.len() + FRAMING + SLICE) as u64,
    });
    let stream = Metered { rx, meter: Arc::clone(&meter) };
    let boundary_copy = boundary.clone();
    let sizes = SizeLimit::new().whole_stream(config.multipart_limit as u64).per_field(config.part_limit as u64);
    let mut multipart = Multipart::with_constraints(stream, boundary, Constraints::new().size_limit(sizes));

    let headers = PartHeaders::new(&boundary_copy, config.part_header_limit);
    let pump = pin!(pump(payload, tx, headers, config));
    // What the parts hold in memory counts toward the budget of all bodies in flight, until the
    // value is built; a body reserves what it is expected to keep in memory (its declared length,
    // at most a file part's spill threshold) before anything is read.
    let reserve = declared.unwrap_or(0).min(config.spill_threshold as u64) as usize;
    let mut share = Share::new(config.in_flight_limit, reserve)?;
    let collect = pin!(collect(&mut multipart, &meter, &mut share, config));
    match select(pump, collect).await {
        Either::Left((Ok(()), collect)) => collect.await,
        Either::Left((Err(error), _)) => Err(error),
        Either::Right((parts, _)) => parts,
    }
}

/// Moves the payload into the channel in slices, stopping at the whole-body limit.
async fn pump(
    mut payload: Payload,
    tx: mpsc::Sender<Bytes>,
    mut headers: PartHeaders,
    config: &BodyConfig,
) -> Result<(), BodyError> {
    let limit = config.multipart_limit;
    let mut total = 0usize;
    while let Some(chunk) = payload.next().await {
        let mut chunk = chunk.map_err(|e| BodyError::malformed(format_args!("could not read the body: {e}")))?;
        total += chunk.len();
        if total > limit {
            return Err(BodyError::too_large(Limit::Multipart, limit as u64));
        }
        // Every byte is measured before multer sees it: the part header limit is exact.
        if headers.scan(&chunk).is_err() {
            return Err(BodyError::too_large(Limit::PartHeaders, config.part_header_limit as u64));
        }
        while !chunk.is_empty() {
            let slice = chunk.split_to(chunk.len().min(SLICE));
            if tx.send(slice).await.is_err() {
                // multer is done (or failed): the rest of the body is not needed.
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Reads every part, counting them and marking progress for the meter.
async fn collect(
    multipart: &mut Multipart<'_>,
    meter: &Meter,
    share: &mut Share,
    config: &BodyConfig,
) -> Result<Vec<(String, Part)>, BodyError> {
    let error = |e| from_multer(e, config);
    let temp_dir;
    let dir = match &config.temp_dir {
        Some(dir) => dir.as_path(),
        None => {
            temp_dir = std::env::temp_dir();
            temp_dir.as_path()
        }
    };
    let mut parts = Vec::new();
    let mut count = 0usize;
    while let Some(mut field) = multipart.next_field().await.map_err(error)? {
        meter.progress();
        count += 1;
        if count > config.max_parts {
            return Err(BodyError::too_large(Limit::Parts, config.max_parts as u64));
        }
        let name = field.name().ok_or_else(|| BodyError::malformed("a multipart part has no name"))?.to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let part = if let Some(file_name) = file_name {
            // A file part: in memory up to the spill threshold, then in a temporary file.
            let mut spill = Spill::new(config.spill_threshold, dir);
            while let Some(chunk) = field.chunk().await.map_err(error)? {
                meter.progress();
                share.take(chunk.len())?;
                let moved = spill.push(&chunk).map_err(spill_failed)?;
                if spill.in_memory() == 0 {
                    // On disk: the chunk and what moved there are not in memory any more.
                    share.give_back(moved + chunk.len());
                }
            }
            let content = spill.finish().map_err(spill_failed)?;
            // What a browser sends for a file input left empty: as if absent.
            if file_name.is_empty() && matches!(&content, Stored::Memory(bytes) if bytes.is_empty()) {
                continue;
            }
            Part::File { file_name, content_type, content }
        } else {
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(error)? {
                meter.progress();
                share.take(chunk.len())?;
                bytes.extend_from_slice(&chunk);
            }
            Part::Text(
                String::from_utf8(bytes)
                    .map_err(|_| BodyError::malformed(format_args!("multipart part \"{name}\" is not UTF-8 text")))?,
            )
        };
        parts.push((name, part));
    }
    Ok(parts)
}

fn spill_failed(error: std::io::Error) -> BodyError {
    log::error!("could not write an uploaded file part to the temporary directory: {error}");
    BodyError::new(BodyErrorKind::Busy, "the server could not store the uploaded file; retry later")
}

fn from_multer(error: multer::Error, config: &BodyConfig) -> BodyError {
    match error {
        multer::Error::FieldSizeExceeded { limit, field_name: Some(name) } => BodyError::new(
            BodyErrorKind::TooLarge(Limit::Part),
            format!(
                "multipart part \"{name}\" is larger than the part limit of {limit} bytes (BodyConfig::part_limit)"
            ),
        ),
        multer::Error::FieldSizeExceeded { limit, field_name: None } => BodyError::too_large(Limit::Part, limit),
        multer::Error::StreamSizeExceeded { limit } => BodyError::too_large(Limit::Multipart, limit),
        multer::Error::StreamReadFailed(cause) if cause.is::<HeadersTooLong>() => {
            BodyError::too_large(Limit::PartHeaders, config.part_header_limit as u64)
        }
        multer::Error::ReadHeaderFailed(cause) => {
            BodyError::malformed(format_args!("malformed multipart part headers: {cause}"))
        }
        other => BodyError::malformed(format_args!("malformed multipart body: {other}")),
    }
}

/// Bytes handed to multer, and how many of them it had when it last produced something.
struct Meter {
    pulled: AtomicU64,
    mark: AtomicU64,
    /// Most bytes multer may take without producing anything: part headers plus framing.
    allowance: u64,
}

impl Meter {
    fn progress(&self) {
        self.mark.store(self.pulled.load(Ordering::Relaxed), Ordering::Relaxed);
    }
}

/// The stream multer reads: the channel's slices, refused once multer has taken more than the
/// meter's allowance without producing a part or part data.
struct Metered {
    rx: mpsc::Receiver<Bytes>,
    meter: Arc<Meter>,
}

impl Stream for Metered {
    type Item = Result<Bytes, HeadersTooLong>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let next = self.rx.poll_recv(cx);
        if let Poll::Ready(Some(slice)) = &next {
            // multer polls greedily, so only a slice that is really there counts as a pull: it
            // means multer stopped (Pending) on what it had, all of it framing since the mark.
            let meter = &self.meter;
            let idle = meter.pulled.load(Ordering::Relaxed) - meter.mark.load(Ordering::Relaxed);
            if idle > meter.allowance {
                return Poll::Ready(Some(Err(HeadersTooLong)));
            }
            meter.pulled.fetch_add(slice.len() as u64, Ordering::Relaxed);
        }
        next.map(|slice| slice.map(Ok))
    }
}

/// Part headers (or the preamble) went past the part header limit.
#[derive(Debug)]
struct HeadersTooLong;

impl std::fmt::Display for HeadersTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("multipart part headers too long")
    }
}

impl std::error::Error for HeadersTooLong {}
