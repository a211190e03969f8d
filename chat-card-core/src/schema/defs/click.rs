//! What a click does: `OnClick`, `OpenLink`, `Action`, `OverflowMenu`.

use super::*;

const ADDON_DYNAMIC_LINK: &str =
    "`openDynamicLinkAction` is for Workspace add-ons; in Chat use `openLink` with the final URL";
const ADDON_CARD: &str = "pushing a card on click is for Workspace add-ons; in Chat use `action` and answer with a new message or dialog";

/// What happens on a click (`onClick`): exactly one kind.
pub static ON_CLICK: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "on-click kind",
        &[
            "action",
            "openLink",
            "openDynamicLinkAction",
            "card",
            "overflowMenu",
        ],
        true,
    )],
    ..obj(
        "on-click",
        Some("GoogleAppsCardV1OnClick"),
        &[
            f("openLink", Ty::Object(&OPEN_LINK)),
            f("action", Ty::Object(&ACTION)),
            f("overflowMenu", Ty::Object(&OVERFLOW_MENU)),
            scoped(
                "openDynamicLinkAction",
                Ty::Object(&ACTION),
                Scope::AddOnOnly(ADDON_DYNAMIC_LINK),
            ),
            scoped("card", Ty::Object(&CARD), Scope::AddOnOnly(ADDON_CARD)),
        ],
    )
};

/// The on-click of an overflow menu item: like [`ON_CLICK`] but without a nested menu.
pub static MENU_ITEM_ON_CLICK: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "on-click kind",
        &["action", "openLink", "openDynamicLinkAction", "card"],
        true,
    )],
    misplaced: &[misplaced(
        "overflowMenu",
        "an overflow menu item cannot open another overflow menu (Chat drops it and disables the item); use `openLink` or `action`",
    )],
    ..obj(
        "menu item on-click",
        None,
        &[
            f("openLink", Ty::Object(&OPEN_LINK)),
            f("action", Ty::Object(&ACTION)),
            scoped(
                "openDynamicLinkAction",
                Ty::Object(&ACTION),
                Scope::AddOnOnly(ADDON_DYNAMIC_LINK),
            ),
            scoped("card", Ty::Object(&CARD), Scope::AddOnOnly(ADDON_CARD)),
        ],
    )
};

/// A link a click opens (`onClick.openLink`).
pub static OPEN_LINK: ObjectDef = ObjectDef {
    required: &[req(&["url"], "an open-link needs the `url` to open")],
    positional: Some("url"),
    ..obj(
        "open link",
        Some("GoogleAppsCardV1OpenLink"),
        &[
            f("url", URL),
            scoped(
                "openAs",
                Ty::Enum(&OPEN_AS),
                Scope::AddOnOnly(
                    "`openAs` only applies to Workspace add-ons; Chat always opens links full size, so remove it",
                ),
            ),
            scoped(
                "onClose",
                Ty::Enum(&ON_CLOSE),
                Scope::AddOnOnly("`onClose` only applies to Workspace add-ons; remove it"),
            ),
        ],
    )
};

/// A call to the Chat app (`onClick.action`, `onChangeAction`, ...).
pub static ACTION: ObjectDef = ObjectDef {
    required: &[req(
        &["function"],
        "an action needs the `function` to call (not `functionName`)",
    )],
    positional: Some("function"),
    ..obj(
        "action",
        Some("GoogleAppsCardV1Action"),
        &[
            f("function", IDENT),
            kw(
                "parameters",
                Ty::List(&any_list(Ty::Object(&ACTION_PARAMETER))),
                "param",
            ),
            f("loadIndicator", Ty::Enum(&LOAD_INDICATOR)),
            f("persistValues", BOOL),
            f("interaction", Ty::Enum(&INTERACTION)),
            f("requiredWidgets", Ty::List(&any_list(IDENT))),
            f("allWidgetsAreRequired", BOOL),
        ],
    )
};

/// A key/value passed back to the app with an action (`action.parameters[]`).
pub static ACTION_PARAMETER: ObjectDef = ObjectDef {
    required: &[req(&["key"], "an action parameter needs a `key`")],
    positional: Some("key"),
    ..obj(
        "action parameter",
        Some("GoogleAppsCardV1ActionParameter"),
        &[f("key", IDENT), f("value", PLAIN)],
    )
};

/// A pop-up menu (`onClick.overflowMenu`).
pub static OVERFLOW_MENU: ObjectDef = ObjectDef {
    required: &[req(&["items"], "an overflow menu needs its `items`")],
    ..obj(
        "overflow menu",
        Some("GoogleAppsCardV1OverflowMenu"),
        &[kw(
            "items",
            Ty::List(&list(
                Ty::Object(&OVERFLOW_MENU_ITEM),
                1,
                None,
                "an overflow menu needs at least one item",
            )),
            "item",
        )],
    )
};

/// One entry of an overflow menu (`overflowMenu.items[]`).
pub static OVERFLOW_MENU_ITEM: ObjectDef = ObjectDef {
    required: &[
        req(&["text"], "an overflow menu item needs its `text`"),
        req(
            &["onClick"],
            "an overflow menu item does nothing without `onClick`",
        ),
    ],
    positional: Some("text"),
    shorthands: &CLICK_SHORTHANDS,
    ..obj(
        "overflow menu item",
        Some("GoogleAppsCardV1OverflowMenuItem"),
        &[
            f("text", PLAIN),
            f("startIcon", Ty::Object(&ICON)),
            f("onClick", Ty::Object(&MENU_ITEM_ON_CLICK)),
            f("disabled", BOOL),
        ],
    )
};
