//! Widgets: the widget unions (`Widget`, column widgets, carousel widgets) and every
//! display widget with its parts (buttons, icons, grid, columns, carousel, chips).

use super::*;

// Members of the widget unions (a macro, not consts: the tables refer to each other in
// cycles, which statics allow and consts do not).
macro_rules! member {
    (M_TEXT) => {
        kw("textParagraph", Ty::Object(&TEXT_PARAGRAPH), "text")
    };
    (M_IMAGE) => {
        kw("image", Ty::Object(&IMAGE), "image")
    };
    (M_DECORATED) => {
        kw("decoratedText", Ty::Object(&DECORATED_TEXT), "decorated")
    };
    (M_BUTTONS) => {
        kw("buttonList", Ty::Object(&BUTTON_LIST), "buttons")
    };
    (M_TEXT_INPUT) => {
        kw("textInput", Ty::Object(&TEXT_INPUT), "text_input")
    };
    (M_SELECTION) => {
        kw("selectionInput", Ty::Object(&SELECTION_INPUT), "selection")
    };
    (M_DATE_TIME) => {
        kw("dateTimePicker", Ty::Object(&DATE_TIME_PICKER), "date_time")
    };
    (M_DIVIDER) => {
        kw("divider", Ty::Object(&DIVIDER), "divider")
    };
    (M_GRID) => {
        kw("grid", Ty::Object(&GRID), "grid")
    };
    (M_COLUMNS) => {
        kw("columns", Ty::Object(&COLUMNS), "columns")
    };
    (M_CAROUSEL) => {
        kw("carousel", Ty::Object(&CAROUSEL), "carousel")
    };
    (M_CHIPS) => {
        kw("chipList", Ty::Object(&CHIP_LIST), "chips")
    };
}

/// A widget of a section (`sections[].widgets[]`): exactly one widget kind.
pub static WIDGET: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "widget kind",
        &[
            "textParagraph",
            "image",
            "decoratedText",
            "buttonList",
            "textInput",
            "selectionInput",
            "dateTimePicker",
            "divider",
            "grid",
            "columns",
            "carousel",
            "chipList",
        ],
        true,
    )],
    ..obj(
        "widget",
        Some("GoogleAppsCardV1Widget"),
        &[
            member!(M_TEXT),
            member!(M_IMAGE),
            member!(M_DECORATED),
            member!(M_BUTTONS),
            member!(M_TEXT_INPUT),
            member!(M_SELECTION),
            member!(M_DATE_TIME),
            member!(M_DIVIDER),
            member!(M_GRID),
            member!(M_COLUMNS),
            member!(M_CAROUSEL),
            member!(M_CHIPS),
            f("horizontalAlignment", Ty::Enum(&HORIZONTAL_ALIGNMENT)),
            scoped("id", IDENT, Scope::StudioOnly),
            scoped("visibility", Ty::Enum(&VISIBILITY), Scope::StudioOnly),
            scoped(
                "eventActions",
                Ty::List(&any_list(Ty::Object(&EVENT_ACTION))),
                Scope::StudioOnly,
            ),
        ],
    )
};

/// A widget inside a column (`columns.columnItems[].widgets[]`, `Columns.Column.Widgets`).
pub static COLUMN_WIDGET: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "column widget kind",
        &[
            "textParagraph",
            "image",
            "decoratedText",
            "buttonList",
            "textInput",
            "selectionInput",
            "dateTimePicker",
            "chipList",
        ],
        true,
    )],
    misplaced: &[
        misplaced(
            "divider",
            "a divider cannot be inside columns; put it in the section instead",
        ),
        misplaced(
            "grid",
            "a grid cannot be inside columns; put it in the section instead",
        ),
        misplaced(
            "columns",
            "columns cannot be nested; put the second `columns` widget in the section instead",
        ),
        misplaced(
            "carousel",
            "a carousel cannot be inside columns; put it in the section instead",
        ),
        misplaced(
            "horizontalAlignment",
            "widgets inside a column have no alignment of their own; set `horizontalAlignment` on the column",
        ),
    ],
    ..obj(
        "column widget",
        Some("GoogleAppsCardV1Widgets"),
        &[
            member!(M_TEXT),
            member!(M_IMAGE),
            member!(M_DECORATED),
            member!(M_BUTTONS),
            member!(M_TEXT_INPUT),
            member!(M_SELECTION),
            member!(M_DATE_TIME),
            member!(M_CHIPS),
        ],
    )
};

