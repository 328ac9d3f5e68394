//! The plugin binary's side: [`ParsedArgs`] reads the resolved arguments, [`ArgsWriter`] writes
//! them, [`ArgsError`] says what is wrong with them.

use std::fmt;

use super::{ArgSpec, ArgValue};

/// Why a plugin's arguments could not be read.
///
/// ```
/// use function_core::plugin::ArgsError;
///
/// let err = ArgsError::InvalidValue {
///     flag: "wait-timeout".into(),
///     text: "soon".into(),
///     expected: "u32".into(),
///     reason: "invalid digit found in string".into(),
/// };
/// assert_eq!(
///     err.to_string(),
///     "invalid value `soon` for `--wait-timeout`: expected u32 (invalid digit found in string)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgsError {
    /// There were no arguments, but the Function starts with a subcommand.
    MissingSubcommand {
        /// The subcommand.
        expected: String,
    },
    /// The first argument is not the Function's subcommand.
    WrongSubcommand {
        /// The subcommand.
        expected: String,
        /// The first argument given.
        found: String,
    },
    /// A `--flag` that no field has.
    UnknownFlag {
        /// The flag given, without `--`.
        flag: String,
        /// The flags there are, without `--`.
        known: Vec<String>,
    },
    /// An argument that is not a flag (after the subcommand, every argument is a flag).
    UnexpectedArgument {
        /// The argument.
        argument: String,
    },
    /// The same flag twice.
    RepeatedFlag {
        /// The flag, without `--`.
        flag: String,
    },
    /// `--flag` last, or followed by another flag.
    MissingValue {
        /// The flag, without `--`.
        flag: String,
    },
    /// A value that its field's type does not read.
    InvalidValue {
        /// The flag, without `--`.
        flag: String,
        /// The text given.
        text: String,
        /// The expected type ([`ArgValue::expected`]).
        expected: String,
        /// The parser's reason.
        reason: String,
    },
    /// A required flag (no default, not optional) that was not given.
    MissingFlag {
        /// The flag, without `--`.
        flag: String,
        /// The expected type.
        expected: String,
    },
    /// A flag marked `#[arg(required)]` given the empty value: its template
    /// `--flag=${var:=}` met an unset variable.
    EmptyValue {
        /// The flag, without `--`.
        flag: String,
        /// The variable its template reads.
        var: String,
    },
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::MissingSubcommand { expected } => {
                write!(
                    f,
                    "missing the subcommand `{expected}`: it must be the first argument"
                )
            }
            ArgsError::WrongSubcommand { expected, found } => write!(
                f,
                "expected the subcommand `{expected}` as the first argument, found `{found}`"
            ),
            ArgsError::UnknownFlag { flag, known } => write!(
                f,
                "unknown flag `--{flag}`; the flags are: {}",
                known_flags(known)
            ),
            ArgsError::UnexpectedArgument { argument } => write!(
                f,
                "unexpected argument `{argument}`: expected `--flag=value` or `--flag value`"
            ),
            ArgsError::RepeatedFlag { flag } => {
                write!(f, "the flag `--{flag}` is given more than once")
            }
            ArgsError::MissingValue { flag } => write!(
                f,
                "the flag `--{flag}` has no value: write `--{flag}=VALUE` or `--{flag} VALUE`"
            ),
            ArgsError::InvalidValue {
                flag,
                text,
                expected,
                reason,
            } => write!(
                f,
                "invalid value `{text}` for `--{flag}`: expected {expected} ({reason})"
            ),
            ArgsError::MissingFlag { flag, expected } => {
                write!(f, "missing the required flag `--{flag}` ({expected})")
            }
            ArgsError::EmptyValue { flag, var } => write!(
                f,
                "the required flag `--{flag}` is empty: nothing set the variable `{var}`"
            ),
        }
    }
}

impl std::error::Error for ArgsError {}

fn known_flags(known: &[String]) -> String {
    if known.is_empty() {
        return "none".into();
    }
    let flags: Vec<String> = known.iter().map(|f| format!("--{f}")).collect();
    flags.join(", ")
}

/// The arguments of one run, checked against the fields' [`ArgSpec`]s and waiting to be taken
/// field by field ([`ParsedArgs::take`]).
///
/// Accepted: the subcommand first (when the Function has one), then flags as `--flag=value` or
/// `--flag value`, each at most once, in any order. A value that starts with `--` must use the
/// `=` form. [`PluginFunction::from_args`](super::PluginFunction::from_args) is the usual way
/// in; this type is what the derived code calls.
///
/// ```
/// use function_core::plugin::{ArgSpec, ParsedArgs};
///
/// let specs = vec![
///     ArgSpec::new::<u32>("wait_timeout", "wait-timeout", "waitTimeout").default_value(300u32),
///     ArgSpec::new::<Option<String>>("pg_args", "pg-args", "args"),
/// ];
/// let mut args = ParsedArgs::parse(specs, Some("backup"), ["backup", "--pg-args", "-v"])?;
/// assert_eq!(args.take::<u32>(0)?, 300);
/// assert_eq!(args.take::<Option<String>>(1)?, Some("-v".to_string()));
/// # Ok::<(), function_core::plugin::ArgsError>(())
/// ```
#[derive(Clone, Debug)]
pub struct ParsedArgs {
    specs: Vec<ArgSpec>,
    values: Vec<Option<String>>,
}

