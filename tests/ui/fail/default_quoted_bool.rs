//! A `bool` written as a string: "drop the quotes", on the literal.
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(default = "true")]
    enable_cache: bool,
}

fn main() {}
