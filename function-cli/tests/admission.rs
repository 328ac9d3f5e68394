//! The webhook's decision over AdmissionReview fixtures (tests/fixtures/admission/): allowed,
//! denied, warnings, DELETE with and without a cluster, other kinds, and the bodies that are
//! not a review it answers (malformed, another kind of review, v1beta1, no request).

use function_core::admission::{self, Answer, Cluster};
use function_core::api::{Addon, AddonSpec, Function, FunctionSpec, Task};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/fixtures/admission/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A cluster of a few objects.
#[derive(Default)]
struct Fake {
    functions: Vec<Function>,
    addons: Vec<Addon>,
}

impl Cluster for Fake {
    fn function(&self, name: &str) -> Option<Function> {
        self.functions
            .iter()
            .find(|f| f.metadata.name.as_deref() == Some(name))
            .cloned()
    }

    fn function_names(&self) -> Vec<String> {
        self.functions
            .iter()
            .filter_map(|f| f.metadata.name.clone())
            .collect()
    }

    fn addons_using(&self, name: &str) -> Vec<Addon> {
        self.addons
            .iter()
            .filter(|a| a.spec.backup_tasks.iter().any(|t| t.function == name))
            .cloned()
            .collect()
    }
}

fn pvc_backup() -> Function {
    Function::new(
        "pvc-backup",
        FunctionSpec {
            image: "ghcr.io/kubestash/pvc:v0.28.0".into(),
            args: vec!["backup".into(), "--paths=${paths}".into()],
            ..FunctionSpec::default()
        },
    )
}

fn cluster() -> Fake {
    Fake {
        functions: vec![pvc_backup()],
        addons: vec![Addon::new(
            "pvc-addon",
            AddonSpec {
                backup_tasks: vec![Task {
                    name: "logical-backup".into(),
                    function: "pvc-backup".into(),
                    ..Task::default()
                }],
                ..AddonSpec::default()
            },
        )],
    }
}

fn response(answer: &Answer) -> Value {
    let review: Value = serde_json::from_slice(&answer.body).expect("the body is JSON");
    assert_eq!(review["apiVersion"], "admission.k8s.io/v1");
    assert_eq!(review["kind"], "AdmissionReview");
    review["response"].clone()
}

fn no_cluster(name: &str) -> Answer {
    admission::answer(&fixture(name), None::<&Fake>)
}

/// The fixture carries kubectl's last-applied-configuration annotation (a JSON copy of an
/// earlier apply, whose unclosed `${` swallows a quote into a default): it is not linted.
#[test]
fn a_clean_function_is_allowed_with_its_uid() {
    let answer = no_cluster("allowed-function.json");
    let r = response(&answer);
    assert_eq!(answer.status, 200);
    assert_eq!(r["uid"], "create-function-pvc-backup");
    assert_eq!(r["allowed"], true);
    assert!(r.get("warnings").is_none(), "{r}");
    assert_eq!(answer.verdict.reason, "clean");
    assert_eq!(answer.verdict.object, "Function/pvc-backup");
    assert_eq!(answer.verdict.operation, "CREATE");
}

#[test]
fn a_template_error_denies_with_code_path_and_help() {
    let answer = no_cluster("denied-function.json");
    let r = response(&answer);
    assert_eq!(r["allowed"], false);
    assert_eq!(answer.verdict.codes, ["KSF0007"]);
    let message = r["status"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Function/demo-backup: spec.args[1]: "),
        "{message}"
    );
    assert!(message.contains("[KSF0007 template-syntax]"), "{message}");
    assert_eq!(r["status"]["status"], "Failure");
}

#[test]
fn an_update_is_checked_on_the_new_object() {
    let answer = no_cluster("denied-image-update.json");
    let r = response(&answer);
    assert_eq!(r["allowed"], false);
    assert_eq!(answer.verdict.operation, "UPDATE");
    assert_eq!(answer.verdict.codes, ["KSF0005"]);
    let message = r["status"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Function/demo-backup: spec.image: "),
        "{message}"
    );
    assert!(message.contains("; help: "), "{message}");
}

#[test]
fn warnings_are_returned_and_notes_dropped() {
    let answer = no_cluster("warnings-addon.json");
    let r = response(&answer);
    assert_eq!(r["allowed"], true);
    let warnings: Vec<&str> = r["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(answer.verdict.codes, ["KSF0103"]);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("Addon/pvc-addon: spec.backupTasks[0].parameters[0]"),
        "{warnings:?}"
    );
    assert!(warnings[0].contains("[KSF0103 required-with-default]"));
}

