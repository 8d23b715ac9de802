//! `ROOK_TRACE=1`: every routing decision, logged through the `log` facade (target
//! `rook::trace`, level `info`).

use std::sync::LazyLock;

static ENABLED: LazyLock<bool> =
    LazyLock::new(|| std::env::var("ROOK_TRACE").is_ok_and(|v| !v.is_empty() && v != "0"));

/// Whether `ROOK_TRACE` is set to something other than empty or `0` (read once).
pub(crate) fn enabled() -> bool {
    *ENABLED
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
