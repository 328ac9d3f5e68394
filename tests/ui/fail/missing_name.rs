use function_core::Function;

#[derive(Function)]
#[function(image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {}

fn main() {}
