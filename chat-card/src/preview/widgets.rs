//! Widgets: the dispatch over widget kinds, and the simple widgets (text paragraph,
//! image, decorated text, buttons, chips, divider).

use super::html::{escape_into, is_web_url};
use super::icons::{MORE_VERT, flow_image_into, icon_into};
use super::markup::{Syntax, markup_into};
use super::sanitize::card_html_into;
use super::{Out, inputs, layout};
use crate::model::{
    Button, ButtonList, ButtonType, ChipList, ChipListLayout, ColumnWidget, DecoratedText,
    HorizontalAlignment, Image, NestedWidget, OnClick, SwitchControl, SwitchControlType,
    TextParagraph, TextSyntax, VerticalAlignment, Widget, WidgetKind,
};

/// Appends one section widget.
pub(crate) fn widget_into(o: &mut Out, widget: &Widget) {
    let align = align_class(widget.horizontal_alignment.as_ref());
    match &widget.kind {
        WidgetKind::TextParagraph(w) => wrap(o, "textParagraph", align, |o| paragraph(o, w)),
        WidgetKind::Image(w) => wrap(o, "image", align, |o| image(o, w)),
        WidgetKind::DecoratedText(w) => wrap(o, "decoratedText", align, |o| decorated(o, w)),
        WidgetKind::ButtonList(w) => wrap(o, "buttonList", align, |o| button_list(o, w)),
        WidgetKind::TextInput(w) => wrap(o, "textInput", align, |o| inputs::text_input(o, w)),
        WidgetKind::SelectionInput(w) => {
            wrap(o, "selectionInput", align, |o| {
                inputs::selection_input(o, w)
            });
        }
        WidgetKind::DateTimePicker(w) => {
            wrap(o, "dateTimePicker", align, |o| {
                inputs::date_time_picker(o, w)
            });
        }
        WidgetKind::Divider(_) => wrap(o, "divider", align, |o| o.html.push_str("<hr>")),
        WidgetKind::Grid(w) => wrap(o, "grid", align, |o| layout::grid(o, w)),
        WidgetKind::Columns(w) => wrap(o, "columns", align, |o| layout::columns(o, w)),
        WidgetKind::Carousel(w) => wrap(o, "carousel", align, |o| layout::carousel(o, w)),
        WidgetKind::ChipList(w) => wrap(o, "chipList", align, |o| chip_list(o, w)),
    }
}

/// Appends one widget of a column.
pub(crate) fn column_widget_into(o: &mut Out, widget: &ColumnWidget) {
    match widget {
        ColumnWidget::TextParagraph(w) => wrap(o, "textParagraph", "", |o| paragraph(o, w)),
        ColumnWidget::Image(w) => wrap(o, "image", "", |o| image(o, w)),
        ColumnWidget::DecoratedText(w) => wrap(o, "decoratedText", "", |o| decorated(o, w)),
        ColumnWidget::ButtonList(w) => wrap(o, "buttonList", "", |o| button_list(o, w)),
        ColumnWidget::TextInput(w) => wrap(o, "textInput", "", |o| inputs::text_input(o, w)),
        ColumnWidget::SelectionInput(w) => {
            wrap(o, "selectionInput", "", |o| inputs::selection_input(o, w));
        }
        ColumnWidget::DateTimePicker(w) => {
            wrap(o, "dateTimePicker", "", |o| inputs::date_time_picker(o, w));
        }
        ColumnWidget::ChipList(w) => wrap(o, "chipList", "", |o| chip_list(o, w)),
    }
}

/// Appends one widget of a carousel card.
pub(crate) fn nested_widget_into(o: &mut Out, widget: &NestedWidget) {
    match widget {
        NestedWidget::TextParagraph(w) => wrap(o, "textParagraph", "", |o| paragraph(o, w)),
        NestedWidget::ButtonList(w) => wrap(o, "buttonList", "", |o| button_list(o, w)),
        NestedWidget::Image(w) => wrap(o, "image", "", |o| image(o, w)),
    }
}