#[test]
fn duplicate_task_names_deny_an_addon() {
    let answer = no_cluster("denied-addon.json");
    assert_eq!(answer.verdict.codes, ["KSF0003"]);
    let r = response(&answer);
    assert!(
        r["status"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Addon/pvc-addon: spec.backupTasks[1].name: ")
    );
}

#[test]
fn with_a_cluster_an_addon_task_is_looked_up_among_its_functions() {
    // The warnings fixture's Addon runs pvc-backup: known in the cluster, so its parameter
    // `user` is also checked against the Function's variables.
    let known = admission::answer(&fixture("warnings-addon.json"), Some(&cluster()));
    assert!(known.verdict.allowed);
    assert!(
        known.verdict.codes.contains(&"KSF0102"),
        "{:?}",
        known.verdict
    );
    let empty = Fake::default();
    let unknown = admission::answer(&fixture("warnings-addon.json"), Some(&empty));
    assert!(!unknown.verdict.allowed);
    assert_eq!(unknown.verdict.codes[0], "KSF0001");
    let message = unknown.verdict.message.unwrap();
    assert!(
        message.starts_with("Addon/pvc-addon: spec.backupTasks[0].function: "),
        "{message}"
    );
    // A misspelt name gets its suggestion from every Function of the cluster.
    let body = String::from_utf8(fixture("warnings-addon.json"))
        .unwrap()
        .replace(
            "\"function\": \"pvc-backup\"",
            "\"function\": \"pvc-bakup\"",
        );
    let misspelt = admission::answer(body.as_bytes(), Some(&cluster()));
    assert!(
        misspelt
            .verdict
            .message
            .unwrap()
            .contains("; help: did you mean `pvc-backup`?")
    );
}

#[test]
fn deleting_a_function_in_use_is_denied_only_with_a_cluster() {
    let answer = admission::answer(&fixture("delete-function.json"), Some(&cluster()));
    let r = response(&answer);
    assert_eq!(r["allowed"], false);
    assert_eq!(answer.verdict.operation, "DELETE");
    assert_eq!(answer.verdict.reason, "in-use");
    assert_eq!(answer.verdict.codes, ["KSF0001"]);
    let message = r["status"]["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "Addon/pvc-addon: spec.backupTasks[0].function: Function/pvc-backup is in use"
        ),
        "{message}"
    );
    // Unused, or with no view of the cluster: allowed.
    let unused = Fake {
        functions: vec![pvc_backup()],
        addons: Vec::new(),
    };
    assert!(
        admission::answer(&fixture("delete-function.json"), Some(&unused))
            .verdict
            .allowed
    );
    assert!(no_cluster("delete-function.json").verdict.allowed);
}

#[test]
fn other_kinds_are_allowed_unchecked() {
    let answer = no_cluster("wrong-kind.json");
    assert_eq!(answer.status, 200);
    assert_eq!(response(&answer)["allowed"], true);
    assert_eq!(answer.verdict.reason, "not-checked");
    assert_eq!(answer.verdict.object, "ConfigMap/settings");
}

#[test]
fn bodies_that_are_not_a_v1_review_are_bad_requests() {
    for (name, expected) in [
        (
            "malformed.json",
            "the body is not an AdmissionReview: EOF while parsing",
        ),
        (
            "wrong-review-kind.json",
            "the body is a `TokenReview`, not an AdmissionReview",
        ),
        (
            "wrong-api-version.json",
            "AdmissionReview `admission.k8s.io/v1beta1` is not supported",
        ),
        ("no-request.json", "the AdmissionReview has no request"),
    ] {
        let answer = no_cluster(name);
        assert_eq!(answer.status, 400, "{name}");
        assert_eq!(answer.verdict.reason, "bad-request");
        let r = response(&answer);
        assert_eq!(r["allowed"], false, "{name}");
        assert_eq!(r["status"]["reason"], "InvalidRequest");
        let message = r["status"]["message"].as_str().unwrap();
        assert!(message.starts_with(expected), "{name}: {message}");
    }
}

#[test]
fn an_unfinished_review_follows_fail_open() {
    let request = admission::decode(&fixture("allowed-function.json")).unwrap();
    let open = admission::unfinished(&request, "timed out", true);
    let r = response(&open);
    assert_eq!(r["allowed"], true);
    assert!(r["warnings"][0].as_str().unwrap().contains("timed out"));
    let closed = admission::unfinished(&request, "timed out", false);
    let r = response(&closed);
    assert_eq!(r["allowed"], false);
    assert_eq!(r["uid"], "create-function-pvc-backup");
    assert_eq!(r["status"]["message"], "kubestash-fn webhook: timed out");
}

#[test]
fn an_object_that_does_not_read_as_its_kind_is_denied_saying_why() {
    let body = String::from_utf8(fixture("allowed-function.json"))
        .unwrap()
        .replacen(
            "\"image\": \"ghcr.io/kubestash/pvc:v0.28.0\"",
            "\"image\": 7",
            1,
        );
    let answer = admission::answer(body.as_bytes(), None::<&Fake>);
    assert_eq!(answer.status, 200);
    assert!(!answer.verdict.allowed);
    assert_eq!(answer.verdict.reason, "unreadable-object");
    let message = answer.verdict.message.clone().unwrap();
    assert!(
        message
            .starts_with("Function/pvc-backup: cannot read the object: invalid type: integer `7`"),
        "{message}"
    );
    assert_eq!(response(&answer)["uid"], "create-function-pvc-backup");
}
