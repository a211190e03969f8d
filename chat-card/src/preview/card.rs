//! A message and its cards: message header, text, cards (header, sections with
//! collapsible "Show more"), accessory widgets.

use super::Out;
use super::html::escape_into;
use super::icons::image_into;
use super::markup::{Syntax, markup_into};
use super::sanitize::card_html_into;
use super::widgets::{align_class, button_into, widget_into};
use crate::model::{Card, DividerStyle, ImageType, MarkupSyntax, Message, Section};

/// The robot avatar of an app (webhooks post as apps).
const APP_AVATAR: &str = "<svg viewBox=\"0 0 24 24\" role=\"img\" aria-label=\"app\"><title>app</title>\
<path d=\"M20 9V7c0-1.1-.9-2-2-2h-3c0-1.66-1.34-3-3-3S9 3.34 9 5H6c-1.1 0-2 .9-2 2v2c-1.66 0-3 1.34-3 3s1.34 3 3 3v4c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2v-4c1.66 0 3-1.34 3-3s-1.34-3-3-3zM7.5 11.5c0-.83.67-1.5 1.5-1.5s1.5.67 1.5 1.5S9.83 13 9 13s-1.5-.67-1.5-1.5zM16 17H8v-2h8v2zm-1-4c-.83 0-1.5-.67-1.5-1.5S14.17 10 15 10s1.5.67 1.5 1.5S15.83 13 15 13z\"/></svg>";

/// Appends a whole message: sender line, text, cards and accessory widgets.
pub(crate) fn message_into(o: &mut Out, m: &Message) {
    o.html
        .push_str("<div class=\"message\" data-message><div class=\"avatar\">");
    o.html.push_str(APP_AVATAR);
    o.html
        .push_str("</div><div class=\"msg-main\"><div class=\"msg-head\"><span class=\"sender\">");
    let sender = m
        .extra
        .get("sender")
        .and_then(|s| s.get("displayName"))
        .and_then(|n| n.as_str())
        .unwrap_or("Webhook");
    escape_into(&mut o.html, sender);
    o.html
        .push_str("</span><span class=\"app-badge\">App</span>");
    if let Some(time) = &m.create_time {
        o.html.push_str("<span class=\"time\">");
        escape_into(&mut o.html, time);
        o.html.push_str("</span>");
    }
    o.html.push_str("</div>");
    if let Some(text) = m.text.as_deref().filter(|t| !t.is_empty()) {
        let syntax = if m.markup_syntax == Some(MarkupSyntax::Markdown) {
            Syntax::Markdown
        } else {
            Syntax::Chat
        };
        o.html
            .push_str("<div class=\"msg-text\" data-message-text>");
        markup_into(&mut o.html, text, syntax);
        o.html.push_str("</div>");
    }
    for card in &m.cards_v2 {
        card_into(o, &card.card, card.card_id.as_deref());
    }
    // A Chat app's answer that opens a dialog: its body is a card.
    if let Some(body) = m
        .action_response
        .as_ref()
        .and_then(|r| {
            r.pointer("/dialogAction/dialog/body")
                .or_else(|| r.pointer("/dialog_action/dialog/body"))
        })
        .and_then(|b| serde_json::from_value::<Card>(b.clone()).ok())
    {
        card_into(o, &body, Some("dialog"));
    }
    if !m.cards.is_empty() {
        o.html.push_str(
            "<div class=\"notice\">This message also has deprecated v1 <code>cards</code>, \
             which the preview does not draw: use <code>cardsV2</code>.</div>",
        );
    }
    if !m.accessory_widgets.is_empty() {
        o.html.push_str("<div class=\"accessory\" data-accessory>");
        for widget in &m.accessory_widgets {
            if let Some(list) = &widget.button_list {
                o.html
                    .push_str("<div class=\"widget button-list\" data-widget=\"buttonList\">");
                for button in &list.buttons {
                    button_into(o, button);
                }
                o.html.push_str("</div>");
            }
        }
        o.html.push_str("</div>");
    }
    o.html.push_str("</div></div>");
}

