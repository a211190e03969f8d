//! The typed model reads valid Chat messages and writes back the same JSON.

#![recursion_limit = "512"]

use chat_card::model::*;
use chat_card_core::schema::{ALL_OBJECTS, MESSAGE, Scope, Ty};
use serde_json::{Value, json};

/// Deserializes `input` into `T`, serializes it back and asserts the JSON is equal.
fn assert_round_trip<T>(input: &Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let model: T = match serde_json::from_value(input.clone()) {
        Ok(model) => model,
        Err(e) => panic!("does not deserialize: {e}\n{input:#}"),
    };
    let back = match serde_json::to_value(&model) {
        Ok(back) => back,
        Err(e) => panic!("does not serialize: {e}"),
    };
    assert_eq!(&back, input, "round trip changed the JSON");
    model
}

/// The card of Google's "send a message" page (developers.google.com/workspace/chat/create-messages).
fn seed_message() -> Value {
    json!({
        "cardsV2": [{
            "cardId": "createCardMessage",
            "card": {
                "header": {
                    "title": "A card message!",
                    "subtitle": "Created with the Chat API",
                    "imageUrl": "https://developers.google.com/chat/images/chat-product-icon.png",
                    "imageType": "CIRCLE"
                },
                "sections": [{
                    "widgets": [{
                        "buttonList": {
                            "buttons": [{
                                "text": "Read the docs!",
                                "onClick": { "openLink": { "url": "https://developers.google.com/chat" } }
                            }]
                        }
                    }]
                }]
            }
        }]
    })
}

#[test]
fn seed_card_round_trips_and_reads_as_expected() {
    let message: Message = assert_round_trip(&seed_message());
    let card = &message.cards_v2[0];
    assert_eq!(card.card_id.as_deref(), Some("createCardMessage"));
    let header = card
        .card
        .header
        .as_ref()
        .expect("the seed card has a header");
    assert_eq!(header.title, "A card message!");
    assert_eq!(header.image_type, Some(ImageType::Circle));
    let WidgetKind::ButtonList(list) = &card.card.sections[0].widgets[0].kind else {
        panic!("the seed widget is a button list");
    };
    assert_eq!(list.buttons[0].text.as_deref(), Some("Read the docs!"));
    assert_eq!(
        list.buttons[0].on_click,
        Some(OnClick::open_link("https://developers.google.com/chat"))
    );
}

#[test]
fn seed_card_built_in_rust_serializes_to_the_seed_json() {
    let message = Message {
        cards_v2: vec![CardWithId {
            card_id: Some("createCardMessage".into()),
            card: Card {
                header: Some(CardHeader {
                    title: "A card message!".into(),
                    subtitle: Some("Created with the Chat API".into()),
                    image_url: Some(
                        "https://developers.google.com/chat/images/chat-product-icon.png".into(),
                    ),
                    image_type: Some(ImageType::Circle),
                    image_alt_text: None,
                }),
                sections: vec![Section::new(vec![
                    ButtonList {
                        buttons: vec![Button::link(
                            "Read the docs!",
                            "https://developers.google.com/chat",
                        )],
                    }
                    .into(),
                ])],
                ..Default::default()
            },
        }],
        ..Default::default()
    };
    assert_eq!(serde_json::to_value(&message).ok(), Some(seed_message()));
}

fn icon_known(name: &str) -> Value {
    json!({ "knownIcon": name, "altText": name })
}

