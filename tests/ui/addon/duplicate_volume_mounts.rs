use function_core::{addon, Function};

/// Backs up a PVC.
#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
pub struct PvcBackup {
    /// Enable or disable caching.
    #[arg(default = true)]
    enable_cache: bool,
}

addon! {
    pub struct PvcAddon {
        name: "pvc-addon",
        backup_tasks: [{
            name: "b",
            function: PvcBackup,
            volume_mounts: [{ name: "a", mount_path: "/a" }],
            volume_mounts: [{ name: "b", mount_path: "/b" }],
        }],
    }
}

fn main() {}
