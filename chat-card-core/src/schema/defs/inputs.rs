//! Form inputs: `textInput`, `selectionInput`, `dateTimePicker` and their parts.

use super::*;

const STUDIO_DATA_SOURCE: FieldDef = scoped(
    "hostAppDataSource",
    Ty::Object(&HOST_APP_DATA_SOURCE),
    Scope::StudioOnly,
);

/// A text field (`textInput`).
pub static TEXT_INPUT: ObjectDef = ObjectDef {
    required: &[req(
        &["label", "hintText"],
        "a text input needs a `label` (or a `hintText`) so users know what to type",
    )],
    positional: Some("name"),
    ..obj(
        "text input",
        Some("GoogleAppsCardV1TextInput"),
        &[
            f("name", IDENT),
            f("label", PLAIN),
            f("hintText", PLAIN),
            f("value", PLAIN),
            f("type", Ty::Enum(&TEXT_INPUT_TYPE)),
            f("onChangeAction", Ty::Object(&ACTION)),
            f("initialSuggestions", Ty::Object(&SUGGESTIONS)),
            f("validation", Ty::Object(&VALIDATION)),
            f("placeholderText", PLAIN),
            scoped(
                "autoCompleteAction",
                Ty::Object(&ACTION),
                Scope::AddOnOnly(
                    "server-side autocomplete is for Workspace add-ons; in Chat use `initialSuggestions`",
                ),
            ),
            STUDIO_DATA_SOURCE,
        ],
    )
};

/// Suggestions a text input offers (`textInput.initialSuggestions`).
pub static SUGGESTIONS: ObjectDef = obj(
    "suggestions",
    Some("GoogleAppsCardV1Suggestions"),
    &[kw(
        "items",
        Ty::List(&any_list(Ty::Object(&SUGGESTION_ITEM))),
        "suggestion",
    )],
);

/// One suggestion (`initialSuggestions.items[]`).
pub static SUGGESTION_ITEM: ObjectDef = ObjectDef {
    positional: Some("text"),
    ..obj(
        "suggestion item",
        Some("GoogleAppsCardV1SuggestionItem"),
        &[f("text", PLAIN)],
    )
};

/// Input validation of a text input (`textInput.validation`).
pub static VALIDATION: ObjectDef = obj(
    "validation",
    Some("GoogleAppsCardV1Validation"),
    &[
        f("characterLimit", NON_NEGATIVE),
        f("inputType", Ty::Enum(&INPUT_TYPE)),
    ],
);

/// Checkboxes, radio buttons, switches, a dropdown or a multiselect (`selectionInput`).
pub static SELECTION_INPUT: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "multiselect data source",
        &["externalDataSource", "platformDataSource"],
        false,
    )],
    required: &[req(
        &["name"],
        "a selection input needs a `name` to report the chosen items",
    )],
    positional: Some("name"),
    ..obj(
        "selection input",
        Some("GoogleAppsCardV1SelectionInput"),
        &[
            f("name", IDENT),
            f("label", PLAIN),
            f("type", Ty::Enum(&SELECTION_TYPE)),
            kw(
                "items",
                Ty::List(&list(
                    Ty::Object(&SELECTION_ITEM),
                    0,
                    Some(MAX_SELECTION_ITEMS),
                    "a selection input holds at most 100 items; use a multiselect with an external data source for more",
                )),
                "item",
            ),
            f("onChangeAction", Ty::Object(&ACTION)),
            f("multiSelectMaxSelectedItems", Ty::Int(IntRule::AtLeast(1))),
            f("multiSelectMinQueryLength", NON_NEGATIVE),
            f("externalDataSource", Ty::Object(&ACTION)),
            f("platformDataSource", Ty::Object(&PLATFORM_DATA_SOURCE)),
            f(
                "dataSourceConfigs",
                Ty::List(&any_list(Ty::Object(&DATA_SOURCE_CONFIG))),
            ),
            scoped("hintText", PLAIN, Scope::StudioOnly),
        ],
    )
};

/// One choice of a selection input (`selectionInput.items[]`).
pub static SELECTION_ITEM: ObjectDef = ObjectDef {
    positional: Some("text"),
    ..obj(
        "selection item",
        Some("GoogleAppsCardV1SelectionItem"),
        &[
            f("text", PLAIN),
            f("value", PLAIN),
            f("selected", BOOL),
            f("startIconUri", URL),
            f("bottomText", PLAIN),
        ],
    )
};

/// Workspace data for a multiselect (`selectionInput.platformDataSource`).
pub static PLATFORM_DATA_SOURCE: ObjectDef = ObjectDef {
    one_of: &[one_of(
        "platform data source",
        &["commonDataSource", "hostAppDataSource"],
        false,
    )],
    ..obj(
        "platform data source",
        Some("GoogleAppsCardV1PlatformDataSource"),
        &[
            f("commonDataSource", Ty::Enum(&COMMON_DATA_SOURCE)),
            f("hostAppDataSource", Ty::Object(&HOST_APP_DATA_SOURCE)),
        ],
    )
};

/// A data source of a dropdown (`selectionInput.dataSourceConfigs[]`; Chat uses the first).
pub static DATA_SOURCE_CONFIG: ObjectDef = obj(
    "data source config",
    Some("GoogleAppsCardV1DataSourceConfig"),
    &[
        f("remoteDataSource", Ty::Object(&ACTION)),
        f("platformDataSource", Ty::Object(&PLATFORM_DATA_SOURCE)),
        f("minCharactersTrigger", NON_NEGATIVE),
    ],
);

/// Data from the host app (`platformDataSource.hostAppDataSource`: Chat spaces).
pub static HOST_APP_DATA_SOURCE: ObjectDef = obj(
    "host app data source",
    Some("HostAppDataSourceMarkup"),
    &[
        f("chatDataSource", Ty::Object(&CHAT_CLIENT_DATA_SOURCE)),
        scoped(
            "workflowDataSource",
            Ty::Object(&WORKFLOW_DATA_SOURCE),
            Scope::StudioOnly,
        ),
    ],
);

/// Chat data for a multiselect (`hostAppDataSource.chatDataSource`).
pub static CHAT_CLIENT_DATA_SOURCE: ObjectDef = obj(
    "Chat data source",
    Some("ChatClientDataSourceMarkup"),
    &[f("spaceDataSource", Ty::Object(&SPACE_DATA_SOURCE))],
);

/// The spaces a user belongs to, as multiselect items.
pub static SPACE_DATA_SOURCE: ObjectDef = obj(
    "space data source",
    Some("SpaceDataSource"),
    &[f("defaultToCurrentSpace", BOOL)],
);

/// Workflow data (Workspace Studio only).
pub static WORKFLOW_DATA_SOURCE: ObjectDef = obj(
    "workflow data source",
    Some("WorkflowDataSourceMarkup"),
    &[
        f("type", Ty::Enum(&WORKFLOW_DATA_SOURCE_TYPE)),
        f("includeVariables", BOOL),
    ],
);

/// A date and/or time field (`dateTimePicker`).
pub static DATE_TIME_PICKER: ObjectDef = ObjectDef {
    positional: Some("name"),
    ..obj(
        "date/time picker",
        Some("GoogleAppsCardV1DateTimePicker"),
        &[
            f("name", IDENT),
            f("label", PLAIN),
            f("type", Ty::Enum(&DATE_TIME_PICKER_TYPE)),
            f("valueMsEpoch", Ty::Int64),
            f("timezoneOffsetDate", INT),
            f("onChangeAction", Ty::Object(&ACTION)),
            STUDIO_DATA_SOURCE,
        ],
    )
};
