//! The generated code uses absolute paths and leaks no names: the user's own `Vec`, `Result`,
//! `From`, `value`, `args` and a `core` module do not disturb it.
#![allow(non_upper_case_globals, dead_code)]

use function_core::{Function, PluginFunction};

struct Vec;
type Result<T> = std::result::Result<T, ()>;
trait From {}
mod core {}
const value: u32 = 7;
const args: u32 = 8;

#[derive(Function)]
#[function(name = "hygiene", image = "example.com/hygiene:v1")]
struct Hygiene {
    #[arg(default = value)]
    first: u32,
    #[arg(default = args + value)]
    second: u32,
}

fn check() -> Result<()> {
    Ok(())
}

fn main() {
    let _ = (Vec, check());
    assert_eq!(
        Hygiene::args_template(),
        ["--first=${first:=7}", "--second=${second:=15}"]
    );
}
