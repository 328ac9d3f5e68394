//! A plugin binary whose Function uses the container settings (`ports`, `volume_mounts`,
//! `volume_devices`, `runtime_settings`), verbatim arguments and operators, and whose Addon
//! has a volume source written by hand. Built alone (`cargo check -p lean-plugin`),
//! function-core has no `api` feature: the settings, the functions that give them (inside
//! `with_api!`) and the Addon's tasks are left out, and the binary still compiles and parses
//! its arguments.

use function_core::{Function, PluginFunction, addon};

function_core::with_api! {
    use function_core::api::{ContainerRuntimeSettings, NiceSettings, VolumeSource};
    use function_core::k8s::api::core::v1::{
        ContainerPort, NFSVolumeSource, VolumeDevice, VolumeMount,
    };

    fn ports() -> Vec<ContainerPort> {
        vec![ContainerPort { container_port: 3306, ..Default::default() }]
    }

    fn mounts() -> Vec<VolumeMount> {
        vec![VolumeMount { name: "data".into(), mount_path: "/data".into(), ..Default::default() }]
    }

    fn devices() -> Vec<VolumeDevice> {
        vec![VolumeDevice { name: "block".into(), device_path: "/dev/xvda".into() }]
    }

    fn settings() -> ContainerRuntimeSettings {
        ContainerRuntimeSettings {
            nice: Some(NiceSettings { adjustment: Some(5) }),
            ..Default::default()
        }
    }

    fn share() -> VolumeSource {
        VolumeSource {
            nfs: Some(NFSVolumeSource { server: "nfs".into(), path: "/x".into(), ..Default::default() }),
            ..Default::default()
        }
    }
}

/// Backs up a MySQL database.
#[derive(Function, Debug, PartialEq)]
#[function(
    name = "mysql-backup",
    image = "ghcr.io/kubedb/mysql-restic-plugin:v0.12.0",
    subcommand = "backup",
    args = ["--verbose", namespace, wait_timeout],
    ports = ports(),
    volume_mounts = mounts(),
    volume_devices = devices(),
    runtime_settings = settings()
)]
pub struct MysqlBackup {
    /// The namespace.
    #[arg(builtin)]
    pub namespace: String,
    /// Seconds to wait.
    #[arg(default = 300, op = ":-")]
    pub wait_timeout: u32,
}

addon! {
    /// The MySQL Addon.
    pub struct MysqlAddon {
        name: "mysql-addon",
        backup_tasks: [{
            name: "logical-backup",
            function: MysqlBackup,
            volume_template: [{ name: "share", source: share() }],
        }],
    }
}

fn main() {
    match MysqlBackup::from_env() {
        Ok(backup) => println!("{backup:?} ({:?})", MysqlAddon),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
