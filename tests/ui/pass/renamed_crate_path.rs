//! `#[function(crate = "...")]` points the generated code at function_core under another path.
mod reexports {
    pub use ::function_core as core_alias;
}

use reexports::core_alias::PluginFunction;

#[derive(reexports::core_alias::Function)]
#[function(name = "pvc-backup", image = "ghcr.io/kubestash/pvc:v0.28.0",
           crate = "crate::reexports::core_alias")]
struct PvcBackup {
    paths: Vec<String>,
}

fn main() {
    assert_eq!(PvcBackup::args_template(), ["--paths=${paths:=}"]);
    let parsed = PvcBackup::from_args(["--paths=/a"]).unwrap();
    assert_eq!(parsed.paths, ["/a"]);
}
