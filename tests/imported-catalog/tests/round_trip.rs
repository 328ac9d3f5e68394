//! The round-trip law of `function-codegen` over the 16 reference objects of the KubeStash
//! catalog: importing them gives the committed golden (an insta snapshot, which this crate
//! compiles), the golden is stable under rustfmt, and the compiled catalog's manifests are the
//! objects imported, compared as typed objects and as JSON after Go's `omitempty`.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use function_codegen::Options;
use function_core::yaml::{self, Object};
use kubestash_fn_tests::{catalog_files, go_omitempty};

fn documents() -> Vec<yaml::Document> {
    let parsed = yaml::from_paths(catalog_files(), &yaml::Options::strict())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.documents.len(), 16);
    parsed.documents
}

fn generated() -> String {
    let options = Options::default().catalog_name(imported_catalog::CHART_NAME);
    function_codegen::generate(&documents(), &options)
        .unwrap_or_else(|e| panic!("{e}"))
        .source
}

#[test]
fn the_import_is_the_committed_golden() {
    insta::assert_snapshot!("kubestash_catalog", generated());
}

#[test]
fn the_golden_is_stable_under_rustfmt() {
    let source = generated();
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
    let formatted = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        formatted == source,
        "rustfmt changes the generated source:\n{}",
        diff(&source, &formatted)
    );
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

#[test]
fn the_compiled_golden_gives_the_objects_back() {
    let catalog = imported_catalog::catalog();
    catalog.check().unwrap_or_else(|e| panic!("{e}"));
    let key = |o: &Object| (o.kind(), o.name().to_owned());
    let compiled: BTreeMap<_, Object> = catalog
        .objects()
        .into_iter()
        .map(|o| (key(&o), o))
        .collect();
    let original: BTreeMap<_, (Object, serde_json::Value)> = catalog_files()
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("a fixture");
            let docs = yaml::from_str(&text, &file.display().to_string())
                .unwrap_or_else(|e| panic!("{e}"));
            let object = docs.into_iter().next().expect("one object").object;
            let mut json: serde_json::Value =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
            go_omitempty(&mut json);
            (key(&object), (object, json))
        })
        .collect();
    assert_eq!(
        compiled.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>(),
        "the same 16 objects"
    );
    for (k, (object, json)) in &original {
        let back = &compiled[k];
        assert_eq!(back, object, "{k:?}: the typed objects differ");
        let mut back_json = serde_json::to_value(back).expect("JSON");
        go_omitempty(&mut back_json);
        assert_eq!(
            &back_json, json,
            "{k:?}: the JSON differs after Go's omitempty"
        );
    }
}
