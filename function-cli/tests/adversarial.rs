//! The adversarial suite: bad inputs for every command of `kubestash-fn`, run as a subprocess
//! (the real binary, its real exit status and streams), from the table
//! `tests/adversarial/cases.txt` (its header describes the format).
//!
//! Each case asserts the exit status (1 bad input, 2 usage), exactly one `error` message on
//! stderr that holds the expected text (the file and `LINE:COL` where there is a position),
//! nothing on stdout, no output file or directory left behind (`absent`), an existing one left
//! as it was (`same`), and bounded time and memory: the wall time under a generous timeout, the
//! peak resident memory (`VmHWM` of `/proc/PID/status`, read while the process runs) under a
//! bound. Every case runs, and every failure is reported at once.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The wall-time bound of one case unless it says otherwise: generous, for a debug build on a
/// shared machine. Cases are about not hanging, not about speed.
const DEFAULT_SECONDS: u64 = 60;
/// The peak-memory bound of one case unless it says otherwise.
const DEFAULT_MIB: u64 = 512;

fn adversarial_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/adversarial")
}

/// One case of the table.
#[derive(Debug, Default)]
struct Case {
    name: String,
    /// Where the case starts in the table.
    line: usize,
    args: Vec<String>,
    stdin: Option<String>,
    /// Files to write before the run: path (relative to the case's directory) and content.
    files: Vec<(String, Vec<u8>)>,
    dirs: Vec<String>,
    status: Option<i32>,
    /// Texts the one error message must hold.
    error: Vec<String>,
    /// Texts standard output must hold (`None`: it must stay empty).
    stdout: Option<Vec<String>>,
    /// Paths that must not exist after the run.
    absent: Vec<String>,
    /// Paths (files or directories) that must be unchanged by the run.
    same: Vec<String>,
    seconds: Option<u64>,
    mib: Option<u64>,
}

/// Splits a table line into words: whitespace-separated, `'...'` or `"..."` quotes a word as
/// it is.
fn words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        if c == '\'' || c == '"' {
            chars.next();
            loop {
                match chars.next() {
                    Some(q) if q == c => break,
                    Some(c) => word.push(c),
                    None => return Err(format!("unterminated quote in `{line}`")),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                word.push(c);
                chars.next();
            }
        }
        words.push(word);
    }
    Ok(words)
}

/// Unescapes `\n`, `\t`, `\r`, `\\`, `\0` and `\xHH` into bytes.
fn unescape(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(b'r') => out.push(b'\r'),
            Some(b'0') => out.push(0),
            Some(b'\\') => out.push(b'\\'),
            Some(b'x') => {
                let hex: Vec<u8> = bytes.by_ref().take(2).collect();
                let hex = std::str::from_utf8(&hex).map_err(|e| e.to_string())?;
                out.push(u8::from_str_radix(hex, 16).map_err(|e| format!("\\x{hex}: {e}"))?);
            }
            other => {
                return Err(format!(
                    "unknown escape \\{:?} in `{text}`",
                    other.map(char::from)
                ));
            }
        }
    }
    Ok(out)
}

/// The bytes of a content spec: `text ESCAPED` or `repeat COUNT ESCAPED`, concatenated
/// (`text 'a: ' repeat 10000 '['`).
fn content(spec: &[String]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut rest = spec;
    while let Some((kind, tail)) = rest.split_first() {
        match (kind.as_str(), tail) {
            ("text", [text, tail @ ..]) => {
                out.extend(unescape(text)?);
                rest = tail;
            }
            ("repeat", [count, text, tail @ ..]) => {
                let count: usize = count.parse().map_err(|e| format!("repeat {count}: {e}"))?;
                out.extend(unescape(text)?.repeat(count));
                rest = tail;
            }
            ("file", [name, tail @ ..]) => {
                let path = adversarial_dir().join(name);
                out.extend(fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?);
                rest = tail;
            }
            _ => return Err(format!("bad content spec {rest:?}")),
        }
    }
    Ok(out)
}

