//! URL checks: Chat only follows absolute `https` (or `http`) URLs, and a card with a
//! relative, empty or `javascript:` URL is shown blank without any error.

use std::fmt;

/// A URL Chat will not accept: what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.help)
    }
}

impl std::error::Error for UrlError {}

const EXAMPLE: &str = "write an absolute URL like `https://example.com/page`";

fn err(message: impl Into<String>, help: impl Into<String>) -> UrlError {
    UrlError {
        message: message.into(),
        help: help.into(),
    }
}

/// Checks that `url` is an absolute `https` or `http` URL with a host and no spaces.
///
/// ```
/// use chat_card_core::validate::url::check_url;
/// assert!(check_url("https://example.com/a?b=c#d").is_ok());
/// assert!(check_url("/relative/path").is_err());
/// assert!(check_url("javascript:alert(1)").is_err());
/// ```
pub fn check_url(url: &str) -> Result<(), UrlError> {
    if url.is_empty() {
        return Err(err("the URL is empty", EXAMPLE));
    }
    if let Some(c) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let what = if c == ' ' {
            "a space".to_string()
        } else {
            format!("the character {c:?}")
        };
        return Err(err(
            format!("the URL contains {what}"),
            "percent-encode it (a space is `%20`) and remove leading or trailing blanks",
        ));
    }
    let authority = authority(url)?;
    check_authority(authority)
}

/// Checks the static start of a URL whose later parts are filled in at runtime: it must
/// hold the whole scheme and host, followed by `/`, `?` or `#`, so a runtime value can
/// never change where the link goes.
///
/// ```
/// use chat_card_core::validate::url::check_url_prefix;
/// assert!(check_url_prefix("https://grafana.example.com/d/").is_ok());
/// assert!(check_url_prefix("https://").is_err());
/// assert!(check_url_prefix("https://example.com").is_err());
/// ```
pub fn check_url_prefix(prefix: &str) -> Result<(), UrlError> {
    let placeholder_help = "write the scheme and host literally and put placeholders after the first `/`, like `https://example.com/items/{id}`";
    if prefix.is_empty() {
        return Err(err(
            "the whole URL is a placeholder inside a string",
            "pass a checked URL value (`chat_card::WebUrl`) instead, or write the scheme and host literally, like `https://example.com/items/{id}`",
        ));
    }
    if let Some(c) = prefix.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(err(
            format!("the URL contains {c:?}"),
            "percent-encode it (a space is `%20`)",
        ));
    }
    let authority = authority(prefix)?;
    let after = &prefix[prefix.len().min(authority_end(prefix, authority))..];
    if after.is_empty() {
        return Err(err(
            "a placeholder may not be part of the URL's scheme or host",
            placeholder_help,
        ));
    }
    check_authority(authority)
}

/// The authority (`user@host:port`) of an absolute http(s) URL.
fn authority(url: &str) -> Result<&str, UrlError> {
    let lower: String = url
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    for bad in ["javascript:", "data:", "vbscript:", "file:"] {
        if lower.starts_with(bad) {
            return Err(err(
                format!("`{bad}` URLs are not allowed in Chat cards"),
                "link to an `https` page instead",
            ));
        }
    }
    let Some(colon) = url.find(':') else {
        return Err(relative(url));
    };
    let scheme = &url[..colon];
    let valid_scheme = !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme || scheme.contains('.') && !url[colon..].starts_with("://") {
        return Err(relative(url));
    }
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(err(
            format!("`{scheme}:` URLs do not work in Chat cards"),
            format!("use an `https` URL; {EXAMPLE}"),
        ));
    }
    let rest = &url[colon + 1..];
    let Some(rest) = rest.strip_prefix("//") else {
        return Err(err(
            format!("the URL has no `//` after `{scheme}:`"),
            EXAMPLE.to_string(),
        ));
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Ok(&rest[..end])
}

/// Where the authority ends inside `url` (byte offset).
fn authority_end(url: &str, authority: &str) -> usize {
    let start = url.find("//").map_or(0, |i| i + 2);
    start + authority.len()
}

fn relative(url: &str) -> UrlError {
    if url.starts_with("//") {
        return err(
            "the URL has no scheme (`//host/…`)",
            format!("add `https:` in front: `https:{url}`"),
        );
    }
    let looks_like_host = url
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|h| h.contains('.') && !h.starts_with('.'));
    if looks_like_host {
        err(
            "the URL has no scheme, so Chat reads it as a relative URL and shows a blank card",
            format!("add `https://` in front: `https://{url}`"),
        )
    } else {
        err(
            "relative URLs do not work in Chat cards (the card is shown blank)",
            EXAMPLE,
        )
    }
}

fn check_authority(authority: &str) -> Result<(), UrlError> {
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = if let Some(rest) = host_port.strip_prefix('[') {
        match rest.find(']') {
            Some(i) => (&host_port[..i + 2], &rest[i + 1..]),
            None => {
                return Err(err("the URL's IPv6 host has no closing `]`", EXAMPLE));
            }
        }
    } else {
        match host_port.find(':') {
            Some(i) => (&host_port[..i], &host_port[i..]),
            None => (host_port, ""),
        }
    };
    if host.is_empty() {
        return Err(err("the URL has no host", EXAMPLE));
    }
    if !host.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '%'))
    {
        return Err(err(
            format!("the URL's host `{host}` contains characters a host name cannot have"),
            EXAMPLE,
        ));
    }
    if let Some(digits) = port.strip_prefix(':') {
        if !digits.is_empty() && !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(err(
                format!("the URL's port `{digits}` is not a number"),
                EXAMPLE,
            ));
        }
    } else if !port.is_empty() {
        return Err(err("the URL's host is malformed", EXAMPLE));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_absolute_http_urls() {
        for ok in [
            "https://example.com",
            "http://example.com/",
            "HTTPS://Example.COM:8443/a/b?c=d&e#f",
            "https://user@example.com/x",
            "https://[::1]:8080/x",
            "https://bücher.example/x",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_what_chat_blanks() {
        for (bad, part) in [
            ("", "empty"),
            ("/docs", "relative"),
            ("docs/page", "relative"),
            ("example.com/page", "no scheme"),
            ("//example.com/x", "no scheme"),
            ("javascript:alert(1)", "javascript:"),
            ("JavaScript:alert(1)", "javascript:"),
            ("data:text/html,x", "data:"),
            ("ftp://example.com", "ftp:"),
            ("https:example.com", "no `//`"),
            ("https://", "no host"),
            ("https:///path", "no host"),
            ("https://exa mple.com", "space"),
            (" https://example.com", "space"),
            ("https://example.com:80x/", "port"),
            ("https://exa<mple.com/", "host"),
        ] {
            let e = check_url(bad).expect_err(bad);
            assert!(e.message.contains(part), "{bad}: {e:?}");
            assert!(!e.help.is_empty());
        }
    }

    #[test]
    fn template_prefix_must_fix_scheme_and_host() {
        assert!(check_url_prefix("https://example.com/").is_ok());
        assert!(check_url_prefix("https://example.com?q=").is_ok());
        assert!(check_url_prefix("https://example.com#").is_ok());
        assert!(check_url_prefix("").is_err());
        assert!(check_url_prefix("https://").is_err());
        assert!(check_url_prefix("https://example.").is_err());
        assert!(check_url_prefix("http").is_err());
        assert!(check_url_prefix("https://ex ample.com/").is_err());
    }
}
