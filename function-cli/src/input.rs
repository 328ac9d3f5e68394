//! What the commands read, the same way in every command: Function and Addon YAML (the paths
//! given: files, directories of `*.yaml`/`*.yml` files, `-` for standard input), within the
//! bounds flags (`--max-documents`, `--max-bytes`), a Helm chart's folder refused with a hint;
//! the lint's gate before a command uses the objects; `K=V` variables; and where a written
//! workspace gets function-core ([`core`]). Commands share this module and [`crate::error`],
//! and nothing else of each other.

use std::io::Read;
use std::path::{Path, PathBuf};

use function_codegen::scaffold::Core;
use function_core::lint::{Code, Files, Options as LintOptions, Severity};
use function_core::yaml::{self, Options, Parsed};

use crate::error::{Error, Reporter};

/// The bounds on one input file, as flags of every command that reads YAML.
///
/// ```
/// use function_cli::input::Bounds;
/// use function_core::yaml;
///
/// let options = Bounds::default().options(true);
/// assert_eq!(options.max_documents, yaml::DEFAULT_MAX_DOCUMENTS);
/// assert_eq!(options.max_bytes, 64 << 20);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct Bounds {
    /// Refuse a file holding more than N YAML documents.
    #[arg(long, value_name = "N", default_value_t = yaml::DEFAULT_MAX_DOCUMENTS)]
    pub max_documents: usize,
    /// Refuse a file larger than SIZE: bytes, or a number with KiB, MiB or GiB. It also bounds
    /// the file's text with aliases expanded, and its YAML nodes (one per 8 bytes).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    pub max_bytes: usize,
}

impl Default for Bounds {
    fn default() -> Self {
        Bounds {
            max_documents: yaml::DEFAULT_MAX_DOCUMENTS,
            max_bytes: yaml::DEFAULT_MAX_BYTES,
        }
    }
}

impl Bounds {
    /// The reader's options: these bounds, and whether unknown fields are errors. Strict is
    /// [`Options::forward`]: a near miss of a known field is an error, any other unknown field
    /// (a later upstream's) a warning, and dropped.
    pub fn options(&self, strict: bool) -> Options {
        let options = if strict {
            Options::forward()
        } else {
            Options::lenient()
        };
        options
            .with_max_documents(self.max_documents)
            .with_max_bytes(self.max_bytes)
    }
}

/// A size: `1048576`, `1024KiB`, `64MiB`, `1GiB`.
///
/// ```
/// use function_cli::input::parse_size;
///
/// assert_eq!(parse_size("64MiB"), Ok(64 << 20));
/// assert_eq!(parse_size("3 KiB"), Ok(3 << 10));
/// assert_eq!(parse_size("100"), Ok(100));
/// assert!(parse_size("64MB").is_err());
/// ```
pub fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let shift = match unit.trim() {
        "" | "B" => 0,
        "KiB" => 10,
        "MiB" => 20,
        "GiB" => 30,
        other => {
            return Err(format!(
                "unknown unit {other:?}: write bytes, or a number with KiB, MiB or GiB"
            ));
        }
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("expected a size such as 64MiB, got {text:?}"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("{text} is too large"))
}

/// One input file: its name in messages, its path (`None` for standard input), and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// Where the file lives; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Reads the files that `paths` stand for, in order: a file is itself, a directory every
/// `*.yaml`/`*.yml` file under it (sorted; a folder holding a `Chart.yaml` is refused: a Helm
/// chart's templates are not manifests), `-` standard input (once). Each file is read within
/// `options`' byte bound.
pub fn read(
    paths: &[PathBuf],
    stdin: &mut dyn Read,
    options: &Options,
) -> Result<Vec<Source>, Error> {
    let mut sources = Vec::new();
    let mut stdin_read = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_read, true) {
                return Err(Error::usage("standard input (-) can be given only once"));
            }
            let name = String::from("<stdin>");
            let bytes = yaml::read_bounded(&mut *stdin, &name, options)?;
            sources.push(Source {
                name,
                path: None,
                bytes,
            });
            continue;
        }
        for file in yaml::collect_manifests([path])? {
            let bytes = yaml::read_source(&file, options)?;
            sources.push(Source {
                name: file.display().to_string(),
                path: Some(file),
                bytes,
            });
        }
    }
    Ok(sources)
}