fn parse_table(text: &str) -> Result<Vec<Case>, String> {
    let mut cases: Vec<Case> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let at = |e: String| format!("cases.txt:{number}: {e}");
        let w = words(trimmed).map_err(at)?;
        let (key, rest) = w.split_first().ok_or_else(|| at("empty".into()))?;
        if key == "case" {
            let [name] = rest else {
                return Err(at("case NAME".into()));
            };
            if cases.iter().any(|c| &c.name == name) {
                return Err(at(format!("a second case named {name}")));
            }
            cases.push(Case {
                name: name.clone(),
                line: number,
                ..Case::default()
            });
            continue;
        }
        let case = cases
            .last_mut()
            .ok_or_else(|| at("a directive before the first case".into()))?;
        let one = |what: &str| -> Result<String, String> {
            match rest {
                [v] => Ok(v.clone()),
                _ => Err(at(format!("{key} takes one {what}"))),
            }
        };
        match key.as_str() {
            "run" => case.args = rest.to_vec(),
            "stdin" => case.stdin = Some(one("file")?),
            "write" => {
                let (path, spec) = rest.split_first().ok_or_else(|| at("write PATH".into()))?;
                case.files.push((path.clone(), content(spec).map_err(at)?));
            }
            "mkdir" => case.dirs.push(one("directory")?),
            "status" => case.status = Some(one("status")?.parse().map_err(|e| at(format!("{e}")))?),
            "error" => case.error.push(one("text")?),
            "stdout" => {
                let text = String::from_utf8(unescape(&one("text")?).map_err(at)?)
                    .map_err(|e| at(e.to_string()))?;
                case.stdout.get_or_insert_default().push(text);
            }
            "absent" => case.absent.push(one("path")?),
            "same" => case.same.push(one("path")?),
            "seconds" => case.seconds = Some(one("N")?.parse().map_err(|e| at(format!("{e}")))?),
            "mib" => case.mib = Some(one("N")?.parse().map_err(|e| at(format!("{e}")))?),
            other => return Err(at(format!("unknown directive `{other}`"))),
        }
    }
    for case in &cases {
        let at = format!("cases.txt:{}: case {}", case.line, case.name);
        if case.args.is_empty() || case.status.is_none() || case.error.is_empty() {
            return Err(format!("{at}: needs run, status and error"));
        }
        if !matches!(case.status, Some(1 | 2)) {
            return Err(format!("{at}: a bad input exits 1 or 2"));
        }
    }
    Ok(cases)
}

/// An argument: [`expand`]ed, then `{contents:PATH}` replaced by the text of the file the case
/// wrote there (an argument too long to write in the table).
fn argument(text: &str, tmp: &Path) -> String {
    let mut text = expand(text, tmp);
    while let Some(start) = text.find("{contents:") {
        let end = start
            + text[start..]
                .find('}')
                .expect("`{contents:PATH}` is closed");
        let path = tmp.join(&text[start + "{contents:".len()..end]);
        let contents =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text.replace_range(start..=end, &contents);
    }
    text
}

/// `{adv}` the table's directory, `{tmp}` the case's own directory, `{fixtures}` tests/fixtures.
fn expand(text: &str, tmp: &Path) -> String {
    let adv = adversarial_dir();
    text.replace("{adv}", &adv.display().to_string())
        .replace("{fixtures}", &adv.join("../fixtures").display().to_string())
        .replace("{tmp}", &tmp.display().to_string())
}

/// Every file under `path` with its bytes (a file: itself), to compare before and after.
fn snapshot(path: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut all = BTreeMap::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            all.insert(p.clone(), None);
            for entry in fs::read_dir(&p).expect("read_dir").flatten() {
                stack.push(entry.path());
            }
        } else {
            all.insert(p.clone(), fs::read(&p).ok());
        }
    }
    all
}

