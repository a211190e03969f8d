//! The signing keys of a certificate endpoint, fetched over HTTPS and cached as its
//! `Cache-Control: max-age` says, with one rate-limited refetch for an unknown key id.
//!
//! Two formats are read, told apart by their shape:
//! - a JSON map from key id to a PEM X.509 certificate (Chat's service account
//!   certificates, Google's `oauth2/v1/certs`);
//! - a JWKS `{"keys": [{"kid", "kty": "RSA", "n", "e"}, …]}` (Google's `oauth2/v3/certs`).

use std::collections::HashMap;
use std::time::Duration;

use jsonwebtoken::DecodingKey;
use tokio::sync::Mutex;
use tokio::time::Instant;

use super::error::VerifyError;
use crate::webhook::TransportError;

/// How long keys stay fresh when the response has no `max-age`.
pub(super) const DEFAULT_MAX_AGE: Duration = Duration::from_secs(300);
/// The longest `max-age` honoured.
const MAX_MAX_AGE: Duration = Duration::from_secs(24 * 3600);
/// The largest certificate document read.
const MAX_BODY: usize = 1 << 20;

pub(super) struct KeyCache {
    url: String,
    client: reqwest::Client,
    min_refetch: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    keys: HashMap<String, DecodingKey>,
    fresh_until: Option<Instant>,
    /// When an unknown key id last caused a refetch.
    last_unknown_refetch: Option<Instant>,
}

impl KeyCache {
    pub(super) fn new(url: String, client: reqwest::Client, min_refetch: Duration) -> Self {
        KeyCache {
            url,
            client,
            min_refetch,
            state: Mutex::new(State::default()),
        }
    }

    pub(super) fn url(&self) -> &str {
        &self.url
    }

    /// The key named `kid`: from the cache while fresh; after a refetch when stale; and,
    /// for an id the fresh cache does not know (a rotated key), after one more refetch,
    /// at most one such refetch per minimum refetch interval.
    pub(super) async fn key(&self, kid: &str) -> Result<DecodingKey, VerifyError> {
        // One fetch at a time: concurrent requests wait for it and share its result.
        let mut state = self.state.lock().await;
        let now = Instant::now();
        let mut fetched = false;
        if state.fresh_until.is_none_or(|until| now >= until) {
            self.refresh(&mut state).await?;
            fetched = true;
        }
        if let Some(key) = state.keys.get(kid) {
            return Ok(key.clone());
        }
        let may_refetch = state
            .last_unknown_refetch
            .is_none_or(|last| now.duration_since(last) >= self.min_refetch);
        if !fetched && may_refetch {
            tracing::debug!(kid, url = %self.url, "unknown signing key id: refetching the certificates");
            state.last_unknown_refetch = Some(now);
            self.refresh(&mut state).await?;
        }
        state
            .keys
            .get(kid)
            .cloned()
            .ok_or_else(|| VerifyError::UnknownKey(kid.to_owned()))
    }

    /// Fetches the keys. On failure the previous keys (if any) stay in use until the
    /// next attempt, which waits at least the minimum refetch interval.
    async fn refresh(&self, state: &mut State) -> Result<(), VerifyError> {
        let now = Instant::now();
        match self.fetch().await {
            Ok((keys, max_age)) => {
                tracing::debug!(url = %self.url, keys = keys.len(), max_age_s = max_age.as_secs(), "fetched signing certificates");
                state.keys = keys;
                state.fresh_until = Some(now + max_age);
                Ok(())
            }
            Err(why) => {
                state.fresh_until = Some(now + self.min_refetch);
                if state.keys.is_empty() {
                    tracing::warn!(url = %self.url, "cannot fetch signing certificates: {why}");
                    Err(VerifyError::CertificatesUnavailable(why))
                } else {
                    tracing::warn!(url = %self.url, "cannot refresh signing certificates, keeping the previous ones: {why}");
                    Ok(())
                }
            }
        }
    }

