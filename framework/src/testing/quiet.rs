//! Panics are expected while a check runs: a handler that panics is a finding, and proptest
//! replays it dozens of times while it shrinks the request. [`quietly`] keeps the panic hook
//! from printing them on the checking thread, so that the finding, printed last, is what the
//! user reads. Other threads (other tests of the same binary) keep the hook they had.

use std::cell::Cell;
use std::panic;
use std::sync::Once;

thread_local! {
    /// How many [`quietly`] calls are running on this thread.
    static QUIET: Cell<u32> = const { Cell::new(0) };
    /// The last panic [`quietly`] kept quiet on this thread: where and what.
    static LAST: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Wraps the process's panic hook, once, with one that says nothing on a thread inside
/// [`quietly`].
fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) == 0 {
                previous(info);
            } else {
                LAST.with(|last| *last.borrow_mut() = Some(info.to_string()));
            }
        }));
    });
}

/// Restores the count when [`quietly`] returns or unwinds.
struct Loud;

impl Drop for Loud {
    fn drop(&mut self) {
        QUIET.with(|q| q.set(q.get() - 1));
    }
}

/// Runs `f` with this thread's panics unprinted.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> T {
    install();
    QUIET.with(|q| q.set(q.get() + 1));
    let _loud = Loud;
    f()
}

/// The last panic kept quiet on this thread (`panicked at src/app.rs:12:9: ...`), taken.
pub(crate) fn last_panic() -> Option<String> {
    LAST.with(|last| last.borrow_mut().take())
}
