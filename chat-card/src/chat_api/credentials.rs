//! The service-account key file (`credentials.json` from the Google Cloud console).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::base::check_endpoint;
use super::error::CredentialsError;

/// The environment variable naming the key file, as Google's libraries read it.
pub const CREDENTIALS_ENV: &str = "GOOGLE_APPLICATION_CREDENTIALS";

/// Google's token endpoint, used when a key file has no `token_uri`.
pub const DEFAULT_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";

/// A service account's key: who the app is (`client_email`) and the RSA private key that
/// signs its token requests.
///
/// Its `Debug` shows the e-mail and key id, never the private key.
///
/// ```
/// use chat_card::chat_api::ServiceAccountKey;
///
/// let json = r#"{"type": "service_account", "client_email": "bot@p.iam.gserviceaccount.com",
///   "private_key": "-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----\n",
///   "private_key_id": "abc", "token_uri": "https://oauth2.googleapis.com/token"}"#;
/// let key = ServiceAccountKey::from_json(json)?;
/// assert_eq!(key.client_email(), "bot@p.iam.gserviceaccount.com");
/// assert!(!format!("{key:?}").contains("BEGIN PRIVATE KEY"));
/// # Ok::<(), chat_card::chat_api::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct ServiceAccountKey {
    client_email: String,
    private_key: String,
    private_key_id: Option<String>,
    token_uri: url::Url,
}

#[derive(Deserialize)]
struct KeyFile {
    #[serde(rename = "type")]
    kind: Option<String>,
    client_email: Option<String>,
    private_key: Option<String>,
    private_key_id: Option<String>,
    token_uri: Option<String>,
}

impl ServiceAccountKey {
    /// Parses the JSON of a key file.
    pub fn from_json(json: &str) -> Result<Self, CredentialsError> {
        Self::parse(json, None)
    }

    /// Reads a key file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, CredentialsError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            CredentialsError::new(
                Some(path),
                format!("cannot read the key file: {e}"),
                "give the path of the JSON key downloaded for the service account",
            )
        })?;
        Self::parse(&text, Some(path))
    }

    /// Reads the key file named by `GOOGLE_APPLICATION_CREDENTIALS`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        match std::env::var_os(CREDENTIALS_ENV) {
            Some(path) if !path.is_empty() => Self::from_file(PathBuf::from(path)),
            _ => Err(CredentialsError::new(
                None,
                format!("{CREDENTIALS_ENV} is not set"),
                "set it to the path of the service account's JSON key, or pass the path",
            )),
        }
    }

    fn parse(json: &str, path: Option<&Path>) -> Result<Self, CredentialsError> {
        // serde_json's error says where, not what: it never quotes the key.
        let file: KeyFile = serde_json::from_str(json).map_err(|e| {
            CredentialsError::new(
                path,
                format!("the key file is not valid JSON (line {}, column {})", e.line(), e.column()),
                "download the key again from the Google Cloud console (IAM > Service accounts > Keys)",
            )
        })?;
        if let Some(kind) = file.kind.as_deref()
            && kind != "service_account"
        {
            return Err(CredentialsError::new(
                path,
                format!("the key file is of type `{kind}`, not `service_account`"),
                "Chat apps authenticate with a service account key; create one under IAM > \
                 Service accounts > Keys (user OAuth client files do not work here)",
            ));
        }
        let missing = |field: &str| {
            CredentialsError::new(
                path,
                format!("the key file has no `{field}`"),
                "download the service account's JSON key again; do not edit it by hand",
            )
        };
        let client_email = file
            .client_email
            .filter(|s| !s.is_empty())
            .ok_or_else(|| missing("client_email"))?;
        let private_key = file
            .private_key
            .filter(|s| !s.is_empty())
            .ok_or_else(|| missing("private_key"))?;
        if !private_key.contains("-----BEGIN") {
            return Err(CredentialsError::new(
                path,
                "the key file's `private_key` is not a PEM key",
                "download the service account's JSON key again",
            ));
        }
        let token_uri = file.token_uri.as_deref().unwrap_or(DEFAULT_TOKEN_URI);
        let token_uri = check_endpoint(token_uri).map_err(|problem| {
            CredentialsError::new(
                path,
                format!("the key file's `token_uri` is refused: {problem}"),
                "use https://oauth2.googleapis.com/token (http only for 127.0.0.1 / localhost)",
            )
        })?;
        Ok(ServiceAccountKey {
            client_email,
            private_key,
            private_key_id: file.private_key_id.filter(|s| !s.is_empty()),
            token_uri,
        })
    }

    /// The service account's e-mail (the JWT issuer).
    pub fn client_email(&self) -> &str {
        &self.client_email
    }

    /// The key's id (the JWT `kid` header), if the file has one.
    pub fn private_key_id(&self) -> Option<&str> {
        self.private_key_id.as_deref()
    }

    /// Where tokens are requested.
    pub fn token_uri(&self) -> &url::Url {
        &self.token_uri
    }

    pub(crate) fn private_key_pem(&self) -> &str {
        &self.private_key
    }
}

impl fmt::Debug for ServiceAccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceAccountKey")
            .field("client_email", &self.client_email)
            .field("private_key_id", &self.private_key_id)
            .field("private_key", &"<redacted>")
            .field("token_uri", &self.token_uri.as_str())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEM: &str = "-----BEGIN PRIVATE KEY-----\nSECRETSECRET\n-----END PRIVATE KEY-----\n";

    fn json(extra: &str) -> String {
        format!(
            r#"{{"type":"service_account","client_email":"a@b.iam.gserviceaccount.com","private_key":{},"private_key_id":"kid1"{extra}}}"#,
            serde_json::to_string(PEM).unwrap_or_default()
        )
    }

    #[test]
    fn parses_and_redacts() {
        let key = ServiceAccountKey::from_json(&json("")).expect("key");
        assert_eq!(key.client_email(), "a@b.iam.gserviceaccount.com");
        assert_eq!(key.private_key_id(), Some("kid1"));
        assert_eq!(key.token_uri().as_str(), DEFAULT_TOKEN_URI);
        let debug = format!("{key:?}");
        assert!(!debug.contains("SECRETSECRET"), "{debug}");
    }

    #[test]
    fn refuses_bad_files_without_quoting_the_key() {
        for (bad, what) in [
            (
                json(r#","token_uri":"http://evil.example/token""#),
                "token_uri",
            ),
            (
                r#"{"type":"authorized_user"}"#.to_owned(),
                "authorized_user",
            ),
            (
                r#"{"type":"service_account","private_key":"x"}"#.to_owned(),
                "client_email",
            ),
            (format!("{{\"private_key\": \"{}", "SECRETSECRET"), "JSON"),
        ] {
            let e = ServiceAccountKey::from_json(&bad).expect_err(what);
            let text = e.to_string();
            assert!(text.contains(what), "{text}");
            assert!(!text.contains("SECRETSECRET"), "{text}");
        }
        assert!(
            ServiceAccountKey::from_json(&json(r#","token_uri":"http://127.0.0.1:9/token""#))
                .is_ok()
        );
    }
}