/// A widget inside a carousel card (`carouselCards[].widgets[]` and `.footerWidgets[]`).
pub static NESTED_WIDGET: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "carousel widget kind",
        &["textParagraph", "buttonList", "image"],
        true,
    )],
    misplaced: &[
        misplaced(
            "decoratedText",
            "a carousel card can only hold text paragraphs, button lists and images; use `textParagraph`",
        ),
        misplaced(
            "textInput",
            "a carousel card can only hold text paragraphs, button lists and images; put form inputs in a section",
        ),
        misplaced(
            "selectionInput",
            "a carousel card can only hold text paragraphs, button lists and images; put form inputs in a section",
        ),
        misplaced(
            "dateTimePicker",
            "a carousel card can only hold text paragraphs, button lists and images; put form inputs in a section",
        ),
        misplaced(
            "divider",
            "a carousel card can only hold text paragraphs, button lists and images; put the divider in the section",
        ),
        misplaced(
            "grid",
            "a carousel card can only hold text paragraphs, button lists and images; put the grid in the section",
        ),
        misplaced(
            "columns",
            "a carousel card can only hold text paragraphs, button lists and images; put columns in the section",
        ),
        misplaced(
            "carousel",
            "carousels cannot be nested; put the second carousel in the section",
        ),
        misplaced(
            "chipList",
            "a carousel card can only hold text paragraphs, button lists and images; use `buttonList`",
        ),
        misplaced(
            "horizontalAlignment",
            "widgets inside a carousel card have no alignment; remove it",
        ),
    ],
    ..obj(
        "carousel widget",
        Some("GoogleAppsCardV1NestedWidget"),
        &[member!(M_TEXT), member!(M_BUTTONS), member!(M_IMAGE)],
    )
};

/// A paragraph of text (`textParagraph`).
pub static TEXT_PARAGRAPH: ObjectDef = ObjectDef {
    positional: Some("text"),
    ..obj(
        "text paragraph",
        Some("GoogleAppsCardV1TextParagraph"),
        &[
            f("text", HTML),
            f("maxLines", INT),
            f("textSyntax", Ty::Enum(&TEXT_SYNTAX)),
        ],
    )
};

/// An image (`image`).
pub static IMAGE: ObjectDef = ObjectDef {
    required: &[req(&["imageUrl"], "an image needs the URL of the picture")],
    positional: Some("imageUrl"),
    shorthands: &[LINK_SHORTHAND, ACTION_SHORTHAND, short("alt", &["altText"])],
    ..obj(
        "image",
        Some("GoogleAppsCardV1Image"),
        &[
            f("imageUrl", URL),
            f("onClick", Ty::Object(&ON_CLICK)),
            f("altText", PLAIN),
        ],
    )
};

/// Text with labels, icons and one control (`decoratedText`).
pub static DECORATED_TEXT: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "decorated text control",
        &["button", "switchControl", "endIcon"],
        false,
    )],
    required: &[req(
        &["text", "contentText"],
        "decorated text must have its main `text`",
    )],
    positional: Some("text"),
    shorthands: &[
        LINK_SHORTHAND,
        ACTION_SHORTHAND,
        short("top", &["topLabel"]),
        short("bottom", &["bottomLabel"]),
        short("wrap", &["wrapText"]),
    ],
    ..obj(
        "decorated text",
        Some("GoogleAppsCardV1DecoratedText"),
        &[
            f("text", HTML),
            f("topLabel", HTML),
            f("bottomLabel", HTML),
            f("wrapText", BOOL),
            f("startIcon", Ty::Object(&ICON)),
            f(
                "startIconVerticalAlignment",
                Ty::Enum(&WIDGET_VERTICAL_ALIGNMENT),
            ),
            f("topLabelText", Ty::Object(&TEXT_PARAGRAPH)),
            f("contentText", Ty::Object(&TEXT_PARAGRAPH)),
            f("bottomLabelText", Ty::Object(&TEXT_PARAGRAPH)),
            f("onClick", Ty::Object(&ON_CLICK)),
            f("button", Ty::Object(&BUTTON)),
            f("switchControl", Ty::Object(&SWITCH_CONTROL)),
            f("endIcon", Ty::Object(&ICON)),
            scoped(
                "icon",
                Ty::Object(&ICON),
                Scope::Deprecated("use `startIcon`"),
            ),
        ],
    )
};

