//! A `Function` object read into what its `#[derive(Function)]` struct says: the fields (one per
//! `--flag=${var:=default}` argument), the verbatim arguments, and the other spec fields.
//!
//! An argument becomes a field when the derive writes it back exactly: `--FLAG=${VAR OP DEFAULT}`
//! with a valid flag and variable (each used once), `OP` one of `:=`, `=`, `:-` (or none, `${VAR}`),
//! and a default the rules accept that the field's type writes back unchanged (`300` as a `u32`,
//! `0300` only as a `String`). Anything else (literal words, positional values, two variables in
//! one argument, other expansions, a second use of a flag or variable) is kept as a verbatim
//! argument: template-only, written as is.

use std::collections::BTreeMap;

use function_core::api::{Function, ParameterDefinition};
use function_core::envsubst::{Operator, Part, Template};
use function_core::plugin::ArgValue;
use function_rules::{ArgDefault, ArgDescription, DefaultOp, FunctionDescription, Item};
use serde_json::Value;

use function_core::lint::{Diagnostic, ObjectRef};

use crate::error::{Origin, Problems};
use crate::ident::{self, Names};

/// The base type of a field, inferred from the texts it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Base {
    Bool,
    U32,
    U64,
    I64,
    Path,
    Str,
}

impl Base {
    /// Infers the narrowest type that reads every text: `true`/`false` → `bool`; decimal numbers
    /// without a leading zero → `u32`, `u64` or `i64`; absolute paths → `PathBuf`; else `String`.
    pub(crate) fn infer<'a>(texts: impl IntoIterator<Item = &'a str>) -> Base {
        let texts: Vec<&str> = texts.into_iter().collect();
        if texts.is_empty() {
            return Base::Str;
        }
        let all = |f: &dyn Fn(&str) -> bool| texts.iter().all(|t| f(t));
        if all(&|t| t == "true" || t == "false") {
            Base::Bool
        } else if all(&|t| is_decimal(t) && t.parse::<u32>().is_ok()) {
            Base::U32
        } else if all(&|t| is_decimal(t) && t.parse::<u64>().is_ok()) {
            Base::U64
        } else if all(&|t| is_decimal(t.strip_prefix('-').unwrap_or(t)) && t.parse::<i64>().is_ok())
        {
            Base::I64
        } else if all(&|t| t.starts_with('/')) {
            Base::Path
        } else {
            Base::Str
        }
    }

    /// Whether the field type writes `text` back unchanged after reading it
    /// ([`ArgValue`]'s round trip).
    pub(crate) fn round_trips(self, text: &str) -> bool {
        fn check<T: ArgValue>(text: &str) -> bool {
            T::parse_arg(text).is_ok_and(|v| v.to_arg() == text)
        }
        match self {
            Base::Bool => check::<bool>(text),
            Base::U32 => check::<u32>(text),
            Base::U64 => check::<u64>(text),
            Base::I64 => check::<i64>(text),
            Base::Path => check::<std::path::PathBuf>(text),
            Base::Str => check::<String>(text),
        }
    }

    /// Whether the empty text is a value of this type (so an empty default needs no `Option`).
    pub(crate) fn reads_empty(self) -> bool {
        matches!(self, Base::Path | Base::Str)
    }
}

/// `0`, or digits without a leading zero.
fn is_decimal(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

/// A field's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct FieldType {
    pub base: Base,
    pub optional: bool,
}

/// One field of the struct.
#[derive(Clone, Debug)]
pub(crate) struct FieldModel {
    pub ident: syn::Ident,
    pub flag: String,
    pub var: String,
    pub op: DefaultOp,
    pub ty: FieldType,
    /// `#[arg(default = ...)]`, as text.
    pub default: Option<String>,
    /// The default the derive gives a built-in without one (`namespace`: `default`).
    pub implicit_default: Option<&'static str>,
    pub builtin: bool,
    /// The doc comment.
    pub doc: String,
    /// `#[arg(usage = "...")]`, when the usage cannot be the doc comment.
    pub usage_attr: Option<String>,
}

impl FieldModel {
    /// The field's name without `r#`.
    pub(crate) fn name(&self) -> String {
        ident::unraw(&self.ident)
    }

    /// Whether the derive's flag (the name in kebab-case) differs from the flag.
    pub(crate) fn needs_flag(&self) -> bool {
        function_rules::default_flag(&self.name()) != self.flag
    }

    /// Whether the derive's variable (the name in camelCase) differs from the variable.
    pub(crate) fn needs_var(&self) -> bool {
        function_rules::default_variable(&self.name()) != self.var
    }

    /// The usage of the derived parameter.
    pub(crate) fn usage(&self) -> &str {
        self.usage_attr.as_deref().unwrap_or(&self.doc)
    }

