//! Helpers of `matcher_props.rs`: the generated route tables.

pub mod tables;
