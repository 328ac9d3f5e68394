//! `kubestash-fn webhook --tls-cert C --tls-key K [--addr 127.0.0.1:8443] [--kubeconfig F]`:
//! a validating admission webhook running the lint on Functions and Addons
//! ([`crate::webhook`]; the decision is [`function_core::admission`]'s).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::Streams;
use crate::error::Error;
use crate::webhook::{self, Config, StartError};

/// Arguments of `kubestash-fn webhook`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = "\
Endpoints: POST /validate (AdmissionReview admission.k8s.io/v1), GET /healthz, GET /readyz.

On CREATE and UPDATE of a Function or Addon the lint runs: errors deny the request (the \
message lists each as `Kind/name: PATH: message [CODE name]`), warnings come back as \
admission warnings (kubectl prints them), notes are dropped. With a cluster (--kubeconfig, \
the in-cluster configuration, or KUBECONFIG) an Addon's tasks are looked up among the \
cluster's Functions, and deleting a Function that an Addon runs is denied; both read a cache \
kept by watches.

--fail-open decides what this process answers when a review cannot finish (timeout, internal \
failure, cache not synced yet): allowed with a warning, instead of denied. The chart's \
failurePolicy decides what the API server does when it cannot reach the webhook at all (or \
the webhook answers 4xx/5xx); set them alike (failurePolicy: Ignore with --fail-open, Fail \
without).

One JSON line per decision on standard error. SIGTERM or SIGINT: stop accepting, finish \
the requests in flight (--shutdown-grace), exit 0.

Exit status: 0 after a shutdown, 1 the certificate, the address or the cluster configuration \
is unusable, 2 usage.")]
pub struct Args {
    /// PEM certificate chain served (read again when the file changes).
    #[arg(long, value_name = "FILE")]
    pub tls_cert: PathBuf,
    /// PEM private key of the certificate (read again when the file changes).
    #[arg(long, value_name = "FILE")]
    pub tls_key: PathBuf,
    /// Address to listen on (port 0 picks a free port; the `listening` log line names it).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8443")]
    pub addr: SocketAddr,
    /// Kubeconfig of the cluster to watch (default: the in-cluster configuration, or
    /// KUBECONFIG; with neither, the lint runs alone).
    #[arg(long, value_name = "FILE", conflicts_with = "no_cluster")]
    pub kubeconfig: Option<PathBuf>,
    /// Do not watch a cluster even when one is configured: the lint alone.
    #[arg(long)]
    pub no_cluster: bool,
    /// Allow, with a warning, a request whose review cannot finish (see below).
    #[arg(long)]
    pub fail_open: bool,
    /// Largest request body read, in bytes (413 past it). An AdmissionReview holds the object
    /// and the old one: the API server's objects are at most 3 MiB each.
    #[arg(long, value_name = "BYTES", default_value_t = 8 << 20)]
    pub max_body_bytes: usize,
    /// Time a review may take, in milliseconds; keep it below the webhook configuration's
    /// timeoutSeconds (10 s at most).
    #[arg(long, value_name = "MS", default_value_t = 8000, value_parser = clap::value_parser!(u64).range(1..10000))]
    pub timeout: u64,
    /// How often the certificate files are checked for a change, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..))]
    pub reload_interval: u64,
    /// How long requests in flight may take to finish at shutdown, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub shutdown_grace: u64,
}

/// Runs `webhook` until SIGTERM or SIGINT.
pub fn run(args: &Args, _streams: &mut Streams<'_>) -> Result<(), Error> {
    let config = Config {
        addr: args.addr,
        tls_cert: args.tls_cert.clone(),
        tls_key: args.tls_key.clone(),
        kubeconfig: args.kubeconfig.clone(),
        no_cluster: args.no_cluster,
        fail_open: args.fail_open,
        max_body_bytes: args.max_body_bytes,
        timeout: Duration::from_millis(args.timeout),
        reload_interval: Duration::from_secs(args.reload_interval),
        shutdown_grace: Duration::from_secs(args.shutdown_grace),
    };
    // The lint runs on the blocking pool: more threads than cores only adds memory (each thread
    // takes its own allocator arena) and queues nothing faster.
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(2 * cores)
        .build()
        .map_err(|e| Error::input(format!("cannot start the async runtime: {e}")))?;
    runtime
        .block_on(webhook::serve(config))
        .map_err(|e: StartError| Error::input(e))
}
