// One mistake, one error: the derive fails (a quoted number), and the `addon!` task that names
// the struct adds no "is not a plugin Function".
use function_core::{addon, Function};

/// Backs up a PVC.
#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
pub struct PvcBackup {
    #[arg(default = "300")]
    wait_timeout: u32,
}

addon! {
    pub struct PvcAddon {
        name: "pvc-addon",
        backup_tasks: [{ name: "b", function: PvcBackup }],
    }
}

fn main() {}
