//! Buttons, icons, colours and chips: [`ButtonList`], [`Button`], [`Icon`],
//! [`MaterialIcon`], [`Color`], [`ChipList`], [`Chip`].

use serde::{Deserialize, Serialize};

use super::number::serialize_opt_float;
use super::{ButtonType, ChipListLayout, ImageType, KnownIcon, OnClick, OpenLink};

/// A row of buttons.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ButtonList {
    /// The buttons, laid out horizontally.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub buttons: Vec<Button>,
}

/// A text button, an icon button, or both.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Button {
    /// Label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Icon shown before the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Icon>,
    /// Fill colour; makes the button filled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// What a click does (required).
    #[serde(alias = "on_click", skip_serializing_if = "Option::is_none")]
    pub on_click: Option<OnClick>,
    /// Drawn inactive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Accessibility and hover text.
    #[serde(alias = "alt_text", skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// Style (outlined by default; ignored when `color` is set).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub button_type: Option<ButtonType>,
}

impl Button {
    /// A text button that opens `url`.
    pub fn link(text: impl Into<String>, url: impl Into<String>) -> Self {
        Button {
            text: Some(text.into()),
            on_click: Some(OnClick::OpenLink(OpenLink::new(url))),
            ..Default::default()
        }
    }
}

/// An icon: built-in, from a URL, or a Material Symbol (set exactly one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Icon {
    /// A built-in icon.
    #[serde(alias = "known_icon", skip_serializing_if = "Option::is_none")]
    pub known_icon: Option<KnownIcon>,
    /// HTTPS URL of a PNG or JPEG icon.
    #[serde(alias = "icon_url", skip_serializing_if = "Option::is_none")]
    pub icon_url: Option<String>,
    /// A Google Material Symbol (Chat only).
    #[serde(alias = "material_icon", skip_serializing_if = "Option::is_none")]
    pub material_icon: Option<MaterialIcon>,
    /// Accessibility text (default "Button").
    #[serde(alias = "alt_text", skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// Square (default) or circle crop.
    #[serde(alias = "image_type", skip_serializing_if = "Option::is_none")]
    pub image_type: Option<ImageType>,
}

impl Icon {
    /// A built-in icon.
    pub fn known(icon: KnownIcon) -> Self {
        Icon {
            known_icon: Some(icon),
            ..Default::default()
        }
    }

    /// An icon loaded from a URL.
    pub fn url(url: impl Into<String>) -> Self {
        Icon {
            icon_url: Some(url.into()),
            ..Default::default()
        }
    }

    /// A Material Symbol by name, like `"check_circle"`.
    pub fn material(name: impl Into<String>) -> Self {
        Icon {
            material_icon: Some(MaterialIcon {
                name: Some(name.into()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }
}

/// A Google Material Symbol.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaterialIcon {
    /// Symbol name, like `check_box`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Filled variant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill: Option<bool>,
    /// Stroke weight: 100 to 700 in steps of 100 (default 400).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    /// Grade: -25, 0 or 200 (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<i32>,
}

/// A colour with components from 0 to 1 (`google.type.Color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Color {
    /// Red, 0 to 1.
    #[serde(
        serialize_with = "serialize_opt_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub red: Option<f64>,
    /// Green, 0 to 1.
    #[serde(
        serialize_with = "serialize_opt_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub green: Option<f64>,
    /// Blue, 0 to 1.
    #[serde(
        serialize_with = "serialize_opt_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub blue: Option<f64>,
    /// Opacity, 0 to 1 (ignored by Chat cards).
    #[serde(
        serialize_with = "serialize_opt_float",
        skip_serializing_if = "Option::is_none"
    )]
    pub alpha: Option<f64>,
}

impl Color {
    /// A colour from 8-bit components.
    pub fn rgb8(red: u8, green: u8, blue: u8) -> Self {
        Color {
            red: Some(f64::from(red) / 255.0),
            green: Some(f64::from(green) / 255.0),
            blue: Some(f64::from(blue) / 255.0),
            alpha: None,
        }
    }

    /// Parses `#rrggbb` (or `rrggbb`); `None` when it is not six hex digits.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let digits = hex.strip_prefix('#').unwrap_or(hex);
        if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok();
        Some(Color::rgb8(channel(0)?, channel(2)?, channel(4)?))
    }

    /// The colour as 8-bit components; missing components are 0, values are clamped.
    pub fn to_rgb8(&self) -> [u8; 3] {
        let channel = |c: Option<f64>| {
            let v = c.unwrap_or(0.0);
            let v = if v.is_finite() {
                v.clamp(0.0, 1.0)
            } else {
                0.0
            };
            // In 0..=255 after the clamp, so the cast is exact after rounding.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let byte = (v * 255.0).round() as u8;
            byte
        };
        [channel(self.red), channel(self.green), channel(self.blue)]
    }

    /// The colour as `#rrggbb`.
    pub fn to_hex(&self) -> String {
        let [r, g, b] = self.to_rgb8();
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// A list of chips.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChipList {
    /// Wrapped (default) or horizontally scrollable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<ChipListLayout>,
    /// The chips.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chips: Vec<Chip>,
}

/// A small rounded button with a label and an optional icon.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Chip {
    /// Icon before the label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Icon>,
    /// The chip's text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What a click does.
    #[serde(alias = "on_click", skip_serializing_if = "Option::is_none")]
    pub on_click: Option<OnClick>,
    /// Deprecated; use `disabled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Drawn inactive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Accessibility text.
    #[serde(alias = "alt_text", skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
}
