use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {
    #[arg(default = "/data,/etc")]
    paths: Vec<String>,
}

fn main() {}
