//! A version that is not a string literal: one error, on it.
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0_${DB_VERSION}", available_versions = ["16.4", 17])]
struct VaultBackup {
    wait_timeout: u32,
}

fn main() {}
