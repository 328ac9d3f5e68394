use function_core::Function;

#[derive(Function)]
#[function(name = "pvc-backup")]
struct PvcBackup {}

fn main() {}
