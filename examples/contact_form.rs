//! A contact manager Chat app with a dialog, after Google's contact-form sample app
//! (googleworkspace/google-chat-samples, `node/contact-form-app`), with verified
//! requests, typed events and typed replies:
//!
//! - `/about` (command 1) answers with a text and a button that opens the dialog;
//! - `/addContact` (command 2) opens a dialog with a text input (name), a date picker
//!   (birthdate) and a selection (contact type);
//! - "Review and submit" shows the entries for review; "Submit" adds the contact and
//!   closes the dialog with an `OK` action status, or keeps it open with
//!   `INVALID_ARGUMENT` when the name is missing;
//! - any other message gets the same form as a private card message.
//!
//! ```text
//! cargo run --example contact_form                 # walks the whole flow against itself, printing each answer
//! CHAT_APP_PROJECT_NUMBER=1234567890 \
//!   cargo run --example contact_form -- --serve 8080   # serves on 127.0.0.1:8080 (behind your HTTPS front end)
//! ```
//!
//! `--serve` serves with `chat_card::serve` (timeouts on slow and idle connections, a cap
//! on connections), with the limits `SERVE_*_MS` and `SERVE_MAX_CONNECTIONS` set (see
//! `examples/chat_app.rs`).
//!
//! The form dialog is built with `dialog!` (a card that is a dialog's body, where
//! dialog-only fields such as `fixed_footer` are valid); the review step is a `card!`
//! wrapped with `Reply::dialog`. As in Google's sample, the buttons sit in the last
//! section.

mod common;

use std::error::Error;
use std::net::SocketAddr;

use axum::Router;
use axum::routing::post;
use chat_card::app::endpoint::ChatEvent;
use chat_card::app::{
    ActionStatus, Audience, DialogEventType, Event, EventType, Reply, StatusCode,
};
use chat_card::serve::{ServeLimits, serve};
use chat_card::{BuildError, JsonMessage, card, dialog, message};
use common::local_chat::{self, LocalChat};

/// The slash command ids, as configured in the Chat API configuration.
const ABOUT: i64 = 1;
const ADD_CONTACT: i64 = 2;

/// Why the app could not answer (becomes a 500: a bug, not bad input).
#[derive(Debug)]
struct AppError(String);

impl From<BuildError> for AppError {
    fn from(e: BuildError) -> Self {
        AppError(e.to_string())
    }
}

impl From<chat_card::app::ReplyError> for AppError {
    fn from(e: chat_card::app::ReplyError) -> Self {
        AppError(e.to_string())
    }
}

impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        eprintln!("cannot answer: {}", self.0);
        axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }
}

/// The contact form dialog: name, birthdate, type, and a button to review the entries.
fn contact_form() -> Result<JsonMessage, BuildError> {
    dialog! {
        header { title: "Add a contact" }
        section "Add new contact" {
            text_input "contactName" { label: "First and last name", type: SINGLE_LINE }
            date_time "contactBirthdate" { label: "Birthdate", type: DATE_ONLY }
            selection "contactType" {
                label: "Contact type", type: RADIO_BUTTON
                item "Work" { value: "Work", selected: false }
                item "Personal" { value: "Personal", selected: false }
            }
            buttons { button "Review and submit" { action: "openConfirmation" } }
        }
    }
}

/// The form as a card message under a hint, for users who write to the app instead of
/// using `/addContact` (the same widgets as [`contact_form`]).
fn private_form() -> Result<JsonMessage, BuildError> {
    message! {
        text: "To add a contact, try `/addContact` or complete the form below:",
        card "addContactForm" {
            header { title: "Add a contact" }
            section "Add new contact" {
                text_input "contactName" { label: "First and last name", type: SINGLE_LINE }
                date_time "contactBirthdate" { label: "Birthdate", type: DATE_ONLY }
                selection "contactType" {
                    label: "Contact type", type: RADIO_BUTTON
                    item "Work" { value: "Work", selected: false }
                    item "Personal" { value: "Personal", selected: false }
                }
                buttons { button "Review and submit" { action: "openConfirmation" } }
            }
        }
    }
}

/// The review step: the entries, and a button that submits them as action parameters.
fn confirmation(name: &str, birthdate: &str, kind: &str) -> Result<JsonMessage, BuildError> {
    let shown_date = birthdate
        .parse::<i64>()
        .ok()
        .map(date_text)
        .unwrap_or_default();
    card! {
        id: "confirmContact",
        section "Your contact" {
            text "Confirm contact information and submit:"
            text "<b>Name:</b> {name}"
            text "<b>Birthday:</b> {shown_date}"
            text "<b>Type:</b> {kind}"
            buttons {
                button "Submit" {
                    on_click {
                        action "submitForm" {
                            param "contactName" { value: name }
                            param "contactBirthdate" { value: birthdate }
                            param "contactType" { value: kind }
                        }
                    }
                }
            }
        }
    }
}

