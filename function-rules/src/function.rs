//! The checks a Function description must pass, in one list: [`check_function`].
//!
//! `#[derive(Function)]` builds a [`FunctionDescription`] from its attributes and reports each
//! [`Failure`] as a compile error on the attribute its [`Item`] names; `function_core`'s
//! `plugin::validate` builds one from a derived type's `FunctionInfo` and `ArgSpec`s and returns
//! the failures at run time. Both call [`check_function`], so a check added here is enforced by
//! both.
//!
//! The list itself, with what each check concerns, is documented on [`check_function`].
//!
//! ```
//! use function_rules::{ArgDefault, ArgDescription, ArgPart, FunctionDescription, Item, Rule, check_function};
//!
//! let function = FunctionDescription {
//!     name: Some("postgres-backup"),
//!     image: Some("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}"),
//!     available_versions: vec!["16.4"],
//!     subcommand: Some("backup"),
//!     args: vec![
//!         ArgDescription { default: ArgDefault::Text("300"), helm_value: Some("waitTimeout"), ..ArgDescription::new("wait-timeout", "waitTimeout") },
//!         ArgDescription { helm_value: Some("user"), ..ArgDescription::new("user", "user") },
//!     ],
//! };
//! let failures = check_function(&function);
//! assert_eq!(failures.len(), 1);
//! assert_eq!(failures[0].item, Item::Arg(1, ArgPart::HelmValue));
//! assert_eq!(failures[0].error.rule(), Rule::HelmValueWithoutDefault);
//! ```

use std::fmt;

use crate::{
    Rule, RuleError, check_builtin, check_default_text, check_distinct, check_flag,
    check_function_name, check_helm_value, check_image, check_subcommand, check_variable_name,
    check_versions, shown,
};

#[cfg(doc)]
use crate::check_available_version;

/// A Function as the checks see it: what `#[function(...)]` and each field's `#[arg(...)]` say,
/// or what a derived type's `FunctionInfo` and `ArgSpec`s hold at run time.
///
/// ```
/// use function_rules::{ArgDescription, FunctionDescription, check_function};
///
/// let function = FunctionDescription {
///     name: Some("pvc-backup"),
///     image: Some("ghcr.io/kubestash/pvc:v0.28.0"),
///     args: vec![ArgDescription::new("paths", "paths")],
///     ..FunctionDescription::default()
/// };
/// assert!(check_function(&function).is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FunctionDescription<'a> {
    /// The Function's name; `None` when it is not known (the derive has already reported it
    /// missing), which skips its check.
    pub name: Option<&'a str>,
    /// The container image; `None` when it is not known, which skips its checks and those of
    /// the available versions.
    pub image: Option<&'a str>,
    /// The tags `${DB_VERSION}` may take.
    pub available_versions: Vec<&'a str>,
    /// The first argument, if any.
    pub subcommand: Option<&'a str>,
    /// The arguments, in order.
    pub args: Vec<ArgDescription<'a>>,
}

/// How a field's template writes its variable and default: `${var:=default}` and the other
/// forms the engine gives the same meaning (the default when the variable is unset, the value,
/// even empty, when it is set), or `${var}` with no default, which the operator refuses to
/// resolve while nothing sets the variable.
///
/// ```
/// use function_rules::DefaultOp;
///
/// assert_eq!(DefaultOp::default(), DefaultOp::ColonEquals);
/// assert_eq!(DefaultOp::parse(":-"), Some(DefaultOp::ColonDash));
/// assert_eq!(DefaultOp::parse(""), Some(DefaultOp::Bare));
/// assert_eq!(DefaultOp::parse(":+"), None);
/// assert_eq!(DefaultOp::Equals.text(), "=");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DefaultOp {
    /// `${var:=default}`: what a field's template writes unless told otherwise.
    #[default]
    ColonEquals,
    /// `${var=default}`.
    Equals,
    /// `${var:-default}`.
    ColonDash,
    /// `${var}`: no default. The operator fails when nothing sets the variable.
    Bare,
}

impl DefaultOp {
    /// Every form, in the order of the docs.
    pub const ALL: [DefaultOp; 4] = [
        DefaultOp::ColonEquals,
        DefaultOp::Equals,
        DefaultOp::ColonDash,
        DefaultOp::Bare,
    ];

