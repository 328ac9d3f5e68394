//! Every attribute error is reported in one compile, not only the first.
use function_core::Function;

#[derive(Function)]
#[function(nam = "Vault Backup", image = "ghcr.io/kubestash/vault:v0.3.0_${DB_VERSION}")]
struct VaultBackup {
    #[arg(var = "wait.timeout", default = "3}00")]
    wait_timeout: String,
    #[arg(flag = "wait-timeout", builtin)]
    other: String,
    #[arg(unknown)]
    third: u32,
}

fn main() {}
