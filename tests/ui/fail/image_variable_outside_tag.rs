use function_core::Function;

#[derive(Function)]
#[function(name = "postgres-backup", image = "ghcr.io/${ORG}/postgres-restic-plugin:v1")]
struct PostgresBackup {}

fn main() {}
