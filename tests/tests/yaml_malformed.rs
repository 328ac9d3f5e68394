//! Malformed inputs (`fixtures/malformed/`): each gives one error, at the right line and column,
//! with the path of the offending field where there is one. The full messages are insta
//! snapshots (`snapshots/yaml_malformed__*.snap`).

use function_core::yaml::{self, ErrorKind, Options};
use kubestash_fn_tests::fixtures;

/// Reads `fixtures/malformed/<name>` (named `malformed/<name>` in messages) and returns the
/// error it must give.
fn error_of(name: &str) -> yaml::Error {
    let bytes =
        std::fs::read(fixtures().join("malformed").join(name)).expect("fixture is readable");
    match yaml::from_slice(&bytes, &format!("malformed/{name}"), &Options::strict()) {
        Ok(parsed) => panic!("{name}: read without error: {:?}", parsed.documents),
        Err(e) => e,
    }
}

/// Checks position and path, and snapshots the displayed error.
fn check(name: &str, line: u32, column: u32, path: Option<&str>) -> yaml::Error {
    let e = error_of(name);
    assert_eq!(
        (e.line(), e.column()),
        (Some(line), Some(column)),
        "{name}: wrong position in `{e}`"
    );
    assert_eq!(e.path(), path, "{name}: wrong path in `{e}`");
    assert_eq!(e.source_name(), format!("malformed/{name}"));
    assert!(
        !e.to_string().contains('\n'),
        "{name}: the error is one line"
    );
    let snapshot = name.trim_end_matches(".yaml");
    insta::assert_snapshot!(snapshot, e.to_string());
    e
}

#[test]
fn bad_indentation() {
    let e = check("bad-indentation.yaml", 7, 8, None);
    assert!(matches!(e.kind(), ErrorKind::Syntax(m) if m.contains("indentation")));
}

#[test]
fn tab_as_indentation() {
    let e = check("tab.yaml", 6, 1, None);
    assert!(matches!(e.kind(), ErrorKind::Syntax(m) if m.contains("tabs")));
}

#[test]
fn unknown_kind() {
    let e = check("unknown-kind.yaml", 2, 7, Some("kind"));
    assert!(matches!(e.kind(), ErrorKind::UnknownKind(k) if k == "Functoin"));
}

#[test]
fn wrong_api_version() {
    let e = check("wrong-api-version.yaml", 1, 13, Some("apiVersion"));
    assert!(
        matches!(e.kind(), ErrorKind::WrongApiVersion { found, .. } if found == "addons.kubestash.com/v1beta1")
    );
}

#[test]
fn unknown_field_at_top_level() {
    let e = check("unknown-field-top.yaml", 5, 1, Some("labels"));
    assert!(matches!(e.kind(), ErrorKind::UnknownField { field, .. } if field == "labels"));
}

#[test]
fn unknown_field_inside_a_kubernetes_type() {
    let e = check(
        "unknown-field-nested.yaml",
        9,
        5,
        Some("spec.volumeMounts[0].mountPth"),
    );
    assert!(
        matches!(e.kind(), ErrorKind::UnknownField { field, expected }
        if field == "mountPth" && expected.contains(&"mountPath"))
    );
    assert!(e.message().contains("did you mean \"mountPath\""));
}

#[test]
fn wrong_enum_variant() {
    let e = check(
        "wrong-enum.yaml",
        12,
        13,
        Some("spec.backupTasks[1].driver"),
    );
    assert_eq!(
        e.message(),
        "unknown variant \"Restik\", expected one of Restic, WalG, Medusa, VolumeSnapshotter, \
         Solr, ClickHouseBackup, Neo4jAdmin"
    );
}

#[test]
fn list_where_a_string_belongs() {
    let e = check("list-for-string.yaml", 7, 5, Some("spec.image"));
    assert_eq!(e.message(), "invalid type: expected a string, found a list");
}

#[test]
fn number_where_a_string_belongs() {
    let e = check(
        "number-for-string.yaml",
        10,
        16,
        Some("spec.backupTasks[0].parameters[0].default"),
    );
    assert!(e.message().contains("quote the value"));
}

#[test]
fn empty_file() {
    let e = check("empty.yaml", 1, 1, None);
    assert!(matches!(e.kind(), ErrorKind::NoDocuments));
}

#[test]
fn binary_file() {
    let e = check("binary.yaml", 1, 2, None);
    assert!(matches!(e.kind(), ErrorKind::InvalidUtf8));
}

#[test]
fn nul_byte_in_text() {
    let e = check("nul-byte.yaml", 3, 11, None);
    assert!(matches!(e.kind(), ErrorKind::NulByte));
}

#[test]
fn scalar_document() {
    let e = check("scalar.yaml", 1, 1, None);
    assert!(
        matches!(e.kind(), ErrorKind::NotAMapping(found) if found == "string \"just a string\"")
    );
}

#[test]
fn list_document_after_a_good_one() {
    let e = check("list-document.yaml", 8, 1, None);
    assert!(matches!(e.kind(), ErrorKind::NotAMapping(found) if found == "a list"));
}

#[test]
fn duplicate_keys() {
    let e = check("duplicate-keys.yaml", 5, 3, None);
    assert!(matches!(e.kind(), ErrorKind::DuplicateKey { key, first }
        if key == "name" && (first.line, first.column) == (4, 3)));
}

