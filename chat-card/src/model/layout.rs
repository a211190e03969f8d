//! Layout widgets: [`Grid`], [`Columns`], [`Carousel`] and their parts.

use serde::{Deserialize, Serialize};

use super::number::serialize_opt_float;
use super::{
    BorderType, ButtonList, ChipList, Color, ColumnVerticalAlignment, DateTimePicker,
    DecoratedText, GridItemLayout, HorizontalAlignment, HorizontalSizeStyle, Image, ImageCropType,
    OnClick, SelectionInput, TextInput, TextParagraph,
};

/// A grid of items with images and text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grid {
    /// Grid header text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The items, row by row.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<GridItem>,
    /// Border of every item.
    #[serde(alias = "border_style", skip_serializing_if = "Option::is_none")]
    pub border_style: Option<BorderStyle>,
    /// Number of columns.
    #[serde(alias = "column_count", skip_serializing_if = "Option::is_none")]
    pub column_count: Option<i32>,
    /// What a click on an item does.
    #[serde(alias = "on_click", skip_serializing_if = "Option::is_none")]
    pub on_click: Option<OnClick>,
}

/// One item of a [`Grid`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GridItem {
    /// Id echoed in the click callback.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageComponent>,
    /// Title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Subtitle.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Text below (default) or above the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<GridItemLayout>,
}

/// The image of a [`GridItem`] (note `imageUri`, not `imageUrl`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageComponent {
    /// HTTPS URL of the image.
    #[serde(alias = "image_uri", skip_serializing_if = "Option::is_none")]
    pub image_uri: Option<String>,
    /// Accessibility text.
    #[serde(alias = "alt_text", skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// How the image is cropped.
    #[serde(alias = "crop_style", skip_serializing_if = "Option::is_none")]
    pub crop_style: Option<ImageCropStyle>,
    /// Border of the image.
    #[serde(alias = "border_style", skip_serializing_if = "Option::is_none")]
    pub border_style: Option<BorderStyle>,
}

/// How an [`ImageComponent`] is cropped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageCropStyle {
    /// Crop shape.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub crop_type: Option<ImageCropType>,
    /// Width / height, for `RECTANGLE_CUSTOM` only.
    #[serde(
        alias = "aspect_ratio",
        serialize_with = "serialize_opt_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub aspect_ratio: Option<f64>,
}

/// Border of grid items and images.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BorderStyle {
    /// No border or a stroke.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub border_type: Option<BorderType>,
    /// Stroke colour.
    #[serde(alias = "stroke_color", skip_serializing_if = "Option::is_none")]
    pub stroke_color: Option<Color>,
    /// Corner radius in pixels.
    #[serde(alias = "corner_radius", skip_serializing_if = "Option::is_none")]
    pub corner_radius: Option<i32>,
}

/// Up to two columns side by side.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Columns {
    /// The columns (at most 2).
    #[serde(default, alias = "column_items", skip_serializing_if = "Vec::is_empty")]
    pub column_items: Vec<Column>,
}

/// One column of [`Columns`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// How much width the column takes.
    #[serde(
        alias = "horizontal_size_style",
        skip_serializing_if = "Option::is_none"
    )]
    pub horizontal_size_style: Option<HorizontalSizeStyle>,
    /// Horizontal placement of the widgets.
    #[serde(
        alias = "horizontal_alignment",
        skip_serializing_if = "Option::is_none"
    )]
    pub horizontal_alignment: Option<HorizontalAlignment>,
    /// Vertical placement of the widgets.
    #[serde(alias = "vertical_alignment", skip_serializing_if = "Option::is_none")]
    pub vertical_alignment: Option<ColumnVerticalAlignment>,
    /// The widgets of the column.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub widgets: Vec<ColumnWidget>,
}

/// The widget kinds a column may hold (no divider, grid, columns or carousel).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ColumnWidget {
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
    /// A selection control.
    #[serde(alias = "selection_input")]
    SelectionInput(SelectionInput),
    /// A date and/or time field.
    #[serde(alias = "date_time_picker")]
    DateTimePicker(DateTimePicker),
    /// A list of chips.
    #[serde(alias = "chip_list")]
    ChipList(ChipList),
}

/// A horizontally scrolling row of small cards (Chat only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Carousel {
    /// The cards.
    #[serde(
        default,
        alias = "carousel_cards",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub carousel_cards: Vec<CarouselCard>,
}

/// One card of a [`Carousel`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CarouselCard {
    /// The body widgets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub widgets: Vec<NestedWidget>,
    /// Widgets at the bottom of the card.
    #[serde(
        default,
        alias = "footer_widgets",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub footer_widgets: Vec<NestedWidget>,
}

/// The widget kinds a carousel card may hold.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum NestedWidget {
    /// Formatted text.
    #[serde(alias = "text_paragraph")]
    TextParagraph(TextParagraph),
    /// A row of buttons.
    #[serde(alias = "button_list")]
    ButtonList(ButtonList),
    /// An image.
    Image(Image),
}
