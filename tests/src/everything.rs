//! A plugin struct with every kind of field type, and the `FromStr + Display` enum it holds: the
//! one declaration the derive's law tests (`tests/tests/laws.rs`) and the argument parser's fuzz
//! target (`fuzz/fuzz_targets/plugin_args.rs`, which includes this file by path) both run.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use function_core::Function;
use function_core::plugin::FromStrArg;

/// A `FromStr + Display` type, opted in with `FromStrArg`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// `debug`.
    Debug,
    /// `info`.
    Info,
    /// `warn`.
    Warn,
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "debug" => Ok(Level::Debug),
            "info" => Ok(Level::Info),
            "warn" => Ok(Level::Warn),
            other => Err(format!("`{other}` is not one of debug, info, warn")),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
        })
    }
}

impl FromStrArg for Level {}

/// Every kind of field: a built-in, typed defaults of every scalar kind, a path, a char, an
/// enum, options, lists, and a required text.
#[derive(Function, Debug, Clone, PartialEq)]
#[function(
    name = "everything",
    image = "example.com/everything/plugin:v1",
    subcommand = "run"
)]
pub struct Everything {
    /// A built-in (`${namespace:=default}`).
    #[arg(builtin)]
    pub namespace: String,
    /// A `bool` default.
    #[arg(default = true)]
    pub enabled: bool,
    /// An unsigned default.
    #[arg(default = 300)]
    pub count: u32,
    /// A negative default.
    #[arg(default = -5)]
    pub offset: i64,
    /// A float default.
    #[arg(default = 1.5)]
    pub ratio: f64,
    /// A path default.
    #[arg(default = "/kubestash-tmp")]
    pub scratch_dir: PathBuf,
    /// A text default with a space.
    #[arg(default = "hello world")]
    pub greeting: String,
    /// A `char` default.
    #[arg(default = 'x')]
    pub letter: char,
    /// An enum default, written as an expression.
    #[arg(default = Level::Info)]
    pub level: Level,
    /// An optional number.
    pub maybe_number: Option<u16>,
    /// An optional text.
    pub maybe_text: Option<String>,
    /// An optional enum.
    pub maybe_level: Option<Level>,
    /// A list of texts.
    pub items: Vec<String>,
    /// A list of numbers.
    pub numbers: Vec<u8>,
    /// A text with no default.
    pub required_text: String,
}
