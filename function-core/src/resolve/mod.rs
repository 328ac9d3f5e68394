//! Resolution exactly as the KubeStash operator does it: the inputs and their precedence,
//! the operator's built-in variables, and the choice of `${DB_VERSION}`.

mod db_version;
mod inputs;

pub use db_version::{
    DbVersionError, FIXED_TABLE, FixedEntry, fixed_table_lookup, select_db_version,
};
pub use inputs::{Builtins, Inputs, Layer, ParamsError, Precedence, PrecedenceError};
