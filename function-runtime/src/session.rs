//! A session: the objects behind one run of a plugin, read with a `kube::Client`.
//!
//! For a backup: the BackupSession, its Snapshots (`status.snapshots[].name`), each one's
//! Repository and BackupStorage, the encryption Secret and the storage's Secret, giving one
//! [`Target`] per Snapshot. For a restore: the RestoreSession, the Snapshot named by the
//! arguments (in `spec.dataSource.namespace`), its Repository and BackupStorage, and the
//! encryption Secret of the data source.
//!
//! The client is `kube::Client::try_default()`: `KUBECONFIG` (or `~/.kube/config`) outside a
//! pod, the service account inside one.

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::jiff::Timestamp;
use kube::{Api, Client};

use crate::Error;
use crate::backend::{self, Location};
use crate::resources::{
    BackupSession, BackupStorage, ObjectReference, Repository, RestoreSession, Snapshot,
};

/// The key of the encryption Secret that holds the repository password.
pub const PASSWORD_KEY: &str = "RESTIC_PASSWORD";

/// Where one component of one Snapshot goes (or comes from).
#[derive(Clone, Debug)]
pub struct Target {
    /// The Snapshot's name.
    pub snapshot: String,
    /// The Snapshot's namespace.
    pub namespace: String,
    /// The Snapshot as read.
    pub object: Snapshot,
    /// The component path, `repository/<version>/<session>/<component>`.
    pub component_path: String,
    /// The restic repository and its credentials.
    pub location: Location,
    /// The encryption password.
    pub password: String,
}

/// A client from the environment: in-cluster, or `KUBECONFIG` / `~/.kube/config`.
pub async fn client() -> Result<Client, Error> {
    Client::try_default().await.map_err(|e| {
        Error::kube(
            "cannot make a Kubernetes client (in-cluster or from KUBECONFIG)",
            e,
        )
    })
}

async fn get<K>(client: &Client, namespace: &str, name: &str) -> Result<K, Error>
where
    K: kube::Resource<Scope = kube::core::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug,
    K::DynamicType: Default,
{
    Api::<K>::namespaced(client.clone(), namespace)
        .get(name)
        .await
        .map_err(|e| {
            Error::kube(
                format!(
                    "get {} {namespace}/{name}",
                    K::kind(&K::DynamicType::default())
                ),
                e,
            )
        })
}

async fn secret_data(
    client: &Client,
    namespace: &str,
    name: &str,
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let secret: Secret = get(client, namespace, name).await?;
    Ok(secret
        .data
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.0))
        .collect())
}

/// The component path as upstream builds it: `repository/<version>/<session>/<component>`
/// (`version` is `v1` when the Snapshot has none).
pub fn component_path(snapshot: &Snapshot, component: &str) -> String {
    format!(
        "repository/{}/{}/{component}",
        snapshot
            .spec
            .version
            .as_deref()
            .filter(|v| !v.is_empty())
            .unwrap_or("v1"),
        snapshot.spec.session.as_deref().unwrap_or_default(),
    )
}

/// The password in the encryption Secret `secret` (its namespace defaulting to `namespace`).
async fn password(
    client: &Client,
    secret: &ObjectReference,
    namespace: &str,
) -> Result<String, Error> {
    let ns = secret
        .namespace
        .as_deref()
        .filter(|n| !n.is_empty())
        .unwrap_or(namespace);
    let data = secret_data(client, ns, &secret.name).await?;
    let value = data.get(PASSWORD_KEY).ok_or_else(|| {
        Error::Config(format!(
            "the encryption Secret {ns}/{} has no key `{PASSWORD_KEY}`",
            secret.name
        ))
    })?;
    String::from_utf8(value.clone())
        .map(|s| s.trim_end_matches(['\n', '\r']).to_string())
        .map_err(|_| {
            Error::Config(format!(
                "`{PASSWORD_KEY}` of Secret {ns}/{} is not UTF-8",
                secret.name
            ))
        })
}

