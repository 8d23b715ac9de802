//! The logger [`serve`](super::serve) and [`Server::run`](super::Server::run) install when the
//! application has none.
//!
//! actix-http's HTTP/1.1 dispatcher logs every request it cannot parse (a client's mistake, or
//! an attacker's) as one `ERROR` line: a flood of bad requests would be a flood of errors in a
//! log kept at `warn`. The installed logger logs each of them at `debug` instead, and a `warn`
//! summary (how many) at most once a minute.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use log::{Level, Log, Metadata, Record};

/// Where actix-http's HTTP/1.1 dispatcher logs.
const DISPATCHER: &str = "actix_http::h1::dispatcher";

/// How often the summary of client mistakes may be logged.
const SUMMARY_EVERY: Duration = Duration::from_secs(60);

/// Installs `env_logger` (filter from `RUST_LOG`, default `info`) unless a logger is set
/// already; `log` allows one logger per process, so an application's own stays in place.
pub(crate) fn install() {
    let env = env_logger::Env::default().default_filter_or("info");
    let inner = env_logger::Builder::from_env(env).build();
    // Client mistakes come at `error` and are passed on at `debug`: let `error` through.
    let max = inner.filter().max(log::LevelFilter::Error);
    let logger = Quiet { inner, mistakes: Mutex::new(Mistakes { count: 0, since: None }) };
    // Fails only when a logger is set: then that one is used.
    if log::set_boxed_logger(Box::new(logger)).is_ok() {
        log::set_max_level(max);
    }
}

/// `env_logger` with actix-http's client-mistake errors demoted.
struct Quiet {
    inner: env_logger::Logger,
    mistakes: Mutex<Mistakes>,
}

/// The client mistakes seen since the last summary.
struct Mistakes {
    count: u64,
    /// When the last summary was logged (`None`: never).
    since: Option<Instant>,
}

impl Quiet {
    /// Logs a client mistake at `debug` and, once a minute at most, the summary at `warn`.
    fn mistake(&self, record: &Record<'_>) {
        let demoted = Record::builder()
            .args(*record.args())
            .level(Level::Debug)
            .target(record.target())
            .module_path(record.module_path())
            .file(record.file())
            .line(record.line())
            .build();
        if self.inner.enabled(demoted.metadata()) {
            self.inner.log(&demoted);
        }
        let summary = {
            let mut mistakes = self.mistakes.lock().unwrap_or_else(|e| e.into_inner());
            mistakes.count += 1;
            let due = mistakes.since.is_none_or(|at| at.elapsed() >= SUMMARY_EVERY);
            if due {
                let count = std::mem::take(&mut mistakes.count);
                let window = mistakes.since.map(|at| at.elapsed());
                mistakes.since = Some(Instant::now());
                Some((count, window))
            } else {
                None
            }
        };
        if let Some((count, window)) = summary {
            let over = match window {
                Some(window) => format!(" in the last {} s", window.as_secs()),
                None => String::new(),
            };
            log::warn!(
                target: "rook::serve",
                "{count} invalid HTTP/1.1 request(s){over} (each logged at debug, target {DISPATCHER}; this summary at most once a minute)"
            );
        }
    }
}

impl Log for Quiet {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        (metadata.target() == DISPATCHER && metadata.level() == Level::Error) || self.inner.enabled(metadata)
    }

    fn log(&self, record: &Record<'_>) {
        if record.target() == DISPATCHER && record.level() == Level::Error {
            let text = record.args().to_string();
            if text.starts_with("stream error") {
                return self.mistake(record);
            }
        }
        if self.inner.enabled(record.metadata()) {
            self.inner.log(record);
        }
    }

    fn flush(&self) {
        self.inner.flush();
    }
}
