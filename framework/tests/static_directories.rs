//! docs/static.md, directories: `/docs` → **308** to `/docs/` (query kept), `/docs/` → its index or
//! **404**, a trailing slash after a file → **404**, other empty segments **403**; and a missing
//! base is logged once, naming its absolute path. Over raw TCP, through Rook's router.

#[path = "support/server.rs"]
mod server;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use actix_web::{HttpRequest, HttpResponse, Responder, web};
use rook::StaticError;
use rook::prelude::*;
use server::Server;

fn routes() -> Routes {
    route! {
        get "docs" / ..path, root: Data<PathBuf> => static_dir(root.join("docs"), &path).index("index.html").await,
        get "bare" / ..path, root: Data<PathBuf> => static_dir(root.join("docs"), &path).await,
        get "gone" / ..path, root: Data<PathBuf> => static_dir(root.join("no-such-base"), &path).index("index.html").await,
    }
}

/// `tmp/docs/{index.html, a.txt, guide/{index.html, page.html}, empty/, a b:c/index.html}`.
fn tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let w = |name: &str, body: &str| {
        let p = tmp.path().join("docs").join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, body).unwrap();
    };
    w("index.html", "<h1>docs</h1>");
    w("a.txt", "a file");
    w("guide/index.html", "<a href=\"page.html\">page</a>");
    w("guide/page.html", "<p>page</p>");
    w("a b:c/index.html", "<p>odd name</p>");
    fs::create_dir(tmp.path().join("docs/empty")).unwrap();
    tmp
}

/// [`routes`] serving a fresh [`tree`].
fn start() -> (Server, tempfile::TempDir) {
    let tmp = tree();
    let data = Data::new(tmp.path().to_path_buf());
    let server = Server::start(move |cfg| {
        cfg.service(routes().app_data(data.clone()));
    });
    (server, tmp)
}

#[test]
fn a_directory_without_its_slash_is_redirected_with_the_query_kept() {
    let (server, _tmp) = start();
    for (target, location) in [
        ("/docs/guide", "/docs/guide/"),
        ("/docs/guide?x=1&y=a%20b", "/docs/guide/?x=1&y=a%20b"),
        ("/docs/guide?", "/docs/guide/?"),
        ("/docs/empty", "/docs/empty/"),
        ("/docs/a%20b:c", "/docs/a%20b:c/"),
    ] {
        let res = server.get(target);
        assert_eq!(res.status, 308, "{target}: {:?}", res.text());
        assert_eq!(res.header("location"), Some(location), "{target}");
        assert_eq!(res.header("content-type"), Some("text/plain; charset=utf-8"), "{target}");
        assert!(res.body.len() < 200, "{target}: a short body");
    }
    // Where the redirect leads is served: the index, whose relative link then resolves.
    let index = server.get("/docs/guide/");
    assert_eq!((index.status, index.text().as_str()), (200, "<a href=\"page.html\">page</a>"));
    assert_eq!(server.get("/docs/guide/page.html").status, 200);
    assert_eq!(server.get("/docs/a%20b:c/").text(), "<p>odd name</p>");
    // The base itself, named without its slash (no segments after the route's literals).
    let base = server.get("/docs?x=1");
    assert_eq!((base.status, base.header("location")), (308, Some("/docs/?x=1")));
    assert_eq!(server.get("/docs/").text(), "<h1>docs</h1>");
    // HEAD is redirected the same way.
    let head = server.request("HEAD", "/docs/guide?q=1", &[]);
    assert_eq!((head.status, head.header("location")), (308, Some("/docs/guide/?q=1")));
}

#[test]
fn trailing_slashes_and_empty_segments() {
    let (server, _tmp) = start();
    for (target, status, body) in [
        // The base itself: its index with the trailing slash; without it, a redirect (below).
        ("/docs/", 200, Some("<h1>docs</h1>")),
        ("/docs/guide/", 200, Some("<a href=\"page.html\">page</a>")),
        // A directory without an index.
        ("/docs/empty/", 404, Some("not found")),
        // A trailing slash after a file, or after something missing.
        ("/docs/a.txt/", 404, Some("not found")),
        ("/docs/guide/page.html/", 404, Some("not found")),
        ("/docs/missing/", 404, Some("not found")),
        ("/docs/a.txt", 200, Some("a file")),
        // Any other empty segment is refused before the disk is touched.
        ("/docs//", 403, Some("empty path segment is not allowed")),
        ("/docs/guide//", 403, None),
        ("/docs//guide/", 403, None),
        ("/docs//a.txt", 403, None),
        // `..` stays refused, slash or not.
        ("/docs/guide/../", 403, None),
        ("/docs/../", 403, None),
        // Dot-files stay hidden with a trailing slash too.
        ("/docs/.git/", 404, None),
    ] {
        let res = server.get(target);
        assert_eq!(res.status, status, "{target}: {:?}", res.text());
        assert_eq!(res.header("location"), None, "{target}");
        if let Some(body) = body {
            assert_eq!(res.text(), body, "{target}");
        }
    }
}

