//! Benchmark of the substitution engine over a JSONL corpus, measured the way
//! the Go reference harness (`bench/envsubst-go`) measures gomodules/drone
//! envsubst, so the two `ns_per_doc` figures compare directly.
//!
//! ```text
//! cargo bench -p function-core --bench envsubst [-- [--min-time SECS] [--only NAME] [CORPUS.jsonl]]
//! ```
//!
//! `--only one-shot|compiled|std|dollars` runs a single measurement (for
//! profiling).
//!
//! Each corpus line is `{"template": "...", "vars": {"k": "v"}}`; the default
//! corpus is the in-tree `tests/fixtures/envsubst/corpus-kubestash.jsonl`.
//! Variable maps are built before timing; lookups are inside the timed loop.
//! Prints:
//! - `ns_per_doc`: one-shot `eval_map` (parse + evaluate) per document;
//! - `ns_per_doc_compiled`: rendering templates parsed beforehand;
//! - `ns_per_doc_std_hashmap`: one-shot with a std (SipHash) `HashMap`;
//! - `ms_dollar_escapes_16000`: one evaluation of a text of 16,000 `$$`
//!   (upstream is quadratic here: ~450 ms).

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use function_core::envsubst::{Template, Vars, eval_map};

#[derive(serde::Deserialize)]
struct Doc {
    template: String,
    #[serde(default)]
    vars: HashMap<String, String>,
}

/// Runs `pass` (one pass over `n` documents) until `min` has elapsed;
/// returns nanoseconds per document.
fn measure(min: Duration, n: usize, mut pass: impl FnMut() -> usize) -> (f64, usize, usize) {
    // Warm-up.
    let mut sink = pass();
    let mut passes = 0usize;
    let start = Instant::now();
    while start.elapsed() < min {
        sink = sink.wrapping_add(pass());
        passes += 1;
    }
    let el = start.elapsed();
    (el.as_nanos() as f64 / (passes * n) as f64, passes, sink)
}

fn main() {
    let mut min = Duration::from_secs(2);
    let mut corpus = None;
    let mut only: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => {}
            "--min-time" => {
                let secs: f64 = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--min-time SECS");
                min = Duration::from_secs_f64(secs);
            }
            "--only" => only = args.next(),
            _ if a.starts_with("--") => {}
            _ => corpus = Some(a),
        }
    }
    let path = corpus.unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/envsubst/corpus-kubestash.jsonl"
        )
        .into()
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let docs: Vec<Doc> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).expect("corpus line"))
        .collect();
    let n = docs.len();
    let bytes: usize = docs.iter().map(|d| d.template.len()).sum();
    let fast: Vec<Vars> = docs
        .iter()
        .map(|d| d.vars.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .collect();
    let templates: Vec<Template<'_>> = docs
        .iter()
        .map(|d| Template::parse(&d.template).expect("corpus template parses"))
        .collect();
    for ((d, v), t) in docs.iter().zip(&fast).zip(&templates) {
        let a = eval_map(&d.template, v).expect("corpus evaluates");
        assert_eq!(t.render(v).as_deref(), Ok(a.as_str()));
    }

    let run = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let skip = (f64::NAN, 0, 0);
    let (one_shot, passes, sink) = if !run("one-shot") {
        skip
    } else {
        measure(min, n, || {
            let mut sink = 0;
            for (d, v) in docs.iter().zip(&fast) {
                sink += eval_map(black_box(&d.template), v).map_or(0, |s| s.len());
            }
            sink
        })
    };
    let (compiled, _, _) = if !run("compiled") {
        skip
    } else {
        measure(min, n, || {
            let mut sink = 0;
            for (t, v) in templates.iter().zip(&fast) {
                sink += black_box(t).render(v).map_or(0, |s| s.len());
            }
            sink
        })
    };
    let (std_map, _, _) = if !run("std") {
        skip
    } else {
        measure(min, n, || {
            let mut sink = 0;
            for d in &docs {
                sink += eval_map(black_box(&d.template), &d.vars).map_or(0, |s| s.len());
            }
            sink
        })
    };
    let escapes = "$$".repeat(16_000);
    let empty = Vars::default();
    assert_eq!(eval_map(&escapes, &empty).map(|s| s.len()), Ok(16_000));
    let (dollar_ns, _, _) = if !run("dollars") {
        skip
    } else {
        measure(min / 4, 1, || {
            eval_map(black_box(&escapes), &empty).map_or(0, |s| s.len())
        })
    };

    println!("corpus={path}");
    println!("docs={n} passes={passes} sink={sink}");
    println!(
        "mb_per_s={:.1}",
        bytes as f64 / n as f64 / one_shot * 1e9 / 1e6
    );
    println!("ns_per_doc={one_shot:.0}");
    println!("ns_per_doc_compiled={compiled:.0}");
    println!("ns_per_doc_std_hashmap={std_map:.0}");
    println!("ms_dollar_escapes_16000={:.3}", dollar_ns / 1e6);
}
