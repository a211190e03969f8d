//! Verifying that a request comes from Google Chat: the bearer token in its
//! `Authorization` header.
//!
//! Chat signs every request to an app's HTTP endpoint. What the token is depends on the
//! app's *authentication audience* (Chat API configuration, "Connection settings"):
//!
//! | Audience | Token | Issuer | Audience claim | Keys |
//! |---|---|---|---|---|
//! | [`Audience::ProjectNumber`] | a JWT signed by Chat's service account | `chat@system.gserviceaccount.com` | the Cloud project number | [`CHAT_CERTS_URL`] (key id → PEM X.509 certificate) |
//! | [`Audience::EndpointUrl`] | a Google OIDC ID token, `email` = `chat@system.gserviceaccount.com`, `email_verified` | `https://accounts.google.com` or `accounts.google.com` | the endpoint URL | [`GOOGLE_ID_TOKEN_CERTS_URL`] (a JWKS) |
//!
//! A [`Verifier`] checks the RS256 signature against the published key named by the
//! token's `kid`, the issuer, the audience and the expiry (with [`DEFAULT_LEEWAY`] of
//! clock skew either way, since Chat's clock and ours differ a little). Keys are fetched
//! with `reqwest`, cached as the endpoint's `Cache-Control: max-age` says, and refetched
//! once when a token names a key id the cache does not know (a rotation), at most once
//! per [`DEFAULT_MIN_REFETCH_INTERVAL`]. Tokens are never logged, and no error holds one.
//!
//! Anything that fails gets 401 (see [`crate::app::endpoint`] for axum). Verification
//! is on unless the app is built with the loudly named
//! [`Verifier::insecure_skip_verification_for_local_testing`], which logs a warning.
//!
//! ```no_run
//! use chat_card::app::{Audience, Verifier};
//!
//! # async fn demo(authorization: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
//! let verifier = Verifier::new(Audience::project_number("1234567890")?)?;
//! match verifier.verify_authorization(authorization).await {
//!     Ok(_) => { /* read the event and answer it */ }
//!     Err(e) => eprintln!("401: {e}"),
//! }
//! # Ok(())
//! # }
//! ```

mod error;
mod keys;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;

pub use error::{ConfigError, VerifyError};
use keys::KeyCache;

/// Chat's service account: the issuer of project-number tokens and the `email` of ID
/// tokens.
pub const CHAT_SERVICE_ACCOUNT: &str = "chat@system.gserviceaccount.com";

/// Where Chat's service account publishes its certificates (a JSON map from key id to
/// PEM X.509 certificate): the keys of project-number tokens.
pub const CHAT_CERTS_URL: &str =
    "https://www.googleapis.com/service_accounts/v1/metadata/x509/chat@system.gserviceaccount.com";

/// Where Google publishes the keys of its OIDC ID tokens (a JWKS): the keys of
/// endpoint-URL tokens.
pub const GOOGLE_ID_TOKEN_CERTS_URL: &str = "https://www.googleapis.com/oauth2/v3/certs";

/// The issuers Google's ID tokens carry.
pub const GOOGLE_ID_TOKEN_ISSUERS: [&str; 2] =
    ["https://accounts.google.com", "accounts.google.com"];

/// Clock skew tolerated on `exp`, `nbf` and `iat`: 60 s, the leeway Google's own client
/// libraries allow, enough for unsynchronised but NTP-disciplined clocks.
pub const DEFAULT_LEEWAY: Duration = Duration::from_secs(60);

/// The least time between two fetches triggered by unknown key ids, so that tokens with
/// made-up key ids cannot make the app hammer the certificate endpoint.
pub const DEFAULT_MIN_REFETCH_INTERVAL: Duration = Duration::from_secs(10);

/// How long one certificate fetch may take.
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);

/// Which audience Chat signs this app's tokens for: the app's "Authentication
/// Audience" setting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// The Cloud project number (digits): tokens are JWTs from Chat's service account.
    ProjectNumber(String),
    /// The app's HTTP endpoint URL: tokens are Google OIDC ID tokens.
    EndpointUrl(String),
}

