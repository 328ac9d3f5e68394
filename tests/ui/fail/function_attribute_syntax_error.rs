//! A syntax error leaves the keys after it unread: not also "missing `image`".
use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup", image "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {
    paths: String,
}

fn main() {}
