//! The reference catalog (16 objects) through `function_core::yaml`: read strictly, written
//! canonically, read again, with nothing lost.

use std::fs;

use function_core::yaml::{self, Object};
use kubestash_fn_tests::catalog_files;
use serde_json::Value;

fn read(path: &std::path::Path) -> (String, Object) {
    let text = fs::read_to_string(path).expect("fixture is readable");
    let parsed =
        yaml::from_str_with_options(&text, &path.display().to_string(), &yaml::Options::strict())
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert_eq!(
        parsed.documents.len(),
        1,
        "{}: one object per file",
        path.display()
    );
    let object = parsed.documents.into_iter().next().map(|d| d.object);
    (text, object.expect("one object"))
}

#[test]
fn catalog_holds_12_functions_and_4_addons() {
    let files = catalog_files();
    assert_eq!(files.len(), 16);
    let objects: Vec<Object> = files.iter().map(|f| read(f).1).collect();
    let functions = objects.iter().filter(|o| o.as_function().is_some()).count();
    let addons = objects.iter().filter(|o| o.as_addon().is_some()).count();
    assert_eq!((functions, addons), (12, 4));
    for (file, object) in files.iter().zip(&objects) {
        // Each file is named after its object (`pvc-backup-function.yaml` holds `pvc-backup`).
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        assert_eq!(stem.trim_end_matches("-function"), object.name());
    }
}

/// `fmt` reads each reference object and writes it back: the result, as JSON, equals what Go
/// writes for the same file (the file unmarshalled into upstream's Go types and marshalled again
/// by the oracle, `tests/oracle-go`), byte for byte with sorted keys: Go's own `omitempty`
/// (`required: false`, `default: ""`, `singleton: false` dropped; `resources: {}` and
/// `emptyDir: {}` kept), not an approximation of it.
#[test]
fn round_trip_equals_what_go_writes() {
    let mut oracle = kubestash_fn_tests::oracle::Oracle::start();
    for file in catalog_files() {
        let (text, object) = read(&file);
        let written = yaml::to_string(&object).expect("writes");
        let reread = yaml::from_str(&written, "written.yaml").unwrap_or_else(|e| {
            panic!(
                "{}: canonical output does not read back: {e}\n{written}",
                file.display()
            )
        });
        assert_eq!(reread.len(), 1);
        assert_eq!(
            reread[0].object,
            object,
            "{}: typed objects differ",
            file.display()
        );

        let original: Value = serde_saphyr::from_str(&text).expect("fixture is YAML");
        let kind = original["kind"].as_str().expect("a kind").to_owned();
        let go = oracle.normalise(&kind, &original);
        let after = serde_json::to_value(&reread[0].object).expect("serialises to JSON");
        assert_eq!(
            kubestash_fn_tests::oracle::canonical(&after),
            kubestash_fn_tests::oracle::canonical(&go),
            "{}: what fmt writes (left) differs from what Go writes (right)",
            file.display()
        );
    }
}

#[test]
fn writing_is_idempotent() {
    let mut objects = Vec::new();
    for file in catalog_files() {
        let (_, object) = read(&file);
        let once = yaml::to_string(&object).expect("writes");
        let again = yaml::from_str(&once, "once.yaml").expect("reads back");
        let twice = yaml::to_string(&again[0].object).expect("writes");
        assert_eq!(
            once,
            twice,
            "{}: write(read(write(x))) != write(x)",
            file.display()
        );
        objects.push(object);
    }
    let once = yaml::to_string_all(&objects).expect("writes");
    let again = yaml::from_str(&once, "all.yaml").expect("reads back");
    assert_eq!(again.len(), 16);
    let twice = yaml::to_string_all(again.iter().map(|d| &d.object)).expect("writes");
    assert_eq!(once, twice);
}

#[test]
fn whole_catalog_reads_as_one_multi_document_stream() {
    let mut stream = String::new();
    let mut starts = Vec::new();
    let mut names = Vec::new();
    for file in catalog_files() {
        let text = fs::read_to_string(&file).expect("readable");
        stream.push_str("---\n");
        starts.push(stream.lines().count() + 1);
        stream.push_str(&text);
        if !stream.ends_with('\n') {
            stream.push('\n');
        }
        names.push(read(&file).1.name().to_owned());
    }
    let docs = yaml::from_str(&stream, "catalog.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(docs.len(), 16);
    for (i, doc) in docs.iter().enumerate() {
        assert_eq!(doc.index, i);
        assert_eq!(doc.source_name, "catalog.yaml");
        assert_eq!(doc.object.name(), names[i]);
        assert_eq!(
            doc.position.line as usize, starts[i],
            "document {i} starts after its ---"
        );
        assert_eq!(doc.position.column, 1);
    }
}

#[test]
fn directories_are_read_in_sorted_order() {
    let root = kubestash_fn_tests::fixtures().join("catalog").join("raw");
    let parsed =
        yaml::from_paths([&root], &yaml::Options::default()).unwrap_or_else(|e| panic!("{e}"));
    let sources: Vec<String> = parsed
        .documents
        .iter()
        .map(|d| d.source_name.clone())
        .collect();
    let expected: Vec<String> = catalog_files()
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    assert_eq!(sources, expected);
}

#[test]
fn canonical_form_of_an_addon() {
    let file = kubestash_fn_tests::fixtures().join("catalog/raw/pvc/pvc-addon.yaml");
    let (_, object) = read(&file);
    insta::assert_snapshot!(yaml::to_string(&object).expect("writes"));
}

#[test]
fn canonical_form_of_a_function() {
    let file = kubestash_fn_tests::fixtures().join("catalog/raw/vault/vault-backup-function.yaml");
    let (_, object) = read(&file);
    insta::assert_snapshot!(yaml::to_string(&object).expect("writes"));
}

/// A Function whose runtime settings have no resources: Go writes `resources: {}` (a struct in
/// Go), and so must `fmt`; every field left empty otherwise is dropped alike.
#[test]
fn runtime_settings_round_trip_as_go_writes_them() {
    let text = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\nmetadata:\n  name: f\n\
                spec:\n  image: i\n  args: []\n  workingDir: \"\"\n  runtimeSettings:\n    nice:\n      adjustment: 5\n    env: []\n";
    let docs = yaml::from_str(text, "f.yaml").expect("reads");
    let written = yaml::to_string(&docs[0].object).expect("writes");
    let after: Value = serde_saphyr::from_str(&written).expect("fmt writes YAML");
    let original: Value = serde_saphyr::from_str(text).expect("YAML");
    let go = kubestash_fn_tests::oracle::Oracle::start().normalise("Function", &original);
    assert_eq!(
        go["spec"]["runtimeSettings"]["resources"],
        serde_json::json!({})
    );
    assert_eq!(
        kubestash_fn_tests::oracle::canonical(&after),
        kubestash_fn_tests::oracle::canonical(&go),
        "what fmt writes (left) differs from what Go writes (right):\n{written}"
    );
}
