//! Volume templates, volume mounts and volume sources for [`addon!`](crate::addon!) tasks.

use k8s_openapi::api::core::v1::{
    ConfigMapVolumeSource, EmptyDirVolumeSource, HostPathVolumeSource,
    PersistentVolumeClaimVolumeSource, SecretVolumeSource, VolumeMount,
};

use crate::api::{VolumeSource, VolumeTemplate};

/// Builds a [`VolumeTemplate`] field by field (`volume_template: [{ ... }]`).
///
/// ```
/// use function_core::addon::{source, volume};
/// use function_core::api::VolumeTemplate;
///
/// let v: VolumeTemplate = volume().name("tmp").usage("Scratch.").source(source::empty_dir()).into();
/// assert_eq!((v.name.as_str(), v.usage.as_str()), ("tmp", "Scratch."));
/// ```
pub fn volume() -> Volume {
    Volume(VolumeTemplate::default())
}

/// Builds a [`VolumeMount`] field by field (`volume_mounts: [{ ... }]`).
///
/// ```
/// use k8s_openapi::api::core::v1::VolumeMount;
///
/// let m: VolumeMount = function_core::addon::mount().name("tmp").mount_path("/tmp").read_only(true).into();
/// assert_eq!((m.name.as_str(), m.mount_path.as_str(), m.read_only), ("tmp", "/tmp", Some(true)));
/// ```
pub fn mount() -> Mount {
    Mount(VolumeMount::default())
}

/// A [`VolumeTemplate`] being built ([`volume`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume(pub VolumeTemplate);

impl Volume {
    /// Sets the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.0.name = name.into();
        self
    }

    /// Sets the usage.
    pub fn usage(mut self, usage: impl Into<String>) -> Self {
        self.0.usage = usage.into();
        self
    }

    /// Sets the source.
    pub fn source(mut self, source: VolumeSource) -> Self {
        self.0.source = Some(source);
        self
    }
}

impl From<Volume> for VolumeTemplate {
    fn from(v: Volume) -> Self {
        v.0
    }
}

/// A [`VolumeMount`] being built ([`mount`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mount(pub VolumeMount);

impl Mount {
    /// Sets the name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.0.name = name.into();
        self
    }

    /// Sets the mount path.
    pub fn mount_path(mut self, path: impl Into<String>) -> Self {
        self.0.mount_path = path.into();
        self
    }

    /// Sets `readOnly`.
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.0.read_only = Some(read_only);
        self
    }

    /// Sets `subPath`.
    pub fn sub_path(mut self, sub_path: impl Into<String>) -> Self {
        self.0.sub_path = Some(sub_path.into());
        self
    }

    /// Sets `subPathExpr`.
    pub fn sub_path_expr(mut self, expr: impl Into<String>) -> Self {
        self.0.sub_path_expr = Some(expr.into());
        self
    }

    /// Sets `mountPropagation`.
    pub fn mount_propagation(mut self, mode: impl Into<String>) -> Self {
        self.0.mount_propagation = Some(mode.into());
        self
    }

    /// Sets `recursiveReadOnly` (`Disabled`, `IfPossible` or `Enabled`).
    ///
    /// ```
    /// use k8s_openapi::api::core::v1::VolumeMount;
    ///
    /// let m: VolumeMount = function_core::addon::mount().name("d").recursive_read_only("IfPossible").into();
    /// assert_eq!(m.recursive_read_only.as_deref(), Some("IfPossible"));
    /// ```
    pub fn recursive_read_only(mut self, mode: impl Into<String>) -> Self {
        self.0.recursive_read_only = Some(mode.into());
        self
    }
}

impl From<Mount> for VolumeMount {
    fn from(m: Mount) -> Self {
        m.0
    }
}

/// Volume sources for `source:` in [`addon!`](crate::addon!) (in scope there without an
/// import). Any [`VolumeSource`] expression works too.
pub mod source {
    use super::*;

    /// `emptyDir: {}`.
    ///
    /// ```
    /// assert!(function_core::addon::source::empty_dir().empty_dir.is_some());
    /// ```
    pub fn empty_dir() -> VolumeSource {
        VolumeSource {
            empty_dir: Some(EmptyDirVolumeSource::default()),
            ..VolumeSource::default()
        }
    }

    /// `persistentVolumeClaim: {claimName: ...}` (e.g. `${PVC_NAME}`).
    ///
    /// ```
    /// let s = function_core::addon::source::persistent_volume_claim("${PVC_NAME}");
    /// assert_eq!(s.persistent_volume_claim.unwrap().claim_name, "${PVC_NAME}");
    /// ```
    pub fn persistent_volume_claim(claim_name: impl Into<String>) -> VolumeSource {
        VolumeSource {
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: claim_name.into(),
                ..Default::default()
            }),
            ..VolumeSource::default()
        }
    }

    /// `configMap: {name: ...}`.
    ///
    /// ```
    /// let s = function_core::addon::source::config_map("cfg");
    /// assert_eq!(s.config_map.unwrap().name, "cfg");
    /// ```
    pub fn config_map(name: impl Into<String>) -> VolumeSource {
        VolumeSource {
            config_map: Some(ConfigMapVolumeSource {
                name: name.into(),
                ..Default::default()
            }),
            ..VolumeSource::default()
        }
    }

    /// `secret: {secretName: ...}`.
    ///
    /// ```
    /// let s = function_core::addon::source::secret("creds");
    /// assert_eq!(s.secret.unwrap().secret_name.as_deref(), Some("creds"));
    /// ```
    pub fn secret(secret_name: impl Into<String>) -> VolumeSource {
        VolumeSource {
            secret: Some(SecretVolumeSource {
                secret_name: Some(secret_name.into()),
                ..Default::default()
            }),
            ..VolumeSource::default()
        }
    }

    /// `hostPath: {path: ...}`.
    ///
    /// ```
    /// let s = function_core::addon::source::host_path("/var/lib/data");
    /// assert_eq!(s.host_path.unwrap().path, "/var/lib/data");
    /// ```
    pub fn host_path(path: impl Into<String>) -> VolumeSource {
        VolumeSource {
            host_path: Some(HostPathVolumeSource {
                path: path.into(),
                ..Default::default()
            }),
            ..VolumeSource::default()
        }
    }
}
