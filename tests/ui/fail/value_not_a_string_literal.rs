use function_core::Function;

const NAME: &str = "vault-backup";

#[derive(Function)]
#[function(name = NAME, image = "ghcr.io/kubestash/vault:v0.3.0", available_versions = "16.4")]
struct VaultBackup {
    #[arg(flag = wait_timeout)]
    wait_timeout: u32,
}

fn main() {}