/// A message using every widget kind and nearly every field of the schema.
fn every_widget_message() -> Value {
    let action = json!({
        "function": "ack",
        "parameters": [{ "key": "host", "value": "db-1" }],
        "loadIndicator": "NONE",
        "persistValues": true,
        "interaction": "OPEN_DIALOG",
        "requiredWidgets": ["reason"],
        "allWidgetsAreRequired": false
    });
    let link = json!({ "openLink": { "url": "https://example.com/a?b=c", "openAs": "OVERLAY", "onClose": "RELOAD" } });
    let button = json!({
        "text": "Acknowledge",
        "icon": { "materialIcon": { "name": "check_circle", "fill": true, "weight": 500, "grade": -25 } },
        "color": { "red": 0.85, "green": 0.1875, "blue": 0, "alpha": 1 },
        "onClick": { "action": action },
        "disabled": false,
        "altText": "ack",
        "type": "FILLED_TONAL"
    });
    let paragraph = json!({ "text": "<b>bold</b> and <font color=\"#ff0000\">red</font>", "maxLines": 3, "textSyntax": "HTML" });
    let image =
        json!({ "imageUrl": "https://example.com/i.png", "onClick": link, "altText": "an image" });
    let button_list = json!({ "buttons": [button, {
        "icon": { "iconUrl": "https://example.com/icon.png", "imageType": "CIRCLE", "altText": "x" },
        "onClick": { "overflowMenu": { "items": [{
            "startIcon": icon_known("STAR"),
            "text": "Star",
            "onClick": link,
            "disabled": true
        }, {
            "text": "Snooze",
            "onClick": { "action": { "function": "snooze" } }
        }] } }
    }] });
    let decorated = json!({
        "icon": icon_known("BUS"),
        "startIcon": icon_known("PERSON"),
        "startIconVerticalAlignment": "TOP",
        "topLabel": "Top",
        "topLabelText": { "text": "<i>Top</i>" },
        "text": "Main",
        "contentText": { "text": "Main **md**", "textSyntax": "MARKDOWN" },
        "wrapText": true,
        "bottomLabel": "Bottom",
        "bottomLabelText": { "text": "Bottom" },
        "onClick": link,
        "switchControl": {
            "name": "notify", "value": "on", "selected": true,
            "onChangeAction": { "function": "toggle" }, "controlType": "CHECK_BOX"
        }
    });
    let text_input = json!({
        "name": "reason", "label": "Reason", "hintText": "Why?", "value": "disk",
        "type": "MULTIPLE_LINE",
        "onChangeAction": { "function": "changed" },
        "initialSuggestions": { "items": [{ "text": "disk full" }, { "text": "oom" }] },
        "autoCompleteAction": { "function": "complete" },
        "validation": { "characterLimit": 100, "inputType": "TEXT" },
        "placeholderText": "Type a reason",
        "hostAppDataSource": { "workflowDataSource": { "includeVariables": true, "type": "USER" } }
    });
    let selection = json!({
        "name": "size", "label": "Size", "type": "MULTI_SELECT",
        "items": [
            { "text": "Small", "value": "s", "selected": true, "startIconUri": "https://example.com/s.png", "bottomText": "S" },
            { "text": "Large", "value": "l" }
        ],
        "onChangeAction": { "function": "pick" },
        "multiSelectMaxSelectedItems": 2,
        "multiSelectMinQueryLength": 1,
        "platformDataSource": { "commonDataSource": "USER" },
        "dataSourceConfigs": [{ "remoteDataSource": { "function": "src" }, "minCharactersTrigger": 2,
            "platformDataSource": { "hostAppDataSource": { "chatDataSource": { "spaceDataSource": { "defaultToCurrentSpace": true } } } } }],
        "hintText": "hint"
    });
    let picker = json!({
        "name": "when", "label": "When", "type": "DATE_AND_TIME",
        "valueMsEpoch": "1700000000000", "timezoneOffsetDate": -300,
        "onChangeAction": { "function": "date" }
    });
    let chips = json!({ "layout": "HORIZONTAL_SCROLLABLE", "chips": [
        { "icon": icon_known("EMAIL"), "label": "Mail", "onClick": link, "enabled": true, "disabled": false, "altText": "mail" }
    ] });
    let border = json!({ "type": "STROKE", "strokeColor": { "red": 0.5, "green": 0.5, "blue": 0.5 }, "cornerRadius": 8 });
    json!({
        "text": "*Deploy* finished <https://example.com|details> <users/all>",
        "fallbackText": "Deploy finished",
        "thread": { "threadKey": "deploy-42" },
        "accessoryWidgets": [{ "buttonList": { "buttons": [{ "text": "Open", "onClick": link }] } }],
        "privateMessageViewer": { "name": "users/123" },
        "markupSyntax": "MARKUP_SYNTAX_CHAT",
        "cardsV2": [{
            "cardId": "every-widget",
            "card": {
                "header": {
                    "title": "Every widget", "subtitle": "sub",
                    "imageUrl": "https://example.com/h.png", "imageType": "SQUARE", "imageAltText": "logo"
                },
                "sectionDividerStyle": "NO_DIVIDER",
                "sections": [
                    {
                        "header": "<b>Simple</b>",
                        "collapsible": true,
                        "uncollapsibleWidgetsCount": 2,
                        "collapseControl": {
                            "horizontalAlignment": "CENTER",
                            "expandButton": { "text": "More", "onClick": link, "type": "BORDERLESS" },
                            "collapseButton": { "text": "Less", "onClick": link, "type": "BORDERLESS" }
                        },
                        "widgets": [
                            { "textParagraph": paragraph, "horizontalAlignment": "CENTER" },
                            { "image": image },
                            { "decoratedText": decorated },
                            { "decoratedText": { "text": "with button", "button": button } },
                            { "decoratedText": { "text": "with end icon", "endIcon": icon_known("CLOCK") } },
                            { "buttonList": button_list },
                            { "divider": {} },
                            { "chipList": chips }
                        ]
                    },
                    {
                        "header": "Inputs",
                        "widgets": [
                            { "textInput": text_input },
                            { "selectionInput": selection },
                            { "dateTimePicker": picker }
                        ]
                    },
                    {
                        "header": "Layout",
                        "widgets": [
                            { "grid": {
                                "title": "Grid", "columnCount": 2, "borderStyle": border,
                                "onClick": { "action": { "function": "grid" } },
                                "items": [
                                    { "id": "a", "title": "A", "subtitle": "a", "layout": "TEXT_ABOVE",
                                      "image": { "imageUri": "https://example.com/a.png", "altText": "A",
                                                 "cropStyle": { "type": "RECTANGLE_CUSTOM", "aspectRatio": 1.5 },
                                                 "borderStyle": { "type": "NO_BORDER" } } },
                                    { "id": "b", "title": "B" }
                                ]
                            } },
                            { "columns": { "columnItems": [
                                { "horizontalSizeStyle": "FILL_MINIMUM_SPACE", "horizontalAlignment": "START",
                                  "verticalAlignment": "TOP",
                                  "widgets": [
                                    { "textParagraph": { "text": "left" } },
                                    { "image": image },
                                    { "decoratedText": { "text": "d" } },
                                    { "buttonList": { "buttons": [{ "text": "b", "onClick": link }] } }
                                  ] },
                                { "horizontalSizeStyle": "FILL_AVAILABLE_SPACE",
                                  "widgets": [
                                    { "textInput": { "name": "t", "label": "T" } },
                                    { "selectionInput": { "name": "s", "type": "MULTI_SELECT", "externalDataSource": { "function": "ext" } } },
                                    { "dateTimePicker": { "name": "d", "type": "DATE_ONLY" } },
                                    { "chipList": { "chips": [{ "label": "c" }] } }
                                  ] }
                            ] } },
                            { "carousel": { "carouselCards": [{
                                "widgets": [
                                    { "image": image },
                                    { "textParagraph": { "text": "card 1" } }
                                ],
                                "footerWidgets": [{ "buttonList": { "buttons": [{ "text": "Go", "onClick": link }] } }]
                            }] } }
                        ]
                    }
                ]
            }
        }, {
            "cardId": "addon-only",
            "card": {
                "name": "addon",
                "displayStyle": "PEEK",
                "peekCardHeader": { "title": "Peek" },
                "fixedFooter": {
                    "primaryButton": { "text": "OK", "color": { "red": 0, "green": 0.5, "blue": 1 }, "onClick": { "action": { "function": "ok" } } },
                    "secondaryButton": { "text": "Cancel", "onClick": { "openDynamicLinkAction": { "function": "cancel" } } }
                },
                "cardActions": [{ "actionLabel": "Help", "onClick": { "card": { "header": { "title": "Help" } } } }],
                "expressionData": [{
                    "id": "e1", "expression": "true",
                    "conditions": [{ "actionRuleId": "r1",
                        "expressionDataCondition": { "conditionType": "EXPRESSION_EVALUATION_SUCCESS" } }],
                    "eventActions": [{ "actionRuleId": "r2" }]
                }],
                "sections": [{
                    "id": "section-1",
                    "widgets": [{
                        "textParagraph": { "text": "studio" },
                        "id": "w1", "visibility": "HIDDEN",
                        "eventActions": [{
                            "actionRuleId": "r1",
                            "commonWidgetAction": { "updateVisibilityAction": { "visibility": "VISIBLE" } },
                            "postEventTriggers": [{ "actionRuleId": "r2" }]
                        }]
                    }]
                }]
            }
        }]
    })
}

