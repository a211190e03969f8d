//! What the Chat app examples share: how they verify requests, and a local stand-in
//! for Google Chat that signs the sample events it posts.
//!
//! Serving for real (`--serve`), the app verifies Chat's bearer token for the audience
//! set in the environment:
//! - `CHAT_APP_PROJECT_NUMBER=1234567890` when the app's authentication audience is the
//!   project number;
//! - `CHAT_APP_ENDPOINT_URL=https://…` when it is the HTTP endpoint URL.
//!
//! In the default demo mode a fake Chat issuer on 127.0.0.1 generates a test RSA key,
//! publishes its certificate, and signs every sample event the example posts, so the app
//! verifies them exactly as it would verify Chat's.

use std::error::Error;
use std::net::SocketAddr;

use chat_card::app::{Audience, Verifier};
use chat_card_fake_space::FakeChatIssuer;

/// The project number audience of the examples' environment.
pub const PROJECT_NUMBER_ENV: &str = "CHAT_APP_PROJECT_NUMBER";
/// The endpoint URL audience of the examples' environment.
pub const ENDPOINT_URL_ENV: &str = "CHAT_APP_ENDPOINT_URL";

/// The verifier for serving for real: the audience from the environment, Google's keys.
pub fn verifier_from_env() -> Result<Verifier, Box<dyn Error>> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let audience = match (env(PROJECT_NUMBER_ENV), env(ENDPOINT_URL_ENV)) {
        (Some(number), None) => Audience::project_number(number)?,
        (None, Some(url)) => Audience::endpoint_url(&url)?,
        (Some(_), Some(_)) => {
            return Err(format!(
                "set only one of {PROJECT_NUMBER_ENV} and {ENDPOINT_URL_ENV}: the app's authentication audience is one or the other"
            )
            .into());
        }
        (None, None) => {
            return Err(format!(
                "set {PROJECT_NUMBER_ENV} (authentication audience: project number) or {ENDPOINT_URL_ENV} (audience: HTTP endpoint URL) so the app can verify that requests come from Google Chat"
            )
            .into());
        }
    };
    println!("verifying requests for {audience:?}");
    Ok(Verifier::new(audience)?)
}

/// A local stand-in for Google Chat: signs sample events and posts them to the app.
pub struct LocalChat {
    issuer: FakeChatIssuer,
    audience: Audience,
    client: reqwest::Client,
}

impl LocalChat {
    /// Starts the fake issuer; tokens will carry `audience`.
    pub async fn start(audience: Audience) -> Result<Self, Box<dyn Error>> {
        let issuer = FakeChatIssuer::start().await?;
        println!(
            "demo: a fake Chat issuer on {} signs the sample events with a test key (certificates at {})",
            issuer.local_addr(),
            issuer.certs_url_for(&audience)
        );
        Ok(LocalChat {
            issuer,
            audience,
            client: reqwest::Client::new(),
        })
    }

    /// A verifier that trusts the fake issuer's keys.
    pub fn verifier(&self) -> Result<Verifier, Box<dyn Error>> {
        Ok(self.issuer.verifier(self.audience.clone())?)
    }

    /// A valid bearer token for the audience, as Chat would send.
    pub fn token(&self) -> String {
        match &self.audience {
            Audience::ProjectNumber(n) => self.issuer.project_token(n),
            Audience::EndpointUrl(url) => self.issuer.id_token(url),
        }
    }

    /// A token with the right claims and a signature from a key Chat does not publish.
    pub fn forged_token(&self) -> String {
        let claims = match &self.audience {
            Audience::ProjectNumber(n) => FakeChatIssuer::project_claims(n),
            Audience::EndpointUrl(url) => FakeChatIssuer::id_token_claims(url),
        };
        self.issuer.sign_forged(&claims)
    }

    /// POSTs `event` to the app at `addr` with `token` (none: no Authorization header);
    /// returns the status and the body.
    pub async fn post(
        &self,
        addr: SocketAddr,
        event: &str,
        token: Option<&str>,
    ) -> Result<(u16, String), Box<dyn Error>> {
        let mut request = self
            .client
            .post(format!("http://{addr}/"))
            .header("content-type", "application/json")
            .header("user-agent", "Google-Dynamite")
            .body(event.to_owned());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }

    /// POSTs `event` signed like Chat does.
    pub async fn post_signed(
        &self,
        addr: SocketAddr,
        event: &str,
    ) -> Result<(u16, String), Box<dyn Error>> {
        let token = self.token();
        self.post(addr, event, Some(&token)).await
    }
}
