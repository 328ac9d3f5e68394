//! `kubestash-fn webhook`: the lint as a validating admission webhook, served over HTTPS.
//!
//! The decision is [`function_core::admission`]'s; this module is the transport around it:
//!
//! - `POST /validate`: an `AdmissionReview` v1 in, one out. The body is bounded
//!   ([`Config::max_body_bytes`]: status 413 past it), the review is bounded in time
//!   ([`Config::timeout`], below the API server's 10 s: past it the request is allowed with a
//!   warning under [`Config::fail_open`], else denied).
//! - `GET /healthz`: 200 while the process serves. `GET /readyz`: 200 once the cache of the
//!   cluster's Functions and Addons has synced (at once without a cluster), 503 before and while
//!   shutting down.
//! - The certificate and key are read again every [`Config::reload_interval`] and served when
//!   their contents changed ([`tls::Certificates`]).
//! - One JSON line per decision on standard error: `{"event":"admission","uid":...,
//!   "operation":"CREATE","object":"Addon/x","verdict":"denied","reason":"lint",
//!   "codes":["KSF0001"],"latency_ms":0.41}`; startup, reloads and shutdown are lines too.
//! - SIGTERM or SIGINT: stop accepting, finish the requests in flight (for at most
//!   [`Config::shutdown_grace`]), then return.

pub mod cache;
pub mod tls;

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use function_core::admission::{self, Answer, Cluster};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use cache::Cache;
use tls::Certificates;

/// How the webhook runs (the flags of `kubestash-fn webhook`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen.
    pub addr: SocketAddr,
    /// The PEM certificate chain served.
    pub tls_cert: PathBuf,
    /// Its PEM private key.
    pub tls_key: PathBuf,
    /// The cluster to watch: a kubeconfig file, or `None` for the in-cluster configuration
    /// (or `KUBECONFIG`) when there is one.
    pub kubeconfig: Option<PathBuf>,
    /// Run without a cluster: the lint alone, no cross-object checks.
    pub no_cluster: bool,
    /// Allow (with a warning) a request whose review cannot finish: timed out, failed inside
    /// the webhook, or arrived before the cache synced.
    pub fail_open: bool,
    /// The largest request body read.
    pub max_body_bytes: usize,
    /// The time a review may take, reading the body included.
    pub timeout: Duration,
    /// How often the certificate files are read again.
    pub reload_interval: Duration,
    /// How long requests in flight may take to finish at shutdown.
    pub shutdown_grace: Duration,
}

/// Why the webhook could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The certificate or key.
    #[error("{0}")]
    Tls(String),
    /// The address.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The kubeconfig or in-cluster configuration.
    #[error("cannot reach the cluster: {0}")]
    Cluster(String),
}

/// The structured log: one JSON object per line on standard error.
#[derive(Clone, Debug, Default)]
pub struct Log;

