//! Containers of reference tasks written by hand from the reference's rules, so that a wrong
//! implementation cannot pass by being recorded (the goldens of `resolve.rs` were recorded from
//! the implementation). The rules (shared/reference/README.md):
//!
//! - section 2: `${x:=w}` is the value of `x` when some input has it (even empty), else `w`;
//! - section 3: the task's parameter defaults < the operator's built-ins < the user's params;
//! - section 4: container `name` = the Function's name with `.` replaced by `-`, then `-<step
//!   index>`; `image` and `args` from the resolved Function; `imagePullPolicy: IfNotPresent`;
//!   the task's `volumeMounts` are added and the scratch volume `kubestash-tmp-volume` is mounted
//!   at `/kubestash-tmp` (once: several tasks mount it themselves); the task's `volumeTemplate`,
//!   after substitution, becomes the pod volumes, with the scratch `emptyDir` when the task has
//!   none of that name.
//!
//! `resources: {}` is always there: a core/v1 Container's `resources` is a struct, not a pointer,
//! in Go, so the operator's JSON always holds it (an empty object when nothing is set).

use std::path::PathBuf;

use function_core::container::BuildOptions;
use function_core::resolve::{Builtins, Inputs, Resolver};
use function_core::yaml::{self, Object, Options};
use serde_json::{Value, json};

fn catalog() -> Vec<Object> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/catalog/raw");
    let parsed = yaml::from_paths([dir], &Options::default()).expect("reference catalog parses");
    parsed.documents.into_iter().map(|d| d.object).collect()
}

/// Resolves `function` for `addon`'s `task` and returns the built container as JSON.
fn built(
    function: &str,
    addon: &str,
    task: &str,
    builtins: Builtins,
    params: Value,
    step: usize,
) -> Value {
    let objects = catalog();
    let f = objects
        .iter()
        .filter_map(Object::as_function)
        .find(|f| f.metadata.name.as_deref() == Some(function))
        .expect("function");
    let a = objects
        .iter()
        .filter_map(Object::as_addon)
        .find(|a| a.metadata.name.as_deref() == Some(addon))
        .expect("addon");
    let mut inputs = Inputs::new();
    inputs.set_builtins(&builtins);
    inputs.set_user_params(&params).unwrap();
    let resolved = Resolver::new(f).task(a, task).resolve(inputs).unwrap();
    serde_json::to_value(resolved.container(&BuildOptions {
        step_index: step,
        ..Default::default()
    }))
    .unwrap()
}

#[test]
fn pvc_logical_backup() {
    let got = built(
        "pvc-backup",
        "pvc-addon",
        "logical-backup",
        Builtins {
            namespace: Some("demo".into()),
            backup_session: Some("sample-backup-1".into()),
            pvc_name: Some("data-sample-0".into()),
            ..Default::default()
        },
        json!({"paths": "/var/lib/app"}),
        0,
    );
    let want = json!({
        "container": {
            "name": "pvc-backup-0",
            "image": "ghcr.io/kubestash/pvc:v0.28.0",
            "imagePullPolicy": "IfNotPresent",
            "args": [
                "backup",
                "--namespace=demo",                 // built-in over the template's `default`
                "--backupsession=sample-backup-1",  // built-in
                "--enable-cache=true",              // the task's parameter default
                "--scratch-dir=/kubestash-tmp",     // the task's parameter default
                "--exclude=",                       // no value anywhere: the template's empty default
                "--paths=/var/lib/app",             // the user's param over the task's /kubestash-data
            ],
            "resources": {},
            // The task's mounts, in order; the second is already the scratch mount.
            "volumeMounts": [
                {"name": "kubestash-data-volume", "mountPath": "/kubestash-data"},
                {"name": "kubestash-tmp-volume", "mountPath": "/kubestash-tmp"},
            ],
        },
        // The task's volume templates, `${PVC_NAME}` substituted.
        "volumes": [
            {"name": "kubestash-data-volume", "persistentVolumeClaim": {"claimName": "data-sample-0"}},
            {"name": "kubestash-tmp-volume", "emptyDir": {}},
        ],
    });
    assert_eq!(got, want);
}

