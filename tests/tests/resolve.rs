//! Resolution of the reference catalog exactly as the operator does it: golden containers for
//! every task of the four reference Addons, and every error path.

use std::path::PathBuf;

use function_core::api::{Addon, ContainerRuntimeSettings, Function};
use function_core::container::{BuildOptions, RequestsMode};
use function_core::resolve::{
    Builtins, DbVersionError, Inputs, Layer, ResolveError, Resolver, TaskKind, find_task,
};
use function_core::yaml::{self, Object, Options};

fn catalog() -> Vec<Object> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/catalog/raw");
    let parsed = yaml::from_paths([dir], &Options::default()).expect("reference catalog parses");
    parsed.documents.into_iter().map(|d| d.object).collect()
}

fn function<'a>(objects: &'a [Object], name: &str) -> &'a Function {
    objects
        .iter()
        .filter_map(Object::as_function)
        .find(|f| f.metadata.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no Function {name}"))
}

fn addon<'a>(objects: &'a [Object], name: &str) -> &'a Addon {
    objects
        .iter()
        .filter_map(Object::as_addon)
        .find(|a| a.metadata.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no Addon {name}"))
}

/// What the operator would provide for a backup or a restore in namespace `demo`.
fn builtins(kind: TaskKind) -> Builtins {
    let mut b = Builtins {
        namespace: Some("demo".into()),
        invoker_kind: Some(match kind {
            TaskKind::Backup => "BackupConfiguration".into(),
            TaskKind::Restore => "RestoreSession".into(),
        }),
        invoker_name: Some("sample".into()),
        pvc_name: Some("data-sample-0".into()),
        ..Default::default()
    };
    match kind {
        TaskKind::Backup => b.backup_session = Some("sample-backup-1732600000".into()),
        TaskKind::Restore => {
            b.restore_session = Some("sample-restore".into());
            b.snapshot = Some("gcs-repo-sample-backup-1732600000".into());
        }
    }
    b.extra
        .insert("taskName".into(), "volume-snapshot-restore".into());
    b
}

/// Golden test: every task of the four reference Addons, resolved with realistic inputs, gives
/// the pinned container and pod volumes.
#[test]
fn every_task_of_the_reference_addons_resolves_to_the_pinned_container() {
    let objects = catalog();
    let mut count = 0;
    for addon in objects.iter().filter_map(Object::as_addon) {
        let addon_name = addon.metadata.name.clone().unwrap_or_default();
        let tasks = addon
            .spec
            .backup_tasks
            .iter()
            .chain(&addon.spec.restore_tasks);
        for task in tasks {
            let (_, kind, _) = find_task(addon, &task.name).unwrap();
            let mut inputs = Inputs::new();
            inputs.set_builtins(&builtins(kind));
            // The workload Addon's backup requires `paths`; users give it in `params`.
            inputs
                .set_user_params(&serde_json::json!({"paths": "/var/lib/app", "waitTimeout": 120}))
                .unwrap();
            let f = function(&objects, &task.function);
            let resolved = Resolver::new(f)
                .task(addon, &task.name)
                .resolve(inputs)
                .unwrap_or_else(|e| panic!("{addon_name}/{}: {e}", task.name));
            let built = resolved.container(&BuildOptions::default());
            insta::assert_yaml_snapshot!(format!("{addon_name}__{}", task.name), built);
            count += 1;
        }
    }
    assert_eq!(count, 14, "the four reference Addons have 14 tasks");
}

#[test]
fn pvc_logical_backup_example() {
    let objects = catalog();
    let mut inputs = Inputs::new();
    for (k, v) in [
        ("namespace", "demo"),
        ("backupSession", "b1"),
        ("PVC_NAME", "data"),
    ] {
        inputs.set(Layer::UserParams, k, v);
    }
    let resolved = Resolver::new(function(&objects, "pvc-backup"))
        .task(addon(&objects, "pvc-addon"), "logical-backup")
        .resolve(inputs)
        .unwrap();
    let built = resolved.container(&BuildOptions::default());
    assert_eq!(
        built.container.args.unwrap(),
        [
            "backup",
            "--namespace=demo",
            "--backupsession=b1",
            "--enable-cache=true",
            "--scratch-dir=/kubestash-tmp",
            "--exclude=",
            "--paths=/kubestash-data"
        ]
    );
    let claim = built
        .volumes
        .iter()
        .find_map(|v| v.persistent_volume_claim.as_ref())
        .unwrap();
    assert_eq!(claim.claim_name, "data");
}

