use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {
    #[arg(default = "0,1")]
    ordinals: Vec<u32>,
}

fn main() {}
