//! Resolution exactly as the KubeStash operator does it: the inputs and their precedence
//! ([`Inputs`], [`Layer`], [`Precedence`], [`Builtins`]), the choice of `${DB_VERSION}`
//! ([`select_db_version`]), and the substitution of a Function for a task ([`Resolver`]),
//! whose result becomes the container the operator would run ([`Resolved::container`]).
//! [`select`] chooses what to resolve among a set of objects (the Addon of a task, the task,
//! its Function), as `kubestash-fn resolve` does.

mod db_version;
mod function;
mod inputs;
mod select;

pub use db_version::{
    DbVersionChoice, DbVersionError, DbVersionRule, FIXED_TABLE, FixedEntry, choose_db_version,
    fixed_entries, fixed_table_lookup, fixed_versions, select_db_version, version_key,
};
#[cfg(feature = "lint")]
pub(crate) use function::uses_db_version;
pub use function::{ResolveError, Resolved, Resolver, TaskKind, find_task};
pub use inputs::{Builtins, Inputs, Layer, ParamsError, Precedence, PrecedenceError};
pub use select::{Selection, Want, select, unread};
