//! `kubestash-fn eval`: substitution with EvalMap semantics.
//!
//! - `eval [--set K=V]... TEMPLATE` prints the substituted text (upstream's
//!   exact bytes) followed by a newline. On an error nothing is printed on standard output, the
//!   upstream message goes to standard error as `error: <template>:LINE:COL: <message>` (the
//!   position of the failing expression), exit 1.
//! - `eval --jsonl FILE` (`-` for standard input) reads one job per line,
//!   `{"template": "...", "vars": {"k": "v"}}`, and writes exactly one line
//!   per job: `{"output": "..."}` or `{"error": "<upstream message>"}`. Empty
//!   lines (after removing a trailing `\r`) are skipped, like the Go reference
//!   harness does, so the outputs line up with `envsubst-go -mode eval`. A
//!   line that is not such an object gives `{"error": "invalid input line N:
//!   ..."}` (N counts every line of the file from 1), processing goes on, and
//!   the exit code is 1 at the end. Output JSON is written byte for byte like
//!   Go's `json.Encoder` with HTML escaping off (upstream's exact output bytes,
//!   so a substring that cuts a character shows as `\ufffd`).

//!
//! Memory: `--jsonl` holds one line at a time. A template without JSON escapes is borrowed from
//! its line; one with escapes is decoded once, in pieces, and its line released before it is
//! evaluated; the output is quoted straight into standard output. So a large job peaks at about
//! twice its size (`scripts/bench-bounds.sh` measures a 50 MB template).

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;

use function_core::envsubst::json::go_quote;
use function_core::envsubst::{Error as EvalError, Vars, eval_map_bytes_bounded, go_lossy};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::Streams;
use crate::error::Error;
use crate::input::{parse_size, parse_var};

/// Arguments of `kubestash-fn eval`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 success, 1 wrong input (the template does not evaluate, \
    a file cannot be read, a JSONL line is malformed), 2 usage.\n\n\
    Examples:\n  \
    kubestash-fn eval --set namespace=demo 'ns=${namespace} wait=${waitTimeout:=300}'\n  \
    kubestash-fn eval --jsonl jobs.jsonl"
)]
pub struct Args {
    /// A variable, split on the first `=` (`K=` is present but empty; the
    /// last one wins). Repeatable.
    #[arg(long = "set", value_name = "K=V", value_parser = parse_var, conflicts_with = "jsonl")]
    pub set: Vec<(String, String)>,

    /// Evaluate the JSON Lines jobs of FILE (`-` for standard input): each
    /// line `{"template": "...", "vars": {"k": "v"}}` gives one line
    /// `{"output": "..."}` or `{"error": "..."}`; empty lines are skipped.
    #[arg(long, value_name = "FILE", conflicts_with = "template")]
    pub jsonl: Option<PathBuf>,

    /// The text to substitute.
    #[arg(required_unless_present = "jsonl")]
    pub template: Option<String>,

    /// Refuse an output (of the TEMPLATE, or of one job of --jsonl) larger than SIZE: bytes,
    /// or a number with KiB, MiB or GiB. A short template can expand without limit (`${v}`
    /// repeated, `${v//a/${w}}`); this bounds the memory it takes.
    #[arg(long, value_name = "SIZE", default_value = "256MiB", value_parser = parse_size)]
    pub max_output: usize,
}

/// The hint after an output bound passed.
const RAISE: &str = "the bound on one output: raise it with --max-output SIZE";

/// Runs `eval`.
pub fn run(args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    match (&args.jsonl, &args.template) {
        (Some(path), _) => run_jsonl(path, args.max_output, streams),
        (None, Some(template)) => run_template(template, &args.set, args.max_output, streams.out),
        (None, None) => Err(Error::usage("a TEMPLATE or --jsonl FILE is required")),
    }
}

fn run_template(
    template: &str,
    set: &[(String, String)],
    max_output: usize,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let vars: Vars = set.iter().cloned().collect();
    let output = eval_map_bytes_bounded(template, &vars, max_output).map_err(|e| {
        // The position of the failing expression in the template, as `<template>:LINE:COL`.
        let before = &template[..e.offset().min(template.len())];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        match e {
            EvalError::OutputTooLarge { .. } => {
                Error::input(format!("<template>:{line}:{column}: {e}, {RAISE}"))
            }
            e => Error::input(format!("<template>:{line}:{column}: {e}")),
        }
    })?;
    out.write_all(&output)?;
    out.write_all(b"\n")?;
    Ok(())
}

/// One job of `--jsonl`. Missing fields are empty, unknown ones ignored (as Go's
/// `json.Unmarshal` does).
#[derive(Deserialize)]
struct Job<'a> {
    #[serde(default, borrow)]
    template: Cow<'a, str>,
    #[serde(default)]
    vars: Option<Vars>,
}

/// A job as first read: its template as JSON text, borrowed from the line.
#[derive(Deserialize)]
struct RawJob<'a> {
    #[serde(default, borrow)]
    template: Option<&'a RawValue>,
    #[serde(default)]
    vars: Option<Vars>,
}

