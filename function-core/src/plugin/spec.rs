//! [`FunctionInfo`] and [`ArgSpec`]: the static description a derived plugin gives of itself.

use super::{ArgValue, ValueBounds};
#[cfg(feature = "api")]
use crate::api::ParameterDefinition;
use crate::rules::DefaultOp;

/// What `#[function(...)]` says about a Function, apart from its arguments: name, image,
/// subcommand, available versions, command, working directory.
///
/// Built in a `const` with [`FunctionInfo::new`] and the builder methods, as the derive does:
///
/// ```
/// use function_core::plugin::FunctionInfo;
///
/// const INFO: FunctionInfo = FunctionInfo::new(
///     "postgres-backup",
///     "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
/// )
/// .subcommand("backup")
/// .available_versions(&["12.17", "14.10", "16.4"]);
///
/// assert_eq!(INFO.name, "postgres-backup");
/// assert_eq!(INFO.subcommand, Some("backup"));
/// assert!(INFO.command.is_empty());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FunctionInfo {
    /// The Function's name (`metadata.name`), a DNS-1123 subdomain.
    pub name: &'static str,
    /// The container image; may hold `${DB_VERSION}` in its tag.
    pub image: &'static str,
    /// The first argument, before the flags (`backup`), if any.
    pub subcommand: Option<&'static str>,
    /// The image tags `${DB_VERSION}` may take (`spec.availableVersions`).
    pub available_versions: &'static [&'static str],
    /// The container's entrypoint (`spec.command`); empty keeps the image's.
    pub command: &'static [&'static str],
    /// The container's working directory (`spec.workingDir`).
    pub working_dir: Option<&'static str>,
    /// Arguments written as they are among the fields' (`#[function(args = [...])]`):
    /// template-only, neither read by the parser nor written by
    /// [`to_args`](super::PluginFunction::to_args).
    pub verbatim_args: &'static [VerbatimArg],
    /// What the Function does, for `--help` (the derive's struct doc comment), if written.
    pub about: Option<&'static str>,
}

/// An argument of the template written as it is (a literal word, a positional value, several
/// variables in one argument), placed among the fields' arguments.
///
/// It is template-only: the parser does not read it and
/// [`to_args`](super::PluginFunction::to_args) does not write it, so a plugin binary that
/// receives it must read it some other way. `#[function(args = [...])]` declares them.
///
/// ```
/// use function_core::plugin::{FunctionInfo, VerbatimArg};
///
/// const INFO: FunctionInfo = FunctionInfo::new("a", "b")
///     .verbatim_args(&[VerbatimArg::new(0, "--verbose"), VerbatimArg::new(1, "--to=${host}:${port}")]);
/// assert_eq!(INFO.verbatim_args[1].before, 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VerbatimArg {
    /// The index of the field argument it comes before (the number of fields: after them all).
    pub before: usize,
    /// The argument.
    pub text: &'static str,
}

impl VerbatimArg {
    /// The argument `text`, before the field argument at `before`.
    pub const fn new(before: usize, text: &'static str) -> Self {
        VerbatimArg { before, text }
    }
}

impl FunctionInfo {
    /// A Function with this name and image, no subcommand, no versions, no command.
    ///
    /// ```
    /// let info = function_core::plugin::FunctionInfo::new("pvc-backup", "ghcr.io/kubestash/pvc:v0.28.0");
    /// assert_eq!(info.image, "ghcr.io/kubestash/pvc:v0.28.0");
    /// assert_eq!(info.subcommand, None);
    /// ```
    pub const fn new(name: &'static str, image: &'static str) -> Self {
        FunctionInfo {
            name,
            image,
            subcommand: None,
            available_versions: &[],
            command: &[],
            working_dir: None,
            verbatim_args: &[],
            about: None,
        }
    }

    /// Sets what the Function does, the `about` of its (sub)command's `--help`.
    ///
    /// ```
    /// use function_core::plugin::FunctionInfo;
    /// const INFO: FunctionInfo = FunctionInfo::new("a", "b").about("Backs up a PVC.");
    /// assert_eq!(INFO.about, Some("Backs up a PVC."));
    /// ```
    pub const fn about(mut self, about: &'static str) -> Self {
        self.about = Some(about);
        self
    }

