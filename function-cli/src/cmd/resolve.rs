//! `kubestash-fn resolve`: the container (and pod volumes) the operator would run for a
//! Function, resolved for an Addon's task with the given inputs.
//!
//! ```text
//! kubestash-fn resolve PATH... [--addon ADDON.yaml] [--task NAME] [--function NAME]
//!     [--set K=V]... [--builtin K=V]... [--params-file P.yaml] [--db-version V]
//!     [--runtime-settings RS.yaml] [--step-index N] [--requests corrected] [-o yaml|json]
//! ```
//!
//! PATHs are files (one or many documents) or directories of them. The task is looked up in the
//! Addons read (only those of `--addon` when it is given); its Function is then looked up by
//! name. Without `--task`, `--function` names the Function, or the PATHs must hold exactly one.
//!
//! Inputs, lowest precedence first: the task's parameter defaults, `--builtin` (the operator's
//! built-ins), `--params-file` then `--set` (the user's params), and `DB_VERSION` chosen from
//! the Function's `availableVersions` for `--db-version`.
//!
//! Errors: exit 1, one message on stderr, nothing on stdout. A Helm chart's folder is refused
//! (its templates are not manifests), and each file is read within `--max-documents` and
//! `--max-bytes`.

use std::path::PathBuf;

use clap::ValueEnum;
use function_core::api::{Addon, ContainerRuntimeSettings, Function};
use function_core::container::{BuildOptions, RequestsMode};
use function_core::lint::{Code, Files};
use function_core::resolve::{Inputs, Layer, ResolveError, Want, select, unread};
use function_core::yaml::{self, FieldPath, Object};

use crate::Streams;
use crate::error::Error;
use crate::input::{self, Bounds, parse_var};

/// A value of `--params-file`: a string, number or boolean (as JSON), anything else refused
/// by the reader, at its position.
struct Scalar(serde_json::Value);

impl<'de> serde::Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Scalar, E> {
                serde_json::Number::from_f64(v)
                    .map(|n| Scalar(n.into()))
                    .ok_or_else(|| E::custom(format!("{v} is not a number JSON can hold")))
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.into()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// YAML (the default).
    #[default]
    Yaml,
    /// JSON, pretty-printed.
    Json,
}

/// How the invoker's `resources.requests` are applied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Requests {
    /// As the operator: only when limits are given (a long-standing upstream bug).
    #[default]
    Upstream,
    /// Whenever requests are given.
    Corrected,
}

/// Arguments of `kubestash-fn resolve`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 success, 1 wrong input (unreadable or invalid YAML, \
    unknown task or Function, a variable without a value, a missing required parameter), \
    2 usage.\n\nExample:\n  kubestash-fn resolve catalog/ --task logical-backup \
    --addon pvc-addon.yaml --set namespace=demo --set backupSession=b1 --set PVC_NAME=data"
)]
pub struct Args {
    /// Files or directories holding the Function (and possibly the Addon).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// File or directory holding the Addon whose task is resolved.
    #[arg(long, value_name = "PATH")]
    pub addon: Option<PathBuf>,
    /// The Addon task to resolve for (its parameters, defaults and volumes are used).
    #[arg(long, value_name = "NAME")]
    pub task: Option<String>,
    /// The Function to resolve, when the PATHs hold several and no task names it.
    #[arg(long, value_name = "NAME")]
    pub function: Option<String>,
    /// A user parameter (like `addon.tasks[].params`), split on the first `=`. Repeatable.
    #[arg(long = "set", value_name = "K=V", value_parser = parse_var)]
    pub set: Vec<(String, String)>,
    /// An operator built-in variable (`namespace`, `backupSession`, `PVC_NAME`, ...). Repeatable.
    #[arg(long = "builtin", value_name = "K=V", value_parser = parse_var)]
    pub builtin: Vec<(String, String)>,
    /// User parameters as a YAML or JSON object (strings, numbers, booleans).
    #[arg(long, value_name = "FILE")]
    pub params_file: Option<PathBuf>,
    /// The database version `${DB_VERSION}` is chosen for.
    #[arg(long, value_name = "V")]
    pub db_version: Option<String>,
    /// The invoker's container runtime settings (YAML).
    #[arg(long, value_name = "FILE")]
    pub runtime_settings: Option<PathBuf>,
    /// The index of the step in the task (the container name's suffix).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub step_index: usize,
    /// How the invoker's resource requests are applied.
    #[arg(long, value_enum, default_value_t)]
    pub requests: Requests,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t)]
    pub format: Format,
    /// Bounds on each input file.
    #[command(flatten)]
    pub bounds: Bounds,
}

/// Reads the objects of `paths`, stopping at their lint errors (a template that does not
/// parse is reported at its own position, not in the JSON text the operator substitutes).
fn read_files(
    paths: &[PathBuf],
    streams: &mut Streams<'_>,
    bounds: &Bounds,
) -> Result<Files, Error> {
    let files = input::files(paths, streams.stdin, bounds, &mut streams.report)?;
    // The task's Function is looked up by `select`, with its own message.
    input::gate(&files, &[Code::UnknownFunction])?;
    Ok(files)
}

