//! [`ArgType`]: how `#[derive(Function)]`'s generated code uses a field's type, so that a type
//! that is no [`ArgValue`] is one error, not one per use.
//!
//! The generated code names a field's type `T` in four places: `ArgSpec::new::<T>` (in
//! `arg_specs`), the default (`ArgSpec::default_value`), `ParsedArgs::take` (in `from_parsed`)
//! and `ArgsWriter::push` (in `write_args`). Each of them needs `T: ArgValue`, and rustc reports
//! an unmet bound once per function body: three or four errors for one mistake.
//! `ArgSpec::new::<T>` stays the one place the bound is required (its error, spanned on the
//! field's type, carries `ArgValue`'s `on_unimplemented` message); the other three go through
//! `ArgType::<T>::new().method(...)`. Method lookup finds [`ArgType`]'s own methods when
//! `T: ArgValue` (they forward to the real ones), and otherwise, through `Deref`, the ones of
//! [`NotArgValue`], which require nothing and are never run: the crate does not compile, since
//! `ArgSpec::new::<T>` already failed. (The struct's types are concrete: the derive refuses
//! generics, so the choice is made once, at the derive's expansion.)

use std::marker::PhantomData;

use super::{ArgSpec, ArgValue, ArgsError, ArgsWriter, ParsedArgs};

/// A field's type, for `#[derive(Function)]`'s generated code (see the module's docs). Not for
/// direct use.
pub struct ArgType<T>(PhantomData<fn() -> T>);

/// What [`ArgType`] dereferences to: the same methods, for a type that is no [`ArgValue`],
/// never run. Not for direct use.
pub struct NotArgValue<T>(PhantomData<fn() -> T>);

impl<T> ArgType<T> {
    /// The field's type `T`.
    #[must_use]
    pub const fn new() -> Self {
        ArgType(PhantomData)
    }
}

impl<T> Default for ArgType<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: ArgValue> ArgType<T> {
    /// [`ArgSpec::default_value`].
    #[must_use]
    pub fn default_value(&self, spec: ArgSpec, value: T) -> ArgSpec {
        spec.default_value(value)
    }

    /// [`ParsedArgs::take`].
    ///
    /// # Errors
    ///
    /// Those of [`ParsedArgs::take`].
    pub fn take(&self, args: &mut ParsedArgs, index: usize) -> Result<T, ArgsError> {
        args.take(index)
    }

    /// [`ArgsWriter::push`].
    pub fn push(&self, args: &mut ArgsWriter, flag: &str, value: &T) {
        args.push(flag, value);
    }
}

impl<T> std::ops::Deref for ArgType<T> {
    type Target = NotArgValue<T>;

    fn deref(&self) -> &NotArgValue<T> {
        &NotArgValue(PhantomData)
    }
}

/// The message of the methods never run: reaching one is a bug of the derive.
const UNREACHABLE: &str = "a field whose type is no ArgValue fails to compile at ArgSpec::new";

impl<T> NotArgValue<T> {
    /// Never run (see the module's docs).
    pub fn default_value(&self, _: ArgSpec, _: T) -> ArgSpec {
        unreachable!("{UNREACHABLE}")
    }

    /// Never run (see the module's docs).
    ///
    /// # Errors
    ///
    /// None: never run.
    pub fn take(&self, _: &mut ParsedArgs, _: usize) -> Result<T, ArgsError> {
        unreachable!("{UNREACHABLE}")
    }

    /// Never run (see the module's docs).
    pub fn push(&self, _: &mut ArgsWriter, _: &str, _: &T) {
        unreachable!("{UNREACHABLE}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arg_value_type_uses_the_real_methods() {
        let spec = ArgType::<u32>::new().default_value(ArgSpec::new::<u32>("n", "n", "n"), 300);
        assert_eq!(spec.template(), "--n=${n:=300}");
        let mut writer = ArgsWriter::new(None);
        ArgType::<u32>::new().push(&mut writer, "n", &5);
        assert_eq!(writer.finish(), ["--n=5"]);
    }
}
