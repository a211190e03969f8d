//! The legacy (v1) cards of the deprecated `cards` field (`google.chat.v1.ContextualAddOnMarkup.Card`
//! in `contextual_addon.proto` and `widgets.proto`). Chat still draws them, and tools such
//! as Grafana's Google Chat notifier, Gatus and Google's older samples still send them, so
//! their contents are checked like cardsV2: a relative link blanks a v1 card too.

use super::*;
use crate::schema::EnumDef;

/// `cards[]`: a v1 card.
pub static LEGACY_CARD: ObjectDef = obj(
    "legacy card",
    Some("Card"),
    &[
        f("header", Ty::Object(&LEGACY_CARD_HEADER)),
        f("sections", Ty::List(&any_list(Ty::Object(&LEGACY_SECTION)))),
        f(
            "cardActions",
            Ty::List(&any_list(Ty::Object(&LEGACY_CARD_ACTION))),
        ),
        f("name", IDENT),
    ],
);

/// The header of a v1 card.
pub static LEGACY_CARD_HEADER: ObjectDef = obj(
    "legacy card header",
    Some("CardHeader"),
    &[
        f("title", PLAIN),
        f("subtitle", PLAIN),
        f("imageUrl", URL),
        f("imageStyle", Ty::Enum(&LEGACY_IMAGE_STYLE)),
    ],
);

/// A section of a v1 card.
pub static LEGACY_SECTION: ObjectDef = obj(
    "legacy section",
    Some("Section"),
    &[
        f("header", HTML),
        f("widgets", Ty::List(&any_list(Ty::Object(&LEGACY_WIDGET)))),
    ],
);

/// A widget of a v1 card (`WidgetMarkup`): text, an image or a key-value, and buttons.
pub static LEGACY_WIDGET: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "widget kind",
        &["textParagraph", "image", "keyValue"],
        false,
    )],
    ..obj(
        "legacy widget",
        Some("WidgetMarkup"),
        &[
            f("textParagraph", Ty::Object(&LEGACY_TEXT_PARAGRAPH)),
            f("image", Ty::Object(&LEGACY_IMAGE)),
            f("keyValue", Ty::Object(&LEGACY_KEY_VALUE)),
            f("buttons", Ty::List(&any_list(Ty::Object(&LEGACY_BUTTON)))),
        ],
    )
};

/// A v1 text paragraph.
pub static LEGACY_TEXT_PARAGRAPH: ObjectDef = obj(
    "legacy text paragraph",
    Some("TextParagraph"),
    &[f("text", HTML)],
);

/// A v1 image.
pub static LEGACY_IMAGE: ObjectDef = obj(
    "legacy image",
    Some("Image"),
    &[
        f("imageUrl", URL),
        f("onClick", Ty::Object(&LEGACY_ON_CLICK)),
        f("aspectRatio", Ty::Float(FloatRule::Positive)),
    ],
);

/// A v1 key-value: labels around content, an icon, and a button or click.
pub static LEGACY_KEY_VALUE: ObjectDef = ObjectDef {
    one_of: &[one_of("icon source", &["icon", "iconUrl"], false)],
    ..obj(
        "legacy key value",
        Some("KeyValue"),
        &[
            f("topLabel", HTML),
            f("content", HTML),
            f("contentMultiline", BOOL),
            f("bottomLabel", HTML),
            f("onClick", Ty::Object(&LEGACY_ON_CLICK)),
            f("icon", Ty::Enum(&LEGACY_ICON)),
            f("iconUrl", URL),
            f("button", Ty::Object(&LEGACY_BUTTON)),
        ],
    )
};

/// A v1 button: a text button or an image button.
pub static LEGACY_BUTTON: ObjectDef = ObjectDef {
    one_of: &[one_of("button kind", &["textButton", "imageButton"], false)],
    ..obj(
        "legacy button",
        Some("Button"),
        &[
            f("textButton", Ty::Object(&LEGACY_TEXT_BUTTON)),
            f("imageButton", Ty::Object(&LEGACY_IMAGE_BUTTON)),
        ],
    )
};