#[test]
fn every_widget_kind_round_trips() {
    let message: Message = assert_round_trip(&every_widget_message());
    let mut kinds: Vec<&str> = message.cards_v2[0]
        .card
        .sections
        .iter()
        .flat_map(|s| s.widgets.iter().map(Widget::kind_name))
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "buttonList",
            "carousel",
            "chipList",
            "columns",
            "dateTimePicker",
            "decoratedText",
            "divider",
            "grid",
            "image",
            "selectionInput",
            "textInput",
            "textParagraph"
        ]
    );
}

/// A message as Chat returns it, with output-only fields.
fn response_message() -> Value {
    json!({
        "name": "spaces/AAA/messages/BBB.CCC",
        "sender": { "name": "users/114022495153014004089", "type": "BOT", "displayName": "Bot", "domainId": "d1" },
        "createTime": "2026-11-23T12:00:00.123456Z",
        "text": "hello",
        "thread": { "name": "spaces/AAA/threads/CCC", "threadKey": "k" },
        "space": { "name": "spaces/AAA", "type": "ROOM" },
        "argumentText": "hello",
        "formattedText": "hello",
        "clientAssignedMessageId": "client-abc",
        "quotedMessageMetadata": { "name": "spaces/AAA/messages/X", "lastUpdateTime": "2026-11-23T12:00:00Z", "quoteType": "REPLY" },
        "attachment": [
            { "name": "a", "contentName": "f.txt",
              "attachmentDataRef": { "resourceName": "spaces/AAA/attachments/a", "attachmentUploadToken": "tok" } },
            { "name": "b", "driveDataRef": { "driveFileId": "file-1" } }
        ],
        "actionResponse": {
            "type": "DIALOG",
            "url": "https://example.com/configure",
            "dialogAction": {
                "dialog": { "body": { "sections": [{ "widgets": [{ "textParagraph": { "text": "dialog" } }] }] } },
                "actionStatus": { "statusCode": "OK", "userFacingMessage": "Saved" }
            },
            "updatedWidget": { "widget": "size", "suggestions": { "items": [{ "text": "Small", "value": "s" }] } }
        },
        "cards": [{
            "name": "v1",
            "header": { "title": "v1", "subtitle": "old", "imageUrl": "https://example.com/v1.png", "imageStyle": "AVATAR" },
            "sections": [{
                "header": "<b>v1</b>",
                "widgets": [
                    { "textParagraph": { "text": "para" } },
                    { "image": { "imageUrl": "https://example.com/i.png", "aspectRatio": 1.5,
                                 "onClick": { "openLink": { "url": "https://example.com" } } } },
                    { "keyValue": { "topLabel": "top", "content": "c", "contentMultiline": true,
                                    "bottomLabel": "bottom", "icon": "STAR",
                                    "onClick": { "action": { "actionMethodName": "kv",
                                        "parameters": [{ "key": "k", "value": "v" }] } },
                                    "button": { "textButton": { "text": "go",
                                        "onClick": { "openLink": { "url": "https://example.com/go" } } } } } },
                    { "keyValue": { "content": "icon url", "iconUrl": "https://example.com/k.png" } },
                    { "buttons": [{ "imageButton": { "icon": "BUS", "name": "bus",
                                       "onClick": { "openLink": { "url": "https://example.com/bus" } } } },
                                  { "imageButton": { "iconUrl": "https://example.com/b.png" } }] }
                ]
            }],
            "cardActions": [{ "actionLabel": "Open", "onClick": { "openLink": { "url": "https://example.com/o" } } }]
        }]
    })
}