#[test]
fn with_no_index_configured_a_directory_is_not_found_not_redirected() {
    let (server, _tmp) = start();
    for target in ["/bare/guide", "/bare/guide/", "/bare", "/bare/"] {
        let res = server.get(target);
        assert_eq!((res.status, res.header("location")), (404, None), "{target}");
    }
    assert_eq!(server.get("/bare/guide/page.html").status, 200);
}

/// Outside Rook's router the request is unknown to the error, so `Location` is the relative
/// reference to the same place (without the query).
#[test]
fn a_plain_actix_handler_gets_a_relative_location() {
    async fn plain(req: HttpRequest, root: web::Data<PathBuf>) -> HttpResponse {
        let Ok(decoded) = rook::split_decode(req.path()) else {
            return HttpResponse::BadRequest().finish();
        };
        let segments: Vec<String> = decoded.iter().map(|s| s.to_string()).collect();
        let served = static_dir(root.join("docs"), &segments).index("index.html").await;
        served.respond_to(&req).map_into_boxed_body()
    }
    let tmp = tree();
    let data = web::Data::new(tmp.path().to_path_buf());
    let server = Server::start(move |cfg| {
        cfg.app_data(data.clone()).default_service(web::to(plain));
    });
    let res = server.get("/guide?x=1");
    assert_eq!((res.status, res.header("location")), (308, Some("guide/")));
    let res = server.get("/a%20b:c");
    assert_eq!((res.status, res.header("location")), (308, Some("a%20b%3Ac/")));
}

/// Every record logged at `warn` or above, as `LEVEL message`.
static LOGGED: Mutex<Vec<String>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, meta: &log::Metadata<'_>) -> bool {
        meta.level() <= log::Level::Warn
    }
    fn log(&self, record: &log::Record<'_>) {
        if self.enabled(record.metadata()) {
            let line = format!("{} {}", record.level(), record.args());
            LOGGED.lock().unwrap().push(line);
        }
    }
    fn flush(&self) {}
}

#[test]
fn a_missing_base_is_logged_once_with_its_absolute_path() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Warn);
    let (server, tmp) = start();
    for target in ["/gone/a.txt", "/gone/", "/gone", "/gone/x/y"] {
        assert_eq!(server.get(target).status, 404, "{target}");
    }
    let missing: &Path = &tmp.path().join("no-such-base");
    assert!(missing.is_absolute());
    let about_it: Vec<String> =
        LOGGED.lock().unwrap().iter().filter(|line| line.contains(missing.to_str().unwrap())).cloned().collect();
    assert_eq!(
        about_it,
        [format!(
            "WARN static_dir: the base directory {} does not exist; every request for it is 404",
            missing.display()
        )]
    );

    // A relative base is named by its absolute path.
    let relative = format!("no-such-relative-base-{}", std::process::id());
    let served = actix_web::rt::System::new().block_on(async { static_dir(&relative, &["x".to_string()]).await });
    assert_eq!(served.unwrap_err(), StaticError::NotFound);
    let absolute = std::env::current_dir().unwrap().join(&relative);
    let logged = LOGGED.lock().unwrap();
    assert!(
        logged
            .iter()
            .any(|line| line.ends_with(&format!("{} does not exist; every request for it is 404", absolute.display()))),
        "{logged:?}"
    );
}

/// Issue 24 point 9: with no segments the base itself is meant; under the router a path without
/// its trailing slash is redirected, and `/` (which ends with one) is the root slurpy's index.
#[test]
fn the_base_itself_is_its_index_at_root_and_redirected_without_a_slash() {
    let tmp = tree();
    let data = Data::new(tmp.path().join("docs"));
    let server = Server::start(move |cfg| {
        let root = route! {
            get ..path, root: Data<PathBuf> => static_dir(root.as_ref(), &path).index("index.html").await,
        };
        cfg.service(root.app_data(data.clone()));
    });
    assert_eq!(server.get("/").text(), "<h1>docs</h1>");
    let guide = server.get("/guide");
    assert_eq!((guide.status, guide.header("location")), (308, Some("/guide/")));
}
