//! Sources: the files that paths stand for, and their bytes read within the byte bound.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{Error, ErrorKind};
use super::options::{Bound, Options};

/// The error for a source larger than [`Options::max_bytes`].
fn too_large(source_name: &str, options: &Options) -> Error {
    Error::new(
        source_name,
        None,
        None,
        ErrorKind::TooLarge {
            bound: Bound::Bytes,
            limit: options.max_bytes,
        },
    )
}

/// Checks a source of `len` bytes against [`Options::max_bytes`].
pub(crate) fn check_size(len: usize, source_name: &str, options: &Options) -> Result<(), Error> {
    if len > options.max_bytes {
        return Err(too_large(source_name, options));
    }
    Ok(())
}

/// Reads all of `reader` (named `source_name` in errors), refusing more than
/// [`Options::max_bytes`] bytes without reading past the bound.
///
/// ```
/// use function_core::yaml::{self, Bound, ErrorKind, Options};
///
/// let options = Options::default().with_max_bytes(4);
/// assert_eq!(yaml::read_bounded(&b"kind"[..], "<stdin>", &options).unwrap(), b"kind");
/// let err = yaml::read_bounded(&b"kind: Function"[..], "<stdin>", &options).unwrap_err();
/// assert!(matches!(err.kind(), ErrorKind::TooLarge { bound: Bound::Bytes, limit: 4 }));
/// assert!(err.to_string().contains("raise it with --max-bytes"));
/// ```
pub fn read_bounded(
    reader: impl Read,
    source_name: &str,
    options: &Options,
) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(options.max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    reader
        .take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(source_name, None, None, ErrorKind::Io(e)))?;
    check_size(bytes.len(), source_name, options)?;
    Ok(bytes)
}

/// Reads the file at `path` within [`Options::max_bytes`]; errors name it as `path` displays.
///
/// A file larger than the bound is refused before it is read.
pub fn read_source(path: &Path, options: &Options) -> Result<Vec<u8>, Error> {
    let name = path.display().to_string();
    let io_error = |e| Error::new(&name, None, None, ErrorKind::Io(e));
    let file = fs::File::open(path).map_err(io_error)?;
    let len = file.metadata().map_err(io_error)?.len();
    if usize::try_from(len).map_or(true, |len| len > options.max_bytes) {
        return Err(too_large(&name, options));
    }
    read_bounded(file, &name, options)
}

/// The files that `paths` stand for: a file is itself (whatever its name); a directory is every
/// `*.yaml` and `*.yml` file under it, recursively, sorted by path. Order and duplicates of the
/// arguments are kept.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// for name in ["b.yaml", "a.yml", "notes.txt"] {
///     std::fs::write(dir.path().join(name), "").unwrap();
/// }
/// let files = function_core::yaml::collect_files([dir.path()]).unwrap();
/// let names: Vec<_> = files.iter().map(|f| f.file_name().unwrap().to_str().unwrap()).collect();
/// assert_eq!(names, ["a.yml", "b.yaml"]);
/// ```
pub fn collect_files<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
) -> Result<Vec<PathBuf>, Error> {
    collect(paths, false)
}

/// The manifest files that `paths` stand for: [`collect_files`], except that a directory
/// holding a `Chart.yaml` is a Helm chart, whose templates are not manifests: it is an error
/// ([`ErrorKind::HelmChart`]) naming that directory. [`from_paths`](super::from_paths) reads
/// these.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("Chart.yaml"), "apiVersion: v2\n").unwrap();
/// std::fs::create_dir(dir.path().join("templates")).unwrap();
/// let err = function_core::yaml::collect_manifests([dir.path()]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     format!(
///         "{}: this is a Helm chart: pass the manifests or `helm template` output",
///         dir.path().display()
///     )
/// );
/// ```
pub fn collect_manifests<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
) -> Result<Vec<PathBuf>, Error> {
    collect(paths, true)
}

fn collect<P: AsRef<Path>>(
    paths: impl IntoIterator<Item = P>,
    refuse_charts: bool,
) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let io_error = |e| Error::new(path.display().to_string(), None, None, ErrorKind::Io(e));
        if fs::metadata(path).map_err(io_error)?.is_dir() {
            let mut found = Vec::new();
            walk(path, refuse_charts, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.to_path_buf());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, refuse_charts: bool, found: &mut Vec<PathBuf>) -> Result<(), Error> {
    let name = || dir.display().to_string();
    if refuse_charts && dir.join("Chart.yaml").is_file() {
        return Err(Error::new(name(), None, None, ErrorKind::HelmChart));
    }
    let io_error = |e| Error::new(name(), None, None, ErrorKind::Io(e));
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let path = entry.map_err(io_error)?.path();
        if path.is_dir() {
            walk(&path, refuse_charts, found)?;
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_chart_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let chart = dir.path().join("charts/db");
        fs::create_dir_all(chart.join("templates")).expect("mkdir");
        fs::write(chart.join("Chart.yaml"), "apiVersion: v2\n").expect("write");
        fs::write(dir.path().join("f.yaml"), "").expect("write");
        let err = collect_manifests([dir.path()]).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::HelmChart));
        assert_eq!(err.source_name(), chart.display().to_string());
        assert_eq!(err.position(), None);
        // Listing files is not reading manifests: the chart's are listed.
        assert_eq!(collect_files([dir.path()]).expect("lists").len(), 2);
    }

    #[test]
    fn a_file_past_the_byte_bound_is_not_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("big.yaml");
        fs::write(&file, "x".repeat(11)).expect("write");
        let options = Options::default().with_max_bytes(10);
        let err = read_source(&file, &options).unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::TooLarge {
                bound: Bound::Bytes,
                limit: 10
            }
        ));
        assert_eq!(
            err.to_string(),
            format!(
                "{}: larger than 10 bytes, the bound on one file: raise it with \
                 --max-bytes N (yaml::Options::max_bytes)",
                file.display()
            )
        );
        assert_eq!(
            read_source(&file, &options.with_max_bytes(11)).expect("fits"),
            b"xxxxxxxxxxx"
        );
    }
}
