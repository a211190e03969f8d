//! [`Widget`] and the simple widgets: [`TextParagraph`], [`Image`], [`DecoratedText`]
//! (with [`SwitchControl`]) and [`Divider`].

use serde::{Deserialize, Serialize};

use super::{
    Action, Button, ButtonList, Carousel, ChipList, Columns, DateTimePicker, Grid,
    HorizontalAlignment, Icon, OnClick, SelectionInput, SwitchControlType, TextInput, TextSyntax,
    VerticalAlignment, Visibility,
};

/// One widget of a section: exactly one widget kind plus optional siblings.
///
/// In JSON the kind is the object's key: `{"textParagraph": {...}, "horizontalAlignment": "CENTER"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Widget {
    /// The widget itself.
    #[serde(flatten)]
    pub kind: WidgetKind,
    /// Horizontal placement of the widget.
    #[serde(
        alias = "horizontal_alignment",
        skip_serializing_if = "Option::is_none"
    )]
    pub horizontal_alignment: Option<HorizontalAlignment>,
    /// Widget id (Workspace Studio only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Visibility (Workspace Studio only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<Visibility>,
    /// Event actions (Workspace Studio only), kept as raw JSON.
    #[serde(
        default,
        alias = "event_actions",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub event_actions: Vec<serde_json::Value>,
}

impl Widget {
    /// A widget of this kind with no siblings set.
    pub fn new(kind: impl Into<WidgetKind>) -> Self {
        Widget {
            kind: kind.into(),
            ..Default::default()
        }
    }

    /// The JSON key of this widget's kind, like `"decoratedText"`.
    pub fn kind_name(&self) -> &'static str {
        self.kind.name()
    }
}

/// The kinds of widget a section can hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WidgetKind {
    /// Formatted text.
    #[serde(alias = "text_paragraph")]
    TextParagraph(TextParagraph),
    /// An image.
    Image(Image),
    /// Text with icons, labels and a control.
    #[serde(alias = "decorated_text")]
    DecoratedText(Box<DecoratedText>),
    /// A row of buttons.
    #[serde(alias = "button_list")]
    ButtonList(ButtonList),
    /// A text field.
    #[serde(alias = "text_input")]
    TextInput(TextInput),
    /// Check boxes, radio buttons, switches, a dropdown or a multiselect.
    #[serde(alias = "selection_input")]
    SelectionInput(SelectionInput),
    /// A date and/or time field.
    #[serde(alias = "date_time_picker")]
    DateTimePicker(DateTimePicker),
    /// A horizontal line.
    Divider(Divider),
    /// A grid of items.
    Grid(Grid),
    /// Up to two columns.
    Columns(Columns),
    /// A carousel of small cards (Chat only).
    Carousel(Carousel),
    /// A list of chips.
    #[serde(alias = "chip_list")]
    ChipList(ChipList),
}

impl Default for WidgetKind {
    fn default() -> Self {
        WidgetKind::TextParagraph(TextParagraph::default())
    }
}

impl WidgetKind {
    /// The JSON key of this kind, like `"decoratedText"`.
    pub fn name(&self) -> &'static str {
        match self {
            WidgetKind::TextParagraph(_) => "textParagraph",
            WidgetKind::Image(_) => "image",
            WidgetKind::DecoratedText(_) => "decoratedText",
            WidgetKind::ButtonList(_) => "buttonList",
            WidgetKind::TextInput(_) => "textInput",
            WidgetKind::SelectionInput(_) => "selectionInput",
            WidgetKind::DateTimePicker(_) => "dateTimePicker",
            WidgetKind::Divider(_) => "divider",
            WidgetKind::Grid(_) => "grid",
            WidgetKind::Columns(_) => "columns",
            WidgetKind::Carousel(_) => "carousel",
            WidgetKind::ChipList(_) => "chipList",
        }
    }
}

macro_rules! widget_from {
    ($($variant:ident),*) => {$(
        impl From<$variant> for WidgetKind {
            fn from(w: $variant) -> Self {
                WidgetKind::$variant(w)
            }
        }
        impl From<$variant> for Widget {
            fn from(w: $variant) -> Self {
                Widget::new(WidgetKind::$variant(w))
            }
        }
    )*};
}

impl From<DecoratedText> for WidgetKind {
    fn from(w: DecoratedText) -> Self {
        WidgetKind::DecoratedText(Box::new(w))
    }
}