/// The repository location of `component` in `snapshot`: its Repository, BackupStorage and
/// the storage's Secret. Returns the location, the Repository, and the component path.
async fn locate(
    client: &Client,
    snapshot: &Snapshot,
    namespace: &str,
    component_path: &str,
) -> Result<(Location, Repository), Error> {
    let name = snapshot
        .spec
        .repository
        .as_deref()
        .filter(|r| !r.is_empty())
        .ok_or_else(|| {
            Error::Config(format!(
                "Snapshot {namespace}/{} has no spec.repository",
                meta_name(snapshot)
            ))
        })?;
    let repository: Repository = get(client, namespace, name).await?;
    let storage_ref = repository.spec.storage_ref.as_ref().ok_or_else(|| {
        Error::Config(format!(
            "Repository {namespace}/{name} has no spec.storageRef"
        ))
    })?;
    let storage_ns = storage_ref
        .namespace
        .as_deref()
        .filter(|n| !n.is_empty())
        .unwrap_or(namespace);
    let storage: BackupStorage = get(client, storage_ns, &storage_ref.name).await?;
    let backend = storage.spec.storage.clone().ok_or_else(|| {
        Error::Config(format!(
            "BackupStorage {storage_ns}/{} has no spec.storage",
            storage_ref.name
        ))
    })?;
    let secret = match backend::secret_name(&backend) {
        Some(secret) => secret_data(client, storage_ns, secret).await?,
        None => BTreeMap::new(),
    };
    let location = backend::location(
        &backend,
        &secret,
        repository.spec.path.as_deref().unwrap_or_default(),
        component_path,
    )?;
    Ok((location, repository))
}

fn meta_name<K: kube::Resource>(k: &K) -> &str {
    k.meta().name.as_deref().unwrap_or_default()
}

/// Reads BackupSession `namespace/name`; the Snapshot names it lists (none is an error).
pub async fn backup_session(
    client: &Client,
    namespace: &str,
    name: &str,
) -> Result<(BackupSession, Vec<String>), Error> {
    let session: BackupSession = get(client, namespace, name).await?;
    let names: Vec<String> = session
        .status
        .as_ref()
        .and_then(|s| s.snapshots.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|s| s.name.clone())
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Err(Error::Config(format!(
            "BackupSession {namespace}/{name} lists no Snapshot in status.snapshots"
        )));
    }
    Ok((session, names))
}

/// The [`Target`] of `component` in Snapshot `namespace/snapshot` for a backup: the password
/// comes from the Repository's `spec.encryptionSecret`.
pub async fn backup_target(
    client: &Client,
    namespace: &str,
    snapshot: &str,
    component: &str,
) -> Result<Target, Error> {
    let object: Snapshot = get(client, namespace, snapshot).await?;
    let path = component_path(&object, component);
    let (location, repository) = locate(client, &object, namespace, &path).await?;
    let secret = repository.spec.encryption_secret.as_ref().ok_or_else(|| {
        Error::Config(format!(
            "Repository {namespace}/{} has no spec.encryptionSecret",
            meta_name(&repository)
        ))
    })?;
    let password = password(client, secret, namespace).await?;
    Ok(Target {
        snapshot: snapshot.into(),
        namespace: namespace.into(),
        object,
        component_path: path,
        location,
        password,
    })
}

/// Reads RestoreSession `namespace/name`.
pub async fn restore_session(
    client: &Client,
    namespace: &str,
    name: &str,
) -> Result<RestoreSession, Error> {
    get(client, namespace, name).await
}

/// The [`Target`] of `component` in the Snapshot a restore reads: `snapshot` (the `--snapshot`
/// argument, else `spec.dataSource.snapshot`) in `spec.dataSource.namespace` (else the
/// session's), with the password of `spec.dataSource.encryptionSecret` (else the
/// Repository's). The component path is the one the backup recorded, when it did.
pub async fn restore_target(
    client: &Client,
    session: &RestoreSession,
    snapshot: &str,
    component: &str,
) -> Result<Target, Error> {
    let session_ns = session.metadata.namespace.clone().unwrap_or_default();
    let source = session.spec.data_source.clone().unwrap_or_default();
    let namespace = source
        .namespace
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or(session_ns.clone());
    let snapshot = if snapshot.is_empty() {
        source.snapshot.clone().filter(|s| !s.is_empty()).ok_or_else(|| {
            Error::Config(format!(
                "no snapshot to restore: --snapshot is empty and RestoreSession {session_ns}/{} has no spec.dataSource.snapshot",
                meta_name(session)
            ))
        })?
    } else {
        snapshot.to_string()
    };
    let object: Snapshot = get(client, &namespace, &snapshot).await?;
    let recorded = object
        .status
        .as_ref()
        .and_then(|s| s.components.as_ref())
        .and_then(|c| c.get(component))
        .and_then(|c| c.path.clone())
        .filter(|p| !p.is_empty());
    let path = recorded.unwrap_or_else(|| component_path(&object, component));
    let (location, repository) = locate(client, &object, &namespace, &path).await?;
    let secret = source
        .encryption_secret
        .as_ref()
        .or(repository.spec.encryption_secret.as_ref())
        .ok_or_else(|| {
            Error::Config(format!(
                "neither RestoreSession {session_ns}/{} spec.dataSource.encryptionSecret nor Repository {namespace}/{} spec.encryptionSecret is set",
                meta_name(session),
                meta_name(&repository)
            ))
        })?;
    let password = password(client, secret, &session_ns).await?;
    Ok(Target {
        snapshot,
        namespace,
        object,
        component_path: path,
        location,
        password,
    })
}