impl Log {
    /// Writes `{"ts":..., "event": event, fields...}` as one line.
    pub fn event(&self, event: &str, fields: &[(&str, Value)]) {
        let ts = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default();
        let mut line = serde_json::Map::new();
        line.insert("ts".into(), json!((ts * 1000.0).round() / 1000.0));
        line.insert("event".into(), event.into());
        for (k, v) in fields {
            line.insert((*k).into(), v.clone());
        }
        let mut text = Value::Object(line).to_string();
        text.push('\n');
        // One write of the whole line, so that lines from several threads do not interleave.
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
}

struct State {
    config: Config,
    cache: Option<Cache>,
    shutting_down: AtomicBool,
    log: Log,
}

/// Serves until SIGTERM or SIGINT, then finishes the requests in flight and returns.
///
/// # Errors
/// The certificate cannot be read, the address cannot be bound, or the cluster configuration
/// cannot be read.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let log = Log;
    let _ = tls::provider().install_default();
    let certs =
        Arc::new(Certificates::load(&config.tls_cert, &config.tls_key).map_err(StartError::Tls)?);
    let acceptor = TlsAcceptor::from(Arc::new(certs.server_config().map_err(StartError::Tls)?));
    let cache = if config.no_cluster {
        None
    } else {
        cluster_client(&config)
            .await?
            .map(|client| Cache::start(client, log.clone()))
    };
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind {
            addr: config.addr,
            source,
        })?;
    let local = listener.local_addr().map_err(|source| StartError::Bind {
        addr: config.addr,
        source,
    })?;
    log.event(
        "listening",
        &[
            ("addr", local.to_string().into()),
            ("cluster", cache.is_some().into()),
            ("failOpen", config.fail_open.into()),
        ],
    );
    tokio::spawn(reload_loop(
        Arc::clone(&certs),
        config.reload_interval,
        log.clone(),
    ));
    let grace = config.shutdown_grace;
    let state = Arc::new(State {
        config,
        cache,
        shutting_down: AtomicBool::new(false),
        log: log.clone(),
    });
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((tcp, _peer)) = accepted else { continue };
                let acceptor = acceptor.clone();
                let state = Arc::clone(&state);
                let watcher = graceful.watcher();
                tokio::spawn(async move {
                    // A client that never finishes its handshake does not hold a task forever.
                    let Ok(Ok(tls)) = tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await else {
                        return;
                    };
                    let service = hyper::service::service_fn(move |req| {
                        let state = Arc::clone(&state);
                        async move { Ok::<_, Infallible>(route(req, &state).await) }
                    });
                    let conn = hyper::server::conn::http1::Builder::new()
                        .timer(hyper_util::rt::TokioTimer::new())
                        .header_read_timeout(Duration::from_secs(10))
                        .serve_connection(TokioIo::new(tls), service);
                    let _ = watcher.watch(conn).await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    state.shutting_down.store(true, Ordering::Release);
    drop(listener);
    log.event("shutting-down", &[("graceSeconds", grace.as_secs().into())]);
    let finished = tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_ok();
    log.event("stopped", &[("inFlightFinished", finished.into())]);
    Ok(())
}

async fn cluster_client(config: &Config) -> Result<Option<kube::Client>, StartError> {
    let cluster = |e: &dyn std::fmt::Display| StartError::Cluster(e.to_string());
    let kube_config = match &config.kubeconfig {
        Some(path) => {
            let file = kube::config::Kubeconfig::read_from(path)
                .map_err(|e| StartError::Cluster(format!("{}: {e}", path.display())))?;
            kube::Config::from_custom_kubeconfig(file, &kube::config::KubeConfigOptions::default())
                .await
                .map_err(|e| StartError::Cluster(format!("{}: {e}", path.display())))?
        }
        None if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some()
            || std::env::var_os("KUBECONFIG").is_some() =>
        {
            kube::Config::infer().await.map_err(|e| cluster(&e))?
        }
        None => return Ok(None),
    };
    kube::Client::try_from(kube_config)
        .map(Some)
        .map_err(|e| cluster(&e))
}

async fn reload_loop(certs: Arc<Certificates>, every: Duration, log: Log) {
    let mut failing = false;
    loop {
        tokio::time::sleep(every).await;
        match certs.reload() {
            Ok(true) => {
                failing = false;
                log.event("certificate-reloaded", &[]);
            }
            Ok(false) => failing = false,
            Err(e) => {
                // Once per failing stretch: a Secret swap is seen for a moment as a missing file.
                if !failing {
                    log.event("certificate-reload-failed", &[("error", e.into())]);
                }
                failing = true;
            }
        }
    }
}

async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}

fn text(status: StatusCode, body: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response
}

