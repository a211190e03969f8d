//! Checks of the card HTML subset and of Chat message markup.
//!
//! Card text (`section.header`, `textParagraph.text`, `decoratedText.text`, ...) uses a
//! small HTML subset: `<b>`, `<i>`, `<u>`, `<s>`, `<font color>`, `<a href>`, `<time>`,
//! `<br>`, `<code>`, `<pre>`, `<ul>`, `<ol>`, `<li>`. Message `text` uses Chat markup
//! instead (`*bold*`, `_italic_`, `<users/all>`, `<https://example.com|label>`), where
//! HTML tags show up literally.
//! Both checkers return the first problem with what is wrong and the right form.

use std::fmt;

use crate::validate::url::check_url;

/// A markup problem: where (byte offset inside the checked text), what, and the fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkupError {
    /// Byte offset of the problem inside the text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it (the right form).
    pub help: String,
}

impl fmt::Display for MarkupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.help)
    }
}

impl std::error::Error for MarkupError {}

/// The tags of the card HTML subset, the one list of them: the validator accepts these,
/// and the preview's sanitiser renders these (a test in each holds it to this list).
/// Source: the Chat docs page "Format messages" (its section on card text).
pub const CARD_HTML_TAGS: &[&str] = &[
    "b", "i", "u", "s", "font", "a", "time", "br", "code", "pre", "ul", "ol", "li",
];

/// [`CARD_HTML_TAGS`] as help text (a test keeps the two the same).
const ALLOWED_LIST: &str =
    "allowed: <b> <i> <u> <s> <font color> <a href> <time> <br> <code> <pre> <ul> <ol> <li>";

/// Checks card text against the card HTML subset, and rejects Markdown (`**bold**`,
/// `__bold__`, `[label](url)`), which card text shows literally.
///
/// ```
/// use chat_card_core::markup::check_card_html;
/// assert!(check_card_html("<b>down</b> since <time>2024-01-01 10:00</time>").is_ok());
/// assert!(check_card_html("<strong>down</strong>").is_err());
/// assert!(check_card_html("**down**").is_err());
/// assert!(check_card_html("<b>down").is_err());
/// ```
pub fn check_card_html(text: &str) -> Result<(), MarkupError> {
    check_card_html_tags(text)?;
    check_no_markdown(text)
}

/// Like [`check_card_html`] but without the Markdown check, for text whose `textSyntax`
/// is `MARKDOWN`.
pub fn check_card_html_tags(text: &str) -> Result<(), MarkupError> {
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut pos = 0;
    while let Some(found) = text[pos..].find('<') {
        let at = pos + found;
        let Some(tag) = parse_tag(text, at) else {
            pos = at + 1;
            continue;
        };
        pos = tag.end;
        let name = tag.name.to_ascii_lowercase();
        if !CARD_HTML_TAGS.contains(&name.as_str()) {
            return Err(MarkupError {
                offset: at,
                message: format!("`<{}>` is not in the card HTML subset", tag.name),
                help: card_replacement(&name),
            });
        }
        if tag.closing {
            match open.pop() {
                Some((top, _)) if top == name => {}
                Some((top, top_at)) => {
                    return Err(MarkupError {
                        offset: at,
                        message: format!(
                            "`</{}>` closes `<{top}>` (opened at byte {top_at}) in the wrong order",
                            tag.name
                        ),
                        help: format!(
                            "close `<{top}>` first: tags must nest, like `<b><i>x</i></b>`"
                        ),
                    });
                }
                None => {
                    return Err(MarkupError {
                        offset: at,
                        message: format!("`</{}>` closes a tag that was never opened", tag.name),
                        help: format!("remove it, or add `<{name}>` before it"),
                    });
                }
            }
            continue;
        }
        check_attributes(&name, &tag, at)?;
        if name != "br" && !tag.self_closing {
            open.push((name, at));
        }
    }
    if let Some((name, at)) = open.pop() {
        return Err(MarkupError {
            offset: at,
            message: format!("`<{name}>` is never closed"),
            help: format!("add `</{name}>` where it should end"),
        });
    }
    Ok(())
}