    /// The text between the variable and the default: `:=`, `=`, `:-`, or nothing.
    pub const fn text(self) -> &'static str {
        match self {
            DefaultOp::ColonEquals => ":=",
            DefaultOp::Equals => "=",
            DefaultOp::ColonDash => ":-",
            DefaultOp::Bare => "",
        }
    }

    /// The form written `text` (what [`text`](Self::text) gives), if it is one.
    pub fn parse(text: &str) -> Option<DefaultOp> {
        DefaultOp::ALL.into_iter().find(|op| op.text() == text)
    }
}

/// One argument of a [`FunctionDescription`]: `--flag=${var:=default}`.
///
/// ```
/// use function_rules::{ArgDefault, ArgDescription, DefaultOp};
///
/// let arg = ArgDescription::new("wait-timeout", "waitTimeout");
/// assert_eq!((arg.flag, arg.var, arg.default.clone()), ("wait-timeout", "waitTimeout", ArgDefault::None));
/// assert!(!arg.builtin && !arg.required && arg.helm_value.is_none());
/// assert_eq!(arg.op, DefaultOp::ColonEquals);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDescription<'a> {
    /// The flag, without its `--`.
    pub flag: &'a str,
    /// The variable the template reads.
    pub var: &'a str,
    /// The default the template writes, a built-in's implicit one included.
    pub default: ArgDefault<'a>,
    /// Whether the variable is one the operator provides.
    pub builtin: bool,
    /// The Helm value that supplies the default in a chart.
    pub helm_value: Option<&'a str>,
    /// Whether the argument must be given a non-empty value (`#[arg(required)]`).
    pub required: bool,
    /// How the template writes the variable and its default (`#[arg(op = "...")]`).
    pub op: DefaultOp,
}

impl<'a> ArgDescription<'a> {
    /// An argument with this flag and variable: no default, not built in, no Helm value, not
    /// required, written `${var:=...}`.
    pub fn new(flag: &'a str, var: &'a str) -> Self {
        ArgDescription {
            flag,
            var,
            default: ArgDefault::None,
            builtin: false,
            helm_value: None,
            required: false,
            op: DefaultOp::ColonEquals,
        }
    }
}

/// An argument's default, as far as it is known.
///
/// ```
/// use function_rules::ArgDefault;
///
/// assert!(!ArgDefault::None.is_some());
/// assert!(ArgDefault::Opaque.is_some());
/// assert_eq!(ArgDefault::List(vec![Some("a"), Some("b")]).text().as_deref(), Some("a,b"));
/// assert_eq!(ArgDefault::List(vec![Some("a"), None]).text(), None);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ArgDefault<'a> {
    /// No default: the template writes `${var:=}`.
    #[default]
    None,
    /// The default's text, as the template writes it.
    Text(&'a str),
    /// A list default, item by item (the template joins them with `,`); `None` for an item
    /// whose text is known only at run time. Only the derive sees a list as items.
    List(Vec<Option<&'a str>>),
    /// A default whose text is known only at run time (an expression such as `300` or
    /// `Level::Info`, as the derive sees it).
    Opaque,
}

impl ArgDefault<'_> {
    /// Whether there is a default.
    pub fn is_some(&self) -> bool {
        !matches!(self, ArgDefault::None)
    }

    /// The text the template writes, when it is known.
    pub fn text(&self) -> Option<String> {
        match self {
            ArgDefault::None | ArgDefault::Opaque => None,
            ArgDefault::Text(text) => Some((*text).to_owned()),
            ArgDefault::List(items) => items
                .iter()
                .copied()
                .collect::<Option<Vec<&str>>>()
                .map(|items| items.join(",")),
        }
    }
}

/// What part of a [`FunctionDescription`] a [`Failure`] concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Item {
    /// The name.
    Name,
    /// The image.
    Image,
    /// The list of available versions as a whole (including its absence).
    AvailableVersions,
    /// The available version at this index.
    AvailableVersion(usize),
    /// The subcommand.
    Subcommand,
    /// A part of the argument at this index.
    Arg(usize, ArgPart),
}

