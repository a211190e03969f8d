//! The [`ChatApi`] client and its builder.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use super::base::{DEFAULT_API_BASE, api_base, join};
use super::call::{self, Answer, Call};
use super::credentials::ServiceAccountKey;
use super::error::{ChatApiError, Operation};
use super::message::{ChatMessage, MessageUpdate};
use super::names::{MessageName, SpaceName};
use super::token::TokenSource;
use crate::webhook::body::{append_create_query, prepare};
use crate::webhook::{RequestId, SendOptions, Sender};

/// A Google Chat API client authenticated as a Chat app (service account, scope
/// `chat.bot`): create messages (text, `card!` cards, threads, client-assigned ids), and
/// get, update and delete them by name.
///
/// It is built on a [`Sender`] and shares its per-space lanes, retries and settings: a
/// webhook send and an API write to the same space wait for each other (one request per
/// second per space), in order. Reads (get) are not paced. Cheap to clone.
///
/// ```no_run
/// use chat_card::chat_api::{ChatApi, MessageName, MessageUpdate, ServiceAccountKey};
/// use chat_card::{SendOptions, Sender};
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let sender = Sender::new()?;
/// let api = ChatApi::builder(ServiceAccountKey::from_env()?).sender(sender).build()?;
/// let space = "spaces/AAAA".parse()?;
/// let posted = api
///     .create_text(&space, "db-1 is down", &SendOptions::new().message_id("client-db-1"))
///     .await?;
/// let name = MessageName::client_assigned(&space, "client-db-1")?;
/// api.update(&name, &MessageUpdate::new().text("db-1 is back")).await?;
/// api.delete(&posted.name.parse()?).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct ChatApi {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    sender: Sender,
    tokens: TokenSource,
    base: url::Url,
}

/// Builds a [`ChatApi`].
#[derive(Debug)]
pub struct ChatApiBuilder {
    key: ServiceAccountKey,
    sender: Option<Sender>,
    base: String,
    refresh_margin: Option<Duration>,
    token_timeout: Duration,
}

impl ChatApiBuilder {
    /// Shares this sender's lanes, HTTP client and retry settings (default: a new
    /// sender with default settings).
    pub fn sender(mut self, sender: Sender) -> Self {
        self.sender = Some(sender);
        self
    }

    /// The API endpoint (default `https://chat.googleapis.com`). Plain `http` is
    /// accepted only for 127.0.0.1 / localhost, e.g. a fake space.
    pub fn api_base(mut self, base: impl Into<String>) -> Self {
        self.base = base.into();
        self
    }

    /// How long before expiry a token is replaced (default 60 s).
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = Some(margin);
        self
    }

    /// Timeout of one request to the token endpoint (default 30 s).
    pub fn token_timeout(mut self, timeout: Duration) -> Self {
        self.token_timeout = timeout;
        self
    }

    /// Builds the client (no network I/O: the first token is fetched on first use).
    pub fn build(self) -> Result<ChatApi, ChatApiError> {
        let base = api_base(&self.base).map_err(ChatApiError::InvalidBase)?;
        let sender = match self.sender {
            Some(s) => s,
            None => Sender::new()?,
        };
        let tokens = TokenSource::new(
            self.key,
            sender.http().clone(),
            self.token_timeout,
            self.refresh_margin,
        );
        Ok(ChatApi {
            inner: Arc::new(Inner {
                sender,
                tokens,
                base,
            }),
        })
    }
}

impl ChatApi {
    /// Starts building a client for this service account.
    pub fn builder(key: ServiceAccountKey) -> ChatApiBuilder {
        ChatApiBuilder {
            key,
            sender: None,
            base: DEFAULT_API_BASE.to_owned(),
            refresh_margin: None,
            token_timeout: Duration::from_secs(30),
        }
    }

    /// A client for the key file named by `GOOGLE_APPLICATION_CREDENTIALS`, on `sender`.
    pub fn from_env(sender: Sender) -> Result<ChatApi, ChatApiError> {
        ChatApi::builder(ServiceAccountKey::from_env()?)
            .sender(sender)
            .build()
    }

    /// Runs one call through the sender's delivery driver.
    async fn run(&self, call: Call) -> Result<Answer, ChatApiError> {
        call::run(&self.inner.sender, &self.inner.tokens, call).await
    }

    /// The service account's e-mail.
    pub fn client_email(&self) -> &str {
        self.inner.tokens.key().client_email()
    }

