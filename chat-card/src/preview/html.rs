//! HTML output primitives: text and attribute escaping, and the URL checks that decide
//! which links and images may appear in a preview.

/// Appends `s` escaped for HTML text and attribute values (`& < > " '`).
pub(crate) fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab/newline carry no meaning in a preview.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// `s` escaped for HTML text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Whether `url` is an absolute `http` or `https` URL with a host and nothing that
/// could be read as another scheme (no control characters or whitespace).
pub(crate) fn is_web_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    scheme_ok && !host.is_empty()
}

/// Whether `url` may be an image source: a web URL or a `data:image/` URL of a
/// raster format (no SVG, which could carry script in other contexts).
pub(crate) fn is_image_url(url: &str) -> bool {
    if is_web_url(url) {
        return true;
    }
    let lower = url.get(..16).unwrap_or(url).to_ascii_lowercase();
    [
        "data:image/png",
        "data:image/jpeg",
        "data:image/gif",
        "data:image/webp",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        && !url.chars().any(|c| c.is_control() || c == '"' || c == '\'')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn only_web_urls_pass() {
        assert!(is_web_url("https://example.com/a?b"));
        assert!(is_web_url("HTTP://example.com"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("javascript://example.com/%0aalert(1)"));
        assert!(!is_web_url("https:///nohost"));
        assert!(!is_web_url("https://exa mple.com"));
        assert!(!is_web_url("/relative"));
        assert!(!is_web_url("data:text/html,<script>"));
        assert!(is_image_url("data:image/png;base64,AAAA"));
        assert!(!is_image_url("data:image/svg+xml,<svg onload=x>"));
    }
}
