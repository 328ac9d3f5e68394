//! Helm values: the bindings of variables' defaults to values keys, and their analysis.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::analyze::{Analysis, Problems};
use super::{Catalog, RESERVED_KEYS, bind};
use crate::plugin::ValueBounds;

/// A Helm value that supplies the default of a variable in Functions' arguments.
///
/// ```
/// use function_core::catalog::HelmValue;
///
/// let v = HelmValue::new("waitTimeout", "waitTimeout");
/// assert_eq!(v.function, None);
/// assert_eq!(v.to_string(), "waitTimeout (${waitTimeout} in every Function)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HelmValue {
    /// The values key: `.`-separated names of ASCII letters, digits and `_`, each starting
    /// with a letter (`waitTimeout`, `postgres.waitTimeout`).
    pub key: String,
    /// The variable whose default the value supplies.
    pub variable: String,
    /// The Function it applies to; `None` for every Function.
    pub function: Option<String>,
}

impl HelmValue {
    /// A value `key` for the variable `variable` in every Function.
    pub fn new(key: impl Into<String>, variable: impl Into<String>) -> Self {
        HelmValue {
            key: key.into(),
            variable: variable.into(),
            function: None,
        }
    }
}

impl fmt::Display for HelmValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.function {
            Some(function) => write!(
                f,
                "{} (${{{}}} in Function {function})",
                self.key, self.variable
            ),
            None => write!(f, "{} (${{{}}} in every Function)", self.key, self.variable),
        }
    }
}

