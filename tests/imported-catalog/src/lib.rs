//! The goldens of `function-codegen`, compiled: the 16 objects of the reference KubeStash
//! catalog (`tests/fixtures/catalog/raw`) imported into Rust. The code is the committed insta
//! snapshot (`tests/snapshots/round_trip__kubestash_catalog.snap`, extracted by `build.rs`), and
//! the tests check that it is what the generator writes today, that it is stable under
//! rustfmt, and that its manifests are the objects it was imported from.

include!(concat!(env!("OUT_DIR"), "/kubestash_catalog.rs"));
