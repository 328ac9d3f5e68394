//! End to end on a real kube-apiserver, driven by `scripts/e2e-runtime.sh` (which starts the
//! cluster, installs restic, builds the Go oracle, writes a plugin with `kubestash-fn new` and
//! builds it). Ignored in a plain `cargo test`: the script runs them with `--ignored`, and each
//! fails loudly when its environment is missing.
//!
//! Each case has its own namespace: the upstream CRDs are applied, the objects are created as
//! the operator would (Secrets, BackupStorage with a local backend, Repository,
//! BackupConfiguration, BackupSession and Snapshot with their status), the plugin binary is run
//! with exactly the arguments `kubestash-fn resolve` gives for its Addon task, and the result is
//! judged by upstream's `CalculatePhase` (the Go oracle, `op: phase`).
//!
//! Environment: `KUBECONFIG`, `E2E_PLUGIN` (the plugin binary), `E2E_MANIFESTS` (its
//! `manifests.yaml`), `E2E_KUBESTASH_FN`, `ORACLE`, `E2E_DIR` (a scratch directory).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use function_runtime::resources::{RestoreSession, Snapshot};
use function_runtime::run::patch_snapshot_component;
use k8s_openapi::api::core::v1::{Namespace, Secret};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::{Client, ResourceExt};
use serde_json::{Value, json};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: run scripts/e2e-runtime.sh"))
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn now_plus(secs: i64) -> String {
    let t =
        k8s_openapi::jiff::Timestamp::now() + k8s_openapi::jiff::SignedDuration::from_secs(secs);
    t.round(k8s_openapi::jiff::Unit::Second)
        .unwrap()
        .to_string()
}

