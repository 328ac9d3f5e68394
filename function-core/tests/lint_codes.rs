//! Every lint code: a minimal input that triggers it (asserting the code, its severity, the
//! line and the column) and the same input fixed, which does not.

use function_core::lint::{Code, Diagnostic, Files, Options, Severity};
use function_core::yaml;

/// A Function document: `image` on line 6 (its value at column 10), `args` from line 8 (each
/// value at column 5), then `extra` lines under `spec`.
fn function(name: &str, image: &str, args: &[&str], extra: &str) -> String {
    let mut text = format!(
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: {name}\nspec:\n  image: {image}\n  args:\n"
    );
    for arg in args {
        text.push_str(&format!("  - {arg}\n"));
    }
    text.push_str(extra);
    text
}

/// An Addon document: one backup task on line 7 (`name`, value at column 11) running
/// `function` (line 8, value at column 15), then `parameters` lines (from line 10).
fn addon(name: &str, task: &str, function: &str, parameters: &str) -> String {
    let mut text = format!(
        "apiVersion: addons.kubestash.com/v1alpha1\nkind: Addon\nmetadata:\n  name: {name}\nspec:\n  backupTasks:\n  - name: {task}\n    function: {function}\n"
    );
    if !parameters.is_empty() {
        text.push_str("    parameters:\n");
        text.push_str(parameters);
    }
    text
}

const IMAGE: &str = "ghcr.io/kubestash/demo:v1";
const PG: &str = "ghcr.io/kubedb/pg:v1_${DB_VERSION}";

fn docs(parts: &[String]) -> String {
    parts.join("---\n")
}

/// Read as `kubestash-fn lint` reads ([`yaml::Options::forward`]: a field that is not a near
/// miss of a known one is dropped, and reported as KSF0109).
fn lint(text: &str) -> Vec<Diagnostic> {
    let mut files = Files::new();
    files
        .add_str("case.yaml", text, &yaml::Options::forward())
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    files.lint(&Options::default()).diagnostics().to_vec()
}

struct Case {
    code: Code,
    trigger: String,
    /// Line and column of the finding in `trigger`.
    at: (u32, u32),
    clean: String,
}

