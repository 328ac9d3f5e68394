use function_core::Function;
use function_core::k8s::api::core::v1::ContainerPort;

#[derive(Function)]
#[function(
    name = "postgres-backup",
    image = "ghcr.io/kubedb/postgres-restic-plugin:v0.30.0",
    ports = ContainerPort { container_port: 5432, ..Default::default() }
)]
struct PostgresBackup {}

fn main() {}
