//! The 14 resolution goldens (`snapshots/resolve__*.snap`, recorded from the implementation)
//! checked against upstream's Go code (the oracle, `tests/oracle-go`): for every task of the four
//! reference Addons, the golden container equals the container the oracle builds from its own
//! resolution. A second pass gives every variable a different value in every layer, so that the
//! order of the layers decides every value: Rust and the oracle must still agree.

use std::collections::BTreeMap;
use std::path::PathBuf;

use function_core::api::{Addon, Function};
use function_core::container::BuildOptions;
use function_core::envsubst::Template;
use function_core::resolve::{Inputs, Layer, Resolver, TaskKind, find_task};
use function_core::yaml::{self, Object, Options};
use kubestash_fn_tests::oracle::{Oracle, canonical, without_duplicate_mounts};
use serde_json::{Value, json};

fn catalog() -> Vec<Object> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/catalog/raw");
    let parsed = yaml::from_paths([dir], &Options::default()).expect("reference catalog parses");
    parsed.documents.into_iter().map(|d| d.object).collect()
}

/// The inputs of the goldens (tests/tests/resolve.rs): the operator's built-ins for a backup or
/// a restore in namespace `demo`, and the user's params.
fn golden_inputs(kind: TaskKind) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut builtins: BTreeMap<String, String> = [
        ("namespace", "demo"),
        ("invokerName", "sample"),
        ("PVC_NAME", "data-sample-0"),
        ("taskName", "volume-snapshot-restore"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let (invoker, extra): (&str, &[(&str, &str)]) = match kind {
        TaskKind::Backup => (
            "BackupConfiguration",
            &[("backupSession", "sample-backup-1732600000")],
        ),
        TaskKind::Restore => (
            "RestoreSession",
            &[
                ("restoreSession", "sample-restore"),
                ("snapshot", "gcs-repo-sample-backup-1732600000"),
            ],
        ),
    };
    builtins.insert("invokerKind".into(), invoker.into());
    builtins.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let user = [("paths", "/var/lib/app"), ("waitTimeout", "120")]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    (builtins, user)
}

/// The golden of a task, as JSON.
fn golden(addon: &str, task: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/snapshots/resolve__{addon}__{task}.snap"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // An insta snapshot: a `---` header block, then the YAML.
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .unwrap_or_else(|| panic!("{}: no insta header", path.display()));
    serde_saphyr::from_str(body).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The oracle's container for a task, from its own resolution.
fn oracle_container(
    oracle: &mut Oracle,
    function: &Function,
    addon: &Addon,
    task: &str,
    builtins: &BTreeMap<String, String>,
    user: &BTreeMap<String, String>,
) -> Value {
    let resolved = oracle.ask(&json!({
        "op": "resolve", "function": function, "addon": addon, "taskName": task,
        "builtins": builtins, "userParams": user,
    }));
    assert!(
        resolved.get("error").is_none(),
        "the oracle cannot resolve {task}: {resolved}"
    );
    let built = oracle.ask(&json!({
        "op": "container", "function": resolved["function"], "task": resolved["task"],
        "stepIndex": 0,
    }));
    // The reference's tasks declare the scratch volume themselves: the documented divergence
    // `MountsNotDuplicated` (the oracle follows the reference's "added" literally).
    without_duplicate_mounts(built["built"].clone())
}

/// A PersistentVolumeClaim as both sides describe it: its metadata and spec. (k8s-openapi
/// writes apiVersion/kind; Go writes `status: {}` and an unset `spec.resources` as `{}`: the
/// documented divergence `ClaimResourcesWritten` of the differential tests.)
fn claims_compared(mut built: Value) -> Value {
    if let Some(Value::Array(claims)) = built.get_mut("persistentVolumeClaims") {
        for c in claims.iter_mut() {
            let mut kept = json!({"metadata": c["metadata"], "spec": c["spec"]});
            if kept["spec"].get("resources") == Some(&json!({})) {
                kept["spec"]
                    .as_object_mut()
                    .expect("a spec")
                    .remove("resources");
            }
            *c = kept;
        }
    }
    built
}

/// Every variable the Function and the task's volumes use, and the task's parameters.
fn variables(function: &Function, addon: &Addon, task: &str) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => {
                if let Ok(t) = Template::parse(s) {
                    out.extend(t.variables().map(str::to_owned));
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            Value::Object(m) => m.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(
        &serde_json::to_value(function).expect("serialises"),
        &mut out,
    );
    let (t, _, _) = find_task(addon, task).expect("the task exists");
    walk(&serde_json::to_value(t).expect("serialises"), &mut out);
    out.extend(t.parameters.iter().map(|p| p.name.clone()));
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_golden_equals_the_oracles_resolution() {
    let objects = catalog();
    let functions: Vec<&Function> = objects.iter().filter_map(Object::as_function).collect();
    let mut oracle = Oracle::start();
    let mut checked = 0;
    let mut layered = 0;
    for addon in objects.iter().filter_map(Object::as_addon) {
        let addon_name = addon.metadata.name.clone().unwrap_or_default();
        for task in addon
            .spec
            .backup_tasks
            .iter()
            .chain(&addon.spec.restore_tasks)
        {
            let (_, kind, _) = find_task(addon, &task.name).expect("listed");
            let function = functions
                .iter()
                .find(|f| f.metadata.name.as_deref() == Some(task.function.as_str()))
                .expect("the task's Function is in the catalog");
            let (builtins, user) = golden_inputs(kind);
            let go = oracle_container(&mut oracle, function, addon, &task.name, &builtins, &user);
            let want = golden(&addon_name, &task.name);
            assert_eq!(
                canonical(&claims_compared(want)),
                canonical(&claims_compared(go)),
                "{addon_name}/{}: the golden (left) is not the oracle's resolution (right)",
                task.name
            );
            checked += 1;

            // Every layer gives every variable its own value: the order of the layers decides.
            let names = variables(function, addon, &task.name);
            let builtins: BTreeMap<String, String> = names
                .iter()
                .map(|n| (n.clone(), format!("builtin-{n}")))
                .collect();
            let user: BTreeMap<String, String> = names
                .iter()
                .filter(|n| n.len() % 2 == 0 || n.starts_with('p'))
                .map(|n| (n.clone(), format!("user-{n}")))
                .collect();
            let go = oracle_container(&mut oracle, function, addon, &task.name, &builtins, &user);
            let mut inputs = Inputs::new();
            for (k, v) in &builtins {
                inputs.set(Layer::Builtins, k, v);
            }
            for (k, v) in &user {
                inputs.set(Layer::UserParams, k, v);
            }
            let rust = Resolver::new(function)
                .task(addon, &task.name)
                .resolve(inputs)
                .unwrap_or_else(|e| panic!("{addon_name}/{}: {e}", task.name))
                .container(&BuildOptions::default());
            let rust = serde_json::to_value(&rust).expect("serialises");
            assert_eq!(
                canonical(&claims_compared(rust)),
                canonical(&claims_compared(go)),
                "{addon_name}/{}: with a value in every layer, Rust (left) and the oracle (right) differ",
                task.name
            );
            layered += 1;
        }
    }
    assert_eq!(
        (checked, layered),
        (14, 14),
        "the four reference Addons have 14 tasks"
    );
}
