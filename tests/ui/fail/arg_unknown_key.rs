use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {
    #[arg(defualt = 300)]
    wait_timeout: u32,
    #[arg(required)]
    paths: String,
}

fn main() {}
