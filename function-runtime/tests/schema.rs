//! The typed resources against the upstream CRDs (`tests/fixtures/crds/`, kubestash/apimachinery
//! @ 0116a4cb): every field path the runtime reads or writes (each field of the typed
//! resources, from the schema `CustomResourceExt::crd()` derives from them) exists in the
//! upstream schema, with the same JSON type, and the same date-time / int32 / int64 format
//! when upstream gives one; group, kind, plural, scope and the status subresource agree too.

use std::path::PathBuf;

use function_runtime::resources::{
    BackupConfiguration, BackupSession, BackupStorage, Repository, RestoreSession, Snapshot,
};
use kube::CustomResourceExt;
use serde_json::Value;

fn upstream(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/crds")
        .join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()))
}

/// Each leaf and inner node of `schema` as (path, type, format): `.a.b`, `[]` for items and
/// `{}` for map values, as in `.status.components{}.resticStats[].summary.id`.
fn paths(schema: &Value, at: &str, out: &mut Vec<(String, Option<String>, Option<String>)>) {
    let ty = schema
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_string);
    let format = schema
        .get("format")
        .and_then(Value::as_str)
        .map(str::to_string);
    out.push((at.to_string(), ty, format));
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            paths(v, &format!("{at}.{k}"), out);
        }
    }
    if let Some(items) = schema.get("items") {
        paths(items, &format!("{at}[]"), out);
    }
    if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        paths(values, &format!("{at}{{}}"), out);
    }
}

fn find<'a>(schema: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = schema;
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("[]") {
            node = node.get("items")?;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("{}") {
            node = node.get("additionalProperties")?;
            rest = r;
        } else {
            let r = rest.strip_prefix('.')?;
            let end = r.find(['.', '[', '{']).unwrap_or(r.len());
            node = node.get("properties")?.get(&r[..end])?;
            rest = &r[end..];
        }
    }
    Some(node)
}

fn compare(ours: Value, file: &str) -> Vec<String> {
    let theirs = upstream(file);
    let mut problems = Vec::new();
    for key in ["group", "scope"] {
        if ours["spec"][key] != theirs["spec"][key] {
            problems.push(format!(
                "{file}: spec.{key}: {} != {}",
                ours["spec"][key], theirs["spec"][key]
            ));
        }
    }
    for key in ["kind", "plural"] {
        if ours["spec"]["names"][key] != theirs["spec"]["names"][key] {
            problems.push(format!("{file}: spec.names.{key} differs"));
        }
    }
    let (ov, tv) = (&ours["spec"]["versions"][0], &theirs["spec"]["versions"][0]);
    if ov["name"] != tv["name"] {
        problems.push(format!("{file}: version {} != {}", ov["name"], tv["name"]));
    }
    if ov["subresources"]["status"].is_object() != tv["subresources"]["status"].is_object() {
        problems.push(format!("{file}: the status subresource differs"));
    }
    let their_schema = &tv["schema"]["openAPIV3Schema"];
    let mut ours_paths = Vec::new();
    paths(&ov["schema"]["openAPIV3Schema"], "", &mut ours_paths);
    assert!(
        ours_paths.len() > 5,
        "{file}: too few paths: {ours_paths:?}"
    );
    for (path, ty, format) in ours_paths {
        // kube-derive adds apiVersion/kind/metadata at the top; metadata is ObjectMeta.
        if path.starts_with(".metadata.") {
            continue;
        }
        let Some(node) = find(their_schema, &path) else {
            problems.push(format!("{file}: `{path}` is not in the upstream schema"));
            continue;
        };
        let their_ty = node.get("type").and_then(Value::as_str);
        if ty.as_deref() != their_ty {
            problems.push(format!(
                "{file}: `{path}`: type {ty:?}, upstream {their_ty:?}"
            ));
        }
        let their_format = node.get("format").and_then(Value::as_str);
        if their_format.is_some() && format.as_deref() != their_format {
            problems.push(format!(
                "{file}: `{path}`: format {format:?}, upstream {their_format:?}"
            ));
        }
    }
    problems
}