    /// Sets the subcommand, the first argument.
    ///
    /// ```
    /// use function_core::plugin::FunctionInfo;
    /// const INFO: FunctionInfo = FunctionInfo::new("a", "b").subcommand("restore");
    /// assert_eq!(INFO.subcommand, Some("restore"));
    /// ```
    pub const fn subcommand(mut self, subcommand: &'static str) -> Self {
        self.subcommand = Some(subcommand);
        self
    }

    /// Sets the available versions.
    ///
    /// ```
    /// use function_core::plugin::FunctionInfo;
    /// const INFO: FunctionInfo = FunctionInfo::new("a", "b:${DB_VERSION}").available_versions(&["16.4"]);
    /// assert_eq!(INFO.available_versions, ["16.4"]);
    /// ```
    pub const fn available_versions(mut self, versions: &'static [&'static str]) -> Self {
        self.available_versions = versions;
        self
    }

    /// Sets the entrypoint.
    ///
    /// ```
    /// use function_core::plugin::FunctionInfo;
    /// const INFO: FunctionInfo = FunctionInfo::new("a", "b").command(&["/plugin"]);
    /// assert_eq!(INFO.command, ["/plugin"]);
    /// ```
    pub const fn command(mut self, command: &'static [&'static str]) -> Self {
        self.command = command;
        self
    }

    /// Sets the working directory.
    ///
    /// ```
    /// use function_core::plugin::FunctionInfo;
    /// const INFO: FunctionInfo = FunctionInfo::new("a", "b").working_dir("/data");
    /// assert_eq!(INFO.working_dir, Some("/data"));
    /// ```
    pub const fn working_dir(mut self, dir: &'static str) -> Self {
        self.working_dir = Some(dir);
        self
    }

    /// Sets the verbatim arguments, in order.
    ///
    /// ```
    /// use function_core::plugin::{FunctionInfo, VerbatimArg};
    /// const INFO: FunctionInfo = FunctionInfo::new("a", "b").verbatim_args(&[VerbatimArg::new(0, "-v")]);
    /// assert_eq!(INFO.verbatim_args[0].text, "-v");
    /// ```
    pub const fn verbatim_args(mut self, args: &'static [VerbatimArg]) -> Self {
        self.verbatim_args = args;
        self
    }

    /// The `args` template around the fields' arguments (one per spec, in order): the
    /// subcommand first, then the fields' arguments with the verbatim ones in their places.
    ///
    /// ```
    /// use function_core::plugin::{FunctionInfo, VerbatimArg};
    ///
    /// const INFO: FunctionInfo = FunctionInfo::new("a", "b")
    ///     .subcommand("backup")
    ///     .verbatim_args(&[VerbatimArg::new(1, "--mid"), VerbatimArg::new(2, "--end")]);
    /// let args = INFO.template(vec!["--x=${x:=}".to_string(), "--y=${y:=}".to_string()]);
    /// assert_eq!(args, ["backup", "--x=${x:=}", "--mid", "--y=${y:=}", "--end"]);
    /// ```
    pub fn template(&self, fields: Vec<String>) -> Vec<String> {
        let mut args = Vec::with_capacity(fields.len() + self.verbatim_args.len() + 1);
        args.extend(self.subcommand.map(str::to_owned));
        let mut verbatim = self.verbatim_args.iter().peekable();
        for (index, field) in fields.into_iter().enumerate() {
            while let Some(v) = verbatim.next_if(|v| v.before <= index) {
                args.push(v.text.to_owned());
            }
            args.push(field);
        }
        // The ones after every field (and any whose index is past the end).
        args.extend(verbatim.map(|v| v.text.to_owned()));
        args
    }
}