impl Audience {
    /// A project number (only digits, as shown in the Cloud console).
    ///
    /// ```
    /// use chat_card::app::Audience;
    /// assert!(Audience::project_number("1234567890").is_ok());
    /// assert!(Audience::project_number("my-project").is_err());
    /// ```
    pub fn project_number(number: impl Into<String>) -> Result<Self, ConfigError> {
        let number = number.into();
        let number = number.trim();
        if number.is_empty() || number.len() > 30 || !number.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ConfigError::new(format!(
                "`{number}` is not a project number: use the digits shown as \"Project number\" in the Cloud console (not the project id), or use Audience::endpoint_url when the app's authentication audience is its HTTP endpoint URL"
            )));
        }
        Ok(Audience::ProjectNumber(number.to_owned()))
    }

    /// The app's HTTP endpoint URL, exactly as configured in the Chat API configuration
    /// (`https`, or `http` on a loopback host for local testing).
    ///
    /// ```
    /// use chat_card::app::Audience;
    /// assert!(Audience::endpoint_url("https://chat-app.example.com/events").is_ok());
    /// assert!(Audience::endpoint_url("chat-app.example.com").is_err());
    /// ```
    pub fn endpoint_url(url: &str) -> Result<Self, ConfigError> {
        let url = url.trim();
        check_url(url, "the endpoint URL")?;
        Ok(Audience::EndpointUrl(url.to_owned()))
    }

    /// The audience claim a token must carry.
    pub fn as_str(&self) -> &str {
        match self {
            Audience::ProjectNumber(s) | Audience::EndpointUrl(s) => s,
        }
    }

    /// Where the keys of this kind of token are published.
    pub fn default_certs_url(&self) -> &'static str {
        match self {
            Audience::ProjectNumber(_) => CHAT_CERTS_URL,
            Audience::EndpointUrl(_) => GOOGLE_ID_TOKEN_CERTS_URL,
        }
    }
}

/// `https://…`, or `http://` on a loopback host.
fn check_url(raw: &str, what: &str) -> Result<url::Url, ConfigError> {
    let url = url::Url::parse(raw).map_err(|e| {
        ConfigError::new(format!(
            "{what} `{raw}` is not an absolute URL ({e}); write it in full, like https://example.com/path"
        ))
    })?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        "http" => Err(ConfigError::new(format!(
            "{what} `{raw}` uses plain http, which is allowed only for loopback hosts (127.0.0.1, ::1, localhost); use https"
        ))),
        other => Err(ConfigError::new(format!(
            "{what} `{raw}` has scheme `{other}`; use https"
        ))),
    }
}

/// Checks Chat's bearer tokens. Cheap to clone: clones share the certificate cache.
#[derive(Clone)]
pub struct Verifier {
    mode: Arc<Mode>,
}

enum Mode {
    Checked(Box<Checked>),
    Skipped,
}

struct Checked {
    audience: Audience,
    leeway: Duration,
    keys: KeyCache,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.mode {
            Mode::Checked(c) => f
                .debug_struct("Verifier")
                .field("audience", &c.audience)
                .field("certs_url", &c.keys.url())
                .field("leeway", &c.leeway)
                .finish(),
            Mode::Skipped => f
                .debug_struct("Verifier")
                .field("verification", &"SKIPPED (local testing only)")
                .finish(),
        }
    }
}

/// Settings of a [`Verifier`] (see [`Verifier::builder`]).
#[derive(Debug)]
pub struct VerifierBuilder {
    audience: Audience,
    certs_url: Option<String>,
    leeway: Duration,
    min_refetch: Duration,
    client: Option<reqwest::Client>,
}

impl VerifierBuilder {
    /// Fetches the keys from `url` instead of Google's endpoint for the audience: a
    /// local stand-in for tests. `https`, or `http` on a loopback host. The document may
    /// be a JWKS or a key-id-to-PEM-certificate map.
    pub fn certs_url(mut self, url: impl Into<String>) -> Self {
        self.certs_url = Some(url.into());
        self
    }

