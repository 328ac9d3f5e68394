//! The generators of the differential cases: substitution templates and variables, versions
//! for `${DB_VERSION}`, Functions, Addon tasks, inputs in every layer and runtime settings.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::Case;

pub(crate) const NAMES: &[&str] = &[
    "a",
    "b",
    "x1",
    "é",
    "_",
    "ns",
    "paths",
    "namespace",
    "PVC_NAME",
    "DB_VERSION",
];
pub(crate) const VALUES: &[&str] = &[
    "", "v", "é", "a b", "/data", "16.4", "$$", "${a}", "<&>", "x/y", "ÉLAN", "straße", "1", "\\",
];

pub(crate) fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_owned)
}

pub(crate) fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(VALUES).prop_map(str::to_owned),
        1 => Just("q\"uote".to_owned()),
        1 => Just("line\nbreak".to_owned()),
    ]
}

/// One piece of a template: literal text, or an expansion in one of the engine's forms.
pub(crate) fn fragment() -> impl Strategy<Value = String> {
    let literal = prop::sample::select(
        &[
            "--x=", "a", "é", "$$", "$", "$name", "$(NAME)", "$${a}", "<>&", " ", "\\", "\u{2028}",
            "}", "-", "/",
        ][..],
    )
    .prop_map(str::to_owned);
    let word = prop::sample::select(&["w", "", "é", "${b}", "${b:=z}", "/x", "*", "a*", "?"][..])
        .prop_map(str::to_owned);
    let op = prop::sample::select(
        &[
            "", ":=", "=", ":-", ":+", ":?", "#", "##", "%", "%%", "/", "//", "/#", "/%", ":1",
            ":1:2", ":0:-1", "^", "^^", ",", ",,", "-", "+", "?",
        ][..],
    );
    let expansion = (name(), op, word.clone(), word).prop_map(|(n, op, w, r)| match op {
        "" | "^" | "^^" | "," | ",," | ":1" | ":1:2" | ":0:-1" => format!("${{{n}{op}}}"),
        "/" | "//" | "/#" | "/%" => format!("${{{n}{op}{w}/{r}}}"),
        _ => format!("${{{n}{op}{w}}}"),
    });
    let length = name().prop_map(|n| format!("${{#{n}}}"));
    let broken =
        prop::sample::select(&["${", "${a", "${}", "${a:=w", "${ a}"][..]).prop_map(str::to_owned);
    prop_oneof![4 => literal, 6 => expansion, 1 => length, 1 => broken]
}

pub(crate) fn template() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..4).prop_map(|parts| parts.concat())
}

/// A template for the fields of a Function or an Addon: mostly text and expansions with a
/// default (so that most cases resolve and their documents are compared), sometimes any form.
pub(crate) fn field() -> impl Strategy<Value = String> {
    let literal = prop::sample::select(
        &[
            "--x=", "a", "é", "$$", "$", "$(NAME)", "<>&", " ", "\\", "-",
        ][..],
    )
    .prop_map(str::to_owned);
    let op = prop::sample::select(&[":=", "=", ":-"][..]);
    let word = prop::sample::select(&["w", "", "é", "${b:=z}", "/x"][..]);
    let defaulted = (name(), op, word).prop_map(|(n, op, w)| format!("${{{n}{op}{w}}}"));
    let part = prop_oneof![4 => literal, 5 => defaulted, 1 => fragment()];
    prop::collection::vec(part, 0..4).prop_map(|parts| parts.concat())
}

pub(crate) fn vars() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(name(), value(), 0..5)
}

/// Versions that share majors, with and without patch or suffix.
pub(crate) fn version() -> impl Strategy<Value = String> {
    (
        14u32..19,
        0u32..5,
        prop::option::of(0u32..3),
        prop::sample::select(&["", "", "-bookworm", "-alpine"][..]),
    )
        .prop_map(|(ma, mi, pa, sfx)| match pa {
            Some(p) => format!("{ma}.{mi}.{p}{sfx}"),
            None => format!("{ma}.{mi}{sfx}"),
        })
}

