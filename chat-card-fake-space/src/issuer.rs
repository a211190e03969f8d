//! A stand-in for Google's certificate endpoints that signs Chat-style bearer tokens
//! (feature `fake-chat-issuer`): to test a Chat app's request verification with no
//! Google account and no network.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};
use tokio::sync::oneshot;

use super::keys::TestKeyPair;
use chat_card::app::verify::{CHAT_SERVICE_ACCOUNT, ConfigError};
use chat_card::app::{Audience, Verifier};

/// The path of the X.509 certificate map, as on Google's server.
const X509_PATH: &str = "/service_accounts/v1/metadata/x509/chat@system.gserviceaccount.com";
/// The path of the JWKS, as on Google's server.
const JWKS_PATH: &str = "/oauth2/v3/certs";

/// A local issuer of Chat bearer tokens: an HTTP server on 127.0.0.1 that publishes its
/// keys in both of Google's formats, and signs tokens as Chat does for either
/// authentication audience.
///
/// - `GET` [`x509_url`](Self::x509_url): a JSON map from key id to PEM X.509
///   certificate, like Chat's service account certificates;
/// - `GET` [`jwks_url`](Self::jwks_url): a JWKS, like Google's OIDC certificates;
/// - both with `Cache-Control: public, max-age=…` ([`set_cache_control`](Self::set_cache_control)),
///   counted in [`fetches`](Self::fetches).
///
/// Tokens: [`project_token`](Self::project_token) (issuer Chat's service account,
/// audience a project number) and [`id_token`](Self::id_token) (an ID token for an
/// endpoint URL), or any claims with [`sign`](Self::sign); forged ones with
/// [`sign_forged`](Self::sign_forged) and
/// [`sign_with_unpublished_key`](Self::sign_with_unpublished_key).
///
/// ```
/// use chat_card::app::{Audience, Verified};
/// use chat_card_fake_space::FakeChatIssuer;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let issuer = FakeChatIssuer::start().await?;
/// let verifier = issuer.verifier(Audience::project_number("1234567890")?)?;
/// let token = issuer.project_token("1234567890");
/// assert!(matches!(verifier.verify_token(&token).await?, Verified::Token(_)));
/// assert!(verifier.verify_token(&issuer.project_token("999")).await.is_err());
/// issuer.shutdown().await;
/// # Ok(())
/// # }
/// ```
pub struct FakeChatIssuer {
    addr: std::net::SocketAddr,
    shared: Arc<Mutex<Keys>>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl std::fmt::Debug for FakeChatIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeChatIssuer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

struct SigningKey {
    kid: String,
    encoding: EncodingKey,
    cert_pem: String,
    jwk: Value,
}

struct Keys {
    /// Published keys; the last one signs.
    published: Vec<Arc<SigningKey>>,
    /// A key nobody publishes, made on first use.
    impostor: Option<Arc<SigningKey>>,
    cache_control: String,
    fetches: usize,
    made: usize,
}

impl SigningKey {
    fn generate(kid: String) -> Result<Self, String> {
        let pair = TestKeyPair::generate()?;
        let encoding = EncodingKey::from_rsa_pem(pair.private_pem.as_bytes())
            .map_err(|e| format!("cannot read the generated key: {e}"))?;
        let key_pair = rcgen::KeyPair::from_pem(&pair.private_pem)
            .map_err(|e| format!("cannot read the generated key for its certificate: {e}"))?;
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new())
            .map_err(|e| format!("certificate parameters: {e}"))?;
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, CHAT_SERVICE_ACCOUNT);
        let cert = params
            .self_signed(&key_pair)
            .map_err(|e| format!("cannot sign the certificate: {e}"))?;
        let mut jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&encoding, Algorithm::RS256)
            .map_err(|e| format!("cannot describe the key as a JWK: {e}"))?;
        jwk.common.key_id = Some(kid.clone());
        jwk.common.public_key_use = Some(jsonwebtoken::jwk::PublicKeyUse::Signature);
        let jwk = serde_json::to_value(&jwk).map_err(|e| format!("cannot write the JWK: {e}"))?;
        Ok(SigningKey {
            kid,
            encoding,
            cert_pem: cert.pem(),
            jwk,
        })
    }
}

fn lock(keys: &Mutex<Keys>) -> MutexGuard<'_, Keys> {
    keys.lock().unwrap_or_else(PoisonError::into_inner)
}

fn now() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