    /// The Addon parameter the derive gives this field (`None` for a built-in).
    pub(crate) fn parameter(&self) -> Option<ParameterDefinition> {
        if self.builtin {
            return None;
        }
        let default = self.default.as_deref().or(self.implicit_default);
        Some(ParameterDefinition {
            name: self.var.clone(),
            usage: self.usage().to_owned(),
            required: default.is_none() && !self.ty.optional,
            default: default.unwrap_or_default().to_owned(),
        })
    }
}

/// An argument after the subcommand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ArgItem {
    /// The field at this index.
    Field(usize),
    /// A template-only argument.
    Verbatim(String),
}

/// A Function as its struct describes it.
#[derive(Clone, Debug)]
pub(crate) struct FunctionModel {
    pub object: ObjectRef,
    pub origin: Origin,
    pub type_name: String,
    pub image: String,
    pub subcommand: Option<String>,
    pub available_versions: Vec<String>,
    pub command: Vec<String>,
    pub working_dir: Option<String>,
    pub items: Vec<ArgItem>,
    pub fields: Vec<FieldModel>,
    /// `ports`, `volumeMounts`, `volumeDevices` and `runtimeSettings`, as JSON, when set.
    pub ports: Option<Value>,
    pub volume_mounts: Option<Value>,
    pub volume_devices: Option<Value>,
    pub runtime_settings: Option<Value>,
}

impl FunctionModel {
    /// The Addon parameters the derive gives the struct, in field order.
    pub(crate) fn parameters(&self) -> Vec<ParameterDefinition> {
        self.fields
            .iter()
            .filter_map(FieldModel::parameter)
            .collect()
    }

    /// Whether the arguments interleave verbatim ones (then `args = [...]` lists them all).
    pub(crate) fn has_verbatim(&self) -> bool {
        self.items.iter().any(|i| matches!(i, ArgItem::Verbatim(_)))
    }
}

/// What the Addons say about a Function's variables: the parameters their tasks declare for it.
#[derive(Clone, Debug, Default)]
pub(crate) struct ParameterUse<'a> {
    /// For each variable, the parameters named after it, in input order.
    pub by_var: BTreeMap<String, Vec<&'a ParameterDefinition>>,
}