    /// How many access tokens were fetched so far (one per hour of use, normally).
    pub fn token_fetches(&self) -> u64 {
        self.inner.tokens.fetches()
    }

    /// Creates a message in a space (`spaces.messages.create`): a
    /// [`JsonMessage`](crate::JsonMessage) from `card!`, the typed model or JSON.
    ///
    /// The options are the webhook sender's: thread key or thread name with a reply
    /// option, a client-assigned `messageId`, a `requestId` (automatic by default, so
    /// retries never post twice) and a deadline. The message is size-checked and
    /// validated before any network I/O, then waits for the space's lane.
    pub async fn create<M: Serialize + ?Sized>(
        &self,
        space: &SpaceName,
        message: &M,
        options: &SendOptions,
    ) -> Result<ChatMessage, ChatApiError> {
        let validate = self.inner.sender.config().validate;
        let prepared = prepare(message, options, validate)?;
        let mut url = join(&self.inner.base, &format!("{space}/messages"));
        append_create_query(&mut url, &prepared);
        let answer = self
            .run(Call {
                operation: Operation::Create,
                method: reqwest::Method::POST,
                url,
                body: Some(prepared.body),
                space: space.id().to_owned(),
                paced: true,
                request_id: prepared.request_id,
                idempotent: false,
                deadline: options.deadline,
            })
            .await?;
        Ok(ChatMessage {
            warnings: prepared.warnings,
            ..ChatMessage::from_answer(answer.body, answer.attempts, answer.request_id)
        })
    }

    /// Creates a text message (`{"text": text}`).
    pub async fn create_text(
        &self,
        space: &SpaceName,
        text: &str,
        options: &SendOptions,
    ) -> Result<ChatMessage, ChatApiError> {
        self.create(space, &serde_json::json!({ "text": text }), options)
            .await
    }

    /// Reads a message by name (Chat's id or the client-assigned id). Not paced: reads
    /// have their own, larger quota.
    pub async fn get(&self, name: &MessageName) -> Result<ChatMessage, ChatApiError> {
        let url = join(&self.inner.base, &name.to_string());
        let answer = self
            .run(message_call(
                Operation::Get,
                reqwest::Method::GET,
                name,
                url,
                None,
                false,
            ))
            .await?;
        Ok(ChatMessage::from_answer(answer.body, answer.attempts, None))
    }

    /// Updates a message (`spaces.messages.patch` with an `updateMask`): text, cards,
    /// accessory widgets. The new content is validated like a sent message.
    pub async fn update(
        &self,
        name: &MessageName,
        update: &MessageUpdate,
    ) -> Result<ChatMessage, ChatApiError> {
        let mask = update.mask();
        if mask.is_empty() {
            return Err(ChatApiError::EmptyUpdate);
        }
        let fields = update.fields();
        let body = if fields.is_empty() {
            b"{}".to_vec()
        } else {
            let validate = self.inner.sender.config().validate;
            let options = SendOptions::new().request_id(RequestId::None);
            prepare(fields, &options, validate)?.body
        };
        let mut url = join(&self.inner.base, &name.to_string());
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("updateMask", &mask);
            if update.allows_missing() {
                query.append_pair("allowMissing", "true");
            }
        }
        let answer = self
            .run(message_call(
                Operation::Update,
                reqwest::Method::PATCH,
                name,
                url,
                Some(body),
                true,
            ))
            .await?;
        Ok(ChatMessage::from_answer(answer.body, answer.attempts, None))
    }

    /// Deletes a message by name (Chat's id or the client-assigned id).
    pub async fn delete(&self, name: &MessageName) -> Result<(), ChatApiError> {
        let url = join(&self.inner.base, &name.to_string());
        self.run(message_call(
            Operation::Delete,
            reqwest::Method::DELETE,
            name,
            url,
            None,
            true,
        ))
        .await?;
        Ok(())
    }
}

/// A call on one existing message (get, update, delete): repeatable as it is, so it
/// carries no request id, and has no deadline beyond the sender's budget.
fn message_call(
    operation: Operation,
    method: reqwest::Method,
    name: &MessageName,
    url: url::Url,
    body: Option<Vec<u8>>,
    paced: bool,
) -> Call {
    Call {
        operation,
        method,
        url,
        body,
        space: name.space().id().to_owned(),
        paced,
        request_id: None,
        idempotent: true,
        deadline: None,
    }
}
