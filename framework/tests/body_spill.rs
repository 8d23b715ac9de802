//! docs/bodies.md: multipart file parts larger than `BodyConfig::spill_threshold` go to a temporary
//! file (in `BodyConfig::temp_dir`) that `Upload` reads or persists; it is removed when the
//! `Upload` is dropped, so no file is left behind after the request.

use std::path::{Path, PathBuf};

use actix_web::{App, test, web};
use rook::{Body, BodyConfig, Upload};
use serde::Deserialize;

const BOUNDARY: &str = "AaB03x";
const THRESHOLD: usize = 64 * 1024;

#[derive(Deserialize)]
struct Form {
    title: String,
    file: Upload,
}

fn multipart(file: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nnotes\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Content that is not all one byte, so that a misplaced chunk would show.
fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect()
}

/// Posts `file` to `path` of an app whose uploads spill into `spill_dir`; returns the answer.
async fn post(spill_dir: &Path, path: &str, file: &[u8], kept: PathBuf) -> String {
    let config = BodyConfig::default().spill_threshold(THRESHOLD).temp_dir(spill_dir);
    let app = test::init_service(
        App::new()
            .app_data(config)
            .app_data(web::Data::new(kept))
            .route(
                "/inspect",
                web::post().to(|form: Body<Form>| async move {
                    let Form { title, file } = form.into_inner();
                    let expected = content(file.len());
                    let spilled = file.path().map(|p| p.exists());
                    let same = file.bytes().unwrap() == expected;
                    let mut read = Vec::new();
                    std::io::Read::read_to_end(&mut file.reader().unwrap(), &mut read).unwrap();
                    format!("{title} {} spilled={spilled:?} same={same} reader={}", file.len(), read == expected)
                }),
            )
            .route(
                "/keep",
                web::post().to(|form: Body<Form>, kept: web::Data<PathBuf>| async move {
                    let file = form.into_inner().file;
                    file.persist(kept.get_ref()).unwrap();
                    "kept"
                }),
            ),
    )
    .await;
    let req = test::TestRequest::post()
        .uri(path)
        .insert_header(("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}")))
        .set_payload(multipart(file))
        .to_request();
    String::from_utf8(test::call_and_read_body(&app, req).await.to_vec()).unwrap()
}

#[actix_web::test]
async fn a_part_over_the_threshold_is_spilled_and_removed_after_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let len = 3 * THRESHOLD + 17;
    let answer = post(dir.path(), "/inspect", &content(len), dir.path().join("unused")).await;
    assert_eq!(answer, format!("notes {len} spilled=Some(true) same=true reader=true"));
    assert_eq!(files_in(dir.path()), Vec::<PathBuf>::new(), "no file is left behind");
}

#[actix_web::test]
async fn a_part_within_the_threshold_stays_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let answer = post(dir.path(), "/inspect", &content(THRESHOLD), dir.path().join("unused")).await;
    assert_eq!(answer, format!("notes {THRESHOLD} spilled=None same=true reader=true"));
    assert_eq!(files_in(dir.path()), Vec::<PathBuf>::new());
}

#[actix_web::test]
async fn a_spilled_part_can_be_persisted() {
    let (spill, keep) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let target = keep.path().join("kept.bin");
    let file = content(2 * THRESHOLD);
    assert_eq!(post(spill.path(), "/keep", &file, target.clone()).await, "kept");
    assert_eq!(std::fs::read(&target).unwrap(), file);
    assert_eq!(files_in(spill.path()), Vec::<PathBuf>::new(), "persisting moved (or copied and removed) it");
}

#[actix_web::test]
async fn a_request_that_fails_after_spilling_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    // A spilled file part, then a part that breaks the body: 400, and the file is gone.
    let mut body = multipart(&content(2 * THRESHOLD));
    body.truncate(body.len() - format!("--{BOUNDARY}--\r\n").len());
    body.extend_from_slice(format!("--{BOUNDARY}\r\nno colon here\r\n\r\nx\r\n--{BOUNDARY}--\r\n").as_bytes());
    let config = BodyConfig::default().spill_threshold(THRESHOLD).temp_dir(dir.path());
    let app =
        test::init_service(App::new().app_data(config).route("/", web::post().to(|_: Body<Form>| async { "parsed" })))
            .await;
    let req = test::TestRequest::post()
        .insert_header(("Content-Type", format!("multipart/form-data; boundary={BOUNDARY}")))
        .set_payload(body)
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), 400);
    assert_eq!(files_in(dir.path()), Vec::<PathBuf>::new());
}
