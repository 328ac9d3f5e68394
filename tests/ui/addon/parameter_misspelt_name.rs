use function_core::{addon, Function};

/// Backs up a PVC.
#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
pub struct PvcBackup {
    /// Enable or disable caching.
    #[arg(default = true)]
    enable_cache: bool,
}

// A misspelt `name`: "did you mean `name`?", and not also "missing `name`".
addon! {
    pub struct PvcAddon {
        name: "pvc-addon",
        backup_tasks: [{
            name: "b",
            function: PvcBackup,
            parameters: [{ nme: "enableCache", default: "false" }],
        }],
    }
}

fn main() {}
