//! The goldens of `function-codegen`, compiled. Each is a committed insta snapshot
//! (`tests/snapshots/round_trip__<name>.snap`, extracted by `build.rs`), and the tests check
//! that it is what the generator writes today, that it is stable under rustfmt, and that its
//! manifests are the objects it was imported from:
//!
//! - the crate's root: the 16 objects of the reference KubeStash catalog
//!   (`tests/fixtures/catalog/raw`);
//! - [`edge`]: objects written to need every form the generator has
//!   (`tests/fixtures/codegen/edge`): verbatim arguments, every operator, odd names and name
//!   clashes, the container settings, every kind of Addon parameter, volume source and mount.

include!(concat!(env!("OUT_DIR"), "/kubestash_catalog.rs"));

/// The edge cases imported from `tests/fixtures/codegen/edge`.
pub mod edge {
    include!(concat!(env!("OUT_DIR"), "/edge_cases.rs"));
}
