//! `kubestash-fn webhook` over TLS on loopback: the binary serving a rustls client trusting a
//! CA made for the test (openssl), health and readiness, decisions, the body limit, bad
//! requests, one log line per decision, a certificate reloaded when its files change, and a
//! graceful shutdown that finishes the request in flight.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::Value;

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs (apt-get install -y openssl)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA `PREFIX-ca.pem` and a serving pair `PREFIX.pem`/`PREFIX-key.pem` for 127.0.0.1.
fn make_certs(dir: &Path, prefix: &str) {
    let ca = format!("{prefix}-ca");
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &format!("{ca}-key.pem"),
            "-out",
            &format!("{ca}.pem"),
            "-days",
            "2",
            "-subj",
            &format!("/CN={ca}"),
        ],
    );
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &format!("{prefix}-key.pem"),
            "-out",
            &format!("{prefix}.csr"),
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{prefix}.csr"),
            "-CA",
            &format!("{ca}.pem"),
            "-CAkey",
            &format!("{ca}-key.pem"),
            "-CAcreateserial",
            "-out",
            &format!("{prefix}.pem"),
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ],
    );
}

struct Webhook {
    child: Child,
    port: u16,
    lines: Receiver<String>,
}

impl Webhook {
    fn start(dir: &Path, extra: &[&str]) -> Webhook {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
            .current_dir(dir)
            .args([
                "webhook",
                "--tls-cert",
                "tls.pem",
                "--tls-key",
                "tls-key.pem",
                "--addr",
                "127.0.0.1:0",
                "--no-cluster",
                "--max-body-bytes",
                "65536",
                "--reload-interval",
                "1",
            ])
            .args(extra)
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let lines = forward(child.stderr.take().unwrap());
        let first = lines
            .recv_timeout(Duration::from_secs(30))
            .expect("a first log line");
        let event: Value = serde_json::from_str(&first).expect(&first);
        assert_eq!(event["event"], "listening", "{first}");
        assert_eq!(event["cluster"], false);
        let port = event["addr"]
            .as_str()
            .unwrap()
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Webhook { child, port, lines }
    }