/// A switch or checkbox on decorated text (`decoratedText.switchControl`).
pub static SWITCH_CONTROL: ObjectDef = obj(
    "switch control",
    Some("GoogleAppsCardV1SwitchControl"),
    &[
        f("name", IDENT),
        f("value", PLAIN),
        f("selected", BOOL),
        f("onChangeAction", Ty::Object(&ACTION)),
        f("controlType", Ty::Enum(&SWITCH_CONTROL_TYPE)),
    ],
);

/// A row of buttons (`buttonList`).
pub static BUTTON_LIST: ObjectDef = obj(
    "button list",
    Some("GoogleAppsCardV1ButtonList"),
    &[kw(
        "buttons",
        Ty::List(&any_list(Ty::Object(&BUTTON))),
        "button",
    )],
);

/// A button (`buttons[]`, `decoratedText.button`, footers, collapse controls).
pub static BUTTON: ObjectDef = ObjectDef {
    required: &[
        req(&["text", "icon"], "a button needs a `text` or an `icon`"),
        req(&["onClick"], "a button does nothing without `onClick`"),
    ],
    positional: Some("text"),
    shorthands: &CLICK_SHORTHANDS,
    ..obj(
        "button",
        Some("GoogleAppsCardV1Button"),
        &[
            f("text", PLAIN),
            f("icon", Ty::Object(&ICON)),
            f("color", Ty::Color),
            f("onClick", Ty::Object(&ON_CLICK)),
            f("disabled", BOOL),
            f("altText", PLAIN),
            f("type", Ty::Enum(&BUTTON_TYPE)),
        ],
    )
};

/// An icon: a built-in one, an image URL or a Material symbol.
pub static ICON: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "icon source",
        &["knownIcon", "iconUrl", "materialIcon"],
        true,
    )],
    shorthands: &[short("alt", &["altText"])],
    bare_value: &["knownIcon", "iconUrl"],
    ..obj(
        "icon",
        Some("GoogleAppsCardV1Icon"),
        &[
            f("knownIcon", Ty::Enum(&KNOWN_ICONS)),
            f("iconUrl", URL),
            f("materialIcon", Ty::Object(&MATERIAL_ICON)),
            f("altText", PLAIN),
            f("imageType", Ty::Enum(&IMAGE_TYPE)),
        ],
    )
};

/// A Google Material Symbols icon (`icon.materialIcon`).
pub static MATERIAL_ICON: ObjectDef = ObjectDef {
    required: &[req(
        &["name"],
        "a Material icon is chosen by its `name` (like `check_box`)",
    )],
    positional: Some("name"),
    ..obj(
        "material icon",
        Some("GoogleAppsCardV1MaterialIcon"),
        &[
            f("name", IDENT),
            f("fill", BOOL),
            f(
                "weight",
                Ty::Int(IntRule::OneOf(&[100, 200, 300, 400, 500, 600, 700])),
            ),
            f("grade", Ty::Int(IntRule::OneOf(&[-25, 0, 200]))),
        ],
    )
};

/// A horizontal line (`divider`): always `{}`.
pub static DIVIDER: ObjectDef = obj("divider", Some("GoogleAppsCardV1Divider"), &[]);

/// A grid of items (`grid`).
pub static GRID: ObjectDef = ObjectDef {
    positional: Some("title"),
    shorthands: &CLICK_SHORTHANDS,
    ..obj(
        "grid",
        Some("GoogleAppsCardV1Grid"),
        &[
            f("title", PLAIN),
            kw("items", Ty::List(&any_list(Ty::Object(&GRID_ITEM))), "item"),
            f("borderStyle", Ty::Object(&BORDER_STYLE)),
            f("columnCount", Ty::Int(IntRule::AtLeast(1))),
            f("onClick", Ty::Object(&ON_CLICK)),
        ],
    )
};

/// One item of a grid (`grid.items[]`).
pub static GRID_ITEM: ObjectDef = ObjectDef {
    positional: Some("title"),
    ..obj(
        "grid item",
        Some("GoogleAppsCardV1GridItem"),
        &[
            f("id", IDENT),
            f("image", Ty::Object(&IMAGE_COMPONENT)),
            f("title", PLAIN),
            f("subtitle", PLAIN),
            f("layout", Ty::Enum(&GRID_ITEM_LAYOUT)),
        ],
    )
};