/// Parses every object of `source`, printing the warnings (the unknown fields dropped).
pub fn parse(
    source: &Source,
    options: &Options,
    report: &mut Reporter<'_>,
) -> Result<Parsed, Error> {
    let parsed = yaml::from_slice(&source.bytes, &source.name, options)?;
    for warning in &parsed.warnings {
        report.warning(warning);
    }
    Ok(parsed)
}

/// Reads the objects of `paths` with where their nodes are ([`read`], then
/// [`Files::add_bytes`]), printing the reader's warnings: what every command that looks at
/// Functions and Addons starts with.
pub fn files(
    paths: &[PathBuf],
    stdin: &mut dyn Read,
    bounds: &Bounds,
    report: &mut Reporter<'_>,
) -> Result<Files, Error> {
    files_with(paths, stdin, bounds, Some(report))
}

/// [`files`] without printing the reader's warnings: `lint` reports the unknown fields the
/// reader dropped as its own diagnostics (KSF0109).
pub fn files_unprinted(
    paths: &[PathBuf],
    stdin: &mut dyn Read,
    bounds: &Bounds,
) -> Result<Files, Error> {
    files_with(paths, stdin, bounds, None)
}

fn files_with(
    paths: &[PathBuf],
    stdin: &mut dyn Read,
    bounds: &Bounds,
    mut report: Option<&mut Reporter<'_>>,
) -> Result<Files, Error> {
    let options = bounds.options(true);
    let mut files = Files::new();
    for source in read(paths, stdin, &options)? {
        let warnings = files.add_bytes(&source.name, &source.bytes, &options)?;
        if let Some(report) = report.as_deref_mut() {
            for warning in warnings {
                report.warning(warning);
            }
        }
    }
    Ok(files)
}

/// Stops at lint errors, each printed as `error: FILE:LINE:COL: OBJECT: PATH: message [CODE]`
/// with its help: what `chart`, `import`, `resolve` and `images` run before they use the
/// objects, leaving out the codes in `ignore` (`resolve` and `images` look at Functions, not at
/// a whole catalog: an Addon of the files given may run a Function of another folder).
pub fn gate(files: &Files, ignore: &[Code]) -> Result<(), Error> {
    let errors_only = LintOptions {
        allow: Code::ALL
            .iter()
            .copied()
            .filter(|c| c.severity() != Severity::Error || ignore.contains(c))
            .collect(),
        ..LintOptions::default()
    };
    let report = files.lint(&errors_only);
    if !report.has_errors() {
        return Ok(());
    }
    Err(Error::diagnostics(report.diagnostics().iter().cloned()))
}

/// A `K=V` argument, split on the first `=` (`eval --set`, `resolve --set` and `--builtin`).
///
/// ```
/// use function_cli::input::parse_var;
///
/// assert_eq!(parse_var("eq=a=b"), Ok(("eq".into(), "a=b".into())));
/// assert!(parse_var("=v").is_err() && parse_var("novalue").is_err());
/// ```
pub fn parse_var(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some(("", _)) => Err("the variable name is empty".into()),
        Some((k, v)) => Ok((k.to_string(), v.to_string())),
        None => Err(format!("expected K=V, got {s:?}")),
    }
}

/// Reads the one document of the file at `path` as any type: runtime settings, a params file.
pub fn value<T: serde::de::DeserializeOwned>(path: &Path, options: &Options) -> Result<T, Error> {
    Ok(yaml::from_path_as_with_options(path, options)?)
}

/// function-cli's own directory when this `kubestash-fn` was built (cargo's
/// `CARGO_MANIFEST_DIR`): in a checkout, `function-core` is its sibling.
const BUILT_FROM: &str = env!("CARGO_MANIFEST_DIR");

/// Where a workspace written by `new` or `import` gets function-core: the flags, and the
/// default (the source this `kubestash-fn` was built from).
#[derive(Debug, Clone, Default, PartialEq, Eq, clap::Args)]
pub struct CoreSource {
    /// Depend on function-core by path: a checkout's function-core directory [default: the
    /// function-core beside the source this kubestash-fn was built from, when it is still there].
    #[arg(long, value_name = "PATH")]
    pub core_path: Option<PathBuf>,
    /// Depend on function-core by version from crates.io (once it is published).
    #[arg(long, value_name = "VERSION", conflicts_with = "core_path")]
    pub core_version: Option<String>,
}

