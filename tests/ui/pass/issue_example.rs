use function_core::{Function, PluginFunction};

/// Back up a PostgreSQL database with pg_dump.
#[derive(Function)]
#[function(name = "postgres-backup",
           image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0_${DB_VERSION}",
           available_versions = ["12.17", "14.10", "16.4"],
           subcommand = "backup")]
pub struct PostgresBackup {
    #[arg(builtin)]                    // --namespace=${namespace:=default}
    namespace: String,
    #[arg(builtin, flag = "backupsession", var = "backupSession")]
    backup_session: String,
    /// Enable or disable caching.
    #[arg(default = true)]
    enable_cache: bool,                // --enable-cache=${enableCache:=true}
    #[arg(default = 300)]
    wait_timeout: u32,                 // --wait-timeout=${waitTimeout:=300}
    #[arg(flag = "pg-args", var = "args")]
    pg_args: Option<String>,           // --pg-args=${args:=}
}

fn main() {
    let backup = PostgresBackup::from_args(["backup"]).unwrap();
    assert_eq!(backup.namespace, "default");
    assert!(backup.backup_session.is_empty() && backup.enable_cache);
    assert_eq!((backup.wait_timeout, backup.pg_args), (300, None));
    assert_eq!(PostgresBackup::manifest().spec.args.len(), 6);
}
