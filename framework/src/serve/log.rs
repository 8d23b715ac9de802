//! The logger [`serve`](super::serve) and [`Server::run`](super::Server::run) install when the
//! application has none.
//!
//! actix-http's HTTP/1.1 dispatcher logs every request it cannot parse (a client's mistake, or
//! an attacker's) as one `ERROR` line: a flood of bad requests would be a flood of errors in a
//! log kept at `warn`. The installed logger logs each of them at `debug` instead, and a `warn`
//! summary (how many) at most once a minute.
//!
//! It also installs a `tracing` subscriber, [`ToLog`], that passes `tracing` events on to `log`
//! (actix-http and `h2` log through `tracing`). Without one, `tracing`'s `log` feature (which
//! actix-codec turns on) does the same, but at a price on every *span* too: each of the many
//! spans `h2` opens per HTTP/2 request records its fields and checks `log`'s level on creation,
//! entry, exit and drop: about 7 300 instructions of rook-h2's 41 700 a request
//! (benches/e2e, `/plaintext`, access log off) where nothing is ever printed.
//! [`ToLog`] turns spans off when their callsite registers.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use std::fmt;

use log::{Level, Log, Metadata, Record};
use tracing::field::{Field, Visit};
use tracing::span;
use tracing::subscriber::Interest;

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
    // Fails only when the application set a `tracing` subscriber: then that one is used.
    let _ = tracing::subscriber::set_global_default(ToLog { max: log::max_level() });
}

/// A `tracing` subscriber that passes events on to `log`, as `tracing`'s `log` feature does
/// when no subscriber is set (the same target, level, file and line; the message first, then
/// the other fields as `name=value`), and records no span. `log`'s maximum level is read when
/// it is installed: events above it are dropped at their callsite.
struct ToLog {
    max: log::LevelFilter,
}

/// The `log` level of a `tracing` level.
fn level(level: &tracing::Level) -> Level {
    match *level {
        tracing::Level::ERROR => Level::Error,
        tracing::Level::WARN => Level::Warn,
        tracing::Level::INFO => Level::Info,
        tracing::Level::DEBUG => Level::Debug,
        tracing::Level::TRACE => Level::Trace,
    }
}

impl tracing::Subscriber for ToLog {
    fn register_callsite(&self, meta: &'static tracing::Metadata<'static>) -> Interest {
        if meta.is_span() || level(meta.level()) > self.max { Interest::never() } else { Interest::sometimes() }
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        use tracing::level_filters::LevelFilter;
        Some(match self.max {
            log::LevelFilter::Off => LevelFilter::OFF,
            log::LevelFilter::Error => LevelFilter::ERROR,
            log::LevelFilter::Warn => LevelFilter::WARN,
            log::LevelFilter::Info => LevelFilter::INFO,
            log::LevelFilter::Debug => LevelFilter::DEBUG,
            log::LevelFilter::Trace => LevelFilter::TRACE,
        })
    }

    fn enabled(&self, meta: &tracing::Metadata<'_>) -> bool {
        meta.is_event()
            && log::logger().enabled(&Metadata::builder().level(level(meta.level())).target(meta.target()).build())
    }

    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        // Never called: spans are never enabled.
        span::Id::from_u64(1)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let meta = event.metadata();
        log::logger().log(
            &Record::builder()
                .level(level(meta.level()))
                .target(meta.target())
                .module_path(meta.module_path())
                .file(meta.file())
                .line(meta.line())
                .args(format_args!("{}", Fields(event)))
                .build(),
        );
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}

/// An event's fields as `tracing`'s `log` feature writes them: the message, then ` name=value`.
struct Fields<'a>(&'a tracing::Event<'a>);

impl fmt::Display for Fields<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Writer<'a, 'b> {
            f: &'a mut fmt::Formatter<'b>,
            first: bool,
            result: fmt::Result,
        }
        impl Visit for Writer<'_, '_> {
            fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
                let written = match (self.first, field.name()) {
                    (true, "message") => write!(self.f, "{value:?}"),
                    (true, name) => write!(self.f, "{name}={value:?}"),
                    (false, name) => write!(self.f, " {name}={value:?}"),
                };
                self.first = false;
                self.result = self.result.and(written);
            }
        }
        let mut writer = Writer { f, first: true, result: Ok(()) };
        self.0.record(&mut writer);
        writer.result
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
