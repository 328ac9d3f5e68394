//! `kubestash-fn eval`, run as a process.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_kubestash-fn");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/envsubst");

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kubestash-fn");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap()
}

#[test]
fn template_with_set() {
    let out = run(
        &[
            "eval",
            "--set",
            "namespace=demo",
            "--set",
            "empty=",
            "--set",
            "eq=a=b",
            "ns=${namespace} e=[${empty:=x}] d=${absent:=300} eq=${eq} $$(HOME)",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "ns=demo e=[] d=300 eq=a=b $(HOME)\n");
    assert!(out.stderr.is_empty());
}

#[test]
fn last_set_wins() {
    let out = run(&["eval", "--set", "k=1", "--set", "k=2", "${k}"], None);
    assert_eq!(text(&out.stdout), "2\n");
}

#[test]
fn evaluation_error_exits_1_with_message() {
    let out = run(&["eval", "--set", "a=1", "${a} ${b}"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "error: <template>:1:6: input/default value not found for key b\n"
    );

    let out = run(&["eval", "${x-w}"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "error: <template>:1:4: missing closing brace\n"
    );

    // Lines and columns (in characters) of multi-line templates.
    let out = run(&["eval", "é\n  ${b}"], None);
    assert_eq!(
        text(&out.stderr),
        "error: <template>:2:3: input/default value not found for key b\n"
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["eval"][..],
        &["eval", "--set", "novalue", "x"],
        &["eval", "--set", "=v", "x"],
        &["eval", "--jsonl", "-", "x"],
        &["eval", "--jsonl", "-", "--set", "a=b"],
        &["nope"],
        &[],
    ] {
        let out = run(args, None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = run(&["eval", "--help"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("--jsonl"));
}

#[test]
fn byte_cuts_are_written_as_go_bytes() {
    let out = run(&["eval", "--set", "x=é", "${x:1}"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, [0xA9, b'\n']);
}

#[test]
fn jsonl_from_stdin() {
    let input = concat!(
        r#"{"template": "a ${x} <&>\u2028", "vars": {"x": "1"}}"#,
        "\n\n",
        r#"{"template": "${missing}"}"#,
        "\r\n",
        "not json\n",
        r#"{"template": "${x:1}", "vars": {"x": "é"}, "extra": true}"#,
        "\n",
        r#"{"template": "${x", "vars": {}}"#,
        "\n",
        r#"{"vars": {"x": 1}}"#,
        "\n",
        r#"{"template": "last", "vars": null}"#,
    );
    let out = run(&["eval", "--jsonl", "-"], Some(input.as_bytes()));
    let lines: Vec<&str> = text(&out.stdout).lines().collect();
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert_eq!(lines[0], r#"{"output":"a 1 <&>\u2028"}"#);
    assert_eq!(
        lines[1],
        r#"{"error":"input/default value not found for key missing"}"#
    );
    // Line numbers count blank lines too; the rest is serde_json's message.
    assert!(
        lines[2].starts_with(r#"{"error":"invalid input line 4: "#),
        "{}",
        lines[2]
    );
    assert_eq!(lines[3], r#"{"output":"\ufffd"}"#);
    assert_eq!(lines[4], r#"{"error":"missing closing brace"}"#);
    assert!(
        lines[5].starts_with(r#"{"error":"invalid input line 7: "#),
        "{}",
        lines[5]
    );
    assert_eq!(lines[6], r#"{"output":"last"}"#);
    // Malformed lines make the run fail once everything is processed.
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn jsonl_all_good_exits_0() {
    let input = "{\"template\": \"${a:=1}\"}\n{\"template\": \"${a}\"}\n";
    let out = run(&["eval", "--jsonl", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "{\"output\":\"1\"}\n{\"error\":\"input/default value not found for key a\"}\n"
    );
}

#[test]
fn jsonl_invalid_utf8_in_strings_is_replaced_like_go() {
    let mut input = br#"{"template": "a"#.to_vec();
    input.extend_from_slice(&[0xE2, 0x82]);
    input.extend_from_slice(br#"${x}", "vars": {"x": "1"}}"#);
    let out = run(&["eval", "--jsonl", "-"], Some(&input));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "{\"output\":\"a\u{FFFD}\u{FFFD}1\"}\n");
}

#[test]
fn jsonl_missing_file_exits_1() {
    let out = run(&["eval", "--jsonl", "/nonexistent/jobs.jsonl"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).starts_with("error: cannot open /nonexistent/jobs.jsonl: "));
}

/// The in-tree corpus gives exactly what the Go reference harness printed
/// for it (`corpus-kubestash.go-eval.jsonl`, see PROVENANCE.md).
#[test]
fn jsonl_corpus_matches_go_line_by_line() {
    let corpus = format!("{FIXTURES}/corpus-kubestash.jsonl");
    let expected =
        std::fs::read_to_string(format!("{FIXTURES}/corpus-kubestash.go-eval.jsonl")).unwrap();
    let out = run(&["eval", "--jsonl", &corpus], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let got = text(&out.stdout);
    let (got, want): (Vec<&str>, Vec<&str>) = (got.lines().collect(), expected.lines().collect());
    assert_eq!(want.len(), 128);
    assert_eq!(got.len(), want.len());
    let diffs: Vec<usize> = (0..want.len())
        .filter(|&i| got[i] != want[i])
        .map(|i| i + 1)
        .collect();
    assert!(diffs.is_empty(), "lines differing from Go: {diffs:?}");
    assert_eq!(
        got.iter().filter(|l| l.starts_with("{\"output\":")).count(),
        128
    );
}
