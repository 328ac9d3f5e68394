//! The name is not read: one error, not also "missing `name`".
use function_core::Function;

const NAME: &str = "vault-backup";

#[derive(Function)]
#[function(name = NAME, image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    wait_timeout: u32,
}

fn main() {}