/// One field of a derived plugin struct: its flag, its variable, its default, its usage and
/// how the operator treats it. The runtime builds the `args` template, the parameter
/// definitions and the parser from a list of these.
///
/// ```
/// use function_core::plugin::ArgSpec;
///
/// let spec = ArgSpec::new::<u32>("wait_timeout", "wait-timeout", "waitTimeout")
///     .usage("Number of seconds to wait for the database to be ready.")
///     .default_value(300u32)
///     .helm_value("waitTimeout");
/// assert_eq!(spec.template(), "--wait-timeout=${waitTimeout:=300}");
/// assert_eq!(spec.default.as_deref(), Some("300"));
/// assert_eq!(spec.expected, "u32");
/// assert!(!spec.is_required());
/// assert_eq!(spec.parameter().unwrap().default, "300");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArgSpec {
    /// The Rust field's name (without `r#`).
    pub field: &'static str,
    /// The flag, without its leading `--` (`wait-timeout`).
    pub flag: &'static str,
    /// The variable the template reads (`waitTimeout`).
    pub var: &'static str,
    /// The parameter's usage text (the field's doc comment, or `#[arg(usage = "...")]`).
    pub usage: &'static str,
    /// The default's text, as the typed default's [`ArgValue::to_arg`] writes it.
    pub default: Option<String>,
    /// A variable the operator provides (`namespace`, `backupSession`, ...): not a parameter.
    pub builtin: bool,
    /// The type accepts the empty text as "nothing" ([`ArgValue::OPTIONAL`]: `Option`, `Vec`).
    pub optional: bool,
    /// The expected type, for error messages ([`ArgValue::expected`]).
    pub expected: String,
    /// What a value of the type may be ([`ArgValue::bounds`]), for a chart's values schema.
    pub bounds: Option<ValueBounds>,
    /// The Helm value that supplies the default in a chart (`#[arg(helm_value = "...")]`): the
    /// chart writer renders the template as `${var:={{ .Values.<key> }}}`. It does not change
    /// the plain manifest.
    pub helm_value: Option<&'static str>,
    /// `#[arg(required)]`: the argument must be given, with a non-empty value
    /// ([`ArgSpec::required`]).
    pub required: bool,
    /// How the template writes the variable and its default (`#[arg(op = "...")]`):
    /// `${var:=default}` unless set.
    pub op: DefaultOp,
}

impl ArgSpec {
    /// A field of type `T`, with no usage, no default, not built in.
    ///
    /// ```
    /// use function_core::plugin::ArgSpec;
    ///
    /// let spec = ArgSpec::new::<Option<String>>("pg_args", "pg-args", "args");
    /// assert!(spec.optional);
    /// assert_eq!(spec.template(), "--pg-args=${args:=}");
    /// ```
    pub fn new<T: ArgValue>(field: &'static str, flag: &'static str, var: &'static str) -> Self {
        ArgSpec {
            field,
            flag,
            var,
            usage: "",
            default: None,
            builtin: false,
            optional: T::OPTIONAL,
            expected: T::expected(),
            bounds: T::bounds(),
            helm_value: None,
            required: false,
            op: DefaultOp::ColonEquals,
        }
    }

    /// Sets the usage text.
    ///
    /// ```
    /// let spec = function_core::plugin::ArgSpec::new::<bool>("f", "f", "f").usage("Force it.");
    /// assert_eq!(spec.usage, "Force it.");
    /// ```
    pub fn usage(mut self, usage: &'static str) -> Self {
        self.usage = usage;
        self
    }

    /// Sets the default from a typed value, written with [`ArgValue::to_arg`].
    ///
    /// ```
    /// let spec = function_core::plugin::ArgSpec::new::<bool>("enable_cache", "enable-cache", "enableCache")
    ///     .default_value(true);
    /// assert_eq!(spec.template(), "--enable-cache=${enableCache:=true}");
    /// ```
    pub fn default_value<T: ArgValue>(mut self, value: T) -> Self {
        self.default = Some(value.to_arg());
        self
    }

    /// Marks the variable as one the operator provides: it is left out of
    /// [`PluginFunction::parameters`](super::PluginFunction::parameters) and never required.
    ///
    /// ```
    /// let spec = function_core::plugin::ArgSpec::new::<String>("snapshot", "snapshot", "snapshot").builtin();
    /// assert!(spec.builtin);
    /// assert!(spec.parameter().is_none());
    /// ```
    pub fn builtin(mut self) -> Self {
        self.builtin = true;
        self
    }

    /// Sets the Helm value that supplies the default in a chart.
    ///
    /// ```
    /// let spec = function_core::plugin::ArgSpec::new::<u32>("t", "t", "t").helm_value("waitTimeout");
    /// assert_eq!(spec.helm_value, Some("waitTimeout"));
    /// ```
    pub fn helm_value(mut self, key: &'static str) -> Self {
        self.helm_value = Some(key);
        self
    }

