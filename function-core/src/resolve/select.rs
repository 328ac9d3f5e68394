//! Choosing what to resolve among a set of objects: the Addon that has a task, the task, and
//! the Function it runs (or the one Function named, or the only one), as `kubestash-fn
//! resolve` does before it calls the [`Resolver`].

use std::collections::BTreeSet;

use crate::api::{Addon, Function, Task};
use crate::envsubst::Template;

use super::{ResolveError, Resolver, find_task};

/// What to resolve: a task (looked up in the Addons), a Function's name, or neither (then the
/// objects must hold exactly one Function).
///
/// ```
/// use function_core::resolve::Want;
///
/// let want = Want::task("logical-backup");
/// assert_eq!(want.task, Some("logical-backup"));
/// assert_eq!(Want::default().function, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Want<'a> {
    /// The Addon task to resolve for: its parameters, defaults and volumes are used, and it
    /// names the Function unless [`function`](Self::function) does.
    pub task: Option<&'a str>,
    /// The Function to resolve, by name.
    pub function: Option<&'a str>,
}

impl<'a> Want<'a> {
    /// The task `name`, and the Function it runs.
    pub fn task(name: &'a str) -> Self {
        Want {
            task: Some(name),
            function: None,
        }
    }

    /// The Function `name`, with no task.
    pub fn function(name: &'a str) -> Self {
        Want {
            task: None,
            function: Some(name),
        }
    }
}

/// What [`select`] chose: the Function and, when a task was asked for, the task with its
/// Addon.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Selection<'a> {
    /// The Function to resolve.
    pub function: &'a Function,
    /// The Addon that has the task, and the task's name.
    pub task: Option<(&'a Addon, &'a str)>,
}

impl<'a> Selection<'a> {
    /// A [`Resolver`] for this Function (and task).
    pub fn resolver(&self) -> Resolver<'a> {
        let resolver = Resolver::new(self.function);
        match self.task {
            Some((addon, name)) => resolver.task(addon, name),
            None => resolver,
        }
    }

    /// The task itself, when there is one.
    pub fn task(&self) -> Option<&'a Task> {
        let (addon, name) = self.task?;
        find_task(addon, name).ok().map(|(task, _, _)| task)
    }

    /// Every variable the operator looks up when it resolves this selection: those of the
    /// Function's strings and of the task's volume templates and mounts (sorted). A user
    /// parameter outside this set changes nothing (see [`unread`]).
    ///
    /// ```
    /// use function_core::api::Function;
    /// use function_core::resolve::{Selection, Want, select};
    ///
    /// let f: Function = serde_json::from_value(serde_json::json!({
    ///     "metadata": {"name": "demo-backup"},
    ///     "spec": {"image": "busybox", "args": ["--wait=${waitTimeout:=300}", "--ns=${namespace}"]}
    /// })).unwrap();
    /// let selection = select(&[&f], &[], Want::default()).unwrap();
    /// assert_eq!(selection.variables(), ["namespace", "waitTimeout"]);
    /// ```
    pub fn variables(&self) -> Vec<String> {
        let mut found = BTreeSet::new();
        collect(&serde_json::to_value(self.function).ok(), &mut found);
        if let Some(task) = self.task() {
            collect(
                &serde_json::to_value(&task.volume_template).ok(),
                &mut found,
            );
            collect(&serde_json::to_value(&task.volume_mounts).ok(), &mut found);
        }
        found.into_iter().collect()
    }
}

fn collect(value: &Option<serde_json::Value>, found: &mut BTreeSet<String>) {
    fn walk(v: &serde_json::Value, found: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::String(s) => {
                if let Ok(t) = Template::parse(s) {
                    found.extend(t.variables().map(str::to_owned));
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, found)),
            serde_json::Value::Object(m) => m.values().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    if let Some(v) = value {
        walk(v, found);
    }
}

/// The names among `given` that no string of the selection reads (see
/// [`Selection::variables`]), each with the nearest variable it does read when one is close
/// (a likely typo: the edit distance of the YAML reader's "did you mean").
///
/// ```
/// use function_core::api::Function;
/// use function_core::resolve::{Want, select, unread};
///
/// let f: Function = serde_json::from_value(serde_json::json!({
///     "metadata": {"name": "demo-backup"},
///     "spec": {"image": "busybox", "args": ["--wait=${waitTimeout:=300}"]}
/// })).unwrap();
/// let selection = select(&[&f], &[], Want::default()).unwrap();
/// assert_eq!(
///     unread(&selection, ["waitTimout", "waitTimeout", "zzz"]),
///     [("waitTimout".to_owned(), Some("waitTimeout".to_owned())), ("zzz".to_owned(), None)]
/// );
/// ```
pub fn unread<'n>(
    selection: &Selection<'_>,
    given: impl IntoIterator<Item = &'n str>,
) -> Vec<(String, Option<String>)> {
    let read = selection.variables();
    let candidates: Vec<&str> = read.iter().map(String::as_str).collect();
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for name in given {
        if read.iter().any(|r| r == name) || out.iter().any(|(n, _)| n == name) {
            continue;
        }
        out.push((name.to_owned(), nearest(name, &candidates)));
    }
    out
}

