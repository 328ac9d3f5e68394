//! A whole backup or restore, as upstream's plugins run it, for a plugin's `main`.
//!
//! [`backup`]: read the BackupSession and, per Snapshot, its target; mark the component
//! `Running`; call the plugin's closure for what to back up (an error or a panic there marks
//! every component `Failed` with its message); then per Snapshot: `restic init` when needed,
//! stale locks, `restic backup` (progress patched every [`Backup::progress_interval`]),
//! `restic check`, `restic stats`, and the component `Succeeded` or `Failed`.
//! [`restore`]: the same for a RestoreSession's component.
//!
//! The exit status is 0 when every component this run wrote Succeeded, 1 otherwise; what
//! failed is written to the component's `error` and to stderr.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant as StdInstant};

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::jiff::Timestamp;
use kube::Client;
use kube::api::{Api, Patch, PatchParams};
use serde_json::{Value, json};
use tokio::time::Instant;

use crate::resources::{ResticProgress, ResticStats, ResticSummary, RestoreSession, Snapshot};
use crate::restic::{Progress, Restic, Sink, Source};
use crate::session::{self, Target};
use crate::status::{
    DRIVER_RESTIC, FAILED, RUNNING, SUCCEEDED, component_patch, go_duration, human_bytes, percent,
};
use crate::{BoxError, Error};

/// How a backup runs: the parsed arguments of the plugin's backup Function.
#[derive(Clone, Debug)]
pub struct Backup {
    /// `--namespace`: where the BackupSession is.
    pub namespace: String,
    /// `--backupsession`.
    pub backup_session: String,
    /// The component this plugin writes (`dump`, `manifest`, `physical`, ...).
    pub component: String,
    /// `--scratch-dir`: restic's cache and temporary files.
    pub scratch_dir: PathBuf,
    /// `--enable-cache`.
    pub enable_cache: bool,
    /// How often progress is patched while restic runs (upstream: about 10 s).
    pub progress_interval: Duration,
}

impl Backup {
    /// The options with the cache on and progress every 10 s.
    pub fn new(
        namespace: impl Into<String>,
        backup_session: impl Into<String>,
        component: impl Into<String>,
        scratch_dir: impl Into<PathBuf>,
    ) -> Self {
        Backup {
            namespace: namespace.into(),
            backup_session: backup_session.into(),
            component: component.into(),
            scratch_dir: scratch_dir.into(),
            enable_cache: true,
            progress_interval: Duration::from_secs(10),
        }
    }
}

/// How a restore runs: the parsed arguments of the plugin's restore Function.
#[derive(Clone, Debug)]
pub struct Restore {
    /// `--namespace`: where the RestoreSession is.
    pub namespace: String,
    /// `--restoresession`.
    pub restore_session: String,
    /// `--snapshot` (empty: the RestoreSession's `spec.dataSource.snapshot`).
    pub snapshot: String,
    /// The component restored.
    pub component: String,
    /// `--scratch-dir`.
    pub scratch_dir: PathBuf,
    /// `--enable-cache`.
    pub enable_cache: bool,
}

impl Restore {
    /// The options with the cache on.
    pub fn new(
        namespace: impl Into<String>,
        restore_session: impl Into<String>,
        snapshot: impl Into<String>,
        component: impl Into<String>,
        scratch_dir: impl Into<PathBuf>,
    ) -> Self {
        Restore {
            namespace: namespace.into(),
            restore_session: restore_session.into(),
            snapshot: snapshot.into(),
            component: component.into(),
            scratch_dir: scratch_dir.into(),
            enable_cache: true,
        }
    }
}

fn tokio_runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Config(format!("cannot start the async runtime: {e}")))
}

/// Runs the plugin's own code: its error or its panic becomes [`Error::Plugin`].
fn plugin_code<T>(f: impl FnOnce() -> Result<T, BoxError>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Error::Plugin(e.to_string())),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic with no message".into());
            Err(Error::Plugin(format!("panicked: {msg}")))
        }
    }
}