fn wrap(o: &mut Out, kind: &str, align: &str, body: impl FnOnce(&mut Out)) {
    o.html.push_str("<div class=\"widget ");
    o.html.push_str(align);
    o.html.push_str("\" data-widget=\"");
    o.html.push_str(kind);
    o.html.push_str("\">");
    body(o);
    o.html.push_str("</div>");
}

/// The CSS class of a horizontal alignment.
pub(crate) fn align_class(align: Option<&HorizontalAlignment>) -> &'static str {
    match align {
        Some(HorizontalAlignment::Center) => "align-center",
        Some(HorizontalAlignment::End) => "align-end",
        _ => "align-start",
    }
}

/// Appends formatted card text: the HTML subset, or Markdown.
pub(crate) fn rich_text_into(o: &mut Out, text: &str, syntax: Option<&TextSyntax>) {
    if syntax == Some(&TextSyntax::Markdown) {
        markup_into(&mut o.html, text, Syntax::Markdown);
    } else {
        card_html_into(&mut o.html, text);
    }
}

pub(crate) fn paragraph(o: &mut Out, p: &TextParagraph) {
    let text = p.text.as_deref().unwrap_or("");
    let max_lines = p.max_lines.unwrap_or(0);
    if max_lines > 0 {
        let id = o.next_id("more");
        o.html
            .push_str("<input type=\"checkbox\" class=\"toggle\" id=\"");
        o.html.push_str(&id);
        o.html
            .push_str("\"><div class=\"text clamp\" style=\"-webkit-line-clamp:");
        o.html.push_str(&max_lines.min(1000).to_string());
        o.html.push_str("\">");
        rich_text_into(o, text, p.text_syntax.as_ref());
        o.html.push_str("</div><label class=\"show-more\" for=\"");
        o.html.push_str(&id);
        o.html.push_str(
            "\"><span class=\"more\">Show more</span><span class=\"less\">Show less</span></label>",
        );
    } else {
        o.html.push_str("<div class=\"text\">");
        rich_text_into(o, text, p.text_syntax.as_ref());
        o.html.push_str("</div>");
    }
}

/// The URL an on-click opens, when it is a usable `http(s)` link.
pub(crate) fn link_of(on_click: Option<&OnClick>) -> Option<&str> {
    match on_click? {
        OnClick::OpenLink(link) => link.url.as_deref().filter(|u| is_web_url(u)),
        _ => None,
    }
}

/// Opens an `<a>` for a clickable element, or a `<span>` when there is no link;
/// returns the closing tag.
pub(crate) fn open_clickable(o: &mut Out, on_click: Option<&OnClick>, class: &str) -> &'static str {
    if let Some(url) = link_of(on_click) {
        o.html.push_str("<a class=\"");
        o.html.push_str(class);
        o.html.push_str("\" href=\"");
        escape_into(&mut o.html, url);
        o.html
            .push_str("\" target=\"_blank\" rel=\"noopener noreferrer\">");
        "</a>"
    } else {
        o.html.push_str("<span class=\"");
        o.html.push_str(class);
        o.html.push('"');
        if let Some(OnClick::Action(action) | OnClick::OpenDynamicLinkAction(action)) = on_click {
            o.html.push_str(" title=\"calls the app: ");
            escape_into(
                &mut o.html,
                action.function.as_deref().unwrap_or("(no function)"),
            );
            o.html.push('"');
        }
        o.html.push('>');
        "</span>"
    }
}

fn image(o: &mut Out, img: &Image) {
    let close = open_clickable(o, img.on_click.as_ref(), "image-link");
    flow_image_into(
        &mut o.html,
        img.image_url.as_deref(),
        img.alt_text.as_deref().unwrap_or(""),
    );
    o.html.push_str(close);
}

