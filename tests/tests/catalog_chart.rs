//! `function_core::catalog` over the 16 reference objects and hand-made catalogs: the chart's
//! files (goldens), the manifests, every check, and the atomic, idempotent writes.
//! (`scripts/conformance.sh` renders these charts with real helm.)

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use function_core::api::{Addon, AddonSpec, Function, FunctionSpec, ParameterDefinition, Task};
use function_core::catalog::{Catalog, Error};
use function_core::yaml::{self, Object};
use kubestash_fn_tests::{catalog_files, fixtures};

fn reference_objects() -> Vec<Object> {
    yaml::from_paths(catalog_files(), &yaml::Options::strict())
        .expect("the fixtures read")
        .documents
        .into_iter()
        .map(|d| d.object)
        .collect()
}

fn reference_catalog() -> Catalog {
    let mut c = Catalog::new("kubestash-catalog", "2026.7.10");
    c.app_version("v2026.7.10")
        .kube_version(">=1.26.0-0")
        .add_objects(reference_objects())
        .bind_helm_value("waitTimeout", "waitTimeout");
    c
}

fn function(name: &str, image: &str, args: &[&str]) -> Function {
    Function::new(
        name,
        FunctionSpec {
            image: image.into(),
            args: args.iter().map(|a| (*a).to_owned()).collect(),
            ..FunctionSpec::default()
        },
    )
}

fn addon(name: &str, tasks: Vec<Task>) -> Addon {
    Addon::new(
        name,
        AddonSpec {
            backup_tasks: tasks,
            ..AddonSpec::default()
        },
    )
}

fn task(name: &str, function: &str) -> Task {
    Task {
        name: name.into(),
        function: function.into(),
        ..Task::default()
    }
}

fn problems(c: &Catalog) -> Vec<String> {
    match c.check() {
        Ok(()) => Vec::new(),
        Err(e) => e.iter().map(ToString::to_string).collect(),
    }
}

// ---- the reference catalog ----------------------------------------------------------------

#[test]
fn the_reference_catalog_passes_its_checks() {
    assert_eq!(problems(&reference_catalog()), Vec::<String>::new());
}

#[test]
fn manifests_are_the_objects_sorted_functions_first() {
    let c = reference_catalog();
    let text = c.manifests().expect("renders");
    let back: Vec<Object> = yaml::from_str(&text, "manifests")
        .expect("reads back")
        .into_iter()
        .map(|d| d.object)
        .collect();
    assert_eq!(back.len(), 16);
    assert_eq!(back, c.objects());
    let names: Vec<(&str, &str)> = back.iter().map(|o| (o.kind(), o.name())).collect();
    assert_eq!(names[0], ("Function", "kubedump-backup"));
    assert_eq!(names[11], ("Function", "workload-restore"));
    assert_eq!(names[12], ("Addon", "kubedump-addon"));
    assert_eq!(names[15], ("Addon", "workload-addon"));
    let mut objects = reference_objects();
    for o in &mut objects {
        assert!(back.contains(o), "{} missing", o.name());
    }
    objects.clear();
}

#[test]
fn the_reference_chart_has_one_template_per_object() {
    let chart = reference_catalog().chart().expect("renders");
    let paths: Vec<&str> = chart.files().map(|(p, _)| p).collect();
    // One template per object, five chart files, and the optional webhook's template.
    assert_eq!(paths.len(), 22);
    for o in reference_objects() {
        let app = o.name().split('-').next().unwrap_or_default();
        let path = format!("templates/{app}/{}.yaml", o.name());
        let text = chart
            .file(&path)
            .unwrap_or_else(|| panic!("{path} missing"));
        assert!(
            text.contains(&format!("{{{{- if .Values.{app}.enabled }}}}\n")),
            "{path}"
        );
        assert!(
            text.contains("{{- include \"kubestash-catalog.labels\" . | nindent 4 }}"),
            "{path}"
        );
        assert!(text.ends_with("{{- end }}\n"), "{path}");
    }
    for file in [
        "Chart.yaml",
        "values.yaml",
        "values.schema.json",
        "README.md",
        "templates/_helpers.tpl",
        "templates/kubestash-fn-webhook.yaml",
    ] {
        assert!(chart.file(file).is_some(), "{file}");
    }
}