impl Catalog {
    pub(super) fn analyze_values(&self, analysis: &mut Analysis, problems: &mut Problems<'_>) {
        // Keys: valid, not reserved, no clash with apps or with each other.
        let keys: BTreeSet<&str> = self.bindings.iter().map(|b| b.key.as_str()).collect();
        for &key in &keys {
            let segments: Vec<&str> = key.split('.').collect();
            if let Err(e) = function_rules::check_helm_value(key) {
                problems.global(format!("Helm value {}", e.message()));
                continue;
            }
            if RESERVED_KEYS.contains(&segments[0]) {
                problems.global(format!(
                    "Helm value `{key}`: `{}` is reserved by the chart",
                    segments[0]
                ));
            }
            if analysis.apps.contains_key(segments[0])
                && (segments.len() == 1 || segments[1] == "enabled")
            {
                problems.global(format!(
                    "Helm value `{key}`: clashes with the switch of app `{}` ({}.enabled)",
                    segments[0], segments[0]
                ));
            }
            if let Some(other) = keys.iter().find(|o| {
                o.len() > key.len() && o.starts_with(key) && o[key.len()..].starts_with('.')
            }) {
                problems.global(format!(
                    "Helm value `{key}` clashes with `{other}`: a value cannot also hold values"
                ));
            }
        }
        for b in &self.bindings {
            if let Some(f) = &b.function
                && !self
                    .functions
                    .iter()
                    .any(|x| x.metadata.name.as_deref() == Some(f))
            {
                problems.global(format!(
                    "Helm value {b}: Function {f} is not in the catalog"
                ));
            }
        }

        // Sites: the defaults each key supplies.
        let mut sites: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
        for f in &self.functions {
            let name = f.metadata.name.as_deref().unwrap_or_default();
            let bound = self.bindings_of(name);
            if bound.is_empty() {
                continue;
            }
            let mut vars: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for b in self
                .bindings
                .iter()
                .filter(|b| b.function.as_deref().is_none_or(|x| x == name))
            {
                vars.entry(b.variable.as_str())
                    .or_default()
                    .push(b.key.as_str());
            }
            for (var, ks) in &vars {
                let distinct: BTreeSet<&&str> = ks.iter().collect();
                let used = f.spec.args.iter().any(|a| {
                    crate::envsubst::Template::parse(a)
                        .is_ok_and(|t| t.all_expressions().any(|e| e.name() == *var))
                });
                if distinct.len() > 1 && used {
                    problems.object(
                        "Function",
                        name,
                        format!(
                            "${{{var}}} is bound to several Helm values: {}",
                            distinct
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    );
                }
            }
            for arg in &f.spec.args {
                match bind::find_defaults(arg, |v| bound.contains_key(v)) {
                    Ok(found) => {
                        for found in found {
                            sites
                                .entry(bound[found.variable])
                                .or_default()
                                .push((arg[found.default].to_owned(), format!("Function {name}")));
                        }
                    }
                    Err(message) => problems.object("Function", name, message),
                }
            }
        }
        for addon in &self.addons {
            let name = addon.metadata.name.as_deref().unwrap_or_default();
            for task in addon
                .spec
                .backup_tasks
                .iter()
                .chain(&addon.spec.restore_tasks)
            {
                let bound = self.bindings_of(&task.function);
                for p in &task.parameters {
                    if let Some(key) = bound.get(p.name.as_str())
                        && !p.default.is_empty()
                    {
                        sites
                            .entry(key)
                            .or_default()
                            .push((p.default.clone(), format!("Addon {name}")));
                    }
                }
            }
        }
        for &key in &keys {
            if function_rules::check_helm_value(key).is_err() {
                // Reported above, once: an invalid key binds nothing anyway.
                continue;
            }
            let Some(found) = sites.get(key) else {
                let vars: BTreeSet<&str> = self
                    .bindings
                    .iter()
                    .filter(|b| b.key == key)
                    .map(|b| b.variable.as_str())
                    .collect();
                problems.global(format!(
                    "Helm value `{key}` binds nothing: no Function argument has a default for {}",
                    vars.iter()
                        .map(|v| format!("${{{v}:=...}}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
                continue;
            };
            let defaults: BTreeSet<&str> = found.iter().map(|(d, _)| d.as_str()).collect();
            if defaults.len() > 1 {
                let shown: Vec<String> = defaults
                    .iter()
                    .map(|d| {
                        let mut whose: Vec<&str> = found
                            .iter()
                            .filter(|(x, _)| x == d)
                            .map(|(_, w)| w.as_str())
                            .collect();
                        whose.dedup();
                        format!("\"{d}\" ({})", whose.join(", "))
                    })
                    .collect();
                problems.global(format!(
                    "Helm value `{key}` has conflicting defaults: {}",
                    shown.join(" vs ")
                ));
                continue;
            }
            let default = defaults.first().copied().unwrap_or_default().to_owned();
            let kind = ValueKind::of(&default);
            if kind == ValueKind::Text && !is_safe_text(&default) {
                problems.global(format!(
                    "Helm value `{key}`: its default \"{}\" holds a character the chart's schema \
                     forbids (`}}`, `$`, `\"`, `\\` or a control character)",
                    default.escape_debug()
                ));
            }
            let mut used_by: Vec<String> = found.iter().map(|(_, w)| w.clone()).collect();
            used_by.sort();
            used_by.dedup();
            let description = self.value_descriptions.get(key).cloned().or_else(|| {
                // The usage of a task parameter of the bound variable.
                self.addons
                    .iter()
                    .flat_map(|a| a.spec.backup_tasks.iter().chain(&a.spec.restore_tasks))
                    .flat_map(|t| {
                        let bound = self.bindings_of(&t.function);
                        t.parameters
                            .iter()
                            .filter(move |p| bound.get(p.name.as_str()) == Some(&key))
                            .map(|p| p.usage.clone())
                            .collect::<Vec<_>>()
                    })
                    .find(|u| !u.is_empty())
            });
            analysis.values.insert(
                key.to_owned(),
                BoundValue {
                    default,
                    kind,
                    description,
                    used_by,
                    bounds: self.value_bounds.get(key).copied(),
                },
            );
        }
    }
}

#[derive(Debug)]
pub(crate) struct BoundValue {
    pub(super) default: String,
    pub(super) kind: ValueKind,
    pub(super) description: Option<String>,
    pub(super) used_by: Vec<String>,
    /// What the Rust types of the arguments bound to it allow (plugin Functions only).
    pub(super) bounds: Option<ValueBounds>,
}

/// Bounds that two arguments bound to one Helm value both allow: the intersection of two
/// integer ranges; otherwise the first (the values' kinds are checked by their defaults).
pub(super) fn narrowest(a: ValueBounds, b: ValueBounds) -> ValueBounds {
    match (a, b) {
        (
            ValueBounds::Integer { minimum, maximum },
            ValueBounds::Integer {
                minimum: min_b,
                maximum: max_b,
            },
        ) => ValueBounds::Integer {
            minimum: minimum.max(min_b),
            maximum: maximum.min(max_b),
        },
        (a, _) => a,
    }
}

/// How a bound value is typed in the schema and rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// The default is an integer written canonically (`300`, not `0300`): `type: integer`.
    Integer,
    /// `true` or `false`: `type: boolean`.
    Boolean,
    /// Anything else: text (numbers and booleans given with `--set` are accepted too).
    Text,
}

impl ValueKind {
    pub(super) fn of(default: &str) -> Self {
        if default
            .parse::<i64>()
            .is_ok_and(|n| n.to_string() == default)
        {
            ValueKind::Integer
        } else if default == "true" || default == "false" {
            ValueKind::Boolean
        } else {
            ValueKind::Text
        }
    }
}

/// Whether a text value is safe inside `${var:=...}` in the operator's JSON: no `}`, `$`, `"`,
/// `\` or control character. The schema's `pattern` says the same.
fn is_safe_text(text: &str) -> bool {
    !text
        .chars()
        .any(|c| matches!(c, '}' | '$' | '"' | '\\') || c.is_control())
}
