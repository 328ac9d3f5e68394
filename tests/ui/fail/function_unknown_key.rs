use function_core::Function;

#[derive(Function)]
#[function(nme = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0", version = "1")]
struct PvcBackup {}

fn main() {}