#[test]
fn golden_chart_files() {
    let chart = reference_catalog().chart().expect("renders");
    for (name, path) in [
        ("chart_yaml", "Chart.yaml"),
        ("values_yaml", "values.yaml"),
        ("values_schema_json", "values.schema.json"),
        ("helpers_tpl", "templates/_helpers.tpl"),
        ("vault_backup_yaml", "templates/vault/vault-backup.yaml"),
        ("vault_addon_yaml", "templates/vault/vault-addon.yaml"),
        ("readme_md", "README.md"),
        ("webhook_yaml", "templates/kubestash-fn-webhook.yaml"),
    ] {
        insta::assert_snapshot!(name, chart.file(path).expect("present"));
    }
}

#[test]
fn every_value_key_has_a_comment() {
    let chart = reference_catalog().chart().expect("renders");
    let values = chart.file("values.yaml").expect("present");
    let lines: Vec<&str> = values.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        assert!(t.contains(':'), "{line}");
        let above = lines[i - 1].trim_start();
        assert!(above.starts_with("# "), "no comment above `{line}`");
    }
    // The schema is JSON and requires what values.yaml has.
    let schema: serde_json::Value =
        serde_json::from_str(chart.file("values.schema.json").expect("present")).expect("JSON");
    assert_eq!(schema["properties"]["waitTimeout"]["type"], "integer");
    assert_eq!(
        schema["properties"]["pvc"]["properties"]["enabled"]["type"],
        "boolean"
    );
    assert_eq!(schema["additionalProperties"], false);
}

// ---- bound values -------------------------------------------------------------------------

