//! [`WebhookUrl`]: an incoming-webhook URL, parsed and checked once, that never prints its
//! credentials.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// The form every error message shows as the fix.
const EXPECTED: &str = "expected https://chat.googleapis.com/v1/spaces/SPACE_ID/messages?key=KEY&token=TOKEN \
     (copy it from the space: Apps & integrations > Webhooks)";

/// Google's standard query parameters: named in errors, but not accepted.
const STANDARD_PARAMS: [&str; 10] = [
    "$.xgafv",
    "access_token",
    "alt",
    "callback",
    "fields",
    "oauth_token",
    "prettyPrint",
    "quotaUser",
    "uploadType",
    "upload_protocol",
];

/// The only host a non-loopback webhook URL may name.
const CHAT_HOST: &str = "chat.googleapis.com";

/// An incoming-webhook URL of a Google Chat space, parsed and checked once.
///
/// The accepted form is
/// `https://chat.googleapis.com/v1/spaces/{SPACE_ID}/messages?key={KEY}&token={TOKEN}`.
/// Plain `http` (and any port) is accepted only when the host is a loopback address
/// (`127.0.0.0/8`, `::1`, `localhost`), so tests and the fake Chat space can run locally;
/// any other host or scheme is refused before any network I/O.
///
/// The `key` and `token` are credentials: `Debug`, `Display` and every error print them as
/// `<redacted>`. The type deliberately does not implement `Serialize`.
///
/// ```
/// use chat_card::WebhookUrl;
///
/// let url: WebhookUrl =
///     "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=K3y&token=T0k".parse()?;
/// assert_eq!(url.space_id(), "AAAA");
/// assert!(!url.to_string().contains("T0k"));
/// # Ok::<(), chat_card::UrlError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct WebhookUrl {
    /// The full URL with credentials. Crate-private: reachable only through `raw()`.
    raw: url::Url,
    space: String,
    key: String,
    token: String,
}

/// Why a webhook URL was refused. Its messages never contain the URL's `key` or `token`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid webhook URL: {problem}; {EXPECTED}")]
pub struct UrlError {
    problem: String,
}

impl UrlError {
    fn new(problem: impl Into<String>) -> Self {
        UrlError {
            problem: problem.into(),
        }
    }

    /// What is wrong with the URL, without the fix.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl WebhookUrl {
    /// Parses and checks a webhook URL. Same as `s.parse()`.
    pub fn parse(s: &str) -> Result<Self, UrlError> {
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(UrlError::new("the URL is empty"));
        }
        // url's parse errors never echo the input.
        let url = url::Url::parse(trimmed)
            .map_err(|e| UrlError::new(format!("it is not a URL ({e})")))?;
        let loopback = is_loopback(&url);
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(UrlError::new(
                    "plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use https",
                ));
            }
            other => return Err(UrlError::new(format!("unsupported scheme `{other}`"))),
        }
        if !loopback {
            if url.host_str() != Some(CHAT_HOST) {
                return Err(UrlError::new(format!(
                    "the host must be {CHAT_HOST} (or a loopback address for local testing)"
                )));
            }
            if url.port().is_some() {
                return Err(UrlError::new(format!("{CHAT_HOST} takes no explicit port")));
            }
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(UrlError::new(
                "the URL must not carry a user name or password",
            ));
        }
        if url.fragment().is_some() {
            return Err(UrlError::new("the URL must not have a #fragment"));
        }
        let space = space_from_path(url.path())?;
        let (key, token) = credentials(&url)?;
        Ok(WebhookUrl {
            space,
            key,
            token,
            raw: url,
        })
    }

    /// The space ID from the path (`AAAA` in `/v1/spaces/AAAA/messages`). Not a secret.
    pub fn space_id(&self) -> &str {
        &self.space
    }

    /// Whether the host is a loopback address (a local test server such as the fake space).
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.raw)
    }

    /// The full URL including credentials. Never log or display this.
    pub(crate) fn raw(&self) -> &url::Url {
        &self.raw
    }

    /// Replaces every occurrence of the key or token in `text` with `<redacted>`: used on
    /// error bodies and transport messages before they are stored.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in [&self.key, &self.token] {
            if !secret.is_empty() && out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), "<redacted>");
            }
        }
        out
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