    async fn fetch(&self) -> Result<(HashMap<String, DecodingKey>, Duration), String> {
        let response = self
            .client
            .get(&self.url)
            .send()
            .await
            .map_err(|e| format!("request failed: {}", TransportError::new(e).with_causes()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the endpoint answered {status}"));
        }
        let max_age = response
            .headers()
            .get(reqwest::header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .map_or(DEFAULT_MAX_AGE, max_age);
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BODY as u64)
        {
            return Err("the certificate document is larger than 1 MiB".into());
        }
        let body = response.bytes().await.map_err(|e| {
            format!(
                "cannot read the body: {}",
                TransportError::new(e).with_causes()
            )
        })?;
        if body.len() > MAX_BODY {
            return Err("the certificate document is larger than 1 MiB".into());
        }
        Ok((parse_keys(&body)?, max_age))
    }
}

/// How long a response stays fresh by its `Cache-Control` value: `max-age` (capped at a
/// day), zero for `no-cache`/`no-store`, [`DEFAULT_MAX_AGE`] without either.
pub(super) fn max_age(cache_control: &str) -> Duration {
    let mut found = None;
    for directive in cache_control.split(',') {
        let directive = directive.trim();
        let lower = directive.to_ascii_lowercase();
        if lower == "no-cache" || lower == "no-store" {
            return Duration::ZERO;
        }
        if let Some(value) = lower.strip_prefix("max-age=")
            && let Ok(seconds) = value.trim_matches('"').parse::<u64>()
        {
            found = Some(Duration::from_secs(seconds).min(MAX_MAX_AGE));
        }
    }
    found.unwrap_or(DEFAULT_MAX_AGE)
}

/// Reads a certificate document: a JWKS or a key-id-to-PEM map. Keys that are not RSA are
/// skipped; a document without any RSA key is an error.
pub(super) fn parse_keys(body: &[u8]) -> Result<HashMap<String, DecodingKey>, String> {
    let document: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| format!("the certificate document is not JSON: {e}"))?;
    let mut keys = HashMap::new();
    if let Some(jwks) = document.get("keys").and_then(|k| k.as_array()) {
        for jwk in jwks {
            let field = |name: &str| jwk.get(name).and_then(|v| v.as_str());
            let (Some(kid), Some("RSA"), Some(n), Some(e)) =
                (field("kid"), field("kty"), field("n"), field("e"))
            else {
                continue;
            };
            if let Ok(key) = DecodingKey::from_rsa_components(n, e) {
                keys.insert(kid.to_owned(), key);
            }
        }
    } else if let Some(map) = document.as_object() {
        for (kid, pem) in map {
            let Some(pem) = pem.as_str() else { continue };
            // Reads the public key of an X.509 certificate (or a bare public key).
            if let Ok(key) = DecodingKey::from_rsa_pem(pem.as_bytes()) {
                keys.insert(kid.clone(), key);
            }
        }
    }
    if keys.is_empty() {
        return Err(
            "the certificate document holds no RSA key (expected a JWKS or a map of key id to PEM certificate)"
                .into(),
        );
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_reads_cache_control() {
        assert_eq!(
            max_age("public, max-age=19263, must-revalidate, no-transform"),
            Duration::from_secs(19263)
        );
        assert_eq!(max_age("no-cache, max-age=60"), Duration::ZERO);
        assert_eq!(max_age("private"), DEFAULT_MAX_AGE);
        assert_eq!(max_age("max-age=junk"), DEFAULT_MAX_AGE);
        assert_eq!(max_age("max-age=99999999"), MAX_MAX_AGE);
    }

    #[test]
    fn documents_without_rsa_keys_are_errors() {
        assert!(parse_keys(b"not json").unwrap_err().contains("not JSON"));
        assert!(parse_keys(b"{}").unwrap_err().contains("no RSA key"));
        assert!(
            parse_keys(br#"{"keys": [{"kid": "a", "kty": "EC", "x": "1", "y": "2"}]}"#)
                .unwrap_err()
                .contains("no RSA key")
        );
        assert!(
            parse_keys(
                br#"{"a": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}"#
            )
            .is_err()
        );
    }
}
