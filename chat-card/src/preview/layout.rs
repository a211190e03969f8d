//! Layout widgets: grid, columns and carousel.

use std::fmt::Write as _;

use super::Out;
use super::html::escape_into;
use super::icons::image_into;
use super::sanitize::card_html_into;
use super::widgets::{align_class, column_widget_into, nested_widget_into, open_clickable};
use crate::model::{
    BorderStyle, BorderType, Carousel, ColumnVerticalAlignment, Columns, Grid, GridItemLayout,
    HorizontalSizeStyle, ImageCropType,
};

/// CSS for a border style (only what the model says; values are numbers and hex colours).
fn border_css(border: Option<&BorderStyle>) -> String {
    let Some(border) = border else {
        return String::new();
    };
    let mut css = String::new();
    if border.border_type == Some(BorderType::Stroke) {
        let color = border
            .stroke_color
            .map(|c| c.to_hex())
            .unwrap_or_else(|| "var(--outline)".into());
        let _ = write!(css, "border:1px solid {color};");
    } else if border.border_type == Some(BorderType::NoBorder) {
        css.push_str("border:none;");
    }
    if let Some(radius) = border.corner_radius {
        let _ = write!(css, "border-radius:{}px;", radius.clamp(0, 64));
    }
    css
}

pub(crate) fn grid(o: &mut Out, g: &Grid) {
    if let Some(title) = g.title.as_deref().filter(|t| !t.is_empty()) {
        o.html.push_str("<div class=\"grid-title\">");
        card_html_into(&mut o.html, title);
        o.html.push_str("</div>");
    }
    let columns = g.column_count.filter(|c| *c > 0).unwrap_or(2).min(6);
    let _ = write!(
        o.html,
        "<div class=\"grid\" style=\"grid-template-columns:repeat({columns},minmax(0,1fr))\">"
    );
    let item_border = border_css(g.border_style.as_ref());
    for item in &g.items {
        let close = open_clickable(o, g.on_click.as_ref(), "grid-item-link");
        let above = item.layout == Some(GridItemLayout::TextAbove);
        o.html.push_str(if above {
            "<div class=\"grid-item text-above\""
        } else {
            "<div class=\"grid-item\""
        });
        if !item_border.is_empty() {
            o.html.push_str(" style=\"");
            o.html.push_str(&item_border);
            o.html.push('"');
        }
        o.html.push('>');
        if let Some(image) = &item.image {
            let crop = image.crop_style.as_ref();
            let (class, ratio) = match crop.and_then(|c| c.crop_type.as_ref()) {
                Some(ImageCropType::Circle) => ("grid-image circle", 1.0),
                Some(ImageCropType::Rectangle4x3) => ("grid-image", 4.0 / 3.0),
                Some(ImageCropType::RectangleCustom) => (
                    "grid-image",
                    crop.and_then(|c| c.aspect_ratio)
                        .filter(|r| r.is_finite() && *r > 0.0)
                        .map_or(1.0, |r| r.clamp(0.1, 10.0)),
                ),
                _ => ("grid-image", 1.0),
            };
            let _ = write!(
                o.html,
                "<span class=\"grid-image-frame\" style=\"aspect-ratio:{ratio:.4};{}\">",
                border_css(image.border_style.as_ref())
            );
            image_into(
                &mut o.html,
                image.image_uri.as_deref(),
                image.alt_text.as_deref().unwrap_or(""),
                class,
            );
            o.html.push_str("</span>");
        }
        o.html.push_str("<span class=\"grid-text\">");
        if let Some(title) = &item.title {
            o.html.push_str("<span class=\"grid-item-title\">");
            escape_into(&mut o.html, title);
            o.html.push_str("</span>");
        }
        if let Some(subtitle) = &item.subtitle {
            o.html.push_str("<span class=\"grid-item-subtitle\">");
            escape_into(&mut o.html, subtitle);
            o.html.push_str("</span>");
        }
        o.html.push_str("</span></div>");
        o.html.push_str(close);
    }
    o.html.push_str("</div>");
}

pub(crate) fn columns(o: &mut Out, c: &Columns) {
    o.html.push_str("<div class=\"columns\">");
    for column in &c.column_items {
        let size = match column.horizontal_size_style {
            Some(HorizontalSizeStyle::FillMinimumSpace) => "fill-minimum",
            _ => "fill-available",
        };
        let va = match column.vertical_alignment {
            Some(ColumnVerticalAlignment::Top) => "va-top",
            Some(ColumnVerticalAlignment::Bottom) => "va-bottom",
            _ => "va-center",
        };
        let _ = write!(
            o.html,
            "<div class=\"column {size} {va} {}\" data-column>",
            align_class(column.horizontal_alignment.as_ref())
        );
        for widget in &column.widgets {
            column_widget_into(o, widget);
        }
        o.html.push_str("</div>");
    }
    o.html.push_str("</div>");
}

pub(crate) fn carousel(o: &mut Out, c: &Carousel) {
    o.html.push_str("<div class=\"carousel\">");
    for card in &c.carousel_cards {
        o.html
            .push_str("<div class=\"carousel-card\" data-carousel-card><div class=\"cc-body\">");
        for widget in &card.widgets {
            nested_widget_into(o, widget);
        }
        o.html.push_str("</div>");
        if !card.footer_widgets.is_empty() {
            o.html.push_str("<div class=\"cc-footer\">");
            for widget in &card.footer_widgets {
                nested_widget_into(o, widget);
            }
            o.html.push_str("</div>");
        }
        o.html.push_str("</div>");
    }
    o.html.push_str("</div>");
}
