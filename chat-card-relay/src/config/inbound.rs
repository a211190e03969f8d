//! A route's inbound check (`inbound_auth` and the secrets it reads): which check, and
//! every key that the chosen check would not read refused as a mistake.

use std::path::Path;

use toml::Spanned;

use super::InboundAuth;
use super::error::{Report, one_of};
use super::raw::RawRoute;
use super::secret::Sources;

/// The route's inbound check, from `inbound_auth` and the secrets it needs.
pub(crate) fn inbound(
    table: &str,
    raw: &RawRoute,
    base: &Path,
    r: &mut Report<'_>,
) -> Option<InboundAuth> {
    let key = |k: &str| format!("{table}.{k}");
    let token = Sources {
        key: key("inbound_token"),
        env: raw.inbound_token_env.as_ref(),
        file: raw.inbound_token_file.as_ref(),
        inline: None,
    };
    let secret = Sources {
        key: key("inbound_secret"),
        env: raw.inbound_secret_env.as_ref(),
        file: raw.inbound_secret_file.as_ref(),
        inline: None,
    };
    let password = Sources {
        key: key("inbound_password"),
        env: raw.inbound_password_env.as_ref(),
        file: raw.inbound_password_file.as_ref(),
        inline: None,
    };
    let mode = match &raw.inbound_auth {
        Some(t) => one_of(
            t,
            &key("inbound_auth"),
            &["bearer", "basic", "github", "gitlab", "none"],
            r,
        )?,
        None if token.given() => "bearer",
        None if secret.given() => {
            r.error(
                raw.inbound_secret_env
                    .as_ref()
                    .or(raw.inbound_secret_file.as_ref())
                    .map(Spanned::span),
                &key("inbound_secret"),
                "an inbound secret is GitHub's signing secret: add `inbound_auth = \"github\"`",
            );
            return None;
        }
        None => "",
    };
    // Keys that the chosen check does not read are mistakes, not silent extras.
    if mode != "basic"
        && let Some(user) = &raw.inbound_user
    {
        r.error(
            Some(user.span()),
            &key("inbound_user"),
            "an inbound user is only read with inbound_auth = \"basic\"; remove it or set \
             inbound_auth = \"basic\"",
        );
    }
    let unused = |r: &mut Report<'_>, s: &Sources<'_>, what: &str| {
        if s.given() {
            let at = s.env.or(s.file).map(Spanned::span);
            r.error(
                at,
                &format!("{}_env", s.key),
                format!("{what}; remove it or change `inbound_auth`"),
            );
        }
    };
    let need = |r: &mut Report<'_>, s: &Sources<'_>, mode: &str| -> Option<super::Secret> {
        if !s.given() {
            r.error(
                raw.inbound_auth.as_ref().map(Spanned::span),
                &format!("{}_env", s.key),
                format!(
                    "inbound_auth = \"{mode}\" needs `{0}_env = \"VAR\"` or `{0}_file = \"PATH\"`",
                    s.key.rsplit('.').next().unwrap_or(&s.key)
                ),
            );
            return None;
        }
        s.read(base, r)
    };
    match mode {
        "bearer" | "gitlab" => {
            unused(
                r,
                &secret,
                "an inbound secret is only read with inbound_auth = \"github\"",
            );
            unused(
                r,
                &password,
                "an inbound password is only read with inbound_auth = \"basic\"",
            );
            let t = need(r, &token, mode)?;
            Some(if mode == "bearer" {
                InboundAuth::Bearer(t)
            } else {
                InboundAuth::GitLab(t)
            })
        }
        "github" => {
            unused(
                r,
                &token,
                "an inbound token is not read with inbound_auth = \"github\" (GitHub signs \
                 with `inbound_secret_env`)",
            );
            need(r, &secret, mode).map(InboundAuth::GitHub)
        }
        "basic" => {
            unused(
                r,
                &token,
                "an inbound token is not read with inbound_auth = \"basic\"",
            );
            let Some(user) = &raw.inbound_user else {
                r.error(
                    raw.inbound_auth.as_ref().map(Spanned::span),
                    &key("inbound_user"),
                    "inbound_auth = \"basic\" needs `inbound_user = \"NAME\"` and \
                     `inbound_password_env` or `inbound_password_file`",
                );
                return None;
            };
            if user.get_ref().is_empty() || user.get_ref().contains(':') {
                r.error(
                    Some(user.span()),
                    &key("inbound_user"),
                    "the user name must not be empty nor hold `:`",
                );
                return None;
            }
            let password = need(r, &password, mode)?;
            Some(InboundAuth::Basic {
                user: user.get_ref().clone(),
                password,
            })
        }
        explicit => {
            for s in [&token, &secret, &password] {
                unused(
                    r,
                    s,
                    "inbound_auth = \"none\" reads no secret: remove the secret or the \
                     `inbound_auth` line",
                );
            }
            Some(InboundAuth::None {
                explicit: explicit == "none",
            })
        }
    }
}
