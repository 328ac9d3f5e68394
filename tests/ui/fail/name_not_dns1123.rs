use function_core::Function;

#[derive(Function)]
#[function(name = "Postgres_Backup", image = "ghcr.io/kubedb/postgres:v1")]
struct PostgresBackup {}

fn main() {}
