//! Every warning a test binary logs, any target (one test per binary: it owns the logger).

use std::sync::Mutex;

/// Collects the warnings (and errors) logged.
struct Warnings(Mutex<Vec<String>>);

impl log::Log for Warnings {
    fn enabled(&self, meta: &log::Metadata) -> bool {
        meta.level() <= log::Level::Warn
    }
    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            self.0.lock().unwrap().push(format!("{}: {}", record.target(), record.args()));
        }
    }
    fn flush(&self) {}
}

static WARNINGS: Warnings = Warnings(Mutex::new(Vec::new()));

/// Starts collecting; call it first, once per binary.
pub(crate) fn start() {
    log::set_logger(&WARNINGS).unwrap();
    log::set_max_level(log::LevelFilter::Warn);
}

/// The warnings logged so far, as `target: message`.
pub(crate) fn lines() -> Vec<String> {
    WARNINGS.0.lock().unwrap().clone()
}