#[test]
fn response_message_with_output_only_fields_round_trips() {
    let message: Message = assert_round_trip(&response_message());
    assert_eq!(message.name.as_deref(), Some("spaces/AAA/messages/BBB.CCC"));
    assert!(message.extra.contains_key("sender"));
}

#[test]
fn a_bare_card_round_trips() {
    let card = &every_widget_message()["cardsV2"][0]["card"];
    let _: Card = assert_round_trip(card);
}

#[test]
fn unknown_enum_names_are_kept_verbatim() {
    let input = json!({ "header": { "title": "t", "imageType": "HEXAGON" } });
    let card: Card = assert_round_trip(&input);
    let header = card.header.expect("header");
    assert_eq!(header.image_type, Some(ImageType::Other("HEXAGON".into())));
}

#[test]
fn snake_case_keys_are_read_and_written_back_in_camel_case() {
    let input = json!({
        "sections": [{ "widgets": [
            { "decorated_text": { "text": "x", "start_icon": { "material_icon": { "name": "bolt" } } } },
            { "button_list": { "buttons": [{ "text": "b", "on_click": { "open_link": { "url": "https://x.example" } } }] } }
        ] }]
    });
    let card: Card = match serde_json::from_value(input) {
        Ok(card) => card,
        Err(e) => panic!("snake_case keys are valid ProtoJSON: {e}"),
    };
    let out = serde_json::to_value(&card).expect("serializes");
    assert_eq!(
        out,
        json!({
            "sections": [{ "widgets": [
                { "decoratedText": { "text": "x", "startIcon": { "materialIcon": { "name": "bolt" } } } },
                { "buttonList": { "buttons": [{ "text": "b", "onClick": { "openLink": { "url": "https://x.example" } } }] } }
            ] }]
        })
    );
}

