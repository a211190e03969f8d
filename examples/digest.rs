//! Posts a digest of many items (open tickets from a JSON file). When the list is more
//! than one message may hold (100 widgets per card, 32,000 bytes per message), it splits
//! the items over several messages in one thread instead of losing any.
//!
//! ```text
//! cargo run --example digest                       # 240 generated demo tickets
//! cargo run --example digest -- tickets.json       # [{"id": "OPS-1", "title": "…", "priority": "P1", "assignee": "ana", "url": "https://…"}, …]
//! ```

mod common;

use std::error::Error;

use chat_card::{BuildError, JsonMessage, ReplyOption, SendOptions, Sender, WebUrl, message};
use serde::Deserialize;

/// One ticket as the JSON file holds it.
#[derive(Deserialize)]
struct TicketRecord {
    id: String,
    title: String,
    priority: String,
    assignee: String,
    url: String,
    #[serde(default)]
    summary: String,
}

/// One ticket of the digest, its link checked.
struct Ticket {
    id: String,
    title: String,
    priority: String,
    assignee: String,
    url: WebUrl,
    summary: String,
}

impl TryFrom<TicketRecord> for Ticket {
    type Error = Box<dyn Error>;

    fn try_from(r: TicketRecord) -> Result<Ticket, Self::Error> {
        let url = WebUrl::parse(&r.url).map_err(|e| format!("ticket {}: {e}", r.id))?;
        Ok(Ticket {
            id: r.id,
            title: r.title,
            priority: r.priority,
            assignee: r.assignee,
            url,
            summary: r.summary,
        })
    }
}

/// Demo tickets, with titles long enough that size, not only the widget count, matters.
fn demo_tickets() -> Vec<TicketRecord> {
    let areas = ["checkout", "search", "billing", "auth", "mobile", "infra"];
    (1..=240)
        .map(|n| TicketRecord {
            id: format!("OPS-{n}"),
            title: format!(
                "{} is slow for <some> users & retries pile up (report #{n})",
                areas[n % areas.len()]
            ),
            priority: format!("P{}", 1 + n % 3),
            assignee: ["ana", "bo", "chen", "dara"][n % 4].into(),
            url: format!("https://tickets.example.com/browse/OPS-{n}"),
            summary: "Customers report timeouts at peak hours; the last deploy raised p99 \
                      latency from 300 ms to 2.1 s. Needs an owner and a rollback plan."
                .repeat(1 + n % 2),
        })
        .collect()
}

/// Every part goes into this thread.
const THREAD_KEY: &str = "digest-open-tickets";

/// The message for one part of the digest. The thread key is part of the message, so
/// the size limit is checked on exactly the bytes that will be sent.
fn digest_message(
    tickets: &[Ticket],
    first: usize,
    total: usize,
) -> Result<JsonMessage, BuildError> {
    let from = first + 1;
    let to = first + tickets.len();
    message! {
        thread_key: THREAD_KEY,
        card "digest" {
            header {
                title: "Open tickets",
                subtitle: "{from}–{to} of {total}",
            }
            section {
                for t in tickets {
                    decorated {
                        top: "{t.id} · {t.priority} · {t.assignee}",
                        text: t.title,
                        bottom: t.summary,
                        link: t.url,
                    }
                }
            }
        }
    }
}

/// Splits `tickets` into the fewest consecutive parts that each build into one valid
/// message: the largest prefix that fits is found by binary search on the build result.
fn split(tickets: &[Ticket]) -> Result<Vec<JsonMessage>, BuildError> {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < tickets.len() {
        let rest = &tickets[start..];
        // Invariant: a prefix of `lo` items fits; one of `hi + 1` does not (or does not exist).
        let (mut lo, mut hi) = (0, rest.len());
        let mut best = None;
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            match digest_message(&rest[..mid], start, tickets.len()) {
                Ok(msg) => {
                    lo = mid;
                    best = Some(msg);
                }
                Err(
                    BuildError::TooManyWidgets { .. }
                    | BuildError::MessageTooLarge { .. }
                    | BuildError::CardTooLarge { .. },
                ) => hi = mid - 1,
                Err(other) => return Err(other),
            }
        }
        match best {
            Some(msg) if lo > 0 => {
                parts.push(msg);
                start += lo;
            }
            // A single item that does not fit on its own: report it rather than drop it.
            _ => return digest_message(&rest[..1], start, tickets.len()).map(|_| parts),
        }
    }
    Ok(parts)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let records: Vec<TicketRecord> = match std::env::args().nth(1) {
        Some(path) => serde_json::from_str(&std::fs::read_to_string(path)?)?,
        None => demo_tickets(),
    };
    let tickets = records
        .into_iter()
        .map(Ticket::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let parts = split(&tickets)?;
    println!(
        "{} tickets -> {} message(s) ({} bytes largest)",
        tickets.len(),
        parts.len(),
        parts.iter().map(JsonMessage::len).max().unwrap_or(0)
    );

    let destination = common::Destination::from_env("DIGEST").await?;
    let sender = Sender::new()?;
    for (i, part) in parts.iter().enumerate() {
        let options = SendOptions::new().reply(ReplyOption::ReplyOrNewThread);
        let posted = sender.send(&destination.url, part, &options).await?;
        println!(
            "part {} of {}: {}  (thread {})",
            i + 1,
            parts.len(),
            posted.name,
            posted.thread_name.as_deref().unwrap_or("?")
        );
    }
    destination.report();
    Ok(())
}
