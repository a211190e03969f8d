//! Test key pairs: key files for the fake token endpoint, signing keys for the fake
//! Chat issuer.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;

/// A freshly generated RSA-2048 key pair in PEM: what a service account key holds, and
/// the public half the fake space verifies grants with.
#[derive(Clone)]
pub struct TestKeyPair {
    /// The private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as in a key file.
    pub private_pem: String,
    /// The public key, SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub public_pem: String,
}

impl std::fmt::Debug for TestKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestKeyPair")
            .field("private_pem", &"<redacted>")
            .field("public_pem", &self.public_pem)
            .finish()
    }
}

impl TestKeyPair {
    /// Generates a key pair (takes a moment: RSA key generation).
    pub fn generate() -> Result<Self, String> {
        let pair = KeyPair::generate(KeySize::Rsa2048)
            .map_err(|_| "RSA key generation failed".to_owned())?;
        let private = pair
            .as_der()
            .map_err(|_| "cannot encode the private key".to_owned())?;
        let public = pair
            .public_key()
            .as_der()
            .map_err(|_| "cannot encode the public key".to_owned())?;
        Ok(TestKeyPair {
            private_pem: pem::encode(&pem::Pem::new("PRIVATE KEY", private.as_ref().to_vec())),
            public_pem: pem::encode(&pem::Pem::new("PUBLIC KEY", public.as_ref().to_vec())),
        })
    }

    /// The JSON of a service-account key file using this key pair.
    pub fn key_file_json(&self, client_email: &str, key_id: &str, token_uri: &str) -> String {
        serde_json::json!({
            "type": "service_account",
            "project_id": "fake-project",
            "private_key_id": key_id,
            "private_key": self.private_pem,
            "client_email": client_email,
            "client_id": "100000000000000000000",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
        })
        .to_string()
    }
}
