//! TLS for a [`Server`](super::Server): rustls with the `ring` provider, ALPN `h2` then
//! `http/1.1`, a certificate chain and private key from PEM.
//!
//! The provider is the process's default: one the application installed
//! (`CryptoProvider::install_default`, say aws-lc-rs for post-quantum key exchange), else the
//! one rustls's crate features name — *ring*, the only one Rook enables. (rustls 0.23.48
//! deprecates `rustls::crypto::ring::default_provider`; this is the way it leaves.) An
//! application whose dependencies enable a second provider must install one: rustls stops with
//! a message saying so.

use std::io;
use std::sync::Arc;

use rustls::ServerConfig;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A certificate chain and key in PEM, with the names an error message should use for them
/// (`ROOK_TLS_CERT (/etc/…)` when they came from the environment).
#[derive(Clone)]
pub(crate) struct Pems {
    pub(crate) cert: Vec<u8>,
    pub(crate) key: Vec<u8>,
    pub(crate) cert_name: String,
    pub(crate) key_name: String,
}

/// The rustls configuration for `pems`, or an error naming what is wrong with which of them.
pub(crate) fn config(pems: &Pems) -> io::Result<Arc<ServerConfig>> {
    let invalid = |msg: String| io::Error::new(io::ErrorKind::InvalidInput, msg);
    let certs = CertificateDer::pem_slice_iter(&pems.cert)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(format!("{}: not a PEM certificate chain: {e}", pems.cert_name)))?;
    if certs.is_empty() {
        return Err(invalid(format!("{}: no certificate (expected PEM `BEGIN CERTIFICATE` blocks)", pems.cert_name)));
    }
    let key = PrivateKeyDer::from_pem_slice(&pems.key)
        .map_err(|e| invalid(format!("{}: not a PEM private key: {e}", pems.key_name)))?;
    let builder = match CryptoProvider::get_default() {
        Some(provider) => ServerConfig::builder_with_provider(Arc::clone(provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid(format!("TLS: {e}")))?,
        // Installs the provider rustls's features name (ring) as the process's default.
        None => ServerConfig::builder(),
    };
    let mut config = builder
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| invalid(format!("{} and {} do not make a TLS identity: {e}", pems.cert_name, pems.key_name)))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
