//! A Function's own checks: [`function_rules::check_function`] over a description made of its
//! YAML (the list the derive and `plugin::validate` run), and the operator's version rule.

use std::ops::Range;

use function_rules::{
    ArgDefault, ArgDescription, ArgPart, Failure, FunctionDescription, Item, Rule, check_function,
};

use super::templates::{DEFAULT_HELP, default_message};
use super::{Code, Diagnostic, Input, Site, diagnostic};
use crate::api::Function;
use crate::envsubst::Template;
use crate::resolve::{fixed_entries, uses_db_version, version_key};
use crate::yaml::FieldPath;

/// Where an argument of the description came from.
struct ArgSource {
    /// Its index in `spec.args`.
    index: usize,
    /// The expression `${var...}` in that argument.
    expression: Range<usize>,
}

/// The description of a YAML Function that [`check_function`] checks, and where each of its
/// arguments is in `spec.args`.
///
/// The arguments described are those of the shape the derive writes, `--flag=${var}` or
/// `--flag=${var:=default}` (also `=` and `:-`): the value after the first `=` is one whole
/// expression. A default that holds a nested expression is [`ArgDefault::Opaque`]. The first
/// argument is the subcommand when it is not a flag and holds no `$`.
fn describe(function: &Function) -> (FunctionDescription<'_>, Vec<ArgSource>) {
    let spec = &function.spec;
    let mut args = Vec::new();
    let mut sources = Vec::new();
    for (index, arg) in spec.args.iter().enumerate() {
        let Some(rest) = arg.strip_prefix("--") else {
            continue;
        };
        let Some((flag, value)) = rest.split_once('=') else {
            continue;
        };
        let value_start = 2 + flag.len() + 1;
        let Ok(template) = Template::parse(value) else {
            continue;
        };
        let mut expressions = template.expressions();
        let (Some(e), None) = (expressions.next(), expressions.next()) else {
            continue;
        };
        if e.span() != (0..value.len()) {
            continue;
        }
        let default = match e.default() {
            None if e.argument().is_none() => ArgDefault::None,
            None => continue,
            Some(d) if d.has_nested() => ArgDefault::Opaque,
            Some(d) => ArgDefault::Text(&value[d.span()]),
        };
        let var = &value[e.name_span()];
        args.push(ArgDescription {
            default,
            ..ArgDescription::new(flag, var)
        });
        sources.push(ArgSource {
            index,
            expression: value_start..value_start + value.len(),
        });
    }
    let subcommand = spec
        .args
        .first()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-') && !a.contains('$'));
    let description = FunctionDescription {
        name: Some(function.metadata.name.as_deref().unwrap_or_default()),
        image: Some(&spec.image),
        available_versions: spec.available_versions.iter().map(String::as_str).collect(),
        subcommand,
        args,
    };
    (description, sources)
}

/// The default text of the description's argument `j`, as written.
fn description_default(function: &Function, sources: &[ArgSource], j: usize) -> Option<String> {
    let arg = function.spec.args.get(sources.get(j)?.index)?;
    let value = &arg[sources[j].expression.clone()];
    let template = Template::parse(value).ok()?;
    let e = template.expressions().next()?;
    e.default().map(|d| d.source().to_owned())
}

/// The `spec.args` entries the description covers (their defaults are checked by the list).
pub(super) fn described_args(function: &Function) -> Vec<usize> {
    describe(function).1.into_iter().map(|s| s.index).collect()
}

fn spec() -> FieldPath {
    FieldPath::root().key("spec")
}

/// Runs the Function's checks.
pub(super) fn check(input: &Input<'_>, function: &Function, out: &mut Vec<Diagnostic>) {
    let (description, sources) = describe(function);
    let mut bad_versions = Vec::new();
    for failure in check_function(&description) {
        if let Some(d) = map_failure(input, function, &sources, &failure) {
            if let Item::AvailableVersion(i) = failure.item {
                bad_versions.push(i);
            }
            out.push(d);
        }
    }
    // The operator's own reading of a version: the first `major.minor[.patch]` number.
    for (i, version) in function.spec.available_versions.iter().enumerate() {
        if bad_versions.contains(&i) {
            continue;
        }
        if version_key(version).is_err() {
            out.push(diagnostic(
                input,
                Code::InvalidAvailableVersion,
                &Site::field(spec().key("availableVersions").index(i)),
                format!(
                    "the available version `{}` holds no `major.minor[.patch]` number: the \
                     operator reads one from every entry to choose ${{DB_VERSION}}, and fails on \
                     the whole list",
                    function_rules::shown(version)
                ),
                Some("write a version such as `16.4` or `16.4-bookworm`".to_owned()),
            ));
        }
    }
    check_fixed_table(input, function, out);
}

