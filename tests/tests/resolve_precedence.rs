//! Resolution precedence in the library, with a different value for the same key in every layer
//! (tests/fixtures/resolve/precedence). Every expected value below is written from the rules of
//! the reference (shared/reference/README.md, sections 2 to 4), not captured from the output:
//!
//! - layers, lowest first: the task's parameter defaults < the operator's built-ins < the user's
//!   params < `DB_VERSION` (chosen from `availableVersions`);
//! - `${x:=w}` gives `w` only when no layer has `x`; a key present but empty gives "";
//! - `DB_VERSION` for 15.5 among `[12.17, 14.10, 16.4, 17.2, 18.2]` is 16.4 (the reference's own
//!   example);
//! - the invoker's runtime settings: limits replace when non-empty, requests are copied only
//!   when limits are non-empty (upstream) or whenever non-empty (corrected), env is upserted by
//!   name, `nice.adjustment` becomes `NICE_ADJUSTMENT`.

use std::path::PathBuf;

use function_core::api::{Addon, ContainerRuntimeSettings, Function};
use function_core::container::{BuildOptions, RequestsMode};
use function_core::resolve::{
    Builtins, Inputs, Layer, Precedence, ResolveError, Resolved, Resolver,
};
use function_core::yaml;
use serde_json::json;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/resolve/precedence")
        .join(name)
}

fn function() -> Function {
    yaml::from_path_as(fixture("function.yaml")).expect("function.yaml")
}

fn addon() -> Addon {
    yaml::from_path_as(fixture("addon.yaml")).expect("addon.yaml")
}

/// Which of the layers above the task's defaults to fill (the defaults come from the Addon).
#[derive(Clone, Copy)]
struct Given {
    builtins: bool,
    user: bool,
    db_version: bool,
}

const ALL: Given = Given {
    builtins: true,
    user: true,
    db_version: true,
};

fn resolve_with(given: Given, precedence: Precedence) -> Result<Resolved, ResolveError> {
    let mut inputs = Inputs::with_precedence(precedence);
    if given.builtins {
        let mut b = Builtins::default();
        for k in ["b", "db", "bu", "dbu"] {
            b.extra.insert(k.into(), "builtin".into());
        }
        b.extra.insert("DB_VERSION".into(), "from-builtins".into());
        inputs.set_builtins(&b);
    }
    if given.user {
        inputs
            .set_user_params(&json!({
                "u": "user", "du": "user", "bu": "user", "dbu": "user",
                "empty": "", "DB_VERSION": "from-user-params",
            }))
            .unwrap();
    }
    let (f, a) = (function(), addon());
    let mut resolver = Resolver::new(&f).task(&a, "check");
    if given.db_version {
        resolver = resolver.db_version("15.5");
    }
    resolver.resolve(inputs)
}

fn resolve(given: Given) -> Resolved {
    resolve_with(given, Precedence::default()).expect("resolves")
}

#[test]
fn every_layer_overrides_the_ones_below_it() {
    let resolved = resolve(ALL);
    assert_eq!(
        resolved.function.spec.args,
        [
            "check",
            "--d=task-default",  // only the task's default
            "--b=builtin",       // only a built-in
            "--u=user",          // only a user param
            "--db=builtin",      // built-in > task default
            "--du=user",         // user > task default
            "--bu=user",         // user > built-in
            "--dbu=user",        // user > built-in > task default
            "--none=inline",     // no layer: the template's own default
            "--empty=",          // present but empty wins over the task's default
            "--db-version=16.4", // DB_VERSION > user > built-in > task default
        ]
    );
    assert_eq!(
        resolved.function.spec.image,
        "registry.example/precedence:16.4"
    );
    for (key, layer) in [
        ("d", Some(Layer::ParameterDefaults)),
        ("b", Some(Layer::Builtins)),
        ("db", Some(Layer::Builtins)),
        ("du", Some(Layer::UserParams)),
        ("dbu", Some(Layer::UserParams)),
        ("empty", Some(Layer::UserParams)),
        ("DB_VERSION", Some(Layer::DbVersion)),
        ("none", None),
    ] {
        assert_eq!(resolved.inputs.source(key), layer, "{key}");
    }
}

/// `DB_VERSION` set in all four layers; taking the layers away from the top, each time the next
/// one down shows through.
#[test]
fn db_version_falls_through_the_layers_one_by_one() {
    let cases = [
        (ALL, "16.4"),
        (
            Given {
                db_version: false,
                ..ALL
            },
            "from-user-params",
        ),
        (
            Given {
                builtins: true,
                user: false,
                db_version: false,
            },
            "from-builtins",
        ),
        (
            Given {
                builtins: false,
                user: false,
                db_version: false,
            },
            "from-task-default",
        ),
    ];
    for (given, want) in cases {
        let resolved = resolve(given);
        assert_eq!(
            resolved.function.spec.image,
            format!("registry.example/precedence:{want}")
        );
        assert_eq!(
            resolved.function.spec.args.last().map(String::as_str),
            Some(format!("--db-version={want}").as_str())
        );
    }
}

