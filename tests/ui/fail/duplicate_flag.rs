use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {
    paths: Vec<String>,
    #[arg(flag = "paths", var = "includePaths")]
    include_paths: Vec<String>,
}

fn main() {}