fn report(code: bool) -> ExitCode {
    if code {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// A backup: see the module docs. `source` is the plugin's own code, called once after the
/// components are marked `Running`.
pub fn backup(opts: Backup, source: impl FnOnce() -> Result<Source, BoxError>) -> ExitCode {
    let rt = match tokio_runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    report(rt.block_on(backup_async(&opts, source)))
}

/// A restore: see the module docs. `sink` is the plugin's own code, called once after the
/// component is marked `Running`.
pub fn restore(opts: Restore, sink: impl FnOnce() -> Result<Sink, BoxError>) -> ExitCode {
    let rt = match tokio_runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    report(rt.block_on(restore_async(&opts, sink)))
}

/// Patches `status.components[component]` of Snapshot `namespace/name` (merge patch of the
/// status subresource: the other components are left alone).
pub async fn patch_snapshot_component(
    client: &Client,
    namespace: &str,
    name: &str,
    component: &str,
    value: Value,
) -> Result<(), Error> {
    patch_component::<Snapshot>(client, namespace, name, component, value).await
}

/// Patches `status.components[component]` of RestoreSession `namespace/name`.
pub async fn patch_restore_component(
    client: &Client,
    namespace: &str,
    name: &str,
    component: &str,
    value: Value,
) -> Result<(), Error> {
    patch_component::<RestoreSession>(client, namespace, name, component, value).await
}

/// The merge patch of `status.components[component]` of the `K` named `namespace/name`.
async fn patch_component<K>(
    client: &Client,
    namespace: &str,
    name: &str,
    component: &str,
    value: Value,
) -> Result<(), Error>
where
    K: kube::Resource<Scope = kube::core::NamespaceResourceScope, DynamicType = ()>
        + Clone
        + std::fmt::Debug
        + serde::de::DeserializeOwned,
{
    Api::<K>::namespaced(client.clone(), namespace)
        .patch_status(
            name,
            &PatchParams::default(),
            &Patch::Merge(&component_patch(component, value)),
        )
        .await
        .map(drop)
        .map_err(|e| {
            Error::kube(
                format!("patch the status of {} {namespace}/{name}", K::kind(&())),
                e,
            )
        })
}

fn progress_stats(p: &Progress) -> ResticProgress {
    let speed = p
        .bytes_done
        .checked_div(p.seconds_elapsed)
        .unwrap_or(p.bytes_done);
    ResticProgress {
        total: Some(human_bytes(p.total_bytes)),
        total_files: Some(p.total_files as i64),
        files_done: Some(p.files_done as i64),
        backup_done: Some(human_bytes(p.bytes_done)),
        percent_done: Some(percent(p.percent_done)),
        seconds_elapsed: Some(p.seconds_elapsed as i64),
        speed: Some(format!("{}/s", human_bytes(speed))),
    }
}

fn failed(path: Option<&str>, started: StdInstant, e: &Error) -> Value {
    let mut v = json!({
        "phase": FAILED,
        "driver": DRIVER_RESTIC,
        "duration": go_duration(started.elapsed()),
        "error": e.to_string(),
    });
    if let Some(path) = path {
        v["path"] = json!(path);
    }
    v
}

/// Where a patch failure goes: stderr (the component cannot say it).
fn warn(r: Result<(), Error>) -> bool {
    match r {
        Ok(()) => true,
        Err(e) => {
            eprintln!("error: {e}");
            false
        }
    }
}

async fn backup_async(opts: &Backup, source: impl FnOnce() -> Result<Source, BoxError>) -> bool {
    let started = StdInstant::now();
    let client = match session::client().await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return false;
        }
    };
    let (bs, names) =
        match session::backup_session(&client, &opts.namespace, &opts.backup_session).await {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: {e}");
                return false;
            }
        };
    let c = opts.component.as_str();
    // Per Snapshot: its target, and the component Running (or Failed when it cannot be found).
    let mut targets = Vec::new();
    let mut ok = true;
    for name in &names {
        match session::backup_target(&client, &opts.namespace, name, c).await {
            Ok(t) => {
                let running = json!({"phase": RUNNING, "driver": DRIVER_RESTIC, "path": t.component_path, "error": null});
                ok &= warn(patch_snapshot_component(&client, &t.namespace, name, c, running).await);
                targets.push(t);
            }
            Err(e) => {
                eprintln!("error: Snapshot {}/{name}: {e}", opts.namespace);
                warn(
                    patch_snapshot_component(
                        &client,
                        &opts.namespace,
                        name,
                        c,
                        failed(None, started, &e),
                    )
                    .await,
                );
                ok = false;
            }
        }
    }
    let what = format!(
        "BackupSession {}/{} status.backupDeadline",
        opts.namespace, opts.backup_session
    );
    let deadline = bs
        .status
        .as_ref()
        .and_then(|s| s.backup_deadline.as_ref())
        .map(|t| &t.0);
    let prepared =
        session::time_left(deadline, &what).and_then(|left| plugin_code(source).map(|s| (left, s)));
    let (left, source) = match prepared {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            for t in &targets {
                warn(
                    patch_snapshot_component(
                        &client,
                        &t.namespace,
                        &t.snapshot,
                        c,
                        failed(Some(&t.component_path), started, &e),
                    )
                    .await,
                );
            }
            return false;
        }
    };
    let deadline = left.map(|l| Instant::now() + l);
    for t in &targets {
        let t_started = StdInstant::now();
        let value = match backup_one(&client, opts, t, &source, deadline).await {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: Snapshot {}/{}: {e}", t.namespace, t.snapshot);
                ok = false;
                failed(Some(&t.component_path), t_started, &e)
            }
        };
        ok &= warn(patch_snapshot_component(&client, &t.namespace, &t.snapshot, c, value).await);
    }
    ok
}