impl From<DecoratedText> for Widget {
    fn from(w: DecoratedText) -> Self {
        Widget::new(WidgetKind::DecoratedText(Box::new(w)))
    }
}

widget_from!(
    TextParagraph,
    Image,
    ButtonList,
    TextInput,
    SelectionInput,
    DateTimePicker,
    Divider,
    Grid,
    Columns,
    Carousel,
    ChipList
);

/// Formatted text (card HTML subset, or Markdown with [`TextSyntax::Markdown`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TextParagraph {
    /// The text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Lines shown before "show more"; 0 shows everything.
    #[serde(alias = "max_lines", skip_serializing_if = "Option::is_none")]
    pub max_lines: Option<i32>,
    /// HTML (default) or Markdown.
    #[serde(alias = "text_syntax", skip_serializing_if = "Option::is_none")]
    pub text_syntax: Option<TextSyntax>,
}

impl TextParagraph {
    /// A paragraph with this text.
    pub fn new(text: impl Into<String>) -> Self {
        TextParagraph {
            text: Some(text.into()),
            ..Default::default()
        }
    }
}

/// An image, optionally clickable.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    /// HTTPS URL of the image.
    #[serde(alias = "image_url", skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// What a click does.
    #[serde(alias = "on_click", skip_serializing_if = "Option::is_none")]
    pub on_click: Option<OnClick>,
    /// Accessibility text.
    #[serde(alias = "alt_text", skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
}

/// Text with optional icons, labels and one control (button, switch or end icon).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecoratedText {
    /// Deprecated start icon; use `start_icon`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Icon>,
    /// Icon before the text.
    #[serde(alias = "start_icon", skip_serializing_if = "Option::is_none")]
    pub start_icon: Option<Icon>,
    /// Vertical placement of the start icon.
    #[serde(
        alias = "start_icon_vertical_alignment",
        skip_serializing_if = "Option::is_none"
    )]
    pub start_icon_vertical_alignment: Option<VerticalAlignment>,
    /// Small text above the main text.
    #[serde(alias = "top_label", skip_serializing_if = "Option::is_none")]
    pub top_label: Option<String>,
    /// Formatted alternative to `top_label`.
    #[serde(alias = "top_label_text", skip_serializing_if = "Option::is_none")]
    pub top_label_text: Option<TextParagraph>,
    /// The main text (card HTML subset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Formatted alternative to `text`.
    #[serde(alias = "content_text", skip_serializing_if = "Option::is_none")]
    pub content_text: Option<TextParagraph>,
    /// Wrap the main text instead of truncating it.
    #[serde(alias = "wrap_text", skip_serializing_if = "Option::is_none")]
    pub wrap_text: Option<bool>,
    /// Small text below the main text.
    #[serde(alias = "bottom_label", skip_serializing_if = "Option::is_none")]
    pub bottom_label: Option<String>,
    /// Formatted alternative to `bottom_label`.
    #[serde(alias = "bottom_label_text", skip_serializing_if = "Option::is_none")]
    pub bottom_label_text: Option<TextParagraph>,
    /// What a click on the labels does.
    #[serde(alias = "on_click", skip_serializing_if = "Option::is_none")]
    pub on_click: Option<OnClick>,
    /// Control: a button at the end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub button: Option<Button>,
    /// Control: a switch or check box at the end.
    #[serde(alias = "switch_control", skip_serializing_if = "Option::is_none")]
    pub switch_control: Option<SwitchControl>,
    /// Control: an icon at the end.
    #[serde(alias = "end_icon", skip_serializing_if = "Option::is_none")]
    pub end_icon: Option<Icon>,
}

impl DecoratedText {
    /// A decorated text with this main text.
    pub fn new(text: impl Into<String>) -> Self {
        DecoratedText {
            text: Some(text.into()),
            ..Default::default()
        }
    }
}

/// A switch or check box at the end of a decorated text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SwitchControl {
    /// Form-input key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Value reported in form input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Initially on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selected: Option<bool>,
    /// Runs when toggled.
    #[serde(alias = "on_change_action", skip_serializing_if = "Option::is_none")]
    pub on_change_action: Option<Action>,
    /// Switch or check box.
    #[serde(alias = "control_type", skip_serializing_if = "Option::is_none")]
    pub control_type: Option<SwitchControlType>,
}

/// A horizontal line: `"divider": {}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Divider {}
