//! The webhook's request decoder and decision (function_core::admission::answer) over arbitrary
//! bytes, with no cluster and with one: no panic; 200 exactly when the bytes decode as an
//! AdmissionReview v1 with a request, else 400; the answer is always an AdmissionReview v1 with
//! a response, whose uid is the request's; a denial always says why.
#![no_main]

use function_core::admission::{self, Cluster};
use function_core::api::{Addon, AddonSpec, Function, FunctionSpec, Task};
use libfuzzer_sys::fuzz_target;

/// One Function, and an Addon running it.
struct One;

impl Cluster for One {
    fn function(&self, name: &str) -> Option<Function> {
        (name == "pvc-backup").then(|| {
            Function::new(
                "pvc-backup",
                FunctionSpec {
                    image: "ghcr.io/kubestash/pvc:v1".into(),
                    args: vec!["backup".into(), "--paths=${paths:=/data}".into()],
                    ..FunctionSpec::default()
                },
            )
        })
    }

    fn function_names(&self) -> Vec<String> {
        vec!["pvc-backup".into()]
    }

    fn addons_using(&self, name: &str) -> Vec<Addon> {
        let task = Task {
            name: "backup".into(),
            function: "pvc-backup".into(),
            ..Task::default()
        };
        (name == "pvc-backup")
            .then(|| {
                Addon::new(
                    "pvc-addon",
                    AddonSpec {
                        backup_tasks: vec![task],
                        ..AddonSpec::default()
                    },
                )
            })
            .into_iter()
            .collect()
    }
}

fuzz_target!(|data: &[u8]| {
    let decoded = admission::decode(data);
    for answer in [
        admission::answer(data, None::<&One>),
        admission::answer(data, Some(&One)),
    ] {
        let review: serde_json::Value =
            serde_json::from_slice(&answer.body).expect("the answer is JSON");
        assert_eq!(review["apiVersion"], "admission.k8s.io/v1");
        assert_eq!(review["kind"], "AdmissionReview");
        let response = &review["response"];
        assert!(response["allowed"].is_boolean());
        match &decoded {
            Ok(request) => {
                assert_eq!(answer.status, 200);
                assert_eq!(response["uid"], request.uid());
                assert_eq!(answer.verdict.uid, request.uid());
            }
            Err(e) => {
                assert_eq!(answer.status, 400);
                assert_eq!(response["allowed"], false);
                assert_eq!(response["status"]["message"], e.to_string());
            }
        }
        if response["allowed"] == false {
            assert!(
                !response["status"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .is_empty()
            );
            assert!(answer.verdict.message.is_some());
        }
    }
});
