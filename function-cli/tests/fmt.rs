//! `kubestash-fn fmt` through the binary: output, `--check`, `--write`, bad input and usage.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use function_core::yaml::{self, Object};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn catalog_files() -> Vec<PathBuf> {
    let files = yaml::collect_files([fixtures().join("catalog/raw")]).expect("fixtures exist");
    assert_eq!(files.len(), 16);
    files
}

fn fmt(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .arg("fmt")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn fmt_paths(flags: &[&str], paths: &[&Path]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = flags.iter().map(|f| f.as_ref()).collect();
    args.extend(paths.iter().map(|p| p.as_os_str()));
    fmt(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 stderr")
}

fn objects(path: &Path) -> Vec<Object> {
    yaml::from_path(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|d| d.object)
        .collect()
}

#[test]
fn fmt_prints_each_reference_object_so_that_it_reads_back_the_same() {
    for file in catalog_files() {
        let out = fmt_paths(&[], &[&file]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            file.display(),
            stderr(&out)
        );
        assert!(out.stderr.is_empty());
        let printed = yaml::from_str(&stdout(&out), "stdout").unwrap_or_else(|e| panic!("{e}"));
        let printed: Vec<Object> = printed.into_iter().map(|d| d.object).collect();
        assert_eq!(printed, objects(&file), "{}", file.display());
    }
}

#[test]
fn fmt_of_many_files_is_one_stream_in_argument_order() {
    let mut files = catalog_files();
    files.reverse();
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let out = fmt_paths(&[], &paths);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.matches("\n---\n").count(), 15);
    let printed = yaml::from_str(&text, "stdout").unwrap_or_else(|e| panic!("{e}"));
    let expected: Vec<Object> = files.iter().flat_map(|f| objects(f)).collect();
    let printed: Vec<Object> = printed.into_iter().map(|d| d.object).collect();
    assert_eq!(printed, expected);

    // A directory stands for its YAML files in sorted order.
    let out = fmt_paths(&[], &[&fixtures().join("catalog/raw")]);
    let printed = yaml::from_str(&stdout(&out), "stdout").unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = printed.iter().map(|d| d.object.name()).collect();
    let mut expected = expected.iter().map(|o| o.name()).collect::<Vec<_>>();
    expected.reverse();
    assert_eq!(names, expected);
}

#[test]
fn check_accepts_canonical_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut written = Vec::new();
    for file in catalog_files() {
        let out = fmt_paths(&[], &[&file]);
        let target = dir.path().join(file.file_name().expect("a file name"));
        fs::write(&target, &out.stdout).expect("writable");
        written.push(target);
    }
    let paths: Vec<&Path> = written.iter().map(|p| p.as_path()).collect();
    let out = fmt_paths(&["--check"], &paths);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn check_names_a_reference_file_that_is_not_canonical() {
    let file = fixtures().join("catalog/raw/pvc/pvc-addon.yaml");
    let out = fmt_paths(&["--check"], &[&file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(stderr(&out), format!("{}: not canonical\n", file.display()));
}

#[test]
fn check_names_only_the_files_that_differ() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reference = fixtures().join("catalog/raw/vault/vault-addon.yaml");
    let canonical = dir.path().join("canonical.yaml");
    fs::write(&canonical, fmt_paths(&[], &[&reference]).stdout).expect("writable");
    let out = fmt_paths(&["--check"], &[&canonical, &reference]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!("{}: not canonical\n", reference.display())
    );
}

#[test]
fn write_rewrites_only_what_differs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("workload-addon.yaml");
    fs::copy(
        fixtures().join("catalog/raw/workload/workload-addon.yaml"),
        &target,
    )
    .expect("copy");
    let before = objects(&target);

    let out = fmt_paths(&["--write"], &[&target]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(objects(&target), before);
    let out = fmt_paths(&["--check"], &[&target]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Nothing is left behind in the directory.
    assert_eq!(fs::read_dir(dir.path()).expect("readable").count(), 1);

    // A canonical file is not rewritten.
    let modified = fs::metadata(&target)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = fmt_paths(&["--write"], &[&target]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        fs::metadata(&target)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified
    );
}

#[test]
fn stdin_is_read_for_dash() {
    let text =
        fs::read(fixtures().join("catalog/raw/pvc/pvc-backup-function.yaml")).expect("readable");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&text)
        .expect("writes");
    let out = child.wait_with_output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\n")
    );
}

/// Each malformed input: exit 1, nothing on stdout, one line `error: FILE:LINE:COL: ...`.
#[test]
fn malformed_inputs_exit_1_with_one_positioned_error() {
    let cases: &[(&str, u32, u32, &str)] = &[
        (
            "bad-indentation.yaml",
            7,
            8,
            "mapping values are not allowed",
        ),
        ("tab.yaml", 6, 1, "tabs"),
        ("unknown-kind.yaml", 2, 7, "kind: unknown kind \"Functoin\""),
        (
            "unknown-field-nested.yaml",
            9,
            5,
            "spec.volumeMounts[0].mountPth: unknown field \"mountPth\"",
        ),
        (
            "wrong-enum.yaml",
            12,
            13,
            "spec.backupTasks[1].driver: unknown variant \"Restik\", expected one of Restic, WalG",
        ),
        (
            "list-for-string.yaml",
            7,
            5,
            "spec.image: invalid type: expected a string, found a list",
        ),
        ("empty.yaml", 1, 1, "no Function or Addon found"),
        ("binary.yaml", 1, 2, "invalid UTF-8"),
        ("nul-byte.yaml", 3, 11, "NUL byte"),
        ("scalar.yaml", 1, 1, "expected a mapping"),
        ("duplicate-keys.yaml", 5, 3, "duplicate key \"name\""),
        ("wrong-api-version.yaml", 1, 13, "unsupported apiVersion"),
        ("number-for-string.yaml", 10, 16, "found integer 300"),
        ("list-document.yaml", 8, 1, "found a list"),
    ];
    let good = fixtures().join("catalog/raw/pvc/pvc-addon.yaml");
    for (name, line, column, text) in cases {
        let file = fixtures().join("malformed").join(name);
        // Also after a good file: nothing may reach stdout.
        for args in [vec![file.as_path()], vec![good.as_path(), file.as_path()]] {
            let out = fmt_paths(&[], &args);
            assert_eq!(out.status.code(), Some(1), "{name}");
            assert!(out.stdout.is_empty(), "{name}: stdout must stay empty");
            let err = stderr(&out);
            let prefix = format!("error: {}:{line}:{column}: ", file.display());
            assert!(
                err.starts_with(&prefix),
                "{name}: `{err}` should start with `{prefix}`"
            );
            assert!(
                err.contains(text),
                "{name}: `{err}` should contain `{text}`"
            );
            assert_eq!(err.lines().count(), 1, "{name}: one line: `{err}`");
        }
        // `--check` reports bad input the same way.
        let out = fmt_paths(&["--check"], &[&file]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(stderr(&out).starts_with("error: "), "{name}");
    }
}

/// A field that is not a near miss of a known one (`labels` beside `metadata` and `spec`) may be
/// a later upstream version's: it is dropped with a warning, as an API server prunes it.
#[test]
fn an_unknown_field_that_is_no_near_miss_is_dropped_with_a_warning() {
    let file = fixtures().join("malformed/unknown-field-top.yaml");
    let out = fmt_paths(&[], &[&file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "warning: {}:5:1: labels: unknown field \"labels\": this version's API \
             (kubestash/apimachinery @ 0116a4cb) does not have it; dropped, as an API server \
             whose CRD does not list it prunes it\n",
            file.display()
        )
    );
    assert!(!stdout(&out).contains("labels"));
    assert!(stdout(&out).starts_with("apiVersion: addons.kubestash.com/v1alpha1\n"));
}

#[test]
fn lenient_mode_warns_and_drops_unknown_fields() {
    let file = fixtures().join("malformed/unknown-field-nested.yaml");
    let out = fmt_paths(&["--lenient"], &[&file]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Dropped, the misspelt field leaves the required `mountPath` missing: a warning too.
    assert_eq!(
        stderr(&out),
        format!(
            "warning: {0}:9:5: spec.volumeMounts[0].mountPth: unknown field \"mountPth\" (did you mean \"mountPath\"?)\n\
             warning: {0}:8:5: spec.volumeMounts[0].mountPath: missing required field \"mountPath\"\n",
            file.display()
        )
    );
    assert!(!stdout(&out).contains("mountPth"));
}

#[test]
fn missing_file_is_an_input_error() {
    let out = fmt_paths(&[], &[Path::new("/nonexistent/kubestash.yaml")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).starts_with("error: /nonexistent/kubestash.yaml: cannot read: "));
}

#[test]
fn usage_errors_exit_2() {
    let file = fixtures().join("catalog/raw/pvc/pvc-addon.yaml");
    for args in [
        vec![],
        vec!["--check", "--write", file.to_str().expect("UTF-8 path")],
        vec!["--no-such-flag", file.to_str().expect("UTF-8 path")],
        vec!["--write", "-"],
    ] {
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        let out = fmt(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
    }
}