impl ParsedArgs {
    /// Checks `args` (without the program name) against `specs` and the subcommand.
    ///
    /// # Errors
    /// [`ArgsError::MissingSubcommand`], [`ArgsError::WrongSubcommand`],
    /// [`ArgsError::UnknownFlag`], [`ArgsError::UnexpectedArgument`],
    /// [`ArgsError::RepeatedFlag`] or [`ArgsError::MissingValue`], for the first problem found.
    ///
    /// ```
    /// use function_core::plugin::{ArgSpec, ArgsError, ParsedArgs};
    ///
    /// let specs = || vec![ArgSpec::new::<bool>("force", "force", "force")];
    /// let err = ParsedArgs::parse(specs(), None, ["--force=true", "--force=false"]).unwrap_err();
    /// assert_eq!(err, ArgsError::RepeatedFlag { flag: "force".into() });
    /// let err = ParsedArgs::parse(specs(), Some("restore"), ["backup"]).unwrap_err();
    /// assert!(matches!(err, ArgsError::WrongSubcommand { .. }));
    /// ```
    pub fn parse<I>(
        specs: Vec<ArgSpec>,
        subcommand: Option<&str>,
        args: I,
    ) -> Result<Self, ArgsError>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let mut args = args.into_iter().map(Into::into).peekable();
        if let Some(expected) = subcommand {
            match args.next() {
                None => {
                    return Err(ArgsError::MissingSubcommand {
                        expected: expected.to_owned(),
                    });
                }
                Some(found) if found != expected => {
                    return Err(ArgsError::WrongSubcommand {
                        expected: expected.to_owned(),
                        found,
                    });
                }
                Some(_) => {}
            }
        }
        let mut values: Vec<Option<String>> = vec![None; specs.len()];
        while let Some(arg) = args.next() {
            let Some(flag_and_value) = arg.strip_prefix("--") else {
                return Err(ArgsError::UnexpectedArgument { argument: arg });
            };
            let (flag, inline) = match flag_and_value.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_owned())),
                None => (flag_and_value, None),
            };
            let Some(index) = specs.iter().position(|s| s.flag == flag) else {
                return Err(ArgsError::UnknownFlag {
                    flag: flag.to_owned(),
                    known: specs.iter().map(|s| s.flag.to_owned()).collect(),
                });
            };
            let value = match inline {
                Some(value) => value,
                None => match args.next_if(|next| !next.starts_with("--")) {
                    Some(value) => value,
                    None => {
                        return Err(ArgsError::MissingValue {
                            flag: flag.to_owned(),
                        });
                    }
                },
            };
            if values[index].is_some() {
                return Err(ArgsError::RepeatedFlag {
                    flag: flag.to_owned(),
                });
            }
            values[index] = Some(value);
        }
        Ok(ParsedArgs { specs, values })
    }

    /// Takes the value of the field at `index` (in the order of the specs), read as `T`.
    ///
    /// A flag that was given is read from its text, except that the empty text of a field
    /// marked [`required`](ArgSpec::required) is [`ArgsError::EmptyValue`]. A flag that was not
    /// given takes the value its template gives when the variable is unset: its default if it
    /// has one; otherwise it is [`ArgsError::MissingFlag`] for a required field
    /// ([`ArgSpec::is_required`]), and the empty text's value (`None`, an empty list, an empty
    /// string) for the others, or `MissingFlag` if the type has none (a built-in `bool` with no
    /// default).
    ///
    /// # Errors
    /// [`ArgsError::InvalidValue`] (naming the flag, the text and the expected type),
    /// [`ArgsError::EmptyValue`] or [`ArgsError::MissingFlag`].
    ///
    /// # Panics
    /// If `index` is not the index of a spec (the derive never does that).
    ///
    /// ```
    /// use function_core::plugin::{ArgSpec, ArgsError, ParsedArgs};
    ///
    /// let specs = vec![ArgSpec::new::<u32>("wait_timeout", "wait-timeout", "waitTimeout")];
    /// let mut args = ParsedArgs::parse(specs.clone(), None, ["--wait-timeout=soon"])?;
    /// let err = args.take::<u32>(0).unwrap_err();
    /// assert_eq!(err.to_string(),
    ///            "invalid value `soon` for `--wait-timeout`: expected u32 (invalid digit found in string)");
    ///
    /// let mut args = ParsedArgs::parse(specs, None, Vec::<String>::new())?;
    /// assert_eq!(args.take::<u32>(0).unwrap_err(),
    ///            ArgsError::MissingFlag { flag: "wait-timeout".into(), expected: "u32".into() });
    /// # Ok::<(), ArgsError>(())
    /// ```
    pub fn take<T: ArgValue>(&mut self, index: usize) -> Result<T, ArgsError> {
        let spec = &self.specs[index];
        let invalid = |text: &str, reason: String| ArgsError::InvalidValue {
            flag: spec.flag.to_owned(),
            text: text.to_owned(),
            expected: T::expected(),
            reason,
        };
        let missing = || ArgsError::MissingFlag {
            flag: spec.flag.to_owned(),
            expected: T::expected(),
        };
        match (self.values[index].take(), &spec.default) {
            (Some(text), _) if text.is_empty() && spec.required => Err(ArgsError::EmptyValue {
                flag: spec.flag.to_owned(),
                var: spec.var.to_owned(),
            }),
            (Some(text), _) => T::parse_arg(&text).map_err(|e| invalid(&text, e.to_string())),
            (None, _) if spec.required => Err(missing()),
            (None, Some(default)) => {
                T::parse_arg(default).map_err(|e| invalid(default, e.to_string()))
            }
            (None, None) if spec.is_required() => Err(missing()),
            (None, None) => T::parse_arg("").map_err(|_| missing()),
        }
    }

    /// The specs the arguments were checked against.
    ///
    /// ```
    /// use function_core::plugin::{ArgSpec, ParsedArgs};
    ///
    /// let args = ParsedArgs::parse(vec![ArgSpec::new::<bool>("f", "f", "f")], None, ["--f=1"])?;
    /// assert_eq!(args.specs()[0].flag, "f");
    /// # Ok::<(), function_core::plugin::ArgsError>(())
    /// ```
    pub fn specs(&self) -> &[ArgSpec] {
        &self.specs
    }
}