fn cases() -> Vec<Case> {
    let backup = |args: &[&str]| function("demo-backup", IMAGE, args, "");
    vec![
        Case {
            code: Code::UnknownFunction,
            // The Addon starts on line 10 (8 lines of Function, then `---`).
            trigger: docs(&[
                backup(&["backup"]),
                addon("demo-addon", "backup", "demo-bakup", ""),
            ]),
            at: (17, 15),
            clean: docs(&[
                backup(&["backup"]),
                addon("demo-addon", "backup", "demo-backup", ""),
            ]),
        },
        Case {
            code: Code::InvalidName,
            trigger: addon("Demo-Addon", "backup", "demo-backup", ""),
            at: (4, 9),
            clean: addon("demo-addon", "backup", "demo-backup", ""),
        },
        Case {
            code: Code::DuplicateName,
            trigger: docs(&[backup(&["backup"]), backup(&["restore"])]),
            at: (13, 9),
            clean: docs(&[
                backup(&["backup"]),
                function("demo-restore", IMAGE, &["restore"], ""),
            ]),
        },
        Case {
            code: Code::InvalidImage,
            // The uppercase `K` of the repository.
            trigger: function("demo-backup", "ghcr.io/KubeStash/demo:v1", &["backup"], ""),
            at: (6, 18),
            clean: backup(&["backup"]),
        },
        Case {
            code: Code::DbVersionWithoutVersions,
            // The `${` of `${DB_VERSION}`.
            trigger: function("pg-backup", PG, &["backup"], ""),
            at: (6, 31),
            clean: function(
                "pg-backup",
                PG,
                &["backup"],
                "  availableVersions:\n  - \"16.4\"\n",
            ),
        },
        Case {
            code: Code::InvalidAvailableVersion,
            trigger: function(
                "pg-backup",
                PG,
                &["backup"],
                "  availableVersions:\n  - \"16.4\"\n  - latest\n",
            ),
            at: (11, 5),
            clean: function(
                "pg-backup",
                PG,
                &["backup"],
                "  availableVersions:\n  - \"16.4\"\n  - 17.2-bookworm\n",
            ),
        },
        Case {
            code: Code::TemplateSyntax,
            trigger: backup(&["backup", "--wait-timeout=${waitTimeout:=300"]),
            at: (9, 20),
            clean: backup(&["backup", "--wait-timeout=${waitTimeout:=300}"]),
        },
        Case {
            code: Code::UndefinedVariable,
            trigger: backup(&["backup", "--user=${user}"]),
            at: (9, 12),
            clean: backup(&["backup", "--user=${user:=}"]),
        },
        Case {
            code: Code::UnusedParameter,
            trigger: docs(&[
                backup(&["backup", "--paths=${paths:=}"]),
                addon(
                    "demo-addon",
                    "backup",
                    "demo-backup",
                    "    - name: path\n      default: /data\n",
                ),
            ]),
            at: (20, 13),
            clean: docs(&[
                backup(&["backup", "--paths=${paths:=}"]),
                addon(
                    "demo-addon",
                    "backup",
                    "demo-backup",
                    "    - name: paths\n      default: /data\n",
                ),
            ]),
        },
        Case {
            code: Code::RequiredWithDefault,
            trigger: docs(&[
                backup(&["backup", "--paths=${paths:=}"]),
                addon(
                    "demo-addon",
                    "backup",
                    "demo-backup",
                    "    - name: paths\n      required: true\n      default: /data\n",
                ),
            ]),
            at: (22, 16),
            clean: docs(&[
                backup(&["backup", "--paths=${paths:=}"]),
                addon(
                    "demo-addon",
                    "backup",
                    "demo-backup",
                    "    - name: paths\n      required: true\n",
                ),
            ]),
        },
        Case {
            code: Code::DefaultHazard,
            trigger: backup(&["backup", "--copy-only=${copyOnly:=\"true\"}"]),
            at: (9, 17),
            clean: backup(&["backup", "--copy-only=${copyOnly:=true}"]),
        },
        Case {
            code: Code::DollarEscape,
            trigger: backup(&["backup", "--home=$$(HOME)"]),
            at: (9, 12),
            clean: backup(&["backup", "--home=$$$$(HOME)"]),
        },
        Case {
            code: Code::DuplicateFlag,
            trigger: backup(&["backup", "--wait=${wait:=1}", "--wait=${timeout:=2}"]),
            at: (10, 5),
            clean: backup(&["backup", "--wait=${wait:=1}", "--timeout=${timeout:=2}"]),
        },
        Case {
            code: Code::InvalidArgument,
            trigger: backup(&["back_up!"]),
            at: (8, 5),
            clean: backup(&["back_up"]),
        },
        Case {
            code: Code::UnknownValue,
            // `driver:` on line 9, its value at column 13.
            trigger: addon("demo-addon", "backup", "demo-backup", "").replace(
                "    function: demo-backup\n",
                "    function: demo-backup\n    driver: Milvus\n",
            ),
            at: (9, 13),
            clean: addon("demo-addon", "backup", "demo-backup", "").replace(
                "    function: demo-backup\n",
                "    function: demo-backup\n    driver: Restic\n",
            ),
        },
        Case {
            code: Code::UnknownField,
            // The key, on line 9.
            trigger: backup(&["backup"]) + "  imagePullPolicy: IfNotPresent\n",
            at: (9, 3),
            clean: backup(&["backup"]),
        },
        Case {
            code: Code::FixedVersionTable,
            trigger: function(
                "mongodb-backup",
                PG,
                &["backup"],
                "  availableVersions: [\"6.0.12\", \"7.0.5\"]\n",
            ),
            at: (4, 9),
            clean: function(
                "mongodb-dump-backup",
                PG,
                &["backup"],
                "  availableVersions: [\"6.0.12\", \"7.0.5\"]\n",
            ),
        },
        Case {
            code: Code::DefaultOnlyVariable,
            trigger: docs(&[
                backup(&["backup", "--wait=${waitTimeout:=300}"]),
                addon("demo-addon", "backup", "demo-backup", ""),
            ]),
            at: (9, 12),
            clean: docs(&[
                backup(&["backup", "--wait=${waitTimeout:=300}"]),
                addon(
                    "demo-addon",
                    "backup",
                    "demo-backup",
                    "    - name: waitTimeout\n      default: \"300\"\n",
                ),
            ]),
        },
        Case {
            code: Code::UnusedFunction,
            trigger: docs(&[
                backup(&["backup"]),
                function("demo-restore", IMAGE, &["restore"], ""),
                addon("demo-addon", "backup", "demo-backup", ""),
            ]),
            at: (13, 9),
            clean: docs(&[
                backup(&["backup"]),
                function("demo-restore", IMAGE, &["restore"], ""),
                addon("demo-addon", "backup", "demo-backup", "")
                    + "  restoreTasks:\n  - name: restore\n    function: demo-restore\n",
            ]),
        },
    ]
}

