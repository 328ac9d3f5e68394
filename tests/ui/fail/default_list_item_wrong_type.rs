//! A list item of the wrong type is reported on the item.
use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {
    #[arg(default = ["/data", 2])]
    paths: Vec<String>,
}

fn main() {}
