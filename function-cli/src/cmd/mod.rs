//! One module per command: each has a clap `Args` struct and
//! `run(&Args, &mut Streams) -> Result<(), Error>`, which writes its data to `streams.out`, its
//! diagnostics through `streams.report`, and leaves the exit status to [`crate::run`].

pub mod chart;
pub mod crd;
pub mod eval;
pub mod fmt;
pub mod images;
pub mod import;
pub mod lint;
pub mod new;
pub mod resolve;
pub mod webhook;