fn check_attributes(name: &str, tag: &Tag<'_>, at: usize) -> Result<(), MarkupError> {
    let allowed: &[&str] = match name {
        "font" => &["color"],
        "a" => &["href"],
        _ => &[],
    };
    for (attr, value) in &tag.attributes {
        let attr_lower = attr.to_ascii_lowercase();
        if !allowed.contains(&attr_lower.as_str()) {
            let help = if allowed.is_empty() {
                format!("`<{name}>` takes no attributes; remove `{attr}`")
            } else {
                format!("`<{name}>` only takes `{}`", allowed.join("`, `"))
            };
            return Err(MarkupError {
                offset: at,
                message: format!("attribute `{attr}` is not supported on `<{name}>`"),
                help,
            });
        }
        if attr_lower == "href" {
            let href = value.unwrap_or_default();
            if let Err(e) = check_url(href) {
                return Err(MarkupError {
                    offset: at,
                    message: format!("link `href` in card text: {}", e.message),
                    help: e.help,
                });
            }
        }
        if attr_lower == "color" {
            let color = value.unwrap_or_default();
            let hex = color.strip_prefix('#').unwrap_or("");
            if !(hex.len() == 6 || hex.len() == 3) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(MarkupError {
                    offset: at,
                    message: format!("`<font color=\"{color}\">` is not a hex colour"),
                    help: "write the colour as `#RRGGBB`, like `<font color=\"#d93025\">`"
                        .to_string(),
                });
            }
        }
    }
    if name == "a"
        && !tag
            .attributes
            .iter()
            .any(|(a, _)| a.eq_ignore_ascii_case("href"))
    {
        return Err(MarkupError {
            offset: at,
            message: "`<a>` without `href` is not a link".to_string(),
            help: "write `<a href=\"https://example.com\">label</a>`".to_string(),
        });
    }
    if name == "font" && tag.attributes.is_empty() {
        return Err(MarkupError {
            offset: at,
            message: "`<font>` without `color` does nothing".to_string(),
            help: "write `<font color=\"#RRGGBB\">text</font>` or remove the tag".to_string(),
        });
    }
    Ok(())
}

fn card_replacement(name: &str) -> String {
    let right = match name {
        "strong" => "for bold write `<b>…</b>`",
        "em" => "for italics write `<i>…</i>`",
        "del" | "strike" => "for strikethrough write `<s>…</s>`",
        "ins" => "for underline write `<u>…</u>`",
        "span" => "for coloured text write `<font color=\"#RRGGBB\">…</font>`",
        "p" | "div" => "for a line break write `<br>`",
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            "for a heading use the section `header` or `<b>…</b>`"
        }
        "img" => "for pictures use an `image` widget",
        "table" | "tr" | "td" | "th" => "for tables use a `grid` or `columns` widget",
        "hr" => "for a line use a `divider` widget",
        "tt" | "kbd" | "samp" => "for monospace write `<code>…</code>`",
        _ => "",
    };
    if right.is_empty() {
        format!("remove it or escape `<` as `&lt;`; {ALLOWED_LIST}")
    } else {
        format!("{right} ({ALLOWED_LIST})")
    }
}

/// Finds Markdown (`**bold**`, `__bold__`, `[label](url)`) in card HTML, where Chat shows
/// it literally.
///
/// ```
/// use chat_card_core::markup::check_no_markdown;
/// assert!(check_no_markdown("<b>down</b>").is_ok());
/// assert!(check_no_markdown("**down**").is_err());
/// ```
pub fn check_no_markdown(text: &str) -> Result<(), MarkupError> {
    for (marker, right) in [("**", "<b>"), ("__", "<b>")] {
        if let Some(at) = find_emphasis(text, marker) {
            let close = right.replace('<', "</");
            return Err(MarkupError {
                offset: at,
                message: format!("Markdown `{marker}…{marker}` is shown literally in card text"),
                help: format!(
                    "write `{right}…{close}` (or set `textSyntax: MARKDOWN` on a text paragraph)"
                ),
            });
        }
    }
    if let Some(at) = find_markdown_link(text) {
        return Err(MarkupError {
            offset: at,
            message: "Markdown link `[label](url)` is shown literally in card text".to_string(),
            help: "write `<a href=\"https://…\">label</a>` (or set `textSyntax: MARKDOWN` on a text paragraph)"
                .to_string(),
        });
    }
    Ok(())
}

/// `**x**` where `x` starts and ends with a non-blank character, the opening marker
/// starts a word and the closing one ends it (so `2**3**4` and `obj.__init__()` are text).
fn find_emphasis(text: &str, marker: &str) -> Option<usize> {
    let mut pos = 0;
    while let Some(found) = text[pos..].find(marker) {
        let open = pos + found;
        let inner_start = open + marker.len();
        let before_open = text[..open].chars().next_back();
        let after_open = text[inner_start..].chars().next();
        let starts_word = before_open.is_none_or(|c| c.is_whitespace() || "([{>\"'".contains(c));
        if starts_word
            && after_open.is_some_and(|c| !c.is_whitespace() && marker.chars().all(|m| m != c))
            && let Some(close_rel) = text[inner_start..].find(marker)
        {
            let inner = &text[inner_start..inner_start + close_rel];
            let after_close = text[inner_start + close_rel + marker.len()..]
                .chars()
                .next();
            let ends_word =
                after_close.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}<\"'".contains(c));
            if ends_word
                && !inner.is_empty()
                && !inner.ends_with(char::is_whitespace)
                && !inner.contains('\n')
            {
                return Some(open);
            }
        }
        pos = inner_start;
    }
    None
}

