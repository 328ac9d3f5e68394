use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    ConfigMapEnvSource, EnvFromSource, EnvVarSource, ExecAction, Lifecycle, LifecycleHandler,
    ObjectFieldSelector, Probe, ResourceRequirements, SecurityContext,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;

use super::*;
use crate::api::{FunctionSpec, IoNiceSettings, NiceSettings};

fn q(map: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
    map.iter()
        .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
        .collect()
}

fn var(name: &str, value: &str) -> EnvVar {
    EnvVar {
        name: name.into(),
        value: Some(value.into()),
        ..Default::default()
    }
}

fn env_pairs(c: &Container) -> Vec<(String, String)> {
    c.env
        .iter()
        .flatten()
        .map(|e| (e.name.clone(), e.value.clone().unwrap_or_default()))
        .collect()
}

fn with_resources(limits: &[(&str, &str)], requests: &[(&str, &str)]) -> Container {
    Container {
        resources: Some(ResourceRequirements {
            limits: Some(q(limits)),
            requests: Some(q(requests)),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn settings(limits: &[(&str, &str)], requests: &[(&str, &str)]) -> ContainerRuntimeSettings {
    ContainerRuntimeSettings {
        resources: ResourceRequirements {
            limits: (!limits.is_empty()).then(|| q(limits)),
            requests: (!requests.is_empty()).then(|| q(requests)),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// (limits, requests) given by the invoker -> (limits, requests) of the container, which
/// starts with limits cpu=1 and requests cpu=500m.
#[test]
fn resources_rules_table() {
    type Res<'a> = &'a [(&'a str, &'a str)];
    type Case<'a> = (
        RequestsMode,
        Res<'a>,
        Res<'a>,
        Option<Res<'a>>,
        Option<Res<'a>>,
    );
    let cases: &[Case] = &[
        // Upstream: nothing given, nothing changes.
        (
            RequestsMode::Upstream,
            &[],
            &[],
            Some(&[("cpu", "1")]),
            Some(&[("cpu", "500m")]),
        ),
        // Upstream: limits replace, requests replace along with them.
        (
            RequestsMode::Upstream,
            &[("cpu", "2")],
            &[("cpu", "1")],
            Some(&[("cpu", "2")]),
            Some(&[("cpu", "1")]),
        ),
        // Upstream: requests alone are ignored (the 2019 bug, kept).
        (
            RequestsMode::Upstream,
            &[],
            &[("cpu", "1")],
            Some(&[("cpu", "1")]),
            Some(&[("cpu", "500m")]),
        ),
        // Upstream: limits without requests clear the container's requests.
        (
            RequestsMode::Upstream,
            &[("cpu", "2")],
            &[],
            Some(&[("cpu", "2")]),
            None,
        ),
        // Corrected: requests alone apply.
        (
            RequestsMode::Corrected,
            &[],
            &[("cpu", "1")],
            Some(&[("cpu", "1")]),
            Some(&[("cpu", "1")]),
        ),
        // Corrected: limits without requests keep the container's requests.
        (
            RequestsMode::Corrected,
            &[("cpu", "2")],
            &[],
            Some(&[("cpu", "2")]),
            Some(&[("cpu", "500m")]),
        ),
    ];
    for (i, (mode, limits, requests, want_limits, want_requests)) in cases.iter().enumerate() {
        let mut c = with_resources(&[("cpu", "1")], &[("cpu", "500m")]);
        apply_runtime_settings(&mut c, &settings(limits, requests), *mode);
        let r = c.resources.unwrap();
        assert_eq!(r.limits, want_limits.map(q), "case {i}: limits");
        assert_eq!(r.requests, want_requests.map(q), "case {i}: requests");
    }
}

#[test]
fn probes_lifecycle_and_security_context_replace_only_when_set() {
    let probe = |cmd: &str| Probe {
        exec: Some(ExecAction {
            command: Some(vec![cmd.into()]),
        }),
        ..Default::default()
    };
    let lifecycle = |cmd: &str| Lifecycle {
        pre_stop: Some(LifecycleHandler {
            exec: Some(ExecAction {
                command: Some(vec![cmd.into()]),
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let sc = |uid: i64| SecurityContext {
        run_as_user: Some(uid),
        ..Default::default()
    };
    let original = Container {
        liveness_probe: Some(probe("old-live")),
        readiness_probe: Some(probe("old-ready")),
        lifecycle: Some(lifecycle("old")),
        security_context: Some(sc(1)),
        ..Default::default()
    };
    // Unset: all kept.
    let mut c = original.clone();
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings::default(),
        RequestsMode::Upstream,
    );
    assert_eq!(c.liveness_probe, original.liveness_probe);
    assert_eq!(c.readiness_probe, original.readiness_probe);
    assert_eq!(c.lifecycle, original.lifecycle);
    assert_eq!(c.security_context, original.security_context);
    // Each one set: only that one replaced.
    let mut c = original.clone();
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings {
            liveness_probe: Some(probe("new-live")),
            ..Default::default()
        },
        RequestsMode::Upstream,
    );
    assert_eq!(c.liveness_probe, Some(probe("new-live")));
    assert_eq!(c.readiness_probe, Some(probe("old-ready")));
    let mut c = original.clone();
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings {
            readiness_probe: Some(probe("new-ready")),
            lifecycle: Some(lifecycle("new")),
            security_context: Some(sc(2)),
            ..Default::default()
        },
        RequestsMode::Upstream,
    );
    assert_eq!(c.liveness_probe, Some(probe("old-live")));
    assert_eq!(c.readiness_probe, Some(probe("new-ready")));
    assert_eq!(c.lifecycle, Some(lifecycle("new")));
    assert_eq!(c.security_context, Some(sc(2)));
}

#[test]
fn env_from_is_appended() {
    let src = |name: &str| EnvFromSource {
        config_map_ref: Some(ConfigMapEnvSource {
            name: name.into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut c = Container {
        env_from: Some(vec![src("a")]),
        ..Default::default()
    };
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings {
            env_from: vec![src("b"), src("a")],
            ..Default::default()
        },
        RequestsMode::Upstream,
    );
    assert_eq!(c.env_from.unwrap(), vec![src("a"), src("b"), src("a")]);
}

#[test]
fn env_is_upserted_by_name_in_place() {
    let mut c = Container {
        env: Some(vec![var("A", "1"), var("B", "2"), var("C", "3")]),
        ..Default::default()
    };
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings {
            env: vec![var("D", "4"), var("B", "20")],
            ..Default::default()
        },
        RequestsMode::Upstream,
    );
    let want: Vec<(String, String)> = [("A", "1"), ("B", "20"), ("C", "3"), ("D", "4")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(env_pairs(&c), want);
}

#[test]
fn field_ref_without_api_version_gets_v1() {
    let field = |api: Option<&str>| EnvVar {
        name: "POD".into(),
        value_from: Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector {
                api_version: api.map(String::from),
                field_path: "metadata.name".into(),
            }),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut c = Container::default();
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings {
            env: vec![field(None)],
            ..Default::default()
        },
        RequestsMode::Upstream,
    );
    assert_eq!(c.env.as_ref().unwrap()[0], field(Some("v1")));
    let mut c = Container::default();
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings {
            env: vec![field(Some("v2"))],
            ..Default::default()
        },
        RequestsMode::Upstream,
    );
    assert_eq!(c.env.unwrap()[0], field(Some("v2")));
}

#[test]
fn nice_and_ionice_become_env_vars() {
    let mut c = Container {
        env: Some(vec![var("IONICE_CLASS", "old"), var("X", "x")]),
        ..Default::default()
    };
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings {
            nice: Some(NiceSettings {
                adjustment: Some(-5),
            }),
            ionice: Some(IoNiceSettings {
                class: Some(2),
                class_data: Some(7),
            }),
            ..Default::default()
        },
        RequestsMode::Upstream,
    );
    let want: Vec<(String, String)> = [
        ("IONICE_CLASS", "2"),
        ("X", "x"),
        ("NICE_ADJUSTMENT", "-5"),
        ("IONICE_CLASS_DATA", "7"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(env_pairs(&c), want);
    // Only the parts that are set.
    let mut c = Container::default();
    apply_runtime_settings(
        &mut c,
        &ContainerRuntimeSettings {
            nice: Some(NiceSettings { adjustment: None }),
            ionice: Some(IoNiceSettings {
                class: None,
                class_data: Some(4),
            }),
            ..Default::default()
        },
        RequestsMode::Upstream,
    );
    assert_eq!(
        env_pairs(&c),
        vec![("IONICE_CLASS_DATA".to_string(), "4".to_string())]
    );
}

#[test]
fn function_runtime_settings_fill_the_container_but_not_nice() {
    let f = Function::new(
        "postgres.backup",
        FunctionSpec {
            image: "img".into(),
            runtime_settings: Some(ContainerRuntimeSettings {
                env: vec![var("A", "1")],
                nice: Some(NiceSettings {
                    adjustment: Some(3),
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
    );
    let built = build_container(
        &f,
        None,
        &BuildOptions {
            step_index: 2,
            ..Default::default()
        },
    );
    assert_eq!(built.container.name, "postgres-backup-2");
    assert_eq!(env_pairs(&built.container), vec![("A".into(), "1".into())]);
}

#[test]
fn task_mounts_and_scratch_are_not_duplicated() {
    let f = Function::new("f", FunctionSpec::default());
    let mount = |n: &str, p: &str| VolumeMount {
        name: n.into(),
        mount_path: p.into(),
        ..Default::default()
    };
    let task = Task {
        volume_mounts: vec![
            mount("data", "/data"),
            mount(SCRATCH_VOLUME, SCRATCH_MOUNT_PATH),
        ],
        volume_template: vec![VolumeTemplate {
            name: SCRATCH_VOLUME.into(),
            source: Some(VolumeSource {
                empty_dir: Some(Default::default()),
                ..Default::default()
            }),
            ..Default::default()
        }],
        ..Default::default()
    };
    let built = build_container(&f, Some(&task), &BuildOptions::default());
    assert_eq!(
        built.container.volume_mounts.unwrap(),
        vec![
            mount("data", "/data"),
            mount(SCRATCH_VOLUME, SCRATCH_MOUNT_PATH)
        ]
    );
    assert_eq!(built.volumes.len(), 1);
}

#[test]
fn volume_claim_templates_become_claims() {
    let tpl: VolumeTemplate = serde_json::from_value(serde_json::json!({
            "name": "interim",
            "source": {"volumeClaimTemplate": {
                "metadata": {"name": "interim-pvc", "labels": {"a": "b"}},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}
            }}
        }))
        .unwrap();
    let (volume, claim) = volume_from_template(&tpl);
    assert_eq!(
        volume.persistent_volume_claim.unwrap().claim_name,
        "interim-pvc"
    );
    let claim = claim.unwrap();
    assert_eq!(claim.metadata.name.as_deref(), Some("interim-pvc"));
    assert_eq!(claim.metadata.labels.unwrap()["a"], "b");
    assert_eq!(
        claim.spec.unwrap().access_modes.unwrap(),
        vec!["ReadWriteOnce".to_string()]
    );
}
