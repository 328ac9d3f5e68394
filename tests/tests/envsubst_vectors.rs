//! Every vector of `fixtures/envsubst/vectors.tsv` (gomodules.xyz/envsubst
//! v0.2.0 `EvalMap` results) must hold, through both the one-shot and the
//! compiled path.

use std::collections::HashMap;

use function_core::envsubst::{Template, eval_map};

const VECTORS: &str = include_str!("../fixtures/envsubst/vectors.tsv");

/// Undoes the TSV field escaping: `\\`, `\t`, `\n`, `\r`.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            other => panic!("bad escape \\{other:?} in {field:?}"),
        }
    }
    out
}

struct Vector {
    id: String,
    template: String,
    vars: HashMap<String, String>,
    output: String,
    error: Option<String>,
}

fn vectors() -> Vec<Vector> {
    let mut lines = VECTORS.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (t, v, o, e, api, et, id) = (
        col("template"),
        col("vars"),
        col("expected_output"),
        col("expected_error"),
        col("api"),
        col("error_text"),
        col("id"),
    );
    lines
        .filter(|l| !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), header.len(), "bad row {line:?}");
            assert_eq!(f[api], "EvalMap");
            let vars = if f[v].is_empty() {
                HashMap::new()
            } else {
                f[v].split(';')
                    .map(|kv| {
                        let (k, v) = kv.split_once('=').expect("k=v");
                        (unescape(k), unescape(v))
                    })
                    .collect()
            };
            let error = match f[e] {
                "yes" => Some(unescape(f[et])),
                "no" => None,
                other => panic!("expected_error {other:?}"),
            };
            Vector {
                id: f[id].to_string(),
                template: unescape(f[t]),
                vars,
                output: unescape(f[o]),
                error,
            }
        })
        .collect()
}

fn check(v: &Vector, got: Result<String, String>) -> Option<String> {
    match (&v.error, got) {
        (None, Ok(out)) if out == v.output => None,
        (Some(want), Err(msg)) if want.starts_with("panic:") || *want == msg => None,
        (want, got) => Some(format!(
            "id {}: template {:?} vars {:?}: want {} got {:?}",
            v.id,
            v.template,
            v.vars,
            match want {
                Some(e) => format!("error {e:?}"),
                None => format!("output {:?}", v.output),
            },
            got
        )),
    }
}

#[test]
fn all_274_vectors_pass() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 274);
    let mut failures = Vec::new();
    for v in &vectors {
        let one_shot = eval_map(&v.template, &v.vars).map_err(|e| e.to_string());
        failures.extend(check(v, one_shot).map(|f| format!("eval_map: {f}")));
        let compiled = Template::parse(&v.template)
            .and_then(|t| t.render(&v.vars))
            .map_err(|e| e.to_string());
        failures.extend(check(v, compiled).map(|f| format!("compiled: {f}")));
    }
    assert!(
        failures.is_empty(),
        "{} failing vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn vector_errors_are_lookup_errors_or_panics() {
    // The vectors only contain lookup errors; parse errors and the negative
    // length divergence are covered by the unit tests next to the engine.
    let vectors = vectors();
    let errors: Vec<_> = vectors.iter().filter_map(|v| v.error.as_deref()).collect();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(
        |e| e.starts_with("input/default value not found for key ") || e.starts_with("panic:")
    ));
}

/// Every vector is what gomodules.xyz/envsubst v0.2.0 `EvalMap` gives today (asked of the Go
/// oracle, `tests/oracle-go`): the file is upstream's behaviour, not a recording of ours.
#[test]
fn every_vector_is_what_gomodules_evalmap_gives() {
    let mut oracle = kubestash_fn_tests::oracle::Oracle::start();
    let mut failures = Vec::new();
    for v in vectors() {
        let go =
            oracle.ask(&serde_json::json!({"op": "eval", "template": v.template, "vars": v.vars}));
        let go = match go.get("error").and_then(|e| e.as_str()) {
            Some(e) => Err(e.to_owned()),
            None => Ok(go["output"].as_str().unwrap_or_default().to_owned()),
        };
        let same = match (&v.error, &go) {
            (Some(want), Err(got)) => {
                want == got || (want.starts_with("panic:") && got.starts_with("panic:"))
            }
            (None, Ok(out)) => *out == v.output,
            _ => false,
        };
        if !same {
            failures.push(format!(
                "id {}: {:?} {:?}: file says {:?}/{:?}, Go gives {go:?}",
                v.id, v.template, v.vars, v.output, v.error
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} vectors differ from EvalMap:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