impl ParameterUse<'_> {
    fn usage(&self, var: &str) -> Option<&str> {
        self.by_var
            .get(var)?
            .iter()
            .map(|p| p.usage.as_str())
            .find(|u| !u.is_empty())
    }

    fn defaults(&self, var: &str) -> Vec<&str> {
        self.by_var
            .get(var)
            .map(|ps| {
                ps.iter()
                    .map(|p| p.default.as_str())
                    .filter(|d| !d.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    fn declares(&self, var: &str) -> bool {
        self.by_var.contains_key(var)
    }
}

/// Reads `function` into a model; problems go to `problems`.
pub(crate) fn analyze(
    function: &Function,
    object: ObjectRef,
    origin: Origin,
    type_name: String,
    uses: &ParameterUse<'_>,
    errors: &mut Vec<Diagnostic>,
) -> FunctionModel {
    let mut problems = Problems {
        object: &object,
        origin: &origin,
        errors,
    };
    let spec = &function.spec;
    crate::metadata::check(&function.metadata, &mut problems);
    if spec.image.is_empty() {
        problems.push("spec.image", "a Function needs an image");
    }
    let mut args = spec.args.iter().map(String::as_str).peekable();
    let subcommand = args
        .next_if(|a| function_rules::check_subcommand(a).is_ok())
        .map(str::to_owned);
    let mut items = Vec::new();
    let mut fields: Vec<FieldModel> = Vec::new();
    let mut names = Names::snake();
    for arg in args {
        match field(arg, &fields, uses, &mut names) {
            Some(f) => {
                items.push(ArgItem::Field(fields.len()));
                fields.push(f);
            }
            None => items.push(ArgItem::Verbatim(arg.to_owned())),
        }
    }

    check(
        &object.name,
        spec,
        subcommand.as_deref(),
        &items,
        &fields,
        &mut problems,
    );

    // Serialising these types does not fail (string keys, no fallible `Serialize`); were it to,
    // the `null` would be reported by the value writer.
    let json = |v: Result<Value, serde_json::Error>| v.unwrap_or(Value::Null);
    FunctionModel {
        type_name,
        image: spec.image.clone(),
        subcommand,
        available_versions: spec.available_versions.clone(),
        command: spec.command.clone(),
        working_dir: (!spec.working_dir.is_empty()).then(|| spec.working_dir.clone()),
        items,
        fields,
        ports: (!spec.ports.is_empty()).then(|| json(serde_json::to_value(&spec.ports))),
        volume_mounts: (!spec.volume_mounts.is_empty())
            .then(|| json(serde_json::to_value(&spec.volume_mounts))),
        volume_devices: (!spec.volume_devices.is_empty())
            .then(|| json(serde_json::to_value(&spec.volume_devices))),
        runtime_settings: spec
            .runtime_settings
            .as_ref()
            .map(|r| json(serde_json::to_value(r))),
        object,
        origin,
    }
}

/// Runs the one list of checks a Function must pass (`function_rules::check_function`, what
/// the derive runs) over what the struct will say, each failure named by its field in the
/// object.
fn check(
    name: &str,
    spec: &function_core::api::FunctionSpec,
    subcommand: Option<&str>,
    items: &[ArgItem],
    fields: &[FieldModel],
    problems: &mut Problems<'_>,
) {
    let defaults: Vec<Option<&str>> = fields
        .iter()
        .map(|f| f.default.as_deref().or(f.implicit_default))
        .collect();
    let description = FunctionDescription {
        name: Some(name),
        image: (!spec.image.is_empty()).then_some(spec.image.as_str()),
        available_versions: spec.available_versions.iter().map(String::as_str).collect(),
        subcommand,
        args: fields
            .iter()
            .zip(&defaults)
            .map(|(f, default)| ArgDescription {
                default: default.map_or(ArgDefault::None, ArgDefault::Text),
                builtin: f.builtin,
                op: f.op,
                ..ArgDescription::new(&f.flag, &f.var)
            })
            .collect(),
    };
    // The index in `spec.args` of each field's argument.
    let offset = usize::from(subcommand.is_some());
    let field_arg: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| matches!(item, ArgItem::Field(_)))
        .map(|(i, _)| i + offset)
        .collect();
    for failure in function_rules::check_function(&description) {
        let field = match failure.item {
            Item::Name => "metadata.name".to_owned(),
            Item::Image => "spec.image".to_owned(),
            Item::AvailableVersions => "spec.availableVersions".to_owned(),
            Item::AvailableVersion(i) => format!("spec.availableVersions[{i}]"),
            Item::Subcommand => "spec.args[0]".to_owned(),
            Item::Arg(i, _) => format!("spec.args[{}]", field_arg.get(i).copied().unwrap_or(i)),
            _ => "spec".to_owned(),
        };
        problems.push(field, failure.error.message());
    }
}

/// The pieces of `--FLAG=${VAR OP DEFAULT}`, if the argument has that shape, as the engine
/// parses it (its template view): literal text `--FLAG=`, then one expression to the end, of a
/// default form or `${VAR}`, without a nested expression.
pub(crate) fn split_field_arg(arg: &str) -> Option<(&str, &str, DefaultOp, &str)> {
    let template = Template::parse(arg).ok()?;
    let mut parts = template.parts();
    let (Some(Part::Text { text: head, .. }), Some(Part::Expression(e)), None) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let flag = head.strip_prefix("--")?.strip_suffix('=')?;
    if flag.contains('=') || e.span().end != arg.len() || e.has_nested() {
        return None;
    }
    let op = match e.operator() {
        Operator::Value => DefaultOp::Bare,
        Operator::AssignColon => DefaultOp::ColonEquals,
        Operator::Assign => DefaultOp::Equals,
        Operator::DefaultColon => DefaultOp::ColonDash,
        _ => return None,
    };
    // Slices of `arg` by the view's spans (the view borrows the template, dropped here).
    let default = e.default().map_or("", |d| &arg[d.span()]);
    Some((&arg[2..2 + flag.len()], &arg[e.name_span()], op, default))
}

/// The field for `arg`, or `None` when the derive cannot write it back exactly.
fn field(
    arg: &str,
    earlier: &[FieldModel],
    uses: &ParameterUse<'_>,
    names: &mut Names,
) -> Option<FieldModel> {
    let (flag, var, op, default) = split_field_arg(arg)?;
    let valid = function_rules::check_flag(flag).is_ok()
        && function_rules::check_variable_name(var).is_ok()
        && function_rules::check_default_text(default).is_ok()
        && !earlier.iter().any(|f| f.flag == flag || f.var == var);
    if !valid {
        return None;
    }
    // A variable the operator provides is built in, unless an Addon declares it as a
    // parameter: then it is one, as the Addon says.
    let builtin = function_rules::builtin(var).filter(|_| !uses.declares(var));
    let conventional = builtin.and_then(|b| b.default);

    let mut evidence = uses.defaults(var);
    if !default.is_empty() {
        evidence.insert(0, default);
    }
    let mut base = Base::infer(evidence);
    if !default.is_empty() && !base.round_trips(default) {
        base = Base::Str;
    }
    let (ty, explicit, implicit) = match (op, default, conventional) {
        // The derive would give `${namespace:=default}`: no way to write `${namespace}`.
        (DefaultOp::Bare, _, Some(_)) => return None,
        (_, d, Some(c)) if op != DefaultOp::Bare && d == c => (
            FieldType {
                base,
                optional: false,
            },
            None,
            Some(c),
        ),
        (_, "", Some(_)) => (
            FieldType {
                base: Base::Str,
                optional: false,
            },
            Some(String::new()),
            None,
        ),
        (DefaultOp::Bare, _, None) => (
            FieldType {
                base,
                optional: !base.reads_empty(),
            },
            None,
            None,
        ),
        (_, "", None) => (
            FieldType {
                base,
                // A built-in with no default reads the empty text as its type's (`""`), as the
                // upstream catalog's `backupSession`; an argument takes `None`.
                optional: builtin.is_none() || !base.reads_empty(),
            },
            None,
            None,
        ),
        (_, d, _) => (
            FieldType {
                base,
                optional: false,
            },
            Some(d.to_owned()),
            None,
        ),
    };

    // The field's name: the one that needs the fewest attributes, then the one with more
    // words, then the flag's.
    let candidates = [
        ident::snake_name(flag, "arg_", "arg"),
        ident::snake_name(var, "arg_", "arg"),
    ];
    let cost = |name: &str| {
        let plain = ident::unraw(&ident::ident(name));
        usize::from(function_rules::default_flag(&plain) != flag)
            + usize::from(function_rules::default_variable(&plain) != var)
    };
    let words = |name: &str| name.matches('_').count();
    let best = candidates
        .iter()
        .enumerate()
        .min_by_key(|(i, c)| (cost(c), usize::MAX - words(c), *i))
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    let name = names.claim(&best);

    let usage = uses.usage(var).map(str::to_owned);
    let (doc, usage_attr) = match usage {
        Some(u) if function_rules::is_doc_usage(&u) => (u, None),
        Some(u) => (generated_doc(flag, var, builtin.is_some()), Some(u)),
        None => (generated_doc(flag, var, builtin.is_some()), None),
    };
    Some(FieldModel {
        ident: ident::ident(&name),
        flag: flag.to_owned(),
        var: var.to_owned(),
        op,
        ty,
        default: explicit,
        implicit_default: implicit,
        builtin: builtin.is_some(),
        doc,
        usage_attr,
    })
}

fn generated_doc(flag: &str, var: &str, builtin: bool) -> String {
    if builtin {
        format!("`${{{var}}}`, set by the operator (`--{flag}`).")
    } else {
        format!("The `--{flag}` argument (`${{{var}}}`).")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_arguments_split() {
        assert_eq!(
            split_field_arg("--wait-timeout=${waitTimeout:=300}"),
            Some(("wait-timeout", "waitTimeout", DefaultOp::ColonEquals, "300"))
        );
        assert_eq!(
            split_field_arg("--a=${b:-}"),
            Some(("a", "b", DefaultOp::ColonDash, ""))
        );
        assert_eq!(
            split_field_arg("--a=${b=c}"),
            Some(("a", "b", DefaultOp::Equals, "c"))
        );
        assert_eq!(
            split_field_arg("--a=${b}"),
            Some(("a", "b", DefaultOp::Bare, ""))
        );
        for other in [
            "backup",
            "${b:=c}",
            "--a=x${b}",
            "--a=${b}x",
            "--a=${b}:${c}",
            "--a=${b:+c}",
            "--a=${b:=${c}}",
            "-a=${b}",
            "--a",
        ] {
            assert_eq!(split_field_arg(other), None, "{other}");
        }
    }

    #[test]
    fn inference() {
        assert_eq!(Base::infer(["true"]), Base::Bool);
        assert_eq!(Base::infer(["true", "false"]), Base::Bool);
        assert_eq!(Base::infer(["True"]), Base::Str);
        assert_eq!(Base::infer(["300"]), Base::U32);
        assert_eq!(Base::infer(["0"]), Base::U32);
        assert_eq!(Base::infer(["0300"]), Base::Str);
        assert_eq!(Base::infer(["5000000000"]), Base::U64);
        assert_eq!(Base::infer(["-5"]), Base::I64);
        assert_eq!(Base::infer(["-05"]), Base::Str);
        assert_eq!(Base::infer(["/kubestash-tmp"]), Base::Path);
        assert_eq!(Base::infer(["/a", "b"]), Base::Str);
        assert_eq!(Base::infer(["300", "abc"]), Base::Str);
        assert_eq!(Base::infer([]), Base::Str);
        assert!(Base::U32.round_trips("300"));
        assert!(!Base::Bool.round_trips("True"));
        assert!(Base::Path.round_trips("/a/b/"));
    }
}
