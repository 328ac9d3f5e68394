use function_core::Function;

#[derive(Function)]
#[function(
    name = "postgres-backup",
    image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0",
    args = [namespace, "--verbose"]
)]
struct PostgresBackup {
    #[arg(builtin)]
    namespace: String,
    #[arg(default = 300)]
    wait_timeout: u32,
}

fn main() {}