#[test]
fn user_params_override_parameter_defaults_and_builtins() {
    let objects = catalog();
    let mut inputs = Inputs::new();
    inputs.set_builtins(&Builtins {
        namespace: Some("demo".into()),
        enable_cache: Some("true".into()),
        ..Default::default()
    });
    inputs
        .set_user_params(&serde_json::json!({"scratchDir": "/scratch", "waitTimeout": 600}))
        .unwrap();
    let resolved = Resolver::new(function(&objects, "vault-backup"))
        .task(addon(&objects, "vault-addon"), "vault-backup")
        .resolve(inputs)
        .unwrap();
    let args = resolved.function.spec.args;
    // The built-in enableCache "true" wins over the task's parameter default "false"; the
    // user's scratchDir and waitTimeout win over the task's defaults (distinct values in every
    // layer: tests/tests/resolve_precedence.rs).
    assert!(
        args.contains(&"--scratch-dir=/scratch".to_string()),
        "{args:?}"
    );
    assert!(args.contains(&"--wait-timeout=600".to_string()), "{args:?}");
    assert!(
        args.contains(&"--enable-cache=true".to_string()),
        "{args:?}"
    );
    assert!(args.contains(&"--namespace=demo".to_string()), "{args:?}");
    assert_eq!(
        resolved.inputs.source("waitTimeout"),
        Some(Layer::UserParams)
    );
    assert_eq!(
        resolved.inputs.source("interimDataDir"),
        Some(Layer::ParameterDefaults)
    );
}

#[test]
fn unresolved_variable_names_the_variable_its_place_and_the_layers() {
    let f: Function = serde_json::from_value(serde_json::json!({
        "apiVersion": "addons.kubestash.com/v1alpha1", "kind": "Function",
        "metadata": {"name": "f"},
        "spec": {"image": "img", "args": ["backup", "--a=${a:=1}", "--ns=${namespace}", "--b=${b}", "--c=${c}"]}
    }))
    .unwrap();
    let mut inputs = Inputs::new();
    inputs.set(Layer::Builtins, "namespace", "demo");
    inputs.set(Layer::UserParams, "c", "3");
    let err = Resolver::new(&f).resolve(inputs).unwrap_err();
    match &err {
        ResolveError::Unresolved {
            variable,
            path,
            searched,
            ..
        } => {
            assert_eq!(variable, "b");
            assert_eq!(path, "spec.args[3]");
            assert_eq!(
                searched,
                &Layer::ALL.iter().rev().copied().collect::<Vec<_>>()
            );
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "function \"f\": ${b} in spec.args[3] has no value (searched: DB_VERSION, user params, \
         operator built-ins, parameter defaults): input/default value not found for key b"
    );
}

#[test]
fn unresolved_variable_in_a_volume_template() {
    let objects = catalog();
    let mut inputs = Inputs::new();
    inputs.set(Layer::Builtins, "namespace", "demo");
    let err = Resolver::new(function(&objects, "pvc-backup"))
        .task(addon(&objects, "pvc-addon"), "logical-backup")
        .resolve(inputs)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "addon \"pvc-addon\": ${PVC_NAME} in \
         spec.backupTasks[0].volumeTemplate[0].source.persistentVolumeClaim.claimName has no value (searched: DB_VERSION, \
         user params, operator built-ins, parameter defaults): input/default value not found \
         for key PVC_NAME"
    );
}

#[test]
fn required_parameter_without_value_is_an_error_naming_parameter_task_and_addon() {
    let objects = catalog();
    let err = Resolver::new(function(&objects, "workload-backup"))
        .task(addon(&objects, "workload-addon"), "logical-backup")
        .resolve(Inputs::new())
        .unwrap_err();
    assert!(matches!(
        &err,
        ResolveError::MissingRequired { parameter, task, addon, .. }
            if parameter == "paths" && task == "logical-backup" && addon == "workload-addon"
    ));
    // A value from any layer satisfies it.
    let mut inputs = Inputs::new();
    inputs.set(Layer::Builtins, "paths", "/data");
    Resolver::new(function(&objects, "workload-backup"))
        .task(addon(&objects, "workload-addon"), "logical-backup")
        .resolve(inputs)
        .unwrap();
}

#[test]
fn bad_params_values_are_rejected() {
    let mut inputs = Inputs::new();
    let err = inputs
        .set_user_params(&serde_json::json!({"paths": {"a": 1}}))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "params.paths: expected a string, number or boolean, found an object"
    );
}

#[test]
fn unknown_task_lists_the_tasks() {
    let objects = catalog();
    let err = Resolver::new(function(&objects, "pvc-backup"))
        .task(addon(&objects, "pvc-addon"), "logical-bakup")
        .resolve(Inputs::new())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "addon \"pvc-addon\" has no task \"logical-bakup\" (its tasks: logical-backup, \
         volume-snapshot, logical-backup-restore, volume-clone, volume-snapshot-restore)"
    );
}

