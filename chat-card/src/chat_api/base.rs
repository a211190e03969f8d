//! Endpoint URLs: the Chat API base and the token endpoint (`https`, or `http` on loopback).

/// Google's Chat API endpoint.
pub const DEFAULT_API_BASE: &str = "https://chat.googleapis.com";

/// Checks an endpoint URL: `https`, or `http` only for loopback hosts (local testing), no
/// user info, no fragment. Returns the parsed URL or what is wrong.
pub(crate) fn check_endpoint(text: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(text.trim()).map_err(|e| format!("not a URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err("plain http is allowed only for 127.0.0.1, [::1] or localhost".into());
        }
        other => return Err(format!("the scheme `{other}` is not https")),
    }
    if url.host().is_none() {
        return Err("the URL has no host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the URL holds a user name or password".into());
    }
    if url.fragment().is_some() {
        return Err("the URL has a #fragment".into());
    }
    Ok(url)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The base URL requests go to (`https://chat.googleapis.com` by default); `/v1/...` is
/// appended to it.
pub(crate) fn api_base(text: &str) -> Result<url::Url, String> {
    let mut url = check_endpoint(text)?;
    if url.query().is_some() {
        return Err("the base URL has a ?query".into());
    }
    let path = url.path().trim_end_matches('/').to_owned();
    url.set_path(&path);
    Ok(url)
}

/// `base` + `/v1/` + `path` (path segments already valid resource names).
pub(crate) fn join(base: &url::Url, path: &str) -> url::Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    url.set_path(&format!("{prefix}/v1/{path}"));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert!(check_endpoint("https://chat.googleapis.com").is_ok());
        assert!(check_endpoint("http://127.0.0.1:8080").is_ok());
        assert!(check_endpoint("http://localhost/x").is_ok());
        assert!(check_endpoint("http://example.com").is_err());
        assert!(check_endpoint("ftp://127.0.0.1").is_err());
        assert!(check_endpoint("https://u:p@example.com").is_err());
        assert!(api_base("https://x.example?q=1").is_err());
        let base = api_base("http://127.0.0.1:9/").expect("base");
        assert_eq!(
            join(&base, "spaces/A/messages").as_str(),
            "http://127.0.0.1:9/v1/spaces/A/messages"
        );
        let base = api_base("https://proxy.example/chat/").expect("base");
        assert_eq!(
            join(&base, "spaces/A").as_str(),
            "https://proxy.example/chat/v1/spaces/A"
        );
    }
}
