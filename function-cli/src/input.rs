//! Reading Function and Addon YAML, the same way in every command: the paths given (files,
//! directories of `*.yaml`/`*.yml` files, `-` for standard input), the bounds flags
//! (`--max-documents`, `--max-bytes`), and a Helm chart's folder refused with a hint.

use std::io::Read;
use std::path::{Path, PathBuf};

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

/// Reads and parses every object of `paths` ([`read`], then [`parse`]), in order.
pub fn objects(
    paths: &[PathBuf],
    stdin: &mut dyn Read,
    options: &Options,
    report: &mut Reporter<'_>,
) -> Result<Parsed, Error> {
    let mut all = Parsed::default();
    for source in read(paths, stdin, options)? {
        let parsed = parse(&source, options, report)?;
        all.documents.extend(parsed.documents);
        all.warnings.extend(parsed.warnings);
    }
    Ok(all)
}

/// Reads the one document of the file at `path` as any type: runtime settings, a params file.
pub fn value<T: serde::de::DeserializeOwned>(path: &Path, options: &Options) -> Result<T, Error> {
    Ok(yaml::from_path_as_with_options(path, options)?)
}
