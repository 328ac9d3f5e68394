use function_core::Function;

#[derive(Function)]
#[function(
    name = "postgres-backup",
    image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0",
    args = [namespace, 300]
)]
struct PostgresBackup {
    #[arg(builtin)]
    namespace: String,
}

fn main() {}
