use function_core::{Function, PluginFunction};

#[derive(Function)]
#[function(name = "noop", image = "busybox:1.36", subcommand = "run")]
struct Noop {}

fn main() {
    assert_eq!(Noop::args_template(), ["run"]);
    assert!(Noop::parameters().is_empty());
    assert!(Noop::from_args(["run"]).is_ok());
}
