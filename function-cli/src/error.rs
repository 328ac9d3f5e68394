//! One error path for every command: the [`Error`] a command returns, the [`Status`] it maps
//! to, and the [`Reporter`] that writes every diagnostic.
//!
//! | status | meaning |
//! |---|---|
//! | 0 | success (also when standard output was closed early, as by `\| head`) |
//! | 1 | the input was wrong: bad YAML, an unresolved variable, a file that cannot be read or written |
//! | 2 | usage: the command line was wrong (clap's own errors exit 2 too) |
//!
//! Diagnostics go to standard error as `error: MESSAGE` and `warning: MESSAGE`, where a message
//! about a place in a file starts with `FILE:LINE:COL: `. A command that fails prints nothing on
//! standard output.

use std::fmt::{self, Display};
use std::io::{self, Write};
use std::process::ExitCode;

use function_core::lint::Diagnostic;

/// The exit status of `kubestash-fn`.
///
/// ```
/// use function_cli::error::Status;
///
/// assert_eq!([Status::Success, Status::Input, Status::Usage].map(Status::code), [0, 1, 2]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The command did what was asked.
    Success,
    /// The input was wrong.
    Input,
    /// The command line was wrong.
    Usage,
}

impl Status {
    /// The process exit code: 0, 1 or 2.
    pub const fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Input => 1,
            Status::Usage => 2,
        }
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status.code())
    }
}

/// Why a command failed.
///
/// A failed write to standard output converts from [`io::Error`] (so `?` works on writes to the
/// command's output); a failed read must name its file, as an [`Error::input`].
///
/// ```
/// use function_cli::error::{Error, Status};
///
/// assert_eq!(Error::input("bad.yaml:1:1: no Function or Addon found").status(), Status::Input);
/// assert_eq!(Error::usage("--write cannot rewrite standard input").status(), Status::Usage);
/// let closed = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
/// assert_eq!(Error::from(closed).status(), Status::Success);
/// ```
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input was wrong (status 1): one [`Diagnostic`] per problem, the library's own model
    /// of it (object, field, file and position, code), printed as `error: FILE:LINE:COL: OBJECT:
    /// PATH: message [CODE name]` (what is known of it) and its help; none when the command has
    /// already said what was wrong (as `eval --jsonl` does in its output).
    #[error("{}", lines(.0))]
    Input(Vec<Diagnostic>),
    /// The command line was wrong in a way its parser cannot see (status 2).
    #[error("{0}")]
    Usage(String),
    /// Standard output could not be written (status 1), unless its reader went away: a closed
    /// pipe, as in `kubestash-fn crd | head`, is not a failure (status 0, nothing printed).
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
}

impl Error {
    /// Wrong input, with one message (an error that knows its place writes it in its message,
    /// as `yaml::Error` does).
    pub fn input(message: impl Display) -> Error {
        Error::Input(vec![Diagnostic::error(message.to_string())])
    }

    /// Wrong input, with one message per problem.
    pub fn inputs<M: Display>(messages: impl IntoIterator<Item = M>) -> Error {
        Error::Input(
            messages
                .into_iter()
                .map(|m| Diagnostic::error(m.to_string()))
                .collect(),
        )
    }

    /// Wrong input: these diagnostics (the lint's, a catalog check's, the importer's).
    pub fn diagnostics(diagnostics: impl IntoIterator<Item = Diagnostic>) -> Error {
        Error::Input(diagnostics.into_iter().collect())
    }

    /// Wrong input that the command has already reported.
    pub fn reported() -> Error {
        Error::Input(Vec::new())
    }

    /// A usage error.
    pub fn usage(message: impl Display) -> Error {
        Error::Usage(message.to_string())
    }

    /// The exit status this error maps to.
    pub fn status(&self) -> Status {
        match self {
            Error::Input(_) => Status::Input,
            Error::Usage(_) => Status::Usage,
            Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => Status::Success,
            Error::Output(_) => Status::Input,
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Output(e)
    }
}

impl From<function_core::yaml::Error> for Error {
    fn from(e: function_core::yaml::Error) -> Error {
        Error::input(e)
    }
}

/// Writes diagnostics to standard error, one line each.
///
/// ```
/// use function_cli::error::{Error, Reporter, Status};
///
/// let mut err = Vec::new();
/// let mut report = Reporter::new(&mut err);
/// report.warning("f.yaml:6:3: spec.imag: unknown field \"imag\"");
/// let status = report.finish(Err(Error::inputs(["a.yaml:1:1: first", "second"])));
/// assert_eq!(status, Status::Input);
/// assert_eq!(
///     String::from_utf8(err).unwrap(),
///     "warning: f.yaml:6:3: spec.imag: unknown field \"imag\"\nerror: a.yaml:1:1: first\nerror: second\n"
/// );
/// ```
pub struct Reporter<'a> {
    err: &'a mut dyn Write,
}

impl<'a> Reporter<'a> {
    /// A reporter writing to `err`.
    pub fn new(err: &'a mut dyn Write) -> Self {
        Reporter { err }
    }

    /// Prints `error: MESSAGE`.
    pub fn error(&mut self, message: impl Display) {
        self.line(format_args!("error: {message}"));
    }

    /// Prints a diagnostic as `error: FILE:LINE:COL: OBJECT: PATH: message [CODE name]` (or
    /// `warning:`, `note:`, after its severity), then `  = help: ...` when it has a help.
    pub fn diagnostic(&mut self, d: &Diagnostic) {
        self.line(format_args!("{}: {}", d.severity, Rendered(d)));
    }

    /// Prints `warning: MESSAGE`.
    pub fn warning(&mut self, message: impl Display) {
        self.line(format_args!("warning: {message}"));
    }

    /// Prints `note: MESSAGE`: what a command chose for the user and how to change it.
    pub fn note(&mut self, message: impl Display) {
        self.line(format_args!("note: {message}"));
    }

    /// Prints a line as it is (`FILE: not canonical`).
    pub fn line(&mut self, line: impl Display) {
        // Nothing more useful can be done when standard error itself fails.
        let _ = writeln!(self.err, "{line}");
    }

    /// Prints a command's error, if any, and returns the exit status.
    pub fn finish(&mut self, result: Result<(), Error>) -> Status {
        let Err(error) = result else {
            return Status::Success;
        };
        match &error {
            Error::Input(diagnostics) => diagnostics.iter().for_each(|d| self.diagnostic(d)),
            Error::Usage(_) => self.error(&error),
            Error::Output(_) if error.status() == Status::Success => {}
            Error::Output(_) => self.error(&error),
        }
        let _ = self.err.flush();
        error.status()
    }
}

/// A diagnostic on its line, with its help on the next.
struct Rendered<'a>(&'a Diagnostic);

impl Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        if let Some(help) = &self.0.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// The diagnostics, one a line (with their helps).
fn lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| Rendered(d).to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
