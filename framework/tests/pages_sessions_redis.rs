//! Sessions in Redis (`SessionConfig::redis`, feature `redis`) against a real `redis-server`
//! started on a free port: the cookie holds only the sealed id, the data lives under
//! `rook:session:{ID}` with a TTL, no 4 KiB limit, rotation and clearing remove the old key,
//! two apps on one Redis share sessions, and a Redis that is down is a 503.
//! Needs `redis-server` and `redis-cli` (Debian: `apt-get install redis-server redis-tools`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use actix_web::App;
use actix_web::dev::ServiceResponse;
use actix_web::test::{self, TestRequest};
use rook::SessionConfig;
use rook::prelude::*;
use serde::{Deserialize, Serialize};

fn binary(name: &str) -> PathBuf {
    for dir in ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"] {
        if Path::new(dir).join(name).exists() {
            return Path::new(dir).join(name);
        }
    }
    panic!(
        "`{name}` is not installed: this test needs redis-server and redis-cli (Debian: apt-get install redis-server redis-tools)"
    );
}

/// A `redis-server` of this test's own, stopped when dropped.
struct Redis {
    port: u16,
    server: Child,
}

impl Redis {
    fn start() -> Redis {
        // The probe is closed before the server binds the port.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        Redis::start_on(port)
    }

    fn start_on(port: u16) -> Redis {
        let server = Command::new(binary("redis-server"))
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        let redis = Redis { port, server };
        let deadline = Instant::now() + Duration::from_secs(10);
        while redis.cli(&["PING"]) != "PONG" {
            assert!(Instant::now() < deadline, "redis-server did not answer PING");
            sleep(Duration::from_millis(20));
        }
        redis
    }

    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(binary("redis-cli")).args(["-p", &self.port.to_string()]).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> =
            self.cli(&["KEYS", "rook:session:*"]).lines().map(str::to_owned).filter(|k| !k.is_empty()).collect();
        keys.sort();
        keys
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

#[derive(Serialize, Deserialize, Default)]
struct Notes {
    user: Option<String>,
    notes: Vec<String>,
}

fn app(url: &str) -> Routes {
    let _ = rook::session::set_secret_key(&[5; 64]);
    route! {
        get "notes", session s: Session<Notes> => format!("{:?} {}", s.user, s.notes.iter().map(String::len).sum::<usize>()),
        post "note" / size: usize, session s: Session<Notes> => {
            let mut s = s;
            s.notes.push("n".repeat(size));
            "noted"
        },
        post "login" / name: String, session s: Session<Notes> => {
            let mut s = s;
            s.user = Some(name);
            s.rotate();
            "signed in"
        },
        post "logout", session s: Session<Notes> => {
            let mut s = s;
            s.clear();
            "signed out"
        },
    }
    .app_data(SessionConfig::default().max_age(Duration::from_secs(600)).redis(url).unwrap())
}

fn cookie(res: &ServiceResponse) -> String {
    let set = res.headers().get("set-cookie").expect("a Set-Cookie").to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

async fn text(res: ServiceResponse) -> String {
    String::from_utf8(test::read_body(res).await.to_vec()).unwrap()
}

fn with(req: TestRequest, cookie: &str) -> actix_http::Request {
    req.insert_header(("Cookie", cookie.to_owned())).to_request()
}

#[actix_web::test]
async fn the_data_lives_in_redis_and_the_cookie_holds_the_sealed_id() {
    let redis = Redis::start();
    let app = test::init_service(App::new().service(app(&redis.url()))).await;
    let res = test::call_service(&app, TestRequest::post().uri("/note/10000").to_request()).await;
    assert_eq!(res.status(), 200, "no 4 KiB limit in Redis");
    let first = cookie(&res);
    assert!(first.len() < 200, "{first}");
    let keys = redis.keys();
    assert_eq!(keys.len(), 1, "{keys:?}");
    let ttl: u64 = redis.cli(&["TTL", &keys[0]]).parse().unwrap();
    assert!((590..=600).contains(&ttl), "{ttl}");
    assert!(!first.contains(keys[0].trim_start_matches("rook:session:")), "the id is sealed");
    let res = test::call_service(&app, with(TestRequest::get().uri("/notes"), &first)).await;
    assert_eq!(text(res).await, "None 10000");

    // Another app (another process) on the same Redis and key sees the same session.
    let other = test::init_service(App::new().service(self::app(&redis.url()))).await;
    let res = test::call_service(&other, with(TestRequest::post().uri("/note/5"), &first)).await;
    assert_eq!(res.status(), 200);
    let res = test::call_service(&app, with(TestRequest::get().uri("/notes"), &first)).await;
    assert_eq!(text(res).await, "None 10005");

    // Rotation moves the session to a new key and removes the old one.
    let res = test::call_service(&app, with(TestRequest::post().uri("/login/ada"), &first)).await;
    let rotated = cookie(&res);
    assert_ne!(rotated, first);
    let after = redis.keys();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_ne!(after, keys);
    let res = test::call_service(&app, with(TestRequest::get().uri("/notes"), &rotated)).await;
    assert_eq!(text(res).await, "Some(\"ada\") 10005");
    let res = test::call_service(&app, with(TestRequest::get().uri("/notes"), &first)).await;
    assert_eq!(text(res).await, "None 0", "the old id is worth nothing after rotation");

    // Clearing removes the key and the cookie.
    let res = test::call_service(&app, with(TestRequest::post().uri("/logout"), &rotated)).await;
    assert!(res.headers().get("set-cookie").unwrap().to_str().unwrap().contains("Max-Age=0"));
    assert!(redis.keys().is_empty(), "{:?}", redis.keys());
    // A tampered cookie is an empty session.
    let res = test::call_service(&app, with(TestRequest::get().uri("/notes"), "rook_session=AAAA")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(text(res).await, "None 0");
}

#[actix_web::test]
async fn a_redis_that_is_down_is_a_503_and_one_that_returns_is_used_again() {
    let redis = Redis::start();
    let url = redis.url();
    let app = test::init_service(App::new().service(app(&url))).await;
    let res = test::call_service(&app, TestRequest::post().uri("/note/3").to_request()).await;
    let first = cookie(&res);
    let port = redis.port;
    drop(redis);
    let res = test::call_service(&app, with(TestRequest::get().uri("/notes"), &first)).await;
    assert_eq!(res.status(), 503);
    assert_eq!(text(res).await, "session store unavailable");
    // No cookie, nothing to load: the session is empty, and writing it fails.
    let res = test::call_service(&app, TestRequest::post().uri("/note/3").to_request()).await;
    assert_eq!(res.status(), 503);
    assert!(res.headers().get("set-cookie").is_none());
    // Back on the same port (empty): the old id names nothing, a new session works.
    let _redis = Redis::start_on(port);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let res = test::call_service(&app, with(TestRequest::get().uri("/notes"), &first)).await;
        if res.status() == 200 {
            assert_eq!(text(res).await, "None 0");
            break;
        }
        assert!(Instant::now() < deadline, "the store did not recover");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
}
