use function_core::Function;

struct Timeout(u32);

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    wait_timeout: Timeout,
}

fn main() {}