/// What part of an argument a [`Failure`] concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ArgPart {
    /// Its flag.
    Flag,
    /// Its variable.
    Variable,
    /// Its default.
    Default,
    /// The item at this index of its list default.
    DefaultItem(usize),
    /// Its being built in.
    Builtin,
    /// Its Helm value.
    HelmValue,
    /// Its being required.
    Required,
    /// How its template writes the variable ([`DefaultOp`]).
    Op,
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Name => f.write_str("name"),
            Item::Image => f.write_str("image"),
            Item::AvailableVersions => f.write_str("available versions"),
            Item::AvailableVersion(i) => write!(f, "available version {}", i + 1),
            Item::Subcommand => f.write_str("subcommand"),
            Item::Arg(i, part) => {
                let part = match part {
                    ArgPart::Flag => "flag".to_owned(),
                    ArgPart::Variable => "variable".to_owned(),
                    ArgPart::Default => "default".to_owned(),
                    ArgPart::DefaultItem(j) => format!("default item {}", j + 1),
                    ArgPart::Builtin => "builtin".to_owned(),
                    ArgPart::HelmValue => "helm value".to_owned(),
                    ArgPart::Required => "required".to_owned(),
                    ArgPart::Op => "operator".to_owned(),
                };
                write!(f, "argument {} {part}", i + 1)
            }
        }
    }
}

/// One failed check: the item it concerns, the other item involved (the first use of a
/// repeated flag or variable), and the error.
///
/// ```
/// use function_rules::{ArgDescription, ArgPart, FunctionDescription, Item, check_function};
///
/// let function = FunctionDescription {
///     name: Some("a"),
///     image: Some("b"),
///     args: vec![ArgDescription::new("x", "x"), ArgDescription::new("x", "y")],
///     ..FunctionDescription::default()
/// };
/// let failures = check_function(&function);
/// assert_eq!(failures[0].item, Item::Arg(1, ArgPart::Flag));
/// assert_eq!(failures[0].related, Some(Item::Arg(0, ArgPart::Flag)));
/// assert_eq!(failures[0].to_string(), "argument 2 flag: the flag `x` is used more than once");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// What the failure concerns.
    pub item: Item,
    /// Another item involved, if any.
    pub related: Option<Item>,
    /// What is wrong.
    pub error: RuleError,
}

impl Failure {
    fn new(item: Item, error: RuleError) -> Self {
        Failure {
            item,
            related: None,
            error,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.item, self.error)
    }
}

impl std::error::Error for Failure {}

/// The rules [`check_function`] applies, in the order it applies them (the table of the module
/// docs).
///
/// ```
/// assert_eq!(function_rules::CHECKS.len(), 15);
/// ```
pub const CHECKS: &[Rule] = &[
    Rule::FunctionName,
    Rule::Image,
    Rule::DbVersion,
    Rule::AvailableVersion,
    Rule::Subcommand,
    Rule::Flag,
    Rule::VariableName,
    Rule::DefaultText,
    Rule::ListItem,
    Rule::Builtin,
    Rule::HelmValue,
    Rule::HelmValueWithoutDefault,
    Rule::RequiredWithDefault,
    Rule::BareWithDefault,
    Rule::Duplicate,
];

/// Checks an item of a list default: it must read back as itself from the joined text, so it
/// cannot hold `,` (the separator, with no escaping), and a list of one empty item (written as
/// the empty text, which reads back as the empty list) is refused.
///
/// ```
/// use function_rules::check_list_item;
///
/// assert!(check_list_item("/data", 1).is_ok());
/// assert!(check_list_item("", 2).is_ok());
/// assert!(check_list_item("a,b", 2).is_err());
/// assert!(check_list_item("", 1).is_err());
/// ```
pub fn check_list_item(item: &str, items: usize) -> Result<(), RuleError> {
    if item.contains(',') {
        return Err(RuleError::new(
            Rule::ListItem,
            format!(
                "the list item `{}` contains `,`, which separates the items: it would be read \
                 back as several items",
                shown(item)
            ),
        ));
    }
    if item.is_empty() && items == 1 {
        return Err(RuleError::new(
            Rule::ListItem,
            "a list of one empty item is written as the empty text, which is read back as the \
             empty list: write `[]` for no items",
        ));
    }
    Ok(())
}

