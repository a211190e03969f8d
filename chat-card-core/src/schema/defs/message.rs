//! The message envelope: `Message`, `CardWithId`, `Thread`, `AccessoryWidget`, `User`,
//! `QuotedMessageMetadata` and the interaction response (`ActionResponse`).

use super::*;

/// A Chat message: the body of a webhook POST or of `spaces.messages.create`.
pub static MESSAGE: ObjectDef = ObjectDef {
    required: &[req(
        &["text", "cardsV2", "cards", "actionResponse", "attachment"],
        "Chat rejects an empty message",
    )],
    positional: Some("text"),
    shorthands: &[short("thread_key", &["thread", "threadKey"])],
    ..obj(
        "message",
        Some("Message"),
        &[
            f("text", Ty::Text(TextKind::ChatMarkup)),
            kw(
                "cardsV2",
                Ty::List(&any_list(Ty::Object(&CARD_WITH_ID))),
                "card",
            ),
            f("fallbackText", PLAIN),
            scoped(
                "previewText",
                PLAIN,
                Scope::Legacy("Chat ignores it; use `fallbackText` for the text of notifications"),
            ),
            f("thread", Ty::Object(&THREAD)),
            kw(
                "accessoryWidgets",
                Ty::List(&any_list(Ty::Object(&ACCESSORY_WIDGET))),
                "accessory",
            ),
            f("privateMessageViewer", Ty::Object(&USER)),
            f(
                "quotedMessageMetadata",
                Ty::Object(&QUOTED_MESSAGE_METADATA),
            ),
            f("actionResponse", Ty::Object(&ACTION_RESPONSE)),
            f("markupSyntax", Ty::Enum(&MARKUP_SYNTAX)),
            f("attachment", Ty::List(&any_list(Ty::Object(&ATTACHMENT)))),
            f("createTime", PLAIN),
            scoped(
                "cards",
                Ty::List(&any_list(Ty::Object(&LEGACY_CARD))),
                Scope::Deprecated("use `cardsV2` (each entry is `{\"cardId\": …, \"card\": {…}}`)"),
            ),
            scoped("name", RESOURCE, Scope::OutputOnly),
            scoped("clientAssignedMessageId", IDENT, Scope::OutputOnly),
            scoped("sender", Ty::Object(&USER), Scope::OutputOnly),
            scoped("lastUpdateTime", PLAIN, Scope::OutputOnly),
            scoped("deleteTime", PLAIN, Scope::OutputOnly),
            scoped("formattedText", PLAIN, Scope::OutputOnly),
            scoped(
                "annotations",
                Ty::List(&any_list(Ty::Object(&SERVER_OBJECT))),
                Scope::OutputOnly,
            ),
            scoped("space", Ty::Object(&SERVER_OBJECT), Scope::OutputOnly),
            scoped("argumentText", PLAIN, Scope::OutputOnly),
            scoped(
                "slashCommand",
                Ty::Object(&SERVER_OBJECT),
                Scope::OutputOnly,
            ),
            scoped("matchedUrl", Ty::Object(&SERVER_OBJECT), Scope::OutputOnly),
            scoped("threadReply", BOOL, Scope::OutputOnly),
            scoped(
                "emojiReactionSummaries",
                Ty::List(&any_list(Ty::Object(&SERVER_OBJECT))),
                Scope::OutputOnly,
            ),
            scoped(
                "deletionMetadata",
                Ty::Object(&SERVER_OBJECT),
                Scope::OutputOnly,
            ),
            scoped(
                "attachedGifs",
                Ty::List(&any_list(Ty::Object(&SERVER_OBJECT))),
                Scope::OutputOnly,
            ),
            scoped("silent", BOOL, Scope::OutputOnly),
        ],
    )
};

/// One card of a message with its id (`cardsV2[]`). In `card!` the card body is
/// flattened into the card block.
pub static CARD_WITH_ID: ObjectDef = ObjectDef {
    required: &[req(
        &["card"],
        "a `cardsV2` entry without a `card` shows nothing",
    )],
    positional: Some("cardId"),
    shorthands: &[short("id", &["cardId"])],
    ..obj(
        "card with id",
        Some("CardWithId"),
        &[f("cardId", IDENT), f("card", Ty::Object(&CARD))],
    )
};

/// The thread a message goes to (`thread`).
pub static THREAD: ObjectDef = ObjectDef {
    ..obj(
        "thread",
        Some("Thread"),
        &[
            f("name", RESOURCE),
            f("threadKey", Ty::Text(TextKind::ThreadKey)),
        ],
    )
};

/// A widget under the message text and cards (`accessoryWidgets[]`): buttons only.
pub static ACCESSORY_WIDGET: ObjectDef = ObjectDef {
    one_of: &[one_of("accessory widget kind", &["buttonList"], true)],
    misplaced: &[
        misplaced(
            "textParagraph",
            "an accessory widget can only be a button list; put text in the message `text` or a card",
        ),
        misplaced(
            "image",
            "an accessory widget can only be a button list; put images in a card",
        ),
        misplaced(
            "decoratedText",
            "an accessory widget can only be a button list; put decorated text in a card section",
        ),
        misplaced(
            "textInput",
            "an accessory widget can only be a button list; put form inputs in a card section",
        ),
        misplaced(
            "selectionInput",
            "an accessory widget can only be a button list; put form inputs in a card section",
        ),
        misplaced(
            "dateTimePicker",
            "an accessory widget can only be a button list; put form inputs in a card section",
        ),
        misplaced(
            "divider",
            "an accessory widget can only be a button list; put dividers in a card section",
        ),
        misplaced(
            "grid",
            "an accessory widget can only be a button list; put grids in a card section",
        ),
        misplaced(
            "columns",
            "an accessory widget can only be a button list; put columns in a card section",
        ),
        misplaced(
            "carousel",
            "an accessory widget can only be a button list; put carousels in a card section",
        ),
        misplaced(
            "chipList",
            "an accessory widget can only be a button list; use `buttonList` or put chips in a card section",
        ),
        misplaced(
            "horizontalAlignment",
            "accessory widgets have no alignment; remove it",
        ),
    ],
    ..obj(
        "accessory widget",
        Some("AccessoryWidget"),
        &[kw("buttonList", Ty::Object(&BUTTON_LIST), "buttons")],
    )
};

