//! Errors of the Chat API client. None of them holds a private key or a token.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::google_status::ApiError;
use crate::webhook::SendError;

/// A key file that cannot be used. Never quotes the private key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{problem}; {fix}", path.as_ref().map(|p| format!("{}: ", p.display())).unwrap_or_default())]
pub struct CredentialsError {
    path: Option<PathBuf>,
    problem: String,
    fix: &'static str,
}

impl CredentialsError {
    pub(crate) fn new(path: Option<&Path>, problem: impl Into<String>, fix: &'static str) -> Self {
        CredentialsError {
            path: path.map(Path::to_path_buf),
            problem: problem.into(),
            fix,
        }
    }
}

/// Getting an access token failed: the key could not sign, or the token endpoint refused
/// the grant or could not be reached. Never holds the assertion or a token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The private key could not sign the grant (not an RSA key?).
    #[error(
        "the service account's private key cannot sign the token request ({0}); \
         download the JSON key again"
    )]
    Signing(String),
    /// The token endpoint refused the grant (HTTP 4xx: bad signature, unknown key,
    /// disabled account, clock skew...).
    #[error(
        "the token endpoint refused the service account (HTTP {http}{}{}); check that the key \
         is current and not revoked, that the account is enabled, and that this machine's \
         clock is right",
        error.as_deref().map(|e| format!(" {e}")).unwrap_or_default(),
        description.as_deref().map(|d| format!(": {d}")).unwrap_or_default()
    )]
    Refused {
        /// HTTP status.
        http: u16,
        /// The OAuth `error` code (`invalid_grant`, ...).
        error: Option<String>,
        /// The OAuth `error_description`.
        description: Option<String>,
    },
    /// The key's `token_uri` is not a token endpoint (HTTP 404 or 405): the key file is
    /// wrong, not the account.
    #[error(
        "the key's token_uri answered HTTP {http}: it is not an OAuth token endpoint; check \
         `token_uri` in the key file (Google's is https://oauth2.googleapis.com/token)"
    )]
    NoTokenEndpoint {
        /// HTTP status (404 or 405).
        http: u16,
    },
    /// The token endpoint failed or could not be reached after retries. The text holds
    /// the last failure with its causes (`HTTP 503`, or the connection error down to the
    /// OS error), so the error has no `source`.
    #[error("could not get an access token: {0}; check the network, then try again")]
    Unavailable(String),
    /// The token endpoint answered something that is not a token.
    #[error("the token endpoint answered without an access token ({0}); check the key's token_uri")]
    BadAnswer(String),
}

/// A space or message name that is not valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` {problem}; {fix}")]
pub struct NameError {
    text: String,
    problem: String,
    fix: &'static str,
}

impl NameError {
    pub(crate) fn new(text: &str, problem: &str, fix: &'static str) -> Self {
        let short: String = text.chars().take(120).collect();
        let text = if short.len() < text.len() {
            format!("{short}…")
        } else {
            short
        };
        NameError {
            text,
            problem: problem.to_owned(),
            fix,
        }
    }
}

/// What the client was doing when Chat refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Operation {
    /// `spaces.messages.create`.
    Create,
    /// `spaces.messages.get`.
    Get,
    /// `spaces.messages.patch`.
    Update,
    /// `spaces.messages.delete`.
    Delete,
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Operation::Create => "create the message",
            Operation::Get => "get the message",
            Operation::Update => "update the message",
            Operation::Delete => "delete the message",
        })
    }
}

/// Why a Chat API call failed.
///
/// Rate limits, server errors, timeouts, network failures and invalid messages come from
/// the same machinery as the webhook sender, as [`ChatApiError::Send`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChatApiError {
    /// Chat refused the call with a status that is not retried (400, 401, 403, 404, 409...).
    #[error("Chat refused to {operation}: {error} — {}", error.chat_api_hint(*operation))]
    Rejected {
        /// The call.
        operation: Operation,
        /// Chat's answer.
        error: Box<ApiError>,
        /// Attempts made.
        attempts: u32,
        /// The request id sent, if any.
        request_id: Option<String>,
    },
    /// Rate limited, unavailable, timed out, unreachable, too large or invalid (the
    /// webhook sender's errors).
    #[error(transparent)]
    Send(#[from] SendError),
    /// The key file cannot be used.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// No access token could be obtained.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// A space or message name is invalid.
    #[error(transparent)]
    InvalidName(#[from] NameError),
    /// The HTTP client could not be built.
    #[error(transparent)]
    Client(#[from] crate::webhook::SenderBuildError),
    /// The API base URL is refused.
    #[error(
        "the Chat API base URL is refused: {0}; use https://chat.googleapis.com \
         (plain http only for 127.0.0.1 or localhost)"
    )]
    InvalidBase(String),
    /// An update with nothing to change.
    #[error(
        "the update changes nothing; give new text, cards or accessory widgets, or an explicit \
         update mask"
    )]
    EmptyUpdate,
}

impl ChatApiError {
    /// The HTTP status of Chat's last answer, if there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            ChatApiError::Rejected { error, .. } => Some(error.http),
            ChatApiError::Send(e) => e.http_status(),
            ChatApiError::Token(TokenError::Refused { http, .. }) => Some(*http),
            _ => None,
        }
    }

    /// Whether the message (or space) does not exist (404 `NOT_FOUND`).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ChatApiError::Rejected { error, .. } if error.http == 404)
    }

    /// Whether a message with this client-assigned id already exists (409 `ALREADY_EXISTS`).
    pub fn is_already_exists(&self) -> bool {
        matches!(self, ChatApiError::Rejected { error, .. }
            if error.http == 409 && error.status.as_deref() != Some("ABORTED"))
    }

    /// Whether repeating the same call will fail the same way.
    pub fn is_permanent(&self) -> bool {
        match self {
            ChatApiError::Send(e) => e.is_permanent(),
            ChatApiError::Token(TokenError::Unavailable(_)) => false,
            ChatApiError::Rejected { error, .. } => error.http != 401,
            _ => true,
        }
    }
}

impl ApiError {
    /// How to fix the cause of this answer to a Chat API call, by status and call: what
    /// [`ChatApiError::Rejected`] says after Chat's answer.
    pub fn chat_api_hint(&self, operation: Operation) -> &'static str {
        match (self.http, operation) {
            (400, _) => "fix the request (see the field details); it was not retried",
            (401, _) => {
                "the access token was refused even after a refresh: check that the Chat API is \
                 enabled in the service account's project and that the key is current"
            }
            (403, _) => {
                "the app may not do this: add the Chat app to the space, configure the \
                 service account as the app in the Chat API settings, and remember an app can \
                 only change its own messages"
            }
            (404, Operation::Create) => {
                "the space does not exist or the app is not a member, or REPLY_MESSAGE_OR_FAIL \
                 found no thread: check the space name and the thread"
            }
            (404, _) => {
                "no such message: check the name (spaces/SPACE/messages/ID or \
                 spaces/SPACE/messages/client-ID); it may have been deleted"
            }
            (409, _) => {
                "a message with this client-assigned id already exists in the space: update it \
                 by that id, or choose another id"
            }
            (429, _) => "the space's quota (1 write per second) is exhausted: send less often",
            (500..=599, _) => "Chat had a server error: try again later",
            _ => "see Chat's message above",
        }
    }
}
