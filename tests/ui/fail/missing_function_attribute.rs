use function_core::Function;

#[derive(Function)]
struct PvcBackup {
    paths: String,
}

fn main() {}
