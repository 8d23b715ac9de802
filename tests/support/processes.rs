//! What the multi-process showcase tests share: a showcase process of their own binary, children
//! reaped however the test ends, and the Debian tools they drive (`redis-server`, `redis-cli`,
//! `nginx`) found or named.

use std::path::{Path, PathBuf};
use std::process::Child;

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
