//! Card-level objects: `Card`, `CardHeader`, `Section`, `CollapseControl`,
//! `CardFixedFooter`, `CardAction`.

use super::*;

/// A card (`cardsV2[].card`, or a bare card).
pub static CARD: ObjectDef = ObjectDef {
    required: &[req(
        &["header", "sections"],
        "an empty card is drawn blank; give it a header, a section or both",
    )],
    ..obj(
        "card",
        Some("GoogleAppsCardV1Card"),
        &[
            f("header", Ty::Object(&CARD_HEADER)),
            kw(
                "sections",
                Ty::List(&any_list(Ty::Object(&SECTION))),
                "section",
            ),
            f("sectionDividerStyle", Ty::Enum(&DIVIDER_STYLE)),
            scoped(
                "fixedFooter",
                Ty::Object(&CARD_FIXED_FOOTER),
                Scope::DialogOnly(
                    "a fixed footer only shows in Chat dialogs, not in card messages; put the buttons in a `buttonList` widget of the last section",
                ),
            ),
            FieldDef {
                keyword: Some("card_action"),
                ..scoped(
                    "cardActions",
                    Ty::List(&any_list(Ty::Object(&CARD_ACTION))),
                    Scope::AddOnOnly(
                        "card actions (toolbar menu entries) only exist in Workspace add-ons; use a `buttonList` widget or an overflow menu in a section",
                    ),
                )
            },
            scoped(
                "name",
                IDENT,
                Scope::Ignored(
                    "`name` is for add-on card navigation; to identify a card in a message, set `cardId` next to `card`",
                ),
            ),
            scoped(
                "displayStyle",
                Ty::Enum(&DISPLAY_STYLE),
                Scope::AddOnOnly("`displayStyle` only applies to add-on cards; remove it"),
            ),
            scoped(
                "peekCardHeader",
                Ty::Object(&CARD_HEADER),
                Scope::AddOnOnly(
                    "`peekCardHeader` is for add-on contextual cards; use `header` instead",
                ),
            ),
            scoped(
                "expressionData",
                Ty::List(&any_list(Ty::Object(&EXPRESSION_DATA))),
                Scope::StudioOnly,
            ),
        ],
    )
};

/// The header of a card (`header`, `peekCardHeader`).
pub static CARD_HEADER: ObjectDef = ObjectDef {
    required: &[req(&["title"], "a card header must have a title")],
    positional: Some("title"),
    shorthands: &[
        short("image", &["imageUrl"]),
        short("image_alt", &["imageAltText"]),
    ],
    ..obj(
        "card header",
        Some("GoogleAppsCardV1CardHeader"),
        &[
            f("title", PLAIN),
            f("subtitle", PLAIN),
            f("imageUrl", URL),
            f("imageType", Ty::Enum(&IMAGE_TYPE)),
            f("imageAltText", PLAIN),
        ],
    )
};

/// A section of a card (`sections[]`).
pub static SECTION: ObjectDef = ObjectDef {
    required: &[req(&["widgets"], "a section needs at least one widget")],
    positional: Some("header"),
    shorthands: &[short("uncollapsible", &["uncollapsibleWidgetsCount"])],
    ..obj(
        "section",
        Some("GoogleAppsCardV1Section"),
        &[
            f("header", HTML),
            f(
                "widgets",
                Ty::List(&list(
                    Ty::Object(&WIDGET),
                    1,
                    None,
                    "a section needs at least one widget",
                )),
            ),
            f("collapsible", BOOL),
            f("uncollapsibleWidgetsCount", NON_NEGATIVE),
            f("collapseControl", Ty::Object(&COLLAPSE_CONTROL)),
            scoped("id", IDENT, Scope::StudioOnly),
        ],
    )
};

/// Custom expand and collapse buttons of a collapsible section (`collapseControl`).
pub static COLLAPSE_CONTROL: ObjectDef = obj(
    "collapse control",
    Some("GoogleAppsCardV1CollapseControl"),
    &[
        f("horizontalAlignment", Ty::Enum(&HORIZONTAL_ALIGNMENT)),
        f("expandButton", Ty::Object(&BUTTON)),
        f("collapseButton", Ty::Object(&BUTTON)),
    ],
);

/// A footer that stays at the bottom of a dialog (`fixedFooter`; dialogs only).
pub static CARD_FIXED_FOOTER: ObjectDef = ObjectDef {
    required: &[req(
        &["primaryButton"],
        "a fixed footer needs a primary button (a secondary button alone is an error)",
    )],
    ..obj(
        "card fixed footer",
        Some("GoogleAppsCardV1CardFixedFooter"),
        &[
            f("primaryButton", Ty::Object(&BUTTON)),
            f("secondaryButton", Ty::Object(&BUTTON)),
        ],
    )
};

/// A toolbar menu entry of an add-on card (`cardActions[]`; add-ons only).
pub static CARD_ACTION: ObjectDef = obj(
    "card action",
    Some("GoogleAppsCardV1CardAction"),
    &[f("actionLabel", PLAIN), f("onClick", Ty::Object(&ON_CLICK))],
);
