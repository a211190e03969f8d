//! Chat interaction events and replies: every fixture in `tests/events/` (shaped after
//! Google's documented samples, see its README) parses, and the typed accessors read
//! what it holds; replies built with `card!`/`message!` are valid Chat responses.

use std::path::Path;

use chat_card::app::event::{AnnotationType, AppCommandType, UserType};
use chat_card::app::{
    ActionStatus, DialogEventType, Event, EventType, Reply, StatusCode, Suggestion,
};
use chat_card::{card, message};

fn fixture(name: &str) -> Event {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/events")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Event::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_fixture_parses_and_is_listed_in_the_readme() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/events");
    let readme = std::fs::read_to_string(dir.join("README.md")).expect("README");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).expect("name");
        let event = fixture(name);
        assert!(!event.kind.as_str().is_empty(), "{name} has a type");
        assert!(
            readme.contains(&format!("`{name}`")),
            "{name} is not in the README"
        );
        count += 1;
    }
    assert_eq!(count, 10);
}

#[test]
fn message_with_a_mention() {
    let event = fixture("message_mention.json");
    assert_eq!(event.kind, EventType::Message);
    assert_eq!(event.argument_text(), Some("status checkout"));
    assert_eq!(event.user_name(), Some("users/12345678901234567890"));
    let user = event.user.as_ref().expect("user");
    assert_eq!(user.kind, Some(UserType::Human));
    let message = event.message.as_ref().expect("message");
    assert_eq!(message.annotations[0].kind, AnnotationType::UserMention);
    assert_eq!(
        message.thread.as_ref().and_then(|t| t.name.as_deref()),
        Some("spaces/AAAAAAAAAAA/threads/BBBBBBBBBBB")
    );
    assert_eq!(
        event.space.as_ref().expect("space").display_name,
        "Ops Room"
    );
    assert_eq!(event.command_id(), None);
    assert!(!event.is_dialog_event);
}

#[test]
fn added_and_removed() {
    let added = fixture("added_to_space.json");
    assert_eq!(added.kind, EventType::AddedToSpace);
    assert!(added.config_complete_redirect_url.is_some());
    let removed = fixture("removed_from_space.json");
    assert_eq!(removed.kind, EventType::RemovedFromSpace);
    assert!(removed.space.expect("space").single_user_bot_dm);
}

#[test]
fn card_clicked_function_and_parameters() {
    let event = fixture("card_clicked.json");
    assert_eq!(event.kind, EventType::CardClicked);
    assert_eq!(event.invoked_function(), Some("acknowledge"));
    assert_eq!(event.parameter("service"), Some("checkout"));
    assert_eq!(event.dialog_event_type, None);
}

#[test]
fn slash_command_and_app_command() {
    let slash = fixture("slash_command_opens_dialog.json");
    assert_eq!(slash.kind, EventType::Message);
    assert_eq!(slash.command_id(), Some(2));
    assert!(slash.is_dialog_event);
    assert_eq!(
        slash.dialog_event_type,
        Some(DialogEventType::RequestDialog)
    );
    let annotation = &slash.message.as_ref().expect("message").annotations[0];
    assert_eq!(annotation.kind, AnnotationType::SlashCommand);
    let meta = annotation.slash_command.as_ref().expect("slash command");
    assert_eq!(meta.command_name, "/addContact");
    assert!(meta.triggers_dialog);

    let app = fixture("app_command.json");
    assert_eq!(app.kind, EventType::AppCommand);
    assert_eq!(app.command_id(), Some(1));
    assert_eq!(
        app.app_command_metadata.expect("metadata").app_command_type,
        AppCommandType::SlashCommand
    );
}

#[test]
fn submitted_dialog_inputs_are_typed() {
    let event = fixture("submit_dialog.json");
    assert_eq!(event.dialog_event_type, Some(DialogEventType::SubmitDialog));
    assert_eq!(event.invoked_function(), Some("openConfirmation"));
    assert_eq!(event.string_input("contactName"), Some("Kai O"));
    assert_eq!(
        event.date_input("contactBirthdate"),
        Some(1_000_425_600_000)
    );
    assert_eq!(event.string_input("contactType"), Some("Personal"));
    assert_eq!(event.time_input("reminderTime"), Some((9, 30)));
    let meet = event.date_time_input("meetAt").expect("date and time");
    assert_eq!(meet.ms_since_epoch, 1_767_261_600_000);
    assert!(meet.has_date && meet.has_time);
    assert_eq!(event.string_inputs("topics"), ["Cats", "Rust"]);
    assert!(event.string_inputs("absent").is_empty());
    let zone = event.common.time_zone.as_ref().expect("time zone");
    assert_eq!(
        (zone.id.as_str(), zone.offset),
        ("America/New_York", -18_000_000)
    );
}