#[test]
fn every_typed_field_is_an_upstream_field_of_the_same_type() {
    let mut problems = Vec::new();
    let to_value = |crd| serde_json::to_value(crd).unwrap();
    problems.extend(compare(
        to_value(BackupSession::crd()),
        "core.kubestash.com_backupsessions.yaml",
    ));
    problems.extend(compare(
        to_value(RestoreSession::crd()),
        "core.kubestash.com_restoresessions.yaml",
    ));
    problems.extend(compare(
        to_value(BackupConfiguration::crd()),
        "core.kubestash.com_backupconfigurations.yaml",
    ));
    problems.extend(compare(
        to_value(Snapshot::crd()),
        "storage.kubestash.com_snapshots.yaml",
    ));
    problems.extend(compare(
        to_value(Repository::crd()),
        "storage.kubestash.com_repositories.yaml",
    ));
    problems.extend(compare(
        to_value(BackupStorage::crd()),
        "storage.kubestash.com_backupstorages.yaml",
    ));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The paths the runtime writes, named here so that a rename in the types cannot drop one
/// from the check above unnoticed.
#[test]
fn the_written_paths_are_typed_and_upstream() {
    let ours = serde_json::to_value(Snapshot::crd()).unwrap();
    let theirs = upstream("storage.kubestash.com_snapshots.yaml");
    let (o, t) = (
        &ours["spec"]["versions"][0]["schema"]["openAPIV3Schema"],
        &theirs["spec"]["versions"][0]["schema"]["openAPIV3Schema"],
    );
    for path in [
        ".status.components{}.phase",
        ".status.components{}.driver",
        ".status.components{}.path",
        ".status.components{}.duration",
        ".status.components{}.error",
        ".status.components{}.size",
        ".status.components{}.integrity",
        ".status.components{}.resticStats[].summary.id",
        ".status.components{}.resticStats[].summary.hostPath",
        ".status.components{}.resticStats[].summary.uploaded",
        ".status.components{}.resticStats[].summary.size",
        ".status.components{}.resticStats[].summary.startTime",
        ".status.components{}.resticStats[].summary.endTime",
        ".status.components{}.resticStats[].progress.backupDone",
        ".status.components{}.resticStats[].progress.filesDone",
        ".status.components{}.resticStats[].progress.percentDone",
        ".status.components{}.resticStats[].progress.secondsElapsed",
        ".status.components{}.resticStats[].progress.speed",
        ".status.components{}.resticStats[].progress.total",
        ".status.components{}.resticStats[].progress.totalFiles",
    ] {
        assert!(find(o, path).is_some(), "ours lacks {path}");
        assert!(find(t, path).is_some(), "upstream lacks {path}");
    }
    let ours = serde_json::to_value(RestoreSession::crd()).unwrap();
    let o = &ours["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
    for path in [
        ".status.components{}.phase",
        ".status.components{}.duration",
        ".status.components{}.error",
    ] {
        assert!(find(o, path).is_some(), "ours lacks {path}");
    }
}

/// The check itself catches a wrong path and a wrong type.
#[test]
fn the_check_sees_a_wrong_field() {
    let mut crd = serde_json::to_value(Snapshot::crd()).unwrap();
    let component = &mut crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["status"]
        ["properties"]["components"]["additionalProperties"]["properties"];
    component["integrity"]["type"] = "string".into();
    component["bogus"] = serde_json::json!({"type": "string"});
    let problems = compare(crd, "storage.kubestash.com_snapshots.yaml");
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("integrity") || problems[1].contains("integrity"));
    assert!(
        problems
            .iter()
            .any(|p| p.contains("`.status.components{}.bogus` is not in the upstream schema"))
    );
}
