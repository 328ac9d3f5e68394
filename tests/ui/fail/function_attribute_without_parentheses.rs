//! The attribute cannot be read: one error, not also "missing `name`" and "missing `image`".
use function_core::Function;

#[derive(Function)]
#[function = "pvc-backup"]
struct PvcBackup {
    paths: String,
}

fn main() {}
