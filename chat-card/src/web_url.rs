//! [`WebUrl`]: a checked absolute `http`/`https` URL, the type `card!` requires where a
//! whole URL comes from a runtime value.

use std::fmt;
use std::str::FromStr;

/// An absolute `https` (or `http`) URL with a host: what Chat needs wherever a card opens
/// a link or shows an image.
///
/// `card!` takes a `WebUrl` (not a `String`) for a whole-URL value, so a relative path, an
/// empty string or a `javascript:` URL is rejected once, where the data enters the
/// program, instead of blanking the card in Chat.
///
/// ```
/// use chat_card::WebUrl;
/// let url = WebUrl::parse("https://grafana.example.com/d/abc?from=now-1h")?;
/// assert_eq!(url.as_str(), "https://grafana.example.com/d/abc?from=now-1h");
/// assert!(WebUrl::parse("/d/abc").is_err());
/// assert!(WebUrl::parse("javascript:alert(1)").is_err());
/// # Ok::<(), chat_card::WebUrlError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WebUrl {
    text: String,
}

/// Why a text is not a [`WebUrl`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebUrlError {
    /// The text is empty.
    #[error(
        "the URL is empty; Chat needs an absolute https URL such as \"https://example.com/page\""
    )]
    Empty,
    /// The text has no scheme (a relative reference such as `/d/abc`).
    #[error(
        "\"{text}\" is a relative URL; Chat only opens absolute URLs: prefix it with the \
         scheme and host, e.g. \"https://example.com{text}\""
    )]
    Relative {
        /// The text as given (it is not a secret: it has no scheme, host or query).
        text: String,
    },
    /// The scheme is not `http` or `https`.
    #[error(
        "the URL scheme is \"{scheme}\"; Chat only opens https (or http) URLs, use \"https://…\""
    )]
    Scheme {
        /// The scheme found.
        scheme: String,
    },
    /// The URL could not be parsed (bad host, bad port, ...).
    #[error("the URL is not valid ({reason}); write it as \"https://host/path\"")]
    Invalid {
        /// What the parser reported.
        reason: String,
    },
}

impl WebUrl {
    /// Checks `text` and keeps it as written.
    pub fn parse(text: &str) -> Result<WebUrl, WebUrlError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(WebUrlError::Empty);
        }
        match url::Url::parse(trimmed) {
            Ok(url) => {
                if url.scheme() != "https" && url.scheme() != "http" {
                    return Err(WebUrlError::Scheme {
                        scheme: url.scheme().to_owned(),
                    });
                }
                if url.host_str().is_none_or(str::is_empty) {
                    return Err(WebUrlError::Invalid {
                        reason: "it has no host".to_owned(),
                    });
                }
                // Keep the caller's spelling when it is already canonical ASCII, else
                // use the parser's serialization (percent-encoded, punycode host).
                let text = if trimmed.is_ascii() && !trimmed.contains([' ', '"', '<', '>', '\\']) {
                    trimmed.to_owned()
                } else {
                    String::from(url)
                };
                Ok(WebUrl { text })
            }
            Err(url::ParseError::RelativeUrlWithoutBase) => Err(WebUrlError::Relative {
                text: trimmed.chars().take(200).collect(),
            }),
            Err(e) => Err(WebUrlError::Invalid {
                reason: e.to_string(),
            }),
        }
    }

    /// The URL text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The URL text, owned.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("WebUrl").field(&self.text).finish()
    }
}

impl FromStr for WebUrl {
    type Err = WebUrlError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WebUrl::parse(s)
    }
}

impl TryFrom<String> for WebUrl {
    type Error = WebUrlError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        WebUrl::parse(&s)
    }
}

impl TryFrom<&str> for WebUrl {
    type Error = WebUrlError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        WebUrl::parse(s)
    }
}

impl AsRef<str> for WebUrl {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl From<WebUrl> for String {
    fn from(url: WebUrl) -> String {
        url.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_absolute_web_urls() {
        for ok in [
            "https://example.com",
            "http://127.0.0.1:8080/x?y=1#z",
            "https://a.example/é",
        ] {
            assert!(WebUrl::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            WebUrl::parse("https://a.example/é").unwrap().as_str(),
            "https://a.example/%C3%A9"
        );
    }

    #[test]
    fn rejects_what_chat_cannot_open() {
        assert_eq!(WebUrl::parse(""), Err(WebUrlError::Empty));
        assert!(matches!(
            WebUrl::parse("/x"),
            Err(WebUrlError::Relative { .. })
        ));
        assert!(matches!(
            WebUrl::parse("javascript:alert(1)"),
            Err(WebUrlError::Scheme { .. })
        ));
        assert!(matches!(
            WebUrl::parse("ftp://x.example"),
            Err(WebUrlError::Scheme { .. })
        ));
        assert!(matches!(
            WebUrl::parse("https://"),
            Err(WebUrlError::Invalid { .. })
        ));
    }
}