/// `[label](http…)`.
fn find_markdown_link(text: &str) -> Option<usize> {
    let mut pos = 0;
    while let Some(found) = text[pos..].find("](") {
        let mid = pos + found;
        let target = &text[mid + 2..];
        if let Some(open) = text[..mid].rfind('[')
            && !text[open..mid].contains(['\n', ']'])
            && mid > open + 1
            && let Some(close) = target.find(')')
            && !target[..close].contains(char::is_whitespace)
            && close > 0
        {
            return Some(open);
        }
        pos = mid + 2;
    }
    None
}

/// HTML tag names people put in message text by habit.
const HTML_TAGS_IN_TEXT: &[&str] = &[
    "b",
    "i",
    "u",
    "s",
    "strong",
    "em",
    "del",
    "strike",
    "ins",
    "a",
    "br",
    "p",
    "div",
    "span",
    "font",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "hr",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "time",
    "tt",
    "small",
    "big",
    "sub",
    "sup",
];

/// Checks message text (Chat markup): Chat accepts HTML tags there but shows them
/// literally, so the first one is reported with the Chat markup form. Chat's own `<users/…>`, `<https://…|label>` and
/// `<customEmojis/…>` are fine.
///
/// ```
/// use chat_card_core::markup::check_chat_text;
/// assert!(check_chat_text("*down* since 10:00, <users/all> see <https://example.com|the log>").is_ok());
/// assert!(check_chat_text("<b>down</b>").is_err());
/// ```
pub fn check_chat_text(text: &str) -> Result<(), MarkupError> {
    let mut pos = 0;
    while let Some(found) = text[pos..].find('<') {
        let at = pos + found;
        pos = at + 1;
        let Some(tag) = parse_tag(text, at) else {
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        if !HTML_TAGS_IN_TEXT.contains(&name.as_str()) {
            continue;
        }
        let right = match name.as_str() {
            "b" | "strong" => "for bold write `*bold*`",
            "i" | "em" => "for italics write `_italic_`",
            "s" | "del" | "strike" => "for strikethrough write `~text~`",
            "code" | "tt" => "for monospace write `` `code` ``",
            "pre" => "for a code block put the text between lines of three backticks (```)",
            "a" => "for a link write `<https://example.com|label>`",
            "br" | "p" | "div" => "for a line break write a newline (`\\n` in JSON)",
            "ul" | "ol" | "li" => "for a list start each line with `* ` or `- `",
            "blockquote" => "for a quote start the line with `> `",
            "u" | "font" | "span" | "time" => {
                "message text has no underline, colour or time markup; use a card for rich text"
            }
            _ => "message text uses Chat markup, not HTML; use a card for rich layout",
        };
        return Err(MarkupError {
            offset: at,
            message: format!(
                "HTML `<{}{}>` is shown literally in message text",
                if tag.closing { "/" } else { "" },
                tag.name
            ),
            help: format!(
                "{right} (message text uses Chat markup: *bold* _italic_ ~strike~ `code`)"
            ),
        });
    }
    Ok(())
}

struct Tag<'a> {
    name: &'a str,
    closing: bool,
    self_closing: bool,
    attributes: Vec<(&'a str, Option<&'a str>)>,
    /// Byte offset just past the `>`.
    end: usize,
}