async fn backup_one(
    client: &Client,
    opts: &Backup,
    t: &Target,
    source: &Source,
    deadline: Option<Instant>,
) -> Result<Value, Error> {
    let started = StdInstant::now();
    let start_time = Timestamp::now();
    let restic = Restic::new(
        &t.location,
        &t.password,
        &opts.scratch_dir,
        opts.enable_cache,
        deadline,
    )?;
    restic.ensure_repository().await?;
    restic.unlock().await?;
    let latest: Arc<Mutex<Option<Progress>>> = Arc::default();
    let sink = latest.clone();
    let run = restic.backup(source, &opts.component, move |p| {
        *sink.lock().unwrap_or_else(|e| e.into_inner()) = Some(p);
    });
    tokio::pin!(run);
    let summary = loop {
        tokio::select! {
            r = &mut run => break r?,
            () = tokio::time::sleep(opts.progress_interval) => {
                let p = latest.lock().unwrap_or_else(|e| e.into_inner()).clone();
                if let Some(p) = p {
                    let stats = vec![ResticStats { summary: None, progress: Some(progress_stats(&p)) }];
                    let value = json!({"phase": RUNNING, "resticStats": stats});
                    warn(patch_snapshot_component(client, &t.namespace, &t.snapshot, &opts.component, value).await);
                }
            }
        }
    };
    let end_time = Timestamp::now();
    restic.check().await?;
    let size = restic.stats().await?;
    let last = latest
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_default();
    let progress = Progress {
        seconds_elapsed: summary.total_duration.round() as u64,
        percent_done: 1.0,
        total_files: summary.total_files_processed,
        files_done: summary.total_files_processed,
        total_bytes: summary.total_bytes_processed.max(last.total_bytes),
        bytes_done: summary.total_bytes_processed,
    };
    let stats = vec![ResticStats {
        summary: Some(ResticSummary {
            id: Some(summary.snapshot_id.clone()),
            host_path: Some(source.host_path()),
            uploaded: Some(human_bytes(summary.data_added)),
            size: Some(human_bytes(summary.total_bytes_processed)),
            start_time: Some(Time(start_time)),
            end_time: Some(Time(end_time)),
        }),
        progress: Some(progress_stats(&progress)),
    }];
    Ok(json!({
        "phase": SUCCEEDED,
        "driver": DRIVER_RESTIC,
        "path": t.component_path,
        "duration": go_duration(started.elapsed()),
        "resticStats": stats,
        "size": human_bytes(size),
        "integrity": true,
        "error": null,
    }))
}

async fn restore_async(opts: &Restore, sink: impl FnOnce() -> Result<Sink, BoxError>) -> bool {
    let started = StdInstant::now();
    let client = match session::client().await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return false;
        }
    };
    let (ns, name, c) = (
        &opts.namespace,
        &opts.restore_session,
        opts.component.as_str(),
    );
    let rs = match session::restore_session(&client, ns, name).await {
        Ok(rs) => rs,
        Err(e) => {
            eprintln!("error: {e}");
            return false;
        }
    };
    let running = json!({"phase": RUNNING, "error": null});
    if !warn(patch_restore_component(&client, ns, name, c, running).await) {
        return false;
    }
    let result = async {
        let what = format!("RestoreSession {ns}/{name} status.restoreDeadline");
        let deadline = rs
            .status
            .as_ref()
            .and_then(|s| s.restore_deadline.as_ref())
            .map(|t| &t.0);
        let left = session::time_left(deadline, &what)?;
        let t = session::restore_target(&client, &rs, &opts.snapshot, c).await?;
        let ids = session::restic_ids(&t.object, c)?;
        let sink = plugin_code(sink)?;
        let deadline = left.map(|l| Instant::now() + l);
        let restic = Restic::new(
            &t.location,
            &t.password,
            &opts.scratch_dir,
            opts.enable_cache,
            deadline,
        )?;
        for id in &ids {
            restic.restore(id, &sink).await?;
        }
        Ok::<_, Error>(())
    }
    .await;
    let value = match &result {
        Ok(()) => {
            json!({"phase": SUCCEEDED, "duration": go_duration(started.elapsed()), "error": null})
        }
        Err(e) => {
            eprintln!("error: RestoreSession {ns}/{name}: {e}");
            json!({"phase": FAILED, "duration": go_duration(started.elapsed()), "error": e.to_string()})
        }
    };
    warn(patch_restore_component(&client, ns, name, c, value).await) && result.is_ok()
}