async fn route(req: Request<Incoming>, state: &State) -> Response<Full<Bytes>> {
    match (req.method(), req.uri().path()) {
        (&Method::GET, "/healthz") => text(StatusCode::OK, "ok\n"),
        (&Method::GET, "/readyz") => {
            let ready = !state.shutting_down.load(Ordering::Acquire)
                && state.cache.as_ref().is_none_or(Cache::ready);
            if ready {
                text(StatusCode::OK, "ok\n")
            } else {
                text(StatusCode::SERVICE_UNAVAILABLE, "not ready\n")
            }
        }
        (&Method::POST, "/validate") => validate(req, state).await,
        (_, "/validate") => text(StatusCode::METHOD_NOT_ALLOWED, "POST an AdmissionReview\n"),
        _ => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

async fn validate(req: Request<Incoming>, state: &State) -> Response<Full<Bytes>> {
    let started = Instant::now();
    let deadline = started + state.config.timeout;
    let limit = state.config.max_body_bytes;
    let declared = req
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let answer = if declared.is_some_and(|n| n > limit as u64) {
        too_large(limit)
    } else {
        let body = tokio::time::timeout_at(
            deadline.into(),
            Limited::new(req.into_body(), limit).collect(),
        )
        .await;
        match body {
            Err(_) => admission::bad_request("the request body did not arrive in time"),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => too_large(limit),
            Ok(Err(e)) => admission::bad_request(&format!("cannot read the request body: {e}")),
            Ok(Ok(collected)) => decide(collected.to_bytes(), state, deadline).await,
        }
    };
    log_decision(&state.log, &answer, started.elapsed());
    let mut response = Response::new(Full::new(Bytes::from(answer.body)));
    *response.status_mut() = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
}

fn too_large(limit: usize) -> Answer {
    let mut answer = admission::bad_request(&format!(
        "the request body is larger than {limit} bytes (--max-body-bytes)"
    ));
    answer.status = 413;
    answer
}

async fn decide(body: Bytes, state: &State, deadline: Instant) -> Answer {
    let request = match admission::decode(&body) {
        Ok(request) => Arc::new(request),
        Err(e) => return admission::bad_request(&e.to_string()),
    };
    let fail_open = state.config.fail_open;
    let cache = match &state.cache {
        Some(cache) if !cache.ready() => {
            if !fail_open {
                return admission::unfinished(
                    &request,
                    "the cache of the cluster's Functions and Addons has not synced yet",
                    false,
                );
            }
            None
        }
        other => other.clone(),
    };
    let unsynced = state.cache.is_some() && cache.is_none();
    let work = {
        let request = Arc::clone(&request);
        tokio::task::spawn_blocking(move || {
            let (verdict, response) =
                admission::review(&request, cache.as_ref().map(|c| c as &dyn Cluster));
            (verdict, response)
        })
    };
    match tokio::time::timeout_at(deadline.into(), work).await {
        Ok(Ok((mut verdict, mut response))) => {
            if unsynced {
                let note =
                    "kubestash-fn webhook: the cache of the cluster's Functions has not synced: \
                            the Addon's tasks were not looked up (--fail-open)"
                        .to_owned();
                response
                    .warnings
                    .get_or_insert_with(Vec::new)
                    .push(note.clone());
                verdict.warnings.push(note);
            }
            Answer {
                status: 200,
                body: serde_json::to_vec(&response.into_review()).unwrap_or_default(),
                verdict,
            }
        }
        Ok(Err(_panicked)) => {
            admission::unfinished(&request, "the review failed inside the webhook", fail_open)
        }
        Err(_elapsed) => admission::unfinished(
            &request,
            &format!(
                "the review took longer than {} ms (--timeout)",
                state.config.timeout.as_millis()
            ),
            fail_open,
        ),
    }
}

fn log_decision(log: &Log, answer: &Answer, latency: Duration) {
    let v = &answer.verdict;
    let verdict = if answer.status != 200 {
        "rejected-request"
    } else if v.allowed {
        "allowed"
    } else {
        "denied"
    };
    log.event(
        "admission",
        &[
            ("uid", v.uid.clone().into()),
            ("operation", v.operation.clone().into()),
            ("object", v.object.clone().into()),
            ("verdict", verdict.into()),
            ("reason", v.reason.into()),
            ("status", answer.status.into()),
            ("codes", json!(v.codes)),
            ("warnings", v.warnings.len().into()),
            (
                "latency_ms",
                json!((latency.as_secs_f64() * 1e5).round() / 100.0),
            ),
        ],
    );
}
