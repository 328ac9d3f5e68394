use function_core::{Function, PluginFunction};

/// Keys may be spread over several attributes; every `#[function]` key is used.
#[derive(Function)]
#[function(name = "vault-restore")]
#[function(image = "ghcr.io/kubestash/vault:v0.3.0", subcommand = "restore")]
#[function(command = ["/vault-plugin"], working_dir = "/data")]
struct VaultRestore {
    #[arg(default = 300, helm_value = "waitTimeout", usage = "Seconds to wait.")]
    #[arg(flag = "wait-timeout")]
    wait_timeout: u32,
}

fn main() {
    let manifest = VaultRestore::manifest();
    assert_eq!(manifest.spec.command, ["/vault-plugin"]);
    assert_eq!(manifest.spec.working_dir, "/data");
    assert_eq!(VaultRestore::arg_specs()[0].helm_value, Some("waitTimeout"));
    assert_eq!(VaultRestore::parameters()[0].usage, "Seconds to wait.");
}
