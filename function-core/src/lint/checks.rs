//! The checks over the set of objects: names, tasks and the Functions they run, parameters, and
//! the variables each Function reads against what provides them.

use std::collections::{BTreeMap, BTreeSet};

use function_rules::{PLACEHOLDERS, builtin, check_object_name, shown};

use super::templates::{Scan, Use};
use super::{Code, Diagnostic, Input, Options, Site, diagnostic, function};
use crate::api::{Addon, Function, Task};
use crate::envsubst::{json, vars};
use crate::yaml::{FieldPath, Object};

/// Every diagnostic, with the index of the input it is about.
pub(super) fn run(inputs: &[Input<'_>], options: &Options) -> Vec<(usize, Diagnostic)> {
    let mut out = Out::default();
    names(inputs, &mut out);

    let mut functions: Vec<FunctionFacts<'_>> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if let Object::Function(f) = input.object {
            functions.push(function_facts(i, input, f, &mut out));
        }
    }
    let by_name: BTreeMap<&str, usize> = functions
        .iter()
        .enumerate()
        .rev()
        .map(|(k, f)| (f.name, k))
        .collect();
    let some_addon = inputs.iter().any(|i| matches!(i.object, Object::Addon(_)));

    let mut tasks: Vec<TaskFacts<'_>> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        if let Object::Addon(a) = input.object {
            addon(
                i, input, a, &by_name, &functions, options, &mut tasks, &mut out,
            );
        }
    }
    variables(inputs, &functions, &tasks, some_addon, &mut out);
    out.0
}

#[derive(Default)]
struct Out(Vec<(usize, Diagnostic)>);

impl Out {
    fn push(&mut self, input: usize, d: Diagnostic) {
        self.0.push((input, d));
    }

    fn extend(&mut self, input: usize, ds: Vec<Diagnostic>) {
        self.0.extend(ds.into_iter().map(|d| (input, d)));
    }
}

fn name_path() -> FieldPath {
    FieldPath::root().key("metadata").key("name")
}

/// Addon names (a Function's is checked with its list), and two objects of a kind with one name.
fn names(inputs: &[Input<'_>], out: &mut Out) {
    let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        let (kind, name) = (input.object.kind(), input.object.name());
        if kind == "Addon"
            && let Err(e) = check_object_name("Addon", name)
        {
            let d = diagnostic(
                input,
                Code::InvalidName,
                &Site::field(name_path()),
                e.message().to_owned(),
                Some("use lowercase letters, digits, `-` and `.`, e.g. `postgres-addon`".into()),
            );
            out.push(i, d);
        }
        if name.is_empty() {
            continue;
        }
        match seen.get(&(kind, name)) {
            Some(&first) => {
                let d = diagnostic(
                    input,
                    Code::DuplicateName,
                    &Site::field(name_path()),
                    format!("another {kind} is named `{name}`{}", place(&inputs[first])),
                    Some(format!(
                        "rename one of them: the cluster keeps one {kind} of a name, the last \
                         one applied"
                    )),
                );
                out.push(i, d);
            }
            None => {
                seen.insert((kind, name), i);
            }
        }
    }
}

/// ` (FILE:LINE:COL)`, where an input was read, when known.
fn place(input: &Input<'_>) -> String {
    match (input.file, input.map) {
        (Some(file), Some(map)) => format!(" ({file}:{})", map.document_position()),
        (Some(file), None) => format!(" ({file})"),
        _ => String::new(),
    }
}

/// What the variable checks need to know of a Function.
struct FunctionFacts<'a> {
    input: usize,
    name: &'a str,
    uses: Vec<Use>,
}

impl FunctionFacts<'_> {
    fn reads(&self, var: &str) -> bool {
        self.uses.iter().any(|u| u.var == var)
    }
}

/// A Function's own checks, and the variables it reads (in every string the operator
/// substitutes: the whole object).
fn function_facts<'a>(
    index: usize,
    input: &Input<'_>,
    f: &'a Function,
    out: &mut Out,
) -> FunctionFacts<'a> {
    let mut own = Vec::new();
    function::check(input, f, &mut own);
    out.extend(index, own);
    let mut scan = Scan::new(input);
    let args = FieldPath::root().key("spec").key("args");
    scan.defaults_checked = function::described_args(f)
        .into_iter()
        .map(|i| args.clone().index(i))
        .collect();
    if let Ok(value) = serde_json::to_value(f) {
        scan.value(&value, &FieldPath::root());
    }
    out.extend(index, scan.diagnostics);
    FunctionFacts {
        input: index,
        name: f.metadata.name.as_deref().unwrap_or_default(),
        uses: scan.uses,
    }
}

/// A task, the Function it runs (when among the objects), and what its volumes read.
struct TaskFacts<'a> {
    input: usize,
    path: FieldPath,
    task: &'a Task,
    function: Option<usize>,
    volume_uses: Vec<Use>,
}