/// The peak resident memory of a running process in KiB (`VmHWM`), if it can still be read.
fn peak_kib(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What a run gave.
struct Outcome {
    status: Option<i32>,
    out: Vec<u8>,
    err: String,
    elapsed: Duration,
    peak_kib: u64,
    timed_out: bool,
}

/// Runs the binary, polling its peak memory until it exits or `limit` passes (then kills it).
fn run(mut command: Command, stdin: Option<Vec<u8>>, limit: Duration) -> Outcome {
    let start = Instant::now();
    let mut child: Child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns kubestash-fn");
    let pid = child.id();
    // Feed stdin and drain stdout and stderr on threads, so that no pipe fills up.
    let mut input = child.stdin.take().expect("stdin");
    let feeder = std::thread::spawn(move || {
        if let Some(bytes) = stdin {
            let _ = input.write_all(&bytes);
        }
    });
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let mut peak = 0;
    let mut timed_out = false;
    let status = loop {
        if let Some(kib) = peak_kib(pid) {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if start.elapsed() > limit {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let elapsed = start.elapsed();
    let _ = feeder.join();
    Outcome {
        status: status.code(),
        out: out.join().expect("stdout thread"),
        err: String::from_utf8_lossy(&err.join().expect("stderr thread")).into_owned(),
        elapsed,
        peak_kib: peak,
        timed_out,
    }
}

/// Runs one case; the list of what went wrong (empty: it passed).
fn check(case: &Case) -> Vec<String> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let tmp = tmp.path();
    for dir in &case.dirs {
        fs::create_dir_all(tmp.join(expand(dir, tmp))).expect("mkdir");
    }
    for (path, bytes) in &case.files {
        let path = tmp.join(expand(path, tmp));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir");
        }
        fs::write(&path, bytes).expect("writes a case file");
    }
    let same: Vec<_> = case
        .same
        .iter()
        .map(|p| {
            let p = PathBuf::from(expand(p, tmp));
            let before = snapshot(&p);
            (p, before)
        })
        .collect();
    let stdin = case.stdin.as_ref().map(|p| {
        let p = expand(p, tmp);
        fs::read(&p).unwrap_or_else(|e| panic!("{}: stdin {p}: {e}", case.name))
    });
    let mut command = Command::new(env!("CARGO_BIN_EXE_kubestash-fn"));
    command
        .args(case.args.iter().map(|a| argument(a, tmp)))
        .current_dir(tmp);
    let seconds = case.seconds.unwrap_or(DEFAULT_SECONDS);
    let outcome = run(command, stdin, Duration::from_secs(seconds));

    let mut wrong = Vec::new();
    let expected = case.status.expect("checked when parsed");
    if outcome.timed_out {
        wrong.push(format!("did not finish in {seconds} s"));
    }
    if outcome.status != Some(expected) {
        wrong.push(format!(
            "exit status {:?}, expected {expected}",
            outcome.status
        ));
    }
    let shown = String::from_utf8_lossy(&outcome.out[..outcome.out.len().min(300)]).into_owned();
    match &case.stdout {
        None if !outcome.out.is_empty() => {
            wrong.push(format!("{} bytes on stdout: {shown:?}", outcome.out.len()));
        }
        None => {}
        Some(texts) => {
            let out = String::from_utf8_lossy(&outcome.out);
            for text in texts.iter().filter(|t| !out.contains(t.as_str())) {
                wrong.push(format!("stdout lacks {text:?}: {shown:?}"));
            }
        }
    }
    // One message: exactly one line that starts one (`error: ...`, or the lint's
    // `error[KSF0007]: ...`); the lines after it (help, a caret, clap's usage) belong to it.
    let messages = outcome
        .err
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning"))
        .count();
    if messages != 1 || !outcome.err.starts_with("error") {
        wrong.push(format!("not exactly one error message: {:?}", outcome.err));
    }
    for text in &case.error {
        let text = expand(text, tmp);
        if !outcome.err.contains(&text) {
            wrong.push(format!("stderr lacks {text:?}: {:?}", outcome.err));
        }
    }
    for path in &case.absent {
        let path = PathBuf::from(expand(path, tmp));
        if path.exists() {
            wrong.push(format!("{} was left behind", path.display()));
        }
    }
    // No temporary sibling left behind either: the case directory holds only what it wrote.
    let mut left: Vec<String> = fs::read_dir(tmp)
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            !case
                .files
                .iter()
                .any(|(p, _)| p.split('/').next() == Some(name))
                && !case.dirs.iter().any(|d| d.split('/').next() == Some(name))
        })
        .collect();
    left.sort();
    if !left.is_empty() {
        wrong.push(format!("left in its directory: {left:?}"));
    }
    for (path, before) in same {
        if snapshot(&path) != before {
            wrong.push(format!("{} changed", path.display()));
        }
    }
    let mib = case.mib.unwrap_or(DEFAULT_MIB);
    if outcome.peak_kib > mib << 10 {
        wrong.push(format!(
            "peak memory {} MiB, over the bound of {mib} MiB",
            outcome.peak_kib >> 10
        ));
    }
    eprintln!(
        "{:<40} exit {:?} in {:>6.2} s, peak {:>4} MiB",
        case.name,
        outcome.status,
        outcome.elapsed.as_secs_f64(),
        outcome.peak_kib >> 10
    );
    wrong
}

#[test]
fn every_bad_input_fails_cleanly() {
    let table = adversarial_dir().join("cases.txt");
    let text = fs::read_to_string(&table).expect("reads tests/adversarial/cases.txt");
    let cases = parse_table(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    // Every command of the CLI has cases.
    for command in ["crd", "fmt", "eval", "resolve", "chart", "lint", "images"] {
        assert!(
            cases
                .iter()
                .any(|c| c.args.first().map(String::as_str) == Some(command)),
            "no case for `{command}`"
        );
    }
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let wrong = check(case);
            (!wrong.is_empty()).then(|| {
                format!(
                    "cases.txt:{}: {}:\n  - {}",
                    case.line,
                    case.name,
                    wrong.join("\n  - ")
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_reader_reads_what_it_says() {
    assert_eq!(
        words("run fmt 'a b' c").unwrap(),
        ["run", "fmt", "a b", "c"]
    );
    assert_eq!(words(r#"error "it's""#).unwrap(), ["error", "it's"]);
    assert!(words("run 'a").is_err());
    assert_eq!(unescape(r"a\n\xff\\").unwrap(), b"a\n\xff\\");
    let spec: Vec<String> = ["text", "a: ", "repeat", "3", "["]
        .map(String::from)
        .to_vec();
    assert_eq!(content(&spec).unwrap(), b"a: [[[");
    let cases = parse_table("case x\nrun fmt -\nstatus 1\nerror 'boom'\n").unwrap();
    assert_eq!((cases[0].name.as_str(), cases[0].status), ("x", Some(1)));
    assert!(parse_table("case x\nrun fmt\nstatus 0\nerror e\n").is_err());
    assert!(parse_table("case x\nrun fmt\n").is_err());
    assert!(parse_table("case x\nbogus 1\n").is_err());
}
