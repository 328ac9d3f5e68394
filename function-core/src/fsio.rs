//! Writing files and directories so that nothing is ever half-written: a new directory is
//! built in a temporary sibling and renamed into place ([`write_new_dir`]), a directory is
//! replaced by a swap of renames ([`replace_dir`]), a file by a synced temporary sibling renamed
//! over it ([`replace_file`]).
//!
//! The one home of these writers: the chart writer (`catalog::Catalog::write_chart`),
//! `kubestash-fn new` and `import` (`function_codegen`'s scaffold) and `kubestash-fn fmt
//! --write` use them. They need nothing but the standard library, so they are in every build.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// What can go wrong when writing: a path that could not be written, or a directory that was
/// to be new and is not.
///
/// ```
/// use function_core::fsio::Error;
///
/// let e = Error::NotEmpty { dir: "plugin".into() };
/// assert_eq!(e.to_string(), "plugin: refusing to write there: it exists and is not an empty directory");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read or written.
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
    /// The directory [`write_new_dir`] was to create exists and is not an empty directory.
    NotEmpty {
        /// The directory.
        dir: PathBuf,
    },
}

impl Error {
    /// A function that makes an [`Error::Io`] about `path` of an [`io::Error`].
    pub(crate) fn io(path: &Path) -> impl FnOnce(io::Error) -> Error + use<> {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::NotEmpty { dir } => write!(
                f,
                "{}: refusing to write there: it exists and is not an empty directory",
                dir.display()
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::NotEmpty { .. } => None,
        }
    }
}

/// What a write did, file by file. Paths are relative to [`dir`](Self::dir), with `/`
/// separators, sorted.
///
/// ```
/// let report = function_core::fsio::WriteReport::default();
/// assert!(report.written.is_empty() && !report.changed());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// The directory written.
    pub dir: PathBuf,
    /// Whether the directory was created (built in a temporary sibling and renamed into place).
    pub created: bool,
    /// Files created or replaced.
    pub written: Vec<String>,
    /// Files whose content was already right: not touched (their modification time is kept).
    pub unchanged: Vec<String>,
    /// Stale generated files (from an earlier write, no longer produced) that were removed.
    pub removed: Vec<String>,
}

impl WriteReport {
    /// Whether anything on disk changed.
    pub fn changed(&self) -> bool {
        self.created || !self.written.is_empty() || !self.removed.is_empty()
    }
}

/// `N files in DIR (W written, U unchanged, R removed)`.
///
/// ```
/// let report = function_core::fsio::WriteReport {
///     dir: "chart".into(),
///     written: vec!["Chart.yaml".into()],
///     ..Default::default()
/// };
/// assert_eq!(report.to_string(), "1 file in chart (1 written, 0 unchanged, 0 removed)");
/// ```
impl std::fmt::Display for WriteReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} in {} ({} written, {} unchanged, {} removed)",
            crate::text::count(self.written.len() + self.unchanged.len(), "file"),
            self.dir.display(),
            self.written.len(),
            self.unchanged.len(),
            self.removed.len()
        )
    }
}

/// Writes `files` (relative path → content, `/` separators) into the directory `dir`, which
/// must not exist or be empty: the files are written into a temporary sibling directory, which
/// is then renamed to `dir` (one `rename`: either the whole directory appears or nothing does;
/// on failure the temporary directory is removed). `dir`'s parent is created if needed.
///
/// This is how `kubestash-fn new` writes a workspace; a chart is written with
/// `catalog::Catalog::write_chart`, which also updates its own earlier output.
///
/// # Errors
/// [`Error::NotEmpty`] when `dir` exists and is not an empty directory (nothing is written);
/// [`Error::Io`] naming the path that could not be created or written.
///
/// ```
/// use std::collections::BTreeMap;
/// use function_core::fsio::{Error, write_new_dir};
///
/// let tmp = tempfile::tempdir()?;
/// let dir = tmp.path().join("plugin");
/// let files = BTreeMap::from([
///     ("Cargo.toml".to_owned(), "[workspace]\n".to_owned()),
///     ("src/main.rs".to_owned(), "fn main() {}\n".to_owned()),
/// ]);
/// let report = write_new_dir(&dir, &files)?;
/// assert!(report.created);
/// assert_eq!(report.written, ["Cargo.toml", "src/main.rs"]);
/// assert_eq!(std::fs::read_to_string(dir.join("src/main.rs"))?, "fn main() {}\n");
/// // A second write is refused: the directory is not empty.
/// assert!(matches!(write_new_dir(&dir, &files), Err(Error::NotEmpty { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_new_dir(dir: &Path, files: &BTreeMap<String, String>) -> Result<WriteReport, Error> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let mut entries = fs::read_dir(dir).map_err(|source| Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
            if entries.next().is_some() {
                return Err(Error::NotEmpty {
                    dir: dir.to_path_buf(),
                });
            }
            create_dir(dir, files)
        }
        Ok(_) => Err(Error::NotEmpty {
            dir: dir.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => create_dir(dir, files),
        Err(e) => Err(Error::Io {
            path: dir.to_path_buf(),
            source: e,
        }),
    }
}

