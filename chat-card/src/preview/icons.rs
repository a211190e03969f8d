//! Icons drawn without network access, as inline SVG.
//!
//! The 28 built-in `knownIcon`s are simplified Material-style glyphs (24×24, filled with
//! `currentColor`). Material Symbols (`materialIcon`) are drawn from a small table of
//! common names; any other name gets a generic glyph (a rounded square with the name's
//! first letter) whose tooltip is the symbol name. Icons from URLs are `<img>`s with
//! their alt text behind them as a placeholder.

use super::html::{escape, escape_into, is_image_url};
use crate::model::{Icon, ImageType, KnownIcon};

/// The SVG path of a built-in icon.
fn known_path(icon: &KnownIcon) -> Option<&'static str> {
    Some(match icon {
        KnownIcon::Airplane => {
            "M21 16v-2l-8-5V3.5c0-.83-.67-1.5-1.5-1.5S10 2.67 10 3.5V9l-8 5v2l8-2.5V19l-2 1.5V22l3.5-1 3.5 1v-1.5L13 19v-5.5l8 2.5z"
        }
        KnownIcon::Bookmark => "M17 3H7c-1.1 0-2 .9-2 2v16l7-3 7 3V5c0-1.1-.9-2-2-2z",
        KnownIcon::Bus => {
            "M4 16c0 .88.39 1.67 1 2.22V20c0 .55.45 1 1 1h1c.55 0 1-.45 1-1v-1h8v1c0 .55.45 1 1 1h1c.55 0 1-.45 1-1v-1.78c.61-.55 1-1.34 1-2.22V6c0-3.5-3.58-4-8-4s-8 .5-8 4v10zm3.5 1c-.83 0-1.5-.67-1.5-1.5S6.67 14 7.5 14s1.5.67 1.5 1.5S8.33 17 7.5 17zm9 0c-.83 0-1.5-.67-1.5-1.5s.67-1.5 1.5-1.5 1.5.67 1.5 1.5-.67 1.5-1.5 1.5zm1.5-6H6V6h12v5z"
        }
        KnownIcon::Car => {
            "M18.92 6.01C18.72 5.42 18.16 5 17.5 5h-11c-.66 0-1.21.42-1.42 1.01L3 12v8c0 .55.45 1 1 1h1c.55 0 1-.45 1-1v-1h12v1c0 .55.45 1 1 1h1c.55 0 1-.45 1-1v-8l-2.08-5.99zM6.5 16c-.83 0-1.5-.67-1.5-1.5S5.67 13 6.5 13s1.5.67 1.5 1.5S7.33 16 6.5 16zm11 0c-.83 0-1.5-.67-1.5-1.5s.67-1.5 1.5-1.5 1.5.67 1.5 1.5-.67 1.5-1.5 1.5zM5 11l1.5-4.5h11L19 11H5z"
        }
        KnownIcon::Clock => CLOCK,
        KnownIcon::ConfirmationNumberIcon => {
            "M22 10V6c0-1.11-.9-2-2-2H4c-1.1 0-1.99.89-1.99 2v4c1.1 0 1.99.9 1.99 2s-.89 2-2 2v4c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2v-4c-1.1 0-2-.9-2-2s.9-2 2-2zm-9 7.5h-2v-2h2v2zm0-4.5h-2v-2h2v2zm0-4.5h-2v-2h2v2z"
        }
        KnownIcon::Description => DESCRIPTION,
        KnownIcon::Dollar => {
            "M11.8 10.9c-2.27-.59-3-1.2-3-2.15 0-1.09 1.01-1.85 2.7-1.85 1.78 0 2.44.85 2.5 2.1h2.21c-.07-1.72-1.12-3.3-3.21-3.81V3h-3v2.16c-1.94.42-3.5 1.68-3.5 3.61 0 2.31 1.91 3.46 4.7 4.13 2.5.6 3 1.48 3 2.41 0 .69-.49 1.79-2.7 1.79-2.06 0-2.87-.92-2.98-2.1h-2.2c.12 2.19 1.76 3.42 3.68 3.83V21h3v-2.15c1.95-.37 3.5-1.5 3.5-3.55 0-2.84-2.43-3.81-4.7-4.4z"
        }
        KnownIcon::Email => EMAIL,
        KnownIcon::EventSeat => {
            "M4 18v3h3v-3h10v3h3v-6H4zm15-8h3v3h-3zM2 10h3v3H2zm15 3H7V5c0-1.1.9-2 2-2h6c1.1 0 2 .9 2 2v8z"
        }
        KnownIcon::FlightArrival => {
            "M2.5 19h19v2h-19zm7.18-5.73l4.35 1.16 5.31 1.42c.8.21 1.62-.26 1.84-1.06.21-.8-.26-1.62-1.06-1.84l-5.31-1.42-2.76-9.02L10.12 2v8.28L5.15 8.95l-.93-2.32-1.45-.39v5.17l1.6.43 5.31 1.43z"
        }
        KnownIcon::FlightDeparture => {
            "M2.5 19h19v2h-19zm19.57-9.36c-.21-.8-1.04-1.28-1.84-1.06L14.92 10l-6.9-6.43-1.93.51 4.14 7.17-4.97 1.33-1.97-1.54-1.45.39 1.82 3.16.77 1.33 1.6-.43 5.31-1.42 4.35-1.16L21 11.49c.81-.23 1.28-1.05 1.07-1.85z"
        }
        KnownIcon::Hotel => {
            "M7 13c1.66 0 3-1.34 3-3S8.66 7 7 7s-3 1.34-3 3 1.34 3 3 3zm12-6h-8v7H3V5H1v15h2v-3h18v3h2v-9c0-2.21-1.79-4-4-4z"
        }
        KnownIcon::HotelRoomType => "M14 6v15H3v-2h2V3h9v1h5v15h2v2h-4V6h-3zm-4 5v2h2v-2h-2z",
        KnownIcon::Invite => {
            "M17 12h-5v5h5v-5zM16 1v2H8V1H6v2H5c-1.11 0-1.99.9-1.99 2L3 19c0 1.1.89 2 2 2h14c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2h-1V1h-2zm3 18H5V8h14v11z"
        }
        KnownIcon::MapPin => {
            "M12 2C8.13 2 5 5.13 5 9c0 5.25 7 13 7 13s7-7.75 7-13c0-3.87-3.13-7-7-7zm0 9.5c-1.38 0-2.5-1.12-2.5-2.5s1.12-2.5 2.5-2.5 2.5 1.12 2.5 2.5-1.12 2.5-2.5 2.5z"
        }
        KnownIcon::Membership => {
            "M20 2H4c-1.11 0-2 .89-2 2v11c0 1.11.89 2 2 2h4v5l4-2 4 2v-5h4c1.11 0 2-.89 2-2V4c0-1.11-.89-2-2-2zm0 13H4v-2h16v2zm0-5H4V4h16v6z"
        }
        KnownIcon::MultiplePeople => {
            "M16 11c1.66 0 2.99-1.34 2.99-3S17.66 5 16 5c-1.66 0-3 1.34-3 3s1.34 3 3 3zm-8 0c1.66 0 2.99-1.34 2.99-3S9.66 5 8 5C6.34 5 5 6.34 5 8s1.34 3 3 3zm0 2c-2.33 0-7 1.17-7 3.5V19h14v-2.5c0-2.33-4.67-3.5-7-3.5zm8 0c-.29 0-.62.02-.97.05 1.16.84 1.97 1.97 1.97 3.45V19h6v-2.5c0-2.33-4.67-3.5-7-3.5z"
        }
        KnownIcon::Person => PERSON,
        KnownIcon::Phone => PHONE,
        KnownIcon::RestaurantIcon => {
            "M11 9H9V2H7v7H5V2H3v7c0 2.12 1.66 3.84 3.75 3.97V22h2.5v-9.03C11.34 12.84 13 11.12 13 9V2h-2v7zm5-3v8h2.5v8H21V2c-2.76 0-5 2.24-5 4z"
        }
        KnownIcon::ShoppingCart => {
            "M7 18c-1.1 0-1.99.9-1.99 2S5.9 22 7 22s2-.9 2-2-.9-2-2-2zM1 2v2h2l3.6 7.59-1.35 2.45c-.16.28-.25.61-.25.96 0 1.1.9 2 2 2h12v-2H7.42c-.14 0-.25-.11-.25-.25l.03-.12.9-1.63h7.45c.75 0 1.41-.41 1.75-1.03l3.58-6.49A1.003 1.003 0 0 0 20 4H5.21l-.94-2H1zm16 16c-1.1 0-1.99.9-1.99 2s.89 2 1.99 2 2-.9 2-2-.9-2-2-2z"
        }
        KnownIcon::Star => STAR,
        KnownIcon::Store => {
            "M20 4H4v2h16V4zm1 10v-2l-1-5H4l-1 5v2h1v6h10v-6h4v6h2v-6h1zm-9 4H6v-4h6v4z"
        }
        KnownIcon::Ticket => {
            "M20 12c0-1.1.9-2 2-2V6c0-1.1-.9-2-2-2H4c-1.1 0-1.99.9-1.99 2v4c1.1 0 1.99.9 1.99 2s-.89 2-2 2v4c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2v-4c-1.1 0-2-.9-2-2zm-4.42 4.8L12 14.5l-3.58 2.3 1.08-4.12-3.29-2.69 4.24-.25L12 5.8l1.54 3.95 4.24.25-3.29 2.69 1.09 4.11z"
        }
        KnownIcon::Train => {
            "M12 2c-4 0-8 .5-8 4v9.5C4 17.43 5.57 19 7.5 19L6 20.5v.5h2.23l2-2H14l2 2h2v-.5L16.5 19c1.93 0 3.5-1.57 3.5-3.5V6c0-3.5-3.58-4-8-4zM7.5 17c-.83 0-1.5-.67-1.5-1.5S6.67 14 7.5 14s1.5.67 1.5 1.5S8.33 17 7.5 17zm3.5-7H6V6h5v4zm2 0V6h5v4h-5zm3.5 7c-.83 0-1.5-.67-1.5-1.5s.67-1.5 1.5-1.5 1.5.67 1.5 1.5-.67 1.5-1.5 1.5z"
        }
        KnownIcon::VideoCamera => {
            "M17 10.5V7c0-.55-.45-1-1-1H4c-.55 0-1 .45-1 1v10c0 .55.45 1 1 1h12c.55 0 1-.45 1-1v-3.5l4 4v-11l-4 4z"
        }
        KnownIcon::VideoPlay => {
            "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm-2 14.5v-9l6 4.5-6 4.5z"
        }
        KnownIcon::Other(_) => return None,
    })
}

