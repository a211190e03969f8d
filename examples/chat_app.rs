//! A Chat app HTTP endpoint that answers interaction events synchronously, as in Google's
//! "send a message" guide: a welcome card on `ADDED_TO_SPACE`, a card reply to `MESSAGE`.
//! The response body is the message; the same `card!`/`message!` build it.
//!
//! ```text
//! cargo run --example chat_app                     # serves on loopback, posts one sample event of each kind to itself, prints the answers
//! cargo run --example chat_app -- --serve 8080     # keeps serving on 127.0.0.1:8080 (put it behind your HTTPS front end)
//! ```

use std::error::Error;
use std::net::SocketAddr;

use axum::Json;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chat_card::{BuildError, JsonMessage, message};
use serde::Deserialize;

/// The parts of a Chat interaction event this app reads.
#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    space: Space,
    #[serde(default)]
    user: User,
    #[serde(default)]
    message: Option<IncomingMessage>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Space {
    #[serde(default)]
    display_name: String,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct User {
    #[serde(default)]
    display_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct IncomingMessage {
    #[serde(default)]
    text: String,
    /// The text without the @mention of the app.
    #[serde(default)]
    argument_text: Option<String>,
}

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

/// Answers one interaction event with a message (or an empty object when there is
/// nothing to say, as Chat expects).
fn answer(event: &Event) -> Result<Option<JsonMessage>, BuildError> {
    let user = &event.user.display_name;
    match event.kind.as_str() {
        "ADDED_TO_SPACE" => welcome(&event.space.display_name, user).map(Some),
        "MESSAGE" => {
            let asked = event
                .message
                .as_ref()
                .map(|m| m.argument_text.clone().unwrap_or_else(|| m.text.clone()))
                .unwrap_or_default();
            reply(user, asked.trim()).map(Some)
        }
        _ => Ok(None),
    }
}

async fn handle(Json(event): Json<Event>) -> Response {
    match answer(&event) {
        Ok(Some(msg)) => (
            [(header::CONTENT_TYPE, "application/json")],
            msg.into_string(),
        )
            .into_response(),
        Ok(None) => ([(header::CONTENT_TYPE, "application/json")], "{}").into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

fn app() -> Router {
    Router::new().route("/", post(handle))
}

/// Posts one sample event of each kind to the running app and prints the answers.
async fn demo(addr: SocketAddr) -> Result<(), Box<dyn Error>> {
    let client = reqwest::Client::new();
    let events = [
        r#"{"type": "ADDED_TO_SPACE", "space": {"name": "spaces/AAAA", "displayName": "Ops <team>"}, "user": {"displayName": "Ana"}}"#,
        r#"{"type": "MESSAGE", "space": {"name": "spaces/AAAA"}, "user": {"displayName": "Bo"}, "message": {"text": "@Status bot status checkout", "argumentText": " status checkout"}}"#,
    ];
    for event in events {
        let response = client
            .post(format!("http://{addr}/"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(event)
            .send()
            .await?;
        let status = response.status();
        let body = response.text().await?;
        let findings = chat_card::check::check_text(&body)
            .map_err(|e| format!("the app answered non-JSON: {}", e.message))?;
        println!(
            "event:  {event}\nanswer: {status} {body}\nvalid:  {}\n",
            findings.is_empty()
        );
        if !status.is_success() || !findings.is_empty() {
            return Err(format!("bad answer to {event}: {findings:?}").into());
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
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    println!("Chat app listening on http://{addr}/");
    let server = tokio::spawn(async move { axum::serve(listener, app()).await });
    if args.is_empty() {
        demo(addr).await?;
        server.abort();
    } else {
        tokio::select! {
            served = server => served??,
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    Ok(())
}