/// Whether the task gives `var` a value: a parameter of that name with a default, or required
/// (the user must then give it).
fn provides(task: &Task, var: &str) -> bool {
    task.parameters
        .iter()
        .any(|p| p.name == var && (p.required || !p.default.is_empty()))
}

/// Whether the operator provides `var` itself (a built-in or a placeholder).
fn given(var: &str) -> bool {
    builtin(var).is_some() || PLACEHOLDERS.contains(&var)
}

#[expect(
    clippy::too_many_arguments,
    reason = "one call site; a struct would only rename the arguments"
)]
fn addon<'a>(
    index: usize,
    input: &Input<'_>,
    addon: &'a Addon,
    by_name: &BTreeMap<&str, usize>,
    functions: &[FunctionFacts<'_>],
    options: &Options,
    tasks: &mut Vec<TaskFacts<'a>>,
    out: &mut Out,
) {
    let look_up = options.complete || !functions.is_empty();
    let names: Vec<&str> = by_name.keys().copied().collect();
    for (list, what, items) in [
        ("backupTasks", "backup", &addon.spec.backup_tasks),
        ("restoreTasks", "restore", &addon.spec.restore_tasks),
    ] {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, task) in items.iter().enumerate() {
            let path = FieldPath::root().key("spec").key(list).index(i);
            let at = |key: &str| Site::field(path.clone().key(key));
            let label = if task.name.is_empty() {
                format!("{what} task #{}", i + 1)
            } else {
                format!("{what} task `{}`", task.name)
            };
            let mut emit = |code, site: Site, message: String, help: Option<String>| {
                out.push(index, diagnostic(input, code, &site, message, help));
            };
            // The operator's webhook requires a task name; nothing else is known to constrain it.
            if task.name.is_empty() {
                emit(
                    Code::InvalidName,
                    at("name"),
                    format!("{what} task #{} has no name", i + 1),
                    Some("name it: BackupConfigurations refer to a task by its name".into()),
                );
            } else if let Some(first) = seen.insert(&task.name, i) {
                emit(
                    Code::DuplicateName,
                    at("name"),
                    format!("another {what} task of this Addon is named `{}`", task.name),
                    Some(format!(
                        "spec.{list}[{first}] has the name first; a BackupConfiguration names \
                         the task it runs, so the names must differ"
                    )),
                );
            }
            let function = by_name.get(task.function.as_str()).copied();
            if task.function.is_empty() {
                emit(
                    Code::UnknownFunction,
                    at("function"),
                    format!("{label} names no Function"),
                    None,
                );
            } else if look_up && function.is_none() {
                let help = crate::yaml::closest_name(&task.function, &names)
                    .map(|c| format!("did you mean `{c}`?"));
                emit(
                    Code::UnknownFunction,
                    at("function"),
                    format!(
                        "{label} runs the Function `{}`, which is not among the objects",
                        task.function
                    ),
                    help,
                );
            }
            parameters(index, input, task, &path, out);
            let mut scan = Scan::new(input);
            for (key, value) in [
                (
                    "volumeTemplate",
                    serde_json::to_value(&task.volume_template),
                ),
                ("volumeMounts", serde_json::to_value(&task.volume_mounts)),
            ] {
                if let Ok(value) = value {
                    scan.value(&value, &path.clone().key(key));
                }
            }
            out.extend(index, scan.diagnostics);
            let facts = TaskFacts {
                input: index,
                path,
                task,
                function,
                volume_uses: scan.uses,
            };
            if let Some(f) = function {
                unused_parameters(input, &facts, &functions[f], out);
            }
            tasks.push(facts);
        }
    }
}

/// A task's parameters on their own: required with a default, defaults the operator's JSON
/// pass changes.
fn parameters(index: usize, input: &Input<'_>, task: &Task, path: &FieldPath, out: &mut Out) {
    for (j, p) in task.parameters.iter().enumerate() {
        let at = path.clone().key("parameters").index(j).key("default");
        if p.required && !p.default.is_empty() {
            out.push(
                index,
                diagnostic(
                    input,
                    Code::RequiredWithDefault,
                    &Site::field(at.clone()),
                    format!(
                        "parameter `{}` is required but has the default `{}`: the default \
                         always gives it a value, so `required` never applies",
                        p.name,
                        shown(&p.default)
                    ),
                    Some("drop `required: true`, or the default".into()),
                ),
            );
        }
        if p.default.is_empty() {
            continue;
        }
        // The operator inserts a parameter's value into the object's JSON text unescaped.
        let doc = vec![String::from("${v}")];
        let passed = json::eval(&doc, &vars([("v", p.default.as_str())]));
        let problem = match passed {
            Ok(v) if v[0] == p.default => None,
            Ok(v) => Some(format!("reaches the plugin as `{}`", shown(&v[0]))),
            Err(e) => Some(format!("breaks the operator's JSON text ({e})")),
        };
        if let Some(problem) = problem {
            out.push(
                index,
                diagnostic(
                    input,
                    Code::DefaultHazard,
                    &Site::field(at),
                    format!(
                        "the default `{}` of parameter `{}` {problem}: the operator inserts \
                         parameter values into the object's JSON text unescaped",
                        shown(&p.default),
                        p.name
                    ),
                    Some("write the default without `\"`, `\\` or control characters".into()),
                ),
            );
        }
    }
}

