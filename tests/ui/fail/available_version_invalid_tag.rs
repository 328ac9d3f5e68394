use function_core::Function;

#[derive(Function)]
#[function(
    name = "postgres-backup",
    image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
    available_versions = ["16.4", "16 beta"]
)]
struct PostgresBackup {}

fn main() {}
