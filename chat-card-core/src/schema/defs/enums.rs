//! Every enum of the card schema, with the values the API spells.

use crate::schema::EnumDef;

const fn e(name: &'static str, values: &'static [&'static str]) -> EnumDef {
    EnumDef {
        name,
        values,
        deprecated: &[],
        numbered: true,
    }
}

/// `imageType` of headers and icons.
pub static IMAGE_TYPE: EnumDef = e("image type", &["SQUARE", "CIRCLE"]);

/// `horizontalAlignment` of widgets, columns and collapse controls.
pub static HORIZONTAL_ALIGNMENT: EnumDef = e(
    "horizontal alignment",
    &["HORIZONTAL_ALIGNMENT_UNSPECIFIED", "START", "CENTER", "END"],
);

/// `card.sectionDividerStyle`.
pub static DIVIDER_STYLE: EnumDef = e(
    "section divider style",
    &["DIVIDER_STYLE_UNSPECIFIED", "SOLID_DIVIDER", "NO_DIVIDER"],
);

/// `card.displayStyle` (add-ons only).
pub static DISPLAY_STYLE: EnumDef = e(
    "display style",
    &["DISPLAY_STYLE_UNSPECIFIED", "PEEK", "REPLACE"],
);

/// `decoratedText.startIconVerticalAlignment` (`Widget.VerticalAlignment`).
pub static WIDGET_VERTICAL_ALIGNMENT: EnumDef = e(
    "icon vertical alignment",
    &["VERTICAL_ALIGNMENT_UNSPECIFIED", "TOP", "MIDDLE", "BOTTOM"],
);

/// `column.verticalAlignment` (`Columns.Column.VerticalAlignment`, not the widget one).
pub static COLUMN_VERTICAL_ALIGNMENT: EnumDef = e(
    "column vertical alignment",
    &["VERTICAL_ALIGNMENT_UNSPECIFIED", "CENTER", "TOP", "BOTTOM"],
);

/// `column.horizontalSizeStyle`.
pub static HORIZONTAL_SIZE_STYLE: EnumDef = e(
    "horizontal size style",
    &[
        "HORIZONTAL_SIZE_STYLE_UNSPECIFIED",
        "FILL_AVAILABLE_SPACE",
        "FILL_MINIMUM_SPACE",
    ],
);

/// `textParagraph.textSyntax`.
pub static TEXT_SYNTAX: EnumDef = e(
    "text syntax",
    &["TEXT_SYNTAX_UNSPECIFIED", "HTML", "MARKDOWN"],
);

/// `button.type`.
pub static BUTTON_TYPE: EnumDef = e(
    "button type",
    &[
        "TYPE_UNSPECIFIED",
        "OUTLINED",
        "FILLED",
        "FILLED_TONAL",
        "BORDERLESS",
    ],
);

/// `switchControl.controlType`.
pub static SWITCH_CONTROL_TYPE: EnumDef = EnumDef {
    name: "switch control type",
    values: &["SWITCH", "CHECKBOX", "CHECK_BOX"],
    deprecated: &[("CHECKBOX", "CHECK_BOX")],
    numbered: true,
};

/// `textInput.type`.
pub static TEXT_INPUT_TYPE: EnumDef = e("text input type", &["SINGLE_LINE", "MULTIPLE_LINE"]);

/// `validation.inputType`.
pub static INPUT_TYPE: EnumDef = e(
    "input type",
    &[
        "INPUT_TYPE_UNSPECIFIED",
        "TEXT",
        "INTEGER",
        "FLOAT",
        "EMAIL",
        "EMOJI_PICKER",
    ],
);

/// `selectionInput.type`.
pub static SELECTION_TYPE: EnumDef = e(
    "selection input type",
    &[
        "CHECK_BOX",
        "RADIO_BUTTON",
        "SWITCH",
        "DROPDOWN",
        "MULTI_SELECT",
    ],
);

/// `platformDataSource.commonDataSource`.
pub static COMMON_DATA_SOURCE: EnumDef = e("common data source", &["UNKNOWN", "USER"]);

/// `dateTimePicker.type`.
pub static DATE_TIME_PICKER_TYPE: EnumDef = e(
    "date/time picker type",
    &["DATE_AND_TIME", "DATE_ONLY", "TIME_ONLY"],
);

/// `gridItem.layout`.
pub static GRID_ITEM_LAYOUT: EnumDef = e(
    "grid item layout",
    &["GRID_ITEM_LAYOUT_UNSPECIFIED", "TEXT_BELOW", "TEXT_ABOVE"],
);

/// `imageCropStyle.type`.
pub static IMAGE_CROP_TYPE: EnumDef = e(
    "image crop type",
    &[
        "IMAGE_CROP_TYPE_UNSPECIFIED",
        "SQUARE",
        "CIRCLE",
        "RECTANGLE_CUSTOM",
        "RECTANGLE_4_3",
    ],
);

/// `borderStyle.type`.
pub static BORDER_TYPE: EnumDef = e(
    "border type",
    &["BORDER_TYPE_UNSPECIFIED", "NO_BORDER", "STROKE"],
);

/// `chipList.layout`.
pub static CHIP_LIST_LAYOUT: EnumDef = e(
    "chip list layout",
    &["LAYOUT_UNSPECIFIED", "WRAPPED", "HORIZONTAL_SCROLLABLE"],
);

/// `openLink.openAs` (add-ons only).
pub static OPEN_AS: EnumDef = e("open-as mode", &["FULL_SIZE", "OVERLAY"]);

/// `openLink.onClose` (add-ons only).
pub static ON_CLOSE: EnumDef = e("on-close behaviour", &["NOTHING", "RELOAD"]);

/// `action.loadIndicator`.
pub static LOAD_INDICATOR: EnumDef = e("load indicator", &["SPINNER", "NONE"]);

/// `action.interaction`.
pub static INTERACTION: EnumDef = e("interaction", &["INTERACTION_UNSPECIFIED", "OPEN_DIALOG"]);

/// `message.markupSyntax`.
pub static MARKUP_SYNTAX: EnumDef = e(
    "markup syntax",
    &[
        "MARKUP_SYNTAX_UNSPECIFIED",
        "MARKUP_SYNTAX_CHAT",
        "MARKUP_SYNTAX_MARKDOWN",
    ],
);

/// `quotedMessageMetadata.quoteType` (`FORWARD` is newer than the discovery document).
pub static QUOTE_TYPE: EnumDef = e(
    "quote type",
    &["QUOTE_TYPE_UNSPECIFIED", "REPLY", "FORWARD"],
);

/// `user.type`.
pub static USER_TYPE: EnumDef = e("user type", &["TYPE_UNSPECIFIED", "HUMAN", "BOT"]);

/// `actionResponse.type`.
pub static ACTION_RESPONSE_TYPE: EnumDef = e(
    "action response type",
    &[
        "TYPE_UNSPECIFIED",
        "NEW_MESSAGE",
        "UPDATE_MESSAGE",
        "UPDATE_USER_MESSAGE_CARDS",
        "REQUEST_CONFIG",
        "DIALOG",
        "UPDATE_WIDGET",
    ],
);

/// `actionStatus.statusCode` (the `google.rpc.Code` names).
pub static STATUS_CODE: EnumDef = e(
    "status code",
    &[
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "UNAUTHENTICATED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
    ],
);

/// `widget.visibility` (Workspace Studio only).
pub static VISIBILITY: EnumDef = e(
    "visibility",
    &["VISIBILITY_UNSPECIFIED", "VISIBLE", "HIDDEN"],
);

/// `workflowDataSource.type` (Workspace Studio only).
pub static WORKFLOW_DATA_SOURCE_TYPE: EnumDef = e(
    "workflow data source type",
    &["UNKNOWN", "USER", "SPACE", "USER_WITH_FREE_FORM"],
);

/// `expressionDataCondition.conditionType` (Workspace Studio only).
pub static CONDITION_TYPE: EnumDef = e(
    "condition type",
    &[
        "CONDITION_TYPE_UNSPECIFIED",
        "EXPRESSION_EVALUATION_SUCCESS",
        "EXPRESSION_EVALUATION_FAILURE",
    ],
);

/// The 28 built-in icon names Chat card messages accept in `icon.knownIcon` (a string
/// field in `card.proto`, so it has no numbers).
pub static KNOWN_ICONS: EnumDef = EnumDef {
    name: "known icon",
    deprecated: &[],
    numbered: false,
    values: &[
        "AIRPLANE",
        "BOOKMARK",
        "BUS",
        "CAR",
        "CLOCK",
        "CONFIRMATION_NUMBER_ICON",
        "DESCRIPTION",
        "DOLLAR",
        "EMAIL",
        "EVENT_SEAT",
        "FLIGHT_ARRIVAL",
        "FLIGHT_DEPARTURE",
        "HOTEL",
        "HOTEL_ROOM_TYPE",
        "INVITE",
        "MAP_PIN",
        "MEMBERSHIP",
        "MULTIPLE_PEOPLE",
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
};
