//! The tables themselves: one `static` per object and enum of a Chat card message, and the
//! limits Google documents.
//!
//! Conventions the `card!` macro relies on: list fields carry the keyword of one child
//! block (`section` for `sections`); members of a widget union carry the widget keyword
//! (`text` for `textParagraph`); lists of union objects whose members appear directly in
//! the parent (`section.widgets`) have no keyword; object fields have no keyword (the
//! macro uses the snake_case name).

use super::{
    FieldDef, FloatRule, IntRule, ListDef, Misplaced, ObjectDef, OneOf, Required, Scope, Shorthand,
    TextKind, Ty,
};

mod card;
mod click;
mod enums;
mod extra;
mod inputs;
mod legacy;
mod message;
mod widgets;

pub use card::*;
pub use click::*;
pub use enums::*;
pub use extra::*;
pub use inputs::*;
pub use legacy::*;
pub use message::*;
pub use widgets::*;

/// The most bytes a whole message (text plus cards) may have.
pub const MAX_MESSAGE_BYTES: usize = 32_000;
/// The most bytes the JSON of one card (`cardsV2[].card`) may have (32 KB).
pub const MAX_CARD_BYTES: usize = 32_768;
/// The most widgets one card may hold, counted over the widgets of all its sections.
pub const MAX_WIDGETS_PER_CARD: usize = 100;
/// The most columns a `columns` widget may hold.
pub const MAX_COLUMNS: usize = 2;
/// The most items a `selectionInput` may hold.
pub const MAX_SELECTION_ITEMS: usize = 100;
/// The most characters of a thread key.
pub const MAX_THREAD_KEY_CHARS: usize = 4_000;
/// The most characters of a custom message id (`client-…`).
pub const MAX_MESSAGE_ID_CHARS: usize = 63;

// Shared building blocks for the tables below.

const PLAIN: Ty = Ty::Text(TextKind::Plain);
const HTML: Ty = Ty::Text(TextKind::CardHtml);
const URL: Ty = Ty::Text(TextKind::Url);
const IDENT: Ty = Ty::Text(TextKind::Identifier);
const RESOURCE: Ty = Ty::Text(TextKind::ResourceName);
const BOOL: Ty = Ty::Bool;
const INT: Ty = Ty::Int(IntRule::Any);
const NON_NEGATIVE: Ty = Ty::Int(IntRule::AtLeast(0));

/// A Chat-scoped field with no keyword.
const fn f(json: &'static str, ty: Ty) -> FieldDef {
    FieldDef {
        json,
        ty,
        scope: Scope::Chat,
        keyword: None,
    }
}

/// A field with a scope other than Chat.
const fn scoped(json: &'static str, ty: Ty, scope: Scope) -> FieldDef {
    FieldDef {
        json,
        ty,
        scope,
        keyword: None,
    }
}

/// A Chat-scoped field with a `card!` keyword.
const fn kw(json: &'static str, ty: Ty, keyword: &'static str) -> FieldDef {
    FieldDef {
        json,
        ty,
        scope: Scope::Chat,
        keyword: Some(keyword),
    }
}

/// An object with only fields; the rest is filled in with struct update syntax.
const fn obj(
    name: &'static str,
    discovery: Option<&'static str>,
    fields: &'static [FieldDef],
) -> ObjectDef {
    ObjectDef {
        name,
        discovery,
        fields,
        one_of: &[],
        required: &[],
        positional: None,
        shorthands: &[],
        misplaced: &[],
        bare_value: &[],
    }
}

/// A list type.
const fn list(item: Ty, min: usize, max: Option<usize>, why: &'static str) -> ListDef {
    ListDef {
        item,
        min,
        max,
        why,
    }
}

/// An unlimited list.
const fn any_list(item: Ty) -> ListDef {
    list(item, 0, None, "")
}

const fn req(any_of: &'static [&'static str], why: &'static str) -> Required {
    Required { any_of, why }
}

