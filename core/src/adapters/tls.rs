//! TLS for outbound HTTPS (Graph API, PMS). reqwest is built with rustls and
//! no default crypto provider (aws-lc-rs needs a slow C build), so the ring
//! provider is installed once per process, before any `reqwest::Client` is
//! built: reqwest panics otherwise. Calling it again is harmless.

pub fn install_crypto_provider() {
    // Err only means a provider is already installed, which is what we want.
    let _ = rustls::crypto::ring::default_provider().install_default();
}
