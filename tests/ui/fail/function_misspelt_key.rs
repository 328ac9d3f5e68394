//! A misspelt required key: "did you mean `name`?", and not also "missing `name`".
use function_core::Function;

#[derive(Function)]
#[function(nme = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0")]
struct PvcBackup {}

fn main() {}