#[cfg(feature = "yaml")]
fn nearest(name: &str, candidates: &[&str]) -> Option<String> {
    crate::yaml::closest_name(name, candidates).map(str::to_owned)
}

#[cfg(not(feature = "yaml"))]
fn nearest(_: &str, _: &[&str]) -> Option<String> {
    None
}

fn name_of(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> String {
    meta.name.clone().unwrap_or_default()
}

fn names<'x, T: 'x>(items: &[&'x T], meta: impl Fn(&T) -> String) -> Vec<String> {
    items.iter().map(|i| meta(i)).collect()
}

/// Chooses what to resolve among `functions` and `addons`, as the operator would for `want`:
///
/// - a task is looked up in every Addon; exactly one must have it (with a single Addon, an
///   unknown task is [`ResolveError::UnknownTask`] with its list of tasks);
/// - the Function is the one `want.function` names, else the one the task runs, else the only
///   Function there is.
///
/// ```
/// use function_core::api::{Addon, Function};
/// use function_core::resolve::{ResolveError, Want, select};
///
/// let f = |name: &str| -> Function {
///     serde_json::from_value(serde_json::json!({"metadata": {"name": name}, "spec": {}})).unwrap()
/// };
/// let (backup, restore) = (f("pvc-backup"), f("pvc-restore"));
/// let addon: Addon = serde_json::from_value(serde_json::json!({
///     "metadata": {"name": "pvc-addon"},
///     "spec": {"backupTasks": [{"name": "logical-backup", "function": "pvc-backup"}]}
/// })).unwrap();
///
/// let chosen = select(&[&backup, &restore], &[&addon], Want::task("logical-backup"))?;
/// assert_eq!(chosen.function.metadata.name.as_deref(), Some("pvc-backup"));
/// let resolved = chosen.resolver().resolve(Default::default())?;
/// assert_eq!(resolved.task.unwrap().name, "logical-backup");
///
/// let err = select(&[&backup, &restore], &[&addon], Want::default()).unwrap_err();
/// assert!(matches!(err, ResolveError::SeveralFunctions { .. }));
/// # Ok::<(), ResolveError>(())
/// ```
pub fn select<'a>(
    functions: &[&'a Function],
    addons: &[&'a Addon],
    want: Want<'a>,
) -> Result<Selection<'a>, ResolveError> {
    let task = match want.task {
        Some(task) => {
            let matching: Vec<&Addon> = addons
                .iter()
                .copied()
                .filter(|a| find_task(a, task).is_ok())
                .collect();
            match matching.as_slice() {
                [addon] => Some((*addon, task)),
                [] if addons.len() == 1 => {
                    // No Addon has it: the one Addon's error lists its tasks.
                    find_task(addons[0], task)?;
                    Some((addons[0], task))
                }
                [] => {
                    return Err(ResolveError::NoAddonHasTask {
                        task: task.to_owned(),
                        addons: names(addons, |a| name_of(&a.metadata)),
                    });
                }
                several => {
                    return Err(ResolveError::SeveralAddonsHaveTask {
                        task: task.to_owned(),
                        addons: names(several, |a| name_of(&a.metadata)),
                    });
                }
            }
        }
        None => None,
    };
    let wanted = match (want.function, task) {
        (Some(name), _) => Some(name.to_owned()),
        (None, Some((addon, name))) => Some(find_task(addon, name)?.0.function.clone()),
        (None, None) => None,
    };
    let function = match wanted {
        Some(name) => functions
            .iter()
            .copied()
            .find(|f| f.metadata.name.as_deref() == Some(name.as_str()))
            .ok_or_else(|| ResolveError::UnknownFunction {
                function: name,
                functions: names(functions, |f| name_of(&f.metadata)),
            })?,
        None => match functions {
            [only] => *only,
            [] => return Err(ResolveError::NoFunction),
            _ => {
                return Err(ResolveError::SeveralFunctions {
                    functions: names(functions, |f| name_of(&f.metadata)),
                });
            }
        },
    };
    Ok(Selection { function, task })
}
