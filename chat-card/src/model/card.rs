//! Card-level objects: [`Card`], [`CardHeader`], [`Section`], [`CollapseControl`].

use serde::{Deserialize, Serialize};

use super::{Button, DisplayStyle, DividerStyle, HorizontalAlignment, ImageType, OnClick, Widget};

/// A card: a header and sections of widgets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// The header at the top of the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<CardHeader>,
    /// The sections, separated by divider lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Whether sections are separated by lines.
    #[serde(
        alias = "section_divider_style",
        skip_serializing_if = "Option::is_none"
    )]
    pub section_divider_style: Option<DividerStyle>,
    /// Footer buttons (dialogs only, not card messages).
    #[serde(alias = "fixed_footer", skip_serializing_if = "Option::is_none")]
    pub fixed_footer: Option<CardFixedFooter>,
    /// Toolbar menu entries (Workspace add-ons only).
    #[serde(default, alias = "card_actions", skip_serializing_if = "Vec::is_empty")]
    pub card_actions: Vec<CardAction>,
    /// Card name for add-on navigation (Workspace add-ons only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Peek or replace (Workspace add-ons only).
    #[serde(alias = "display_style", skip_serializing_if = "Option::is_none")]
    pub display_style: Option<DisplayStyle>,
    /// Header of a peek card (Workspace add-ons only).
    #[serde(alias = "peek_card_header", skip_serializing_if = "Option::is_none")]
    pub peek_card_header: Option<CardHeader>,
    /// Expressions and conditions (Workspace Studio only), kept as raw JSON.
    #[serde(
        default,
        alias = "expression_data",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub expression_data: Vec<serde_json::Value>,
}

/// The header of a card: title, subtitle and an image.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardHeader {
    /// Title (required; an empty title is omitted from the JSON).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Line under the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// HTTPS URL of the header image.
    #[serde(alias = "image_url", skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Square (default) or circle crop of the image.
    #[serde(alias = "image_type", skip_serializing_if = "Option::is_none")]
    pub image_type: Option<ImageType>,
    /// Accessibility text of the image.
    #[serde(alias = "image_alt_text", skip_serializing_if = "Option::is_none")]
    pub image_alt_text: Option<String>,
}

impl CardHeader {
    /// A header with this title.
    pub fn new(title: impl Into<String>) -> Self {
        CardHeader {
            title: title.into(),
            ..Default::default()
        }
    }
}

/// A section: an optional header and widgets, optionally collapsible.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// Section header (card HTML subset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// The widgets, top to bottom (at least one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub widgets: Vec<Widget>,
    /// Adds "Show more" / "Show less".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collapsible: Option<bool>,
    /// Widgets still shown when the section is collapsed.
    #[serde(
        alias = "uncollapsible_widgets_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub uncollapsible_widgets_count: Option<i32>,
    /// Custom expand and collapse buttons.
    #[serde(alias = "collapse_control", skip_serializing_if = "Option::is_none")]
    pub collapse_control: Option<CollapseControl>,
    /// Section id (Workspace Studio only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Section {
    /// A section with these widgets.
    pub fn new(widgets: Vec<Widget>) -> Self {
        Section {
            widgets,
            ..Default::default()
        }
    }
}

/// Custom expand and collapse buttons of a collapsible section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollapseControl {
    /// Placement of the button.
    #[serde(
        alias = "horizontal_alignment",
        skip_serializing_if = "Option::is_none"
    )]
    pub horizontal_alignment: Option<HorizontalAlignment>,
    /// The "show more" button.
    #[serde(alias = "expand_button", skip_serializing_if = "Option::is_none")]
    pub expand_button: Option<Button>,
    /// The "show less" button.
    #[serde(alias = "collapse_button", skip_serializing_if = "Option::is_none")]
    pub collapse_button: Option<Button>,
}

/// Footer buttons of a dialog card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardFixedFooter {
    /// The main button.
    #[serde(alias = "primary_button", skip_serializing_if = "Option::is_none")]
    pub primary_button: Option<Button>,
    /// The second button.
    #[serde(alias = "secondary_button", skip_serializing_if = "Option::is_none")]
    pub secondary_button: Option<Button>,
}

/// A toolbar menu entry of an add-on card (Workspace add-ons only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardAction {
    /// Menu label.
    #[serde(alias = "action_label", skip_serializing_if = "Option::is_none")]
    pub action_label: Option<String>,
    /// What the entry does.
    #[serde(alias = "on_click", skip_serializing_if = "Option::is_none")]
    pub on_click: Option<OnClick>,
}
