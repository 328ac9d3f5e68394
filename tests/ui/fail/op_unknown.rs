use function_core::Function;

#[derive(Function)]
#[function(name = "postgres-backup", image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0")]
struct PostgresBackup {
    #[arg(default = 300, op = ":+")]
    wait_timeout: u32,
}

fn main() {}