/// Appends one card.
pub(crate) fn card_into(o: &mut Out, card: &Card, card_id: Option<&str>) {
    o.html.push_str("<div class=\"card");
    if card.section_divider_style == Some(DividerStyle::NoDivider) {
        o.html.push_str(" no-dividers");
    }
    o.html.push_str("\" data-card=\"");
    escape_into(&mut o.html, card_id.unwrap_or(""));
    o.html.push_str("\">");
    if let Some(header) = &card.header {
        o.html
            .push_str("<div class=\"card-header\" data-card-header>");
        if let Some(url) = &header.image_url {
            let class = if header.image_type == Some(ImageType::Circle) {
                "avatar-img circle"
            } else {
                "avatar-img"
            };
            image_into(
                &mut o.html,
                Some(url),
                header.image_alt_text.as_deref().unwrap_or(""),
                class,
            );
        }
        o.html
            .push_str("<div class=\"header-text\"><div class=\"title\">");
        escape_into(&mut o.html, &header.title);
        o.html.push_str("</div>");
        if let Some(subtitle) = header.subtitle.as_deref().filter(|s| !s.is_empty()) {
            o.html.push_str("<div class=\"subtitle\">");
            escape_into(&mut o.html, subtitle);
            o.html.push_str("</div>");
        }
        o.html.push_str("</div></div>");
    }
    for section in &card.sections {
        section_into(o, section);
    }
    // Dialogs only, but drawn so a dialog card can be previewed too.
    if let Some(footer) = &card.fixed_footer {
        o.html
            .push_str("<div class=\"fixed-footer button-list\" data-fixed-footer>");
        for button in [&footer.secondary_button, &footer.primary_button]
            .into_iter()
            .flatten()
        {
            button_into(o, button);
        }
        o.html.push_str("</div>");
    }
    o.html.push_str("</div>");
}

fn section_into(o: &mut Out, s: &Section) {
    o.html.push_str("<div class=\"section\" data-section>");
    if let Some(header) = s.header.as_deref().filter(|h| !h.is_empty()) {
        o.html.push_str("<div class=\"section-header\">");
        card_html_into(&mut o.html, header);
        o.html.push_str("</div>");
    }
    let visible = if s.collapsible == Some(true) {
        let count = s.uncollapsible_widgets_count.unwrap_or(0).max(0);
        usize::try_from(count)
            .unwrap_or(usize::MAX)
            .min(s.widgets.len())
    } else {
        s.widgets.len()
    };
    let (shown, hidden) = s.widgets.split_at(visible);
    for widget in shown {
        widget_into(o, widget);
    }
    if !hidden.is_empty() {
        let id = o.next_id("section");
        let control = s.collapse_control.as_ref();
        let more = control
            .and_then(|c| c.expand_button.as_ref())
            .and_then(|b| b.text.as_deref())
            .unwrap_or("Show more");
        let less = control
            .and_then(|c| c.collapse_button.as_ref())
            .and_then(|b| b.text.as_deref())
            .unwrap_or("Show less");
        let align = align_class(control.and_then(|c| c.horizontal_alignment.as_ref()));
        o.html
            .push_str("<input type=\"checkbox\" class=\"toggle\" id=\"");
        o.html.push_str(&id);
        o.html
            .push_str("\"><div class=\"collapsed\" data-collapsed>");
        for widget in hidden {
            widget_into(o, widget);
        }
        o.html.push_str("</div><div class=\"collapse-control ");
        o.html.push_str(align);
        o.html.push_str("\"><label class=\"btn borderless\" for=\"");
        o.html.push_str(&id);
        o.html.push_str("\"><span class=\"more\">");
        escape_into(&mut o.html, more);
        o.html.push_str(" ▾</span><span class=\"less\">");
        escape_into(&mut o.html, less);
        o.html.push_str(" ▴</span></label></div>");
    }
    o.html.push_str("</div>");
}
