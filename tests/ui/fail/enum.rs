use function_core::Function;

#[derive(Function)]
#[function(name = "vault", image = "ghcr.io/kubestash/vault:v0.3.0")]
enum Vault {
    Backup { wait_timeout: u32 },
    Restore { force: bool },
}

fn main() {}
