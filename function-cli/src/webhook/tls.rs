//! The serving certificate, read from its PEM files and read again when they change
//! (cert-manager rotates the Secret a pod mounts; the kubelet swaps the files in place).

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use rustls::ServerConfig;
use rustls::crypto::ring;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

/// A certificate and key read from two PEM files, served to every TLS client, replaced by
/// [`reload`](Self::reload) when the files' contents change.
#[derive(Debug)]
pub struct Certificates {
    cert_path: PathBuf,
    key_path: PathBuf,
    current: RwLock<Loaded>,
}

#[derive(Debug)]
struct Loaded {
    key: Arc<CertifiedKey>,
    /// The bytes it was read from, to notice a change.
    files: (Vec<u8>, Vec<u8>),
}

impl Certificates {
    /// Reads the certificate chain at `cert` and the private key at `key`.
    ///
    /// # Errors
    /// A file cannot be read, holds no certificate or no key, or the key is of a kind rustls
    /// does not sign with: the message names the file.
    pub fn load(cert: &Path, key: &Path) -> Result<Self, String> {
        let files = read_pair(cert, key)?;
        let certified = parse(cert, key, &files)?;
        Ok(Certificates {
            cert_path: cert.to_owned(),
            key_path: key.to_owned(),
            current: RwLock::new(Loaded {
                key: certified,
                files,
            }),
        })
    }

    /// Reads the files again; when their contents changed and parse, serves the new pair.
    /// Returns `Ok(true)` when it changed, `Ok(false)` when the files are as they were, and an
    /// error (the old pair still served) when they cannot be read or parsed, as happens for a
    /// moment while a Secret volume is swapped.
    ///
    /// # Errors
    /// As [`load`](Self::load).
    pub fn reload(&self) -> Result<bool, String> {
        let files = read_pair(&self.cert_path, &self.key_path)?;
        if self
            .current
            .read()
            .map(|c| c.files == files)
            .unwrap_or(false)
        {
            return Ok(false);
        }
        let key = parse(&self.cert_path, &self.key_path, &files)?;
        if let Ok(mut current) = self.current.write() {
            *current = Loaded { key, files };
        }
        Ok(true)
    }

    /// A rustls server configuration serving these certificates (HTTP/1.1 by ALPN).
    ///
    /// # Errors
    /// rustls refuses its default protocol versions (it does not with ring).
    pub fn server_config(self: &Arc<Self>) -> Result<ServerConfig, String> {
        let mut config = ServerConfig::builder_with_provider(Arc::new(provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_cert_resolver(Arc::clone(self) as Arc<dyn ResolvesServerCert>);
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }
}

/// rustls with ring: no C toolchain to build (aws-lc-rs needs cmake), the provider kube's
/// client uses here too.
#[expect(
    deprecated,
    reason = "rustls 0.23.48 steers to aws-lc-rs for post-quantum key exchange; ring is kept for its pure build"
)]
pub fn provider() -> rustls::crypto::CryptoProvider {
    ring::default_provider()
}

impl ResolvesServerCert for Certificates {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.current.read().ok().map(|c| Arc::clone(&c.key))
    }
}

fn read_pair(cert: &Path, key: &Path) -> Result<(Vec<u8>, Vec<u8>), String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    Ok((read(cert)?, read(key)?))
}

fn parse(
    cert: &Path,
    key: &Path,
    (cert_pem, key_pem): &(Vec<u8>, Vec<u8>),
) -> Result<Arc<CertifiedKey>, String> {
    let chain = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: {e}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!(
            "{}: no PEM certificate in the file",
            cert.display()
        ));
    }
    let private = PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|e| format!("{}: no PEM private key: {e}", key.display()))?;
    let signing =
        ring::sign::any_supported_type(&private).map_err(|e| format!("{}: {e}", key.display()))?;
    let certified = CertifiedKey::new(chain, signing);
    certified
        .keys_match()
        .map_err(|e| format!("{} and {}: {e}", cert.display(), key.display()))?;
    Ok(Arc::new(certified))
}
