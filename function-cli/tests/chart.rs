//! `kubestash-fn chart` through the binary: a chart from the reference YAML, the summary,
//! positioned errors, nothing written on bad input, and usage errors.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn chart(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .arg("chart")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

#[test]
fn writes_the_reference_chart_and_says_what_it_did() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("kubestash-catalog");
    let raw = fixtures().join("catalog/raw");
    let args = [
        raw.to_str().expect("UTF-8 path"),
        "--name",
        "kubestash-catalog",
        "--version",
        "2026.7.10",
        "--app-version",
        "v2026.7.10",
        "--kube-version",
        ">=1.26.0-0",
        "--helm-value",
        "waitTimeout",
        "--out",
        out_dir.to_str().expect("UTF-8 path"),
    ];
    let out = chart(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
    assert_eq!(
        text(&out.stdout),
        format!(
            "chart kubestash-catalog 2026.7.10: 12 Functions, 4 Addons; 22 files in {} (22 written, 0 unchanged, 0 removed)\n",
            out_dir.display()
        )
    );
    let vault =
        fs::read_to_string(out_dir.join("templates/vault/vault-backup.yaml")).expect("written");
    assert!(vault.contains(r#"(.Values.waitTimeout | int64 | toString)"#));
    let chart_yaml = fs::read_to_string(out_dir.join("Chart.yaml")).expect("written");
    assert!(chart_yaml.contains("\nappVersion: v2026.7.10\n"));

    // Again: nothing changes.
    let out = chart(&args);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).ends_with("(0 written, 22 unchanged, 0 removed)\n"));
}

#[test]
fn a_problem_is_reported_at_its_object_and_nothing_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("objects.yaml");
    fs::write(
        &input,
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: a-backup\nspec:\n  image: ghcr.io/x/a:v1\n  args: [\"--t=${t:=1}\"]\n---\n\
         apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: a-backup\nspec:\n  backupTasks:\n  - name: b\n    function: a-backup\n",
    )
    .expect("writes");
    let out_dir = tmp.path().join("out");
    let out = chart(&[
        input.to_str().expect("UTF-8"),
        "--name",
        "a",
        "--version",
        "v1",
        "--helm-value",
        "missing",
        "--out",
        out_dir.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let input = input.display();
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: chart version `v1` is not SemVer 2 (expected MAJOR.MINOR.PATCH, e.g. 1.2.3 (no leading `v`)); Helm v4 rejects it\n\
             error: {input}:9:1: Addon/a-backup: a Function has the same name: their chart templates would collide\n\
             error: Helm value `missing` binds nothing: no Function argument has a default for ${{missing:=...}}\n"
        )
    );
    assert!(!out_dir.exists());
    assert_eq!(fs::read_dir(tmp.path()).expect("lists").count(), 1);
}

#[test]
fn lint_errors_stop_it_at_their_node() {
    // A Function whose argument has no closing brace: the chart would be broken.
    let tmp = tempfile::tempdir().expect("tempdir");
    let input = tmp.path().join("objects.yaml");
    fs::write(
        &input,
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: vault-backup\nspec:\n  image: ghcr.io/kubestash/vault:v0.3.0\n  args:\n  - backup\n  - --wait-timeout=${waitTimeout:=300\n---\n\
         apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: vault-addon\nspec:\n  backupTasks:\n  - name: b\n    function: vault-bakup\n",
    )
    .expect("writes");
    let out_dir = tmp.path().join("out");
    let out = chart(&[
        input.to_str().expect("UTF-8"),
        "--name",
        "vault",
        "--version",
        "1.0.0",
        "--out",
        out_dir.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let input = input.display();
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {input}:9:20: Function/vault-backup: spec.args[1]: unable to parse substitution \
             within function: the substitution engine stops at the end of the string \
             [KSF0007 template-syntax]\n  = help: close the expression with `}}`; for a literal \
             `${{`, write `$${{`\n\
             error: {input}:18:15: Addon/vault-addon: spec.backupTasks[0].function: backup task \
             `b` runs the Function `vault-bakup`, which is not among the objects \
             [KSF0001 unknown-function]\n  = help: did you mean `vault-backup`?\n"
        )
    );
    assert!(!out_dir.exists());
}

#[test]
fn bad_yaml_is_an_input_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out_dir = tmp.path().join("out");
    let bad = fixtures().join("malformed/unknown-kind.yaml");
    let out = chart(&[
        bad.to_str().expect("UTF-8"),
        "--name",
        "a",
        "--version",
        "1.0.0",
        "--out",
        out_dir.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("error: {}:", bad.display())),
        "{err}"
    );
    assert!(err.contains("unknown kind"), "{err}");
    assert!(!out_dir.exists());
}

#[test]
fn an_unwritable_output_is_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("file"), "x").expect("writes");
    let raw = fixtures().join("catalog/raw");
    let out = chart(&[
        raw.to_str().expect("UTF-8"),
        "--name",
        "a",
        "--version",
        "1.0.0",
        "--out",
        tmp.path().join("file/chart").to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: "),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(fs::read_dir(tmp.path()).expect("lists").count(), 1);
}

#[test]
fn missing_arguments_are_a_usage_error() {
    let out = chart(&["x.yaml", "--version", "1.0.0", "--out", "/tmp/never"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--name"),
        "{}",
        text(&out.stderr)
    );
    let out = chart(&["--name", "a", "--version", "1.0.0", "--out", "/tmp/never"]);
    assert_eq!(out.status.code(), Some(2));
}