fn run_jsonl(path: &PathBuf, max_output: usize, streams: &mut Streams<'_>) -> Result<(), Error> {
    let input: Box<dyn BufRead + '_> = if path.as_os_str() == "-" {
        Box::new(BufReader::with_capacity(1 << 16, &mut *streams.stdin))
    } else {
        let file = File::open(path)
            .map_err(|e| Error::input(format!("cannot open {}: {e}", path.display())))?;
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    match process(input, max_output, streams.out) {
        Ok(Tally {
            too_large: Some(line),
            ..
        }) => Err(Error::input(format!(
            "{}:{line}: the output is larger than {max_output} bytes, {RAISE}",
            path.display()
        ))),
        Ok(Tally { malformed: 0, .. }) => Ok(()),
        // The `{"error": ...}` lines said what was wrong.
        Ok(_) => Err(Error::reported()),
        Err(Stop::Read(e)) => {
            streams.out.flush()?;
            Err(Error::input(format!("cannot read {}: {e}", path.display())))
        }
        Err(Stop::Write(e)) => Err(Error::Output(e)),
    }
}

enum Stop {
    Read(io::Error),
    Write(io::Error),
}

/// Lines longer than this have their buffer released once it is no longer needed.
const KEEP_LINE_BUFFER: usize = 1 << 20;

/// What went wrong in the jobs of a file.
#[derive(Default)]
struct Tally {
    /// The number of malformed lines.
    malformed: usize,
    /// The first line whose output passed the bound.
    too_large: Option<usize>,
}

/// What became of one job.
enum Done {
    /// Its output or its error line was written.
    Written,
    /// The line is not a job (an error line was written).
    Malformed,
    /// Its output passed the bound (an error line was written).
    TooLarge,
}

/// Evaluates every job.
fn process(mut input: impl BufRead, max_output: usize, out: &mut dyn Write) -> Result<Tally, Stop> {
    let mut buf = Vec::new();
    let mut number = 0usize;
    let mut tally = Tally::default();
    loop {
        buf.clear();
        if buf.capacity() > KEEP_LINE_BUFFER {
            buf = Vec::new();
        }
        if input.read_until(b'\n', &mut buf).map_err(Stop::Read)? == 0 {
            return Ok(tally);
        }
        number += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if buf.is_empty() {
            continue;
        }
        match job(&mut buf, number, max_output, out).map_err(Stop::Write)? {
            Done::Written => {}
            Done::Malformed => tally.malformed += 1,
            Done::TooLarge => {
                tally.too_large.get_or_insert(number);
            }
        }
    }
}

/// Evaluates the job on `line` and writes its output line.
fn job(
    line: &mut Vec<u8>,
    number: usize,
    max_output: usize,
    out: &mut dyn Write,
) -> io::Result<Done> {
    // The line as Go's `json.Unmarshal` sees it: each invalid UTF-8 byte is U+FFFD.
    if std::str::from_utf8(line).is_err() {
        *line = go_lossy(line).into_bytes();
    }
    let text = match std::str::from_utf8(line) {
        Ok(text) => text,
        Err(e) => return malformed(out, number, e),
    };
    if let Ok(RawJob {
        template: Some(raw),
        vars,
    }) = serde_json::from_str::<RawJob<'_>>(text)
    {
        let vars = vars.unwrap_or_default();
        let content = raw
            .get()
            .strip_prefix('"')
            .and_then(|r| r.strip_suffix('"'));
        if let Some(content) = content {
            if !content.contains('\\') {
                // No escapes: the template is the line's own text.
                return write_result(out, eval_map_bytes_bounded(content, &vars, max_output));
            }
            if let Some(template) = decode_string(content) {
                // The line is not needed any more: hold the template once, not twice.
                *line = Vec::new();
                return write_result(out, eval_map_bytes_bounded(&template, &vars, max_output));
            }
        }
    }
    // Anything else (no template, one that is not a string, a malformed line) as serde reads
    // it, for its exact error message.
    match serde_json::from_str::<Job<'_>>(text) {
        Ok(job) => {
            let vars = job.vars.unwrap_or_default();
            write_result(
                out,
                eval_map_bytes_bounded(&job.template, &vars, max_output),
            )
        }
        Err(e) => malformed(out, number, e),
    }
}

/// Writes the error line of a malformed line.
fn malformed(out: &mut dyn Write, number: usize, e: impl std::fmt::Display) -> io::Result<Done> {
    let message = format!("invalid input line {number}: {e}");
    write_line(out, "error", message.as_bytes())?;
    Ok(Done::Malformed)
}

/// Writes `{"output": ...}` or `{"error": ...}`.
fn write_result(out: &mut dyn Write, result: Result<Vec<u8>, EvalError>) -> io::Result<Done> {
    match result {
        Ok(output) => write_line(out, "output", &output).map(|()| Done::Written),
        Err(e @ EvalError::OutputTooLarge { .. }) => {
            write_line(out, "error", e.to_string().as_bytes()).map(|()| Done::TooLarge)
        }
        Err(e) => write_line(out, "error", e.to_string().as_bytes()).map(|()| Done::Written),
    }
}