#[test]
fn every_code_has_a_trigger_and_a_fix() {
    let cases = cases();
    for code in Code::ALL {
        assert!(
            cases.iter().any(|c| c.code == *code),
            "{code:?} has no case in the table"
        );
    }
    for case in &cases {
        let found = lint(&case.trigger);
        let hits: Vec<&Diagnostic> = found.iter().filter(|d| d.code == Some(case.code)).collect();
        assert_eq!(
            hits.len(),
            1,
            "{:?}: expected one finding in\n{}\nfound {found:#?}",
            case.code,
            case.trigger
        );
        let d = hits[0];
        assert_eq!(d.severity, case.code.severity());
        assert_eq!(
            (d.line(), d.column()),
            (Some(case.at.0), Some(case.at.1)),
            "{:?} at {d}",
            case.code
        );
        assert!(d.exact, "{d}");
        assert_eq!(d.file.as_deref(), Some("case.yaml"));
        let clean = lint(&case.clean);
        assert!(
            clean.iter().all(|d| d.code != Some(case.code)),
            "{:?} in the fixed input:\n{}\n{clean:#?}",
            case.code,
            case.clean
        );
    }
}

#[test]
fn severities_follow_the_code_bands() {
    let errors = Code::ALL
        .iter()
        .filter(|c| c.severity() == Severity::Error)
        .count();
    assert_eq!(errors, 7);
}

#[test]
fn allowed_codes_are_not_reported() {
    let text = function("demo-backup", IMAGE, &["backup", "--user=${user}"], "");
    assert!(
        lint(&text)
            .iter()
            .any(|d| d.code == Some(Code::UndefinedVariable))
    );
    let mut files = Files::new();
    files
        .add_str("case.yaml", &text, &Default::default())
        .unwrap();
    let report = files.lint(&Options {
        allow: vec![Code::UndefinedVariable],
        ..Options::default()
    });
    assert!(
        report.diagnostics().is_empty(),
        "{:?}",
        report.diagnostics()
    );
}

#[test]
fn the_fixed_table_hazard_says_which_versions_it_rewrites_to_what() {
    let text = function(
        "mongodb-backup",
        PG,
        &["backup"],
        "  availableVersions: [\"6.0.12\", \"7.0.5\"]\n",
    );
    let found = lint(&text);
    let d = found
        .iter()
        .find(|d| d.code == Some(Code::FixedVersionTable))
        .expect("the hazard");
    assert_eq!(
        d.message,
        "the operator's fixed table matches the name `mongodb-backup` (`mongodb-(backup|restore)`) \
         and sets ${DB_VERSION} itself, whatever availableVersions says, for database versions \
         matching `7.0.*` → 6.0.5 (not in availableVersions)"
    );
    assert_eq!(
        d.help.as_deref(),
        Some(
            "publish the image with those tags too, or rename the Function so that the \
             unanchored pattern does not match it (e.g. `mongodb-dump-backup`)"
        )
    );
    // Every entry of a name the table lists several times, and none without ${DB_VERSION}.
    let maria = function(
        "mariadb-physical-backup",
        PG,
        &["backup"],
        "  availableVersions: [\"10.11.6-jammy\"]\n",
    );
    let d = lint(&maria)
        .into_iter()
        .find(|d| d.code == Some(Code::FixedVersionTable))
        .expect("the hazard");
    assert_eq!(d.message.matches('→').count(), 6, "{}", d.message);
    assert!(
        d.message.contains("`10.11.*` → 10.11.6-jammy;"),
        "{}",
        d.message
    );
    assert!(
        d.message
            .contains("`11.*.*` → 11.1.3-jammy (not in availableVersions)"),
        "{}",
        d.message
    );
    let no_db_version = function("mongodb-backup", IMAGE, &["backup"], "");
    assert!(
        lint(&no_db_version)
            .iter()
            .all(|d| d.code != Some(Code::FixedVersionTable))
    );
}
