//! Runtime library for KubeStash plugin authors.
extern crate self as function_core;

pub mod api;
pub mod container;
pub mod envsubst;
pub mod resolve;
pub mod yaml;