/// The operator's fixed table: for a Function whose name one of its entries matches, the
/// operator sets `${DB_VERSION}` itself for the database versions of that entry, whatever
/// `availableVersions` says (`resolve::FIXED_TABLE`).
fn check_fixed_table(input: &Input<'_>, function: &Function, out: &mut Vec<Diagnostic>) {
    let name = function.metadata.name.as_deref().unwrap_or_default();
    let entries = fixed_entries(name);
    if entries.is_empty() || !uses_db_version(function) {
        return;
    }
    let available = &function.spec.available_versions;
    let rewrites: Vec<String> = entries
        .iter()
        .map(|e| {
            let listed = if available.iter().any(|a| a == e.version) {
                ""
            } else {
                " (not in availableVersions)"
            };
            format!("`{}` → {}{listed}", e.db_version, e.version)
        })
        .collect();
    let patterns: Vec<&str> = entries.iter().map(|e| e.function).collect();
    let mut unique = patterns.clone();
    unique.dedup();
    out.push(diagnostic(
        input,
        Code::FixedVersionTable,
        &Site::field(FieldPath::root().key("metadata").key("name")),
        format!(
            "the operator's fixed table matches the name `{name}` (`{}`) and sets \
             ${{DB_VERSION}} itself, whatever availableVersions says, for database versions \
             matching {}",
            unique.join("`, `"),
            rewrites.join("; ")
        ),
        Some(format!(
            "publish the image with those tags too, or rename the Function so that the \
             unanchored pattern does not match it{}",
            rename_hint(name)
                .map(|n| format!(" (e.g. `{n}`)"))
                .unwrap_or_default()
        )),
    ));
}

/// A name like `name` that no entry of the table matches (`mongodb-backup` →
/// `mongodb-dump-backup`), if a simple one exists.
fn rename_hint(name: &str) -> Option<String> {
    let (first, rest) = name.split_once('-')?;
    [format!("{first}-dump-{rest}"), format!("{first}db-{rest}")]
        .into_iter()
        .find(|n| fixed_entries(n).is_empty())
}

/// The diagnostic of one failed check of the list, or `None` for a check that does not apply
/// to YAML (the same variable read by two arguments is fine there).
fn map_failure(
    input: &Input<'_>,
    function: &Function,
    sources: &[ArgSource],
    failure: &Failure,
) -> Option<Diagnostic> {
    let e = &failure.error;
    let message = e.message().to_owned();
    let arg = |i: usize| spec().key("args").index(sources[i].index);
    let (code, site, help) = match failure.item {
        Item::Name => (
            Code::InvalidName,
            Site::field(FieldPath::root().key("metadata").key("name")),
            Some("use lowercase letters, digits, `-` and `.`, e.g. `postgres-backup`".to_owned()),
        ),
        Item::Image => {
            let path = spec().key("image");
            let image = &function.spec.image;
            let offending = e
                .offset()
                .and_then(|at| Some((at, image.get(at..)?.chars().next()?)));
            let site = match offending {
                Some((at, c)) => Site::within(path, at..at + c.len_utf8()),
                None => Site::field(path),
            };
            (Code::InvalidImage, site, None)
        }
        Item::AvailableVersions => {
            let path = spec().key("image");
            let placeholder = function_rules::check_image(&function.spec.image)
                .ok()
                .and_then(|image| image.variable_range(function_rules::DB_VERSION));
            (
                Code::DbVersionWithoutVersions,
                match placeholder {
                    Some(range) => Site::within(path, range),
                    None => Site::field(path),
                },
                Some(
                    "list the tags ${DB_VERSION} may take under spec.availableVersions".to_owned(),
                ),
            )
        }
        Item::AvailableVersion(i) => (
            Code::InvalidAvailableVersion,
            Site::field(spec().key("availableVersions").index(i)),
            None,
        ),
        Item::Subcommand => (
            Code::InvalidArgument,
            Site::field(spec().key("args").index(0)),
            None,
        ),
        Item::Arg(i, ArgPart::Flag) if e.rule() == Rule::Duplicate => {
            let first = failure.related.and_then(|r| match r {
                Item::Arg(j, _) => Some(sources[j].index),
                _ => None,
            });
            let help = first.map(|j| {
                format!(
                    "spec.args[{j}] passes it first; a plugin reads one of the two (which one \
                     depends on its parser): drop one"
                )
            });
            (
                Code::DuplicateFlag,
                Site::within(arg(i), 0..function.spec.args[sources[i].index].len()),
                help,
            )
        }
        Item::Arg(_, ArgPart::Variable) if e.rule() == Rule::Duplicate => return None,
        Item::Arg(i, ArgPart::Default | ArgPart::DefaultItem(_)) => {
            let expression = &function.spec.args[sources[i].index][sources[i].expression.clone()];
            let default = match failure.item {
                Item::Arg(j, _) => match &description_default(function, sources, j) {
                    Some(d) => d.clone(),
                    None => String::new(),
                },
                _ => String::new(),
            };
            return Some(diagnostic(
                input,
                Code::DefaultHazard,
                &Site::within(arg(i), sources[i].expression.clone()),
                default_message(expression, &default, &message),
                Some(DEFAULT_HELP.to_owned()),
            ));
        }
        Item::Arg(i, _) => (
            Code::InvalidArgument,
            Site::within(arg(i), 0..function.spec.args[sources[i].index].len()),
            None,
        ),
        _ => (Code::InvalidArgument, Site::field(spec().key("args")), None),
    };
    Some(diagnostic(input, code, &site, message, help))
}