/// Without the user's params the built-ins win where they are set, and the keys only the user
/// gave fall back to the task's default or the template's.
#[test]
fn without_user_params_builtins_win_over_task_defaults() {
    let resolved = resolve(Given { user: false, ..ALL });
    assert_eq!(
        resolved.function.spec.args[1..10],
        [
            "--d=task-default",
            "--b=builtin",
            "--u=inline",
            "--db=builtin",
            "--du=task-default",
            "--bu=builtin",
            "--dbu=builtin",
            "--none=inline",
            "--empty=task-default",
        ]
    );
}

/// The precedence is configurable: reversed, the task's defaults win everywhere they are set
/// and `DB_VERSION` from `--db-version` loses to every other layer.
#[test]
fn a_reversed_precedence_reverses_every_outcome() {
    let reversed = Precedence::new([
        Layer::DbVersion,
        Layer::UserParams,
        Layer::Builtins,
        Layer::ParameterDefaults,
    ])
    .unwrap();
    let resolved = resolve_with(ALL, reversed).unwrap();
    assert_eq!(
        resolved.function.spec.args,
        [
            "check",
            "--d=task-default",
            "--b=builtin",
            "--u=user",
            "--db=task-default",
            "--du=task-default",
            "--bu=builtin",
            "--dbu=task-default",
            "--none=inline",
            "--empty=task-default",
            "--db-version=from-task-default",
        ]
    );
}

fn runtime_settings(name: &str) -> ContainerRuntimeSettings {
    yaml::from_path_as(fixture(name)).expect("runtime settings")
}

/// The invoker's runtime settings, the last layer of the container: the Function asks for
/// `cpu: 100m` and env `A`, `B`; each file changes what the rules say, in both request modes.
#[test]
fn invoker_runtime_settings_follow_the_operator_rules_in_both_request_modes() {
    let resolved = resolve(ALL);
    let cases = [
        // Requests without limits: ignored upstream, applied when corrected.
        (
            "rs-requests.yaml",
            RequestsMode::Upstream,
            json!({"requests": {"cpu": "100m"}}),
        ),
        (
            "rs-requests.yaml",
            RequestsMode::Corrected,
            json!({"requests": {"cpu": "500m"}}),
        ),
        // Limits without requests: upstream copies the (empty) requests over the Function's.
        (
            "rs-limits.yaml",
            RequestsMode::Upstream,
            json!({"limits": {"cpu": "1"}}),
        ),
        (
            "rs-limits.yaml",
            RequestsMode::Corrected,
            json!({"limits": {"cpu": "1"}, "requests": {"cpu": "100m"}}),
        ),
        // Both: the same in both modes.
        (
            "rs-both.yaml",
            RequestsMode::Upstream,
            json!({"limits": {"cpu": "1"}, "requests": {"cpu": "500m"}}),
        ),
        (
            "rs-both.yaml",
            RequestsMode::Corrected,
            json!({"limits": {"cpu": "1"}, "requests": {"cpu": "500m"}}),
        ),
    ];
    for (file, mode, want) in cases {
        let built = resolved.container(&BuildOptions {
            runtime_settings: Some(runtime_settings(file)),
            requests_mode: mode,
            ..Default::default()
        });
        let got = serde_json::to_value(&built.container.resources).unwrap();
        assert_eq!(got, want, "{file} {mode:?}");
    }
    let built = resolved.container(&BuildOptions {
        runtime_settings: Some(runtime_settings("rs-requests.yaml")),
        ..Default::default()
    });
    assert_eq!(
        serde_json::to_value(&built.container.env).unwrap(),
        json!([
            {"name": "A", "value": "function"},
            {"name": "B", "value": "invoker"},
            {"name": "C", "value": "invoker"},
            {"name": "NICE_ADJUSTMENT", "value": "5"},
        ])
    );
}

/// The whole container, from the rules of section 4: the name with `.` replaced by `-` and the
/// step index, `imagePullPolicy: IfNotPresent`, the Function's runtime settings, and the scratch
/// volume mounted at `/kubestash-tmp` (the task declares no volume).
#[test]
fn the_container_of_the_precedence_function() {
    let built = resolve(ALL).container(&BuildOptions {
        step_index: 3,
        ..Default::default()
    });
    assert_eq!(
        serde_json::to_value(&built).unwrap(),
        json!({
            "container": {
                "name": "precedence-check-3",
                "image": "registry.example/precedence:16.4",
                "imagePullPolicy": "IfNotPresent",
                "args": [
                    "check", "--d=task-default", "--b=builtin", "--u=user", "--db=builtin",
                    "--du=user", "--bu=user", "--dbu=user", "--none=inline", "--empty=",
                    "--db-version=16.4",
                ],
                "env": [{"name": "A", "value": "function"}, {"name": "B", "value": "function"}],
                "resources": {"requests": {"cpu": "100m"}},
                "volumeMounts": [{"name": "kubestash-tmp-volume", "mountPath": "/kubestash-tmp"}],
            },
            "volumes": [{"name": "kubestash-tmp-volume", "emptyDir": {}}],
        })
    );
}
