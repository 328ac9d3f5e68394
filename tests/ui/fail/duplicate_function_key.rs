use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
#[function(name = "vault-restore")]
struct VaultBackup {
    wait_timeout: u32,
}

fn main() {}
