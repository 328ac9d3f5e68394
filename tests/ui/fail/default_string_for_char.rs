//! A `char` written as a string: "write a character literal", on the literal.
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(default = ",")]
    separator: char,
}

fn main() {}
