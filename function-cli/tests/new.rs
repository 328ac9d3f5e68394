//! `kubestash-fn new` through the binary: the workspace it writes builds, tests, keeps its
//! binary lean and documents every flag; a bad name, a non-empty directory and a wrong
//! `--core-path` are refused with nothing written.

mod common;

use std::fs;
use std::process::Command;

use common::{cargo, copy_lock, repo, target_dir, text};

fn new(args: &[&str]) -> std::process::Output {
    let args: Vec<&str> = ["new"].iter().chain(args).copied().collect();
    common::kubestash_fn(&args)
}

#[test]
fn the_new_workspace_builds_tests_and_documents_its_flags() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let ws = tmp.path().join("demo-plugin");
    let core = repo().join("function-core");
    let out = new(&[
        "demo-plugin",
        "--out",
        ws.to_str().expect("UTF-8"),
        "--core-path",
        core.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "created {}: 12 files (cargo build writes demo-plugin/chart/; cargo test runs the \
             contract tests)\n",
            ws.display()
        )
    );
    copy_lock(&ws);

    cargo(&ws, &["build"]);
    // build.rs wrote the chart and the manifests.
    let bin = ws.join("demo-plugin");
    let chart = fs::read_to_string(bin.join("chart/Chart.yaml")).expect("chart/Chart.yaml");
    assert!(chart.contains("name: demo-plugin\n"), "{chart}");
    let manifests = fs::read_to_string(bin.join("manifests.yaml")).expect("manifests.yaml");
    for name in ["demo-backup", "demo-restore", "demo-addon"] {
        assert!(
            manifests.contains(&format!("  name: {name}\n")),
            "{manifests}"
        );
    }

    let tests = cargo(&ws, &["test"]);
    let summary = text(&tests.stdout);
    for test in [
        "the_catalog_passes_its_checks",
        "a_resolved_backup_parses_into_the_inputs",
        "both_functions_keep_the_round_trip_laws",
        "help_lists_every_flag_with_its_usage_and_default",
        "backup_without_a_cluster_fails_naming_the_client",
        "a_missing_path_is_the_plugins_error",
    ] {
        assert!(
            summary.contains(&format!("test {test} ... ok")),
            "{summary}"
        );
    }

    // `backup --help`: every flag, with its usage and its default.
    let exe = target_dir().join("debug/demo-plugin");
    let help = Command::new(&exe)
        .args(["backup", "--help"])
        .output()
        .expect("the plugin runs");
    assert_eq!(help.status.code(), Some(0));
    let help = text(&help.stdout);
    for (flag, usage, default) in [
        (
            "--namespace <namespace>",
            "The namespace of the target (from the operator).",
            "[default: default] [built-in variable: namespace]",
        ),
        (
            "--backupsession <backupSession>",
            "The BackupSession this run belongs to (from the operator).",
            "[built-in variable: backupSession] [required]",
        ),
        (
            "--enable-cache <enableCache>",
            "Enable or disable caching.",
            "[default: true] [variable: enableCache]",
        ),
        (
            "--scratch-dir <scratchDir>",
            "Directory for holding temporary files and restic cache.",
            "[default: /kubestash-tmp] [variable: scratchDir]",
        ),
        (
            "--paths <paths>",
            "Comma-separated list of file paths to back up.",
            "[default: /kubestash-data] [variable: paths]",
        ),
        (
            "--exclude <exclude>",
            "Comma-separated list of patterns for the files to leave out.",
            "[variable: exclude]",
        ),
    ] {
        let entry = format!("      {flag}\n          {usage}\n          {default}\n");
        assert!(help.contains(&entry), "missing:\n{entry}in:\n{help}");
    }
    assert_eq!(help.matches("\n      --").count(), 6, "{help}");

    // The binary's normal dependency tree has the runtime (the kube client).
    let tree = |edges: &str| {
        let out = cargo(
            &ws,
            &[
                "tree",
                "-p",
                "demo-plugin",
                "-e",
                edges,
                "--prefix",
                "none",
                "--format",
                "{p}",
            ],
        );
        text(&out.stdout)
            .lines()
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect::<Vec<_>>()
    };
    let normal = tree("normal");
    for needed in ["function-core", "function-runtime", "kube"] {
        assert!(
            normal.iter().any(|p| p == needed),
            "{needed} not in {normal:?}"
        );
    }
    // function-core's manifest side (its `yaml`, `catalog`, `lint` features) stays in the
    // build script; the binary takes the lean set.
    let features = cargo(
        &ws,
        &[
            "tree",
            "-p",
            "demo-plugin",
            "-e",
            "normal",
            "-i",
            "function-core",
            "--depth",
            "0",
            "--prefix",
            "none",
            "--format",
            "{p} [{f}]",
        ],
    );
    let features = text(&features.stdout);
    for heavy in ["catalog", "yaml", "lint"] {
        assert!(!features.contains(heavy), "{heavy} in {features}");
    }
    assert!(
        !normal.iter().any(|p| p == "function-codegen"),
        "{normal:?}"
    );

    // The generated source is formatted.
    cargo(&ws, &["fmt", "--check"]);
}

