use function_core::Function;

#[derive(Function)]
#[function(name = "vault", image = "ghcr.io/kubestash/vault:v0.3.0")]
union Vault {
    wait_timeout: u32,
    retries: u8,
}

fn main() {}
