//! What the multi-process showcase tests share: a showcase process of their own binary, children
//! reaped however the test ends, and the Debian tools they drive (`redis-server`, `redis-cli`,
//! `nginx`) found or named.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A showcase process: `rook::serve` on `PORT`, its chat room on `ROOK_REDIS_URL`.
pub(crate) fn showcase_process() {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    actix_web::rt::System::new().block_on(rook::serve(rook_examples::showcase::app_with_state())).unwrap();
}

/// Kills and reaps a child when dropped, so a failing test leaves nothing running.
pub(crate) struct Reaped(pub(crate) Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The installed tool `name`, from the usual directories or `PATH`; a panic naming the Debian
/// packages (`packages`) when it is missing.
pub(crate) fn binary(name: &str, packages: &str) -> PathBuf {
    let usual = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"].map(PathBuf::from);
    let path = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default();
    if let Some(found) = usual.iter().chain(&path).map(|dir| dir.join(name)).find(|p| Path::new(p).exists()) {
        return found;
    }
    panic!("`{name}` is not installed: this test needs it (Debian: apt-get install {packages})");
}

/// A free port on loopback (free when asked: the OS may give it to another process later).
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A `redis-server` of the test's own, without persistence, on `port`.
pub(crate) struct Redis {
    pub(crate) port: u16,
    server: Option<Reaped>,
}

impl Redis {
    /// Starts it and waits until it answers `PING`.
    pub(crate) fn start(port: u16) -> Redis {
        let server = Command::new(binary("redis-server", REDIS_PACKAGES))
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        let redis = Redis { port, server: Some(Reaped(server)) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while redis.cli(&["PING"]) != "PONG" {
            assert!(Instant::now() < deadline, "redis-server did not answer PING");
            sleep(Duration::from_millis(20));
        }
        redis
    }

    /// What `redis-cli` prints for `args`, trimmed.
    pub(crate) fn cli(&self, args: &[&str]) -> String {
        let out = Command::new(binary("redis-cli", REDIS_PACKAGES))
            .args(["-p", &self.port.to_string()])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Stops it and starts an empty one on the same port.
    #[allow(dead_code)] // chat_redis restarts Redis; live_redis does not
    pub(crate) fn restart(&mut self) {
        drop(self.server.take());
        *self = Redis::start(self.port);
    }
}

/// The Debian packages of `redis-server` and `redis-cli`.
const REDIS_PACKAGES: &str = "redis-server redis-tools";
