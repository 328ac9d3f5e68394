//! `kubestash-fn fmt FILE...`: objects parsed and printed back as canonical YAML.
//!
//! - `fmt FILE...` prints every object of every file, in order, as one multi-document YAML
//!   stream on stdout.
//! - `fmt --check FILE...` prints nothing on stdout; each file whose text is not its canonical
//!   form is named on stderr (`FILE: not canonical`) and the exit status is 1 if any is.
//! - `fmt --write FILE...` rewrites the files that are not canonical, each atomically (a
//!   temporary sibling renamed into place); canonical files are not touched.
//!
//! A directory stands for the `*.yaml`/`*.yml` files under it; `-` is standard input. Every
//! file is read before anything is written: on bad input the exit status is 1, stderr has one
//! line `error: FILE:LINE:COL: message`, and stdout is empty.

use std::fs;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use function_core::yaml::{self, Options};

/// Exit status when the input was wrong (bad YAML, a file that is not canonical).
const EXIT_INPUT: u8 = 1;
/// Exit status for a usage error.
const EXIT_USAGE: u8 = 2;

/// Print Function and Addon objects back as canonical YAML.
///
/// Canonical YAML has the fields in the order of the API types, Go's omitempty applied,
/// 2-space indentation and strings quoted only when needed. Comments are not kept.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// YAML files, or directories of `*.yaml`/`*.yml` files; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Print nothing; name each file that is not canonical on stderr and exit 1 if any is.
    #[arg(long, conflicts_with = "write")]
    pub check: bool,
    /// Rewrite the files that are not canonical, in place.
    #[arg(long)]
    pub write: bool,
    /// Report unknown fields as warnings (and drop them) instead of failing.
    #[arg(long)]
    pub lenient: bool,
}

/// Runs `fmt` on the process's standard streams.
pub fn run(args: &Args) -> ExitCode {
    let status = execute(
        args,
        &mut io::stdin().lock(),
        &mut io::stdout().lock(),
        &mut io::stderr().lock(),
    );
    ExitCode::from(status)
}

/// One input: its name in messages, where it lives (`None` for stdin), and its bytes.
struct Source {
    name: String,
    path: Option<PathBuf>,
    bytes: Vec<u8>,
}

/// Runs `fmt` with the given streams and returns the exit status.
pub fn execute(args: &Args, stdin: &mut dyn Read, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match try_execute(args, stdin, out, err) {
        Ok(status) => status,
        Err(Failure { status, message }) => {
            // Nothing more useful can be done if stderr itself fails.
            let _ = writeln!(err, "error: {message}");
            status
        }
    }
}

/// A failure: the exit status and the message for stderr.
struct Failure {
    status: u8,
    message: String,
}

impl Failure {
    fn input(message: impl ToString) -> Self {
        Failure {
            status: EXIT_INPUT,
            message: message.to_string(),
        }
    }
}

fn try_execute(
    args: &Args,
    stdin: &mut dyn Read,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, Failure> {
    if args.write && args.files.iter().any(|f| f.as_os_str() == "-") {
        return Err(Failure {
            status: EXIT_USAGE,
            message: "--write cannot rewrite standard input (-)".into(),
        });
    }
    let options = if args.lenient {
        Options::lenient()
    } else {
        Options::strict()
    };

    // Read and parse everything first: nothing is printed unless every file parsed.
    let mut formatted = Vec::new();
    for source in read_sources(&args.files, stdin)? {
        let parsed =
            yaml::from_slice(&source.bytes, &source.name, &options).map_err(Failure::input)?;
        for warning in &parsed.warnings {
            let _ = writeln!(err, "warning: {warning}");
        }
        let canonical = yaml::to_string_all(parsed.objects()).map_err(Failure::input)?;
        formatted.push((source, canonical));
    }

    if args.check {
        let mut status = 0;
        for (source, canonical) in &formatted {
            if source.bytes != canonical.as_bytes() {
                let _ = writeln!(err, "{}: not canonical", source.name);
                status = EXIT_INPUT;
            }
        }
        return Ok(status);
    }

    if args.write {
        for (source, canonical) in &formatted {
            if let Some(path) = &source.path
                && source.bytes != canonical.as_bytes()
            {
                function_core::catalog::replace_file(path, canonical.as_bytes())
                    .map_err(|e| Failure::input(format!("{}: cannot write: {e}", source.name)))?;
            }
        }
        return Ok(0);
    }

    let all: Vec<&str> = formatted.iter().map(|(_, c)| c.as_str()).collect();
    match out
        .write_all(all.join("---\n").as_bytes())
        .and_then(|()| out.flush())
    {
        Ok(()) => Ok(0),
        // The reader went away (`| head`): not an error of ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(Failure::input(format!("cannot write to stdout: {e}"))),
    }
}

/// Expands directories and reads every input.
fn read_sources(files: &[PathBuf], stdin: &mut dyn Read) -> Result<Vec<Source>, Failure> {
    let mut sources = Vec::new();
    for file in files {
        if file.as_os_str() == "-" {
            let mut bytes = Vec::new();
            stdin
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::input(format!("<stdin>: cannot read: {e}")))?;
            sources.push(Source {
                name: "<stdin>".into(),
                path: None,
                bytes,
            });
            continue;
        }
        for path in yaml::collect_files([file]).map_err(Failure::input)? {
            let name = path.display().to_string();
            let bytes =
                fs::read(&path).map_err(|e| Failure::input(format!("{name}: cannot read: {e}")))?;
            sources.push(Source {
                name,
                path: Some(path),
                bytes,
            });
        }
    }
    Ok(sources)
}