#[test]
fn number_forms_are_canonicalised() {
    // valueMsEpoch as a number (ProtoJSON accepts it) comes back as a string; `1.0` as `1`.
    let input = json!({ "name": "d", "valueMsEpoch": 43200000 });
    let picker: DateTimePicker = serde_json::from_value(input).expect("reads a number");
    assert_eq!(picker.value_ms_epoch, Some(43_200_000));
    assert_eq!(
        serde_json::to_value(&picker).ok(),
        Some(json!({ "name": "d", "valueMsEpoch": "43200000" }))
    );
    let color: Color = serde_json::from_value(json!({ "red": 1.0, "green": 0.5 })).expect("reads");
    assert_eq!(
        serde_json::to_value(color).ok(),
        Some(json!({ "red": 1, "green": 0.5 }))
    );
    assert_eq!(
        Color::from_hex("#d93025").map(|c| c.to_hex()),
        Some("#d93025".into())
    );
    assert_eq!(Color::from_hex("#d9302"), None);
}

#[test]
fn wrong_shapes_are_errors_not_panics() {
    for bad in [
        json!({ "sections": [{ "widgets": [{}] }] }),
        json!({ "sections": [{ "widgets": [{ "textParagraph": { "text": 5 } }] }] }),
        json!({ "header": { "title": "t", "imageType": 3 } }),
        json!({ "sections": [{ "widgets": [{ "buttonList": { "buttons": [{ "onClick": {} }] } }] }] }),
        json!({ "sections": "no" }),
    ] {
        assert!(
            serde_json::from_value::<Card>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

/// JSON files of the repository that are valid messages or cards: the macro's golden
/// outputs (`tests/golden/`) and the CLI's good fixtures.
fn repository_examples() -> Vec<(String, Value)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut files = Vec::new();
    for dir in ["tests/golden", "chat-card/tests/fixtures", "tests/browser"] {
        let Ok(entries) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.display().to_string();
            if path.extension().is_some_and(|e| e == "json") && !name.contains("broken") {
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                if let Ok(value) = serde_json::from_str::<Value>(&text) {
                    files.push((name, value));
                }
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn every_example_message_of_the_repository_round_trips() {
    let examples = repository_examples();
    assert!(
        examples.len() >= 3,
        "expected the golden files, found {}",
        examples.len()
    );
    for (name, value) in examples {
        let is_card = value.get("sections").is_some() || value.get("header").is_some();
        let back = if is_card && value.get("cardsV2").is_none() {
            serde_json::from_value::<Card>(value.clone()).and_then(serde_json::to_value)
        } else {
            serde_json::from_value::<Message>(value.clone()).and_then(serde_json::to_value)
        };
        match back {
            Ok(back) => assert_eq!(back, value, "{name} changed in a round trip"),
            Err(e) => panic!("{name} does not deserialize: {e}"),
        }
    }
}

/// Records which field of which object of the tables each key of `value` is, following
/// the tables from `def`.
fn fields_seen(
    value: &Value,
    ty: Ty,
    seen: &mut std::collections::HashSet<(&'static str, &'static str)>,
) {
    match (ty, value) {
        (Ty::Object(def), Value::Object(members)) => {
            for (key, value) in members {
                if let Some(field) = def.field(key) {
                    seen.insert((def.name, field.json));
                    fields_seen(value, field.ty, seen);
                }
            }
        }
        (Ty::List(list), Value::Array(items)) => {
            for item in items {
                fields_seen(item, list.item, seen);
            }
        }
        _ => {}
    }
}

/// Chat-scoped fields of the tables the fixtures leave out, each with the reason.
const NOT_IN_THE_FIXTURES: &[(&str, &str, &str)] = &[];

#[test]
fn every_chat_field_of_the_tables_is_in_the_fixtures() {
    let mut seen = std::collections::HashSet::new();
    for fixture in [every_widget_message(), response_message()] {
        fields_seen(&fixture, Ty::Object(&MESSAGE), &mut seen);
    }
    let mut missing = Vec::new();
    for def in ALL_OBJECTS {
        for field in def.fields.iter().filter(|f| f.scope == Scope::Chat) {
            let excepted = NOT_IN_THE_FIXTURES
                .iter()
                .any(|(object, key, _)| *object == def.name && (*key == field.json || *key == "*"));
            if !seen.contains(&(def.name, field.json)) && !excepted {
                missing.push(format!("{}.{}", def.name, field.json));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "these Chat fields of the schema tables appear in no round-trip fixture: {missing:?}; \
         add each to every_widget_message() (or response_message()), or to \
         NOT_IN_THE_FIXTURES with the reason"
    );
    let stale: Vec<String> = NOT_IN_THE_FIXTURES
        .iter()
        .filter(|(object, key, _)| *key != "*" && seen.iter().any(|(o, k)| o == object && k == key))
        .map(|(object, key, _)| format!("{object}.{key}"))
        .collect();
    assert!(
        stale.is_empty(),
        "NOT_IN_THE_FIXTURES lists fields the fixtures now have: {stale:?}; remove them"
    );
}
