//! A monitoring bot. It checks HTTP and TCP endpoints; when one goes down it posts an
//! alert card in a thread keyed by the endpoint, and when it comes back it replies
//! "resolved" in the same thread.
//!
//! With Chat API credentials (`GOOGLE_APPLICATION_CREDENTIALS` = a Chat app's
//! service-account key, and `CHAT_SPACE=spaces/…`), it posts as the app: the alert card
//! gets a client-assigned id (`client-down-…`), and on recovery the card itself is
//! updated in place to "resolved" by that id, besides the reply in the thread. With a
//! webhook only (`CHAT_WEBHOOK_URL`, or the fake space by default) webhooks cannot edit,
//! so it only replies. (`CHAT_API_BASE` points the API at another endpoint, e.g. a fake
//! space on 127.0.0.1.)
//!
//! ```text
//! cargo run --example server_down                 # bounded demo: a local endpoint goes down and comes back
//! cargo run --example server_down -- --watch endpoints.json
//! ```
//!
//! The `--watch` config is JSON:
//!
//! ```json
//! { "interval_secs": 30, "threshold": 3,
//!   "endpoints": [ { "name": "api", "target": "https://api.example.com/health",
//!                    "runbook": "https://wiki.example.com/runbooks/api",
//!                    "dashboard": "https://grafana.example.com/d/api" },
//!                  { "name": "db", "target": "tcp://10.0.0.5:5432",
//!                    "runbook": "https://wiki.example.com/runbooks/db",
//!                    "dashboard": "https://grafana.example.com/d/db" } ] }
//! ```

mod common;

use std::error::Error;
use std::time::{Duration, SystemTime};

use chat_card::chat_api::{ChatApi, MessageName, MessageUpdate, SpaceName};
use chat_card::{JsonMessage, ReplyOption, SendOptions, Sender, WebUrl, WebhookUrl, card};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One endpoint to watch.
#[derive(Deserialize)]
struct EndpointConfig {
    name: String,
    /// `http(s)://…` (up when it answers 2xx or 3xx) or `tcp://host:port` (up when it accepts).
    target: String,
    runbook: String,
    dashboard: String,
}

#[derive(Deserialize)]
struct Config {
    #[serde(default = "default_interval")]
    interval_secs: u64,
    #[serde(default = "default_threshold")]
    threshold: usize,
    endpoints: Vec<EndpointConfig>,
}

fn default_interval() -> u64 {
    30
}

fn default_threshold() -> usize {
    3
}

/// A failed check, listed on the alert card.
struct FailedCheck {
    /// When, as shown on the card.
    at: String,
    /// When, for arithmetic.
    at_time: SystemTime,
    error: String,
}

/// What the bot knows about one endpoint.
struct Endpoint {
    name: String,
    target: String,
    runbook: WebUrl,
    dashboard: WebUrl,
    failures: Vec<FailedCheck>,
    /// When the first failed check of the outage ran (and how the card showed it).
    down_since: Option<(SystemTime, String)>,
    /// The client-assigned id of the alert card, when posted through the Chat API.
    alert_id: Option<String>,
}

impl Endpoint {
    fn new(config: EndpointConfig) -> Result<Self, Box<dyn Error>> {
        Ok(Endpoint {
            runbook: WebUrl::parse(&config.runbook)?,
            dashboard: WebUrl::parse(&config.dashboard)?,
            name: config.name,
            target: config.target,
            failures: Vec::new(),
            down_since: None,
            alert_id: None,
        })
    }

    fn thread_key(&self) -> String {
        format!("endpoint-{}", self.name)
    }

    /// A client-assigned message id for this outage's alert: `client-` + lowercase
    /// letters, digits and hyphens, at most 63 characters, unique per outage.
    fn alert_id(&self, since: SystemTime) -> String {
        let secs = since
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let name: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .take(30)
            .collect();
        format!("client-down-{name}-{secs}")
    }
}

/// Checks one target once.
async fn check(client: &reqwest::Client, target: &str) -> Result<(), String> {
    if let Some(addr) = target.strip_prefix("tcp://") {
        return match tokio::time::timeout(Duration::from_secs(5), TcpStream::connect(addr)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(format!("connect failed: {e}")),
            Err(_) => Err("connect timed out after 5 s".into()),
        };
    }
    match client.get(target).send().await {
        Ok(r) if r.status().is_success() || r.status().is_redirection() => Ok(()),
        Ok(r) => Err(format!("HTTP {}", r.status())),
        Err(e) if e.is_timeout() => Err("timed out after 5 s".into()),
        Err(e) if e.is_connect() => Err("connection refused".into()),
        Err(e) => Err(e.without_url().to_string()),
    }
}