/// Parses an HTML-looking tag at `at` (which holds `<`). Returns `None` when the text
/// there is not a tag (`a < b`, `<users/all>`, `<https://…|x>`).
fn parse_tag(text: &str, at: usize) -> Option<Tag<'_>> {
    let bytes = text.as_bytes();
    let mut i = at + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = &text[name_start..i];
    let mut attributes = Vec::new();
    let mut self_closing = false;
    loop {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                return Some(Tag {
                    name,
                    closing,
                    self_closing,
                    attributes,
                    end: i + 1,
                });
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                self_closing = true;
                i += 1;
            }
            b if b.is_ascii_alphabetic() && (i > name_start + name.len()) => {
                // Attributes need a blank before them (checked by the index test above
                // only loosely: a blank was skipped if `i` moved past the name).
                let attr_start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
                {
                    i += 1;
                }
                let attr = &text[attr_start..i];
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                let mut value = None;
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                        i += 1;
                    }
                    match bytes.get(i)? {
                        q @ (b'"' | b'\'') => {
                            let close = text[i + 1..].find(*q as char)? + i + 1;
                            value = Some(&text[i + 1..close]);
                            i = close + 1;
                        }
                        _ => {
                            let v_start = i;
                            while bytes
                                .get(i)
                                .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                            {
                                i += 1;
                            }
                            value = Some(&text[v_start..i]);
                        }
                    }
                }
                attributes.push((attr, value));
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowed_list_in_help_names_exactly_the_card_html_tags() {
        let named: Vec<&str> = ALLOWED_LIST
            .split('<')
            .skip(1)
            .filter_map(|t| t.split(['>', ' ']).next())
            .collect();
        let mut named_sorted = named.clone();
        named_sorted.sort_unstable();
        let mut tags = CARD_HTML_TAGS.to_vec();
        tags.sort_unstable();
        assert_eq!(
            named_sorted, tags,
            "ALLOWED_LIST ({ALLOWED_LIST:?}) and CARD_HTML_TAGS disagree"
        );
    }

    #[test]
    fn card_html_subset_passes() {
        for ok in [
            "plain text",
            "a < b and c > d",
            "<b>bold</b> <i>it</i> <u>u</u> <s>s</s>",
            "<font color=\"#d93025\">red</font>",
            "<font color='#fff'>w</font>",
            "<a href=\"https://example.com/x?y=1\">link</a>",
            "<time>2024-01-01 10:00</time>",
            "line<br>break<br/>x<BR>",
            "<pre><code>x</code></pre>",
            "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>",
            "2 * 3 * 4",
            "snake_case_name and __init",
            "2**3**4 and obj.__init__() and x**2",
            "[not a link] (really)",
        ] {
            assert_eq!(check_card_html(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn card_html_errors_name_the_right_form() {
        for (bad, message, help) in [
            ("<strong>x</strong>", "<strong>", "<b>"),
            ("<em>x</em>", "<em>", "<i>"),
            ("<p>x</p>", "<p>", "<br>"),
            ("<img src=x>", "<img>", "image"),
            ("<b>x", "never closed", "</b>"),
            ("x</b>", "never opened", "<b>"),
            ("<b><i>x</b></i>", "wrong order", "<i>"),
            ("<b class=\"x\">y</b>", "class", "no attributes"),
            ("<a href=\"/x\">y</a>", "relative", "https"),
            ("<a>y</a>", "without `href`", "href"),
            ("<font color=\"red\">y</font>", "hex", "#RRGGBB"),
            ("**bold**", "Markdown", "<b>"),
            ("__bold__", "Markdown", "<b>"),
            ("a **bold** word.", "Markdown", "<b>"),
            ("(**bold**)", "Markdown", "<b>"),
            (
                "see [the docs](https://example.com)",
                "Markdown link",
                "<a href",
            ),
        ] {
            let e = check_card_html(bad).expect_err(bad);
            assert!(e.message.contains(message), "{bad}: {e:?}");
            assert!(e.help.contains(help), "{bad}: {e:?}");
        }
    }

    #[test]
    fn markdown_is_allowed_without_the_markdown_check() {
        assert!(check_card_html_tags("**bold** [x](https://e.com)").is_ok());
    }

    #[test]
    fn chat_text_accepts_chat_markup() {
        for ok in [
            "*bold* _it_ ~s~ `code`",
            "<users/all> <users/123456>",
            "<https://example.com|label> <https://example.com>",
            "a < b, c > d, x<y",
            "<customEmojis/abc>",
        ] {
            assert_eq!(check_chat_text(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn chat_text_rejects_html() {
        for (bad, help) in [
            ("<b>x</b>", "*bold*"),
            ("<strong>x</strong>", "*bold*"),
            ("<i>x</i>", "_italic_"),
            (
                "<a href=\"https://e.com\">x</a>",
                "<https://example.com|label>",
            ),
            ("line<br>", "newline"),
            ("x</b>", "*bold*"),
        ] {
            let e = check_chat_text(bad).expect_err(bad);
            assert!(e.help.contains(help), "{bad}: {e:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for odd in [
            "<",
            "<a",
            "<a href",
            "<a href=",
            "<a href=\"",
            "</",
            "<é>",
            "<b\u{0}>",
            "**",
            "[](",
            "é<b>é",
        ] {
            let _ = check_card_html(odd);
            let _ = check_chat_text(odd);
        }
    }
}