#[test]
fn pvc_volume_snapshot_at_step_two_gets_the_scratch_volume() {
    let got = built(
        "volumesnapshot-backup",
        "pvc-addon",
        "volume-snapshot",
        Builtins {
            namespace: Some("prod".into()),
            backup_session: Some("s-2".into()),
            ..Default::default()
        },
        json!({"volumeSnapshotClassName": "csi-snapclass"}),
        2,
    );
    let want = json!({
        "container": {
            "name": "volumesnapshot-backup-2",
            "image": "ghcr.io/kubestash/volume-snapshotter:v0.28.0",
            "imagePullPolicy": "IfNotPresent",
            "args": [
                "backup",
                "--namespace=prod",
                "--backupsession=s-2",
                "--volume-snapshot-class-name=csi-snapclass",
            ],
            "resources": {},
            // The task mounts nothing: only the scratch volume.
            "volumeMounts": [{"name": "kubestash-tmp-volume", "mountPath": "/kubestash-tmp"}],
        },
        "volumes": [{"name": "kubestash-tmp-volume", "emptyDir": {}}],
    });
    assert_eq!(got, want);
}

#[test]
fn vault_restore() {
    let got = built(
        "vault-restore",
        "vault-addon",
        "vault-restore",
        Builtins {
            namespace: Some("vault".into()),
            restore_session: Some("restore-1".into()),
            snapshot: Some("repo-snap-1".into()),
            // A built-in below the user's param: the user's `false` must win.
            enable_cache: Some("true".into()),
            ..Default::default()
        },
        json!({"force": true, "keyPrefix": "new-", "enableCache": false}),
        0,
    );
    let want = json!({
        "container": {
            "name": "vault-restore-0",
            "image": "ghcr.io/kubestash/vault:v0.3.0",
            "imagePullPolicy": "IfNotPresent",
            "args": [
                "restore",
                "--namespace=vault",
                "--restoresession=restore-1",
                "--snapshot=repo-snap-1",
                "--scratch-dir=/kubestash-tmp",          // the task's default
                "--enable-cache=false",                  // user (JSON false as text) > built-in > task
                "--interim-data-dir=/kubestash-interim", // the task's default
                "--wait-timeout=300",                    // the task's default "300"
                "--vault-args=",                         // no default anywhere
                "--force=true",                          // user (JSON true) over the task's "false"
                "--key-prefix=new-",                     // user
                "--old-key-prefix=",                     // no default anywhere
            ],
            "resources": {},
            "volumeMounts": [
                {"name": "kubestash-tmp-volume", "mountPath": "/kubestash-tmp"},
                {"name": "kubestash-interim-volume", "mountPath": "/kubestash-interim"},
            ],
        },
        "volumes": [
            {"name": "kubestash-tmp-volume", "emptyDir": {}},
            {"name": "kubestash-interim-volume", "emptyDir": {}},
        ],
    });
    assert_eq!(got, want);
}

#[test]
fn workload_manifest_restore_of_another_function() {
    // The workload Addon runs the manifest Function for this task: the task's defaults apply.
    let got = built(
        "manifest-restore",
        "workload-addon",
        "manifest-restore",
        Builtins {
            namespace: Some("apps".into()),
            restore_session: Some("r".into()),
            snapshot: Some("snap".into()),
            ..Default::default()
        },
        json!({"overrideResources": "true"}),
        1,
    );
    let args = &got["container"]["args"];
    let manifest_restore: Value = yaml::from_path_as::<Value>(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/catalog/raw/manifest/manifest-restore-function.yaml"),
    )
    .unwrap();
    // The Function's own argument templates, to write the expectation from.
    assert_eq!(
        manifest_restore["spec"]["args"],
        json!([
            "restore",
            "--namespace=${namespace:=default}",
            "--restoresession=${restoreSession:=}",
            "--snapshot=${snapshot:=}",
            "--enable-cache=${enableCache:=}",
            "--scratch-dir=${scratchDir:=}",
            "--include-rbac-resources=${includeRBACResources:=}",
            "--override-resources=${overrideResources:=}",
        ])
    );
    assert_eq!(
        args,
        &json!([
            "restore",
            "--namespace=apps",
            "--restoresession=r",
            "--snapshot=snap",
            "--enable-cache=true",
            "--scratch-dir=/kubestash-tmp",
            "--include-rbac-resources=false",
            "--override-resources=true",
        ])
    );
    assert_eq!(got["container"]["name"], "manifest-restore-1");
    assert_eq!(
        got["volumes"],
        json!([{"name": "kubestash-tmp-volume", "emptyDir": {}}])
    );
}
