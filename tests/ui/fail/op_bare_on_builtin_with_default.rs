//! The built-in's own default counts too.
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-restore", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultRestore {
    #[arg(builtin, op = "")]
    namespace: String,
}

fn main() {}
