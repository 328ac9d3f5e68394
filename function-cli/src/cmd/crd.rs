//! `kubestash-fn crd`: both CRDs (Function, then Addon) as multi-document YAML on stdout.
//!
//! The YAML is that of [`function_core::api::crd::to_yaml`]: structurally equal to
//! upstream's controller-gen CRDs, and ready for `kubectl apply -f -` or a Helm chart's
//! `crds/` folder.

use std::io::{self, Write};
use std::process::ExitCode;

use function_core::api::crd;

/// Arguments of `kubestash-fn crd` (none).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Args {}

/// Prints both CRDs to stdout; exit 0, or 1 with `error: ...` on stderr when stdout cannot
/// be written (a closed pipe, as in `kubestash-fn crd | head`, is not an error).
pub fn run(args: &Args) -> ExitCode {
    match write(args, &mut io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes both CRDs as YAML to `out`.
pub fn write(_args: &Args, out: &mut dyn Write) -> io::Result<()> {
    let yaml = crd::to_yaml(&crd::all()).map_err(io::Error::other)?;
    out.write_all(yaml.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_two_documents() {
        let mut out = Vec::new();
        write(&Args::default(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("apiVersion: apiextensions.k8s.io/v1\n"));
        assert_eq!(text.matches("\n---\n").count(), 1);
        assert!(text.contains("\n  name: functions.addons.kubestash.com\n"));
        assert!(text.contains("\n  name: addons.addons.kubestash.com\n"));
    }

    #[test]
    fn a_failing_writer_is_an_error() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let err = write(&Args::default(), &mut Full).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }
}
