//! Multipart file parts larger than [`BodyConfig::spill_threshold`](super::BodyConfig::spill_threshold)
//! go to a temporary file instead of memory (docs/bodies.md); the [`Upload`](super::Upload) that
//! receives it reads or persists it, and the file is removed when the last `Upload` holding it
//! is dropped (or when the request fails before that).
//!
//! serde cannot carry a file handle through the deserializer of `T`, so a spilled part is
//! handed over beside it: the multipart deserializer puts the file in a thread-local slot right
//! before asking for the `bytes` value and presents that value as a unit; `Upload`'s
//! deserializer takes the file from the slot when it sees the unit. Any other type asking for
//! the value gets a type error (422), and the slot is emptied either way.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use tempfile::TempPath;

/// A spilled part on disk: removed when dropped.
#[derive(Debug)]
pub(crate) struct Spilled {
    pub(crate) path: TempPath,
    pub(crate) len: usize,
}

/// A file part's content while the body is read: in memory until it passes the threshold.
pub(crate) enum Stored {
    Memory(Vec<u8>),
    File(Arc<Spilled>),
}

/// Collects one file part, moving it to a temporary file in `dir` once it is larger than
/// `threshold`.
pub(crate) struct Spill<'a> {
    threshold: usize,
    dir: &'a Path,
    memory: Vec<u8>,
    file: Option<(File, TempPath, usize)>,
}

impl<'a> Spill<'a> {
    pub(crate) fn new(threshold: usize, dir: &'a Path) -> Spill<'a> {
        Spill { threshold, dir, memory: Vec::new(), file: None }
    }

    /// Adds `chunk`; returns how many bytes left memory for the file (to give back to the
    /// budget), or the error of the file system.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> io::Result<usize> {
        if let Some((file, _, len)) = &mut self.file {
            file.write_all(chunk)?;
            *len += chunk.len();
            return Ok(0);
        }
        if self.memory.len() + chunk.len() <= self.threshold {
            self.memory.extend_from_slice(chunk);
            return Ok(0);
        }
        let (mut file, path) = tempfile::Builder::new().prefix("rook-upload-").tempfile_in(self.dir)?.into_parts();
        file.write_all(&self.memory)?;
        file.write_all(chunk)?;
        let moved = std::mem::take(&mut self.memory).len();
        self.file = Some((file, path, moved + chunk.len()));
        Ok(moved)
    }

    /// Bytes held in memory so far.
    pub(crate) fn in_memory(&self) -> usize {
        self.memory.len()
    }

    pub(crate) fn finish(self) -> io::Result<Stored> {
        match self.file {
            None => Ok(Stored::Memory(self.memory)),
            Some((mut file, path, len)) => {
                file.flush()?;
                Ok(Stored::File(Arc::new(Spilled { path, len })))
            }
        }
    }
}

thread_local! {
    static HANDOFF: RefCell<Option<Arc<Spilled>>> = const { RefCell::new(None) };
}

/// Runs `deserialize` with `file` waiting in the slot for `Upload`'s deserializer; empties the
/// slot afterwards whoever took it.
pub(crate) fn hand_over<R>(file: Arc<Spilled>, deserialize: impl FnOnce() -> R) -> R {
    HANDOFF.with(|slot| *slot.borrow_mut() = Some(file));
    let result = deserialize();
    HANDOFF.with(|slot| slot.borrow_mut().take());
    result
}

/// The spilled file handed over for the value being deserialized, if any.
pub(crate) fn take() -> Option<Arc<Spilled>> {
    HANDOFF.with(|slot| slot.borrow_mut().take())
}
