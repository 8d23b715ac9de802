//! The logger [`serve`](super::serve) installs when the application has none.

/// Installs `env_logger` (filter from `RUST_LOG`, default `info`) unless a logger is set
/// already; `log` allows one logger per process, so an application's own stays in place.
pub(crate) fn install() {
    let env = env_logger::Env::default().default_filter_or("info");
    // Fails only when a logger is set: then that one is used.
    let _ = env_logger::Builder::from_env(env).try_init();
}