/// The function-core a workspace depends on, and whether it is the default (which the command
/// says on standard error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChosenCore {
    /// What the workspace's manifests say.
    pub core: Core,
    /// `Some(note)` when neither flag was given and the CLI's own source was chosen.
    pub note: Option<String>,
}

impl CoreSource {
    /// `--core-path` (checked to be function-core's directory, made absolute, since the
    /// workspace's crates sit in subdirectories), else `--core-version`, else the function-core
    /// beside the source this `kubestash-fn` was built from. The crates are not on crates.io
    /// yet, so without a flag and without that source the answer is a usage error naming the
    /// flags: a workspace that depends on an unpublished crate would not build.
    pub fn choose(&self) -> Result<ChosenCore, Error> {
        self.choose_beside(Path::new(BUILT_FROM))
    }

    /// [`choose`](Self::choose), as if this `kubestash-fn` was built from `built_from`.
    fn choose_beside(&self, built_from: &Path) -> Result<ChosenCore, Error> {
        if let Some(path) = &self.core_path {
            return Ok(ChosenCore {
                core: Core::Path(checkout(path)?),
                note: None,
            });
        }
        if let Some(version) = &self.core_version {
            return Ok(ChosenCore {
                core: Core::Version(version.clone()),
                note: None,
            });
        }
        let beside = built_from.join("..").join("function-core");
        match checkout(&beside) {
            Ok(path) => {
                let note = format!(
                    "using function-core from {} (the source this kubestash-fn was built from); \
                     pass --core-path PATH or --core-version VERSION to change",
                    path.display()
                );
                Ok(ChosenCore {
                    core: Core::Path(path),
                    note: Some(note),
                })
            }
            Err(_) => Err(Error::usage(format!(
                "function-core is not published on crates.io yet, and the source this \
                 kubestash-fn was built from ({}) is not there: pass --core-path PATH (a \
                 checkout's function-core directory), or --core-version VERSION once it is \
                 published",
                beside.display()
            ))),
        }
    }
}

/// A checkout's function-core directory at `path`, checked (its `Cargo.toml` names the
/// package `function-core`) and made absolute.
fn checkout(path: &Path) -> Result<PathBuf, Error> {
    let manifest = path.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| Error::input(format!("{}: {e}", manifest.display())))?;
    if !text.contains("name = \"function-core\"") {
        return Err(Error::input(format!(
            "{}: not function-core's manifest (--core-path names the function-core directory)",
            manifest.display()
        )));
    }
    let absolute = std::fs::canonicalize(path)
        .map_err(|e| Error::input(format!("{}: {e}", path.display())))?;
    Ok(absolute)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Status;

    #[test]
    fn without_a_flag_or_the_source_new_refuses_and_names_the_flags() {
        let gone = Path::new("/nonexistent/kubestash-fn-src/function-cli");
        let err = CoreSource::default().choose_beside(gone).unwrap_err();
        assert_eq!(err.status(), Status::Usage);
        assert_eq!(
            err.to_string(),
            "function-core is not published on crates.io yet, and the source this kubestash-fn \
             was built from (/nonexistent/kubestash-fn-src/function-cli/../function-core) is not \
             there: pass --core-path PATH (a checkout's function-core directory), or \
             --core-version VERSION once it is published"
        );
        // A flag needs no source.
        let by_version = CoreSource {
            core_version: Some("0.1.0".into()),
            ..CoreSource::default()
        };
        let chosen = by_version.choose_beside(gone).expect("by version");
        assert_eq!(
            chosen,
            ChosenCore {
                core: Core::Version("0.1.0".into()),
                note: None
            }
        );
    }

    #[test]
    fn the_source_it_was_built_from_is_the_default_and_said() {
        let chosen = CoreSource::default().choose().expect("built in a checkout");
        let core = Path::new(BUILT_FROM)
            .join("../function-core")
            .canonicalize()
            .unwrap();
        assert_eq!(chosen.core, Core::Path(core.clone()));
        assert!(
            chosen
                .note
                .unwrap()
                .starts_with(&format!("using function-core from {}", core.display()))
        );
    }
}