fn decorated(o: &mut Out, d: &DecoratedText) {
    o.html.push_str("<div class=\"decorated\">");
    if let Some(icon) = d.start_icon.as_ref().or(d.icon.as_ref()) {
        let va = match d.start_icon_vertical_alignment {
            Some(VerticalAlignment::Top) => " va-top",
            Some(VerticalAlignment::Bottom) => " va-bottom",
            _ => "",
        };
        o.html.push_str("<span class=\"start-icon");
        o.html.push_str(va);
        o.html.push_str("\">");
        icon_into(&mut o.html, icon);
        o.html.push_str("</span>");
    }
    let close = open_clickable(o, d.on_click.as_ref(), "dt-body");
    if let Some(top) = &d.top_label_text {
        o.html.push_str("<div class=\"label top-label\">");
        rich_text_into(
            o,
            top.text.as_deref().unwrap_or(""),
            top.text_syntax.as_ref(),
        );
        o.html.push_str("</div>");
    } else if let Some(top) = &d.top_label {
        o.html.push_str("<div class=\"label top-label\">");
        card_html_into(&mut o.html, top);
        o.html.push_str("</div>");
    }
    let wrap = if d.wrap_text == Some(true) {
        "dt-text wrap"
    } else {
        "dt-text"
    };
    o.html.push_str("<div class=\"");
    o.html.push_str(wrap);
    o.html.push_str("\">");
    if let Some(content) = &d.content_text {
        rich_text_into(
            o,
            content.text.as_deref().unwrap_or(""),
            content.text_syntax.as_ref(),
        );
    } else {
        card_html_into(&mut o.html, d.text.as_deref().unwrap_or(""));
    }
    o.html.push_str("</div>");
    if let Some(bottom) = &d.bottom_label_text {
        o.html.push_str("<div class=\"label bottom-label\">");
        rich_text_into(
            o,
            bottom.text.as_deref().unwrap_or(""),
            bottom.text_syntax.as_ref(),
        );
        o.html.push_str("</div>");
    } else if let Some(bottom) = &d.bottom_label {
        o.html.push_str("<div class=\"label bottom-label\">");
        card_html_into(&mut o.html, bottom);
        o.html.push_str("</div>");
    }
    o.html.push_str(close);
    if let Some(button) = &d.button {
        o.html.push_str("<span class=\"dt-control\">");
        button_into(o, button);
        o.html.push_str("</span>");
    } else if let Some(switch) = &d.switch_control {
        o.html.push_str("<span class=\"dt-control\">");
        switch_into(o, switch);
        o.html.push_str("</span>");
    } else if let Some(icon) = &d.end_icon {
        o.html.push_str("<span class=\"dt-control end-icon\">");
        icon_into(&mut o.html, icon);
        o.html.push_str("</span>");
    }
    o.html.push_str("</div>");
}

/// Appends a disabled switch or check box.
pub(crate) fn switch_into(o: &mut Out, switch: &SwitchControl) {
    let checked = if switch.selected == Some(true) {
        " checked"
    } else {
        ""
    };
    let check_box = matches!(
        switch.control_type,
        Some(SwitchControlType::CheckBox | SwitchControlType::Checkbox)
    );
    if check_box {
        o.html
            .push_str("<input type=\"checkbox\" class=\"checkbox\" disabled");
        o.html.push_str(checked);
        o.html.push('>');
    } else {
        o.html
            .push_str("<label class=\"switch\"><input type=\"checkbox\" disabled");
        o.html.push_str(checked);
        o.html
            .push_str("><span class=\"track\"><span class=\"thumb\"></span></span></label>");
    }
}

fn button_list(o: &mut Out, list: &ButtonList) {
    o.html.push_str("<div class=\"button-list\">");
    for button in &list.buttons {
        button_into(o, button);
    }
    o.html.push_str("</div>");
}

