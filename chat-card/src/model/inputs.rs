//! Form inputs: [`TextInput`], [`SelectionInput`], [`DateTimePicker`] and their parts.

use serde::{Deserialize, Serialize};

use super::number::{deserialize_opt_i64_string, serialize_opt_i64_string};
use super::{
    Action, CommonDataSource, DateTimePickerType, InputType, SelectionType, TextInputType,
};

/// A text field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextInput {
    /// Form-input key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Text above the field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Text below the field.
    #[serde(alias = "hint_text", skip_serializing_if = "Option::is_none")]
    pub hint_text: Option<String>,
    /// Initial value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// One line or several.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub input_type: Option<TextInputType>,
    /// Runs on edits.
    #[serde(alias = "on_change_action", skip_serializing_if = "Option::is_none")]
    pub on_change_action: Option<Action>,
    /// Suggestions filtered as the user types.
    #[serde(alias = "initial_suggestions", skip_serializing_if = "Option::is_none")]
    pub initial_suggestions: Option<Suggestions>,
    /// Server-side suggestions (Workspace add-ons only).
    #[serde(
        alias = "auto_complete_action",
        skip_serializing_if = "Option::is_none"
    )]
    pub auto_complete_action: Option<Action>,
    /// Character limit and input kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<Validation>,
    /// Shown while the field is empty.
    #[serde(alias = "placeholder_text", skip_serializing_if = "Option::is_none")]
    pub placeholder_text: Option<String>,
    /// Workspace Studio data source, kept as raw JSON.
    #[serde(
        alias = "host_app_data_source",
        skip_serializing_if = "Option::is_none"
    )]
    pub host_app_data_source: Option<serde_json::Value>,
}

/// Suggestions of a [`TextInput`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    /// The suggestions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<SuggestionItem>,
}

/// One suggestion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionItem {
    /// Suggested text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// What a text input accepts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    /// Maximum number of characters.
    #[serde(alias = "character_limit", skip_serializing_if = "Option::is_none")]
    pub character_limit: Option<i32>,
    /// Kind of input.
    #[serde(alias = "input_type", skip_serializing_if = "Option::is_none")]
    pub input_type: Option<InputType>,
}

/// Check boxes, radio buttons, switches, a dropdown or a multiselect.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectionInput {
    /// Form-input key (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Text above the control.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How the choices are drawn.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub selection_type: Option<SelectionType>,
    /// The choices (at most 100).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<SelectionItem>,
    /// Runs when the selection changes.
    #[serde(alias = "on_change_action", skip_serializing_if = "Option::is_none")]
    pub on_change_action: Option<Action>,
    /// Multiselect: most items selectable.
    #[serde(
        alias = "multi_select_max_selected_items",
        skip_serializing_if = "Option::is_none"
    )]
    pub multi_select_max_selected_items: Option<i32>,
    /// Multiselect: characters typed before suggestions are fetched.
    #[serde(
        alias = "multi_select_min_query_length",
        skip_serializing_if = "Option::is_none"
    )]
    pub multi_select_min_query_length: Option<i32>,
    /// Multiselect: items provided by the app.
    #[serde(
        alias = "external_data_source",
        skip_serializing_if = "Option::is_none"
    )]
    pub external_data_source: Option<Action>,
    /// Multiselect: Workspace users or spaces.
    #[serde(
        alias = "platform_data_source",
        skip_serializing_if = "Option::is_none"
    )]
    pub platform_data_source: Option<PlatformDataSource>,
    /// Data sources (Workspace Studio; the Chat dropdown uses the first).
    #[serde(
        default,
        alias = "data_source_configs",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub data_source_configs: Vec<DataSourceConfig>,
    /// Hint text (Workspace Studio only).
    #[serde(alias = "hint_text", skip_serializing_if = "Option::is_none")]
    pub hint_text: Option<String>,
}

/// One choice of a [`SelectionInput`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectionItem {
    /// Visible label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Submitted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Pre-selected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
    /// Multiselect: icon URL.
    #[serde(alias = "start_icon_uri", skip_serializing_if = "Option::is_none")]
    pub start_icon_uri: Option<String>,
    /// Multiselect: caption under the text.
    #[serde(alias = "bottom_text", skip_serializing_if = "Option::is_none")]
    pub bottom_text: Option<String>,
}

/// Workspace data for a multiselect.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformDataSource {
    /// Users of the organisation.
    #[serde(alias = "common_data_source", skip_serializing_if = "Option::is_none")]
    pub common_data_source: Option<CommonDataSource>,
    /// Spaces or Workflow data, kept as raw JSON.
    #[serde(
        alias = "host_app_data_source",
        skip_serializing_if = "Option::is_none"
    )]
    pub host_app_data_source: Option<serde_json::Value>,
}

/// One data source of a [`SelectionInput`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSourceConfig {
    /// Items provided by the app.
    #[serde(alias = "remote_data_source", skip_serializing_if = "Option::is_none")]
    pub remote_data_source: Option<Action>,
    /// Workspace data.
    #[serde(
        alias = "platform_data_source",
        skip_serializing_if = "Option::is_none"
    )]
    pub platform_data_source: Option<PlatformDataSource>,
    /// Characters typed before the source is queried.
    #[serde(
        alias = "min_characters_trigger",
        skip_serializing_if = "Option::is_none"
    )]
    pub min_characters_trigger: Option<i32>,
}

/// A date and/or time field.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DateTimePicker {
    /// Form-input key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Prompt text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Date and time, date only, or time only.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub picker_type: Option<DateTimePickerType>,
    /// Initial value in milliseconds since the Unix epoch (a JSON string).
    #[serde(
        default,
        alias = "value_ms_epoch",
        serialize_with = "serialize_opt_i64_string",
        deserialize_with = "deserialize_opt_i64_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub value_ms_epoch: Option<i64>,
    /// Minutes from UTC used to display the value.
    #[serde(
        alias = "timezone_offset_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub timezone_offset_date: Option<i32>,
    /// Runs on Save or Clear.
    #[serde(alias = "on_change_action", skip_serializing_if = "Option::is_none")]
    pub on_change_action: Option<Action>,
    /// Workspace Studio data source, kept as raw JSON.
    #[serde(
        alias = "host_app_data_source",
        skip_serializing_if = "Option::is_none"
    )]
    pub host_app_data_source: Option<serde_json::Value>,
}
