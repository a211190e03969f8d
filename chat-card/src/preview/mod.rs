//! See a card before sending it: a self-contained HTML page that draws a message the
//! way Google Chat does, and (with [`chromium`]) a PNG screenshot of it.
//!
//! ```
//! use chat_card::model::*;
//! use chat_card::preview::{self, Theme};
//!
//! let message = Message {
//!     text: Some("*Deploy* finished".into()),
//!     cards_v2: vec![CardWithId {
//!         card_id: Some("deploy".into()),
//!         card: Card {
//!             header: Some(CardHeader::new("api v2.3.1")),
//!             sections: vec![Section::new(vec![TextParagraph::new("<b>3</b> hosts").into()])],
//!             ..Default::default()
//!         },
//!     }],
//!     ..Default::default()
//! };
//! let page = preview::render_message(&message, Theme::Light);
//! assert!(page.contains("data-widget=\"textParagraph\""));
//!
//! // From JSON text: a whole message or a bare card.
//! let page = preview::html_for_json(r#"{"header": {"title": "Hi"}, "sections": []}"#).unwrap();
//! assert!(page.contains("Hi"));
//! ```
//!
//! Safe by construction: every string from the card is escaped, and card text is
//! re-emitted through an allow-list of Chat's card HTML subset (`<b> <i> <u> <s>
//! <font color> <a href> <time> <br> <code> <pre> <ul> <ol> <li>`), links only for
//! `http(s)` URLs. The page carries a Content-Security-Policy that forbids scripts and
//! every load except images, so even a renderer bug could not run script.
//!
//! Icons need no network: the 28 built-in icons and common Material Symbols are inline
//! SVG; other Material Symbols get a generic glyph titled with their name. Images come
//! from their URLs, with the alt text showing behind them when they cannot load.

mod card;
pub mod chromium;
mod html;
mod icons;
mod inputs;
mod layout;
mod lenient;
mod markup;
mod page;
mod sanitize;
mod style;
mod widgets;

use crate::model::{Card, CardWithId, Message};

pub use page::{PreviewEntry, messages_page};

/// The colour theme of a preview page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Light colours.
    Light,
    /// Dark colours.
    Dark,
    /// Follows the viewer's `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    /// The class set on `<html>`.
    fn class(self) -> &'static str {
        match self {
            Theme::Light => "theme-light",
            Theme::Dark => "theme-dark",
            Theme::Auto => "theme-auto",
        }
    }
}

/// Why JSON text could not be previewed.
#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    /// The text is not JSON.
    #[error(
        "not valid JSON at line {line}, column {column}: {message}; fix the syntax there \
         (`chat-card check FILE` lists every problem)"
    )]
    Syntax {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the JSON parser says.
        message: String,
    },
    /// The JSON is neither a message nor a card.
    #[error(
        "the JSON is not a Chat message or card: {message}{at}; a message looks like \
         {{\"text\": ..., \"cardsV2\": [{{\"cardId\": ..., \"card\": {{...}}}}]}} and a card like \
         {{\"header\": {{...}}, \"sections\": [...]}} (`chat-card check FILE` explains each field)",
        at = location(*line, *column)
    )]
    Shape {
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
        /// What does not fit the schema.
        message: String,
    },
}

fn location(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}

/// The HTML being written, and a counter for element ids.
pub(crate) struct Out {
    pub(crate) html: String,
    ids: u32,
}

impl Out {
    fn new() -> Self {
        Out {
            html: String::with_capacity(16 * 1024),
            ids: 0,
        }
    }

    /// A fresh element id, unique in the page.
    pub(crate) fn next_id(&mut self, prefix: &str) -> String {
        self.ids = self.ids.wrapping_add(1);
        format!("{prefix}-{}", self.ids)
    }
}

/// The whole preview page of one message.
pub fn render_message(message: &Message, theme: Theme) -> String {
    let mut o = Out::new();
    page::open(&mut o, theme, "Chat message preview", false);
    card::message_into(&mut o, message);
    page::close(&mut o);
    o.html
}

/// The whole preview page of one card (drawn as a message holding only that card).
pub fn render_card(card: &Card, theme: Theme) -> String {
    let mut o = Out::new();
    page::open(&mut o, theme, "Chat card preview", false);
    o.html
        .push_str("<div class=\"message\" data-message><div class=\"msg-main\">");
    card::card_into(&mut o, card, None);
    o.html.push_str("</div></div>");
    page::close(&mut o);
    o.html
}

/// Reads JSON text: a whole message, or a bare card (an object with `header` or
/// `sections` and no message field).
pub fn parse_json(text: &str) -> Result<Message, PreviewError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| PreviewError::Syntax {
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
    let shape = |e: serde_json::Error| PreviewError::Shape {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    };
    if is_bare_card(&value) {
        let card: Card = serde_json::from_str(text)
            .or_else(|e| lenient(value, &chat_card_core::schema::CARD).ok_or(e))
            .map_err(shape)?;
        Ok(Message {
            cards_v2: vec![CardWithId {
                card_id: None,
                card,
            }],
            ..Default::default()
        })
    } else if value.is_object() {
        serde_json::from_str(text)
            .or_else(|e| lenient(value, &chat_card_core::schema::MESSAGE).ok_or(e))
            .map_err(shape)
    } else {
        Err(PreviewError::Shape {
            line: 0,
            column: 0,
            message: "the top level is not a JSON object".into(),
        })
    }
}

/// Reads JSON that uses forms only Google's front end accepts (a quoted bool, one object
/// for a list) after rewriting them in their proper form, as Chat reads them; `None` when
/// it still does not fit (the caller reports the first error, which has its position).
fn lenient<T: serde::de::DeserializeOwned>(
    mut value: serde_json::Value,
    def: &'static chat_card_core::schema::ObjectDef,
) -> Option<T> {
    lenient::proper_form(&mut value, def);
    serde_json::from_value(value).ok()
}

/// Whether a JSON object is a card rather than a message.
fn is_bare_card(value: &serde_json::Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    let card_keys = ["header", "sections", "sectionDividerStyle"];
    let message_keys = [
        "text",
        "cardsV2",
        "cards_v2",
        "cards",
        "thread",
        "accessoryWidgets",
    ];
    card_keys.iter().any(|k| object.contains_key(*k))
        && !message_keys.iter().any(|k| object.contains_key(*k))
}

/// serde_json appends " at line L column C"; the error types carry those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// The preview page of JSON text (a message or a bare card), in the [`Theme::Auto`] theme.
pub fn html_for_json(text: &str) -> Result<String, PreviewError> {
    html_for_json_themed(text, Theme::Auto)
}

/// The preview page of JSON text (a message or a bare card) in a theme.
pub fn html_for_json_themed(text: &str, theme: Theme) -> Result<String, PreviewError> {
    Ok(render_message(&parse_json(text)?, theme))
}

impl Message {
    /// The preview page of this message (see [`render_message`]).
    pub fn preview_html(&self, theme: Theme) -> String {
        render_message(self, theme)
    }
}

impl Card {
    /// The preview page of this card (see [`render_card`]).
    pub fn preview_html(&self, theme: Theme) -> String {
        render_card(self, theme)
    }
}
