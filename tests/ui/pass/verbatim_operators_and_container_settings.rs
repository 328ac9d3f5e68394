//! Verbatim arguments, every operator, and the container settings, through the manifest.
use function_core::api::{ContainerRuntimeSettings, NiceSettings};
use function_core::{Function, PluginFunction};

function_core::with_api! {
    use function_core::k8s::api::core::v1::{ContainerPort, VolumeDevice, VolumeMount};

    fn ports() -> Vec<ContainerPort> {
        vec![ContainerPort { container_port: 3306, name: Some("mysql".into()), ..Default::default() }]
    }

    fn mounts() -> Vec<VolumeMount> {
        vec![VolumeMount { name: "data".into(), mount_path: "/var/lib/mysql".into(), ..Default::default() }]
    }

    fn devices() -> Vec<VolumeDevice> {
        vec![VolumeDevice { name: "block".into(), device_path: "/dev/xvda".into() }]
    }
}

#[derive(Function, Debug, PartialEq)]
#[function(
    name = "mysql-backup",
    image = "ghcr.io/kubedb/mysql-restic-plugin:v0.12.0",
    subcommand = "backup",
    args = ["--verbose", namespace, "--target=${host}:${port:=3306}", wait_timeout, retries, r#type],
    ports = ports(),
    volume_mounts = mounts(),
    volume_devices = devices(),
    runtime_settings = ContainerRuntimeSettings {
        nice: Some(NiceSettings { adjustment: Some(5) }),
        ..Default::default()
    }
)]
struct MysqlBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(default = 300, op = ":-")]
    wait_timeout: u32,
    #[arg(default = 3, op = "=")]
    retries: u8,
    #[arg(op = "")]
    r#type: String,
}

fn main() {
    let spec = MysqlBackup::manifest().spec;
    assert_eq!(
        spec.args,
        [
            "backup",
            "--verbose",
            "--namespace=${namespace:=default}",
            "--target=${host}:${port:=3306}",
            "--wait-timeout=${waitTimeout:-300}",
            "--retries=${retries=3}",
            "--type=${type}",
        ]
    );
    assert_eq!(spec.ports[0].name.as_deref(), Some("mysql"));
    assert_eq!(spec.volume_mounts[0].mount_path, "/var/lib/mysql");
    assert_eq!(spec.volume_devices[0].device_path, "/dev/xvda");
    assert_eq!(spec.runtime_settings.unwrap().nice.unwrap().adjustment, Some(5));
    let backup = MysqlBackup::from_args(["backup", "--type=full"]).unwrap();
    assert_eq!(backup.r#type, "full");
    assert_eq!(MysqlBackup::from_args(backup.to_args()).unwrap(), backup);
}
