//! Helpers of `matcher_props.rs`: the reference interpreter, the path generator and the
//! generated route tables.

pub mod paths;
pub mod reference;
pub mod tables;
