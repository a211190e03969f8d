//! What can go wrong when setting up a [`Verifier`](super::Verifier) or verifying a request.

use std::fmt;

/// A [`Verifier`](super::Verifier) setting that cannot work: an audience that is not a
/// project number or an endpoint URL, a certificate URL that is not `https`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ConfigError {
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Why a request did not verify. Every kind means "answer 401"; the kinds say why, for
/// logs and tests. No variant holds the token or any part of it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The request has no `Authorization` header.
    MissingToken,
    /// The request has more than one `Authorization` header: which one counts would
    /// depend on who reads it (a proxy may check one, the app another), so none does.
    AmbiguousToken,
    /// The `Authorization` header is not `Bearer <token>`, or the token is not a JWT.
    Malformed(&'static str),
    /// The token is signed with an algorithm other than RS256.
    Algorithm(String),
    /// The token names a key id that the certificate endpoint does not publish (even
    /// after one refetch).
    UnknownKey(String),
    /// The signature does not match the published key.
    BadSignature,
    /// The token expired (beyond the clock leeway).
    Expired,
    /// The token is not valid yet (`nbf` or `iat` in the future beyond the leeway).
    NotYetValid,
    /// The token is for another audience than this app's.
    WrongAudience {
        /// The audience this app expects.
        expected: String,
    },
    /// The token was issued by someone other than Chat (or Google, for ID tokens).
    WrongIssuer,
    /// An ID token whose `email` is not Chat's service account, or not verified.
    WrongEmail,
    /// A claim the check needs (`exp`, `iss`, `aud`) is missing.
    MissingClaim(String),
    /// The certificates could not be fetched or read, so nothing can be verified.
    CertificatesUnavailable(String),
}

impl VerifyError {
    /// A short reason fit for the 401 response body (no token material, no URLs).
    pub fn reason(&self) -> &'static str {
        match self {
            VerifyError::MissingToken => "missing bearer token",
            VerifyError::AmbiguousToken => "more than one Authorization header",
            VerifyError::Malformed(_) => "malformed bearer token",
            VerifyError::Algorithm(_) => "unsupported token algorithm",
            VerifyError::UnknownKey(_) => "token signed by an unknown key",
            VerifyError::BadSignature => "invalid token signature",
            VerifyError::Expired => "token expired",
            VerifyError::NotYetValid => "token not valid yet",
            VerifyError::WrongAudience { .. } => "token audience does not match this app",
            VerifyError::WrongIssuer => "token issuer is not Google Chat",
            VerifyError::WrongEmail => "token email is not Google Chat's service account",
            VerifyError::MissingClaim(_) => "token lacks a required claim",
            VerifyError::CertificatesUnavailable(_) => "signing certificates unavailable",
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::MissingToken => f.write_str(
                "the request has no `Authorization: Bearer …` header; Google Chat signs every request, so this one did not come from Chat",
            ),
            VerifyError::AmbiguousToken => f.write_str(
                "the request has more than one `Authorization` header; Google Chat sends exactly one, so this request did not come from Chat",
            ),
            VerifyError::Malformed(what) => write!(f, "the bearer token is malformed: {what}"),
            VerifyError::Algorithm(alg) => write!(
                f,
                "the token is signed with {alg}; Google Chat signs with RS256"
            ),
            VerifyError::UnknownKey(kid) => write!(
                f,
                "the token names key id `{kid}`, which the certificate endpoint does not publish"
            ),
            VerifyError::BadSignature => {
                f.write_str("the token's signature does not match the published key")
            }
            VerifyError::Expired => f.write_str("the token has expired"),
            VerifyError::NotYetValid => f.write_str("the token is not valid yet"),
            VerifyError::WrongAudience { expected } => write!(
                f,
                "the token is for another audience; this app expects `{expected}` (check the authentication audience in the Chat API configuration)"
            ),
            VerifyError::WrongIssuer => f.write_str("the token was not issued by Google Chat"),
            VerifyError::WrongEmail => f.write_str(
                "the ID token's email is not chat@system.gserviceaccount.com (or is not verified)",
            ),
            VerifyError::MissingClaim(claim) => {
                write!(f, "the token has no `{claim}` claim")
            }
            VerifyError::CertificatesUnavailable(why) => write!(
                f,
                "cannot verify tokens: the signing certificates are unavailable ({why})"
            ),
        }
    }
}

impl std::error::Error for VerifyError {}