/// Milliseconds since the epoch as a date like "September 14, 2001" (UTC).
fn date_text(ms: i64) -> String {
    let format = time::macros::format_description!("[month repr:long] [day padding:none], [year]");
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

async fn on_event(ChatEvent { event, .. }: ChatEvent) -> Result<Reply, AppError> {
    answer(&event)
}

/// Answers one verified event.
fn answer(event: &Event) -> Result<Reply, AppError> {
    let user = event.user_name().unwrap_or_default();
    match (&event.kind, event.command_id()) {
        (EventType::Message | EventType::AppCommand, Some(ABOUT)) => {
            let about = message! {
                text: "Manage your personal and business contacts 📇. To add a contact, use the slash command `/addContact`.",
                accessory {
                    buttons {
                        button "Add Contact" {
                            on_click { action "openInitialDialog" { interaction: OPEN_DIALOG } }
                        }
                    }
                }
            }?;
            Ok(Reply::message(about))
        }
        (EventType::Message | EventType::AppCommand, Some(ADD_CONTACT)) => {
            Ok(Reply::message(contact_form()?))
        }
        (EventType::Message, _) => Ok(Reply::new_message(&private_form()?)?.private_to(user)?),
        (EventType::CardClicked, _) => on_card_click(event, user),
        _ => Ok(Reply::empty()),
    }
}

fn on_card_click(event: &Event, user: &str) -> Result<Reply, AppError> {
    let in_dialog = event.is_dialog_event;
    if event.dialog_event_type == Some(DialogEventType::CancelDialog) {
        return Ok(Reply::close_dialog());
    }
    match event.invoked_function() {
        Some("openInitialDialog") => Ok(Reply::message(contact_form()?)),
        Some("openConfirmation") => {
            let name = event.string_input("contactName").unwrap_or_default();
            let birthdate = event
                .date_input("contactBirthdate")
                .map(|ms| ms.to_string())
                .unwrap_or_default();
            let kind = event.string_input("contactType").unwrap_or_default();
            let review = confirmation(name, &birthdate, kind)?;
            if in_dialog {
                Ok(Reply::dialog(&review)?)
            } else {
                Ok(Reply::update_message(&review)?.private_to(user)?)
            }
        }
        Some("submitForm") => {
            let name = event.parameter("contactName").unwrap_or_default().trim();
            let submitted_dialog = event.dialog_event_type == Some(DialogEventType::SubmitDialog);
            if name.is_empty() {
                let problem = "Don't forget to name your new contact!";
                return if submitted_dialog {
                    Ok(Reply::dialog_status(
                        ActionStatus::new(StatusCode::InvalidArgument).message(problem),
                    )?)
                } else {
                    Ok(Reply::message(message! { text: "{problem}" }?).private_to(user)?)
                };
            }
            if submitted_dialog {
                Ok(Reply::dialog_status(ActionStatus::ok(format!(
                    "Success {name}"
                )))?)
            } else {
                let done = message! { text: "✅ {name} has been added to your contacts." }?;
                Ok(Reply::new_message(&done)?.private_to(user)?)
            }
        }
        _ => Ok(Reply::empty()),
    }
}

fn app(verifier: chat_card::app::Verifier) -> Router {
    Router::new()
        .route("/", post(on_event))
        .with_state(verifier)
}

/// One step of the demo: what Chat sends, and why.
struct Step {
    what: &'static str,
    event: String,
}

fn steps() -> Vec<Step> {
    let user =
        r#""user": {"name": "users/1234567890", "displayName": "Chris Corgi", "type": "HUMAN"}"#;
    let space = r#""space": {"name": "spaces/DDDD", "spaceType": "DIRECT_MESSAGE", "singleUserBotDm": true}"#;
    let slash = |id: u32, text: &str, dialog: bool| {
        let dialog = if dialog {
            r#""isDialogEvent": true, "dialogEventType": "REQUEST_DIALOG","#
        } else {
            ""
        };
        format!(
            r#"{{"type": "MESSAGE", {dialog} {space}, {user}, "message": {{"text": "{text}", "argumentText": "", "slashCommand": {{"commandId": "{id}"}}}}}}"#
        )
    };
    let click = |function: &str, dialog_step: &str, common: &str| {
        format!(
            r#"{{"type": "CARD_CLICKED", "isDialogEvent": true, "dialogEventType": "{dialog_step}", {space}, {user}, "common": {{"invokedFunction": "{function}", {common}}}}}"#
        )
    };
    let card_click = |function: &str, common: &str| {
        format!(
            r#"{{"type": "CARD_CLICKED", {space}, {user}, "message": {{"name": "spaces/DDDD/messages/M1"}}, "common": {{"invokedFunction": "{function}", {common}}}}}"#
        )
    };
    vec![
        Step {
            what: "/about",
            event: slash(1, "/about", false),
        },
        Step {
            what: "/addContact opens the dialog",
            event: slash(2, "/addContact", true),
        },
        Step {
            what: "the user fills in the form and clicks \"Review and submit\"",
            event: click(
                "openConfirmation",
                "SUBMIT_DIALOG",
                r#""formInputs": {"contactName": {"stringInputs": {"value": ["Kai O"]}}, "contactBirthdate": {"dateInput": {"msSinceEpoch": "1000425600000"}}, "contactType": {"stringInputs": {"value": ["Personal"]}}}"#,
            ),
        },
        Step {
            what: "\"Submit\" without a name keeps the dialog open",
            event: click(
                "submitForm",
                "SUBMIT_DIALOG",
                r#""parameters": {"contactName": "", "contactBirthdate": "1000425600000", "contactType": "Personal"}"#,
            ),
        },
        Step {
            what: "\"Submit\" with a name closes the dialog",
            event: click(
                "submitForm",
                "SUBMIT_DIALOG",
                r#""parameters": {"contactName": "Kai O", "contactBirthdate": "1000425600000", "contactType": "Personal"}"#,
            ),
        },
        Step {
            what: "closing the dialog with its close icon",
            event: click("openConfirmation", "CANCEL_DIALOG", r#""formInputs": {}"#),
        },
        Step {
            what: "a plain message gets the form privately",
            event: format!(
                r#"{{"type": "MESSAGE", {space}, {user}, "message": {{"text": "hello", "argumentText": "hello"}}}}"#
            ),
        },
        Step {
            what: "\"Review and submit\" in that card message updates it in place",
            event: card_click(
                "openConfirmation",
                r#""formInputs": {"contactName": {"stringInputs": {"value": ["Ana <admin>"]}}, "contactBirthdate": {"dateInput": {"msSinceEpoch": "946684800000"}}, "contactType": {"stringInputs": {"value": ["Work"]}}}"#,
            ),
        },
        Step {
            what: "\"Submit\" in the card message answers privately",
            event: card_click(
                "submitForm",
                r#""parameters": {"contactName": "Ana <admin>", "contactBirthdate": "946684800000", "contactType": "Work"}"#,
            ),
        },
    ]
}

/// Posts every step, signed, and two requests that must be refused.
async fn demo(chat: &LocalChat, addr: SocketAddr) -> Result<(), Box<dyn Error>> {
    for (n, step) in steps().iter().enumerate() {
        let (status, body) = chat.post_signed(addr, &step.event).await?;
        let findings = chat_card::check::check_message_text(&body)
            .map_err(|e| format!("the app answered non-JSON: {}", e.message))?;
        println!(
            "{}. {}\n   answer: {status} {body}\n   valid:  {}\n",
            n + 1,
            step.what,
            findings.is_empty()
        );
        if status != 200 || !findings.is_empty() {
            return Err(format!("bad answer to step {}: {findings:?}", n + 1).into());
        }
    }
    let about = &steps()[0].event;
    for (what, token) in [
        ("no token", None),
        ("a forged token", Some(chat.forged_token())),
    ] {
        let (status, body) = chat.post(addr, about, token.as_deref()).await?;
        println!("a request with {what}\n   answer: {status} {body}\n");
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
        [] => None,
        [flag] if flag == "--serve" => Some(8080),
        [flag, port] if flag == "--serve" => Some(port.parse()?),
        _ => {
            eprintln!("usage: contact_form [--serve [PORT]]");
            std::process::exit(2);
        }
    };
    let Some(port) = port else {
        let chat = LocalChat::start(Audience::project_number("1234567890")?).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        println!("contact form app listening on http://{addr}/\n");
        let server = tokio::spawn(serve(
            listener,
            app(chat.verifier()?),
            ServeLimits::default(),
            std::future::pending(),
        ));
        let result = demo(&chat, addr).await;
        server.abort();
        return result;
    };
    let verifier = local_chat::verifier_from_env()?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!(
        "contact form app listening on http://{}/",
        listener.local_addr()?
    );
    // Timeouts on slow and idle connections and a connection cap (`chat_card::serve`).
    let limits = common::serve_limits_from_env()?;
    serve(listener, app(verifier), limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