fn space_from_path(path: &str) -> Result<String, UrlError> {
    let rest = path
        .strip_prefix("/v1/spaces/")
        .ok_or_else(|| UrlError::new("the path must be /v1/spaces/SPACE_ID/messages"))?;
    let space = rest.strip_suffix("/messages").ok_or_else(|| {
        UrlError::new("the path must end in /messages (/v1/spaces/SPACE_ID/messages)")
    })?;
    if space.is_empty() {
        return Err(UrlError::new("the space ID in the path is empty"));
    }
    if !space
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(UrlError::new(
            "the space ID may only hold letters, digits, `-` and `_`",
        ));
    }
    Ok(space.to_owned())
}

fn credentials(url: &url::Url) -> Result<(String, String), UrlError> {
    let mut key = None;
    let mut token = None;
    for (name, value) in url.query_pairs() {
        let slot = match name.as_ref() {
            "key" => &mut key,
            "token" => &mut token,
            "threadKey" => {
                return Err(UrlError::new(
                    "the deprecated `threadKey` query parameter is not supported; \
                     remove it and pass the thread key per message (SendOptions::thread_key or \
                     --thread-key), which goes into the body as thread.threadKey",
                ));
            }
            "messageReplyOption" | "requestId" | "messageId" => {
                return Err(UrlError::new(format!(
                    "remove the `{name}` query parameter; it is set per message through SendOptions \
                     (or the CLI flags)"
                )));
            }
            other => {
                // Only well-known names are echoed: a mangled URL could put a secret in
                // the name position.
                let shown = if STANDARD_PARAMS.contains(&other) {
                    format!("`{other}`")
                } else {
                    "(name not shown in case it is a credential)".to_owned()
                };
                return Err(UrlError::new(format!(
                    "unknown query parameter {shown}; a webhook URL carries only `key` and `token`"
                )));
            }
        };
        if slot.is_some() {
            return Err(UrlError::new(format!(
                "the `{name}` parameter appears twice"
            )));
        }
        *slot = Some(value.into_owned());
    }
    let key = key
        .filter(|k| !k.is_empty())
        .ok_or_else(|| UrlError::new("the `key` query parameter is missing or empty"))?;
    let token = token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| UrlError::new("the `token` query parameter is missing or empty"))?;
    Ok((key, token))
}

impl FromStr for WebhookUrl {
    type Err = UrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        WebhookUrl::parse(s)
    }
}

impl TryFrom<&str> for WebhookUrl {
    type Error = UrlError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        WebhookUrl::parse(s)
    }
}

impl TryFrom<String> for WebhookUrl {
    type Error = UrlError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        WebhookUrl::parse(&s)
    }
}

impl fmt::Display for WebhookUrl {
    /// Prints `scheme://host[:port]/v1/spaces/SPACE/messages?key=<redacted>&token=<redacted>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://", self.raw.scheme())?;
        match self.raw.host() {
            Some(url::Host::Ipv6(ip)) => write!(f, "[{ip}]")?,
            Some(host) => write!(f, "{host}")?,
            None => {}
        }
        if let Some(port) = self.raw.port() {
            write!(f, ":{port}")?;
        }
        write!(
            f,
            "/v1/spaces/{}/messages?key=<redacted>&token=<redacted>",
            self.space
        )
    }
}

