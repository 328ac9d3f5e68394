use function_core::{addon, Function};

/// Backs up a PVC.
#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
pub struct PvcBackup {
    /// Enable or disable caching.
    #[arg(default = true)]
    enable_cache: bool,
}

// A syntax error ends the block: not also "missing `name`" for the key it left unread.
addon! {
    pub struct PvcAddon {
        backup_tasks: [{ name: "b", function: PvcBackup }]
        name: "pvc-addon",
    }
}

fn main() {}
