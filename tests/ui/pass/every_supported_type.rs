use std::net::IpAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;

use function_core::plugin::FromStrArg;
use function_core::{Function, PluginFunction};

#[derive(Debug, PartialEq)]
struct Level(String);

impl std::str::FromStr for Level {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Level(s.to_owned()))
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStrArg for Level {}

#[derive(Function, Debug, PartialEq)]
#[function(name = "types", image = "example.com/types:v1")]
struct Types {
    a: String,
    b: bool,
    c: u8,
    d: i128,
    e: f32,
    f: usize,
    g: char,
    h: PathBuf,
    i: Option<u64>,
    j: Vec<PathBuf>,
    k: Option<Level>,
    l: Vec<Level>,
    m: NonZeroU32,
    n: IpAddr,
    r#type: std::option::Option<String>,
    #[arg(default = Level("info".to_owned()))]
    level: Level,
}

fn main() {
    let specs = Types::arg_specs();
    assert_eq!(specs.len(), 16);
    assert_eq!(specs[14].flag, "type");
    assert_eq!(specs[15].default.as_deref(), Some("info"));
}