impl FakeChatIssuer {
    /// Generates a signing key (RSA-2048) and starts serving on a free port of
    /// 127.0.0.1, on the current Tokio runtime.
    pub async fn start() -> std::io::Result<Self> {
        let first =
            SigningKey::generate("fake-chat-key-1".into()).map_err(std::io::Error::other)?;
        let shared = Arc::new(Mutex::new(Keys {
            published: vec![Arc::new(first)],
            impostor: None,
            cache_control: "public, max-age=3600, must-revalidate, no-transform".into(),
            fetches: 0,
            made: 1,
        }));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let app = Router::new()
            .route(X509_PATH, get(x509))
            .route(JWKS_PATH, get(jwks))
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(async move {
            let limits = chat_card::serve::ServeLimits::default();
            let server = chat_card::serve::serve(listener, app, limits, async move {
                let _ = stopped.await;
            });
            if let Err(e) = server.await {
                tracing::error!("fake Chat issuer stopped: {e}");
            }
        });
        Ok(FakeChatIssuer {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The server's address.
    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// The key-id-to-PEM-certificate map (what [`CHAT_CERTS_URL`](chat_card::app::verify::CHAT_CERTS_URL) serves).
    pub fn x509_url(&self) -> String {
        format!("http://{}{X509_PATH}", self.addr)
    }

    /// The JWKS (what [`GOOGLE_ID_TOKEN_CERTS_URL`](chat_card::app::verify::GOOGLE_ID_TOKEN_CERTS_URL) serves).
    pub fn jwks_url(&self) -> String {
        format!("http://{}{JWKS_PATH}", self.addr)
    }

    /// The URL of this issuer's keys in the format Google uses for `audience`.
    pub fn certs_url_for(&self, audience: &Audience) -> String {
        match audience {
            Audience::ProjectNumber(_) => self.x509_url(),
            Audience::EndpointUrl(_) => self.jwks_url(),
        }
    }

    /// A verifier for `audience` that trusts this issuer's keys.
    pub fn verifier(&self, audience: Audience) -> Result<Verifier, ConfigError> {
        let url = self.certs_url_for(&audience);
        Verifier::builder(audience).certs_url(url).build()
    }

    /// The claims Chat puts in a project-number token: issuer Chat's service account,
    /// audience `project_number`, issued now, valid one hour.
    pub fn project_claims(project_number: &str) -> Value {
        let now = now();
        json!({"iss": CHAT_SERVICE_ACCOUNT, "aud": project_number, "iat": now, "exp": now + 3600})
    }

    /// The claims of Google's ID token for an endpoint URL: issuer
    /// `https://accounts.google.com`, audience `endpoint_url`, email Chat's service
    /// account (verified), issued now, valid one hour.
    pub fn id_token_claims(endpoint_url: &str) -> Value {
        let now = now();
        json!({
            "iss": "https://accounts.google.com",
            "aud": endpoint_url,
            "azp": "113146542245565183735",
            "sub": "113146542245565183735",
            "email": CHAT_SERVICE_ACCOUNT,
            "email_verified": true,
            "iat": now,
            "exp": now + 3600,
        })
    }

    /// A valid project-number token for `project_number`.
    pub fn project_token(&self, project_number: &str) -> String {
        self.sign(&Self::project_claims(project_number))
    }

    /// A valid ID token for `endpoint_url`.
    pub fn id_token(&self, endpoint_url: &str) -> String {
        self.sign(&Self::id_token_claims(endpoint_url))
    }

    /// Signs `claims` (RS256) with the current published key, naming it in `kid`.
    pub fn sign(&self, claims: &Value) -> String {
        let key = lock(&self.shared).published.last().cloned();
        key.map(|k| sign_with(&k, &k.kid, claims))
            .unwrap_or_default()
    }

    /// Signs `claims` with a key nobody publishes, but names the current published key
    /// in `kid`: a forged signature.
    pub fn sign_forged(&self, claims: &Value) -> String {
        let published = lock(&self.shared).published.last().map(|k| k.kid.clone());
        match (self.impostor(), published) {
            (Ok(impostor), Some(kid)) => sign_with(&impostor, &kid, claims),
            _ => String::new(),
        }
    }

    /// Signs `claims` with a key nobody publishes, naming that key's own id in `kid`.
    pub fn sign_with_unpublished_key(&self, claims: &Value) -> String {
        match self.impostor() {
            Ok(impostor) => sign_with(&impostor, &impostor.kid, claims),
            Err(_) => String::new(),
        }
    }

    fn impostor(&self) -> Result<Arc<SigningKey>, String> {
        if let Some(key) = lock(&self.shared).impostor.clone() {
            return Ok(key);
        }
        let key = Arc::new(SigningKey::generate("fake-unpublished-key".into())?);
        lock(&self.shared).impostor = Some(Arc::clone(&key));
        Ok(key)
    }

    /// Generates and publishes a new key, which signs from now on (the old keys stay
    /// published): a key rotation. Returns the new key id.
    pub fn rotate_key(&self) -> Result<String, String> {
        let n = lock(&self.shared).made + 1;
        let key = SigningKey::generate(format!("fake-chat-key-{n}"))?;
        let kid = key.kid.clone();
        let mut keys = lock(&self.shared);
        keys.made = n;
        keys.published.push(Arc::new(key));
        Ok(kid)
    }

    /// The `Cache-Control` header of both endpoints (default
    /// `public, max-age=3600, must-revalidate, no-transform`).
    pub fn set_cache_control(&self, value: &str) {
        lock(&self.shared).cache_control = value.to_owned();
    }

    /// How many times the keys were fetched (both endpoints).
    pub fn fetches(&self) -> usize {
        lock(&self.shared).fetches
    }

    /// Stops the server.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FakeChatIssuer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn sign_with(key: &SigningKey, kid: &str, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &key.encoding).unwrap_or_default()
}

fn answer(keys: &Mutex<Keys>, body: impl FnOnce(&Keys) -> Value) -> Response {
    let mut keys = lock(keys);
    keys.fetches += 1;
    let cache_control = keys.cache_control.clone();
    let body = body(&keys).to_string();
    (
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=UTF-8".to_owned(),
            ),
            (header::CACHE_CONTROL, cache_control),
        ],
        body,
    )
        .into_response()
}

async fn x509(State(keys): State<Arc<Mutex<Keys>>>) -> Response {
    answer(&keys, |k| {
        let map: serde_json::Map<String, Value> = k
            .published
            .iter()
            .map(|key| (key.kid.clone(), Value::String(key.cert_pem.clone())))
            .collect();
        Value::Object(map)
    })
}

async fn jwks(State(keys): State<Arc<Mutex<Keys>>>) -> Response {
    answer(
        &keys,
        |k| json!({"keys": k.published.iter().map(|key| key.jwk.clone()).collect::<Vec<_>>()}),
    )
}
