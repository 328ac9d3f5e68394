//! `kubestash-fn crd`: both CRDs (Function, then Addon) as multi-document YAML on stdout.
//!
//! The YAML is that of [`function_core::api::crd::to_yaml`]: structurally equal to
//! upstream's controller-gen CRDs, and ready for `kubectl apply -f -` or a Helm chart's
//! `crds/` folder.

use function_core::api::crd;

use crate::Streams;
use crate::error::Error;

/// Arguments of `kubestash-fn crd` (none).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Args {}

/// Writes both CRDs as YAML.
pub fn run(_args: &Args, streams: &mut Streams<'_>) -> Result<(), Error> {
    let yaml = crd::to_yaml(&crd::all()).map_err(Error::input)?;
    streams.out.write_all(yaml.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{self, Write};

    use super::*;
    use crate::error::Status;

    fn crd(out: &mut dyn Write) -> (Status, String) {
        let mut err = Vec::new();
        let status = crate::run_args(
            ["kubestash-fn", "crd"],
            &mut Streams::new(&mut io::empty(), out, &mut err),
        );
        (status, String::from_utf8(err).expect("UTF-8"))
    }

    #[test]
    fn writes_two_documents() {
        let mut out = Vec::new();
        assert_eq!(crd(&mut out), (Status::Success, String::new()));
        let text = String::from_utf8(out).expect("UTF-8");
        assert!(text.starts_with("apiVersion: apiextensions.k8s.io/v1\n"));
        assert_eq!(text.matches("\n---\n").count(), 1);
        assert!(text.contains("\n  name: functions.addons.kubestash.com\n"));
        assert!(text.contains("\n  name: addons.addons.kubestash.com\n"));
    }

    /// A writer that fails with `kind` once `room` bytes are written.
    struct Failing {
        room: usize,
        kind: io::ErrorKind,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(self.kind.into());
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_full_disk_is_an_error_and_a_closed_pipe_is_not() {
        let mut full = Failing {
            room: 100,
            kind: io::ErrorKind::StorageFull,
        };
        let (status, err) = crd(&mut full);
        assert_eq!(status, Status::Input);
        assert!(err.starts_with("error: cannot write output: "), "{err}");
        assert_eq!(err.lines().count(), 1);

        let mut closed = Failing {
            room: 100,
            kind: io::ErrorKind::BrokenPipe,
        };
        assert_eq!(crd(&mut closed), (Status::Success, String::new()));
    }
}
