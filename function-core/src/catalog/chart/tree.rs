//! `values.yaml` and `values.schema.json`: one tree of values, each leaf with its comment, its
//! default and its schema, written twice.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::super::Catalog;
use super::super::analyze::Analysis;
use super::super::values::ValueKind;
use super::{HEADER_TEXT, one_line, webhook, yaml_scalar};
use crate::plugin::ValueBounds;

/// `^...$` of a registry value: a host (with an optional port) and an optional path, or empty.
const REGISTRY_PATTERN: &str = r"^([A-Za-z0-9][A-Za-z0-9._:-]*(/[A-Za-z0-9._-]+)*)?$";
/// `^...$` of a text value: no `}`, `$`, `"`, `\` or control character.
const TEXT_PATTERN: &str = r#"^[^}$"\\\x00-\x1f\x7f]*$"#;

/// A node of `values.yaml`, with its comment and its schema.
pub(super) enum Node {
    Leaf {
        comment: String,
        yaml: String,
        schema: Value,
    },
    Map {
        comment: String,
        children: Vec<(String, Node)>,
    },
}

impl Node {
    pub(super) fn map(comment: impl Into<String>) -> Self {
        Node::Map {
            comment: comment.into(),
            children: Vec::new(),
        }
    }

    pub(super) fn child(&mut self, key: &str) -> Option<&mut Node> {
        match self {
            Node::Map { children, .. } => {
                children.iter_mut().find(|(k, _)| k == key).map(|(_, n)| n)
            }
            Node::Leaf { .. } => None,
        }
    }

    pub(super) fn push(&mut self, key: impl Into<String>, node: Node) {
        if let Node::Map { children, .. } = self {
            children.push((key.into(), node));
        }
    }

    /// Inserts a leaf at a `.`-separated path, creating maps on the way.
    pub(super) fn insert(&mut self, path: &str, leaf: Node) {
        let mut node = self;
        let segments: Vec<&str> = path.split('.').collect();
        let (last, parents) = segments.split_last().unwrap_or((&"", &[]));
        for seg in parents {
            if node.child(seg).is_none() {
                node.push(*seg, Node::map(format!("Values under `{seg}`.")));
            }
            match node.child(seg) {
                Some(next) => node = next,
                None => return,
            }
        }
        node.push(*last, leaf);
    }
}

