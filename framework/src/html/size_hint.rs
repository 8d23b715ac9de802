//! How much room a template's output needs, learned from its earlier renders.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The capacity a template's buffer starts with: at first the length of its static parts, then
/// the longest output it has rendered. Each `html!` has one, so a page renders into a buffer
/// allocated once, whatever its loops and inserted values add.
#[derive(Debug)]
pub struct SizeHint(AtomicUsize);

impl SizeHint {
    /// A hint starting at `static_len`, the total length of a template's static parts.
    pub const fn new(static_len: usize) -> SizeHint {
        SizeHint(AtomicUsize::new(static_len))
    }

    /// The capacity to allocate for the next render.
    pub fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }

    /// Remembers that a render produced `len` bytes.
    pub fn record(&self, len: usize) {
        if len > self.get() {
            self.0.fetch_max(len, Ordering::Relaxed);
        }
    }
}
