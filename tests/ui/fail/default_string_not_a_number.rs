//! A string that is no number, for a number: "write a `u8` literal without quotes".
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(default = "soon")]
    retries: u8,
}

fn main() {}
