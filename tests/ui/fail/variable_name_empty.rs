use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {
    #[arg(var = "")]
    paths: String,
}

fn main() {}