const fn one_of(name: &'static str, members: &'static [&'static str], required: bool) -> OneOf {
    OneOf {
        name,
        members,
        required,
    }
}

const fn short(name: &'static str, path: &'static [&'static str]) -> Shorthand {
    Shorthand { name, path }
}

const fn misplaced(key: &'static str, reason: &'static str) -> Misplaced {
    Misplaced { key, reason }
}

/// `link`: the URL an object's click opens.
const LINK_SHORTHAND: Shorthand = short("link", &["onClick", "openLink", "url"]);
/// `action`: the function an object's click calls.
const ACTION_SHORTHAND: Shorthand = short("action", &["onClick", "action", "function"]);
/// `link` and `action` shorthands of every clickable object.
const CLICK_SHORTHANDS: [Shorthand; 2] = [LINK_SHORTHAND, ACTION_SHORTHAND];

/// The widget unions: objects that hold exactly one of several widget kinds, each member
/// a field carrying the widget's `card!` keyword (`text` for `textParagraph`). A section's
/// `Widget`, a column's `Widgets` and a carousel card's `NestedWidget` in `card.proto`.
/// This list is the one definition; the validator and the macro ask
/// [`ObjectDef::is_widget_union`], and tests hold the `one_of` groups and the keyword
/// members of each union to each other.
pub static WIDGET_UNIONS: &[&ObjectDef] = &[&WIDGET, &COLUMN_WIDGET, &NESTED_WIDGET];

/// Every object of the tables, for lookups across objects ("`imageUrl` belongs in an
/// image") and for checking the tables against the discovery document.
pub static ALL_OBJECTS: &[&ObjectDef] = &[
    &MESSAGE,
    &CARD_WITH_ID,
    &THREAD,
    &ACCESSORY_WIDGET,
    &USER,
    &QUOTED_MESSAGE_METADATA,
    &ACTION_RESPONSE,
    &DIALOG_ACTION,
    &DIALOG,
    &ACTION_STATUS,
    &UPDATED_WIDGET,
    &SELECTION_ITEMS,
    &ATTACHMENT,
    &ATTACHMENT_DATA_REF,
    &DRIVE_DATA_REF,
    &LEGACY_CARD,
    &LEGACY_CARD_HEADER,
    &LEGACY_SECTION,
    &LEGACY_WIDGET,
    &LEGACY_TEXT_PARAGRAPH,
    &LEGACY_IMAGE,
    &LEGACY_KEY_VALUE,
    &LEGACY_BUTTON,
    &LEGACY_TEXT_BUTTON,
    &LEGACY_IMAGE_BUTTON,
    &LEGACY_ON_CLICK,
    &LEGACY_OPEN_LINK,
    &LEGACY_FORM_ACTION,
    &LEGACY_ACTION_PARAMETER,
    &LEGACY_CARD_ACTION,
    &SERVER_OBJECT,
    &CARD,
    &CARD_HEADER,
    &SECTION,
    &COLLAPSE_CONTROL,
    &CARD_FIXED_FOOTER,
    &CARD_ACTION,
    &WIDGET,
    &COLUMN_WIDGET,
    &NESTED_WIDGET,
    &TEXT_PARAGRAPH,
    &IMAGE,
    &DECORATED_TEXT,
    &SWITCH_CONTROL,
    &BUTTON_LIST,
    &BUTTON,
    &ICON,
    &MATERIAL_ICON,
    &DIVIDER,
    &GRID,
    &GRID_ITEM,
    &IMAGE_COMPONENT,
    &IMAGE_CROP_STYLE,
    &BORDER_STYLE,
    &COLUMNS,
    &COLUMN,
    &CAROUSEL,
    &CAROUSEL_CARD,
    &CHIP_LIST,
    &CHIP,
    &TEXT_INPUT,
    &SUGGESTIONS,
    &SUGGESTION_ITEM,
    &VALIDATION,
    &SELECTION_INPUT,
    &SELECTION_ITEM,
    &PLATFORM_DATA_SOURCE,
    &DATA_SOURCE_CONFIG,
    &HOST_APP_DATA_SOURCE,
    &CHAT_CLIENT_DATA_SOURCE,
    &SPACE_DATA_SOURCE,
    &WORKFLOW_DATA_SOURCE,
    &DATE_TIME_PICKER,
    &ON_CLICK,
    &MENU_ITEM_ON_CLICK,
    &OPEN_LINK,
    &ACTION,
    &ACTION_PARAMETER,
    &OVERFLOW_MENU,
    &OVERFLOW_MENU_ITEM,
    &EXPRESSION_DATA,
    &CONDITION,
    &EXPRESSION_DATA_CONDITION,
    &EVENT_ACTION,
    &COMMON_WIDGET_ACTION,
    &UPDATE_VISIBILITY_ACTION,
    &TRIGGER,
];
