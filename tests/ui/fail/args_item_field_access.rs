use function_core::Function;

#[derive(Function)]
#[function(
    name = "postgres-backup",
    image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0",
    args = [self.namespace]
)]
struct PostgresBackup {
    #[arg(builtin)]
    namespace: String,
}

fn main() {}
