use function_core::Function;

#[derive(Function)]
#[function = "pvc-backup"]
struct PvcBackup {
    #[arg]
    paths: String,
}

fn main() {}