    /// The clock skew tolerated on `exp`, `nbf` and `iat` (default [`DEFAULT_LEEWAY`]).
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// The least time between two refetches triggered by unknown key ids (default
    /// [`DEFAULT_MIN_REFETCH_INTERVAL`]).
    pub fn min_refetch_interval(mut self, interval: Duration) -> Self {
        self.min_refetch = interval;
        self
    }

    /// The HTTP client for certificate fetches (default: a client with a 10 s timeout).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Builds the verifier. Fails on a certificate URL that is not `https` (or `http`
    /// on loopback).
    pub fn build(self) -> Result<Verifier, ConfigError> {
        let url = match self.certs_url {
            Some(url) => {
                check_url(&url, "the certificate URL")?;
                url
            }
            None => self.audience.default_certs_url().to_owned(),
        };
        let client = match self.client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .timeout(FETCH_TIMEOUT)
                .build()
                .map_err(|e| ConfigError::new(format!("cannot build the HTTP client: {e}")))?,
        };
        Ok(Verifier {
            mode: Arc::new(Mode::Checked(Box::new(Checked {
                audience: self.audience,
                leeway: self.leeway,
                keys: KeyCache::new(url, client, self.min_refetch),
            }))),
        })
    }
}

/// What a successful check found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verified {
    /// The token verified; its claims.
    Token(ChatClaims),
    /// Nothing was checked: the verifier was built with
    /// [`Verifier::insecure_skip_verification_for_local_testing`].
    SkippedForLocalTesting,
}

/// The claims of a verified token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatClaims {
    /// `iss`.
    pub issuer: String,
    /// `aud`: the project number or the endpoint URL.
    pub audience: String,
    /// `exp`, seconds since the Unix epoch.
    pub expires_at: u64,
    /// `iat`, seconds since the Unix epoch, when present.
    pub issued_at: Option<u64>,
    /// `email` of an ID token.
    pub email: Option<String>,
}

#[derive(Deserialize)]
struct RawClaims {
    iss: String,
    aud: String,
    exp: u64,
    #[serde(default)]
    iat: Option<u64>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    email_verified: Option<serde_json::Value>,
}

impl Verifier {
    /// A verifier for `audience` with Google's certificate endpoint and the default
    /// settings.
    pub fn new(audience: Audience) -> Result<Self, ConfigError> {
        Self::builder(audience).build()
    }

    /// Settings for a verifier of `audience`.
    pub fn builder(audience: Audience) -> VerifierBuilder {
        VerifierBuilder {
            audience,
            certs_url: None,
            leeway: DEFAULT_LEEWAY,
            min_refetch: DEFAULT_MIN_REFETCH_INTERVAL,
            client: None,
        }
    }

    /// A verifier that accepts every request, token or not. **Anyone who can reach the
    /// endpoint can then impersonate Chat.** For local experiments only; logs a warning
    /// when built and on every request it lets through.
    pub fn insecure_skip_verification_for_local_testing() -> Self {
        tracing::warn!(
            "Chat request verification is OFF (Verifier::insecure_skip_verification_for_local_testing): anyone can impersonate Google Chat; never deploy this"
        );
        Verifier {
            mode: Arc::new(Mode::Skipped),
        }
    }

    /// Whether this verifier checks tokens (false only for
    /// [`Verifier::insecure_skip_verification_for_local_testing`]).
    pub fn is_verifying(&self) -> bool {
        matches!(*self.mode, Mode::Checked(_))
    }

    /// The audience tokens must carry (none when verification is off).
    pub fn audience(&self) -> Option<&Audience> {
        match &*self.mode {
            Mode::Checked(c) => Some(&c.audience),
            Mode::Skipped => None,
        }
    }