/// Decodes the content of a JSON string (between its quotes) with serde_json, in pieces of
/// about 64 KiB, so that the result is the only copy of the whole. `None` when it is not a
/// valid JSON string.
fn decode_string(content: &str) -> Option<String> {
    const PIECE: usize = 1 << 16;
    let mut decoded = String::with_capacity(content.len());
    let mut quoted = String::with_capacity(PIECE + 16);
    let mut rest = content;
    while !rest.is_empty() {
        let (piece, tail) = rest.split_at(piece_end(rest.as_bytes(), PIECE));
        quoted.clear();
        quoted.push('"');
        quoted.push_str(piece);
        quoted.push('"');
        decoded.push_str(&serde_json::from_str::<Cow<'_, str>>(&quoted).ok()?);
        rest = tail;
    }
    Some(decoded)
}

/// Where to end a piece of JSON string content, at `min` bytes or just after: between two
/// characters or escapes, never inside one, and never between the two escapes of a surrogate
/// pair (`\uD83D\uDE00`), so that the pieces decode exactly as the whole would.
fn piece_end(s: &[u8], min: usize) -> usize {
    let mut i = 0;
    let mut after_high_surrogate = false;
    while i < s.len() {
        if i >= min && !after_high_surrogate {
            return i;
        }
        let len = match s[i] {
            b'\\' if s.get(i + 1) == Some(&b'u') => 6,
            b'\\' => 2,
            b if b < 0x80 => 1,
            b if b >= 0xF0 => 4,
            b if b >= 0xE0 => 3,
            _ => 2,
        };
        after_high_surrogate = len == 6
            && matches!(s.get(i + 2), Some(b'd' | b'D'))
            && matches!(s.get(i + 3), Some(b'8' | b'9' | b'a' | b'b' | b'A' | b'B'));
        i += len;
    }
    s.len()
}

/// Writes `{"<key>":"<value>"}` and a newline as Go's encoder writes a one-entry map, quoting
/// `value` in pieces straight to `out` rather than into one more copy of it.
fn write_line(out: &mut dyn Write, key: &str, value: &[u8]) -> io::Result<()> {
    const PIECE: usize = 1 << 16;
    write!(out, "{{\"{key}\":\"")?;
    let mut rest = value;
    while !rest.is_empty() {
        // Cut before a byte that is not a UTF-8 continuation byte (0x80..=0xBF): Go's decoder
        // starts a new character (or a lone invalid byte) there whatever came before, so the
        // pieces quote exactly as the whole would.
        let cut = if rest.len() <= PIECE {
            rest.len()
        } else {
            rest[PIECE..]
                .iter()
                .position(|b| !(0x80..=0xBF).contains(b))
                .map_or(rest.len(), |i| PIECE + i)
        };
        let quoted = go_quote(&rest[..cut], false);
        out.write_all(&quoted.as_bytes()[1..quoted.len() - 1])?;
        rest = &rest[cut..];
    }
    out.write_all(b"\"}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_in_pieces_equals_decoding_whole() {
        let mut content = String::new();
        for i in 0..30_000 {
            content.push_str(r#"a\"b\\c\n\u00e9é\ud83d\ude00"#);
            if i % 3 == 0 {
                content.push_str(r#"\t€\/"#);
            }
        }
        let whole: String = serde_json::from_str(&format!("\"{content}\"")).expect("valid");
        assert_eq!(decode_string(&content).as_deref(), Some(whole.as_str()));
        // A lone surrogate or a bad escape is left to serde for its message.
        assert_eq!(decode_string(r#"a\ud83d b"#), None);
        assert_eq!(decode_string(r#"\x"#), None);
        // Cuts fall between escapes and characters, never inside one or inside a pair.
        let s = r#"ab\u00e9\ud83d\ude00é\n"#.as_bytes();
        assert_eq!(piece_end(s, 1), 1);
        assert_eq!(piece_end(s, 3), 8);
        assert_eq!(piece_end(s, 9), 20);
        assert_eq!(piece_end(s, 21), 22);
        assert_eq!(piece_end(s, 23), 24);
        assert_eq!(piece_end(s, 100), s.len());
    }

    #[test]
    fn quoting_in_pieces_equals_quoting_whole() {
        // Long runs of multi-byte characters, invalid bytes and escapes across piece bounds.
        let mut value = Vec::new();
        for i in 0..40_000u32 {
            value.extend_from_slice("é\u{2028}\"<".as_bytes());
            if i % 7 == 0 {
                value.extend_from_slice(&[0xE2, 0x82]);
            }
            if i % 11 == 0 {
                value.extend_from_slice(&[0xBF; 5]);
            }
        }
        value.extend_from_slice(&[0x80; 3 << 16]);
        let mut out = Vec::new();
        write_line(&mut out, "output", &value).expect("writes");
        let whole = format!("{{\"output\":{}}}\n", go_quote(&value, false));
        assert!(out == whole.as_bytes(), "pieces differ from the whole");
    }
}
