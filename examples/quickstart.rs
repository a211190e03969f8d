//! The quickstart: a text message, a card message built with `card!`, and a reply in a
//! thread by thread key. Prints each message's name and thread name.
//!
//! ```text
//! cargo run --example quickstart                      # posts to a built-in fake space
//! CHAT_WEBHOOK_URL='https://chat.googleapis.com/v1/spaces/…/messages?key=…&token=…' \
//!     cargo run --example quickstart                  # posts to your space
//! ```

mod common;

use chat_card::{ReplyOption, SendOptions, Sender, card};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let destination = common::Destination::from_env("QUICKSTART").await?;
    let sender = Sender::new()?;

    // 1. A plain text message (Chat markup: *bold*, _italic_, <https://…|links>).
    let text = sender
        .send_text(
            &destination.url,
            "Hello from *chat-card*!",
            &SendOptions::new(),
        )
        .await?;
    println!("text message:  {}", text.name);

    // 2. A card message, checked at compile time.
    let service = "checkout";
    let card = card! {
        id: "quickstart",
        header {
            title: "A card message!",
            subtitle: "Sent with chat-card",
            image: "https://developers.google.com/chat/images/chat-product-icon.png",
            image_type: CIRCLE,
        }
        section "Deploy" {
            decorated { top: "Service", text: "<b>{service}</b>", start_icon: DESCRIPTION }
            buttons {
                button "Read the docs!" { link: "https://developers.google.com/chat" }
            }
        }
    }?;
    let thread_key = format!("deploy-{service}");
    let options = SendOptions::new().thread_key(&thread_key);
    let posted = sender.send(&destination.url, &card, &options).await?;
    let thread = posted.thread_name.clone().unwrap_or_default();
    println!("card message:  {}  (thread {thread})", posted.name);

    // 3. A reply in the same thread, by thread key.
    let reply = sender
        .send_text(
            &destination.url,
            "Rollout finished: 3/3 pods healthy.",
            &SendOptions::new()
                .thread_key(&thread_key)
                .reply(ReplyOption::ReplyOrNewThread),
        )
        .await?;
    println!(
        "reply:         {}  (thread {})",
        reply.name,
        reply.thread_name.as_deref().unwrap_or("")
    );

    destination.report();
    Ok(())
}
