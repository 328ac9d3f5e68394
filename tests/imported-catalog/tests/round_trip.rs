//! The round-trip law of `function-codegen`, over its compiled goldens (the snapshots of
//! `function-codegen/tests/goldens.rs`, which check that they are what it writes today and stable
//! under rustfmt): the compiled catalogs' manifests are the objects imported, compared as typed
//! objects and as JSON against what upstream's Go types write for them (the Go oracle's `normalise`). Over the 16 reference objects of the KubeStash
//! catalog, the edge cases of `tests/fixtures/codegen/edge`, and the every-field objects.

use std::collections::BTreeMap;
use std::path::PathBuf;

use function_core::catalog::Catalog;
use function_core::yaml::{self, Object};
use kubestash_fn_tests::oracle::{Oracle, canonical, without_zero_values_go_drops};
use kubestash_fn_tests::{catalog_files, edge_files, every_field_objects};

/// Every object of `files` comes back from `catalog`, equal as a typed object and, as JSON, to
/// what upstream's Go types write for the original (unmarshalled and marshalled again), and the
/// catalog holds nothing else.
fn gives_back(catalog: &Catalog, files: &[PathBuf]) {
    catalog.check().unwrap_or_else(|e| panic!("{e}"));
    let key = |o: &Object| (o.kind(), o.name().to_owned());
    let compiled: BTreeMap<_, Object> = catalog
        .objects()
        .into_iter()
        .map(|o| (key(&o), o))
        .collect();
    let mut oracle = Oracle::start();
    let mut original = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(file).expect("a fixture");
        let docs =
            yaml::from_str(&text, &file.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        let jsons: Vec<serde_json::Value> = serde_saphyr::from_multiple(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(docs.len(), jsons.len(), "{}", file.display());
        for (doc, json) in docs.into_iter().zip(jsons) {
            let kind = json["kind"].as_str().expect("a kind").to_owned();
            let go = oracle.normalise(&kind, &json);
            original.insert(key(&doc.object), (doc.object, go));
        }
    }
    assert_eq!(
        compiled.keys().collect::<Vec<_>>(),
        original.keys().collect::<Vec<_>>(),
        "the same objects"
    );
    for (k, (object, json)) in &original {
        let back = &compiled[k];
        assert_eq!(back, object, "{k:?}: the typed objects differ");
        // As the project writes it (`fmt`, the chart), read back as JSON.
        let written = yaml::to_string(back).expect("writes");
        let back_json: serde_json::Value = serde_saphyr::from_str(&written).expect("YAML");
        // Equal, but for the documented divergence EmptyStringKept (README): a zero value of an
        // embedded Kubernetes type's optional field, written here, dropped by Go.
        let (back_json, _zero_values) = without_zero_values_go_drops(&back_json, json);
        assert_eq!(
            canonical(&back_json),
            canonical(json),
            "{k:?}: the compiled object as written (left) differs from what Go writes (right)"
        );
    }
}

#[test]
fn the_compiled_kubestash_catalog_gives_the_16_objects_back() {
    assert_eq!(catalog_files().len(), 16);
    gives_back(&imported_catalog::catalog(), &catalog_files());
}

#[test]
fn the_compiled_edge_cases_give_their_objects_back() {
    gives_back(&imported_catalog::edge::catalog(), &edge_files());
}

#[test]
fn a_difference_is_seen() {
    // The comparison is not vacuous: one catalog against the other's objects fails, and so does
    // an object changed by one field.
    let crossed = std::panic::catch_unwind(|| {
        gives_back(&imported_catalog::edge::catalog(), &catalog_files())
    });
    assert!(crossed.is_err());
    let mut catalog = imported_catalog::edge::catalog();
    let mut function = catalog.functions()[0].clone();
    function.spec.args.push("--one-more".into());
    let mut changed = Catalog::new("edge-cases", "0.1.0");
    changed.add_function(function);
    for f in &catalog.functions()[1..] {
        changed.add_function(f.clone());
    }
    for a in catalog.addons() {
        changed.add_addon(a.clone());
    }
    catalog = changed;
    assert!(std::panic::catch_unwind(|| gives_back(&catalog, &edge_files())).is_err());
}

#[test]
fn the_compiled_every_field_catalog_gives_its_objects_back() {
    let catalog = imported_catalog::every_field::catalog();
    catalog.check().unwrap_or_else(|e| panic!("{e}"));
    let back = catalog.objects();
    let objects = every_field_objects();
    assert_eq!(back.len(), objects.len());
    let mut oracle = Oracle::start();
    for object in &objects {
        let found = back
            .iter()
            .find(|b| b.kind() == object.kind() && b.name() == object.name())
            .expect("the object comes back");
        assert_eq!(found, object, "{}", object.name());
        // Every field set, and Go's types read and write each one as the project does.
        let written = yaml::to_string(found).expect("writes");
        let json: serde_json::Value = serde_saphyr::from_str(&written).expect("YAML");
        let kind = json["kind"].as_str().expect("a kind").to_owned();
        assert_eq!(
            canonical(&json),
            canonical(&oracle.normalise(&kind, &json)),
            "{}: the object as the project writes it (left) differs from what Go writes for it (right)",
            object.name()
        );
    }
}
