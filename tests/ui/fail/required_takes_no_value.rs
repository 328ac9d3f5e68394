use function_core::Function;

#[derive(Function)]
#[function(name = "postgres-backup", image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0")]
struct PostgresBackup {
    #[arg(builtin, required = true, flag = "backupsession")]
    backup_session: String,
}

fn main() {}
