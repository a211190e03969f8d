//! Resource names: [`SpaceName`] (`spaces/S`) and [`MessageName`]
//! (`spaces/S/messages/M`, where `M` is Chat's id or a client-assigned `client-…` id).

use std::fmt;
use std::str::FromStr;

use super::error::NameError;

/// A space's resource name, `spaces/SPACE` (a bare `SPACE` id is accepted too).
///
/// ```
/// use chat_card::chat_api::SpaceName;
///
/// let space: SpaceName = "spaces/AAAAxyz".parse()?;
/// assert_eq!(space.id(), "AAAAxyz");
/// assert_eq!(space.to_string(), "spaces/AAAAxyz");
/// # Ok::<(), chat_card::chat_api::NameError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SpaceName {
    id: String,
}

/// A message's resource name: `spaces/SPACE/messages/MESSAGE`, where `MESSAGE` is the id
/// Chat assigned or the `client-…` id given at creation (`messageId`).
///
/// ```
/// use chat_card::chat_api::MessageName;
///
/// let by_chat: MessageName = "spaces/AAAA/messages/BBBB.CCCC".parse()?;
/// assert!(!by_chat.is_client_assigned());
/// let mine = MessageName::client_assigned(&"spaces/AAAA".parse()?, "client-db-alert")?;
/// assert_eq!(mine.to_string(), "spaces/AAAA/messages/client-db-alert");
/// assert!(mine.is_client_assigned());
/// assert!("spaces/AAAA/messages/client-UPPER".parse::<MessageName>().is_err());
/// # Ok::<(), chat_card::chat_api::NameError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MessageName {
    space: SpaceName,
    message: String,
}

/// An id segment: non-empty, at most 200 characters, letters, digits and `-_.`.
fn valid_segment(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl SpaceName {
    /// Parses `spaces/SPACE` or a bare `SPACE` id.
    pub fn parse(text: &str) -> Result<Self, NameError> {
        let text = text.trim();
        let id = text.strip_prefix("spaces/").unwrap_or(text);
        if !valid_segment(id) {
            return Err(NameError::new(
                text,
                "is not a space name",
                "use spaces/SPACE_ID as shown in the space's URL or returned by the API",
            ));
        }
        Ok(SpaceName { id: id.to_owned() })
    }

    /// The space id (`SPACE` in `spaces/SPACE`): the key of its pacing lane.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Display for SpaceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "spaces/{}", self.id)
    }
}

impl FromStr for SpaceName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, NameError> {
        SpaceName::parse(s)
    }
}

impl MessageName {
    /// Parses `spaces/SPACE/messages/MESSAGE`. A `MESSAGE` starting with `client-` must
    /// follow the client-assigned id rules (lowercase letters, digits, hyphens, at most
    /// 63 characters).
    pub fn parse(text: &str) -> Result<Self, NameError> {
        let text = text.trim();
        let bad = |problem: &str| {
            NameError::new(
                text,
                problem,
                "use spaces/SPACE/messages/MESSAGE as returned when the message was created, \
                 or spaces/SPACE/messages/client-ID with the id you gave it",
            )
        };
        let rest = text
            .strip_prefix("spaces/")
            .ok_or_else(|| bad("does not start with spaces/"))?;
        let (space, message) = rest
            .split_once("/messages/")
            .ok_or_else(|| bad("has no /messages/ part"))?;
        if !valid_segment(space) {
            return Err(bad("has an invalid space id"));
        }
        Self::build(
            SpaceName {
                id: space.to_owned(),
            },
            message,
        )
        .map_err(|problem| bad(&problem))
    }

    /// The name of a message by the `client-…` id given at creation.
    pub fn client_assigned(space: &SpaceName, id: &str) -> Result<Self, NameError> {
        if !id.starts_with("client-") {
            return Err(NameError::new(
                id,
                "is not a client-assigned message id",
                "client-assigned ids start with client- (e.g. client-db-alert-42)",
            ));
        }
        Self::build(space.clone(), id).map_err(|problem| {
            NameError::new(
                id,
                &problem,
                "use client- + lowercase letters, digits and hyphens",
            )
        })
    }

    fn build(space: SpaceName, message: &str) -> Result<Self, String> {
        if message.starts_with("client-") {
            chat_card_core::validate::check_message_id(message)?;
        } else if !valid_segment(message) {
            return Err("has an invalid message id".into());
        }
        Ok(MessageName {
            space,
            message: message.to_owned(),
        })
    }

    /// The space the message is in.
    pub fn space(&self) -> &SpaceName {
        &self.space
    }

    /// The message id part (Chat's id or the `client-…` id).
    pub fn message_id(&self) -> &str {
        &self.message
    }

    /// Whether the name uses a client-assigned id.
    pub fn is_client_assigned(&self) -> bool {
        self.message.starts_with("client-")
    }
}

impl fmt::Display for MessageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/messages/{}", self.space, self.message)
    }
}

impl FromStr for MessageName {
    type Err = NameError;
    fn from_str(s: &str) -> Result<Self, NameError> {
        MessageName::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parsing_never_panics_and_round_trips(s in "(spaces/)?[A-Za-z0-9_./é-]{0,80}(/messages/)?[a-z0-9A-Z_.é-]{0,80}") {
            if let Ok(name) = MessageName::parse(&s) {
                prop_assert_eq!(MessageName::parse(&name.to_string()).ok(), Some(name));
            }
            if let Ok(space) = SpaceName::parse(&s) {
                prop_assert_eq!(SpaceName::parse(&space.to_string()).ok(), Some(space));
            }
        }

        #[test]
        fn any_text_is_handled(s in ".{0,300}") {
            let _ = MessageName::parse(&s);
            let _ = SpaceName::parse(&s);
        }
    }

    #[test]
    fn names() {
        assert_eq!(
            SpaceName::parse("AAAA").expect("bare").to_string(),
            "spaces/AAAA"
        );
        assert!(SpaceName::parse("spaces/").is_err());
        assert!(SpaceName::parse("spaces/A/B").is_err());
        let m = MessageName::parse("spaces/A/messages/x_Y.1").expect("chat id");
        assert_eq!(m.space().id(), "A");
        assert_eq!(m.message_id(), "x_Y.1");
        assert!(MessageName::parse("spaces/A/messages/client-ok-1").is_ok());
        for bad in [
            "spaces/A/messages/",
            "spaces/A/threads/T",
            "A/messages/M",
            "spaces/A/messages/M/x",
            "spaces/A/messages/client-Bad",
            "spaces//messages/M",
        ] {
            let e = MessageName::parse(bad).expect_err(bad);
            assert!(e.to_string().contains("spaces/SPACE/messages/"), "{e}");
        }
        let space = SpaceName::parse("spaces/A").expect("space");
        assert!(MessageName::client_assigned(&space, "alert").is_err());
        assert!(MessageName::client_assigned(&space, "client-a").is_ok());
    }
}
