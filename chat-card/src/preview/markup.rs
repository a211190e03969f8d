//! Message text in Chat markup (`*bold*`, `_italic_`, `~strike~`, `` `code` ``,
//! `<https://x|label>`, `<users/all>`) and card text with `textSyntax: MARKDOWN`
//! (`**bold**`, `*italic*`, `[label](url)`, lists), rendered to safe HTML. All text is
//! escaped; links are emitted only for `http(s)` URLs.

use super::html::{escape_into, is_web_url};

/// Which syntax the text is written in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    /// Chat message markup.
    Chat,
    /// The Markdown of `textParagraph.textSyntax = MARKDOWN`.
    Markdown,
}

/// Appends `text` rendered from `syntax` to `out`.
pub(crate) fn markup_into(out: &mut String, text: &str, syntax: Syntax) {
    // Code blocks first: text between ``` fences is shown verbatim; an unmatched
    // fence is text.
    let mut parts: Vec<&str> = text.split("```").collect();
    let joined;
    if parts.len().is_multiple_of(2) {
        let last = parts.pop().unwrap_or("");
        let before = parts.pop().unwrap_or("");
        joined = format!("{before}```{last}");
        parts.push(&joined);
    }
    for (n, part) in parts.iter().enumerate() {
        if n % 2 == 1 {
            out.push_str("<pre><code>");
            escape_into(out, part.strip_prefix('\n').unwrap_or(part));
            out.push_str("</code></pre>");
        } else if !part.is_empty() {
            lines_into(out, part, syntax);
        }
    }
}

#[derive(PartialEq)]
enum Block {
    Text,
    Bullets,
    Numbers,
    Quote,
}

fn lines_into(out: &mut String, text: &str, syntax: Syntax) {
    let mut block = Block::Text;
    let mut first_text_line = true;
    for line in text.split('\n') {
        let (kind, body) = classify(line, syntax);
        if kind != block {
            close(out, &block);
            match kind {
                Block::Bullets => out.push_str("<ul>"),
                Block::Numbers => out.push_str("<ol>"),
                Block::Quote => out.push_str("<blockquote>"),
                Block::Text => first_text_line = true,
            }
            block = kind;
        }
        match block {
            Block::Bullets | Block::Numbers => {
                out.push_str("<li>");
                inline_into(out, body, syntax, 0);
                out.push_str("</li>");
            }
            Block::Quote | Block::Text => {
                if !first_text_line {
                    out.push_str("<br>");
                }
                first_text_line = false;
                inline_into(out, body, syntax, 0);
            }
        }
    }
    close(out, &block);
}

fn close(out: &mut String, block: &Block) {
    match block {
        Block::Bullets => out.push_str("</ul>"),
        Block::Numbers => out.push_str("</ol>"),
        Block::Quote => out.push_str("</blockquote>"),
        Block::Text => {}
    }
}

fn classify(line: &str, syntax: Syntax) -> (Block, &str) {
    if let Some(body) = line.strip_prefix("* ").or_else(|| line.strip_prefix("- ")) {
        return (Block::Bullets, body);
    }
    if syntax == Syntax::Chat {
        if let Some(body) = line.strip_prefix('>') {
            return (Block::Quote, body.strip_prefix(' ').unwrap_or(body));
        }
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(body) = line
            .get(digits..)
            .and_then(|r| r.strip_prefix(". "))
            .filter(|_| digits > 0)
        {
            return (Block::Numbers, body);
        }
    }
    (Block::Text, line)
}

/// Renders one line of inline markup.
/// Nesting depth past which emphasis is shown as text (keeps recursion shallow).
const MAX_DEPTH: usize = 8;

/// How far ahead a closing emphasis delimiter is looked for, in bytes (keeps long
/// lines linear).
const MAX_SPAN: usize = 4096;

