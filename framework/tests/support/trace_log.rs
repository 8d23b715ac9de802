//! The `rook::trace` lines a test binary logs with `ROOK_TRACE=1` (one test per binary).

use std::sync::Mutex;

/// Collects the `rook::trace` log lines.
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, meta: &log::Metadata) -> bool {
        meta.target() == "rook::trace"
    }
    fn log(&self, record: &log::Record) {
        if self.enabled(record.metadata()) {
            self.0.lock().unwrap().push(record.args().to_string());
        }
    }
    fn flush(&self) {}
}

static CAPTURE: Capture = Capture(Mutex::new(Vec::new()));

/// Turns tracing on and collects its lines; call it first, once per binary.
pub(crate) fn start() {
    // SAFETY: set before any thread reads the environment; the binary has one test.
    unsafe { std::env::set_var("ROOK_TRACE", "1") };
    log::set_logger(&CAPTURE).unwrap();
    log::set_max_level(log::LevelFilter::Info);
}

/// The lines logged so far.
pub(crate) fn lines() -> Vec<String> {
    CAPTURE.0.lock().unwrap().clone()
}
