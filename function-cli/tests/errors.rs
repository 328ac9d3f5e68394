//! The one error path of every command, run in-process: exit statuses (0, 1, 2), one
//! `error: ...` line per problem on stderr, nothing on stdout on failure, closed pipes, the
//! bounds flags, and the hints for common mistakes.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use function_cli::error::Status;
use function_cli::{Streams, run_args};

/// What one run gave: the status, stdout and stderr.
#[derive(Debug)]
struct Run {
    status: Status,
    out: String,
    err: String,
}

/// Runs `kubestash-fn ARGS...` in-process with `stdin`.
fn run(args: &[&str], stdin: &[u8]) -> Run {
    let (mut input, mut out, mut err) = (stdin, Vec::new(), Vec::new());
    let argv = std::iter::once("kubestash-fn").chain(args.iter().copied());
    let status = run_args(argv, &mut Streams::new(&mut input, &mut out, &mut err));
    Run {
        status,
        out: String::from_utf8(out).expect("UTF-8 stdout"),
        err: String::from_utf8(err).expect("UTF-8 stderr"),
    }
}

/// Asserts a failure with `status`: nothing on stdout, one `error: ` line on stderr that
/// starts with `prefix` and contains `needle`.
#[track_caller]
fn assert_fails(run: &Run, status: Status, prefix: &str, needle: &str) {
    assert_eq!(run.status, status, "{run:?}");
    assert_eq!(run.out, "", "stdout must stay empty: {run:?}");
    assert_eq!(run.err.lines().count(), 1, "one line: {run:?}");
    assert!(
        run.err.starts_with(&format!("error: {prefix}")),
        "`{}` should start with `error: {prefix}`",
        run.err
    );
    assert!(
        run.err.contains(needle),
        "`{}` should hold `{needle}`",
        run.err
    );
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

const FUNCTION: &str = "apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: f
spec:
  image: ghcr.io/kubestash/pvc:v0.28.0
";

#[test]
fn wrong_input_is_status_1_with_the_position_in_every_command() {
    let bad = fixtures().join("malformed/unknown-kind.yaml");
    let prefix = format!("{}:2:7: ", bad.display());
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("chart");
    for args in [
        vec!["fmt", path(&bad)],
        vec!["fmt", "--check", path(&bad)],
        vec!["resolve", path(&bad)],
        vec![
            "chart",
            path(&bad),
            "--name",
            "a",
            "--version",
            "1.0.0",
            "--out",
            path(&out_dir),
        ],
    ] {
        assert_fails(&run(&args, b""), Status::Input, &prefix, "unknown kind");
    }
    assert!(!out_dir.exists());

    // The same from standard input.
    let text = fs::read(&bad).expect("fixture");
    assert_fails(
        &run(&["fmt", "-"], &text),
        Status::Input,
        "<stdin>:2:7: ",
        "unknown kind",
    );

    assert_fails(
        &run(&["eval", "a\n ${b"], b""),
        Status::Input,
        "<template>:2:",
        "missing closing brace",
    );
}

#[test]
fn usage_errors_are_status_2_with_nothing_on_stdout() {
    for args in [
        &["fmt", "--no-such-flag", "x.yaml"][..],
        &["resolve"],
        &["crd", "extra"],
        &["fmt", "--max-bytes", "10MB", "x.yaml"],
        &["fmt", "--max-documents", "-1", "x.yaml"],
        &[],
    ] {
        let run = run(args, b"");
        assert_eq!(run.status, Status::Usage, "{args:?}: {run:?}");
        assert_eq!(run.out, "", "{args:?}");
        // clap's message, or its help when no command is given.
        assert!(
            run.err.starts_with("error: ") || run.err.contains("\nUsage: kubestash-fn"),
            "{args:?}: {run:?}"
        );
    }
    // Usage errors the parser cannot see go through the same path.
    assert_fails(
        &run(&["fmt", "--write", "-"], b""),
        Status::Usage,
        "--write cannot rewrite standard input",
        "",
    );
    assert_fails(
        &run(&["fmt", "-", "-"], FUNCTION.as_bytes()),
        Status::Usage,
        "standard input (-) can be given only once",
        "",
    );
    // Help is data, not a diagnostic.
    let help = run(&["fmt", "--help"], b"");
    assert_eq!((help.status, help.err.as_str()), (Status::Success, ""));
    assert!(help.out.contains("--max-documents <N>"), "{}", help.out);
    assert!(help.out.contains("--max-bytes <SIZE>"), "{}", help.out);
}

/// A writer that fails with `kind` once `room` bytes are written.
struct Failing {
    room: usize,
    kind: io::ErrorKind,
}

impl Write for Failing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.room == 0 {
            return Err(self.kind.into());
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs with a stdout that fails after 10 bytes; gives the status and stderr.
fn run_into_failing(args: &[&str], stdin: &[u8], kind: io::ErrorKind) -> (Status, String) {
    let (mut input, mut err) = (stdin, Vec::new());
    let mut out = Failing { room: 10, kind };
    let argv = std::iter::once("kubestash-fn").chain(args.iter().copied());
    let status = run_args(argv, &mut Streams::new(&mut input, &mut out, &mut err));
    (status, String::from_utf8(err).expect("UTF-8"))
}

#[test]
fn a_closed_pipe_is_success_and_any_other_write_error_is_status_1() {
    let function = fixtures().join("catalog/raw/pvc/pvc-backup-function.yaml");
    let jobs = "{\"template\": \"${a:=1}\"}\n".repeat(10_000);
    for (args, stdin) in [
        (vec!["crd"], ""),
        (vec!["fmt", path(&function)], ""),
        (vec!["eval", "--jsonl", "-"], jobs.as_str()),
        (vec!["eval", "a long enough output"], ""),
        (
            vec!["resolve", path(&function), "--set", "namespace=demo"],
            "",
        ),
    ] {
        let closed = run_into_failing(&args, stdin.as_bytes(), io::ErrorKind::BrokenPipe);
        assert_eq!(closed, (Status::Success, String::new()), "{args:?}");
        let (status, err) = run_into_failing(&args, stdin.as_bytes(), io::ErrorKind::StorageFull);
        assert_eq!(status, Status::Input, "{args:?}");
        assert!(
            err.starts_with("error: cannot write output: "),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn a_helm_chart_folder_is_named_as_such() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let chart = tmp.path().join("mychart");
    fs::create_dir_all(chart.join("templates")).expect("mkdir");
    fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: mychart\nversion: 0.1.0\n",
    )
    .expect("write");
    fs::write(chart.join("values.yaml"), "image: {}\n").expect("write");
    fs::write(
        chart.join("templates/function.yaml"),
        "{{- if .Values.enabled }}\nkind: Function\n{{- end }}\n",
    )
    .expect("write");
    let out_dir = tmp.path().join("out");
    let expected = format!(
        "{}: this is a Helm chart: pass the manifests or `helm template` output",
        chart.display()
    );
    for args in [
        vec!["fmt", path(&chart)],
        vec!["resolve", path(&chart)],
        vec![
            "chart",
            path(&chart),
            "--name",
            "a",
            "--version",
            "1.0.0",
            "--out",
            path(&out_dir),
        ],
        // A chart inside a folder of manifests.
        vec!["fmt", path(tmp.path())],
    ] {
        let run = run(&args, b"");
        assert_eq!(
            (run.status, run.out.as_str(), run.err.as_str()),
            (Status::Input, "", format!("error: {expected}\n").as_str()),
            "{args:?}"
        );
    }
}

#[test]
fn resolve_suggests_db_version_for_a_db_version_image() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let function = tmp.path().join("f.yaml");
    fs::write(
        &function,
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: pg-backup\n\
         spec:\n  image: ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}\n\
         \x20 availableVersions: [\"14.10\", \"16.4\"]\n",
    )
    .expect("write");
    let without = run(&["resolve", path(&function)], b"");
    assert_fails(
        &without,
        Status::Input,
        "function \"pg-backup\": ${DB_VERSION} in spec.image has no value",
        "; pass the database's version with --db-version V",
    );
    // With the flag, the version is chosen, and the rule that chose it is said.
    let with = run(&["resolve", path(&function), "--db-version", "16.4"], b"");
    assert_eq!(
        (with.status, with.err.as_str()),
        (
            Status::Success,
            "note: ${DB_VERSION} = 16.4: the available version of the same number as 16.4\n"
        )
    );
    assert!(
        with.out
            .contains("image: ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_16.4\n"),
        "{}",
        with.out
    );
}

/// `n` Functions `f0`, `f1`, ... as one multi-document stream.
fn stream(n: usize) -> String {
    (0..n)
        .map(|i| FUNCTION.replace("name: f\n", &format!("name: f{i}\n")))
        .collect::<Vec<_>>()
        .join("---\n")
}

#[test]
fn bounds_fit_real_inputs_and_name_their_flag() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // 1,025 documents were refused before the bounds were raised.
    let file = tmp.path().join("stream.yaml");
    fs::write(&file, stream(1_025)).expect("write");
    let ok = run(&["fmt", path(&file)], b"");
    assert_eq!((ok.status, ok.err.as_str()), (Status::Success, ""));
    assert_eq!(ok.out.matches("\nkind: Function\n").count(), 1_025);

    let over = run(&["fmt", "--max-documents", "1000", path(&file)], b"");
    assert_fails(
        &over,
        Status::Input,
        &format!("{}:", file.display()),
        "more than 1000 documents, the bound on one file: raise it with --max-documents N",
    );
    let over = run(&["resolve", "--max-bytes", "1KiB", path(&file)], b"");
    assert_fails(
        &over,
        Status::Input,
        &format!("{}: larger than 1024 bytes (1 KiB)", file.display()),
        "raise it with --max-bytes N",
    );
    // Standard input is bounded too, without reading past the bound.
    let over = run(&["fmt", "--max-bytes", "100", "-"], stream(3).as_bytes());
    assert_fails(
        &over,
        Status::Input,
        "<stdin>: larger than 100 bytes",
        "--max-bytes",
    );
    // The bounds apply to resolve's other files too.
    let rs = tmp.path().join("rs.yaml");
    fs::write(
        &rs,
        format!("nice:\n  adjustment: 3\n#{}\n", "x".repeat(1000)),
    )
    .expect("write");
    let function = fixtures().join("catalog/raw/pvc/pvc-backup-function.yaml");
    let over = run(
        &[
            "resolve",
            path(&function),
            "--runtime-settings",
            path(&rs),
            "--max-bytes",
            "1000",
        ],
        b"",
    );
    assert_fails(
        &over,
        Status::Input,
        &format!("{}: larger than 1000 bytes", rs.display()),
        "--max-bytes",
    );
}

#[test]
fn summaries_count_in_the_singular_for_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("one.yaml");
    fs::write(
        &input,
        format!(
            "{FUNCTION}---\napiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: a\n\
             spec:\n  backupTasks:\n  - name: backup\n    function: f\n    driver: Restic\n"
        ),
    )
    .expect("write");
    let out_dir = tmp.path().join("chart");
    let run = run(
        &[
            "chart",
            path(&input),
            "--name",
            "one",
            "--version",
            "1.0.0",
            "--out",
            path(&out_dir),
        ],
        b"",
    );
    assert_eq!(
        (run.status, run.err.as_str()),
        (Status::Success, ""),
        "{run:?}"
    );
    assert!(
        run.out
            .starts_with("chart one 1.0.0: 1 Function, 1 Addon; "),
        "{}",
        run.out
    );
}