/// The alert card for an endpoint that is down.
fn alert_card(endpoint: &Endpoint, since: &str) -> Result<JsonMessage, chat_card::BuildError> {
    let host = &endpoint.name;
    let target = &endpoint.target;
    let failures = endpoint.failures.len();
    let runbook = &endpoint.runbook;
    let dashboard = &endpoint.dashboard;
    card! {
        id: "endpoint-down",
        header {
            title: "{host} is down",
            subtitle: "since {since}",
            image: "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsoutlined/error/default/48px.svg",
            image_type: CIRCLE,
        }
        section "Failed checks" {
            collapsible: true,
            uncollapsible: 2,
            decorated { top: "Target", text: "<code>{target}</code>", start_icon: DESCRIPTION }
            text "<b>{host}</b> failed {failures} checks in a row"
            for failed in &endpoint.failures {
                decorated { top: failed.at, text: failed.error, start_icon: CLOCK }
            }
        }
        section {
            buttons {
                button "Runbook" { link: runbook }
                button "Dashboard" { link: dashboard, color: "#d93025" }
            }
        }
    }
}

/// The alert card once the endpoint is back: the same card id, updated in place.
fn resolved_card(
    endpoint: &Endpoint,
    since: &str,
    down_for: f64,
) -> Result<JsonMessage, chat_card::BuildError> {
    let host = &endpoint.name;
    let target = &endpoint.target;
    let runbook = &endpoint.runbook;
    card! {
        id: "endpoint-down",
        header {
            title: "{host} is back",
            subtitle: "resolved · was down since {since}",
            image: "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsoutlined/check_circle/default/48px.svg",
            image_type: CIRCLE,
        }
        section {
            decorated { top: "Target", text: "<code>{target}</code>", start_icon: DESCRIPTION }
            text "<b>{host}</b> was down for {down_for:.1} s"
            buttons {
                button "Runbook" { link: runbook }
            }
        }
    }
}

fn clock(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!(
        "{:02}:{:02}:{:02} UTC",
        (secs / 3600) % 24,
        (secs / 60) % 60,
        secs % 60
    )
}

/// Where the bot posts: a webhook (create only), or the Chat API as a Chat app (create,
/// then update the alert in place).
enum Channel {
    Webhook { sender: Sender, url: WebhookUrl },
    Api { api: ChatApi, space: SpaceName },
}

/// A posted message's name and thread.
struct Posted {
    name: String,
    thread_name: Option<String>,
}

impl Channel {
    async fn post<M: serde::Serialize + ?Sized>(
        &self,
        message: &M,
        options: &SendOptions,
    ) -> Result<Posted, Box<dyn Error>> {
        Ok(match self {
            Channel::Webhook { sender, url } => {
                let d = sender.send(url, message, options).await?;
                Posted {
                    name: d.name,
                    thread_name: d.thread_name,
                }
            }
            Channel::Api { api, space } => {
                let m = api.create(space, message, options).await?;
                Posted {
                    name: m.name,
                    thread_name: m.thread_name,
                }
            }
        })
    }

    async fn post_text(&self, text: &str, options: &SendOptions) -> Result<Posted, Box<dyn Error>> {
        self.post(&serde_json::json!({ "text": text }), options)
            .await
    }
}

/// The watcher: checks every endpoint each round and posts state changes.
struct Watcher {
    channel: Channel,
    client: reqwest::Client,
    threshold: usize,
    endpoints: Vec<Endpoint>,
}

