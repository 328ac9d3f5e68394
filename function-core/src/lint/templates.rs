//! The strings the operator substitutes, read with the engine's own parser: templates that do
//! not parse, `$$` escapes, defaults that do not reach the plugin as written, and every
//! variable each string reads.

use std::collections::BTreeSet;

use serde_json::Value;

use function_rules::shown;

use super::{Code, Diagnostic, Input, Site, diagnostic};
use crate::envsubst::{Error as EngineError, Template};
use crate::yaml::FieldPath;

/// A variable read by an expression.
#[derive(Clone, Debug)]
pub(super) struct Use {
    /// The variable.
    pub(super) var: String,
    /// Whether the expression has a default (`${x:=w}`, `${x=w}`, `${x:-w}`), so that an
    /// absent variable is not an error.
    pub(super) has_default: bool,
    /// The expression.
    pub(super) site: Site,
}

/// What scanning the strings of a value found.
pub(super) struct Scan<'i, 'a> {
    input: &'i Input<'a>,
    /// Strings whose defaults are checked elsewhere ([`function_rules::check_function`]).
    pub(super) defaults_checked: BTreeSet<FieldPath>,
    pub(super) uses: Vec<Use>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

impl<'i, 'a> Scan<'i, 'a> {
    pub(super) fn new(input: &'i Input<'a>) -> Self {
        Scan {
            input,
            defaults_checked: BTreeSet::new(),
            uses: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Scans every string of `value` (at `path`).
    pub(super) fn value(&mut self, value: &Value, path: &FieldPath) {
        match value {
            Value::String(s) => self.string(s, path),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(item, &path.clone().index(i));
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    self.value(item, &path.clone().key(key.as_str()));
                }
            }
            _ => {}
        }
    }

    fn emit(&mut self, code: Code, site: Site, message: String, help: Option<String>) {
        self.diagnostics
            .push(diagnostic(self.input, code, &site, message, help));
    }

    /// Scans one string.
    fn string(&mut self, s: &str, path: &FieldPath) {
        if !s.contains('$') {
            return;
        }
        let template = match Template::parse(s) {
            Ok(t) => t,
            Err(e) => {
                self.syntax_error(s, path, &e);
                return;
            }
        };
        let check_defaults = !self.defaults_checked.contains(path);
        for e in template.all_expressions() {
            self.uses.push(Use {
                var: e.name().to_owned(),
                has_default: e.operator().is_default(),
                site: Site::within(path.clone(), e.span()),
            });
            if let Some(default) = e.default().filter(|d| check_defaults && !d.has_nested())
                && let Err(err) = function_rules::check_default_text(default.source())
            {
                self.emit(
                    Code::DefaultHazard,
                    Site::within(path.clone(), e.span()),
                    default_message(e.source(), default.source(), err.message()),
                    Some(DEFAULT_HELP.to_owned()),
                );
            }
        }
        self.escapes(s, path, template.escapes().collect());
    }

    fn syntax_error(&mut self, s: &str, path: &FieldPath, e: &EngineError) {
        let mut at = e.offset().min(s.len());
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        // Point at the `${` of the expression the engine was reading.
        let start = s[..at].rfind("${").unwrap_or(at);
        let end = s[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        let column = s[..at].chars().count() + 1;
        let unclosed = at == s.len();
        let help = if unclosed {
            "close the expression with `}`; for a literal `${`, write `$${`"
        } else {
            "see the forms the engine reads in docs/lints.md#ksf0007; for a literal `${`, write `$${`"
        };
        let stop = if unclosed {
            "at the end of the string".to_owned()
        } else {
            format!("at character {column} of the string")
        };
        self.emit(
            Code::TemplateSyntax,
            Site::within(path.clone(), start..end.max(start)),
            format!("{e}: the substitution engine stops {stop}"),
            Some(help.to_owned()),
        );
    }

    /// Warns about runs of `$$` escapes that change what Kubernetes or the container sees.
    fn escapes(&mut self, s: &str, path: &FieldPath, offsets: Vec<usize>) {
        let mut i = 0;
        while i < offsets.len() {
            let start = offsets[i];
            let mut n = 1;
            while i + n < offsets.len() && offsets[i + n] == start + 2 * n {
                n += 1;
            }
            i += n;
            let end = start + 2 * n;
            let site = Site::within(path.clone(), start..end);
            match s[end..].chars().next() {
                // `$${a}`: the documented way to write a literal `${a}`.
                Some('{') => {}
                // `$$$$(VAR)` reaches Kubernetes as `$$(VAR)`, its own escape: as meant.
                Some('(') if n % 2 == 0 => {}
                Some('(') => {
                    let rest: String = s[end..].chars().take_while(|&c| c != ')').collect();
                    let written = format!("{}{rest})", "$".repeat(2 * n));
                    let seen = format!("{}{rest})", "$".repeat(n));
                    self.emit(
                        Code::DollarEscape,
                        site,
                        format!(
                            "`{written}` reaches Kubernetes as `{seen}`, which Kubernetes expands: \
                             the operator's substitution turns `$$` into `$`"
                        ),
                        Some(format!(
                            "write `{}{rest})` for Kubernetes to see the literal `$$` escape, or \
                             `${rest})` to have Kubernetes expand it",
                            "$".repeat(4 * n.div_ceil(2))
                        )),
                    );
                }
                _ => self.emit(
                    Code::DollarEscape,
                    site,
                    format!(
                        "`{}` reaches the container as `{}`: the operator's substitution turns \
                         `$$` into `$`",
                        "$".repeat(2 * n),
                        "$".repeat(n)
                    ),
                    Some(format!(
                        "write `{}` for the container to see `{}`",
                        "$".repeat(4 * n),
                        "$".repeat(2 * n)
                    )),
                ),
            }
        }
    }
}

/// The message of a default hazard in a template: the rule
/// ([`function_rules::check_default_text`]) decides, this says what it means in YAML, where the
/// default reaches the plugin as written.
pub(super) fn default_message(expression: &str, default: &str, rule: &str) -> String {
    match default
        .chars()
        .find(|&c| c == '"' || c == '\\' || c.is_control())
    {
        Some(c) => format!(
            "the default of `{}` holds `{}`: the plugin receives the default as written, `{}` \
             included",
            shown(expression),
            shown(&c.to_string()),
            shown(&c.to_string())
        ),
        None => format!("in `{}`: {rule}", shown(expression)),
    }
}

/// The help of a default hazard in a template.
pub(super) const DEFAULT_HELP: &str = "write the default without quotes, backslashes or control \
     characters: the plugin receives it as written (`${copyOnly:=\"true\"}` passes `\"true\"`, \
     quotes included), and a task parameter holding it breaks the operator's JSON text";
