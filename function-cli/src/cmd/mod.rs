//! One module per subcommand: each exposes a clap `Args` struct and a `run` function.

pub mod chart;
pub mod crd;
pub mod eval;
pub mod fmt;
pub mod resolve;