impl Watcher {
    async fn round(&mut self) -> Result<(), Box<dyn Error>> {
        for endpoint in &mut self.endpoints {
            let now = SystemTime::now();
            match check(&self.client, &endpoint.target).await {
                Ok(()) => {
                    if let Some((since, shown)) = endpoint.down_since.take() {
                        let down_for = now.duration_since(since).unwrap_or_default().as_secs_f64();
                        // As the app, turn the alert card itself into "resolved".
                        if let (Channel::Api { api, space }, Some(id)) =
                            (&self.channel, endpoint.alert_id.take())
                        {
                            let card = resolved_card(endpoint, &shown, down_for)?;
                            let name = MessageName::client_assigned(space, &id)?;
                            let updated = api
                                .update(&name, &MessageUpdate::from_message(&card)?)
                                .await?;
                            println!(
                                "{}: alert {} updated to resolved",
                                endpoint.name, updated.name
                            );
                        }
                        let text = format!(
                            "✅ *{}* resolved: up again after {down_for:.1} s",
                            endpoint.name
                        );
                        let options = SendOptions::new()
                            .thread_key(endpoint.thread_key())
                            .reply(ReplyOption::ReplyOrNewThread);
                        let posted = self.channel.post_text(&text, &options).await?;
                        println!("{}: resolved -> {}", endpoint.name, posted.name);
                    }
                    endpoint.failures.clear();
                }
                Err(error) => {
                    println!("{}: check failed: {error}", endpoint.name);
                    endpoint.failures.push(FailedCheck {
                        at: clock(now),
                        at_time: now,
                        error,
                    });
                    if endpoint.down_since.is_none() && endpoint.failures.len() >= self.threshold {
                        let first_failure = endpoint.failures[0].at_time;
                        let since = clock(first_failure);
                        let card = alert_card(endpoint, &since)?;
                        let mut options = SendOptions::new()
                            .thread_key(endpoint.thread_key())
                            .reply(ReplyOption::ReplyOrNewThread);
                        if matches!(self.channel, Channel::Api { .. }) {
                            let id = endpoint.alert_id(first_failure);
                            options = options.message_id(id.clone());
                            endpoint.alert_id = Some(id);
                        }
                        let posted = self.channel.post(&card, &options).await?;
                        println!(
                            "{}: DOWN -> alert {} in {}",
                            endpoint.name,
                            posted.name,
                            posted.thread_name.as_deref().unwrap_or("?")
                        );
                        endpoint.down_since = Some((first_failure, since));
                    }
                }
            }
        }
        Ok(())
    }
}

/// A tiny HTTP endpoint for the demo, answering `200 ok` until it is taken down.
async fn serve_health(listener: TcpListener) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        tokio::spawn(async move {
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf).await;
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
                .await;
        });
    }
}

async fn demo(mut watcher: Watcher) -> Result<(), Box<dyn Error>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let mut server = tokio::spawn(serve_health(listener));
    watcher.endpoints.push(Endpoint::new(EndpointConfig {
        name: "demo-api".into(),
        target: format!("http://{addr}/health"),
        runbook: "https://wiki.example.com/runbooks/demo-api".into(),
        dashboard: "https://grafana.example.com/d/demo-api".into(),
    })?);

    // Bounded script: 2 healthy rounds, down for `threshold` rounds, then back up.
    let rounds = 2 + watcher.threshold + 2;
    for round in 0..rounds {
        if round == 2 {
            println!("-- taking {addr} down");
            server.abort();
            let _ = (&mut server).await;
        }
        if round == 2 + watcher.threshold {
            println!("-- bringing {addr} back");
            server = tokio::spawn(serve_health(TcpListener::bind(addr).await?));
        }
        watcher.round().await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.abort();
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sender = Sender::new()?;
    let space = std::env::var("CHAT_SPACE")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let has_key = std::env::var_os("GOOGLE_APPLICATION_CREDENTIALS").is_some_and(|v| !v.is_empty());
    let (channel, destination) = match space {
        Some(space) if has_key => {
            let space: SpaceName = space.trim().parse()?;
            let mut builder = ChatApi::builder(chat_card::chat_api::ServiceAccountKey::from_env()?)
                .sender(sender);
            if let Ok(base) = std::env::var("CHAT_API_BASE") {
                builder = builder.api_base(base);
            }
            let api = builder.build()?;
            println!("posting to {space} as {} (Chat API)", api.client_email());
            (Channel::Api { api, space }, None)
        }
        _ => {
            let destination = common::Destination::from_env("MONITORING").await?;
            let url = destination.url.clone();
            (Channel::Webhook { sender, url }, Some(destination))
        }
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()?;
    let mut watcher = Watcher {
        channel,
        client,
        threshold: 3,
        endpoints: Vec::new(),
    };

    match args.as_slice() {
        [] => demo(watcher).await?,
        [flag, path] if flag == "--watch" => {
            let config: Config = serde_json::from_str(&std::fs::read_to_string(path)?)?;
            watcher.threshold = config.threshold.max(1);
            for endpoint in config.endpoints {
                watcher.endpoints.push(Endpoint::new(endpoint)?);
            }
            println!(
                "watching {} endpoint(s) every {} s; Ctrl-C to stop",
                watcher.endpoints.len(),
                config.interval_secs
            );
            let mut tick = tokio::time::interval(Duration::from_secs(config.interval_secs.max(1)));
            loop {
                tokio::select! {
                    _ = tick.tick() => watcher.round().await?,
                    _ = tokio::signal::ctrl_c() => break,
                }
            }
        }
        _ => {
            eprintln!("usage: server_down [--watch CONFIG.json]");
            std::process::exit(2);
        }
    }
    if let Some(destination) = destination {
        destination.report();
    }
    Ok(())
}
