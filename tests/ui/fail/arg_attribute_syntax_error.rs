//! A syntax error leaves the keys after it unread: not also "`session` is not a variable the
//! operator provides" for the variable it did not read.
use function_core::Function;

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(builtin var = "backupSession")]
    session: String,
}

fn main() {}
