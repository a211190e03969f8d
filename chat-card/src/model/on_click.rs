//! What a click does: [`OnClick`], [`OpenLink`], [`Action`], [`OverflowMenu`].

use serde::{Deserialize, Serialize};

use super::{Card, Icon, Interaction, LoadIndicator, OnClose, OpenAs};

/// What a click does: exactly one of these.
///
/// In JSON the kind is the object's key: `{"openLink": {"url": "https://..."}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OnClick {
    /// Calls the Chat app.
    Action(Action),
    /// Opens a URL.
    #[serde(alias = "open_link")]
    OpenLink(OpenLink),
    /// Fetches a URL from the add-on, then opens it (Workspace add-ons only).
    #[serde(alias = "open_dynamic_link_action")]
    OpenDynamicLinkAction(Action),
    /// Pushes a card (Workspace add-ons only).
    Card(Box<Card>),
    /// Opens a pop-up menu.
    #[serde(alias = "overflow_menu")]
    OverflowMenu(OverflowMenu),
}

impl Default for OnClick {
    fn default() -> Self {
        OnClick::OpenLink(OpenLink::default())
    }
}

impl OnClick {
    /// A click that opens `url`.
    pub fn open_link(url: impl Into<String>) -> Self {
        OnClick::OpenLink(OpenLink::new(url))
    }
}

/// Opens a URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenLink {
    /// Absolute `https` URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Full size or overlay (Workspace add-ons only).
    #[serde(alias = "open_as", skip_serializing_if = "Option::is_none")]
    pub open_as: Option<OpenAs>,
    /// Behaviour when the link closes (Workspace add-ons only).
    #[serde(alias = "on_close", skip_serializing_if = "Option::is_none")]
    pub on_close: Option<OnClose>,
}

impl OpenLink {
    /// A link to `url`.
    pub fn new(url: impl Into<String>) -> Self {
        OpenLink {
            url: Some(url.into()),
            ..Default::default()
        }
    }
}

/// Calls a function of the Chat app (interaction event).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// Function name or endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// Key/value pairs passed back to the app.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ActionParameter>,
    /// Spinner (default) or nothing while the action runs.
    #[serde(alias = "load_indicator", skip_serializing_if = "Option::is_none")]
    pub load_indicator: Option<LoadIndicator>,
    /// Keep form values after the action.
    #[serde(alias = "persist_values", skip_serializing_if = "Option::is_none")]
    pub persist_values: Option<bool>,
    /// Open a dialog.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interaction: Option<Interaction>,
    /// Names of widgets that must have a value.
    #[serde(
        default,
        alias = "required_widgets",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub required_widgets: Vec<String>,
    /// Every widget must have a value.
    #[serde(
        alias = "all_widgets_are_required",
        skip_serializing_if = "Option::is_none"
    )]
    pub all_widgets_are_required: Option<bool>,
}

/// One parameter of an [`Action`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionParameter {
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A pop-up menu.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverflowMenu {
    /// The menu entries (required).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<OverflowMenuItem>,
}

/// One entry of an [`OverflowMenu`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverflowMenuItem {
    /// Icon before the text.
    #[serde(alias = "start_icon", skip_serializing_if = "Option::is_none")]
    pub start_icon: Option<Icon>,
    /// Entry text (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// What the entry does (required; not another overflow menu).
    #[serde(alias = "on_click", skip_serializing_if = "Option::is_none")]
    pub on_click: Option<OnClick>,
    /// Drawn inactive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}
