//! The goldens of the importer: what it writes for the 16 objects of the reference KubeStash
//! catalog, for the edge cases of `tests/fixtures/codegen/edge`, and for a Function and an Addon
//! whose typed values set every field of every type they hold; each stable under rustfmt.
//!
//! The snapshots are compiled by `tests/imported-catalog` (its build script extracts them),
//! whose tests check that the compiled catalogs give the objects back. They live here so that
//! a change to the generator can be reviewed (`cargo insta review`) even when the old goldens
//! no longer compile.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use function_codegen::Options;
use function_core::yaml;
use kubestash_fn_tests::{catalog_files, edge_files, every_field_objects};

fn generated(documents: &[yaml::Document], name: &str) -> String {
    let source = function_codegen::generate(documents, &Options::default().catalog_name(name))
        .unwrap_or_else(|e| panic!("{e}"))
        .source;
    let formatted = rustfmt(&source);
    assert!(
        formatted == source,
        "rustfmt changes the generated source of {name}:\n{}",
        diff(&source, &formatted)
    );
    source
}

fn from_files(files: &[PathBuf], name: &str) -> String {
    let parsed =
        yaml::from_paths(files, &yaml::Options::strict()).unwrap_or_else(|e| panic!("{e}"));
    generated(&parsed.documents, name)
}

#[test]
fn kubestash_catalog() {
    assert_eq!(catalog_files().len(), 16);
    insta::assert_snapshot!(from_files(&catalog_files(), "kubestash-catalog"));
}

#[test]
fn edge_cases() {
    insta::assert_snapshot!(from_files(&edge_files(), "edge-cases"));
}

#[test]
fn every_field() {
    let objects = every_field_objects();
    // Every field is set, as far as the JSON shows.
    let json = serde_json::to_string(&objects).expect("JSON");
    assert!(
        json.contains("\"seLinuxOptions\"") && json.contains("\"scaleIO\""),
        "{json}"
    );
    let documents: Vec<yaml::Document> = objects
        .into_iter()
        .enumerate()
        .map(|(index, object)| yaml::Document {
            object,
            source_name: "every-field".into(),
            index,
            position: yaml::Position::START,
        })
        .collect();
    insta::assert_snapshot!(generated(&documents, "every-field"));
}

fn rustfmt(source: &str) -> String {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("rustfmt runs (it comes with the toolchain: `rustup component add rustfmt`)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(source.as_bytes())
        .expect("rustfmt reads the source");
    let out = child.wait_with_output().expect("rustfmt finishes");
    assert!(
        out.status.success(),
        "rustfmt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The lines that differ, for the failure message.
fn diff(a: &str, b: &str) -> String {
    a.lines()
        .zip(b.lines())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .take(10)
        .map(|(i, (x, y))| format!("line {}:\n- {x}\n+ {y}", i + 1))
        .collect::<Vec<_>>()
        .join("\n")
}
