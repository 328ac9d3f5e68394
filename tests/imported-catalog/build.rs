//! Compiles the committed goldens of function-codegen: each
//! `function-codegen/tests/snapshots/goldens__<name>.snap` (insta's file: a header between two
//! `---` lines, then the snapshot) becomes `$OUT_DIR/<name>.rs` holding the snapshot alone,
//! which `src/lib.rs` includes. So the code compiled is exactly the code reviewed: a change to
//! the generator changes the snapshots (`cargo test -p function-codegen --test goldens`, then
//! `cargo insta review`), and the next build of this crate compiles the new ones.

use std::path::Path;
use std::{env, fs};

fn main() {
    let snapshots = Path::new("../../function-codegen/tests/snapshots");
    println!("cargo::rerun-if-changed={}", snapshots.display());
    let out = env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["kubestash_catalog", "edge_cases", "every_field"] {
        let file = snapshots.join(format!("goldens__{name}.snap"));
        println!("cargo::rerun-if-changed={}", file.display());
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let body = snapshot_body(&text)
            .unwrap_or_else(|| panic!("{}: not an insta snapshot", file.display()));
        fs::write(Path::new(&out).join(format!("{name}.rs")), body)
            .unwrap_or_else(|e| panic!("cannot write {name}.rs: {e}"));
    }
}

/// The text after insta's header (`---`, the metadata, `---`).
fn snapshot_body(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some(&rest[end + 5..])
}
