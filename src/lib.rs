//! Holds the examples and benchmarks of the Rook workspace.
