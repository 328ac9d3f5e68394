use function_core::Function;

#[derive(Function)]
#[function(name = "vault-restore", image = "ghcr.io/kubestash/vault:v0.3.0")]
struct VaultRestore {
    #[arg(default = "/kubestash-interim", op = "")]
    interim_data_dir: String,
}

fn main() {}