impl fmt::Debug for WebhookUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebhookUrl(\"{self}\")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=SECRETKEY&token=SECRETTOKEN";

    fn err(s: &str) -> String {
        WebhookUrl::parse(s).expect_err(s).to_string()
    }

    #[test]
    fn parses_google_url_and_redacts() {
        let url = WebhookUrl::parse(GOOD).expect("valid");
        assert_eq!(url.space_id(), "AAAA");
        let shown = format!("{url} {url:?}");
        assert!(
            !shown.contains("SECRETKEY") && !shown.contains("SECRETTOKEN"),
            "{shown}"
        );
        assert_eq!(
            url.to_string(),
            "https://chat.googleapis.com/v1/spaces/AAAA/messages?key=<redacted>&token=<redacted>"
        );
        assert!(!url.is_loopback());
    }

    #[test]
    fn loopback_http_allowed() {
        for s in [
            "http://127.0.0.1:8080/v1/spaces/S/messages?key=k&token=t",
            "http://127.5.0.1/v1/spaces/S/messages?key=k&token=t",
            "http://[::1]:9/v1/spaces/S/messages?key=k&token=t",
            "http://localhost:1/v1/spaces/S/messages?key=k&token=t",
        ] {
            let url = WebhookUrl::parse(s).expect(s);
            assert!(url.is_loopback());
            assert!(url.to_string().contains("key=<redacted>&token=<redacted>"));
        }
        assert_eq!(
            WebhookUrl::parse("http://[::1]:9/v1/spaces/S/messages?key=k&token=t")
                .expect("v6")
                .to_string(),
            "http://[::1]:9/v1/spaces/S/messages?key=<redacted>&token=<redacted>"
        );
    }

    #[test]
    fn refusals_say_what_and_how() {
        let cases = [
            ("", "empty"),
            ("not a url", "not a URL"),
            (
                "http://chat.googleapis.com/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN",
                "plain http",
            ),
            (
                "https://example.com/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN",
                "host must be",
            ),
            (
                "http://10.0.0.1/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN",
                "plain http",
            ),
            (
                "https://chat.googleapis.com/v1/spaces/A/messages?key=SECRETKEY",
                "`token`",
            ),
            (
                "https://chat.googleapis.com/v1/spaces/A/messages?token=SECRETTOKEN",
                "`key`",
            ),
            (
                "https://chat.googleapis.com/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN&threadKey=x",
                "deprecated",
            ),
            (
                "https://chat.googleapis.com/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN&messageReplyOption=x",
                "SendOptions",
            ),
            (
                "https://chat.googleapis.com/v1/spaces//messages?key=SECRETKEY&token=SECRETTOKEN",
                "empty",
            ),
            (
                "https://chat.googleapis.com/v2/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN",
                "path",
            ),
            (
                "https://chat.googleapis.com/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN&token=SECRETTOKEN",
                "twice",
            ),
            (
                "https://chat.googleapis.com/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN&x=1",
                "unknown query parameter",
            ),
            (
                "ftp://chat.googleapis.com/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN",
                "scheme",
            ),
            (
                "https://u:p@chat.googleapis.com/v1/spaces/A/messages?key=SECRETKEY&token=SECRETTOKEN",
                "user name",
            ),
        ];
        for (input, needle) in cases {
            let message = err(input);
            assert!(message.contains(needle), "{input}: {message}");
            assert!(
                message.contains("expected https://chat.googleapis.com"),
                "{message}"
            );
            assert!(
                !message.contains("SECRETKEY") && !message.contains("SECRETTOKEN"),
                "{message}"
            );
        }
    }

    #[test]
    fn scrub_removes_secrets() {
        let url = WebhookUrl::parse(GOOD).expect("valid");
        assert_eq!(
            url.scrub("a SECRETKEY b SECRETTOKEN"),
            "a <redacted> b <redacted>"
        );
    }

    #[test]
    fn try_from_forms() {
        assert!(WebhookUrl::try_from(GOOD).is_ok());
        assert!(WebhookUrl::try_from(GOOD.to_owned()).is_ok());
        assert!(GOOD.parse::<WebhookUrl>().is_ok());
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics_and_never_prints_credentials(
            prefix in "(https?|ftp)://[a-z0-9.:\\[\\]@]{0,30}/[a-zA-Z0-9/_-]{0,30}",
            extra in "[a-zA-Z0-9&=#?%._-]{0,30}",
        ) {
            let input = format!("{prefix}?key=KSECRETK&token=TSECRETT{extra}");
            match WebhookUrl::parse(&input) {
                Ok(url) => {
                    let shown = format!("{url} {url:?}");
                    prop_assert!(!shown.contains("SECRET"), "{}", shown);
                }
                Err(e) => {
                    let shown = format!("{e} {e:?}");
                    prop_assert!(!shown.contains("SECRET"), "{}", shown);
                }
            }
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,80}") {
            let _ = WebhookUrl::parse(&s);
        }
    }
}
