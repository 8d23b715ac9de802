//! `ROOK_TRACE=1`: every routing decision, logged through the `log` facade (target
//! `rook::trace`, level `info`).

use std::sync::atomic::{AtomicU8, Ordering};

/// `ROOK_TRACE`, read once: 0 not read yet, 1 off, 2 on. An atomic rather than a `LazyLock`,
/// since every request asks: one load.
static ENABLED: AtomicU8 = AtomicU8::new(0);

/// Whether `ROOK_TRACE` is set to something other than empty or `0` (read once).
#[inline(always)]
pub(crate) fn enabled() -> bool {
    match ENABLED.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => read(),
    }
}

/// Reads `ROOK_TRACE` the first time it is asked for.
#[cold]
#[inline(never)]
fn read() -> bool {
    let on = std::env::var("ROOK_TRACE").is_ok_and(|v| !v.is_empty() && v != "0");
    ENABLED.store(if on { 2 } else { 1 }, Ordering::Relaxed);
    on
}

/// Logs one decision line when tracing is on; the message is only built then.
macro_rules! trace {
    ($($arg:tt)*) => {
        if $crate::router::trace::enabled() {
            ::log::info!(target: "rook::trace", $($arg)*);
        }
    };
}
pub(crate) use trace;
