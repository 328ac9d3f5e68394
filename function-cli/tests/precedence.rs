//! `kubestash-fn resolve` precedence through its flags, with a different value for the same key
//! in every layer (tests/fixtures/resolve/precedence). Expected values are written from the
//! rules (shared/reference/README.md, section 3, and the command's help): the task's parameter
//! defaults (from the Addon) < `--builtin` < `--params-file` then `--set` (the user's params,
//! `--set` last) < `DB_VERSION` chosen for `--db-version` (15.5 among `[12.17, 14.10, 16.4,
//! 17.2, 18.2]` gives 16.4). `${x:=w}` gives `w` only when no layer has `x`.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/resolve/precedence")
        .join(name)
        .display()
        .to_string()
}

/// Which layers the command line fills.
#[derive(Clone, Copy)]
struct Flags {
    builtin: bool,
    params_file: bool,
    set: bool,
    db_version: bool,
}

const ALL: Flags = Flags {
    builtin: true,
    params_file: true,
    set: true,
    db_version: true,
};

fn resolve(flags: Flags, extra: &[&str]) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kubestash-fn"));
    cmd.args(["resolve", &fixture("function.yaml")]).args([
        "--addon",
        &fixture("addon.yaml"),
        "--task",
        "check",
    ]);
    if flags.builtin {
        for kv in [
            "b=builtin",
            "db=builtin",
            "bu=builtin",
            "dbu=builtin",
            "DB_VERSION=from-builtin",
        ] {
            cmd.args(["--builtin", kv]);
        }
    }
    if flags.params_file {
        // u, du, bu, dbu: "params-file"; empty: ""; DB_VERSION: "from-params-file".
        cmd.args(["--params-file", &fixture("params.yaml")]);
    }
    if flags.set {
        for kv in ["u=set", "dbu=set", "DB_VERSION=from-set"] {
            cmd.args(["--set", kv]);
        }
    }
    if flags.db_version {
        cmd.args(["--db-version", "15.5"]);
    }
    let out = cmd.args(extra).args(["-o", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing on stderr but, with --db-version, the rule that chose the tag.
    let note = if flags.db_version {
        "note: ${DB_VERSION} = 16.4: the next available version above 15.5 (the one below is of \
         another major)\n"
    } else {
        ""
    };
    assert_eq!(String::from_utf8_lossy(&out.stderr), note);
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn every_flag_overrides_the_layers_below_it() {
    let v = resolve(ALL, &[]);
    assert_eq!(
        v["container"]["args"],
        json!([
            "check",
            "--d=task-default", // only the Addon's default
            "--b=builtin",      // only --builtin
            "--u=set",          // --params-file, then --set
            "--db=builtin",     // --builtin > default
            "--du=params-file", // --params-file > default
            "--bu=params-file", // --params-file > --builtin
            "--dbu=set",        // --set > --params-file > --builtin > default
            "--none=inline",    // no layer: the template's default
            "--empty=",         // "" in --params-file wins over the default
            "--db-version=16.4",
        ])
    );
    assert_eq!(v["container"]["image"], "registry.example/precedence:16.4");
    assert_eq!(v["container"]["name"], "precedence-check-0");
}

/// `DB_VERSION` in all five sources; taking them away from the top, the next one shows through.
#[test]
fn db_version_falls_through_the_flags_one_by_one() {
    let none = Flags {
        builtin: false,
        params_file: false,
        set: false,
        db_version: false,
    };
    let cases = [
        (ALL, "16.4"),
        (
            Flags {
                db_version: false,
                ..ALL
            },
            "from-set",
        ),
        (
            Flags {
                builtin: true,
                params_file: true,
                ..none
            },
            "from-params-file",
        ),
        (
            Flags {
                builtin: true,
                ..none
            },
            "from-builtin",
        ),
        (none, "from-task-default"),
    ];
    for (flags, want) in cases {
        let v = resolve(flags, &[]);
        assert_eq!(
            v["container"]["image"],
            format!("registry.example/precedence:{want}")
        );
        assert_eq!(
            v["container"]["args"][10],
            format!("--db-version={want}"),
            "{want}"
        );
    }
}

/// `--runtime-settings` is applied last; `--requests corrected` changes only what the upstream
/// bug drops. The Function asks for `cpu: 100m` and env `A`, `B`.
#[test]
fn runtime_settings_and_requests_corrected() {
    let cases = [
        // Requests without limits: ignored upstream, applied when corrected.
        (
            "rs-requests.yaml",
            "upstream",
            json!({"requests": {"cpu": "100m"}}),
        ),
        (
            "rs-requests.yaml",
            "corrected",
            json!({"requests": {"cpu": "500m"}}),
        ),
        // Limits without requests: upstream copies the (empty) requests over the Function's.
        (
            "rs-limits.yaml",
            "upstream",
            json!({"limits": {"cpu": "1"}}),
        ),
        (
            "rs-limits.yaml",
            "corrected",
            json!({"limits": {"cpu": "1"}, "requests": {"cpu": "100m"}}),
        ),
        (
            "rs-both.yaml",
            "upstream",
            json!({"limits": {"cpu": "1"}, "requests": {"cpu": "500m"}}),
        ),
        (
            "rs-both.yaml",
            "corrected",
            json!({"limits": {"cpu": "1"}, "requests": {"cpu": "500m"}}),
        ),
    ];
    for (file, mode, want) in cases {
        let v = resolve(
            ALL,
            &["--runtime-settings", &fixture(file), "--requests", mode],
        );
        assert_eq!(
            v["container"]["resources"], want,
            "{file} --requests {mode}"
        );
    }
    let v = resolve(ALL, &["--runtime-settings", &fixture("rs-requests.yaml")]);
    assert_eq!(
        v["container"]["env"],
        json!([
            {"name": "A", "value": "function"},
            {"name": "B", "value": "invoker"},
            {"name": "C", "value": "invoker"},
            {"name": "NICE_ADJUSTMENT", "value": "5"},
        ])
    );
    // Without runtime settings the Function's own stay.
    let v = resolve(ALL, &["--requests", "corrected"]);
    assert_eq!(
        v["container"]["resources"],
        json!({"requests": {"cpu": "100m"}})
    );
}