pub(crate) fn db_version_case() -> impl Strategy<Value = Case> {
    let special = prop::sample::select(
        &[
            "10.11.6",
            "10.4.2",
            "10.5.1",
            "11.2.2",
            "7.0.3",
            "17.0.3",
            "5.7.44",
            "17.9-percona",
            "17.9",
            "latest",
            "v16.4",
            "percona-7.0.4-debian",
        ][..],
    )
    .prop_map(str::to_owned);
    let function = prop::sample::select(
        &[
            "postgres-backup",
            "postgres-physical-restore",
            "mongodb-backup",
            "mysql-physical-backup",
            "mariadb-physical-backup",
            "pvc-backup",
        ][..],
    )
    .prop_map(str::to_owned);
    (
        prop::collection::vec(version(), 0..7),
        0usize..10,
        version(),
        special,
        function,
    )
        .prop_map(|(available, pick, fresh, special, function)| {
            // Half the time the database's version is one of the available ones (the tie rule).
            let db = match pick {
                0..=4 if !available.is_empty() => available[pick % available.len()].clone(),
                5 | 6 => special,
                _ => fresh,
            };
            Case::DbVersion {
                available,
                db,
                function,
            }
        })
}

pub(crate) fn env_var() -> impl Strategy<Value = Value> {
    (name(), field(), any::<bool>()).prop_map(|(n, t, field_ref)| {
        if field_ref {
            json!({"name": format!("E{}", n.len()), "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}})
        } else {
            json!({"name": format!("E{}", n.len()), "value": t})
        }
    })
}

pub(crate) fn runtime_settings() -> impl Strategy<Value = Value> {
    let quantities = prop::collection::btree_map(
        prop::sample::select(&["cpu", "memory"][..]).prop_map(str::to_owned),
        prop::sample::select(&["100m", "1Gi", "2"][..]).prop_map(str::to_owned),
        0..3,
    );
    (
        quantities.clone(),
        quantities,
        prop::collection::vec(env_var(), 0..3),
        any::<bool>(),
        prop::option::of(-5i32..5),
        prop::option::of((prop::option::of(0i32..4), prop::option::of(0i32..8))),
        any::<bool>(),
    )
        .prop_map(|(limits, requests, env, env_from, nice, ionice, extra)| {
            let mut rs = serde_json::Map::new();
            let mut resources = serde_json::Map::new();
            if !limits.is_empty() {
                resources.insert("limits".into(), json!(limits));
            }
            if !requests.is_empty() {
                resources.insert("requests".into(), json!(requests));
            }
            rs.insert("resources".into(), Value::Object(resources));
            if !env.is_empty() {
                rs.insert("env".into(), json!(env));
            }
            if env_from {
                rs.insert("envFrom".into(), json!([{"secretRef": {"name": "s"}}]));
            }
            if let Some(n) = nice {
                rs.insert("nice".into(), json!({"adjustment": n}));
            }
            if let Some((class, data)) = ionice {
                let mut io = serde_json::Map::new();
                if let Some(c) = class {
                    io.insert("class".into(), json!(c));
                }
                if let Some(d) = data {
                    io.insert("classData".into(), json!(d));
                }
                rs.insert("ionice".into(), Value::Object(io));
            }
            if extra {
                rs.insert("securityContext".into(), json!({"runAsUser": 1000}));
                rs.insert(
                    "livenessProbe".into(),
                    json!({"exec": {"command": ["true"]}}),
                );
            }
            Value::Object(rs)
        })
}

pub(crate) fn mount() -> impl Strategy<Value = Value> {
    (field(), field(), any::<bool>()).prop_map(|(n, p, ro)| {
        let mut m = json!({"name": format!("m{n}"), "mountPath": format!("/m/{p}")});
        if ro {
            m["readOnly"] = json!(true);
        }
        m
    })
}

pub(crate) fn volume_template() -> impl Strategy<Value = Value> {
    (field(), 0u8..4, field()).prop_map(|(n, kind, t)| {
        let source = match kind {
            0 => json!({"persistentVolumeClaim": {"claimName": format!("${{PVC_NAME}}{t}")}}),
            1 => json!({"emptyDir": {}}),
            2 => json!({"configMap": {"name": t}}),
            _ => json!({"volumeClaimTemplate": {"metadata": {"name": format!("c{t}")}, "spec": {"accessModes": ["ReadWriteOnce"]}}}),
        };
        json!({"name": format!("v{n}"), "usage": "u", "source": source})
    })
}

pub(crate) fn resolve_case() -> impl Strategy<Value = Case> {
    let fn_name =
        prop::sample::select(&["pvc-backup", "my.fn", "postgres-backup", "mongodb-restore"][..]);
    let spec = (
        prop::option::of(field()),
        prop::collection::vec(field(), 0..3),
        prop::collection::vec(field(), 0..5),
        prop::option::of(field()),
        prop::collection::vec(mount(), 0..3),
        prop::option::of(runtime_settings()),
        prop::collection::vec(version(), 0..4),
        any::<bool>(),
    );
    let params = prop::collection::vec((name(), value(), prop::bool::weighted(0.15)), 0..4);
    let task = (
        params,
        prop::collection::vec(volume_template(), 0..3),
        prop::collection::vec(mount(), 0..2),
    );
    (
        fn_name,
        spec,
        prop::option::of(task),
        vars(),
        vars(),
        version(),
        prop::option::of(runtime_settings()),
        0usize..3,
    )
        .prop_map(|(fn_name, spec, task, builtins, user_params, db, rs, step_index)| {
            let (image, command, args, working_dir, mounts, fn_rs, available, image_db) = spec;
            let mut s = serde_json::Map::new();
            let uses_db = image_db && !available.is_empty();
            let image = match (image, uses_db) {
                (Some(t), true) => format!("img:${{DB_VERSION}}{t}"),
                (None, true) => "img:${DB_VERSION}".to_owned(),
                (Some(t), false) => format!("img:{t}"),
                (None, false) => "img:1".to_owned(),
            };
            s.insert("image".into(), json!(image));
            // DB_VERSION is only mentioned where it can be chosen (see the README's differential
            // section: how the operator treats an empty list without a database is not known).
            let strip = |t: String| if available.is_empty() { t.replace("DB_VERSION", "DBV") } else { t };
            if !command.is_empty() {
                s.insert("command".into(), json!(command.into_iter().map(strip).collect::<Vec<_>>()));
            }
            if !args.is_empty() {
                s.insert("args".into(), json!(args.into_iter().map(strip).collect::<Vec<_>>()));
            }
            if let Some(w) = working_dir {
                s.insert("workingDir".into(), json!(strip(w)));
            }
            if !mounts.is_empty() {
                s.insert("volumeMounts".into(), json!(mounts));
            }
            if let Some(rs) = fn_rs {
                s.insert("runtimeSettings".into(), rs);
            }
            if !available.is_empty() {
                s.insert("availableVersions".into(), json!(available));
            }
            let function = json!({
                "apiVersion": "addons.kubestash.com/v1alpha1",
                "kind": "Function",
                "metadata": {"name": fn_name},
                "spec": Value::Object(s),
            });
            let function: Value = serde_json::from_str(&strip(function.to_string())).expect("still JSON");
            let addon = task.map(|(params, volumes, mounts)| {
                let parameters: Vec<Value> = params
                    .into_iter()
                    .map(|(n, d, required)| {
                        let mut p = json!({"name": n, "usage": "u"});
                        if !d.is_empty() {
                            p["default"] = json!(d);
                        }
                        if required {
                            p["required"] = json!(true);
                        }
                        p
                    })
                    .collect();
                let mut task = json!({"name": "t", "function": fn_name, "driver": "Restic", "executor": "Job"});
                if !parameters.is_empty() {
                    task["parameters"] = json!(parameters);
                }
                if !volumes.is_empty() {
                    task["volumeTemplate"] = json!(volumes);
                }
                if !mounts.is_empty() {
                    task["volumeMounts"] = json!(mounts);
                }
                json!({
                    "apiVersion": "addons.kubestash.com/v1alpha1",
                    "kind": "Addon",
                    "metadata": {"name": "addon"},
                    "spec": {"backupTasks": [task]},
                })
            });
            let db_version = function["spec"].get("availableVersions").map(|_| db);
            Case::Resolve {
                function,
                addon,
                builtins,
                user_params,
                db_version,
                runtime_settings: rs,
                step_index,
            }
        })
}

pub(crate) fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        4 => (template(), vars()).prop_map(|(template, vars)| Case::Eval { template, vars }),
        2 => db_version_case(),
        4 => resolve_case(),
    ]
}
