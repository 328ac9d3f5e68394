//! A field type that is no `ArgValue`, with a default of that type: still one error, on the
//! type (not one more for the default).
use function_core::Function;

#[derive(Clone, Copy)]
struct Timeout(u32);

#[derive(Function)]
#[function(name = "vault-backup", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultBackup {
    #[arg(default = Timeout(300))]
    wait_timeout: Timeout,
}

fn main() {}