/// Writes `files` into the directory `dir`, replacing whatever is there (`kubestash-fn import
/// --force`): the files are written into a temporary sibling first (nothing changes if that
/// fails), then the old `dir`, if any, is renamed aside, the new one renamed into place, and the
/// old one removed. A `dir` that does not exist is written as [`write_new_dir`] writes it.
///
/// # Errors
/// [`Error::Io`] naming the path that could not be written or renamed; `dir` is then as it was
/// (unless the process dies between the two renames: the old directory is then left beside it,
/// under a `.NAME.kubestash-fn-*` name).
///
/// ```
/// use std::collections::BTreeMap;
/// use function_core::fsio::replace_dir;
///
/// let tmp = tempfile::tempdir()?;
/// let dir = tmp.path().join("plugin");
/// std::fs::create_dir(&dir)?;
/// std::fs::write(dir.join("old.txt"), "old")?;
/// let files = BTreeMap::from([("Cargo.toml".to_owned(), "[workspace]\n".to_owned())]);
/// let report = replace_dir(&dir, &files)?;
/// assert!(!report.created);
/// assert!(!dir.join("old.txt").exists());
/// assert!(dir.join("Cargo.toml").is_file());
/// // Nothing is left beside it.
/// assert_eq!(std::fs::read_dir(tmp.path())?.count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn replace_dir(dir: &Path, files: &BTreeMap<String, String>) -> Result<WriteReport, Error> {
    let io = Error::io;
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return create_dir(dir, files),
        Err(e) => return Err(io(dir)(e)),
        Ok(_) => {}
    }
    let new = temp_sibling(dir);
    let mut report = create_dir(&new, files)?;
    report.dir = dir.to_path_buf();
    report.created = false;
    let old = temp_sibling(dir);
    if let Err(e) = fs::rename(dir, &old) {
        let _ = fs::remove_dir_all(&new);
        return Err(io(dir)(e));
    }
    if let Err(e) = fs::rename(&new, dir) {
        let _ = fs::rename(&old, dir);
        let _ = fs::remove_dir_all(&new);
        return Err(io(dir)(e));
    }
    let removed = if old.is_dir() {
        fs::remove_dir_all(&old)
    } else {
        fs::remove_file(&old)
    };
    removed.map_err(io(&old))?;
    Ok(report)
}

/// Writes `files` into a temporary sibling of `dir` and renames it to `dir`, which does not
/// exist or is an empty directory.
pub(crate) fn create_dir(
    dir: &Path,
    files: &BTreeMap<String, String>,
) -> Result<WriteReport, Error> {
    let io = Error::io;
    let parent = parent_of(dir);
    fs::create_dir_all(parent).map_err(io(parent))?;
    let tmp = temp_sibling(dir);
    fs::create_dir(&tmp).map_err(io(&tmp))?;
    let result = (|| {
        for (rel, content) in files {
            let path = tmp.join(rel);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p).map_err(io(&dir.join(rel)))?;
            }
            write_file(&path, content.as_bytes()).map_err(io(&dir.join(rel)))?;
        }
        // On Unix a directory is renamed over an empty one; elsewhere the empty one goes first.
        fs::rename(&tmp, dir)
            .or_else(|e| {
                if fs::remove_dir(dir).is_ok() {
                    fs::rename(&tmp, dir)
                } else {
                    Err(e)
                }
            })
            .map_err(io(dir))
    })();
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    Ok(WriteReport {
        dir: dir.to_path_buf(),
        created: true,
        written: files.keys().cloned().collect(),
        ..WriteReport::default()
    })
}

/// Writes one file: all or nothing, idempotently. Returns whether it was written (`false`: it
/// already had this content and was not touched). The parent directory must exist.
pub fn write_file_if_changed(path: &Path, content: &[u8]) -> Result<bool, Error> {
    if fs::read(path).is_ok_and(|old| old == content) {
        return Ok(false);
    }
    replace_file(path, content).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(true)
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A fresh name beside `path` for a temporary file or directory.
fn temp_sibling(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    parent_of(path).join(format!(
        ".{name}.kubestash-fn-{}-{n}.tmp",
        std::process::id()
    ))
}

fn write_file(path: &Path, content: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(content)?;
    file.sync_all()
}

/// Writes `content` to `path` atomically: a temporary sibling is written, synced and renamed
/// over `path`, so readers see the old file or the new one, never a half-written one. An
/// existing file's permissions are kept; on failure the temporary file is removed.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("a.yaml");
/// function_core::fsio::replace_file(&path, b"x: 1\n").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"x: 1\n");
/// ```
pub fn replace_file(path: &Path, content: &[u8]) -> io::Result<()> {
    let tmp = temp_sibling(path);
    let result = (|| {
        write_file(&tmp, content)?;
        if let Ok(meta) = fs::metadata(path) {
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