#[test]
fn a_task_of_another_function_is_an_error() {
    let objects = catalog();
    let err = Resolver::new(function(&objects, "pvc-restore"))
        .task(addon(&objects, "pvc-addon"), "logical-backup")
        .resolve(Inputs::new())
        .unwrap_err();
    assert!(
        matches!(err, ResolveError::FunctionMismatch { .. }),
        "{err}"
    );
}

fn db_function(available: &[&str]) -> Function {
    serde_json::from_value(serde_json::json!({
        "apiVersion": "addons.kubestash.com/v1alpha1", "kind": "Function",
        "metadata": {"name": "postgres-backup"},
        "spec": {
            "image": "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
            "args": ["backup"],
            "availableVersions": available,
        }
    }))
    .unwrap()
}

#[test]
fn db_version_is_chosen_from_available_versions() {
    let f = db_function(&["12.17", "14.10", "16.4", "17.2", "18.2"]);
    for (db, want) in [
        ("13.13", "14.10"),
        ("15.5", "16.4"),
        ("11.22", "12.17"),
        ("19.0", "18.2"),
        ("16.4", "16.4"),
    ] {
        let resolved = Resolver::new(&f)
            .db_version(db)
            .resolve(Inputs::new())
            .unwrap();
        assert_eq!(
            resolved.function.spec.image,
            format!("ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_{want}")
        );
        assert_eq!(resolved.inputs.source("DB_VERSION"), Some(Layer::DbVersion));
    }
    // DB_VERSION wins over a user's value.
    let mut inputs = Inputs::new();
    inputs.set(Layer::UserParams, "DB_VERSION", "9.9");
    let resolved = Resolver::new(&f)
        .db_version("16.4")
        .resolve(inputs)
        .unwrap();
    assert!(resolved.function.spec.image.ends_with("_16.4"));
}

#[test]
fn db_version_without_available_versions_is_an_error() {
    let f = db_function(&[]);
    let err = Resolver::new(&f)
        .db_version("16.4")
        .resolve(Inputs::new())
        .unwrap_err();
    assert!(
        matches!(
            &err,
            ResolveError::DbVersion {
                source: DbVersionError::EmptyList,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "function \"postgres-backup\": cannot choose ${DB_VERSION}: available list of \
         addon-versions can't be empty"
    );
}

#[test]
fn db_version_unparsable_is_an_error() {
    let f = db_function(&["16.4"]);
    let err = Resolver::new(&f)
        .db_version("latest")
        .resolve(Inputs::new())
        .unwrap_err();
    assert!(matches!(err, ResolveError::DbVersion { .. }), "{err}");
}

#[test]
fn a_value_that_breaks_the_json_text_fails_like_upstream_and_changes_nothing() {
    let objects = catalog();
    let f = function(&objects, "pvc-backup");
    let mut inputs = Inputs::new();
    inputs.set(Layer::UserParams, "paths", "/a\" --evil=\"1");
    let err = Resolver::new(f).resolve(inputs).unwrap_err();
    assert!(matches!(err, ResolveError::Substitution { .. }), "{err:?}");
    assert!(err.to_string().contains("does not decode"), "{err}");
}

#[test]
fn invoker_runtime_settings_apply_after_resolution() {
    let objects = catalog();
    let mut inputs = Inputs::new();
    inputs.set(Layer::Builtins, "PVC_NAME", "data");
    let resolved = Resolver::new(function(&objects, "pvc-backup"))
        .task(addon(&objects, "pvc-addon"), "logical-backup")
        .resolve(inputs)
        .unwrap();
    let rs: ContainerRuntimeSettings = yaml::from_str_as(
        "resources:\n  requests:\n    cpu: 500m\nnice:\n  adjustment: 5\nionice:\n  class: 2\n  classData: 4\n",
        "rs.yaml",
    )
    .unwrap();
    let upstream = resolved.container(&BuildOptions {
        runtime_settings: Some(rs.clone()),
        ..Default::default()
    });
    // Requests without limits are dropped by the operator.
    assert_eq!(upstream.container.resources.clone().unwrap().requests, None);
    let env: Vec<_> = upstream
        .container
        .env
        .unwrap()
        .into_iter()
        .map(|e| (e.name, e.value.unwrap_or_default()))
        .collect();
    assert_eq!(
        env,
        [
            ("NICE_ADJUSTMENT".to_string(), "5".to_string()),
            ("IONICE_CLASS".into(), "2".into()),
            ("IONICE_CLASS_DATA".into(), "4".into())
        ]
    );
    let corrected = resolved.container(&BuildOptions {
        runtime_settings: Some(rs),
        requests_mode: RequestsMode::Corrected,
        ..Default::default()
    });
    assert!(corrected.container.resources.unwrap().requests.is_some());
}
