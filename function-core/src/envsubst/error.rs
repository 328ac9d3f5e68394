//! Error type of the substitution engine.

use thiserror::Error;

/// Why a template could not be parsed or evaluated.
///
/// The [`Display`](std::fmt::Display) text of every variant that exists
/// upstream is exactly the message of gomodules.xyz/envsubst v0.2.0, so it can
/// be shown to users or compared with the operator's output. The byte offset
/// into the template is available through [`Error::offset`], never in the
/// message.
///
/// Parse errors ([`Error::is_parse_error`]) always win over evaluation errors:
/// if a template has both, the parse error is reported.
///
/// ```
/// use function_core::envsubst::{eval_map, Error};
/// use std::collections::HashMap;
///
/// let vars: HashMap<String, String> = HashMap::new();
/// let err = eval_map("a ${b}", &vars).unwrap_err();
/// assert_eq!(err.to_string(), "input/default value not found for key b");
/// assert_eq!(err.offset(), 2);
/// assert!(matches!(err, Error::ValueNotFound { ref key, .. } if key == "b"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum Error {
    /// A malformed `${...}` expression, e.g. `${#}`, `${x,,,}`, `${x:1x${y}}`,
    /// an unterminated `${x:1`, or `${x/a}` (a replacement without its second `/`).
    #[error("bad substitution")]
    BadSubstitution {
        /// Byte offset of the character (or the end of input) where parsing failed.
        offset: usize,
    },
    /// A variable name followed by something that is neither `}` nor an
    /// operator, e.g. `${x-w}`, `${x y}` or an unterminated `${x`.
    #[error("missing closing brace")]
    MissingClosingBrace {
        /// Byte offset of the character (or the end of input) where `}` was expected.
        offset: usize,
    },
    /// `${` not followed by a variable name, e.g. `${}` or `${ x}`.
    #[error("unable to parse variable name")]
    ParseVariableName {
        /// Byte offset of the character (or the end of input) where a name was expected.
        offset: usize,
    },
    /// An operator whose argument is missing, e.g. `${x#}` or `${x:}`, or a
    /// default that is not terminated by `}`.
    #[error("unable to parse substitution within function")]
    ParseFuncSubstitution {
        /// Byte offset of the character (or the end of input) where an argument was expected.
        offset: usize,
    },
    /// A variable without a default form (`=`, `:=`, `:-`) is absent from the
    /// inputs. Lookups fail at the first absent key in evaluation order
    /// (arguments of an expression before the expression itself, left to right).
    #[error("input/default value not found for key {key}")]
    ValueNotFound {
        /// The absent variable name.
        key: String,
        /// Byte offset of the `$` of the expression that looked the key up.
        offset: usize,
    },
    /// `${x:off:len}` whose offsets select an invalid byte range, which only a
    /// negative `len` (or an `off + len` that overflows) can produce. **Divergence:**
    /// gomodules.xyz/envsubst panics here (`slice bounds out of range`); this
    /// engine returns this error instead.
    #[error("slice bounds out of range [{start}:{end}] in substring expansion")]
    SliceOutOfRange {
        /// The computed start offset (in bytes).
        start: i64,
        /// The computed end offset (in bytes), smaller than `start`.
        end: i64,
        /// Byte offset of the `$` of the substring expression.
        offset: usize,
    },
    /// The output would be larger than the bound given to
    /// [`eval_map_bytes_bounded`](super::eval_map_bytes_bounded). Not upstream's: upstream has
    /// no bound, and a short template (`${v}` repeated, `${v//a/${w}}`) can expand without
    /// limit.
    #[error("the output is larger than {max} bytes")]
    OutputTooLarge {
        /// The bound, in bytes.
        max: usize,
        /// Byte offset of the `$` of the expression (or the start of the text) that passed it.
        offset: usize,
    },
}

impl Error {
    /// Byte offset in the template the error refers to (see each variant).
    pub fn offset(&self) -> usize {
        match *self {
            Error::BadSubstitution { offset }
            | Error::MissingClosingBrace { offset }
            | Error::ParseVariableName { offset }
            | Error::ParseFuncSubstitution { offset }
            | Error::ValueNotFound { offset, .. }
            | Error::SliceOutOfRange { offset, .. }
            | Error::OutputTooLarge { offset, .. } => offset,
        }
    }

    /// True for the syntax errors found by [`Template::parse`](super::Template::parse).
    pub fn is_parse_error(&self) -> bool {
        matches!(
            self,
            Error::BadSubstitution { .. }
                | Error::MissingClosingBrace { .. }
                | Error::ParseVariableName { .. }
                | Error::ParseFuncSubstitution { .. }
        )
    }

    /// True when a variable was absent (upstream's `IsValueNotFoundError`).
    pub fn is_value_not_found(&self) -> bool {
        matches!(self, Error::ValueNotFound { .. })
    }

    /// Returns the same error with its offset moved by `delta` bytes (used when
    /// a template is evaluated as a part of a larger text).
    pub(crate) fn shifted(mut self, delta: usize) -> Error {
        match &mut self {
            Error::BadSubstitution { offset }
            | Error::MissingClosingBrace { offset }
            | Error::ParseVariableName { offset }
            | Error::ParseFuncSubstitution { offset }
            | Error::ValueNotFound { offset, .. }
            | Error::SliceOutOfRange { offset, .. }
            | Error::OutputTooLarge { offset, .. } => *offset += delta,
        }
        self
    }
}