/// The image of a grid item (`gridItem.image`; note `imageUri`, not `imageUrl`).
pub static IMAGE_COMPONENT: ObjectDef = ObjectDef {
    required: &[req(
        &["imageUri"],
        "a grid item image needs the URL of the picture in `imageUri`",
    )],
    positional: Some("imageUri"),
    shorthands: &[short("alt", &["altText"])],
    ..obj(
        "image component",
        Some("GoogleAppsCardV1ImageComponent"),
        &[
            f("imageUri", URL),
            f("altText", PLAIN),
            f("cropStyle", Ty::Object(&IMAGE_CROP_STYLE)),
            f("borderStyle", Ty::Object(&BORDER_STYLE)),
        ],
    )
};

/// How a grid item image is cropped (`imageComponent.cropStyle`).
pub static IMAGE_CROP_STYLE: ObjectDef = obj(
    "image crop style",
    Some("GoogleAppsCardV1ImageCropStyle"),
    &[
        f("type", Ty::Enum(&IMAGE_CROP_TYPE)),
        f("aspectRatio", Ty::Float(FloatRule::Positive)),
    ],
);

/// The border of grid items (`borderStyle`).
pub static BORDER_STYLE: ObjectDef = obj(
    "border style",
    Some("GoogleAppsCardV1BorderStyle"),
    &[
        f("type", Ty::Enum(&BORDER_TYPE)),
        f("strokeColor", Ty::Color),
        f("cornerRadius", NON_NEGATIVE),
    ],
);

/// Up to two columns side by side (`columns`).
pub static COLUMNS: ObjectDef = obj(
    "columns",
    Some("GoogleAppsCardV1Columns"),
    &[kw(
        "columnItems",
        Ty::List(&list(
            Ty::Object(&COLUMN),
            0,
            Some(MAX_COLUMNS),
            "a `columns` widget holds at most 2 columns; for more, use a `grid`",
        )),
        "column",
    )],
);

/// One column (`columns.columnItems[]`).
pub static COLUMN: ObjectDef = obj(
    "column",
    Some("GoogleAppsCardV1Column"),
    &[
        f("horizontalSizeStyle", Ty::Enum(&HORIZONTAL_SIZE_STYLE)),
        f("horizontalAlignment", Ty::Enum(&HORIZONTAL_ALIGNMENT)),
        f("verticalAlignment", Ty::Enum(&COLUMN_VERTICAL_ALIGNMENT)),
        f("widgets", Ty::List(&any_list(Ty::Object(&COLUMN_WIDGET)))),
    ],
);

/// Cards side by side that the user scrolls through (`carousel`; Chat apps only).
pub static CAROUSEL: ObjectDef = obj(
    "carousel",
    Some("GoogleAppsCardV1Carousel"),
    &[kw(
        "carouselCards",
        Ty::List(&any_list(Ty::Object(&CAROUSEL_CARD))),
        "card",
    )],
);

/// One card of a carousel (`carousel.carouselCards[]`).
pub static CAROUSEL_CARD: ObjectDef = obj(
    "carousel card",
    Some("GoogleAppsCardV1CarouselCard"),
    &[
        f("widgets", Ty::List(&any_list(Ty::Object(&NESTED_WIDGET)))),
        kw(
            "footerWidgets",
            Ty::List(&any_list(Ty::Object(&NESTED_WIDGET))),
            "footer",
        ),
    ],
);

/// A list of chips (`chipList`).
pub static CHIP_LIST: ObjectDef = obj(
    "chip list",
    Some("GoogleAppsCardV1ChipList"),
    &[
        f("layout", Ty::Enum(&CHIP_LIST_LAYOUT)),
        kw("chips", Ty::List(&any_list(Ty::Object(&CHIP))), "chip"),
    ],
);

/// A chip (`chipList.chips[]`).
pub static CHIP: ObjectDef = ObjectDef {
    required: &[req(
        &["label", "icon"],
        "a chip needs a `label` or an `icon`",
    )],
    positional: Some("label"),
    shorthands: &[LINK_SHORTHAND, ACTION_SHORTHAND, short("alt", &["altText"])],
    ..obj(
        "chip",
        Some("GoogleAppsCardV1Chip"),
        &[
            f("label", PLAIN),
            f("icon", Ty::Object(&ICON)),
            f("onClick", Ty::Object(&ON_CLICK)),
            f("disabled", BOOL),
            f("altText", PLAIN),
            scoped(
                "enabled",
                BOOL,
                Scope::Deprecated("use `disabled` (with the opposite value)"),
            ),
        ],
    )
};