/// The restic snapshot ids of `component` in `snapshot`
/// (`status.components[C].resticStats[].summary.id`); none is an error.
pub fn restic_ids(snapshot: &Snapshot, component: &str) -> Result<Vec<String>, Error> {
    let ids: Vec<String> = snapshot
        .status
        .as_ref()
        .and_then(|s| s.components.as_ref())
        .and_then(|c| c.get(component))
        .and_then(|c| c.restic_stats.as_ref())
        .into_iter()
        .flatten()
        .filter_map(|s| s.summary.as_ref()?.id.clone())
        .filter(|id| !id.is_empty())
        .collect();
    if ids.is_empty() {
        return Err(Error::Config(format!(
            "Snapshot {} has no restic snapshot id for component `{component}` (status.components.{component}.resticStats[].summary.id)",
            meta_name(snapshot)
        )));
    }
    Ok(ids)
}

/// The time left before `deadline` (`None` when there is none); a deadline in the past is
/// [`Error::Deadline`], naming `what` set it.
pub fn time_left(deadline: Option<&Timestamp>, what: &str) -> Result<Option<Duration>, Error> {
    let Some(deadline) = deadline else {
        return Ok(None);
    };
    let now = Timestamp::now();
    if *deadline <= now {
        let ago = now.duration_since(*deadline).unsigned_abs();
        return Err(Error::Deadline(format!(
            "{what} {deadline} passed {}s ago",
            ago.as_secs()
        )));
    }
    Ok(Some(deadline.duration_since(now).unsigned_abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::{Component, ResticStats, ResticSummary, SnapshotSpec, SnapshotStatus};

    #[test]
    fn component_path_like_upstream() {
        let mut snap = Snapshot::new(
            "s",
            SnapshotSpec {
                session: Some("daily".into()),
                version: Some("v1".into()),
                ..Default::default()
            },
        );
        assert_eq!(component_path(&snap, "dump"), "repository/v1/daily/dump");
        snap.spec.version = None;
        assert_eq!(
            component_path(&snap, "manifest"),
            "repository/v1/daily/manifest"
        );
    }

    #[test]
    fn ids_from_the_components_stats() {
        let mut snap = Snapshot::new("s", SnapshotSpec::default());
        assert!(
            restic_ids(&snap, "dump")
                .unwrap_err()
                .to_string()
                .contains("resticStats")
        );
        let stats = |id: &str| ResticStats {
            summary: Some(ResticSummary {
                id: Some(id.into()),
                ..Default::default()
            }),
            progress: None,
        };
        snap.status = Some(SnapshotStatus {
            components: Some(BTreeMap::from([(
                "dump".to_string(),
                Component {
                    restic_stats: Some(vec![stats("aa"), stats("bb")]),
                    ..Default::default()
                },
            )])),
            ..Default::default()
        });
        assert_eq!(restic_ids(&snap, "dump").unwrap(), ["aa", "bb"]);
    }

    #[test]
    fn deadlines() {
        assert_eq!(time_left(None, "x").unwrap(), None);
        let past = Timestamp::now() - k8s_openapi::jiff::SignedDuration::from_secs(90);
        let err = time_left(Some(&past), "BackupSession demo/b backupDeadline").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("deadline exceeded: BackupSession demo/b backupDeadline"),
            "{err}"
        );
        let future = Timestamp::now() + k8s_openapi::jiff::SignedDuration::from_secs(600);
        let left = time_left(Some(&future), "x").unwrap().unwrap();
        assert!(
            left > Duration::from_secs(590) && left <= Duration::from_secs(600),
            "{left:?}"
        );
    }
}
