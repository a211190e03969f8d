//! The fake Chat API's state: service accounts, issued tokens, the messages it holds,
//! and records of token grants, updates and deletes. No I/O here.

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

use super::super::errors::GoogleError;
/// The OAuth scope a Chat app asks for, as Google documents it (written here, not taken
/// from the client, so that a mistake in the client is caught rather than mirrored).
const CHAT_BOT_SCOPE: &str = "https://www.googleapis.com/auth/chat.bot";
/// The grant type of a service account's signed assertion (RFC 7523).
const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// The claims of a service account's grant, as Google's token endpoint reads them
/// (independent of the client's type for the same reason).
#[derive(Debug, serde::Deserialize)]
struct GrantClaims {
    iss: String,
    scope: String,
    #[allow(dead_code)] // checked by jsonwebtoken's audience validation
    aud: String,
    exp: u64,
    iat: u64,
}

/// One request to the token endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenGrant {
    /// The grant's issuer (`iss`), if it could be read.
    pub client_email: Option<String>,
    /// Whether a token was issued.
    pub accepted: bool,
    /// Why not, when refused (`invalid_grant: …`).
    pub refusal: Option<String>,
}

/// One update (`PATCH`) the fake applied.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MessageUpdateRecord {
    /// The message's resource name (Chat's id).
    pub name: String,
    /// The name the request used (Chat's id or the client-assigned id).
    pub requested_as: String,
    /// The `updateMask`.
    pub update_mask: String,
    /// The body as received.
    pub body: Value,
    /// Whether `allowMissing` created the message.
    pub created: bool,
}

/// One delete the fake applied.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MessageDeleteRecord {
    /// The message's resource name (Chat's id).
    pub name: String,
    /// The name the request used.
    pub requested_as: String,
}

/// The token endpoint's and the messages' state.
#[derive(Default)]
pub(crate) struct ApiState {
    pub(crate) token_uri: String,
    pub(crate) token_lifetime: Duration,
    accounts: HashMap<String, DecodingKey>,
    tokens: HashMap<String, Instant>,
    pub(crate) grants: Vec<TokenGrant>,
    pub(crate) bearer_refusals: usize,
    /// Chat name -> current message.
    messages: HashMap<String, Value>,
    /// `spaces/S/messages/client-x` -> Chat name.
    by_client: HashMap<String, String>,
    pub(crate) updates: Vec<MessageUpdateRecord>,
    pub(crate) deletes: Vec<MessageDeleteRecord>,
}

impl std::fmt::Debug for ApiState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiState")
            .field("accounts", &self.accounts.len())
            .field("tokens", &self.tokens.len())
            .field("messages", &self.messages.len())
            .finish_non_exhaustive()
    }
}

/// An OAuth error answer of the token endpoint (`{"error", "error_description"}`).
pub(crate) struct OAuthError {
    pub(crate) error: &'static str,
    pub(crate) description: String,
}

fn oauth(error: &'static str, description: impl Into<String>) -> OAuthError {
    OAuthError {
        error,
        description: description.into(),
    }
}

fn random_token() -> String {
    let tail: String = std::iter::repeat_with(fastrand::alphanumeric)
        .take(60)
        .collect();
    format!("ya29.fake-{tail}")
}

impl ApiState {
    pub(crate) fn new(token_lifetime: Duration) -> Self {
        ApiState {
            token_lifetime,
            ..ApiState::default()
        }
    }

    /// Trusts grants signed by this public key (PEM, SPKI or PKCS#1) for this account.
    pub(crate) fn add_account(
        &mut self,
        client_email: &str,
        public_pem: &str,
    ) -> Result<(), String> {
        let key = DecodingKey::from_rsa_pem(public_pem.as_bytes())
            .map_err(|e| format!("not an RSA public key in PEM ({e})"))?;
        self.accounts.insert(client_email.to_owned(), key);
        Ok(())
    }

    /// Handles a token request (form body). Returns the token and its lifetime in seconds.
    pub(crate) fn grant(&mut self, form: &[u8]) -> Result<(String, u64), OAuthError> {
        let result = self.check_grant(form);
        let (email, outcome) = match result {
            Ok(email) => (Some(email), Ok(())),
            Err((email, e)) => (email, Err(e)),
        };
        self.grants.push(TokenGrant {
            client_email: email,
            accepted: outcome.is_ok(),
            refusal: outcome
                .as_ref()
                .err()
                .map(|e| format!("{}: {}", e.error, e.description)),
        });
        outcome?;
        let token = random_token();
        let lifetime = self
            .token_lifetime
            .clamp(Duration::from_secs(1), Duration::from_secs(86_400));
        self.tokens.insert(token.clone(), Instant::now() + lifetime);
        Ok((token, lifetime.as_secs()))
    }

