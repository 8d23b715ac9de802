//! docs/bodies.md: the multipart part header limit is exact (16 KiB by default): a header block of
//! exactly the limit is accepted, one byte more is 413, however the body is sliced.

use actix_web::{FromRequest, ResponseError, test, web};
use rook::{Body, Upload};
use serde::Deserialize;

const BOUNDARY: &str = "AaB03x";
const LIMIT: usize = 16 * 1024;

#[derive(Deserialize)]
#[allow(dead_code)] // only whether it parses matters
struct Form {
    file: Upload,
}

/// A body whose one part has a header block of `len` bytes (its lines with their `\r\n`).
fn body(len: usize) -> Vec<u8> {
    let disposition = "Content-Disposition: form-data; name=\"file\"; filename=\"f\"\r\n";
    let pad = len - disposition.len() - "X-Pad: \r\n".len();
    format!("--{BOUNDARY}\r\n{disposition}X-Pad: {}\r\n\r\ncontent\r\n--{BOUNDARY}--\r\n", "p".repeat(pad)).into_bytes()
}

async fn status(data: Vec<u8>, chunk: usize) -> u16 {
    let chunks: Vec<Result<web::Bytes, actix_web::error::PayloadError>> =
        data.chunks(chunk).map(|c| Ok(web::Bytes::copy_from_slice(c))).collect();
    let req = test::TestRequest::post()
        .insert_header(("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}")))
        .to_http_request();
    let stream: std::pin::Pin<
        Box<dyn futures_util::Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>>>,
    > = Box::pin(futures_util::stream::iter(chunks));
    let mut payload = actix_web::dev::Payload::Stream { payload: stream };
    match Body::<Form>::from_request(&req, &mut payload).await {
        Ok(_) => 200,
        Err(e) => e.status_code().as_u16(),
    }
}

#[actix_web::test]
async fn a_header_block_of_the_limit_passes_and_one_byte_more_is_413() {
    for chunk in [1, 100, 4096, 1 << 20] {
        assert_eq!(status(body(LIMIT), chunk).await, 200, "exactly the limit, chunks of {chunk}");
        assert_eq!(status(body(LIMIT + 1), chunk).await, 413, "one byte over, chunks of {chunk}");
    }
    // The case: 17 KiB of part headers.
    assert_eq!(status(body(17 * 1024), 4096).await, 413);
}