#[test]
fn a_text_value_is_constrained_and_every_scalar_with_a_value_is_one_action() {
    let mut c = Catalog::new("demo", "0.1.0");
    c.add_function(function(
        "demo-backup",
        "demo/plain:1",
        &[
            "--dir=${dir:=/tmp/x}",
            "--both=${dir:=/tmp/x}:${flag=true}",
            "--n=${n:-0}",
        ],
    ))
    .add_addon(addon(
        "demo-addon",
        vec![Task {
            parameters: vec![ParameterDefinition {
                name: "dir".into(),
                default: "/tmp/x".into(),
                ..ParameterDefinition::default()
            }],
            ..task("b", "demo-backup")
        }],
    ))
    .bind_helm_value("dir", "dir")
    .bind_helm_value_in("demo-backup", "demo.flag", "flag")
    .bind_helm_value("count", "n")
    .describe_helm_value("dir", "Where to write.");
    let chart = c.chart().expect("renders");
    let t = chart
        .file("templates/demo/demo-backup.yaml")
        .expect("present");
    assert!(t.contains(r#"  image: {{ print (include "demo.image" (dict "registry" .Values.proxies.dockerHub "repository" "demo/plain")) ":1" | toJson }}"#), "{t}");
    assert!(
        t.contains(r#"  - {{ print "--dir=${dir:=" (.Values.dir | toString) "}" | toJson }}"#),
        "{t}"
    );
    assert!(t.contains(r#"  - {{ print "--both=${dir:=" (.Values.dir | toString) "}:${flag=" (.Values.demo.flag | toString) "}" | toJson }}"#), "{t}");
    assert!(
        t.contains(
            r#"  - {{ print "--n=${n:-" (.Values.count | int64 | toString) "}" | toJson }}"#
        ),
        "{t}"
    );
    let a = chart
        .file("templates/demo/demo-addon.yaml")
        .expect("present");
    assert!(
        a.contains(r#"      default: {{ print (.Values.dir | toString) | toJson }}"#),
        "{a}"
    );
    let values = chart.file("values.yaml").expect("present");
    assert!(values.contains("# Where to write. The default of ${dir} in Addon demo-addon, Function demo-backup.\ndir: /tmp/x\n"), "{values}");
    assert!(values.contains("\ncount: 0\n"), "{values}");
    // An app-scoped value sits in the app's map, after its switch.
    assert!(values.contains("demo:\n  # If true, installs Function demo-backup; Addon demo-addon.\n  enabled: true\n  # The default of ${flag} in Function demo-backup.\n  flag: true\n"), "{values}");
    // Docker Hub images written without a registry keep an empty default.
    assert!(values.contains("  dockerHub: \"\"\n"), "{values}");
    let schema: serde_json::Value =
        serde_json::from_str(chart.file("values.schema.json").expect("present")).expect("JSON");
    assert_eq!(
        schema["properties"]["dir"]["pattern"],
        r#"^[^}$"\\\x00-\x1f\x7f]*$"#
    );
    assert_eq!(
        schema["properties"]["demo"]["properties"]["flag"]["type"],
        "boolean"
    );
}

#[test]
fn template_text_is_escaped() {
    let mut c = Catalog::new("demo", "0.1.0");
    c.add_function(function(
        "demo-backup",
        "ghcr.io/a/b:1",
        &["--x={{ .Release.Name }}", "{{-", "{{{{", "--t=${t:=1}"],
    ))
    .bind_helm_value("t", "t");
    let chart = c.chart().expect("renders");
    let t = chart
        .file("templates/demo/demo-backup.yaml")
        .expect("present");
    assert!(t.contains(r#"- --x={{ "{{" }} .Release.Name }}"#), "{t}");
    assert!(t.contains(r#"- "{{ "{{" }}-""#), "{t}");
    assert!(t.contains(r#"- "{{ "{{" }}{{ "{{" }}""#), "{t}");
}

// ---- checks -------------------------------------------------------------------------------

#[test]
fn check_reports_every_problem() {
    let mut c = Catalog::new("Bad_Chart", "v2026.7.10");
    c.add_function(function("pvc-backup", "ghcr.io/a/b:1", &[]))
        .add_function(function("pvc-backup", "ghcr.io/a/b:1", &[]))
        .add_function(function("Upper", "ghcr.io/a/b:1", &[]))
        .add_function(function("proxies-backup", "ghcr.io/a/b:1", &[]))
        .add_function(function("same", "ghcr.io/a/b:1", &[]))
        .add_addon(addon("same", vec![]))
        .add_addon(addon(
            "pvc-addon",
            vec![
                task("b", "pvc-backupp"),
                task("b", "pvc-backup"),
                task("", ""),
            ],
        ));
    let mut labelled = function("lab-backup", "ghcr.io/a/b:1", &[]);
    labelled.metadata.labels = Some([("helm.sh/chart".to_owned(), "x".to_owned())].into());
    c.add_function(labelled);
    assert_eq!(
        problems(&c),
        [
            "chart name `Bad_Chart` is not a valid name: use lowercase letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters",
            "chart version `v2026.7.10` is not SemVer 2 (MAJOR, MINOR and PATCH must be numbers without leading zeros (no leading `v`)); Helm v4 rejects it",
            "Function/proxies-backup: its app `proxies` (the name up to the first `-`) is a reserved values key",
            "Function/lab-backup: label `helm.sh/chart` is set by the chart; remove it from the object",
            "Addon/same: a Function has the same name: their chart templates would collide",
            // The lint's errors.
            "Function/pvc-backup: metadata.name: another Function is named `pvc-backup` [KSF0003 duplicate-name]",
            "Function/Upper: metadata.name: `Upper` is not a valid Function name (`U` is not allowed): a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com') [KSF0002 invalid-name]",
            "Addon/pvc-addon: spec.backupTasks[0].function: backup task `b` runs the Function `pvc-backupp`, which is not among the objects [KSF0001 unknown-function]",
            "Addon/pvc-addon: spec.backupTasks[2].function: backup task #3 names no Function [KSF0001 unknown-function]",
            "Addon/pvc-addon: spec.backupTasks[2].name: backup task #3 has no name [KSF0002 invalid-name]",
            "Addon/pvc-addon: spec.backupTasks[1].name: another backup task of this Addon is named `b` [KSF0003 duplicate-name]",
        ]
    );
}

#[test]
fn check_reports_bad_value_keys() {
    let mut c = Catalog::new("demo", "1.0.0");
    c.add_function(function(
        "demo-backup",
        "ghcr.io/a/b:1",
        &[
            "--e1=${e1:=1}",
            "--e2=${e2:=1}",
            "--e3=${e3:=1}",
            "--e4=${e4:=1}",
            "--e5=${e5:=1}",
        ],
    ))
    .bind_helm_value("demo", "e1")
    .bind_helm_value("proxies.x", "e2")
    .bind_helm_value("wait-timeout", "e3")
    .bind_helm_value("x", "e4")
    .bind_helm_value("x.y", "e5")
    .bind_helm_value_in("missing-backup", "m", "e1");
    assert_eq!(
        problems(&c),
        [
            "Helm value `demo`: clashes with the switch of app `demo` (demo.enabled)",
            "Helm value `proxies.x`: `proxies` is reserved by the chart",
            "Helm value `wait-timeout` is not a Helm value key that `{{ .Values.<key> }}` can read: use `.`-separated names of ASCII letters, digits or `_`, each starting with a letter",
            "Helm value `x` clashes with `x.y`: a value cannot also hold values",
            "Helm value m (${e1} in Function missing-backup): Function missing-backup is not in the catalog",
            "Helm value `m` binds nothing: no Function argument has a default for ${e1:=...}",
        ]
    );
}

#[test]
fn check_reports_bad_bindings() {
    let mut c = Catalog::new("demo", "1.0.0");
    c.add_function(function(
        "demo-backup",
        "ghcr.io/a/b:1",
        &[
            "--a=${a:=1}",
            "--b=${b:=x$y}",
            "--c=${c:=${d}}",
            "--s=${s:=1}",
        ],
    ))
    .add_function(function("demo-restore", "ghcr.io/a/b:1", &["--a=${a:=2}"]))
    .bind_helm_value("a", "a")
    .bind_helm_value("b", "b")
    .bind_helm_value("c", "c")
    .bind_helm_value("nothing", "zzz")
    .bind_helm_value("s1", "s")
    .bind_helm_value_in("demo-backup", "s2", "s");
    assert_eq!(
        problems(&c),
        [
            "Function/demo-backup: ${s} is bound to several Helm values: `s1`, `s2`",
            "Function/demo-backup: the default of ${c} in `--c=${c:=${d}}` holds a nested `${...}`: only a literal default can come from a Helm value",
            "Helm value `a` has conflicting defaults: \"1\" (Function demo-backup) vs \"2\" (Function demo-restore)",
            "Helm value `b`: its default \"x$y\" holds a character the chart's schema forbids (`}`, `$`, `\"`, `\\` or a control character)",
            "Helm value `c` binds nothing: no Function argument has a default for ${c:=...}",
            "Helm value `nothing` binds nothing: no Function argument has a default for ${zzz:=...}",
            "Helm value `s1` binds nothing: no Function argument has a default for ${s:=...}",
        ]
    );
}

#[test]
fn check_reports_registries_sharing_a_key() {
    let mut c = Catalog::new("demo", "1.0.0");
    c.add_function(function("a-backup", "docker.io/library/postgres:16", &[]))
        .add_function(function("b-backup", "postgres:16", &[]));
    assert_eq!(
        problems(&c),
        [
            "images use the registries (none), `docker.io` which share the values key proxies.dockerHub; write their registries the same way"
        ]
    );
}

#[test]
fn rendering_a_catalog_with_problems_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut c = Catalog::new("demo", "1.0");
    c.add_function(function("a-backup", "", &[]));
    assert!(matches!(c.chart(), Err(Error::Check(_))));
    assert!(matches!(c.manifests(), Err(Error::Check(_))));
    assert!(matches!(
        c.write_chart(dir.path().join("out")),
        Err(Error::Check(_))
    ));
    assert!(!dir.path().join("out").exists());
}

// ---- writing ------------------------------------------------------------------------------

fn mtimes(dir: &Path) -> Vec<(String, SystemTime)> {
    let mut out = Vec::new();
    for f in yaml::collect_files([dir]).expect("lists") {
        out.push((
            f.display().to_string(),
            fs::metadata(&f).and_then(|m| m.modified()).expect("mtime"),
        ));
    }
    for extra in ["README.md", "values.schema.json", "templates/_helpers.tpl"] {
        let f = dir.join(extra);
        out.push((
            f.display().to_string(),
            fs::metadata(&f).and_then(|m| m.modified()).expect("mtime"),
        ));
    }
    out
}

fn listing(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .expect("lists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn a_new_chart_appears_whole_and_a_second_write_touches_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("nested/chart");
    let c = reference_catalog();
    let first = c.write_chart(&out).expect("writes");
    assert!(first.created);
    assert_eq!(first.written.len(), 22);
    // Nothing but the chart is left beside it (no temporary directory).
    assert_eq!(listing(&tmp.path().join("nested")), ["chart"]);
    let expected = c.chart().expect("renders");
    for (path, content) in expected.files() {
        assert_eq!(
            fs::read_to_string(out.join(path)).expect("reads"),
            content,
            "{path}"
        );
    }
    let before = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = c.write_chart(&out).expect("writes");
    assert!(!second.changed(), "{second:?}");
    assert_eq!(second.unchanged.len(), 22);
    assert_eq!(mtimes(&out), before);
}

#[test]
fn an_update_rewrites_changed_files_removes_stale_ones_and_keeps_the_users() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("chart");
    reference_catalog().write_chart(&out).expect("writes");
    fs::write(out.join("templates/NOTES.txt"), "Installed.\n").expect("writes");
    fs::write(out.join("templates/extra.yaml"), "# mine\n").expect("writes");

    let mut smaller = Catalog::new("kubestash-catalog", "2026.7.11");
    smaller
        .app_version("v2026.7.10")
        .kube_version(">=1.26.0-0")
        .bind_helm_value("waitTimeout", "waitTimeout");
    smaller.add_objects(
        reference_objects()
            .into_iter()
            .filter(|o| !o.name().starts_with("kubedump") && o.name() != "pvc-addon"),
    );
    let vault_before = fs::metadata(out.join("templates/vault/vault-backup.yaml"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let report = smaller.write_chart(&out).expect("writes");
    assert!(!report.created);
    assert_eq!(
        report.removed,
        [
            "templates/kubedump/kubedump-addon.yaml",
            "templates/kubedump/kubedump-backup.yaml",
            "templates/kubedump/kubedump-restore.yaml",
            "templates/pvc/pvc-addon.yaml",
        ]
    );
    // The version is in Chart.yaml and the README; the values lose kubedump.
    assert_eq!(
        report.written,
        [
            "Chart.yaml",
            "README.md",
            "values.schema.json",
            "values.yaml"
        ]
    );
    assert!(!out.join("templates/kubedump").exists());
    assert!(out.join("templates/pvc/pvc-backup.yaml").exists());
    assert!(out.join("templates/NOTES.txt").exists() && out.join("templates/extra.yaml").exists());
    let vault_after = fs::metadata(out.join("templates/vault/vault-backup.yaml"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(vault_before, vault_after);
    let leftovers: Vec<String> = listing(&out)
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_directory_that_is_not_a_generated_chart_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("notes.txt"), "mine").expect("writes");
    let err = reference_catalog().write_chart(tmp.path()).unwrap_err();
    assert!(matches!(err, Error::NotGenerated { .. }), "{err}");
    assert!(err.to_string().contains("refusing to write there"), "{err}");
    assert_eq!(listing(tmp.path()), ["notes.txt"]);
    // An empty directory is fine.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    assert!(
        !reference_catalog()
            .write_chart(&empty)
            .expect("writes")
            .created
    );
    assert!(empty.join("Chart.yaml").exists());
}

#[test]
fn a_path_under_a_regular_file_fails_cleanly_without_writing_anything() {
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("file"), "x").expect("writes");
    let err = reference_catalog()
        .write_chart(tmp.path().join("file/chart"))
        .unwrap_err();
    assert!(
        matches!(err, Error::Write(function_core::fsio::Error::Io { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("file"), "{err}");
    assert_eq!(listing(tmp.path()), ["file"]);
    assert_eq!(
        fs::read_to_string(tmp.path().join("file")).expect("reads"),
        "x"
    );
    // The output itself a regular file.
    let err = reference_catalog()
        .write_chart(tmp.path().join("file"))
        .unwrap_err();
    assert!(err.to_string().contains("not a directory"), "{err}");
    assert_eq!(listing(tmp.path()), ["file"]);
}

#[test]
fn manifests_are_written_only_when_they_change() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("catalog.yaml");
    let c = reference_catalog();
    assert!(c.write_manifests(&path).expect("writes"));
    assert!(!c.write_manifests(&path).expect("writes"));
    assert_eq!(
        fs::read_to_string(&path).expect("reads"),
        c.manifests().expect("renders")
    );
    assert!(
        c.write_manifests(tmp.path().join("catalog.yaml/x"))
            .is_err()
    );
    let _ = fixtures();
}