/// A v1 text button.
pub static LEGACY_TEXT_BUTTON: ObjectDef = obj(
    "legacy text button",
    Some("TextButton"),
    &[f("text", PLAIN), f("onClick", Ty::Object(&LEGACY_ON_CLICK))],
);

/// A v1 image button.
pub static LEGACY_IMAGE_BUTTON: ObjectDef = ObjectDef {
    one_of: &[one_of("icon source", &["icon", "iconUrl"], false)],
    ..obj(
        "legacy image button",
        Some("ImageButton"),
        &[
            f("icon", Ty::Enum(&LEGACY_ICON)),
            f("iconUrl", URL),
            f("onClick", Ty::Object(&LEGACY_ON_CLICK)),
            f("name", PLAIN),
        ],
    )
};

/// A v1 click: open a link or call the app.
pub static LEGACY_ON_CLICK: ObjectDef = ObjectDef {
    one_of: &[one_of("on-click kind", &["action", "openLink"], false)],
    ..obj(
        "legacy on-click",
        Some("OnClick"),
        &[
            f("action", Ty::Object(&LEGACY_FORM_ACTION)),
            f("openLink", Ty::Object(&LEGACY_OPEN_LINK)),
        ],
    )
};

/// A v1 link.
pub static LEGACY_OPEN_LINK: ObjectDef =
    obj("legacy open link", Some("OpenLink"), &[f("url", URL)]);

/// A v1 app action (`FormAction`).
pub static LEGACY_FORM_ACTION: ObjectDef = obj(
    "legacy form action",
    Some("FormAction"),
    &[
        f("actionMethodName", IDENT),
        f(
            "parameters",
            Ty::List(&any_list(Ty::Object(&LEGACY_ACTION_PARAMETER))),
        ),
    ],
);

/// A parameter of a v1 app action.
pub static LEGACY_ACTION_PARAMETER: ObjectDef = obj(
    "legacy action parameter",
    Some("ActionParameter"),
    &[f("key", IDENT), f("value", PLAIN)],
);

/// A v1 card action (a menu entry of the card).
pub static LEGACY_CARD_ACTION: ObjectDef = obj(
    "legacy card action",
    Some("CardAction"),
    &[
        f("actionLabel", PLAIN),
        f("onClick", Ty::Object(&LEGACY_ON_CLICK)),
    ],
);

/// `CardHeader.imageStyle` of v1 cards.
pub static LEGACY_IMAGE_STYLE: EnumDef = EnumDef {
    name: "legacy image style",
    values: &["IMAGE_STYLE_UNSPECIFIED", "IMAGE", "AVATAR"],
    deprecated: &[],
    numbered: true,
};

/// `KeyValue.icon` and `ImageButton.icon` of v1 cards (`widgets.proto` `Icon`).
pub static LEGACY_ICON: EnumDef = EnumDef {
    name: "legacy icon",
    values: &[
        "ICON_UNSPECIFIED",
        "AIRPLANE",
        "BOOKMARK",
        "BUS",
        "CAR",
        "CLOCK",
        "CONFIRMATION_NUMBER_ICON",
        "DOLLAR",
        "DESCRIPTION",
        "EMAIL",
        "EVENT_PERFORMER",
        "EVENT_SEAT",
        "FLIGHT_ARRIVAL",
        "FLIGHT_DEPARTURE",
        "HOTEL",
        "HOTEL_ROOM_TYPE",
        "INVITE",
        "MAP_PIN",
        "MEMBERSHIP",
        "MULTIPLE_PEOPLE",
        "OFFER",
        "PERSON",
        "PHONE",
        "RESTAURANT_ICON",
        "SHOPPING_CART",
        "STAR",
        "STORE",
        "TICKET",
        "TRAIN",
        "VIDEO_CAMERA",
        "VIDEO_PLAY",
    ],
    deprecated: &[],
    numbered: true,
};
