use function_core::Function;

#[derive(Function)]
#[function(name = "postgres-backup", image = "ghcr.io/KubeDB/postgres restic:v1")]
struct PostgresBackup {}

fn main() {}