    /// Marks the argument as one that must be given a value (`#[arg(required)]`).
    ///
    /// The operator passes every flag of the template, and an unset variable with no default
    /// reaches the plugin as the empty value (`--backupsession=`), so a required argument
    /// refuses both: a missing flag is [`ArgsError::MissingFlag`](super::ArgsError::MissingFlag)
    /// and an empty value [`ArgsError::EmptyValue`](super::ArgsError::EmptyValue). The template
    /// is unchanged (`--flag=${var:=}`); the Addon parameter, for an argument that is not built
    /// in, says `required: true`. A required argument takes no default (the rule
    /// [`RequiredWithDefault`](crate::rules::Rule::RequiredWithDefault)).
    ///
    /// ```
    /// use function_core::plugin::{ArgSpec, ArgsError, ParsedArgs};
    ///
    /// let spec = ArgSpec::new::<String>("backup_session", "backupsession", "backupSession")
    ///     .builtin()
    ///     .required();
    /// assert!(spec.is_required());
    /// assert!(spec.parameter().is_none()); // built in: not a parameter
    /// let mut args = ParsedArgs::parse(vec![spec], None, ["--backupsession="])?;
    /// assert_eq!(args.take::<String>(0).unwrap_err().to_string(),
    ///            "the required flag `--backupsession` is empty: nothing set the variable `backupSession`");
    /// # Ok::<(), ArgsError>(())
    /// ```
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Sets how the template writes the variable and its default: `${var=default}`,
    /// `${var:-default}` (the same meaning as `${var:=default}` to the engine), or `${var}`
    /// ([`DefaultOp::Bare`]: no default, and the operator refuses to run the Function while
    /// nothing sets the variable). The parser is the same for all of them.
    ///
    /// ```
    /// use function_core::plugin::ArgSpec;
    /// use function_core::rules::DefaultOp;
    ///
    /// let spec = ArgSpec::new::<u32>("t", "wait-timeout", "waitTimeout").default_value(300u32).op(DefaultOp::ColonDash);
    /// assert_eq!(spec.template(), "--wait-timeout=${waitTimeout:-300}");
    /// let spec = ArgSpec::new::<String>("dir", "interim-data-dir", "INTERIM_DATA_DIR").op(DefaultOp::Bare);
    /// assert_eq!(spec.template(), "--interim-data-dir=${INTERIM_DATA_DIR}");
    /// ```
    pub fn op(mut self, op: DefaultOp) -> Self {
        self.op = op;
        self
    }

    /// Whether the argument is required: marked [`required`](Self::required), or with no
    /// default, not `Option`/`Vec` and not built in. A missing flag of a required argument is
    /// an error; an empty value is an error only when it is marked.
    ///
    /// ```
    /// use function_core::plugin::ArgSpec;
    ///
    /// assert!(ArgSpec::new::<String>("paths", "paths", "paths").is_required());
    /// assert!(!ArgSpec::new::<Vec<String>>("paths", "paths", "paths").is_required());
    /// assert!(ArgSpec::new::<Vec<String>>("paths", "paths", "paths").required().is_required());
    /// ```
    pub fn is_required(&self) -> bool {
        self.required || (self.default.is_none() && !self.optional && !self.builtin)
    }

    /// The argument's template: `--flag=${var:=default}`, or `--flag=${var:=}` with no default
    /// (with [`op`](Self::op)'s operator in place of `:=`).
    ///
    /// ```
    /// let spec = function_core::plugin::ArgSpec::new::<String>("backup_session", "backupsession", "backupSession");
    /// assert_eq!(spec.template(), "--backupsession=${backupSession:=}");
    /// ```
    pub fn template(&self) -> String {
        let default = self.default.as_deref().unwrap_or("");
        let op = self.op.text();
        let mut out =
            String::with_capacity(self.flag.len() + self.var.len() + default.len() + op.len() + 6);
        out.push_str("--");
        out.push_str(self.flag);
        out.push_str("=${");
        out.push_str(self.var);
        out.push_str(op);
        out.push_str(default);
        out.push('}');
        out
    }

    /// The Addon parameter definition of this field; `None` for a built-in variable.
    ///
    /// ```
    /// use function_core::plugin::ArgSpec;
    ///
    /// let p = ArgSpec::new::<String>("paths", "paths", "paths").usage("Paths to back up.").parameter().unwrap();
    /// assert_eq!((p.name.as_str(), p.usage.as_str(), p.required, p.default.as_str()),
    ///            ("paths", "Paths to back up.", true, ""));
    /// ```
    #[cfg(feature = "api")]
    pub fn parameter(&self) -> Option<ParameterDefinition> {
        if self.builtin {
            return None;
        }
        Some(ParameterDefinition {
            name: self.var.to_owned(),
            usage: self.usage.to_owned(),
            required: self.is_required(),
            default: self.default.clone().unwrap_or_default(),
        })
    }
}