/// Runs `resolve`: reads the objects, lets [`function_core::resolve::select`] choose the Addon,
/// task and Function and the [`Resolver`](function_core::resolve::Resolver) resolve them, and
/// prints the container. On standard error: a warning for each `--set` or `--params-file`
/// variable that nothing resolved reads (with the nearest name it reads), and a note saying
/// which rule chose `${DB_VERSION}`.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    let options = args.bounds.options(true);
    let files = read_files(&args.paths, streams, &args.bounds)?;
    let addon_files = match &args.addon {
        Some(path) => Some(read_files(
            std::slice::from_ref(path),
            streams,
            &args.bounds,
        )?),
        None => None,
    };
    let functions: Vec<&Function> = files.objects().filter_map(Object::as_function).collect();
    let addons: Vec<&Addon> = addon_files
        .as_ref()
        .unwrap_or(&files)
        .objects()
        .filter_map(Object::as_addon)
        .collect();
    let want = Want {
        task: args.task.as_deref(),
        function: args.function.as_deref(),
    };
    let selection = select(&functions, &addons, want).map_err(|e| match e {
        ResolveError::SeveralAddonsHaveTask { .. } => {
            Error::input(format_args!("{e}: pass the one to use with --addon"))
        }
        ResolveError::SeveralFunctions { .. } => {
            Error::input(format_args!("{e} with --task or --function"))
        }
        e => Error::input(e),
    })?;

    let mut inputs = Inputs::new();
    for (k, v) in &args.builtin {
        inputs.set(Layer::Builtins, k, v);
    }
    let mut user: Vec<(String, &str)> = Vec::new();
    if let Some(path) = &args.params_file {
        // Each value read as a scalar, so that a wrong one is reported at its position.
        let params: std::collections::BTreeMap<String, Scalar> = input::value(path, &options)?;
        let shown = path.display().to_string();
        user.extend(params.keys().map(|k| (k.clone(), "--params-file")));
        let params = serde_json::Value::Object(params.into_iter().map(|(k, v)| (k, v.0)).collect());
        inputs
            .set_user_params(&params)
            .map_err(|e| Error::input(format!("{shown}: {e}")))?;
    }
    for (k, v) in &args.set {
        inputs.set(Layer::UserParams, k, v);
        user.push((k.clone(), "--set"));
    }
    let runtime_settings = match &args.runtime_settings {
        Some(path) => Some(input::value::<ContainerRuntimeSettings>(path, &options)?),
        None => None,
    };

    // Said once the task resolved: a failure is one message, alone.
    let mut warnings = Vec::new();
    for (name, nearest) in unread(&selection, user.iter().map(|(n, _)| n.as_str())) {
        let from = user
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("--set", |(_, f)| f);
        let what = match selection.task {
            Some((_, task)) => format!("nothing task {task:?} runs reads it"),
            None => format!(
                "Function {:?} does not read it",
                selection
                    .function
                    .metadata
                    .name
                    .as_deref()
                    .unwrap_or_default()
            ),
        };
        let hint = match nearest {
            Some(n) => format!(" (did you mean `{n}`?)"),
            None => String::new(),
        };
        warnings.push(format!("{from} {name}: {what}{hint}"));
    }
    let mut resolver = selection.resolver();
    if let Some(v) = &args.db_version {
        resolver = resolver.db_version(v);
    }
    let resolved = resolver.resolve(inputs).map_err(|e| match e {
        ResolveError::Unresolved { ref variable, .. }
            if variable == function_core::rules::DB_VERSION && args.db_version.is_none() =>
        {
            Error::input(format_args!(
                "{e}; pass the database's version with --db-version V to choose it from the \
                 Function's availableVersions"
            ))
        }
        ResolveError::MissingRequired {
            task_list,
            task_index,
            parameter_index,
            ..
        } => {
            let at = FieldPath::root()
                .key("spec")
                .key(task_list.to_string())
                .index(task_index)
                .key("parameters")
                .index(parameter_index);
            let addon = selection.task.map(|(addon, _)| addon);
            match addon.and_then(|a| locate(addon_files.as_ref().unwrap_or(&files), a, &at)) {
                Some(place) => Error::input(format_args!("{place}: {e}")),
                None => Error::input(e),
            }
        }
        e => Error::input(e),
    })?;
    for warning in &warnings {
        streams.report.warning(warning);
    }
    if let Some(choice) = &resolved.db_version {
        streams.report.note(choice);
    }
    let built = resolved.container(&BuildOptions {
        step_index: args.step_index,
        runtime_settings,
        requests_mode: match args.requests {
            Requests::Upstream => RequestsMode::Upstream,
            Requests::Corrected => RequestsMode::Corrected,
        },
    });
    let text = match args.format {
        Format::Yaml => yaml::to_string_value(&built).map_err(Error::input)?,
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&built).map_err(Error::input)?;
            s.push('\n');
            s
        }
    };
    streams.out.write_all(text.as_bytes())?;
    Ok(())
}

/// `FILE:LINE:COL` of the node at `path` in the document of `addon` among `files`.
fn locate(files: &Files, addon: &Addon, path: &FieldPath) -> Option<String> {
    files.inputs().into_iter().find_map(|input| {
        let same = input
            .object
            .as_addon()
            .is_some_and(|a| std::ptr::eq(a, addon));
        let at = input.map?.locate(path).filter(|_| same)?;
        Some(format!("{}:{}", input.file?, at.position))
    })
}
