use function_core::Function;

#[derive(Function)]
#[function(name = "postgres-restore", image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0", args = "--verbose")]
struct PostgresRestore {}

fn main() {}