/// Three vertical dots (the overflow-menu button).
pub(crate) const MORE_VERT: &str = "M12 8c1.1 0 2-.9 2-2s-.9-2-2-2-2 .9-2 2 .9 2 2 2zm0 2c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2zm0 6c-1.1 0-2 .9-2 2s.9 2 2 2 2-.9 2-2-.9-2-2-2z";
const CLOCK: &str = "M11.99 2C6.47 2 2 6.48 2 12s4.47 10 9.99 10C17.52 22 22 17.52 22 12S17.52 2 11.99 2zM12 20c-4.42 0-8-3.58-8-8s3.58-8 8-8 8 3.58 8 8-3.58 8-8 8zm.5-13H11v6l5.25 3.15.75-1.23-4.5-2.67z";
const DESCRIPTION: &str = "M14 2H6c-1.1 0-1.99.9-1.99 2L4 20c0 1.1.89 2 1.99 2H18c1.1 0 2-.9 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2zm-3-5V3.5L18.5 9H13z";
const EMAIL: &str = "M20 4H4c-1.1 0-1.99.9-1.99 2L2 18c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 4l-8 5-8-5V6l8 5 8-5v2z";
const PERSON: &str = "M12 12c2.21 0 4-1.79 4-4s-1.79-4-4-4-4 1.79-4 4 1.79 4 4 4zm0 2c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4z";
const PHONE: &str = "M6.62 10.79c1.44 2.83 3.76 5.14 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1 1V20c0 .55-.45 1-1 1-9.39 0-17-7.61-17-17 0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z";
const STAR: &str =
    "M12 17.27L18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z";

