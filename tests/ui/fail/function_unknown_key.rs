use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", version = "1")]
struct PvcBackup {}

fn main() {}
