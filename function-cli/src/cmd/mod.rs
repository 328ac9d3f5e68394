//! One module per subcommand, each with a clap `Args` struct and a `run` function.

pub mod crd;