/// Runs every check of the list on `function` and returns every failure: the Function's own
/// items first, then argument by argument, then the repeated flags and variables.
///
/// | # | item | check | rule |
/// |---|---|---|---|
/// | 1 | [`Item::Name`] | a DNS-1123 subdomain ([`check_function_name`]) | [`Rule::FunctionName`] |
/// | 2 | [`Item::Image`] | an image reference, `${VAR}` only in the tag ([`check_image`]) | [`Rule::Image`] |
/// | 3 | [`Item::AvailableVersions`] | `${DB_VERSION}` in the image needs versions ([`check_versions`]) | [`Rule::DbVersion`] |
/// | 4 | [`Item::AvailableVersion`] | each version makes a valid tag ([`check_available_version`]) | [`Rule::AvailableVersion`] |
/// | 5 | [`Item::Subcommand`] | a plain word ([`check_subcommand`]) | [`Rule::Subcommand`] |
/// | 6 | [`ArgPart::Flag`] | a plain word without `--` ([`check_flag`]) | [`Rule::Flag`] |
/// | 7 | [`ArgPart::Variable`] | a name the engine parses ([`check_variable_name`]) | [`Rule::VariableName`] |
/// | 8 | [`ArgPart::Default`], [`ArgPart::DefaultItem`] | the text survives the template and the operator's JSON pass ([`check_default_text`]) | [`Rule::DefaultText`] |
/// | 9 | [`ArgPart::DefaultItem`] | a list item reads back as itself ([`check_list_item`]) | [`Rule::ListItem`] |
/// | 10 | [`ArgPart::Builtin`] | a built-in is a variable the operator provides ([`check_builtin`]) | [`Rule::Builtin`] |
/// | 11 | [`ArgPart::HelmValue`] | a key `{{ .Values.<key> }}` reads ([`check_helm_value`]) | [`Rule::HelmValue`] |
/// | 12 | [`ArgPart::HelmValue`] | a Helm value supplies a default, so the argument has one | [`Rule::HelmValueWithoutDefault`] |
/// | 13 | [`ArgPart::Required`] | a required argument has no default | [`Rule::RequiredWithDefault`] |
/// | 14 | [`ArgPart::Op`] | an argument written `${var}` ([`DefaultOp::Bare`]) has no default | [`Rule::BareWithDefault`] |
/// | 15 | [`ArgPart::Flag`], [`ArgPart::Variable`] | no flag twice, no variable twice ([`check_distinct`]) | [`Rule::Duplicate`] |
///
/// [`CHECKS`] lists the rules in this order (a test checks that this table and it agree). What only the Rust types can tell (an `Option`
/// field with a default, a quoted number) is checked by the derive alone; what only run time
/// can tell (the text of a default written as an expression, [`ArgDefault::Opaque`]) by
/// `plugin::validate` alone.
///
/// ```
/// use function_rules::{ArgDefault, ArgDescription, ArgPart, FunctionDescription, Item, Rule, check_function};
///
/// let function = FunctionDescription {
///     name: Some("Backup"),
///     image: Some("ghcr.io/kubestash/pvc:v1"),
///     args: vec![ArgDescription {
///         default: ArgDefault::Text("x"),
///         required: true,
///         ..ArgDescription::new("session", "backupSession")
///     }],
///     ..FunctionDescription::default()
/// };
/// let failures: Vec<_> = check_function(&function).into_iter().map(|f| (f.item, f.error.rule())).collect();
/// assert_eq!(failures, [
///     (Item::Name, Rule::FunctionName),
///     (Item::Arg(0, ArgPart::Required), Rule::RequiredWithDefault),
/// ]);
/// ```
pub fn check_function(function: &FunctionDescription<'_>) -> Vec<Failure> {
    let mut failures = Vec::new();
    if let Some(name) = function.name
        && let Err(e) = check_function_name(name)
    {
        failures.push(Failure::new(Item::Name, e));
    }
    if let Some(image) = function.image {
        match check_image(image) {
            Err(e) => failures.push(Failure::new(Item::Image, e)),
            Ok(reference) => {
                for (index, e) in check_versions(&reference, &function.available_versions) {
                    let item = index.map_or(Item::AvailableVersions, Item::AvailableVersion);
                    failures.push(Failure::new(item, e));
                }
            }
        }
    }
    if let Some(subcommand) = function.subcommand
        && let Err(e) = check_subcommand(subcommand)
    {
        failures.push(Failure::new(Item::Subcommand, e));
    }
    for (index, arg) in function.args.iter().enumerate() {
        check_arg(index, arg, &mut failures);
    }
    for (part, what) in [(ArgPart::Flag, "flag"), (ArgPart::Variable, "variable")] {
        let names: Vec<&str> = function
            .args
            .iter()
            .map(|a| if part == ArgPart::Flag { a.flag } else { a.var })
            .collect();
        for (i, first, e) in check_distinct(what, &names) {
            failures.push(Failure {
                item: Item::Arg(i, part),
                related: Some(Item::Arg(first, part)),
                error: e,
            });
        }
    }
    failures
}