    fn check_grant(&self, form: &[u8]) -> Result<String, (Option<String>, OAuthError)> {
        let mut grant_type = None;
        let mut assertion = None;
        for (k, v) in url::form_urlencoded::parse(form) {
            match k.as_ref() {
                "grant_type" => grant_type = Some(v.into_owned()),
                "assertion" => assertion = Some(v.into_owned()),
                _ => {}
            }
        }
        if grant_type.as_deref() != Some(JWT_BEARER_GRANT) {
            return Err((
                None,
                oauth(
                    "unsupported_grant_type",
                    "Invalid grant_type: expected the JWT bearer grant.",
                ),
            ));
        }
        let Some(assertion) = assertion else {
            return Err((
                None,
                oauth("invalid_request", "Missing required parameter: assertion"),
            ));
        };
        // Read the issuer first (unverified) to pick the key.
        let unverified = jsonwebtoken::dangerous::insecure_decode::<GrantClaims>(&assertion)
            .map_err(|e| (None, oauth("invalid_grant", format!("Invalid JWT: {e}"))))?;
        let email = unverified.claims.iss.clone();
        let fail = |e: OAuthError| (Some(email.clone()), e);
        let Some(key) = self.accounts.get(&email) else {
            return Err(fail(oauth(
                "invalid_grant",
                "Invalid grant: account not found",
            )));
        };
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_audience(&[self.token_uri.as_str()]);
        validation.set_issuer(&[email.as_str()]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud"]);
        validation.leeway = 30;
        let data = jsonwebtoken::decode::<GrantClaims>(&assertion, key, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            let what = match e.kind() {
                ErrorKind::InvalidSignature => "Invalid JWT Signature.".to_owned(),
                ErrorKind::ExpiredSignature => "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.".to_owned(),
                ErrorKind::InvalidAudience => format!("Invalid JWT audience: expected {}.", self.token_uri),
                other => format!("Invalid JWT: {other:?}"),
            };
            fail(oauth("invalid_grant", what))
        })?;
        let claims = data.claims;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        if claims.exp.saturating_sub(claims.iat) > 3600 || claims.iat > now + 30 {
            return Err(fail(oauth(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.",
            )));
        }
        if !claims.scope.split(' ').any(|s| s == CHAT_BOT_SCOPE) {
            return Err(fail(oauth(
                "invalid_scope",
                format!("The scope must include {CHAT_BOT_SCOPE} for a Chat app."),
            )));
        }
        Ok(email)
    }

    /// Forgets every issued token (as if revoked).
    pub(crate) fn revoke_tokens(&mut self) {
        self.tokens.clear();
    }

    /// Checks an `Authorization` header value.
    pub(crate) fn check_bearer(
        &mut self,
        header: Option<&str>,
        now: Instant,
    ) -> Result<(), GoogleError> {
        let token = header.and_then(|h| h.strip_prefix("Bearer "));
        let ok = token
            .and_then(|t| self.tokens.get(t))
            .is_some_and(|expiry| now < *expiry);
        if ok {
            return Ok(());
        }
        self.bearer_refusals += 1;
        Err(GoogleError::new(
            401,
            "UNAUTHENTICATED",
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login \
             cookie or other valid authentication credential.",
        )
        .reason("ACCESS_TOKEN_EXPIRED"))
    }

    /// Remembers a posted message (both webhook and API creates).
    pub(crate) fn store(&mut self, answer: &Value) {
        let Some(name) = answer.get("name").and_then(Value::as_str) else {
            return;
        };
        if let Some(id) = answer
            .get("clientAssignedMessageId")
            .and_then(Value::as_str)
            && let Some((space, _)) = name.split_once("/messages/")
        {
            self.by_client
                .insert(format!("{space}/messages/{id}"), name.to_owned());
        }
        self.messages.insert(name.to_owned(), answer.clone());
    }

    /// Chat's name for a requested name (either kind).
    pub(crate) fn resolve(&self, requested: &str) -> Option<String> {
        if self.messages.contains_key(requested) {
            return Some(requested.to_owned());
        }
        self.by_client.get(requested).cloned()
    }

