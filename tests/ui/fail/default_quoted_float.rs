//! A float written as a string: "drop the quotes", on the literal.
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(default = "1.5")]
    backoff: f64,
}

fn main() {}
