//! The page around the cards: `<head>` with the Content-Security-Policy and styles, and
//! the page listing every message a fake space received.

use super::html::escape_into;
use super::{Out, Theme, card, parse_json, style};

/// The Content-Security-Policy of every preview page: no script, no fetches, no
/// frames, no forms; images from the web or `data:`; inline styles only.
pub(crate) const CSP: &str = "default-src 'none'; img-src https: http: data:; \
style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// Writes the document head and opens `<body>`.
pub(crate) fn open(o: &mut Out, theme: Theme, title: &str, refresh: bool) {
    o.html
        .push_str("<!DOCTYPE html>\n<html lang=\"en\" class=\"");
    o.html.push_str(theme.class());
    o.html.push_str("\"><head><meta charset=\"utf-8\">");
    o.html
        .push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    o.html.push_str(CSP);
    o.html
        .push_str("\"><meta name=\"referrer\" content=\"no-referrer\">");
    o.html
        .push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    if refresh {
        o.html
            .push_str("<meta http-equiv=\"refresh\" content=\"2\">");
    }
    o.html.push_str("<title>");
    escape_into(&mut o.html, title);
    o.html.push_str("</title><style>");
    o.html.push_str(&style::stylesheet());
    o.html.push_str("</style></head><body>\n");
}

/// Closes `<body>` and the document.
pub(crate) fn close(o: &mut Out) {
    o.html.push_str("\n</body></html>\n");
}

/// One message a fake Chat space received, for [`messages_page`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreviewEntry {
    /// The space, like `spaces/AAAA`.
    pub space: String,
    /// The thread the message went to (a thread name or key); `None` for a message
    /// that started its own thread.
    pub thread: Option<String>,
    /// The message JSON as received.
    pub json: String,
}

/// A page listing `entries` grouped by space and then by thread (in the order they
/// first appear), refreshing itself every 2 seconds. Entries whose JSON cannot be read
/// show the reason instead of a card.
pub fn messages_page(entries: &[PreviewEntry]) -> String {
    let mut o = Out::new();
    open(&mut o, Theme::Auto, "Fake Chat space", true);
    o.html
        .push_str("<div class=\"page-head\"><h1>Fake Chat space</h1><span>");
    o.html.push_str(&entries.len().to_string());
    o.html.push_str(if entries.len() == 1 {
        " message"
    } else {
        " messages"
    });
    o.html.push_str(" · refreshes every 2 s</span></div>");
    if entries.is_empty() {
        o.html.push_str(
            "<p class=\"empty\">No messages yet. POST one to this server's \
             <code>/v1/spaces/SPACE/messages</code> URL and it appears here.</p>",
        );
    }
    let mut spaces: Vec<&str> = Vec::new();
    for entry in entries {
        if !spaces.contains(&entry.space.as_str()) {
            spaces.push(&entry.space);
        }
    }
    for space in spaces {
        o.html.push_str("<section class=\"space\" data-space=\"");
        escape_into(&mut o.html, space);
        o.html.push_str("\"><h2>");
        escape_into(&mut o.html, space);
        o.html.push_str("</h2>");
        let in_space: Vec<(usize, &PreviewEntry)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.space == space)
            .collect();
        // Threads in order of first message; a message without a thread is its own.
        let mut threads: Vec<(Option<&str>, Vec<&PreviewEntry>)> = Vec::new();
        for (_, entry) in in_space {
            match entry.thread.as_deref() {
                Some(key) => match threads.iter_mut().find(|(k, _)| *k == Some(key)) {
                    Some((_, list)) => list.push(entry),
                    None => threads.push((Some(key), vec![entry])),
                },
                None => threads.push((None, vec![entry])),
            }
        }
        for (key, list) in threads {
            o.html.push_str("<div class=\"thread\" data-thread=\"");
            escape_into(&mut o.html, key.unwrap_or(""));
            o.html.push_str("\"><div class=\"thread-head\">");
            match key {
                Some(key) => {
                    o.html.push_str("Thread ");
                    escape_into(&mut o.html, key);
                }
                None => o.html.push_str("New thread"),
            }
            o.html.push_str(" · ");
            o.html.push_str(&list.len().to_string());
            o.html.push_str(if list.len() == 1 {
                " message"
            } else {
                " messages"
            });
            o.html.push_str("</div>");
            for entry in list {
                match parse_json(&entry.json) {
                    Ok(message) => card::message_into(&mut o, &message),
                    Err(e) => {
                        o.html.push_str("<div class=\"error-box\" data-error>");
                        escape_into(&mut o.html, &e.to_string());
                        o.html.push_str("</div>");
                    }
                }
            }
            o.html.push_str("</div>");
        }
        o.html.push_str("</section>");
    }
    close(&mut o);
    o.html
}
