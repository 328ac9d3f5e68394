//! The versions are not read: one error, not also "the image uses `${DB_VERSION}` but there
//! are no available versions".
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0_${DB_VERSION}", available_versions = "16.4")]
struct VaultBackup {
    wait_timeout: u32,
}

fn main() {}