    pub(crate) fn message(&self, requested: &str) -> Option<Value> {
        self.resolve(requested)
            .and_then(|name| self.messages.get(&name).cloned())
    }

    /// Applies a patch. `body` is already checked.
    pub(crate) fn patch(
        &mut self,
        requested: &str,
        mask: &str,
        body: &Map<String, Value>,
    ) -> Result<Value, GoogleError> {
        let name = self
            .resolve(requested)
            .ok_or_else(|| not_found(requested))?;
        let paths = mask_fields(mask)?;
        let Some(Value::Object(message)) = self.messages.get(&name).cloned() else {
            return Err(not_found(requested));
        };
        let mut message = message;
        for field in paths {
            match body.get(field) {
                Some(v) if !v.is_null() => {
                    message.insert(field.to_owned(), v.clone());
                }
                _ => {
                    message.remove(field);
                }
            }
        }
        if !["text", "cardsV2", "cards"]
            .iter()
            .any(|k| message.get(*k).is_some_and(|v| !v.is_null()))
        {
            return Err(GoogleError::new(
                400,
                "INVALID_ARGUMENT",
                "Message cannot be empty: the update would remove both the text and the cards.",
            ));
        }
        let value = Value::Object(message);
        self.messages.insert(name.clone(), value.clone());
        self.updates.push(MessageUpdateRecord {
            name,
            requested_as: requested.to_owned(),
            update_mask: mask.to_owned(),
            body: Value::Object(body.clone()),
            created: false,
        });
        Ok(value)
    }

    /// Records a message created by `allowMissing`.
    pub(crate) fn record_created_by_patch(
        &mut self,
        answer: &Value,
        requested: &str,
        mask: &str,
        body: &Map<String, Value>,
    ) {
        self.store(answer);
        self.updates.push(MessageUpdateRecord {
            name: answer
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            requested_as: requested.to_owned(),
            update_mask: mask.to_owned(),
            body: Value::Object(body.clone()),
            created: true,
        });
    }

    pub(crate) fn delete(&mut self, requested: &str) -> Result<(), GoogleError> {
        let name = self
            .resolve(requested)
            .ok_or_else(|| not_found(requested))?;
        self.messages.remove(&name);
        self.by_client.retain(|_, v| *v != name);
        self.deletes.push(MessageDeleteRecord {
            name,
            requested_as: requested.to_owned(),
        });
        Ok(())
    }
}

pub(crate) fn not_found(requested: &str) -> GoogleError {
    GoogleError::new(
        404,
        "NOT_FOUND",
        format!("Message {requested} not found (it was never created here, or was deleted)."),
    )
}

/// The message fields an `updateMask` names.
fn mask_fields(mask: &str) -> Result<Vec<&'static str>, GoogleError> {
    let mut out = Vec::new();
    for path in mask.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let fields: &[&'static str] = match path {
            "*" => &["text", "cardsV2", "accessoryWidgets", "attachment", "cards"],
            "text" => &["text"],
            "cards_v2" | "cardsV2" => &["cardsV2"],
            "cards" => &["cards"],
            "accessory_widgets" | "accessoryWidgets" => &["accessoryWidgets"],
            "attachment" => &["attachment"],
            other => {
                return Err(GoogleError::new(
                    400,
                    "INVALID_ARGUMENT",
                    format!(
                        "Invalid update mask path \"{other}\": supported paths are text, attachment, cards, cards_v2, accessory_widgets, quoted_message_metadata."
                    ),
                ));
            }
        };
        out.extend_from_slice(fields);
    }
    if out.is_empty() {
        return Err(GoogleError::new(
            400,
            "INVALID_ARGUMENT",
            "update_mask is required: name the fields to update (e.g. text,cards_v2).",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn masks() {
        assert_eq!(
            mask_fields("text, cards_v2").ok(),
            Some(vec!["text", "cardsV2"])
        );
        assert!(mask_fields("").is_err());
        assert!(mask_fields("thread").is_err());
    }

    proptest! {
        #[test]
        fn token_requests_never_panic(body in proptest::collection::vec(any::<u8>(), 0..400),
                                      jwt in "[A-Za-z0-9_.-]{0,200}") {
            let mut state = ApiState::new(Duration::from_secs(60));
            prop_assert!(state.grant(&body).is_err());
            let form = format!("grant_type={}&assertion={jwt}", JWT_BEARER_GRANT.replace(':', "%3A"));
            prop_assert!(state.grant(form.as_bytes()).is_err());
            prop_assert_eq!(state.grants.len(), 2);
        }
    }
}