/// Appends one button (with its overflow menu, if any).
pub(crate) fn button_into(o: &mut Out, b: &Button) {
    let mut class = String::from("btn ");
    let mut style = String::new();
    if let Some(color) = &b.color {
        let [r, g, bl] = color.to_rgb8();
        // Perceived luminance decides white or black text, like Chat's contrast rule.
        let light = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(bl) > 160.0;
        class.push_str("filled custom");
        style = format!(
            " style=\"background:{};color:{}\"",
            color.to_hex(),
            if light { "#1f1f1f" } else { "#ffffff" }
        );
    } else {
        class.push_str(match b.button_type {
            Some(ButtonType::Filled) => "filled",
            Some(ButtonType::FilledTonal) => "tonal",
            Some(ButtonType::Borderless) => "borderless",
            _ => "outlined",
        });
    }
    let icon_only = b.text.as_deref().is_none_or(str::is_empty);
    if icon_only {
        class.push_str(" icon-only");
    }
    let disabled = b.disabled == Some(true);
    if disabled {
        class.push_str(" disabled");
        style.clear();
    }
    let menu = match &b.on_click {
        Some(OnClick::OverflowMenu(menu)) if !disabled => Some(menu),
        _ => None,
    };
    if menu.is_some() {
        o.html
            .push_str("<details class=\"overflow\"><summary class=\"");
        o.html.push_str(&class);
        o.html.push('"');
        o.html.push_str(&style);
        o.html.push('>');
    } else if disabled {
        o.html.push_str("<span class=\"");
        o.html.push_str(&class);
        o.html.push_str("\" aria-disabled=\"true\">");
    } else {
        let close = open_clickable(o, b.on_click.as_ref(), &class);
        // `open_clickable` wrote the opening tag; add the style before its `>`.
        if !style.is_empty() && o.html.ends_with('>') {
            o.html.pop();
            o.html.push_str(&style);
            o.html.push('>');
        }
        button_body(o, b, icon_only);
        o.html.push_str(close);
        return;
    }
    button_body(o, b, icon_only);
    match menu {
        Some(menu) => {
            o.html.push_str("</summary><div class=\"menu\">");
            for item in &menu.items {
                let class = if item.disabled == Some(true) {
                    "menu-item disabled"
                } else {
                    "menu-item"
                };
                let close = open_clickable(o, item.on_click.as_ref(), class);
                if let Some(icon) = &item.start_icon {
                    icon_into(&mut o.html, icon);
                }
                o.html.push_str("<span>");
                escape_into(&mut o.html, item.text.as_deref().unwrap_or(""));
                o.html.push_str("</span>");
                o.html.push_str(close);
            }
            o.html.push_str("</div></details>");
        }
        None => o.html.push_str("</span>"),
    }
}

fn button_body(o: &mut Out, b: &Button, icon_only: bool) {
    if let Some(icon) = &b.icon {
        icon_into(&mut o.html, icon);
    } else if icon_only && matches!(b.on_click, Some(OnClick::OverflowMenu(_))) {
        o.html.push_str(
            "<svg class=\"icon\" viewBox=\"0 0 24 24\" role=\"img\" aria-label=\"more\"><title>more</title><path d=\"",
        );
        o.html.push_str(MORE_VERT);
        o.html.push_str("\"/></svg>");
    }
    if let Some(text) = b.text.as_deref().filter(|t| !t.is_empty()) {
        o.html.push_str("<span class=\"btn-text\">");
        escape_into(&mut o.html, text);
        o.html.push_str("</span>");
    }
}

pub(crate) fn chip_list(o: &mut Out, list: &ChipList) {
    let class = if list.layout == Some(ChipListLayout::HorizontalScrollable) {
        "chip-list scroll"
    } else {
        "chip-list"
    };
    o.html.push_str("<div class=\"");
    o.html.push_str(class);
    o.html.push_str("\">");
    for chip in &list.chips {
        let disabled = chip.disabled == Some(true) || chip.enabled == Some(false);
        let class = if disabled { "chip disabled" } else { "chip" };
        let on_click = if disabled {
            None
        } else {
            chip.on_click.as_ref()
        };
        let close = open_clickable(o, on_click, class);
        if let Some(icon) = &chip.icon {
            icon_into(&mut o.html, icon);
        }
        o.html.push_str("<span>");
        escape_into(&mut o.html, chip.label.as_deref().unwrap_or(""));
        o.html.push_str("</span>");
        o.html.push_str(close);
    }
    o.html.push_str("</div>");
}

/// Appends a plain, non-clickable chip with this label.
pub(crate) fn chip_icon_free(o: &mut Out, label: &str) {
    o.html.push_str("<span class=\"chip\"><span>");
    escape_into(&mut o.html, label);
    o.html.push_str("</span></span>");
}