/// A user (`privateMessageViewer`, `sender`): `{"name": "users/{user}"}`.
pub static USER: ObjectDef = ObjectDef {
    required: &[req(&["name"], "a user is named by `users/{user}`")],
    ..obj(
        "user",
        Some("User"),
        &[
            f("name", RESOURCE),
            f("domainId", IDENT),
            f("type", Ty::Enum(&USER_TYPE)),
            scoped("displayName", PLAIN, Scope::OutputOnly),
            scoped("isAnonymous", BOOL, Scope::OutputOnly),
            scoped("avatarUrl", PLAIN, Scope::OutputOnly),
            scoped("email", PLAIN, Scope::OutputOnly),
        ],
    )
};

/// The message a message quotes (`quotedMessageMetadata`).
pub static QUOTED_MESSAGE_METADATA: ObjectDef = ObjectDef {
    required: &[
        req(
            &["name"],
            "the quoted message is named by `spaces/{space}/messages/{message}`",
        ),
        req(
            &["lastUpdateTime"],
            "Chat needs the quoted message's `lastUpdateTime` (RFC 3339) to quote it",
        ),
    ],
    ..obj(
        "quoted message metadata",
        Some("QuotedMessageMetadata"),
        &[
            f("name", RESOURCE),
            f("lastUpdateTime", PLAIN),
            f("quoteType", Ty::Enum(&QUOTE_TYPE)),
            scoped(
                "forwardedMetadata",
                Ty::Object(&SERVER_OBJECT),
                Scope::OutputOnly,
            ),
            scoped(
                "quotedMessageSnapshot",
                Ty::Object(&SERVER_OBJECT),
                Scope::OutputOnly,
            ),
        ],
    )
};

/// How a Chat app answers an interaction event (`actionResponse`).
pub static ACTION_RESPONSE: ObjectDef = obj(
    "action response",
    Some("ActionResponse"),
    &[
        f("type", Ty::Enum(&ACTION_RESPONSE_TYPE)),
        f("url", URL),
        f("dialogAction", Ty::Object(&DIALOG_ACTION)),
        f("updatedWidget", Ty::Object(&UPDATED_WIDGET)),
    ],
);

/// Opens or closes a dialog in an interaction response (`actionResponse.dialogAction`).
pub static DIALOG_ACTION: ObjectDef = obj(
    "dialog action",
    Some("DialogAction"),
    &[
        f("actionStatus", Ty::Object(&ACTION_STATUS)),
        f("dialog", Ty::Object(&DIALOG)),
    ],
);

/// A dialog: its body is a card (where `fixedFooter` is allowed).
pub static DIALOG: ObjectDef = obj("dialog", Some("Dialog"), &[f("body", Ty::Object(&CARD))]);

/// The status shown when a dialog closes (`dialogAction.actionStatus`).
pub static ACTION_STATUS: ObjectDef = obj(
    "action status",
    Some("ActionStatus"),
    &[
        f("statusCode", Ty::Enum(&STATUS_CODE)),
        f("userFacingMessage", PLAIN),
    ],
);

/// Autocomplete items for a widget (`actionResponse.updatedWidget`).
pub static UPDATED_WIDGET: ObjectDef = obj(
    "updated widget",
    Some("UpdatedWidget"),
    &[
        f("widget", IDENT),
        f("suggestions", Ty::Object(&SELECTION_ITEMS)),
    ],
);

/// The suggested items of an updated widget.
pub static SELECTION_ITEMS: ObjectDef = obj(
    "selection items",
    Some("SelectionItems"),
    &[kw(
        "items",
        Ty::List(&any_list(Ty::Object(&SELECTION_ITEM))),
        "item",
    )],
);

/// An attachment uploaded with the media API (`attachment[]`).
pub static ATTACHMENT: ObjectDef = obj(
    "attachment",
    Some("Attachment"),
    &[
        f("name", RESOURCE),
        f("attachmentDataRef", Ty::Object(&ATTACHMENT_DATA_REF)),
        scoped("contentName", PLAIN, Scope::OutputOnly),
        scoped("contentType", PLAIN, Scope::OutputOnly),
        scoped(
            "driveDataRef",
            Ty::Object(&DRIVE_DATA_REF),
            Scope::OutputOnly,
        ),
        scoped("thumbnailUri", URL, Scope::OutputOnly),
        scoped("downloadUri", URL, Scope::OutputOnly),
        scoped("source", PLAIN, Scope::OutputOnly),
    ],
);

/// The uploaded data of an attachment.
pub static ATTACHMENT_DATA_REF: ObjectDef = obj(
    "attachment data reference",
    Some("AttachmentDataRef"),
    &[
        f("resourceName", RESOURCE),
        f("attachmentUploadToken", PLAIN),
    ],
);

/// A Google Drive file attached to a message.
pub static DRIVE_DATA_REF: ObjectDef = obj(
    "Drive data reference",
    Some("DriveDataRef"),
    &[f("driveFileId", IDENT)],
);

/// An object the server fills in (output-only fields); its contents are not checked.
pub static SERVER_OBJECT: ObjectDef = obj("server-set object", None, &[]);