/// Writes a plugin's arguments: the subcommand, then one `--flag=value` per field, in order;
/// what [`PluginFunction::to_args`](super::PluginFunction::to_args) returns.
///
/// ```
/// use function_core::plugin::ArgsWriter;
///
/// let mut args = ArgsWriter::new(Some("backup"));
/// args.push("wait-timeout", &300u32);
/// args.push("pg-args", &None::<String>);
/// assert_eq!(args.finish(), ["backup", "--wait-timeout=300", "--pg-args="]);
/// ```
#[derive(Clone, Debug, Default)]
pub struct ArgsWriter {
    args: Vec<String>,
}

impl ArgsWriter {
    /// A writer that starts with the subcommand, if any.
    ///
    /// ```
    /// assert!(function_core::plugin::ArgsWriter::new(None).finish().is_empty());
    /// ```
    pub fn new(subcommand: Option<&str>) -> Self {
        ArgsWriter {
            args: subcommand.map(str::to_owned).into_iter().collect(),
        }
    }

    /// Appends `--flag=value`, the value written with [`ArgValue::to_arg`].
    ///
    /// ```
    /// let mut args = function_core::plugin::ArgsWriter::new(None);
    /// args.push("paths", &vec!["/a".to_string(), "/b".to_string()]);
    /// assert_eq!(args.finish(), ["--paths=/a,/b"]);
    /// ```
    pub fn push<T: ArgValue>(&mut self, flag: &str, value: &T) {
        let value = value.to_arg();
        let mut arg = String::with_capacity(flag.len() + value.len() + 3);
        arg.push_str("--");
        arg.push_str(flag);
        arg.push('=');
        arg.push_str(&value);
        self.args.push(arg);
    }