/// The SVG path of a common Material Symbol, by name.
fn material_path(name: &str) -> Option<&'static str> {
    Some(match name {
        "check_circle" | "task_alt" => {
            "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm-2 15l-5-5 1.41-1.41L10 14.17l7.59-7.59L19 8l-9 9z"
        }
        "error" | "report" => {
            "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-2h2v2zm0-4h-2V7h2v6z"
        }
        "warning" => "M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z",
        "info" => {
            "M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm1 15h-2v-6h2v6zm0-8h-2V7h2v2z"
        }
        "open_in_new" => {
            "M19 19H5V5h7V3H5c-1.11 0-2 .9-2 2v14c0 1.1.89 2 2 2h14c1.1 0 2-.9 2-2v-7h-2v7zM14 3v2h3.59l-9.83 9.83 1.41 1.41L19 6.41V10h2V3h-7z"
        }
        "close" => {
            "M19 6.41L17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"
        }
        "add" => "M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6v2z",
        "more_vert" => MORE_VERT,
        "search" => {
            "M15.5 14h-.79l-.28-.27C15.41 12.59 16 11.11 16 9.5 16 5.91 13.09 3 9.5 3S3 5.91 3 9.5 5.91 16 9.5 16c1.61 0 3.09-.59 4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5 14 7.01 14 9.5 11.99 14 9.5 14z"
        }
        "bolt" => {
            "M11 21h-1l1-7H7.5c-.58 0-.57-.32-.38-.66.19-.34.05-.08.07-.12C8.48 10.94 10.42 7.54 13 3h1l-1 7h3.5c.49 0 .56.33.47.51l-.07.15C12.96 17.55 11 21 11 21z"
        }
        "notifications" => {
            "M12 22c1.1 0 2-.9 2-2h-4c0 1.1.89 2 2 2zm6-6v-5c0-3.07-1.64-5.64-4.5-6.32V4c0-.83-.67-1.5-1.5-1.5s-1.5.67-1.5 1.5v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2z"
        }
        "schedule" | "alarm" | "timer" => CLOCK,
        "description" | "article" => DESCRIPTION,
        "email" | "mail" => EMAIL,
        "person" | "account_circle" => PERSON,
        "phone" | "call" => PHONE,
        "star" | "grade" => STAR,
        _ => return None,
    })
}

