//! From a BackupStorage (and its Secret) to what restic needs: `RESTIC_REPOSITORY`, the
//! backend's credentials as environment, and the files some of them must be (a CA
//! certificate, a Google service-account key).
//!
//! Pure: the Secret's data is passed in, nothing is read or written here. The runtime writes
//! [`Location::files`] under the scratch directory before it runs restic.
//!
//! ```
//! use function_runtime::backend::{Location, location};
//! use function_runtime::resources::{Backend, LocalSpec};
//!
//! let storage = Backend {
//!     local: Some(LocalSpec { mount_path: Some("/backup".into()), sub_path: None }),
//!     ..Default::default()
//! };
//! let loc = location(&storage, &Default::default(), "demo/pvc", "repository/v1/daily/dump").unwrap();
//! assert_eq!(loc.repository, "/backup/demo/pvc/repository/v1/daily/dump");
//! ```

use std::collections::BTreeMap;

use crate::Error;
use crate::resources::Backend;

/// Where a component's restic repository is and how to reach it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// `RESTIC_REPOSITORY`: a path, `s3:<endpoint>/<bucket>/<prefix>/<dir>`,
    /// `gs:<bucket>:/<prefix>/<dir>` or `azure:<container>:/<prefix>/<dir>`.
    pub repository: String,
    /// The backend's kind: `local`, `s3`, `gcs` or `azure`.
    pub provider: &'static str,
    /// Environment for restic (credentials, region), names as restic reads them.
    pub env: Vec<(String, String)>,
    /// Files to write under the scratch directory (name, content), and the variable or flag
    /// that points at each: see [`FileUse`].
    pub files: Vec<(String, Vec<u8>, FileUse)>,
    /// Extra global flags for restic (e.g. `--insecure-tls`).
    pub flags: Vec<String>,
}

/// How restic is told about a file of [`Location::files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileUse {
    /// `--cacert FILE`.
    CaCert,
    /// `GOOGLE_APPLICATION_CREDENTIALS=FILE`.
    GoogleCredentials,
}

fn join(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim_matches('/');
        if part.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part);
    }
    out
}

fn secret_str(
    secret: &BTreeMap<String, Vec<u8>>,
    key: &str,
    what: &str,
) -> Result<Option<String>, Error> {
    match secret.get(key) {
        None => Ok(None),
        Some(v) => String::from_utf8(v.clone())
            .map(|s| Some(s.trim_end_matches(['\n', '\r']).to_string()))
            .map_err(|_| Error::Config(format!("key `{key}` of {what} is not UTF-8"))),
    }
}

/// The repository of one component: `storage` (a BackupStorage's `spec.storage`), `secret`
/// (the data of its `secretName` Secret, empty when it has none), the Repository's
/// `spec.path` and the component path.
pub fn location(
    storage: &Backend,
    secret: &BTreeMap<String, Vec<u8>>,
    repo_path: &str,
    component_path: &str,
) -> Result<Location, Error> {
    let dir = join(&[repo_path, component_path]);
    let mut loc = Location::default();
    let what = "the BackupStorage's Secret";
    if let Some(local) = &storage.local {
        let mount = local.mount_path.as_deref().unwrap_or_default();
        if mount.is_empty() {
            return Err(Error::Config(
                "BackupStorage spec.storage.local.mountPath is empty".into(),
            ));
        }
        loc.provider = "local";
        loc.repository = format!("/{}", join(&[mount, &dir]));
    } else if let Some(s3) = &storage.s3 {
        let bucket = s3.bucket.as_deref().unwrap_or_default();
        if bucket.is_empty() {
            return Err(Error::Config(
                "BackupStorage spec.storage.s3.bucket is empty".into(),
            ));
        }
        let endpoint = s3
            .endpoint
            .as_deref()
            .filter(|e| !e.is_empty())
            .unwrap_or("s3.amazonaws.com")
            .trim_end_matches('/');
        loc.provider = "s3";
        loc.repository = format!(
            "s3:{endpoint}/{}",
            join(&[bucket, s3.prefix.as_deref().unwrap_or_default(), &dir])
        );
        for key in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
            if let Some(v) = secret_str(secret, key, what)? {
                loc.env.push((key.into(), v));
            }
        }
        if let Some(region) = s3.region.as_deref().filter(|r| !r.is_empty()) {
            loc.env.push(("AWS_DEFAULT_REGION".into(), region.into()));
        }
        if let Some(ca) = secret.get("CA_CERT_DATA") {
            loc.files
                .push(("ca.crt".into(), ca.clone(), FileUse::CaCert));
        }
        if s3.insecure_tls == Some(true) {
            loc.flags.push("--insecure-tls".into());
        }
    } else if let Some(gcs) = &storage.gcs {
        let bucket = gcs.bucket.as_deref().unwrap_or_default();
        if bucket.is_empty() {
            return Err(Error::Config(
                "BackupStorage spec.storage.gcs.bucket is empty".into(),
            ));
        }
        loc.provider = "gcs";
        loc.repository = format!(
            "gs:{bucket}:/{}",
            join(&[gcs.prefix.as_deref().unwrap_or_default(), &dir])
        );
        if let Some(project) = secret_str(secret, "GOOGLE_PROJECT_ID", what)? {
            loc.env.push(("GOOGLE_PROJECT_ID".into(), project));
        }
        match secret.get("GOOGLE_SERVICE_ACCOUNT_JSON_KEY") {
            Some(key) => loc.files.push((
                "gcs-service-account.json".into(),
                key.clone(),
                FileUse::GoogleCredentials,
            )),
            None => {
                return Err(Error::Config(format!(
                    "{what} has no key `GOOGLE_SERVICE_ACCOUNT_JSON_KEY` (needed by the gcs backend)"
                )));
            }
        }
    } else if let Some(azure) = &storage.azure {
        let container = azure.container.as_deref().unwrap_or_default();
        if container.is_empty() {
            return Err(Error::Config(
                "BackupStorage spec.storage.azure.container is empty".into(),
            ));
        }
        loc.provider = "azure";
        loc.repository = format!(
            "azure:{container}:/{}",
            join(&[azure.prefix.as_deref().unwrap_or_default(), &dir])
        );
        if let Some(account) = azure.storage_account.as_deref().filter(|a| !a.is_empty()) {
            loc.env.push(("AZURE_ACCOUNT_NAME".into(), account.into()));
        }
        match secret_str(secret, "AZURE_ACCOUNT_KEY", what)? {
            Some(key) => loc.env.push(("AZURE_ACCOUNT_KEY".into(), key)),
            None => {
                return Err(Error::Config(format!(
                    "{what} has no key `AZURE_ACCOUNT_KEY` (needed by the azure backend)"
                )));
            }
        }
    } else {
        return Err(Error::Config(
            "BackupStorage spec.storage has none of local, s3, gcs, azure (the backends this runtime supports)"
                .into(),
        ));
    }
    Ok(loc)
}

