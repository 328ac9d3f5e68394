//! List defaults written as lists, and `required` arguments: template, parameters and parser.
use std::path::PathBuf;

use function_core::plugin::ArgsError;
use function_core::{Function, PluginFunction};

const LAST: u32 = 3;

#[derive(Function, Debug, PartialEq)]
#[function(name = "pvc-restore", image = "ghcr.io/kubestash/pvc:v0.28.0", subcommand = "restore")]
struct PvcRestore {
    #[arg(builtin, required, flag = "restoresession")]
    restore_session: String,
    /// Paths to restore.
    #[arg(required)]
    paths: Vec<PathBuf>,
    #[arg(default = ["0", "1"])]
    ordinals: Vec<String>,
    #[arg(default = [1, 2, LAST])]
    attempts: Vec<u32>,
    #[arg(default = ["/tmp"])]
    scratch: Vec<PathBuf>,
    #[arg(default = [])]
    exclude: Vec<String>,
}

fn main() {
    assert_eq!(
        PvcRestore::args_template(),
        [
            "restore",
            "--restoresession=${restoreSession:=}",
            "--paths=${paths:=}",
            "--ordinals=${ordinals:=0,1}",
            "--attempts=${attempts:=1,2,3}",
            "--scratch=${scratch:=/tmp}",
            "--exclude=${exclude:=}",
        ]
    );
    let params = PvcRestore::parameters();
    assert_eq!(params[0].name, "paths");
    assert!(params[0].required);
    assert!(params[1..].iter().all(|p| !p.required));

    let r = PvcRestore::from_args(["restore", "--restoresession=r-1", "--paths=/a,/b"]).unwrap();
    assert_eq!(r.paths, [PathBuf::from("/a"), PathBuf::from("/b")]);
    assert_eq!(r.ordinals, ["0", "1"]);
    assert_eq!(r.attempts, [1, 2, 3]);
    assert_eq!(r.scratch, [PathBuf::from("/tmp")]);
    assert!(r.exclude.is_empty());
    assert_eq!(PvcRestore::from_args(r.to_args()).unwrap(), r);

    // What the operator passes when nothing set the variable: the empty value.
    assert_eq!(
        PvcRestore::from_args(["restore", "--restoresession=", "--paths=/a"]).unwrap_err(),
        ArgsError::EmptyValue { flag: "restoresession".into(), var: "restoreSession".into() }
    );
    assert_eq!(
        PvcRestore::from_args(["restore", "--restoresession=r-1", "--paths="]).unwrap_err(),
        ArgsError::EmptyValue { flag: "paths".into(), var: "paths".into() }
    );
    assert!(matches!(
        PvcRestore::from_args(["restore", "--paths=/a"]).unwrap_err(),
        ArgsError::MissingFlag { .. }
    ));
}