fn check_arg(index: usize, arg: &ArgDescription<'_>, failures: &mut Vec<Failure>) {
    let at = |part| Item::Arg(index, part);
    if let Err(e) = check_flag(arg.flag) {
        failures.push(Failure::new(at(ArgPart::Flag), e));
    }
    if let Err(e) = check_variable_name(arg.var) {
        failures.push(Failure::new(at(ArgPart::Variable), e));
    }
    match &arg.default {
        ArgDefault::None | ArgDefault::Opaque => {}
        ArgDefault::Text(text) => {
            if let Err(e) = check_default_text(text) {
                failures.push(Failure::new(at(ArgPart::Default), e));
            }
        }
        ArgDefault::List(items) => {
            for (i, item) in items.iter().enumerate() {
                let Some(item) = item else { continue };
                let item_at = at(ArgPart::DefaultItem(i));
                if let Err(e) = check_default_text(item) {
                    failures.push(Failure::new(item_at, e));
                }
                if let Err(e) = check_list_item(item, items.len()) {
                    failures.push(Failure::new(item_at, e));
                }
            }
        }
    }
    if arg.builtin
        && let Err(e) = check_builtin(arg.var)
    {
        failures.push(Failure::new(at(ArgPart::Builtin), e));
    }
    if let Some(key) = arg.helm_value {
        if let Err(e) = check_helm_value(key) {
            failures.push(Failure::new(at(ArgPart::HelmValue), e));
        }
        if !arg.default.is_some() {
            failures.push(Failure::new(
                at(ArgPart::HelmValue),
                RuleError::new(
                    Rule::HelmValueWithoutDefault,
                    format!(
                        "`--{}` has the Helm value `{}` but no default: the value supplies the \
                         default in a chart, and `values.yaml` would hold an empty one; give the \
                         argument a default",
                        shown(arg.flag),
                        shown(key)
                    ),
                ),
            ));
        }
    }
    if arg.required && arg.default.is_some() {
        let default = match arg.default.text() {
            Some(text) => format!("the default `{}`", shown(&text)),
            None => "a default".to_owned(),
        };
        failures.push(Failure::new(
            at(ArgPart::Required),
            RuleError::new(
                Rule::RequiredWithDefault,
                format!(
                    "`--{}` is required but has {default}: the template would fill in the \
                     default, so `required` could never apply; drop one of them",
                    shown(arg.flag)
                ),
            ),
        ));
    }
    if arg.op == DefaultOp::Bare && arg.default.is_some() {
        let default = match arg.default.text() {
            Some(text) => format!("the default `{}`", shown(&text)),
            None => "a default".to_owned(),
        };
        failures.push(Failure::new(
            at(ArgPart::Op),
            RuleError::new(
                Rule::BareWithDefault,
                format!(
                    "`--{}` is written `${{{}}}`, which has no place for a default, but has \
                     {default}: drop the default, or write it with `:=`, `=` or `:-`",
                    shown(arg.flag),
                    shown(arg.var)
                ),
            ),
        ));
    }
}

#[cfg(test)]
mod tests;