/// Parameters the task declares that neither its Function nor its volumes read.
fn unused_parameters(
    input: &Input<'_>,
    task: &TaskFacts<'_>,
    f: &FunctionFacts<'_>,
    out: &mut Out,
) {
    for (j, p) in task.task.parameters.iter().enumerate() {
        if f.reads(&p.name) || task.volume_uses.iter().any(|u| u.var == p.name) {
            continue;
        }
        out.push(
            task.input,
            diagnostic(
                input,
                Code::UnusedParameter,
                &Site::field(task.path.clone().key("parameters").index(j).key("name")),
                format!(
                    "parameter `{}` is never read: the Function `{}` and the task's volumes \
                     use no `${{{}}}`",
                    p.name, f.name, p.name
                ),
                Some(format!(
                    "remove the parameter, or pass it to the Function (e.g. `--flag=${{{}}}` in \
                     its args)",
                    p.name
                )),
            ),
        );
    }
}

/// Variables against what provides them; Functions no Addon runs.
fn variables(
    inputs: &[Input<'_>],
    functions: &[FunctionFacts<'_>],
    tasks: &[TaskFacts<'_>],
    some_addon: bool,
    out: &mut Out,
) {
    for (k, f) in functions.iter().enumerate() {
        let input = &inputs[f.input];
        let runs: Vec<&TaskFacts<'_>> = tasks.iter().filter(|t| t.function == Some(k)).collect();
        if some_addon && runs.is_empty() && !f.name.is_empty() {
            out.push(
                f.input,
                diagnostic(
                    input,
                    Code::UnusedFunction,
                    &Site::field(name_path()),
                    format!("no Addon among the objects runs the Function `{}`", f.name),
                    None,
                ),
            );
        }
        let mut noted = BTreeSet::new();
        for u in &f.uses {
            if given(&u.var) {
                continue;
            }
            if !u.has_default {
                let lacking: Vec<String> = runs
                    .iter()
                    .filter(|t| !provides(t.task, &u.var))
                    .map(|t| format!("`{}`", t.task.name))
                    .collect();
                if runs.is_empty() || !lacking.is_empty() {
                    let whom = if runs.is_empty() {
                        "a task that runs this Function".to_owned()
                    } else {
                        format!("the task {} fails", lacking.join(", "))
                    };
                    let whom = if runs.is_empty() {
                        format!("{whom} fails")
                    } else {
                        whom
                    };
                    out.push(
                        f.input,
                        diagnostic(
                            input,
                            Code::UndefinedVariable,
                            &u.site,
                            format!(
                                "`${{{}}}` has no default, and no task parameter, built-in or \
                                 placeholder provides it: {whom} unless every user passes `{}`",
                                u.var, u.var
                            ),
                            Some(format!(
                                "give it a default (`${{{}:=...}}`), or declare a parameter \
                                 `{}` with a default in the tasks that run this Function",
                                u.var, u.var
                            )),
                        ),
                    );
                }
                continue;
            }
            let only_default = !runs.is_empty()
                && f.uses
                    .iter()
                    .filter(|o| o.var == u.var)
                    .all(|o| o.has_default)
                && !runs
                    .iter()
                    .any(|t| t.task.parameters.iter().any(|p| p.name == u.var));
            if only_default && noted.insert(u.var.as_str()) {
                out.push(
                    f.input,
                    diagnostic(
                        input,
                        Code::DefaultOnlyVariable,
                        &u.site,
                        format!(
                            "`{}` is provided by no task parameter, built-in or placeholder: \
                             only its default gives it a value, unless a user passes it",
                            u.var
                        ),
                        Some(format!(
                            "declare a parameter `{}` in the tasks that run this Function so \
                             that users see it",
                            u.var
                        )),
                    ),
                );
            }
        }
    }
    for t in tasks {
        let input = &inputs[t.input];
        for u in &t.volume_uses {
            if u.has_default || given(&u.var) || provides(t.task, &u.var) {
                continue;
            }
            out.push(
                t.input,
                diagnostic(
                    input,
                    Code::UndefinedVariable,
                    &u.site,
                    format!(
                        "`${{{}}}` has no default, and no parameter of task `{}`, built-in or \
                         placeholder provides it: the task fails unless every user passes `{}`",
                        u.var, t.task.name, u.var
                    ),
                    Some(format!(
                        "give it a default (`${{{}:=...}}`), or declare a parameter `{}` with a \
                         default in the task",
                        u.var, u.var
                    )),
                ),
            );
        }
    }
}