/// Appends an `<svg>` with one path.
fn svg_into(out: &mut String, path: &str, label: &str, data: &str) {
    out.push_str("<svg class=\"icon\" viewBox=\"0 0 24 24\" role=\"img\" aria-label=\"");
    escape_into(out, label);
    out.push_str("\" ");
    out.push_str(data);
    out.push_str("><title>");
    escape_into(out, label);
    out.push_str("</title><path d=\"");
    out.push_str(path);
    out.push_str("\"/></svg>");
}

/// A generic glyph: a rounded square with the first letter of `name`.
fn generic_into(out: &mut String, name: &str, label: &str, data: &str) {
    let letter: String = name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".into());
    out.push_str("<svg class=\"icon generic\" viewBox=\"0 0 24 24\" role=\"img\" aria-label=\"");
    escape_into(out, label);
    out.push_str("\" ");
    out.push_str(data);
    out.push_str("><title>");
    escape_into(out, label);
    out.push_str(
        "</title><rect x=\"3\" y=\"3\" width=\"18\" height=\"18\" rx=\"5\" fill=\"none\" \
         stroke=\"currentColor\" stroke-width=\"2\"/><text x=\"12\" y=\"16\" \
         text-anchor=\"middle\" font-size=\"11\" font-weight=\"700\" \
         font-family=\"sans-serif\" fill=\"currentColor\">",
    );
    escape_into(out, &letter);
    out.push_str("</text></svg>");
}