#[test]
fn a_bad_name_is_a_usage_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (name, reason) in [
        ("MyPlugin", "`M` at column 1 is not allowed"),
        ("7zip", "starts with a letter"),
        ("fn", "is reserved"),
    ] {
        let dir = tmp.path().join("ws");
        let out = new(&[name, "--out", dir.to_str().expect("UTF-8")]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty());
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with(&format!("error: invalid value '{name}' for '<NAME>': ")),
            "{stderr}"
        );
        assert!(stderr.contains(reason), "{stderr}");
        assert!(!dir.exists());
    }
}

#[test]
fn a_non_empty_directory_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("ws");
    fs::create_dir(&dir).expect("mkdir");
    fs::write(dir.join("notes.md"), "mine\n").expect("write");
    let out = new(&["vault", "--out", dir.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {}: refusing to write there: it exists and is not an empty directory\n",
            dir.display()
        )
    );
    let entries: Vec<_> = fs::read_dir(&dir).expect("read_dir").collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(fs::read_dir(tmp.path()).expect("read_dir").count(), 1);
}

#[test]
fn an_empty_directory_is_filled_and_the_default_out_is_the_name() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("ws");
    fs::create_dir(&dir).expect("mkdir");
    let out = new(&["vault", "--out", dir.to_str().expect("UTF-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("vault-api/src/lib.rs").is_file());
    // Without --out: ./NAME; without a flag, the function-core this binary was built from,
    // said on stderr.
    let out = Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .current_dir(tmp.path())
        .args(["new", "etcd-plugin"])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let core = repo().join("function-core");
    assert_eq!(
        text(&out.stderr),
        format!(
            "note: using function-core from {} (the source this kubestash-fn was built from); \
             pass --core-path PATH or --core-version VERSION to change\n",
            core.display()
        )
    );
    let manifest = fs::read_to_string(tmp.path().join("etcd-plugin/etcd-plugin/Cargo.toml"))
        .expect("the binary's manifest");
    assert!(
        manifest.contains(&format!(
            "function-core = {{ path = '{}', version = \"{}\", default-features = false }}\n",
            core.display(),
            env!("CARGO_PKG_VERSION")
        )),
        "{manifest}"
    );
    // --core-version: by version from crates.io, silently.
    let out = new(&[
        "etcd-plugin",
        "--out",
        tmp.path().join("by-version").to_str().expect("UTF-8"),
        "--core-version",
        env!("CARGO_PKG_VERSION"),
    ]);
    assert_eq!(
        (out.status.code(), text(&out.stderr)),
        (Some(0), String::new())
    );
    let manifest = fs::read_to_string(tmp.path().join("by-version/etcd-plugin/Cargo.toml"))
        .expect("the binary's manifest");
    assert!(
        manifest.contains(&format!(
            "function-core = {{ version = \"{}\", default-features = false }}\n",
            env!("CARGO_PKG_VERSION")
        )),
        "{manifest}"
    );
}

/// The README's way, end to end: `cargo install --locked --path function-cli` into a root of
/// its own, then `kubestash-fn new NAME` with no other flag in a directory outside the
/// repository, then `cargo build` and `cargo test` there. (`--debug` and the shared
/// [`target_dir`] only make the install reuse what the other builds compiled; `--offline`
/// keeps it to the registry cache.)
#[test]
fn installed_as_the_readme_says_new_without_flags_builds_and_tests_anywhere() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("root");
    let install = Command::new(env!("CARGO"))
        .current_dir(repo())
        .args([
            "install",
            "--locked",
            "--offline",
            "--debug",
            "--path",
            "function-cli",
        ])
        .arg("--root")
        .arg(&root)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("K8S_OPENAPI_ENABLED_VERSION")
        .output()
        .expect("cargo install runs");
    assert!(install.status.success(), "{}", text(&install.stderr));
    let work = tmp.path().join("elsewhere");
    fs::create_dir(&work).expect("mkdir");
    assert!(!work.starts_with(repo()));
    let out = Command::new(root.join("bin/kubestash-fn"))
        .current_dir(&work)
        .args(["new", "readme-plugin"])
        .output()
        .expect("the installed binary runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with(&format!(
            "note: using function-core from {} (the source this kubestash-fn was built from)",
            repo().join("function-core").display()
        )),
        "{stderr}"
    );
    // Not demo-plugin: the other test builds that one in the same target directory.
    let ws = work.join("readme-plugin");
    copy_lock(&ws);
    cargo(&ws, &["build"]);
    let tests = cargo(&ws, &["test"]);
    let summary = text(&tests.stdout);
    assert!(
        summary.contains("test the_catalog_passes_its_checks ... ok"),
        "{summary}"
    );
    assert!(!summary.contains("FAILED"), "{summary}");
}

#[test]
fn a_wrong_core_path_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("ws");
    let not_core = repo().join("function-rules");
    let out = new(&[
        "vault",
        "--out",
        dir.to_str().expect("UTF-8"),
        "--core-path",
        not_core.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("function-rules/Cargo.toml: not function-core's manifest"),
        "{stderr}"
    );
    let missing = tmp.path().join("nowhere");
    let out = new(&[
        "vault",
        "--out",
        dir.to_str().expect("UTF-8"),
        "--core-path",
        missing.to_str().expect("UTF-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with(&format!("error: {}/Cargo.toml: ", missing.display())));
    assert!(!dir.exists());
}