async fn apply_crds(client: &Client) {
    let api: Api<CustomResourceDefinition> = Api::all(client.clone());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/crds");
    for file in [
        "core.kubestash.com_backupsessions.yaml",
        "core.kubestash.com_restoresessions.yaml",
        "core.kubestash.com_backupconfigurations.yaml",
        "storage.kubestash.com_snapshots.yaml",
        "storage.kubestash.com_repositories.yaml",
        "storage.kubestash.com_backupstorages.yaml",
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let crd: CustomResourceDefinition = serde_saphyr::from_str(&text).unwrap();
        let name = crd.name_any();
        api.patch(
            &name,
            &PatchParams::apply("e2e-runtime").force(),
            &Patch::Apply(&crd),
        )
        .await
        .unwrap_or_else(|e| panic!("apply {file}: {e}"));
        for _ in 0..100 {
            let got = api.get(&name).await.unwrap();
            let established = got
                .status
                .and_then(|s| s.conditions)
                .unwrap_or_default()
                .iter()
                .any(|c| c.type_ == "Established" && c.status == "True");
            if established {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

fn dynamic(client: &Client, ns: &str, group: &str, kind: &str, plural: &str) -> Api<DynamicObject> {
    let gvk = GroupVersionKind::gvk(group, "v1alpha1", kind);
    Api::namespaced_with(
        client.clone(),
        ns,
        &ApiResource::from_gvk_with_plural(&gvk, plural),
    )
}

async fn create(client: &Client, ns: &str, group: &str, kind: &str, plural: &str, obj: Value) {
    let api = dynamic(client, ns, group, kind, plural);
    let mut obj = obj;
    obj["apiVersion"] = json!(format!("{group}/v1alpha1"));
    obj["kind"] = json!(kind);
    obj["metadata"]["namespace"] = json!(ns);
    let name = obj["metadata"]["name"].as_str().unwrap().to_string();
    let status = obj.as_object_mut().unwrap().remove("status");
    let o: DynamicObject = serde_json::from_value(obj).unwrap();
    api.create(&PostParams::default(), &o)
        .await
        .unwrap_or_else(|e| panic!("create {kind} {name}: {e}"));
    if let Some(status) = status {
        api.patch_status(
            &name,
            &PatchParams::default(),
            &Patch::Merge(&json!({ "status": status })),
        )
        .await
        .unwrap_or_else(|e| panic!("status of {kind} {name}: {e}"));
    }
}

/// Where a case's BackupStorage keeps the repository.
enum Storage {
    /// `local`: the case's `backend` directory, or the path given.
    Local(Option<PathBuf>),
    /// `s3`: the bucket `e2e` under the prefix `team` of the S3-compatible server on loopback
    /// (`E2E_S3_ENDPOINT`, moto from scripts/s3.sh), with its keys in the Secret `s3-cred`.
    S3,
}

/// The bucket and prefix of [`Storage::S3`].
const S3_BUCKET: &str = "e2e";
const S3_PREFIX: &str = "team";

/// One case: its namespace, its directories, and the objects the operator would create.
struct Case {
    client: Client,
    ns: String,
    dir: PathBuf,
}

impl Case {
    async fn new(ns: &str, password: &str, storage: Storage, deadline_secs: i64) -> Case {
        let client = Client::try_default()
            .await
            .expect("a client from KUBECONFIG");
        apply_crds(&client).await;
        let dir = PathBuf::from(env("E2E_DIR")).join(ns);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data/sub")).unwrap();
        std::fs::create_dir_all(dir.join("backend")).unwrap();
        std::fs::write(dir.join("data/hello.txt"), "hello\n").unwrap();
        let bytes: Vec<u8> = (0..300_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
            .collect();
        std::fs::write(dir.join("data/sub/blob.bin"), bytes).unwrap();
        std::fs::write(dir.join("data/sub/skip.log"), "excluded\n").unwrap();

        // A fresh namespace per run: without a controller-manager (envtest-style cluster) a
        // deleted namespace never finishes terminating.
        let namespaces: Api<Namespace> = Api::all(client.clone());
        let ns = &format!(
            "{ns}-{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis()
                % 100_000_000
        );
        let namespace: Namespace =
            serde_json::from_value(json!({"metadata": {"name": ns}})).unwrap();
        namespaces
            .create(&PostParams::default(), &namespace)
            .await
            .unwrap();
        let secrets: Api<Secret> = Api::namespaced(client.clone(), ns);
        let secret: Secret = serde_json::from_value(json!({
            "metadata": {"name": "encryption"},
            "stringData": {"RESTIC_PASSWORD": password},
        }))
        .unwrap();
        secrets
            .create(&PostParams::default(), &secret)
            .await
            .unwrap();

        let provider = match storage {
            Storage::Local(mount) => {
                let mount = mount.unwrap_or_else(|| dir.join("backend"));
                json!({"provider": "local", "local": {
                    "mountPath": mount.display().to_string(),
                    "hostPath": {"path": mount.display().to_string()},
                }})
            }
            Storage::S3 => {
                // moto takes any key pair; the runtime must hand this one to restic.
                let keys: Secret = serde_json::from_value(json!({
                    "metadata": {"name": "s3-cred"},
                    "stringData": {"AWS_ACCESS_KEY_ID": "e2e-key", "AWS_SECRET_ACCESS_KEY": "e2e-secret"},
                }))
                .unwrap();
                secrets.create(&PostParams::default(), &keys).await.unwrap();
                json!({"provider": "s3", "s3": {
                    "endpoint": env("E2E_S3_ENDPOINT"), "bucket": S3_BUCKET, "prefix": S3_PREFIX,
                    "region": "us-east-1", "secretName": "s3-cred",
                }})
            }
        };
        let (core, storage) = ("core.kubestash.com", "storage.kubestash.com");
        let app = json!({"apiGroup": "", "kind": "PersistentVolumeClaim", "name": "data", "namespace": ns});
        create(
            &client,
            ns,
            storage,
            "BackupStorage",
            "backupstorages",
            json!({
                "metadata": {"name": "local"},
                "spec": {
                    "storage": provider,
                    "usagePolicy": {"allowedNamespaces": {"from": "Same"}},
                    "default": true,
                    "deletionPolicy": "WipeOut",
                },
            }),
        )
        .await;
        create(
            &client,
            ns,
            storage,
            "Repository",
            "repositories",
            json!({
                "metadata": {"name": "repo"},
                "spec": {
                    "appRef": app,
                    "storageRef": {"name": "local", "namespace": ns},
                    "path": "/demo/data",
                    "encryptionSecret": {"name": "encryption", "namespace": ns},
                    "deletionPolicy": "WipeOut",
                },
            }),
        )
        .await;
        create(&client, ns, core, "BackupConfiguration", "backupconfigurations", json!({
            "metadata": {"name": "bc"},
            "spec": {
                "target": app,
                "backends": [{"name": "local-backend", "storageRef": {"name": "local", "namespace": ns},
                              "retentionPolicy": {"name": "keep", "namespace": ns}}],
                "sessions": [{
                    "name": "daily",
                    "scheduler": {"schedule": "0 3 * * *", "jobTemplate": {"backoffLimit": 1}},
                    "repositories": [{"name": "repo", "backend": "local-backend", "directory": "/demo/data",
                                      "encryptionSecret": {"name": "encryption", "namespace": ns}}],
                    "addon": {"name": "file-tree-addon", "tasks": [{"name": "logical-backup"}]},
                }],
            },
        })).await;
        create(&client, ns, core, "BackupSession", "backupsessions", json!({
            "metadata": {"name": "bs"},
            "spec": {"invoker": {"apiGroup": core, "kind": "BackupConfiguration", "name": "bc"}, "session": "daily"},
            "status": {
                "phase": "Running",
                "backupDeadline": now_plus(deadline_secs),
                "totalSnapshots": 1,
                "snapshots": [{"name": "snap", "phase": "Pending", "repository": "repo", "appRef": app}],
            },
        })).await;
        create(&client, ns, storage, "Snapshot", "snapshots", json!({
            "metadata": {"name": "snap"},
            "spec": {
                "repository": "repo", "session": "daily", "backupSession": "bs", "version": "v1",
                "appRef": app, "deletionPolicy": "Delete", "snapshotID": "01HZZZZZZZZZZZZZZZZZZZZZZZ",
            },
            "status": {"phase": "Pending", "totalComponents": 1},
        })).await;
        Case {
            client,
            ns: ns.into(),
            dir,
        }
    }

    /// The plugin run with the arguments `kubestash-fn resolve` gives for `task`.
    fn run_plugin(&self, task: &str, sets: &[(&str, String)]) -> (i32, String) {
        let mut resolve = Command::new(env("E2E_KUBESTASH_FN"));
        resolve.arg("resolve").arg(env("E2E_MANIFESTS")).args([
            "--addon",
            &env("E2E_MANIFESTS"),
            "--task",
            task,
            "-o",
            "json",
        ]);
        let builtins = [
            ("namespace", self.ns.clone()),
            ("backupSession", "bs".into()),
            ("restoreSession", "rs".into()),
            ("snapshot", "snap".into()),
        ];
        for (k, v) in builtins {
            resolve.arg("--builtin").arg(format!("{k}={v}"));
        }
        resolve
            .arg("--set")
            .arg(format!("scratchDir={}", self.dir.join("scratch").display()));
        for (k, v) in sets {
            resolve.arg("--set").arg(format!("{k}={v}"));
        }
        let out = resolve.output().unwrap();
        assert!(
            out.status.success(),
            "resolve: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let resolved: Value = serde_json::from_slice(&out.stdout).unwrap();
        let container = if resolved["container"].is_object() {
            &resolved["container"]
        } else {
            &resolved
        };
        let args: Vec<String> = serde_json::from_value(container["args"].clone())
            .unwrap_or_else(|e| panic!("no args in {resolved}: {e}"));
        let out = Command::new(env("E2E_PLUGIN"))
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        eprintln!("plugin {args:?}: exit {:?}\n{stderr}", out.status.code());
        (out.status.code().unwrap_or(-1), stderr)
    }

    /// The plugin's backup task run over the case's `data` directory.
    fn back_up_data(&self) -> (i32, String) {
        let data = self.dir.join("data").display().to_string();
        self.run_plugin("logical-backup", &[("paths", data)])
    }

    /// The Snapshot as the server has it (every field, not only the typed ones).
    async fn snapshot(&self) -> Value {
        let api = dynamic(
            &self.client,
            &self.ns,
            "storage.kubestash.com",
            "Snapshot",
            "snapshots",
        );
        let snap = serde_json::to_value(api.get("snap").await.unwrap()).unwrap();
        // The typed resource reads it too.
        let _: Snapshot = serde_json::from_value(snap.clone()).unwrap();
        snap
    }

    /// What the operator does once the plugin has written: upload the metadata, set the
    /// condition `SnapshotMetadataUploaded`.
    async fn operator_uploads_metadata(&self) {
        let api = dynamic(
            &self.client,
            &self.ns,
            "storage.kubestash.com",
            "Snapshot",
            "snapshots",
        );
        let status = json!({"status": {"conditions": [{
            "type": "SnapshotMetadataUploaded", "status": "True", "reason": "SnapshotMetadataUploadSucceeded",
            "lastTransitionTime": now_plus(0),
        }]}});
        api.patch_status("snap", &PatchParams::default(), &Patch::Merge(&status))
            .await
            .unwrap();
    }
}

/// Upstream's `CalculatePhase` of `kind` for `status`, from the Go oracle.
fn oracle_phase(kind: &str, status: &Value) -> String {
    let mut child = Command::new(env("ORACLE"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let line = json!({"op": "phase", "kind": kind, "status": status}).to_string();
    writeln!(child.stdin.take().unwrap(), "{line}").unwrap();
    let out = child.wait_with_output().unwrap();
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    answer["phase"]
        .as_str()
        .unwrap_or_else(|| panic!("oracle: {answer}"))
        .to_string()
}

fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

async fn failed_with(case: &Case, code: i32, stderr: &str, needle: &str) {
    assert_eq!(code, 1, "{stderr}");
    let snap = case.snapshot().await;
    let c = &snap["status"]["components"]["dump"];
    assert_eq!(c["phase"], "Failed", "{snap:#}");
    let error = c["error"].as_str().unwrap_or_default();
    assert!(
        error.contains(needle),
        "error `{error}` does not name `{needle}`"
    );
    assert!(stderr.contains(needle), "stderr: {stderr}");
    case.operator_uploads_metadata().await;
    let snap = case.snapshot().await;
    assert_eq!(oracle_phase("Snapshot", &snap["status"]), "Failed");
}

/// The plugin backs `case`'s data up (the component Succeeded with every field upstream writes,
/// the phase as upstream's CalculatePhase gives it) and restores it byte for byte.
async fn round_trip(case: &Case) {
    let data = case.dir.join("data");
    let (code, stderr) = case.run_plugin(
        "logical-backup",
        &[
            ("paths", data.display().to_string()),
            ("exclude", "*.log".into()),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let snap = case.snapshot().await;
    let c = &snap["status"]["components"]["dump"];
    assert_eq!(c["phase"], "Succeeded", "{snap:#}");
    assert_eq!(c["driver"], "Restic");
    assert_eq!(c["path"], "repository/v1/daily/dump");
    assert_eq!(c["integrity"], true);
    assert!(c["size"].as_str().unwrap().ends_with("iB"), "{c}");
    let summary = &c["resticStats"][0]["summary"];
    assert!(!summary["id"].as_str().unwrap().is_empty());
    assert_eq!(summary["hostPath"], data.display().to_string());
    assert_eq!(c["resticStats"][0]["progress"]["percentDone"], "100.00%");
    assert!(c.get("error").is_none(), "{c}");
    // Before the operator uploads the metadata the phase is Running; then Succeeded.
    assert_eq!(oracle_phase("Snapshot", &snap["status"]), "Running");
    case.operator_uploads_metadata().await;
    assert_eq!(
        oracle_phase("Snapshot", &case.snapshot().await["status"]),
        "Succeeded"
    );

    // Restore: the files come back where they were, byte for byte (the *.log excluded).
    let before: Vec<_> = files(&data)
        .into_iter()
        .filter(|(p, _)| !p.ends_with("skip.log"))
        .collect();
    std::fs::remove_dir_all(&data).unwrap();
    create(&case.client, &case.ns, "core.kubestash.com", "RestoreSession", "restoresessions", json!({
        "metadata": {"name": "rs"},
        "spec": {
            "target": {"apiGroup": "", "kind": "PersistentVolumeClaim", "name": "data", "namespace": case.ns},
            "dataSource": {"repository": "repo", "snapshot": "snap", "namespace": case.ns,
                           "encryptionSecret": {"name": "encryption", "namespace": case.ns}},
            "addon": {"name": "file-tree-addon", "tasks": [{"name": "logical-backup-restore"}]},
        },
        "status": {"phase": "Running", "totalComponents": 1, "restoreDeadline": now_plus(600)},
    })).await;
    let (code, stderr) = case.run_plugin("logical-backup-restore", &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(files(&data), before);
    let api = dynamic(
        &case.client,
        &case.ns,
        "core.kubestash.com",
        "RestoreSession",
        "restoresessions",
    );
    let rs = serde_json::to_value(api.get("rs").await.unwrap()).unwrap();
    let _: RestoreSession = serde_json::from_value(rs.clone()).unwrap();
    assert_eq!(
        rs["status"]["components"]["dump"]["phase"], "Succeeded",
        "{rs:#}"
    );
    // Until the operator has pushed its metrics (condition `MetricsPushed`), Running.
    assert_eq!(oracle_phase("RestoreSession", &rs["status"]), "Running");
    let pushed = json!({"status": {"conditions": [{
        "type": "MetricsPushed", "status": "True", "reason": "SuccessfullyPushedMetrics",
        "lastTransitionTime": now_plus(0),
    }]}});
    api.patch_status("rs", &PatchParams::default(), &Patch::Merge(&pushed))
        .await
        .unwrap();
    let rs = serde_json::to_value(api.get("rs").await.unwrap()).unwrap();
    assert_eq!(oracle_phase("RestoreSession", &rs["status"]), "Succeeded");
}

#[test]
#[ignore = "needs scripts/e2e-runtime.sh"]
fn backup_succeeds_and_restore_is_byte_for_byte() {
    rt().block_on(async {
        let case = Case::new("e2e-ok", "correct horse", Storage::Local(None), 600).await;
        round_trip(&case).await;
        assert!(
            case.dir
                .join("backend/demo/data/repository/v1/daily/dump/config")
                .is_file()
        );
    });
}

#[test]
#[ignore = "needs scripts/e2e-runtime.sh"]
fn the_s3_backend_backs_up_and_restores_through_a_server_on_loopback() {
    rt().block_on(async {
        let case = Case::new("e2e-s3", "s3 password", Storage::S3, 600).await;
        round_trip(&case).await;
        // The repository is in the bucket, under the prefix and the component's path: restic
        // lists its one snapshot there with the Secret's keys; nothing went to a local path.
        let url = format!(
            "s3:{}/{S3_BUCKET}/{S3_PREFIX}/demo/data/repository/v1/daily/dump",
            env("E2E_S3_ENDPOINT")
        );
        let out = Command::new(env("RESTIC_BIN"))
            .args(["-r", &url, "snapshots", "--json", "--no-cache"])
            .env("AWS_ACCESS_KEY_ID", "e2e-key")
            .env("AWS_SECRET_ACCESS_KEY", "e2e-secret")
            .env("RESTIC_PASSWORD", "s3 password")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let snapshots: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(snapshots.as_array().map(Vec::len), Some(1), "{snapshots}");
        assert_eq!(
            snapshots[0]["paths"][0],
            case.dir.join("data").display().to_string()
        );
        assert!(!case.dir.join("backend/demo").exists());
    });
}

#[test]
#[ignore = "needs scripts/e2e-runtime.sh"]
fn a_wrong_password_fails_naming_it() {
    rt().block_on(async {
        let case = Case::new("e2e-password", "not the one", Storage::Local(None), 600).await;
        // The repository exists, made with another password.
        let repo = case.dir.join("backend/demo/data/repository/v1/daily/dump");
        let out = Command::new(std::env::var("RESTIC_BIN").unwrap_or_else(|_| "restic".into()))
            .args(["init", "--no-cache"])
            .env("RESTIC_REPOSITORY", &repo)
            .env("RESTIC_PASSWORD", "the real one")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (code, stderr) = case.back_up_data();
        failed_with(&case, code, &stderr, "wrong password").await;
    });
}

#[test]
#[ignore = "needs scripts/e2e-runtime.sh"]
fn an_unreachable_repository_fails_naming_it() {
    rt().block_on(async {
        let dir = PathBuf::from(env("E2E_DIR"));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("a-regular-file");
        std::fs::write(&file, "").unwrap();
        let case = Case::new(
            "e2e-unreachable",
            "pw",
            Storage::Local(Some(file.join("backend"))),
            600,
        )
        .await;
        let (code, stderr) = case.back_up_data();
        failed_with(&case, code, &stderr, "unable to open repository").await;
    });
}

#[test]
#[ignore = "needs scripts/e2e-runtime.sh"]
fn an_expired_deadline_fails_naming_it() {
    rt().block_on(async {
        let case = Case::new("e2e-deadline", "pw", Storage::Local(None), -60).await;
        let (code, stderr) = case.back_up_data();
        let needle = format!(
            "deadline exceeded: BackupSession {}/bs status.backupDeadline",
            case.ns
        );
        failed_with(&case, code, &stderr, &needle).await;
    });
}

#[test]
#[ignore = "needs scripts/e2e-runtime.sh"]
fn the_plugins_own_error_fails_naming_it() {
    rt().block_on(async {
        let case = Case::new("e2e-plugin-error", "pw", Storage::Local(None), 600).await;
        let (code, stderr) =
            case.run_plugin("logical-backup", &[("paths", "/nonexistent/data".into())]);
        failed_with(
            &case,
            code,
            &stderr,
            "the plugin failed: --paths: /nonexistent/data does not exist",
        )
        .await;
    });
}

#[test]
#[ignore = "needs scripts/e2e-runtime.sh"]
fn two_concurrent_writers_keep_both_components_and_the_schema_is_enforced() {
    rt().block_on(async {
        let case = Case::new("e2e-writers", "pw", Storage::Local(None), 600).await;
        let writer = |component: &'static str| {
            let client = case.client.clone();
            let ns = case.ns.clone();
            async move {
                for i in 0..25 {
                    let phase = if i == 24 { "Succeeded" } else { "Running" };
                    let value =
                        json!({"phase": phase, "driver": "Restic", "duration": format!("{i}s")});
                    patch_snapshot_component(&client, &ns, "snap", component, value)
                        .await
                        .unwrap();
                }
            }
        };
        let (a, b) = tokio::join!(
            tokio::spawn(writer("dump-pod-0")),
            tokio::spawn(writer("dump-pod-1"))
        );
        a.unwrap();
        b.unwrap();
        let snap = case.snapshot().await;
        let components = snap["status"]["components"].as_object().unwrap();
        assert_eq!(components.len(), 2, "{snap:#}");
        for c in ["dump-pod-0", "dump-pod-1"] {
            assert_eq!(components[c]["phase"], "Succeeded");
            assert_eq!(components[c]["duration"], "24s");
        }
        // The server checks what is written against the upstream schema: a phase outside its
        // enum is refused (so every write above was accepted by that schema).
        let err = patch_snapshot_component(
            &case.client,
            &case.ns,
            "snap",
            "dump",
            json!({"phase": "Bogus"}),
        )
        .await
        .unwrap_err();
        assert!(
            err.to_string().contains("Unsupported value: \"Bogus\""),
            "{err}"
        );
    });
}
