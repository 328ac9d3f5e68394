//! The goldens of `function-codegen`, compiled. Each is a committed insta snapshot
//! (`function-codegen/tests/snapshots/goldens__<name>.snap`, whose test checks that it is what
//! the generator writes today and stable under rustfmt), extracted by `build.rs`; the tests here
//! check that its manifests are the objects it was imported from:
//!
//! - the crate's root: the 16 objects of the reference KubeStash catalog
//!   (`tests/fixtures/catalog/raw`);
//! - [`edge`]: objects written to need every form the generator has
//!   (`tests/fixtures/codegen/edge`): verbatim arguments, every operator, odd names and name
//!   clashes, the container settings, every kind of Addon parameter, volume source and mount;
//! - [`every_field`]: a Function and an Addon whose container settings, volume source and
//!   mount set every field of every type they hold, built from the types' JSON schemas by the
//!   test: the names and `Option`s of every Kubernetes type the generator writes, compiled.

include!(concat!(env!("OUT_DIR"), "/kubestash_catalog.rs"));

/// The edge cases imported from `tests/fixtures/codegen/edge`.
pub mod edge {
    include!(concat!(env!("OUT_DIR"), "/edge_cases.rs"));
}

/// The Function and Addon whose typed values set every field (see `tests/round_trip.rs`).
pub mod every_field {
    include!(concat!(env!("OUT_DIR"), "/every_field.rs"));
}