/// The first `max` bytes of `s` (fewer, to end on a character boundary).
fn head(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn inline_into(out: &mut String, text: &str, syntax: Syntax, depth: usize) {
    let mut i = 0;
    let mut prev: Option<char> = None;
    while let Some(c) = text.get(i..).and_then(|r| r.chars().next()) {
        let rest = text.get(i..).unwrap_or("");
        if let Some(used) = special(out, rest, prev, syntax, depth) {
            i += used;
            prev = text.get(..i).and_then(|t| t.chars().next_back());
            continue;
        }
        escape_into(out, c.encode_utf8(&mut [0; 4]));
        i += c.len_utf8();
        prev = Some(c);
    }
}

/// Renders a markup construct at the start of `rest`; the number of bytes used.
fn special(
    out: &mut String,
    rest: &str,
    prev: Option<char>,
    syntax: Syntax,
    depth: usize,
) -> Option<usize> {
    let first = rest.chars().next()?;
    let d = depth;
    match first {
        '`' => {
            let end = head(rest, MAX_SPAN).get(1..)?.find('`')? + 1;
            out.push_str("<code>");
            escape_into(out, rest.get(1..end)?);
            out.push_str("</code>");
            Some(end + 1)
        }
        '*' | '_' if syntax == Syntax::Markdown => {
            let double = if first == '*' { "**" } else { "__" };
            if rest.starts_with(double) {
                emphasis(out, rest, prev, double, "b", syntax, d)
            } else {
                emphasis(out, rest, prev, &rest[..1], "i", syntax, d)
            }
        }
        '*' => emphasis(out, rest, prev, "*", "b", syntax, d),
        '_' => emphasis(out, rest, prev, "_", "i", syntax, d),
        '~' => emphasis(out, rest, prev, "~", "s", syntax, d),
        '<' if syntax == Syntax::Chat => angle(out, rest),
        '[' if syntax == Syntax::Markdown => md_link(out, rest),
        'h' if prev.is_none_or(|p| !p.is_alphanumeric()) => bare_url(out, rest),
        _ => None,
    }
}

/// `*x*`-style emphasis: the delimiter hugs non-space text and is not inside a word.
fn emphasis(
    out: &mut String,
    rest: &str,
    prev: Option<char>,
    delim: &str,
    tag: &str,
    syntax: Syntax,
    depth: usize,
) -> Option<usize> {
    if depth >= MAX_DEPTH || prev.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let body_start = delim.len();
    let after = rest.get(body_start..)?;
    if after.starts_with(char::is_whitespace) || after.is_empty() {
        return None;
    }
    let after_window = head(after, MAX_SPAN);
    let mut search = 0;
    loop {
        let at = after_window.get(search..)?.find(delim)? + search;
        let inner = after.get(..at)?;
        let next = after.get(at + delim.len()..)?.chars().next();
        if !inner.is_empty()
            && !inner.ends_with(char::is_whitespace)
            && next.is_none_or(|n| !n.is_alphanumeric())
        {
            out.push('<');
            out.push_str(tag);
            out.push('>');
            inline_into(out, inner, syntax, depth + 1);
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
            return Some(body_start + at + delim.len());
        }
        search = at + delim.len();
    }
}

/// `<https://x|label>`, `<users/all>`, `<users/123>` in Chat markup.
fn angle(out: &mut String, rest: &str) -> Option<usize> {
    let end = head(rest, MAX_SPAN).find('>')?;
    let inner = rest.get(1..end)?;
    if inner.contains('<') || inner.contains('\n') {
        return None;
    }
    if let Some(user) = inner.strip_prefix("users/") {
        out.push_str("<span class=\"mention\">@");
        escape_into(out, if user == "all" { "all" } else { "user" });
        out.push_str("</span>");
        return Some(end + 1);
    }
    let (url, label) = match inner.split_once('|') {
        Some((url, label)) => (url, label),
        None => (inner, inner),
    };
    if !is_web_url(url) {
        return None;
    }
    link(out, url, label);
    Some(end + 1)
}

/// `[label](url)` in Markdown.
fn md_link(out: &mut String, rest: &str) -> Option<usize> {
    let window = head(rest, MAX_SPAN);
    // The label ends at the first `]`; it must be followed by `(`.
    let close = window.find(']')?;
    if window.as_bytes().get(close + 1) != Some(&b'(') {
        return None;
    }
    let label = rest.get(1..close)?;
    let url_end = window.get(close + 2..)?.find(')')? + close + 2;
    let url = rest.get(close + 2..url_end)?;
    if !is_web_url(url) || label.contains('\n') {
        return None;
    }
    link(out, url, label);
    Some(url_end + 1)
}

/// A bare `http(s)://...` URL, linked up to the next space or angle bracket.
fn bare_url(out: &mut String, rest: &str) -> Option<usize> {
    let lower = rest.get(..8).unwrap_or(rest).to_ascii_lowercase();
    if !lower.starts_with("http://") && !lower.starts_with("https://") {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '|'))
        .unwrap_or(rest.len());
    let url = rest
        .get(..end)?
        .trim_end_matches(['.', ',', ')', ';', ':', '!', '?']);
    if !is_web_url(url) {
        return None;
    }
    link(out, url, url);
    Some(url.len())
}

fn link(out: &mut String, url: &str, label: &str) {
    out.push_str("<a href=\"");
    escape_into(out, url);
    out.push_str("\" target=\"_blank\" rel=\"noopener noreferrer\">");
    escape_into(out, label);
    out.push_str("</a>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(s: &str) -> String {
        let mut out = String::new();
        markup_into(&mut out, s, Syntax::Chat);
        out
    }

    fn md(s: &str) -> String {
        let mut out = String::new();
        markup_into(&mut out, s, Syntax::Markdown);
        out
    }

    #[test]
    fn chat_markup() {
        assert_eq!(
            chat("*bold* _it_ ~s~ `c*d`"),
            "<b>bold</b> <i>it</i> <s>s</s> <code>c*d</code>"
        );
        assert_eq!(chat("2*3*4 snake_case_name"), "2*3*4 snake_case_name");
        assert_eq!(
            chat("<https://x.example/a|the docs> <users/all>"),
            "<a href=\"https://x.example/a\" target=\"_blank\" rel=\"noopener noreferrer\">the docs</a> <span class=\"mention\">@all</span>"
        );
        assert_eq!(chat("a\nb"), "a<br>b");
        assert_eq!(chat("* one\n* two"), "<ul><li>one</li><li>two</li></ul>");
        assert_eq!(
            chat("```\nx <b>\n```"),
            "<pre><code>x &lt;b&gt;\n</code></pre>"
        );
    }

    #[test]
    fn chat_markup_is_safe() {
        assert_eq!(
            chat("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            chat("<javascript:alert(1)|x>"),
            "&lt;javascript:alert(1)|x&gt;"
        );
        assert_eq!(
            chat("\"<img onerror=x>\""),
            "&quot;&lt;img onerror=x&gt;&quot;"
        );
    }

    #[test]
    fn markdown() {
        assert_eq!(
            md("**b** *i* __b__ _i_ ~s~"),
            "<b>b</b> <i>i</i> <b>b</b> <i>i</i> <s>s</s>"
        );
        assert_eq!(
            md("[x](https://e.example) [y](javascript:alert(1))"),
            "<a href=\"https://e.example\" target=\"_blank\" rel=\"noopener noreferrer\">x</a> [y](javascript:alert(1))"
        );
        assert_eq!(md("1. a\n2. b"), "<ol><li>a</li><li>b</li></ol>");
    }
}
