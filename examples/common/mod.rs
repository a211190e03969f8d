//! What the examples share: where their messages go.
//!
//! With `CHAT_WEBHOOK_URL` set, messages go to that webhook. Otherwise a fake Chat space
//! starts in-process on 127.0.0.1, and the example prints what it received when done.

// Each example uses the parts it needs.
#![allow(dead_code)]

use std::error::Error;

pub mod local_chat;

use chat_card::WebhookUrl;
use chat_card_fake_space::FakeSpace;

/// The environment variable that points the examples at a real (or any Chat-compatible)
/// webhook.
pub const WEBHOOK_ENV: &str = "CHAT_WEBHOOK_URL";

/// Where an example posts.
pub struct Destination {
    /// The webhook URL (redacted whenever printed).
    pub url: WebhookUrl,
    fake: Option<FakeSpace>,
}

impl Destination {
    /// `CHAT_WEBHOOK_URL` when set, otherwise a fresh fake space with one space named `space`.
    pub async fn from_env(space: &str) -> Result<Self, Box<dyn Error>> {
        match std::env::var(WEBHOOK_ENV) {
            Ok(raw) if !raw.trim().is_empty() => {
                let url = WebhookUrl::parse(raw.trim())?;
                println!("posting to {url} (from {WEBHOOK_ENV})");
                Ok(Destination { url, fake: None })
            }
            _ => {
                let fake = FakeSpace::start().await?;
                let url = fake.webhook_url(space)?;
                println!(
                    "{WEBHOOK_ENV} is not set: posting to a fake Chat space at {}",
                    fake.local_addr()
                );
                Ok(Destination {
                    url,
                    fake: Some(fake),
                })
            }
        }
    }

    /// The fake space, when the example runs without a webhook.
    pub fn fake(&self) -> Option<&FakeSpace> {
        self.fake.as_ref()
    }

    /// Prints every message the fake space received (nothing for a real webhook).
    pub fn report(&self) {
        let Some(fake) = &self.fake else { return };
        let received = fake.deliveries();
        println!("\nthe fake space received {} message(s):", received.len());
        for m in received {
            println!("  {}  thread {}", m.name, m.thread_name);
            println!("    {} ({} bytes)", m.summary(), m.bytes);
        }
    }
}

/// The serving limits of the examples' `--serve` mode: the library's defaults, each
/// changed by an environment variable when set (milliseconds, or a count):
/// `SERVE_HEADER_READ_TIMEOUT_MS`, `SERVE_BODY_READ_TIMEOUT_MS`,
/// `SERVE_REQUEST_TIMEOUT_MS`, `SERVE_IDLE_TIMEOUT_MS`, `SERVE_MAX_CONNECTIONS`.
pub fn serve_limits_from_env() -> Result<chat_card::serve::ServeLimits, Box<dyn Error>> {
    use std::time::Duration;
    fn number(name: &str) -> Result<Option<u64>, Box<dyn Error>> {
        match std::env::var(name) {
            Ok(text) => text
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| format!("{name}={text:?} is not a whole number").into()),
            Err(_) => Ok(None),
        }
    }
    let mut limits = chat_card::serve::ServeLimits::default();
    for (name, field) in [
        (
            "SERVE_HEADER_READ_TIMEOUT_MS",
            &mut limits.header_read_timeout,
        ),
        ("SERVE_BODY_READ_TIMEOUT_MS", &mut limits.body_read_timeout),
        ("SERVE_REQUEST_TIMEOUT_MS", &mut limits.request_timeout),
        ("SERVE_IDLE_TIMEOUT_MS", &mut limits.idle_timeout),
    ] {
        if let Some(ms) = number(name)? {
            *field = Duration::from_millis(ms);
        }
    }
    if let Some(n) = number("SERVE_MAX_CONNECTIONS")? {
        limits.max_connections = usize::try_from(n)?;
    }
    Ok(limits)
}
