//! The inbound checks of a route (`POST /hooks/{route}`): a bearer token, basic auth,
//! GitHub's `X-Hub-Signature-256` and GitLab's `X-Gitlab-Token`. Secrets are compared in
//! constant time; nothing here logs or returns a secret or what the caller sent.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::config::InboundAuth;

/// Why a request was refused, for the log and the 401 answer (never a secret).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The header the check reads is missing.
    Missing(&'static str),
    /// The header is there and wrong.
    Wrong(&'static str),
}

impl Refused {
    /// The sentence of the 401 answer.
    pub(crate) fn explain(self) -> String {
        match self {
            Refused::Missing(what) => format!(
                "this route needs {what}; nothing was queued: send the credentials the relay's \
                 config names for this route"
            ),
            Refused::Wrong(what) => format!(
                "{what} does not match this route's; nothing was queued: check the secret the \
                 sender uses"
            ),
        }
    }
}

/// Equality of two byte strings in time that depends on neither's content (their SHA-256
/// digests are compared, so not on their lengths either).
fn same(given: &[u8], expected: &[u8]) -> bool {
    let a = Sha256::digest(given);
    let b = Sha256::digest(expected);
    a.as_slice().ct_eq(b.as_slice()).into()
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h [u8]> {
    headers.get(name).map(|v| v.as_bytes())
}

/// The credentials of an `Authorization` header with `scheme` (case-insensitive).
fn authorization<'h>(headers: &'h HeaderMap, scheme: &str) -> Option<&'h [u8]> {
    let value = headers.get(AUTHORIZATION)?.as_bytes();
    let (given, rest) = value.split_at_checked(scheme.len())?;
    if !given.eq_ignore_ascii_case(scheme.as_bytes()) || rest.first() != Some(&b' ') {
        return None;
    }
    Some(rest.trim_ascii())
}

/// Checks a request against the route's inbound check; `body` is the raw body (GitHub
/// signs it byte for byte).
pub(crate) fn check(auth: &InboundAuth, headers: &HeaderMap, body: &[u8]) -> Result<(), Refused> {
    match auth {
        InboundAuth::None { .. } => Ok(()),
        InboundAuth::Bearer(token) => {
            const WHAT: &str = "an `Authorization: Bearer TOKEN` header";
            let given = authorization(headers, "Bearer").ok_or(Refused::Missing(WHAT))?;
            same(given, token.expose().as_bytes())
                .then_some(())
                .ok_or(Refused::Wrong("the bearer token"))
        }
        InboundAuth::Basic { user, password } => {
            const WHAT: &str = "an `Authorization: Basic …` header";
            let given = authorization(headers, "Basic").ok_or(Refused::Missing(WHAT))?;
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(given)
                .map_err(|_| Refused::Wrong("the basic credentials"))?;
            let expected = format!("{user}:{}", password.expose());
            same(&decoded, expected.as_bytes())
                .then_some(())
                .ok_or(Refused::Wrong("the basic credentials"))
        }
        InboundAuth::GitLab(token) => {
            const WHAT: &str = "an `X-Gitlab-Token` header";
            let given = header(headers, "x-gitlab-token").ok_or(Refused::Missing(WHAT))?;
            same(given.trim_ascii(), token.expose().as_bytes())
                .then_some(())
                .ok_or(Refused::Wrong("the X-Gitlab-Token header"))
        }
        InboundAuth::GitHub(secret) => {
            const WHAT: &str = "an `X-Hub-Signature-256: sha256=…` header";
            const WRONG: &str = "the X-Hub-Signature-256 signature";
            let given = header(headers, "x-hub-signature-256").ok_or(Refused::Missing(WHAT))?;
            let hex = given
                .trim_ascii()
                .strip_prefix(b"sha256=")
                .ok_or(Refused::Wrong(WRONG))?;
            let signature = from_hex(hex).ok_or(Refused::Wrong(WRONG))?;
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
                .map_err(|_| Refused::Wrong(WRONG))?;
            mac.update(body);
            mac.verify_slice(&signature)
                .map_err(|_| Refused::Wrong(WRONG))
        }
    }
}

/// Decodes lower- or upper-case hex.
fn from_hex(hex: &[u8]) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    hex.chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    #[test]
    fn bearer_tokens() {
        let auth = InboundAuth::Bearer(Secret::new("s3cret"));
        assert!(check(&auth, &headers(&[("authorization", "Bearer s3cret")]), b"").is_ok());
        assert!(check(&auth, &headers(&[("authorization", "bearer s3cret")]), b"").is_ok());
        assert_eq!(
            check(&auth, &headers(&[("authorization", "Bearer wrong")]), b""),
            Err(Refused::Wrong("the bearer token"))
        );
        assert!(matches!(
            check(&auth, &headers(&[]), b""),
            Err(Refused::Missing(_))
        ));
        assert!(check(&auth, &headers(&[("authorization", "Basic s3cret")]), b"").is_err());
        assert!(check(&auth, &headers(&[("authorization", "Bearers3cret")]), b"").is_err());
    }

    #[test]
    fn basic_credentials() {
        let auth = InboundAuth::Basic {
            user: "am".into(),
            password: Secret::new("pw"),
        };
        let good = base64::engine::general_purpose::STANDARD.encode("am:pw");
        let h = headers(&[("authorization", &format!("Basic {good}"))]);
        assert!(check(&auth, &h, b"").is_ok());
        let bad = base64::engine::general_purpose::STANDARD.encode("am:px");
        let h = headers(&[("authorization", &format!("Basic {bad}"))]);
        assert!(check(&auth, &h, b"").is_err());
        let h = headers(&[("authorization", "Basic !!!")]);
        assert!(check(&auth, &h, b"").is_err());
    }

    #[test]
    fn github_signatures() {
        // The example of GitHub's docs ("Validating webhook deliveries"): secret "It's a
        // Secret to Everybody", payload "Hello, World!".
        let auth = InboundAuth::GitHub(Secret::new("It's a Secret to Everybody"));
        let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let h = headers(&[("x-hub-signature-256", sig)]);
        assert!(check(&auth, &h, b"Hello, World!").is_ok());
        assert!(check(&auth, &h, b"Hello, World?").is_err());
        let h = headers(&[("x-hub-signature-256", "sha256=zz")]);
        assert!(check(&auth, &h, b"Hello, World!").is_err());
        assert!(check(&auth, &headers(&[]), b"Hello, World!").is_err());
    }

    #[test]
    fn gitlab_tokens() {
        let auth = InboundAuth::GitLab(Secret::new("gl"));
        assert!(check(&auth, &headers(&[("x-gitlab-token", "gl")]), b"").is_ok());
        assert!(check(&auth, &headers(&[("x-gitlab-token", "gx")]), b"").is_err());
        assert!(check(&auth, &headers(&[]), b"").is_err());
    }
}
