use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(flag = "--wait-timeout")]
    wait_timeout: u32,
}

fn main() {}