    /// The next log line with `"event": event`.
    fn event(&self, event: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{event}` log line"));
            let v: Value = serde_json::from_str(&line).expect(&line);
            if v["event"] == event {
                return v;
            }
        }
    }
}

impl Drop for Webhook {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn forward(stderr: ChildStderr) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn client_config(ca: &Path) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(ca).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let provider = Arc::new(function_cli::webhook::tls::provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    // Every connection verifies the certificate (a resumed session would not).
    config.resumption = rustls::client::Resumption::disabled();
    Arc::new(config)
}

type Tls = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

fn connect(port: u16, config: &Arc<rustls::ClientConfig>) -> std::io::Result<Tls> {
    let tcp = TcpStream::connect(("127.0.0.1", port))?;
    tcp.set_read_timeout(Some(Duration::from_secs(20)))?;
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let conn = rustls::ClientConnection::new(Arc::clone(config), name).unwrap();
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    // Finish the handshake now, so that an untrusted certificate fails here.
    while tls.conn.is_handshaking() {
        tls.conn.complete_io(&mut tls.sock)?;
    }
    Ok(tls)
}

/// Reads one HTTP/1.1 response (the server closes: `Connection: close`).
fn read_response(tls: &mut Tls) -> (u16, String) {
    let mut raw = Vec::new();
    let _ = tls.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn request(
    port: u16,
    config: &Arc<rustls::ClientConfig>,
    method: &str,
    path: &str,
    body: &[u8],
) -> (u16, String) {
    let mut tls = connect(port, config).expect("TLS handshake");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    tls.write_all(head.as_bytes()).unwrap();
    // A server refusing a body (413) answers and closes before reading it all.
    let _ = tls.write_all(body).and_then(|()| tls.flush());
    read_response(&mut tls)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../tests/fixtures/admission/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn serves_reviews_over_tls_reloads_its_certificate_and_shuts_down_gracefully() {
    let dir = tempfile::tempdir().unwrap();
    make_certs(dir.path(), "tls");
    let webhook = Webhook::start(dir.path(), &[]);
    let port = webhook.port;
    let config = client_config(&dir.path().join("tls-ca.pem"));

    assert_eq!(
        request(port, &config, "GET", "/healthz", b""),
        (200, "ok\n".into())
    );
    assert_eq!(
        request(port, &config, "GET", "/readyz", b""),
        (200, "ok\n".into())
    );
    assert_eq!(request(port, &config, "GET", "/validate", b"").0, 405);
    assert_eq!(request(port, &config, "POST", "/elsewhere", b"{}").0, 404);

    // A denial, with its log line.
    let (status, body) = request(
        port,
        &config,
        "POST",
        "/validate",
        &fixture("denied-function.json"),
    );
    assert_eq!(status, 200, "{body}");
    let review: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(review["response"]["allowed"], false);
    assert_eq!(review["response"]["uid"], "create-function-demo-backup");
    let log = webhook.event("admission");
    assert_eq!(log["verdict"], "denied");
    assert_eq!(log["object"], "Function/demo-backup");
    assert_eq!(log["operation"], "CREATE");
    assert_eq!(log["codes"], serde_json::json!(["KSF0007"]));
    assert!(log["latency_ms"].as_f64().unwrap() >= 0.0);

    // An admission with warnings.
    let (status, body) = request(
        port,
        &config,
        "POST",
        "/validate",
        &fixture("warnings-addon.json"),
    );
    assert_eq!(status, 200);
    let review: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(review["response"]["allowed"], true);
    assert_eq!(review["response"]["warnings"].as_array().unwrap().len(), 1);
    assert_eq!(webhook.event("admission")["verdict"], "allowed");

    // Not a review: 400; past the body limit: 413 (declared, or streamed without a length).
    let (status, body) = request(
        port,
        &config,
        "POST",
        "/validate",
        &fixture("malformed.json"),
    );
    assert_eq!(status, 400);
    assert!(
        body.contains("the body is not an AdmissionReview"),
        "{body}"
    );
    assert_eq!(webhook.event("admission")["verdict"], "rejected-request");
    // The client sends no more than the server reads before it answers: bytes left unread at
    // its close would reset the connection and could drop the answer before the client reads it.
    let mut tls = connect(port, &config).unwrap();
    tls.write_all(
        b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\nConnection: close\r\n\r\n",
    )
    .unwrap();
    tls.flush().unwrap();
    let (status, body) = read_response(&mut tls);
    assert_eq!(status, 413);
    assert!(body.contains("larger than 65536 bytes"), "{body}");
    let mut tls = connect(port, &config).unwrap();
    tls.write_all(b"POST /validate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        .unwrap();
    tls.write_all(format!("{:x}\r\n", 65_537).as_bytes())
        .unwrap();
    tls.write_all(&[b' '; 65_537]).unwrap();
    tls.write_all(b"\r\n").unwrap();
    tls.flush().unwrap();
    assert_eq!(read_response(&mut tls).0, 413);

    // A new certificate from another CA is served once its files change.
    make_certs(dir.path(), "next");
    std::fs::copy(
        dir.path().join("next-key.pem"),
        dir.path().join("tls-key.pem"),
    )
    .unwrap();
    std::fs::copy(dir.path().join("next.pem"), dir.path().join("tls.pem")).unwrap();
    webhook.event("certificate-reloaded");
    let next = client_config(&dir.path().join("next-ca.pem"));
    assert_eq!(request(port, &next, "GET", "/healthz", b"").0, 200);
    assert!(connect(port, &config).is_err(), "the old CA still verifies");

    // SIGTERM while a request is in flight (its body half sent): it is answered, then the
    // process exits 0.
    let body = fixture("allowed-function.json");
    let mut tls = connect(port, &next).unwrap();
    let head = format!(
        "POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    tls.write_all(head.as_bytes()).unwrap();
    tls.write_all(&body[..100]).unwrap();
    tls.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pid = webhook.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    webhook.event("shutting-down");
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "still accepting"
    );
    tls.write_all(&body[100..]).unwrap();
    tls.flush().unwrap();
    let (status, answer) = read_response(&mut tls);
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("\"allowed\":true"), "{answer}");
    assert_eq!(webhook.event("stopped")["inFlightFinished"], true);
    let mut webhook = webhook;
    let exit = webhook.child.wait().unwrap();
    assert!(exit.success(), "{exit}");
}

#[test]
fn a_bad_certificate_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tls.pem"), "not a certificate\n").unwrap();
    std::fs::write(dir.path().join("tls-key.pem"), "").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kubestash-fn"))
        .current_dir(dir.path())
        .args([
            "webhook",
            "--tls-cert",
            "tls.pem",
            "--tls-key",
            "tls-key.pem",
            "--no-cluster",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err, "error: tls.pem: no PEM certificate in the file\n");
}
