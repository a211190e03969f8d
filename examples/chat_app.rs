//! A Chat app HTTP endpoint that answers interaction events synchronously, as in Google's
//! "send a message" guide: a welcome card on `ADDED_TO_SPACE`, a card reply to `MESSAGE`.
//! The response body is the message; the same `card!`/`message!` build it.
//!
//! Every request is verified first (Chat's bearer token: signature, issuer, audience,
//! expiry); anything else gets 401 before the event is read.
//!
//! ```text
//! cargo run --example chat_app        # serves on loopback, posts signed sample events to itself (and two it must refuse), prints the answers
//! CHAT_APP_ENDPOINT_URL=https://chat-app.example.com/ \
//!   cargo run --example chat_app -- --serve 8080   # keeps serving on 127.0.0.1:8080 (put it behind your HTTPS front end)
//! ```
//!
//! Serving for real needs the app's authentication audience: `CHAT_APP_ENDPOINT_URL`
//! (HTTP endpoint URL) or `CHAT_APP_PROJECT_NUMBER` (project number).
//!
//! It serves with `chat_card::serve`: slow or idle connections are closed and at most 512
//! are served at once (a 513th gets `503`). `SERVE_HEADER_READ_TIMEOUT_MS`,
//! `SERVE_BODY_READ_TIMEOUT_MS`, `SERVE_REQUEST_TIMEOUT_MS`, `SERVE_IDLE_TIMEOUT_MS` and
//! `SERVE_MAX_CONNECTIONS` change the limits of `--serve`.

mod common;

use std::error::Error;
use std::net::SocketAddr;

use axum::Router;
use axum::routing::post;
use chat_card::app::endpoint::ChatEvent;
use chat_card::app::{Audience, Event, EventType, Reply, Verifier};
use chat_card::serve::{ServeLimits, serve};
use chat_card::{BuildError, JsonMessage, message};
use common::local_chat::{self, LocalChat};

fn welcome(space: &str, user: &str) -> Result<JsonMessage, BuildError> {
    let space = if space.is_empty() {
        "this space"
    } else {
        space
    };
    message! {
        text: "Thanks for adding me to {space}, {user}!",
        card "welcome" {
            header {
                title: "Status bot",
                subtitle: "Ask me about a service",
                image: "https://developers.google.com/chat/images/chat-product-icon.png",
                image_type: CIRCLE,
            }
            section "Try" {
                decorated { top: "Message", text: "<code>status checkout</code>", start_icon: DESCRIPTION }
                buttons {
                    button "Docs" { link: "https://developers.google.com/workspace/chat" }
                }
            }
        }
    }
}

fn reply(user: &str, asked: &str) -> Result<JsonMessage, BuildError> {
    let service = asked
        .split_whitespace()
        .nth(1)
        .unwrap_or("everything")
        .to_owned();
    message! {
        text: "{user} asked: {asked}",
        card "status" {
            header { title: "{service}: all good", subtitle: "checked just now" }
            section {
                decorated { top: "Error rate", text: "0.02 %", start_icon: STAR }
                decorated { top: "p99 latency", text: "180 ms", start_icon: CLOCK }
                buttons {
                    button "Dashboard" { link: "https://grafana.example.com/d/{service}" }
                }
            }
        }
    }
}

/// Answers one verified interaction event with a message (or an empty object when there
/// is nothing to say, as Chat expects).
fn answer(event: &Event) -> Result<Reply, BuildError> {
    let user = event
        .user
        .as_ref()
        .map(|u| u.display_name.as_str())
        .unwrap_or_default();
    match event.kind {
        EventType::AddedToSpace => {
            let space = event
                .space
                .as_ref()
                .map(|s| s.display_name.as_str())
                .unwrap_or_default();
            welcome(space, user).map(Reply::message)
        }
        EventType::Message => {
            reply(user, event.argument_text().unwrap_or_default()).map(Reply::message)
        }
        _ => Ok(Reply::empty()),
    }
}

async fn handle(
    ChatEvent { event, .. }: ChatEvent,
) -> Result<Reply, (axum::http::StatusCode, String)> {
    answer(&event).map_err(|e| (axum::http::StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

fn app(verifier: Verifier) -> Router {
    Router::new().route("/", post(handle)).with_state(verifier)
}

/// Posts one signed sample event of each kind to the running app and prints the answers,
/// then two requests it must refuse.
async fn demo(chat: &LocalChat, addr: SocketAddr) -> Result<(), Box<dyn Error>> {
    let events = [
        r#"{"type": "ADDED_TO_SPACE", "space": {"name": "spaces/AAAA", "displayName": "Ops <team>"}, "user": {"name": "users/1", "displayName": "Ana"}}"#,
        r#"{"type": "MESSAGE", "space": {"name": "spaces/AAAA"}, "user": {"name": "users/2", "displayName": "Bo"}, "message": {"text": "@Status bot status checkout", "argumentText": " status checkout"}}"#,
    ];
    for event in events {
        let (status, body) = chat.post_signed(addr, event).await?;
        let findings = chat_card::check::check_text(&body)
            .map_err(|e| format!("the app answered non-JSON: {}", e.message))?;
        println!(
            "event:  {event}\nanswer: {status} {body}\nvalid:  {}\n",
            findings.is_empty()
        );
        if status != 200 || !findings.is_empty() {
            return Err(format!("bad answer to {event}: {findings:?}").into());
        }
    }
    for (what, token) in [
        ("no token", None),
        ("a forged token", Some(chat.forged_token())),
    ] {
        let (status, body) = chat.post(addr, events[1], token.as_deref()).await?;
        println!("a request with {what}\nanswer: {status} {body}\n");
        if status != 401 {
            return Err(format!("a request with {what} was not refused").into());
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port = match args.as_slice() {
        [] => 0,
        [flag] if flag == "--serve" => 8080,
        [flag, port] if flag == "--serve" => port.parse()?,
        _ => {
            eprintln!("usage: chat_app [--serve [PORT]]");
            std::process::exit(2);
        }
    };
    if args.is_empty() {
        // The demo: a local stand-in for Chat signs ID tokens for this endpoint URL.
        let chat =
            LocalChat::start(Audience::endpoint_url("https://chat-app.example.com/")?).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        println!("Chat app listening on http://{addr}/");
        let server = tokio::spawn(serve(
            listener,
            app(chat.verifier()?),
            ServeLimits::default(),
            std::future::pending(),
        ));
        let result = demo(&chat, addr).await;
        server.abort();
        return result;
    }
    let verifier = local_chat::verifier_from_env()?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("Chat app listening on http://{}/", listener.local_addr()?);
    // Timeouts on slow and idle connections and a connection cap (`chat_card::serve`).
    let limits = common::serve_limits_from_env()?;
    serve(listener, app(verifier), limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
