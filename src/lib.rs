//! Holds the examples and benchmarks of the Rook workspace, and the apps they share with the
//! tests and the fuzz targets.

pub mod chat;
pub mod guestbook;
pub mod live_pages;
pub mod showcase;
