//! Access tokens for a service account: the signed JWT grant (RS256), the exchange at the
//! key's `token_uri`, and a cache that refreshes before expiry. Concurrent callers share
//! one refresh. Nothing here logs or prints the private key, the assertion or a token.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::credentials::ServiceAccountKey;
use super::error::TokenError;
use crate::webhook::TransportError;

/// The scope of a Chat app (app authentication).
pub const CHAT_BOT_SCOPE: &str = "https://www.googleapis.com/auth/chat.bot";

/// The grant type of the JWT bearer flow (RFC 7523).
pub const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// How long a signed grant is valid (Google's maximum).
const GRANT_LIFETIME: u64 = 3600;

/// Tokens are refreshed this long before they expire.
const DEFAULT_MARGIN: Duration = Duration::from_secs(60);

/// Attempts at the token endpoint per refresh (server errors and network failures).
const TOKEN_ATTEMPTS: u32 = 3;

/// A bearer token. Its `Debug` never shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// The token text, for an `Authorization: Bearer` header. Do not log it.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// The claims of the grant Google expects from a service account.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct GrantClaims {
    pub(crate) iss: String,
    pub(crate) scope: String,
    pub(crate) aud: String,
    pub(crate) iat: u64,
    pub(crate) exp: u64,
}

/// Signs the grant for `key` at time `now` (seconds since the epoch).
pub(crate) fn sign_grant(
    key: &ServiceAccountKey,
    scope: &str,
    now: u64,
) -> Result<String, TokenError> {
    let encoding = jsonwebtoken::EncodingKey::from_rsa_pem(key.private_key_pem().as_bytes())
        // jsonwebtoken's errors name the problem kind, never the key bytes.
        .map_err(|e| TokenError::Signing(e.to_string()))?;
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = key.private_key_id().map(str::to_owned);
    let claims = GrantClaims {
        iss: key.client_email().to_owned(),
        scope: scope.to_owned(),
        aud: key.token_uri().as_str().to_owned(),
        iat: now,
        exp: now + GRANT_LIFETIME,
    };
    jsonwebtoken::encode(&header, &claims, &encoding)
        .map_err(|e| TokenError::Signing(e.to_string()))
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    expires_in: Option<u64>,
    error: Option<String>,
    error_description: Option<String>,
}

struct Cached {
    token: AccessToken,
    /// When to stop using it (expiry minus the margin).
    refresh_at: Instant,
}

/// Gets and caches access tokens for one service account. Cheap to clone (shared cache).
#[derive(Clone)]
pub(crate) struct TokenSource {
    inner: Arc<TokenInner>,
}