pub(super) fn values_tree(catalog: &Catalog, analysis: &Analysis) -> Node {
    let name = &catalog.name;
    let mut root = Node::map(format!("Default values of the {name} chart."));
    root.push(
        "nameOverride",
        Node::Leaf {
            comment: format!(
                "Replaces the chart name ({name}) in the `app.kubernetes.io/name` label."
            ),
            yaml: "\"\"".into(),
            schema: json!({"type": "string"}),
        },
    );
    root.push(
        "fullnameOverride",
        Node::Leaf {
            comment: format!(
                "Replaces `<release>-{name}` as computed by the `{name}.fullname` helper \
                 (the objects keep their own names)."
            ),
            yaml: "\"\"".into(),
            schema: json!({"type": "string"}),
        },
    );
    let mut proxies = Node::map(
        "The registry of each image, by registry: set one to pull the images through a proxy or \
         a mirror (e.g. `--set proxies.ghcr=harbor.example.com/ghcr`). The image's repository \
         and tag are kept.",
    );
    for (key, host) in &analysis.proxies {
        let repos: Vec<String> = catalog
            .functions
            .iter()
            .filter_map(|f| function_rules::check_image(&f.spec.image).ok())
            .filter(|r| r.domain().unwrap_or_default() == host)
            .map(|r| r.path().to_owned())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let comment = if host.is_empty() {
            format!(
                "Registry of the images written without one (Docker Hub): {}. Empty pulls them as written.",
                repos.join(", ")
            )
        } else {
            format!("Registry of the images on {host}: {}.", repos.join(", "))
        };
        proxies.push(
            key.clone(),
            Node::Leaf {
                comment,
                yaml: yaml_scalar(host),
                schema: json!({"type": "string", "pattern": REGISTRY_PATTERN}),
            },
        );
    }
    root.push("proxies", proxies);

    let value_leaf = |key: &str| {
        let v = &analysis.values[key];
        let variable = catalog
            .bindings
            .iter()
            .find(|b| b.key == key)
            .map(|b| b.variable.as_str())
            .unwrap_or_default();
        let mut comment = v.description.clone().unwrap_or_default();
        if !comment.is_empty() && !comment.ends_with('.') {
            comment.push('.');
        }
        if !comment.is_empty() {
            comment.push(' ');
        }
        let _ = write!(
            comment,
            "The default of ${{{variable}}} in {}.",
            v.used_by.join(", ")
        );
        let (yaml, mut schema) = match v.kind {
            ValueKind::Integer => (v.default.clone(), json!({"type": "integer"})),
            ValueKind::Boolean => (v.default.clone(), json!({"type": "boolean"})),
            ValueKind::Text => (
                yaml_scalar(&v.default),
                json!({"type": ["string", "number", "boolean"], "pattern": TEXT_PATTERN}),
            ),
        };
        add_bounds(&mut schema, v.kind, v.bounds);
        Node::Leaf {
            comment,
            yaml,
            schema,
        }
    };
    let first = |key: &str| key.split('.').next().unwrap_or(key).to_owned();
    for key in analysis.values.keys() {
        if !analysis.apps.contains_key(&first(key)) {
            root.insert(key, value_leaf(key));
        }
    }
    for (app, objects) in &analysis.apps {
        let list = |kind: &str| {
            objects
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut what = Vec::new();
        for (kind, plural) in [("Function", "Functions"), ("Addon", "Addons")] {
            let names = list(kind);
            if !names.is_empty() {
                let label = if names.contains(',') { plural } else { kind };
                what.push(format!("{label} {names}"));
            }
        }
        let what = what.join("; ");
        let mut node = Node::map(format!("The {app} app: {what}."));
        node.push(
            "enabled",
            Node::Leaf {
                comment: format!("If true, installs {what}."),
                yaml: "true".into(),
                schema: json!({"type": "boolean"}),
            },
        );
        root.push(app.clone(), node);
    }
    for key in analysis.values.keys() {
        if analysis.apps.contains_key(&first(key)) {
            root.insert(key, value_leaf(key));
        }
    }
    root.push(webhook::KEY, webhook::values());
    root
}

pub(super) fn values_yaml(name: &str, root: &Node) -> String {
    fn emit(out: &mut String, children: &[(String, Node)], indent: usize, top: bool) {
        let pad = " ".repeat(indent);
        for (i, (key, node)) in children.iter().enumerate() {
            if top && i > 0 {
                out.push('\n');
            }
            let comment = match node {
                Node::Leaf { comment, .. } | Node::Map { comment, .. } => comment,
            };
            let _ = writeln!(out, "{pad}# {}", one_line(comment));
            match node {
                Node::Leaf { yaml, .. } => {
                    let _ = writeln!(out, "{pad}{}: {yaml}", yaml_scalar(key));
                }
                Node::Map { children, .. } if children.is_empty() => {
                    let _ = writeln!(out, "{pad}{}: {{}}", yaml_scalar(key));
                }
                Node::Map { children, .. } => {
                    let _ = writeln!(out, "{pad}{}:", yaml_scalar(key));
                    emit(out, children, indent + 2, false);
                }
            }
        }
    }
    let mut out = format!("# {HEADER_TEXT}\n# Default values of the {name} chart.\n\n");
    if let Node::Map { children, .. } = root {
        emit(&mut out, children, 0, true);
    }
    out
}

/// Narrows a value's schema to what the Rust type of its arguments allows: an integer type's
/// `minimum` and `maximum`, a `bool`'s `enum`, a type's `pattern` (a bound that JSON cannot
/// hold exactly, past ±2⁶³, is left out). Bounds of another kind than the default's are
/// ignored: the default decides the type.
fn add_bounds(schema: &mut Value, kind: ValueKind, bounds: Option<ValueBounds>) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    match (kind, bounds) {
        (ValueKind::Integer, Some(ValueBounds::Integer { minimum, maximum })) => {
            if let Ok(min) = i64::try_from(minimum) {
                object.insert("minimum".into(), min.into());
            }
            if let Ok(max) = u64::try_from(maximum) {
                object.insert("maximum".into(), max.into());
            }
        }
        (ValueKind::Boolean, Some(ValueBounds::Boolean)) => {
            object.insert("enum".into(), json!([true, false]));
        }
        (ValueKind::Text, Some(ValueBounds::Pattern(pattern))) => {
            // Both patterns apply: the type's, and the one that keeps the value safe in JSON.
            let safe = object.remove("pattern");
            object.insert("type".into(), json!("string"));
            object.insert(
                "allOf".into(),
                json!([{"pattern": safe}, {"pattern": pattern}]),
            );
        }
        _ => {}
    }
}

pub(super) fn values_schema(name: &str, root: &Node) -> String {
    fn schema(node: &Node) -> Value {
        match node {
            Node::Leaf {
                comment, schema, ..
            } => {
                let mut s = schema.clone();
                if let Some(map) = s.as_object_mut() {
                    map.insert("description".into(), Value::String(one_line(comment)));
                }
                s
            }
            Node::Map { comment, children } => {
                let properties: serde_json::Map<String, Value> = children
                    .iter()
                    .map(|(k, n)| (k.clone(), schema(n)))
                    .collect();
                let required: Vec<&String> = children.iter().map(|(k, _)| k).collect();
                json!({
                    "description": one_line(comment),
                    "type": "object",
                    "additionalProperties": false,
                    "properties": properties,
                    "required": required,
                })
            }
        }
    }
    let mut top = schema(root);
    if let Some(map) = top.as_object_mut() {
        if let Some(Value::Object(props)) = map.get_mut("properties") {
            props.insert(
                "global".into(),
                json!({"description": "Global values of a parent chart.", "type": "object"}),
            );
        }
        let mut out = serde_json::Map::new();
        out.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        out.insert("$comment".into(), json!(HEADER_TEXT));
        out.insert("title".into(), json!(format!("Values of the {name} chart")));
        out.extend(std::mem::take(map));
        top = Value::Object(out);
    }
    let mut text = serde_json::to_string_pretty(&top).unwrap_or_default();
    text.push('\n');
    text
}