#[test]
fn lenient_mode_turns_unknown_fields_into_warnings() {
    let path = fixtures().join("malformed/unknown-field-nested.yaml");
    let parsed =
        yaml::from_path_with_options(&path, &Options::lenient()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parsed.warnings.len(), 2);
    let w = &parsed.warnings[0];
    assert_eq!(
        (w.line(), w.column(), w.path()),
        (9, 5, "spec.volumeMounts[0].mountPth")
    );
    // Dropped, the misspelt field leaves the required `mountPath` missing: a warning too.
    let w = &parsed.warnings[1];
    assert_eq!(
        (w.line(), w.column(), w.path(), w.message()),
        (
            8,
            5,
            "spec.volumeMounts[0].mountPath",
            "missing required field \"mountPath\""
        )
    );
    let f = parsed.documents[0]
        .object
        .as_function()
        .expect("a Function");
    assert_eq!(f.spec.volume_mounts[0].name, "data");
    assert_eq!(f.spec.volume_mounts[0].mount_path, "");
}

/// A field the CRD requires inside an embedded Kubernetes type, which k8s-openapi's reader
/// would default: an error at the mapping that lacks it, with the path the API server reports
/// (`spec.runtimeSettings.env[0].valueFrom.secretKeyRef.key: Required value`, checked against
/// kube-apiserver by scripts/e2e.sh).
#[test]
fn a_missing_required_field_is_an_error() {
    let e = yaml::from_path(fixtures().join("e2e/missing-required.yaml")).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::MissingField(f) if f == "key"),
        "{e}"
    );
    assert_eq!(
        (e.line(), e.column(), e.path()),
        (
            Some(14),
            Some(11),
            Some("spec.runtimeSettings.env[0].valueFrom.secretKeyRef.key")
        )
    );
    // `null` is absent, as the operator and server-side apply read it.
    let text = std::fs::read_to_string(fixtures().join("e2e/missing-required.yaml"))
        .expect("readable")
        .replace(
            "name: credentials",
            "name: credentials\n          key: null",
        );
    let e = yaml::from_str(&text, "null-key.yaml").unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::MissingField(f) if f == "key"),
        "{e}"
    );
    // With the key, it reads.
    let text = text.replace("key: null", "key: password");
    yaml::from_str(&text, "key.yaml").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_malformed_fixture_is_covered() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("malformed"))
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in &names {
        // Every fixture fails; the tests above pin the position of each.
        let e = error_of(name);
        assert!(e.position().is_some(), "{name}: {e}");
    }
    assert_eq!(names.len(), 15);
}

#[test]
fn errors_deep_in_embedded_kubernetes_types_have_paths() {
    let text = "\
apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: demo
  labels:
    app.kubernetes.io/name: [x]
spec:
  runtimeSettings:
    securityContext:
      runAsUser: root
";
    let e = yaml::from_str(text, "t.yaml").unwrap_err();
    assert_eq!(
        e.path(),
        Some("metadata.labels[\"app.kubernetes.io/name\"]")
    );
    assert_eq!((e.line(), e.column()), (Some(6), Some(29)));

    let text = text.replace("    app.kubernetes.io/name: [x]\n", "    app: x\n");
    let e = yaml::from_str(&text, "t.yaml").unwrap_err();
    assert_eq!(
        e.path(),
        Some("spec.runtimeSettings.securityContext.runAsUser")
    );
    assert_eq!((e.line(), e.column()), (Some(10), Some(18)));
    assert_eq!(
        e.message(),
        "invalid type: expected an integer (i64), found string \"root\""
    );
}

#[test]
fn missing_and_null_fields() {
    let head = "apiVersion: addons.kubestash.com/v1alpha1\nkind: Function\n";
    // A document without `spec` is accepted by Go (zero value) but our type requires it.
    let e = yaml::from_str(&format!("{head}metadata:\n  name: x\n"), "t.yaml").unwrap_err();
    assert_eq!(e.message(), "missing field \"spec\"");
    assert_eq!((e.line(), e.column()), (Some(1), Some(1)));
    // `null` counts as absent, as in Go.
    let docs = yaml::from_str(
        &format!("{head}metadata:\n  name: x\nspec:\n  image:\n  args: ~\n"),
        "t.yaml",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        docs[0].object.as_function().map(|f| f.spec.image.as_str()),
        Some("")
    );
    // A missing kind names the document.
    let e = yaml::from_str("apiVersion: v1\nmetadata: {}\n", "t.yaml").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::MissingTypeField("kind")));
}

#[test]
fn only_empty_documents_is_no_documents() {
    for text in ["---\n---\n", "# just a comment\n", "---\n...\n", "\n\n"] {
        let e = yaml::from_str(text, "t.yaml").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NoDocuments), "{text:?}: {e}");
        assert_eq!((e.line(), e.column()), (Some(1), Some(1)));
    }
}

#[test]
fn byte_order_mark_and_crlf_do_not_move_positions() {
    let text =
        std::fs::read_to_string(fixtures().join("malformed/wrong-enum.yaml")).expect("readable");
    for variant in [format!("\u{feff}{text}"), text.replace('\n', "\r\n")] {
        let e = yaml::from_str(&variant, "t.yaml").unwrap_err();
        assert_eq!((e.line(), e.column()), (Some(12), Some(13)), "{e}");
        assert_eq!(e.path(), Some("spec.backupTasks[1].driver"));
    }
}

#[test]
fn fields_of_the_other_kind_are_unknown() {
    let text = "\
apiVersion: addons.kubestash.com/v1alpha1
kind: Function
metadata:
  name: demo
spec:
  backupTasks: []
";
    let e = yaml::from_str(text, "t.yaml").unwrap_err();
    assert_eq!(
        (e.line(), e.column(), e.path()),
        (Some(6), Some(3), Some("spec.backupTasks"))
    );
    assert!(
        e.message()
            .starts_with("unknown field \"backupTasks\", expected one of image, command, args")
    );
}