struct TokenInner {
    key: ServiceAccountKey,
    scope: String,
    margin: Duration,
    http: reqwest::Client,
    timeout: Duration,
    cache: Mutex<Option<Cached>>,
    fetches: std::sync::atomic::AtomicU64,
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("client_email", &self.inner.key.client_email())
            .field("scope", &self.inner.scope)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl TokenSource {
    pub(crate) fn new(
        key: ServiceAccountKey,
        http: reqwest::Client,
        timeout: Duration,
        margin: Option<Duration>,
    ) -> Self {
        TokenSource {
            inner: Arc::new(TokenInner {
                key,
                scope: CHAT_BOT_SCOPE.to_owned(),
                margin: margin.unwrap_or(DEFAULT_MARGIN),
                http,
                timeout,
                cache: Mutex::new(None),
                fetches: std::sync::atomic::AtomicU64::new(0),
            }),
        }
    }

    pub(crate) fn key(&self) -> &ServiceAccountKey {
        &self.inner.key
    }

    /// How many tokens were fetched from the endpoint so far.
    pub(crate) fn fetches(&self) -> u64 {
        self.inner
            .fetches
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A valid token: the cached one, or a fresh one. Callers arriving during a refresh
    /// wait for it and share its result.
    pub(crate) async fn token(&self) -> Result<AccessToken, TokenError> {
        let mut cache = self.inner.cache.lock().await;
        if let Some(c) = cache.as_ref()
            && Instant::now() < c.refresh_at
        {
            return Ok(c.token.clone());
        }
        let (token, lifetime) = self.fetch().await?;
        let refresh_at = Instant::now() + lifetime.saturating_sub(self.inner.margin);
        *cache = Some(Cached {
            token: token.clone(),
            refresh_at,
        });
        Ok(token)
    }

    /// Drops the cached token if it is `used` (after Chat refused it with 401).
    pub(crate) async fn invalidate(&self, used: &AccessToken) {
        let mut cache = self.inner.cache.lock().await;
        if cache.as_ref().is_some_and(|c| &c.token == used) {
            *cache = None;
        }
    }

    async fn fetch(&self) -> Result<(AccessToken, Duration), TokenError> {
        let inner = &self.inner;
        let mut last = String::new();
        for attempt in 1..=TOKEN_ATTEMPTS {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let assertion = sign_grant(&inner.key, &inner.scope, now)?;
            let form = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", JWT_BEARER_GRANT)
                .append_pair("assertion", &assertion)
                .finish();
            let request = inner
                .http
                .post(inner.key.token_uri().clone())
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(form)
                .timeout(inner.timeout);
            tracing::debug!(attempt, "chat-card: requesting an access token");
            match request.send().await {
                Ok(response) => {
                    let http = response.status().as_u16();
                    let body = response.bytes().await.unwrap_or_default();
                    let answer: Option<TokenAnswer> = serde_json::from_slice(&body).ok();
                    if (200..300).contains(&http) {
                        let Some(answer) = answer else {
                            return Err(TokenError::BadAnswer("the answer is not JSON".into()));
                        };
                        let Some(token) = answer.access_token.filter(|t| !t.is_empty()) else {
                            return Err(TokenError::BadAnswer("no access_token field".into()));
                        };
                        inner
                            .fetches
                            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        // At most a day, whatever the endpoint says (no Instant overflow).
                        let lifetime =
                            Duration::from_secs(answer.expires_in.unwrap_or(3600).min(86_400));
                        return Ok((AccessToken(token), lifetime));
                    }
                    let (error, description) = answer
                        .map(|a| (a.error, a.error_description))
                        .unwrap_or_default();
                    // Keep it short, and never echo the signed grant back.
                    let description = description.map(|d| {
                        d.replace(assertion.as_str(), "<redacted>")
                            .chars()
                            .take(300)
                            .collect()
                    });
                    if http == 404 || http == 405 {
                        return Err(TokenError::NoTokenEndpoint { http });
                    }
                    if (400..500).contains(&http) && http != 429 && http != 408 {
                        return Err(TokenError::Refused {
                            http,
                            error,
                            description,
                        });
                    }
                    last = format!("HTTP {http}");
                }
                Err(e) => {
                    last = TransportError::new(e).with_causes();
                }
            }
            if attempt < TOKEN_ATTEMPTS {
                let delay = Duration::from_millis(250 * (1 << attempt))
                    .mul_f64(0.5 + fastrand::f64() / 2.0);
                tokio::time::sleep(delay).await;
            }
        }
        Err(TokenError::Unavailable(format!(
            "{last} after {TOKEN_ATTEMPTS} attempts at the token endpoint"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_debug_is_redacted() {
        let t = AccessToken("ya29.secret".into());
        assert!(!format!("{t:?}").contains("ya29"));
        assert_eq!(t.secret(), "ya29.secret");
    }

    #[test]
    fn a_non_rsa_key_is_a_signing_error_without_the_key() {
        let json = serde_json::json!({
            "type": "service_account",
            "client_email": "a@b",
            "private_key": "-----BEGIN PRIVATE KEY-----\nTk9UQUtFWQ==\n-----END PRIVATE KEY-----\n",
        });
        let key = ServiceAccountKey::from_json(&json.to_string()).expect("parses");
        match sign_grant(&key, CHAT_BOT_SCOPE, 0) {
            Err(e @ TokenError::Signing(_)) => {
                assert!(!e.to_string().contains("Tk9UQUtFWQ"), "{e}");
            }
            other => panic!("expected a signing error, got {other:?}"),
        }
    }
}
