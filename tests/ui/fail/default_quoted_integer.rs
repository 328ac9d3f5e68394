//! A number written as a string: the derive says "drop the quotes" on the literal, in the first
//! compile (not a later `From<&str>` type error).
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(default = "300")]
    wait_timeout: u32,
}

fn main() {}