#[test]
fn cancelled_dialog_and_widget_update() {
    let cancel = fixture("cancel_dialog.json");
    assert_eq!(
        cancel.dialog_event_type,
        Some(DialogEventType::CancelDialog)
    );
    let widget = fixture("widget_updated.json");
    assert_eq!(widget.kind, EventType::WidgetUpdated);
    assert_eq!(widget.parameter("autocomplete_widget_query"), Some("ka"));
}

#[test]
fn future_kinds_and_fields_do_not_break_parsing() {
    let event = fixture("future_event.json");
    assert_eq!(event.kind, EventType::Other("SOME_FUTURE_EVENT".into()));
    assert_eq!(
        event.dialog_event_type,
        Some(DialogEventType::Other("SOME_FUTURE_DIALOG_STEP".into()))
    );
    assert_eq!(
        event.user.expect("user").kind,
        Some(UserType::Other("SOME_FUTURE_USER_TYPE".into()))
    );
    assert!(event.common.form_inputs.contains_key("x"));
}

#[test]
fn a_card_form_becomes_a_valid_dialog() {
    let form = card! {
        section "Add new contact" {
            text_input "contactName" { label: "First and last name", type: SINGLE_LINE }
            date_time "contactBirthdate" { label: "Birthdate", type: DATE_ONLY }
            selection "contactType" {
                label: "Contact type", type: RADIO_BUTTON
                item "Work" { value: "Work" }
                item "Personal" { value: "Personal" }
            }
            buttons { button "Review and submit" { action: "openConfirmation" } }
        }
    }
    .expect("card");
    let reply = Reply::dialog(&form).expect("dialog");
    assert!(
        chat_card::check::check_message_text(reply.as_str())
            .expect("JSON")
            .is_empty()
    );
    let value: serde_json::Value = serde_json::from_str(reply.as_str()).expect("JSON");
    assert_eq!(value["actionResponse"]["type"], "DIALOG");
    let widgets =
        &value["actionResponse"]["dialogAction"]["dialog"]["body"]["sections"][0]["widgets"];
    assert_eq!(widgets[1]["dateTimePicker"]["name"], "contactBirthdate");
}

#[test]
fn message_replies_and_statuses() {
    let event = fixture("submit_dialog.json");
    let name = event.string_input("contactName").unwrap_or_default();
    let msg = message! { text: "✅ {name} has been added to your contacts." }.expect("message");
    let reply = Reply::new_message(&msg)
        .expect("reply")
        .private_to(event.user_name().expect("user"))
        .expect("private");
    assert_eq!(
        reply.as_str(),
        r#"{"privateMessageViewer":{"name":"users/12345678901234567890"},"actionResponse":{"type":"NEW_MESSAGE"},"text":"✅ Kai O has been added to your contacts."}"#
    );
    assert!(
        chat_card::check::check_message_text(reply.as_str())
            .expect("JSON")
            .is_empty()
    );

    let update = Reply::update_message(&msg).expect("update");
    assert!(
        update
            .as_str()
            .starts_with(r#"{"actionResponse":{"type":"UPDATE_MESSAGE"},"text":"#)
    );
    let cards =
        Reply::update_user_message_cards(&card! { section { text "preview" } }.expect("card"))
            .expect("cards");
    assert!(
        cards
            .as_str()
            .contains(r#""type":"UPDATE_USER_MESSAGE_CARDS""#)
    );

    let invalid = Reply::dialog_status(
        ActionStatus::new(StatusCode::InvalidArgument)
            .message("Don't forget to name your new contact!"),
    )
    .expect("status");
    let value: serde_json::Value = serde_json::from_str(invalid.as_str()).expect("JSON");
    assert_eq!(
        value["actionResponse"]["dialogAction"]["actionStatus"]["statusCode"],
        "INVALID_ARGUMENT"
    );
    let suggestions = Reply::update_widget("contacts", &[Suggestion::new("Kai O", "users/1")])
        .expect("suggestions");
    assert!(
        chat_card::check::check_message_text(suggestions.as_str())
            .expect("JSON")
            .is_empty()
    );
}