    /// The arguments written.
    ///
    /// ```
    /// assert_eq!(function_core::plugin::ArgsWriter::new(Some("restore")).finish(), ["restore"]);
    /// ```
    pub fn finish(self) -> Vec<String> {
        self.args
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs() -> Vec<ArgSpec> {
        vec![
            ArgSpec::new::<String>("namespace", "namespace", "namespace")
                .builtin()
                .default_value(String::from("default")),
            ArgSpec::new::<u32>("wait_timeout", "wait-timeout", "waitTimeout")
                .default_value(300u32),
            ArgSpec::new::<Option<String>>("pg_args", "pg-args", "args"),
            ArgSpec::new::<String>("paths", "paths", "paths"),
            ArgSpec::new::<bool>("enable_cache", "enable-cache", "enableCache").builtin(),
            ArgSpec::new::<String>("backup_session", "backupsession", "backupSession")
                .builtin()
                .required(),
            ArgSpec::new::<Vec<u32>>("ids", "ids", "ids").required(),
        ]
    }

    #[test]
    fn both_flag_forms() {
        let mut args = ParsedArgs::parse(
            specs(),
            Some("backup"),
            [
                "backup",
                "--paths",
                "/data",
                "--wait-timeout=5",
                "--pg-args=--verbose",
            ],
        )
        .unwrap();
        assert_eq!(args.take::<String>(0).unwrap(), "default");
        assert_eq!(args.take::<u32>(1).unwrap(), 5);
        assert_eq!(
            args.take::<Option<String>>(2).unwrap().as_deref(),
            Some("--verbose")
        );
        assert_eq!(args.take::<String>(3).unwrap(), "/data");
    }

    #[test]
    fn empty_values_and_values_with_equals() {
        let mut args = ParsedArgs::parse(specs(), None, ["--pg-args=", "--paths=a=b"]).unwrap();
        assert_eq!(args.take::<Option<String>>(2).unwrap(), None);
        assert_eq!(args.take::<String>(3).unwrap(), "a=b");
    }

    #[test]
    fn errors() {
        let parse = |args: &[&str]| ParsedArgs::parse(specs(), Some("backup"), args.to_vec());
        assert_eq!(
            parse(&[]).unwrap_err().to_string(),
            "missing the subcommand `backup`: it must be the first argument"
        );
        assert_eq!(
            parse(&["restore"]).unwrap_err().to_string(),
            "expected the subcommand `backup` as the first argument, found `restore`"
        );
        assert_eq!(
            parse(&["backup", "--nope=1"]).unwrap_err().to_string(),
            "unknown flag `--nope`; the flags are: --namespace, --wait-timeout, --pg-args, \
             --paths, --enable-cache, --backupsession, --ids"
        );
        assert_eq!(
            parse(&["backup", "paths"]).unwrap_err().to_string(),
            "unexpected argument `paths`: expected `--flag=value` or `--flag value`"
        );
        assert_eq!(
            parse(&["backup", "--paths=a", "--paths", "b"])
                .unwrap_err()
                .to_string(),
            "the flag `--paths` is given more than once"
        );
        assert_eq!(
            parse(&["backup", "--paths"]).unwrap_err().to_string(),
            "the flag `--paths` has no value: write `--paths=VALUE` or `--paths VALUE`"
        );
        assert_eq!(
            parse(&["backup", "--paths", "--pg-args=x"])
                .unwrap_err()
                .to_string(),
            "the flag `--paths` has no value: write `--paths=VALUE` or `--paths VALUE`"
        );
    }

    #[test]
    fn missing_flags() {
        let mut args = ParsedArgs::parse(specs(), None, Vec::<String>::new()).unwrap();
        assert_eq!(args.take::<String>(0).unwrap(), "default");
        assert_eq!(args.take::<u32>(1).unwrap(), 300);
        assert_eq!(args.take::<Option<String>>(2).unwrap(), None);
        assert_eq!(
            args.take::<String>(3).unwrap_err().to_string(),
            "missing the required flag `--paths` (a string)"
        );
        // A built-in bool with no default has no value for the empty text.
        assert_eq!(
            args.take::<bool>(4).unwrap_err(),
            ArgsError::MissingFlag {
                flag: "enable-cache".into(),
                expected: "bool".into()
            }
        );
        // `required`, built in or not, optional type or not: a missing flag is an error.
        assert_eq!(
            args.take::<String>(5).unwrap_err().to_string(),
            "missing the required flag `--backupsession` (a string)"
        );
        assert_eq!(
            args.take::<Vec<u32>>(6).unwrap_err().to_string(),
            "missing the required flag `--ids` (a comma-separated list of u32)"
        );
    }

    #[test]
    fn required_flags_refuse_the_empty_value_that_an_unset_variable_gives() {
        let mut args =
            ParsedArgs::parse(specs(), None, ["--backupsession=", "--ids", "", "--paths="])
                .unwrap();
        assert_eq!(
            args.take::<String>(5).unwrap_err(),
            ArgsError::EmptyValue {
                flag: "backupsession".into(),
                var: "backupSession".into()
            }
        );
        assert_eq!(
            args.take::<Vec<u32>>(6).unwrap_err().to_string(),
            "the required flag `--ids` is empty: nothing set the variable `ids`"
        );
        // Not marked `required`: the empty value is the empty string, as before.
        assert_eq!(args.take::<String>(3).unwrap(), "");

        let mut args =
            ParsedArgs::parse(specs(), None, ["--backupsession= ", "--ids=1,2"]).unwrap();
        assert_eq!(args.take::<String>(5).unwrap(), " ");
        assert_eq!(args.take::<Vec<u32>>(6).unwrap(), [1, 2]);
    }
}