/// The name of the Secret whose data [`location`] needs, if the backend has one.
pub fn secret_name(storage: &Backend) -> Option<&str> {
    let name = if let Some(s3) = &storage.s3 {
        s3.secret_name.as_deref()
    } else if let Some(gcs) = &storage.gcs {
        gcs.secret_name.as_deref()
    } else if let Some(azure) = &storage.azure {
        azure.secret_name.as_deref()
    } else {
        None
    };
    name.filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::{AzureSpec, GcsSpec, S3Spec};

    fn secret(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn s3_url_region_credentials_and_ca() {
        let storage = Backend {
            s3: Some(S3Spec {
                endpoint: Some("https://minio.local:9000/".into()),
                bucket: Some("bkt".into()),
                prefix: Some("/team/".into()),
                region: Some("us-east-1".into()),
                secret_name: Some("s3-cred".into()),
                insecure_tls: None,
            }),
            ..Default::default()
        };
        assert_eq!(secret_name(&storage), Some("s3-cred"));
        let loc = location(
            &storage,
            &secret(&[
                ("AWS_ACCESS_KEY_ID", "AK"),
                ("AWS_SECRET_ACCESS_KEY", "SK\n"),
                ("CA_CERT_DATA", "PEM"),
            ]),
            "demo/app",
            "repository/v1/daily/dump",
        )
        .unwrap();
        assert_eq!(
            loc.repository,
            "s3:https://minio.local:9000/bkt/team/demo/app/repository/v1/daily/dump"
        );
        assert_eq!(
            loc.env,
            [
                ("AWS_ACCESS_KEY_ID".to_string(), "AK".to_string()),
                ("AWS_SECRET_ACCESS_KEY".into(), "SK".into()),
                ("AWS_DEFAULT_REGION".into(), "us-east-1".into()),
            ]
        );
        assert_eq!(
            loc.files,
            [("ca.crt".to_string(), b"PEM".to_vec(), FileUse::CaCert)]
        );
    }

    #[test]
    fn s3_without_endpoint_is_aws() {
        let storage = Backend {
            s3: Some(S3Spec {
                bucket: Some("b".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let loc = location(&storage, &BTreeMap::new(), "r", "c").unwrap();
        assert_eq!(loc.repository, "s3:s3.amazonaws.com/b/r/c");
        assert!(loc.env.is_empty());
    }

    #[test]
    fn gcs_and_azure() {
        let gcs = Backend {
            gcs: Some(GcsSpec {
                bucket: Some("g".into()),
                prefix: Some("p".into()),
                secret_name: Some("s".into()),
            }),
            ..Default::default()
        };
        let loc = location(
            &gcs,
            &secret(&[
                ("GOOGLE_PROJECT_ID", "proj"),
                ("GOOGLE_SERVICE_ACCOUNT_JSON_KEY", "{}"),
            ]),
            "r",
            "c",
        )
        .unwrap();
        assert_eq!(loc.repository, "gs:g:/p/r/c");
        assert_eq!(
            loc.env,
            [("GOOGLE_PROJECT_ID".to_string(), "proj".to_string())]
        );
        assert_eq!(loc.files[0].2, FileUse::GoogleCredentials);
        let err = location(&gcs, &BTreeMap::new(), "r", "c").unwrap_err();
        assert!(
            err.to_string().contains("GOOGLE_SERVICE_ACCOUNT_JSON_KEY"),
            "{err}"
        );

        let azure = Backend {
            azure: Some(AzureSpec {
                storage_account: Some("acct".into()),
                container: Some("box".into()),
                prefix: None,
                secret_name: Some("s".into()),
            }),
            ..Default::default()
        };
        let loc = location(&azure, &secret(&[("AZURE_ACCOUNT_KEY", "k")]), "r", "c").unwrap();
        assert_eq!(loc.repository, "azure:box:/r/c");
        assert_eq!(
            loc.env,
            [
                ("AZURE_ACCOUNT_NAME".to_string(), "acct".to_string()),
                ("AZURE_ACCOUNT_KEY".into(), "k".into())
            ]
        );
    }

    #[test]
    fn no_backend_is_an_error_naming_the_field() {
        let err = location(&Backend::default(), &BTreeMap::new(), "r", "c").unwrap_err();
        assert!(err.to_string().contains("spec.storage"), "{err}");
    }
}