    /// Verifies the value of a request's `Authorization` header (`Bearer <token>`;
    /// `None` when the header is absent).
    pub async fn verify_authorization(
        &self,
        authorization: Option<&str>,
    ) -> Result<Verified, VerifyError> {
        if let Mode::Skipped = &*self.mode {
            tracing::warn!("accepting a request without verifying it (verification is off)");
            return Ok(Verified::SkippedForLocalTesting);
        }
        let header = authorization.ok_or(VerifyError::MissingToken)?;
        let (scheme, token) = header.trim().split_once(' ').ok_or(VerifyError::Malformed(
            "expected `Authorization: Bearer <token>`",
        ))?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(VerifyError::Malformed(
                "expected `Authorization: Bearer <token>`",
            ));
        }
        self.verify_token(token.trim()).await
    }

    /// Verifies a bare token.
    pub async fn verify_token(&self, token: &str) -> Result<Verified, VerifyError> {
        let checked = match &*self.mode {
            Mode::Checked(c) => c,
            Mode::Skipped => {
                tracing::warn!("accepting a request without verifying it (verification is off)");
                return Ok(Verified::SkippedForLocalTesting);
            }
        };
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| VerifyError::Malformed("not a JSON Web Token"))?;
        if header.alg != Algorithm::RS256 {
            return Err(VerifyError::Algorithm(format!("{:?}", header.alg)));
        }
        let kid = header
            .kid
            .ok_or(VerifyError::Malformed("the token names no key id (`kid`)"))?;
        let key = checked.keys.key(&kid).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = checked.leeway.as_secs();
        validation.validate_nbf = true;
        validation.set_required_spec_claims(&["exp", "iss", "aud"]);
        validation.set_audience(&[checked.audience.as_str()]);
        match &checked.audience {
            Audience::ProjectNumber(_) => validation.set_issuer(&[CHAT_SERVICE_ACCOUNT]),
            Audience::EndpointUrl(_) => validation.set_issuer(&GOOGLE_ID_TOKEN_ISSUERS),
        }
        let data = jsonwebtoken::decode::<RawClaims>(token, &key, &validation)
            .map_err(|e| classify(e, &checked.audience))?;
        let claims = data.claims;
        if let Some(iat) = claims.iat {
            let now = jsonwebtoken::get_current_timestamp();
            if iat > now.saturating_add(checked.leeway.as_secs()) {
                return Err(VerifyError::NotYetValid);
            }
        }
        if let Audience::EndpointUrl(_) = checked.audience {
            let verified = match &claims.email_verified {
                Some(serde_json::Value::Bool(b)) => *b,
                Some(serde_json::Value::String(s)) => s == "true",
                _ => false,
            };
            if claims.email.as_deref() != Some(CHAT_SERVICE_ACCOUNT) || !verified {
                return Err(VerifyError::WrongEmail);
            }
        }
        Ok(Verified::Token(ChatClaims {
            issuer: claims.iss,
            audience: claims.aud,
            expires_at: claims.exp,
            issued_at: claims.iat,
            email: claims.email,
        }))
    }
}

fn classify(e: jsonwebtoken::errors::Error, audience: &Audience) -> VerifyError {
    use jsonwebtoken::errors::ErrorKind;
    match e.kind() {
        ErrorKind::InvalidSignature => VerifyError::BadSignature,
        ErrorKind::ExpiredSignature => VerifyError::Expired,
        ErrorKind::ImmatureSignature => VerifyError::NotYetValid,
        ErrorKind::InvalidAudience => VerifyError::WrongAudience {
            expected: audience.as_str().to_owned(),
        },
        ErrorKind::InvalidIssuer => VerifyError::WrongIssuer,
        ErrorKind::MissingRequiredClaim(claim) => VerifyError::MissingClaim(claim.clone()),
        ErrorKind::InvalidAlgorithm => VerifyError::Algorithm("another algorithm".into()),
        ErrorKind::InvalidRsaKey(_) | ErrorKind::InvalidKeyFormat => {
            VerifyError::CertificatesUnavailable("the published key is not a usable RSA key".into())
        }
        _ => VerifyError::Malformed("the token's parts do not decode"),
    }
}