/// Appends an image in a fixed-size box (avatar, icon, grid image). When the image
/// cannot load, a placeholder with the alt text covers the broken image (CSS
/// `img::after`, which browsers draw only for images that failed); when the URL is
/// not usable at all, only the placeholder is drawn.
pub(crate) fn image_into(out: &mut String, url: Option<&str>, alt: &str, class: &str) {
    let alt = if alt.is_empty() { "image" } else { alt };
    out.push_str("<span class=\"img-box ");
    out.push_str(class);
    out.push_str("\">");
    img_or_placeholder(out, url, alt, "");
    out.push_str("</span>");
}

/// Appends a full-width image (the image widget) at its natural aspect ratio.
pub(crate) fn flow_image_into(out: &mut String, url: Option<&str>, alt: &str) {
    let alt = if alt.is_empty() { "image" } else { alt };
    if url.is_some_and(is_image_url) {
        img_or_placeholder(out, url, alt, "widget-image");
    } else {
        out.push_str("<span class=\"img-box widget-image missing\">");
        img_or_placeholder(out, None, alt, "");
        out.push_str("</span>");
    }
}

fn img_or_placeholder(out: &mut String, url: Option<&str>, alt: &str, class: &str) {
    match url.filter(|u| is_image_url(u)) {
        Some(url) => {
            out.push_str("<img class=\"");
            out.push_str(class);
            out.push_str("\" src=\"");
            escape_into(out, url);
            out.push_str("\" alt=\"\" data-alt=\"");
            escape_into(out, alt);
            out.push_str("\" referrerpolicy=\"no-referrer\">");
        }
        None => {
            out.push_str("<span class=\"img-alt\">");
            escape_into(out, alt);
            out.push_str("</span>");
        }
    }
}

/// Appends an icon (built-in, Material Symbol or URL) to `out`.
pub(crate) fn icon_into(out: &mut String, icon: &Icon) {
    let circle = icon.image_type == Some(ImageType::Circle);
    let alt = icon.alt_text.as_deref();
    if let Some(known) = &icon.known_icon {
        let label = alt.unwrap_or(known.as_str());
        let data = format!("data-icon=\"{}\"", escape(known.as_str()));
        match known_path(known) {
            Some(path) => svg_into(out, path, label, &data),
            None => generic_into(out, known.as_str(), label, &data),
        }
    } else if let Some(material) = &icon.material_icon {
        let name = material.name.as_deref().unwrap_or("");
        let label = alt.unwrap_or(name);
        let data = format!("data-material=\"{}\"", escape(name));
        match material_path(name) {
            Some(path) => svg_into(out, path, label, &data),
            None => generic_into(out, name, label, &data),
        }
    } else if let Some(url) = &icon.icon_url {
        let class = if circle {
            "icon-img circle"
        } else {
            "icon-img"
        };
        image_into(out, Some(url), alt.unwrap_or("icon"), class);
    } else {
        generic_into(out, "", alt.unwrap_or("icon"), "data-icon=\"\"");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_icon_has_a_drawing() {
        for icon in KnownIcon::ALL {
            assert!(known_path(icon).is_some(), "{icon}");
        }
    }

    #[test]
    fn material_names_are_escaped() {
        let mut out = String::new();
        icon_into(&mut out, &Icon::material("\"><script>x</script>"));
        assert!(!out.contains("<script>"), "{out}");
    }
}
