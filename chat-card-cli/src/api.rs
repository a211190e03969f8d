//! What the Chat API commands share: the service-account options, the client and the
//! exit codes of API errors.

use std::path::PathBuf;

use crate::exit::fail;

/// How to reach the Chat API as a Chat app.
#[derive(clap::Args, Clone, Debug)]
pub struct ApiArgs {
    /// The Chat app's service-account key file (JSON). Default: the file named by
    /// GOOGLE_APPLICATION_CREDENTIALS.
    #[arg(long, value_name = "KEY.json", env = "GOOGLE_APPLICATION_CREDENTIALS")]
    pub credentials: Option<PathBuf>,
    /// The Chat API endpoint (default https://chat.googleapis.com; plain http only for
    /// 127.0.0.1 / localhost, e.g. a fake space in tests).
    #[arg(long, value_name = "URL")]
    pub api_base: Option<String>,
}

/// A current-thread runtime for one command.
#[cfg_attr(not(feature = "chat-api"), allow(dead_code))]
pub fn runtime() -> Result<tokio::runtime::Runtime, u8> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(1, format!("cannot start the async runtime: {e}")))
}

#[cfg(feature = "chat-api")]
mod enabled {
    use chat_card::Sender;
    use chat_card::chat_api::{ChatApi, ChatApiError, ServiceAccountKey, TokenError};

    use super::ApiArgs;
    use crate::exit::{EXIT_INVALID, EXIT_NOT_DELIVERED, EXIT_REJECTED, fail};
    use crate::pacing::PacingArgs;
    use chat_card::error_chain as chain;

    /// The client for these options, on `sender`.
    pub fn client(args: &ApiArgs, sender: Sender) -> Result<ChatApi, u8> {
        let key = match &args.credentials {
            Some(path) => ServiceAccountKey::from_file(path),
            None => ServiceAccountKey::from_env(),
        }
        .map_err(|e| fail(EXIT_INVALID, chain(&e)))?;
        let mut builder = ChatApi::builder(key).sender(sender);
        if let Some(base) = &args.api_base {
            builder = builder.api_base(base.clone());
        }
        builder.build().map_err(|e| fail(EXIT_INVALID, chain(&e)))
    }

    /// Runs `work` on a current-thread runtime, with the client for these options on a
    /// sender with the `pacing` options that makes at most `max_attempts` attempts per
    /// request.
    pub fn with_client<T>(
        args: &ApiArgs,
        pacing: &PacingArgs,
        max_attempts: u32,
        work: impl AsyncFnOnce(ChatApi) -> Result<T, u8>,
    ) -> Result<T, u8> {
        let runtime = super::runtime()?;
        runtime.block_on(async {
            let sender = pacing.sender(max_attempts)?;
            let api = client(args, sender)?;
            work(api).await
        })
    }

    /// The exit code of an API error.
    pub fn exit_code(e: &ChatApiError) -> u8 {
        match e {
            ChatApiError::Rejected { .. } => EXIT_REJECTED,
            ChatApiError::Send(chat_card::SendError::Rejected { .. }) => EXIT_REJECTED,
            ChatApiError::Token(TokenError::Unavailable(_)) => EXIT_NOT_DELIVERED,
            ChatApiError::Token(_) => EXIT_REJECTED,
            e if e.is_permanent() => EXIT_INVALID,
            _ => EXIT_NOT_DELIVERED,
        }
    }
}

#[cfg(feature = "chat-api")]
pub use enabled::{client, exit_code, with_client};

/// The error for API commands in a build without the `chat-api` feature.
#[cfg(not(feature = "chat-api"))]
pub fn not_built() -> u8 {
    fail(
        crate::exit::EXIT_INVALID,
        "this chat-card was built without the Chat API; install it with \
         `cargo install chat-card-cli --features chat-api`",
    )
}
