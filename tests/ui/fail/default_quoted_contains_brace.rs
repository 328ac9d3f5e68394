//! A quoted number that also holds `}`: one error (drop the quotes), not also the check of the text.
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(default = "3}00")]
    wait_timeout: u32,
}

fn main() {}
