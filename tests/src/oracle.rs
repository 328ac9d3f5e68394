//! The Go oracle (`tests/oracle-go`): upstream's own Go code answering JSON lines.
//!
//! [`Oracle::start`] builds it through `scripts/oracle.sh` (into `target/tools/oracle`, from the
//! committed `go.sum`) and starts it; [`Oracle::ask`] sends one request and reads its answer.
//! Without Go the build fails and so does the test that needed it, loudly: nothing is skipped.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Map, Value, json};

/// A running oracle process.
pub struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_path_buf()
}

/// Builds the oracle with `scripts/oracle.sh` and returns the binary's path. Panics, with the
/// script's own message, when it cannot be built (no Go, no module proxy).
pub fn build() -> PathBuf {
    let out = Command::new("bash")
        .arg(root().join("scripts/oracle.sh"))
        .stderr(Stdio::inherit())
        .output()
        .expect("bash runs scripts/oracle.sh");
    assert!(
        out.status.success(),
        "scripts/oracle.sh could not build the Go oracle (tests/oracle-go): these tests need Go \
         >= 1.25 and the Go module proxy; see the message above"
    );
    let path = String::from_utf8(out.stdout).expect("a UTF-8 path");
    PathBuf::from(path.trim())
}

impl Oracle {
    /// Builds (when needed) and starts the oracle.
    pub fn start() -> Oracle {
        let binary = build();
        let mut child = Command::new(&binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Oracle {
            child,
            stdin,
            stdout,
        }
    }

    /// Sends one request (an object with an `op`) and returns the answer.
    pub fn ask(&mut self, request: &Value) -> Value {
        let mut line = serde_json::to_string(request).expect("a request serialises");
        line.push('\n');
        self.stdin
            .write_all(line.as_bytes())
            .and_then(|()| self.stdin.flush())
            .expect("the oracle reads its input");
        let mut answer = String::new();
        let n = self
            .stdout
            .read_line(&mut answer)
            .expect("the oracle answers");
        assert!(n > 0, "the oracle exited without answering {line}");
        serde_json::from_str(&answer).unwrap_or_else(|e| panic!("bad answer {answer:?}: {e}"))
    }

    /// What Go writes for `object` of `kind` (`Function`, `Addon`, `ContainerRuntimeSettings`,
    /// `Container`): the object unmarshalled into upstream's Go type and marshalled again.
    pub fn normalise(&mut self, kind: &str, object: &Value) -> Value {
        let answer = self.ask(&json!({"op": "normalise", "kind": kind, "object": object}));
        match answer.get("object") {
            Some(v) => v.clone(),
            None => panic!("Go cannot read this {kind}: {answer}\n{object:#}"),
        }
    }
}

impl Drop for Oracle {
    fn drop(&mut self) {
        // Closing stdin ends the oracle; wait so that no process is left behind.
        let _ = self.stdin.flush();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `value` with every object's keys sorted, as one line of JSON: two values are the same
/// document exactly when their canonical texts are equal byte for byte.
pub fn canonical(value: &Value) -> String {
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                Value::Object(
                    keys.into_iter()
                        .map(|k| (k.clone(), sort(&m[k])))
                        .collect::<Map<_, _>>(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&sort(value)).expect("a JSON value serialises")
}

/// Go's container without the mounts (and volumes) the project does not add twice: a mount
/// identical to an earlier one, the scratch mount when another mount uses `/kubestash-tmp`, the
/// scratch volume when another volume is named `kubestash-tmp-volume` (the documented
/// divergence `MountsNotDuplicated`: the reference says they are added, the project does not
/// add them twice, and the reference catalog's own tasks declare the scratch volume).
pub fn without_duplicate_mounts(mut built: Value) -> Value {
    let scratch_mount = json!({"mountPath": "/kubestash-tmp", "name": "kubestash-tmp-volume"});
    if let Some(Value::Array(mounts)) = built["container"].get_mut("volumeMounts") {
        let mut kept: Vec<Value> = Vec::new();
        for m in mounts.drain(..) {
            if !kept.contains(&m) {
                kept.push(m);
            }
        }
        let taken = kept
            .iter()
            .filter(|m| **m != scratch_mount && m["mountPath"] == "/kubestash-tmp")
            .count();
        if taken > 0 {
            kept.retain(|m| *m != scratch_mount);
        }
        *mounts = kept;
    }
    if let Some(Value::Array(volumes)) = built.get_mut("volumes") {
        let scratch = json!({"emptyDir": {}, "name": "kubestash-tmp-volume"});
        // The scratch volume is the last one Go appends: dropped when another one has its name.
        let named = volumes
            .iter()
            .filter(|v| v["name"] == "kubestash-tmp-volume")
            .count();
        if named > 1 && volumes.last() == Some(&scratch) {
            volumes.pop();
        }
    }
    built
}

/// `ours` without the members that hold a zero scalar (`""` or `false`) and that `go` (what Go
/// writes for the same object) does not have at the same place, with the paths of those
/// members. It removes nothing Go keeps: what is left equals `go` exactly when the two sides
/// differ only by the documented divergence `EmptyStringKept` (an optional field of an
/// embedded Kubernetes type, set to its zero value: k8s-openapi writes it, Go's `omitempty`
/// drops it; the same object for Go and for the API server).
///
/// ```
/// use serde_json::json;
/// use kubestash_fn_tests::oracle::without_zero_values_go_drops;
///
/// let ours = json!({"m": [{"readOnly": false, "subPath": "", "name": "a"}], "keep": false});
/// let go = json!({"m": [{"name": "a"}], "keep": false});
/// let (left, paths) = without_zero_values_go_drops(&ours, &go);
/// assert_eq!(left, go);
/// assert_eq!(paths, ["m[0].readOnly", "m[0].subPath"]);
/// ```
pub fn without_zero_values_go_drops(ours: &Value, go: &Value) -> (Value, Vec<String>) {
    fn walk(ours: &Value, go: Option<&Value>, path: &str, dropped: &mut Vec<String>) -> Value {
        match ours {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter_map(|(k, v)| {
                        let theirs = go.and_then(|g| g.get(k));
                        let here = if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        };
                        let zero = v.as_str() == Some("") || v.as_bool() == Some(false);
                        if zero && theirs.is_none() && go.is_some_and(Value::is_object) {
                            dropped.push(here);
                            return None;
                        }
                        Some((k.clone(), walk(v, theirs, &here, dropped)))
                    })
                    .collect(),
            ),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        walk(
                            v,
                            go.and_then(|g| g.get(i)),
                            &format!("{path}[{i}]"),
                            dropped,
                        )
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    let mut dropped = Vec::new();
    let left = walk(ours, Some(go), "", &mut dropped);
    (left, dropped)
}
