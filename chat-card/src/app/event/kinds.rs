//! The enumerations of an interaction event. Each keeps values it does not know (Google
//! adds event types and enum values over time) as `Other(String)` instead of failing.

macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version does not know, as sent (also the default, as `""`,
            /// when the field is absent).
            Other(String),
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Other(String::new())
            }
        }

        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Other(s) => s,
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $( $text => $name::$variant, )*
                    _ => $name::Other(s),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map($name::from)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// What the user did (`type`).
    pub enum EventType {
        /// A user sent the app a message, or @mentioned it, or used a slash command.
        Message = "MESSAGE",
        /// A user added the app to a space (or an admin installed it).
        AddedToSpace = "ADDED_TO_SPACE",
        /// A user removed the app from a space.
        RemovedFromSpace = "REMOVED_FROM_SPACE",
        /// A user clicked an interactive element of a card or dialog.
        CardClicked = "CARD_CLICKED",
        /// A user updated a widget (autocomplete of a selection input).
        WidgetUpdated = "WIDGET_UPDATED",
        /// A user used a Chat app command (slash or quick command).
        AppCommand = "APP_COMMAND",
        /// A user opened the app's home.
        AppHome = "APP_HOME",
        /// A user submitted a form of the app's home.
        SubmitForm = "SUBMIT_FORM",
        /// `UNSPECIFIED`.
        Unspecified = "UNSPECIFIED",
    }
}

string_enum! {
    /// The dialog step of a `MESSAGE` or `CARD_CLICKED` event (`dialogEventType`).
    pub enum DialogEventType {
        /// The user asks to open a dialog (a slash command or a button with
        /// `interaction: OPEN_DIALOG`).
        RequestDialog = "REQUEST_DIALOG",
        /// The user clicked a button in a dialog (usually: submit).
        SubmitDialog = "SUBMIT_DIALOG",
        /// The user closed the dialog with its close icon.
        CancelDialog = "CANCEL_DIALOG",
        /// `TYPE_UNSPECIFIED`.
        Unspecified = "TYPE_UNSPECIFIED",
    }
}

string_enum! {
    /// The kind of an app command (`appCommandMetadata.appCommandType`).
    pub enum AppCommandType {
        /// A slash command (`/name`).
        SlashCommand = "SLASH_COMMAND",
        /// A quick command from the message compose menu.
        QuickCommand = "QUICK_COMMAND",
        /// `APP_COMMAND_TYPE_UNSPECIFIED`.
        Unspecified = "APP_COMMAND_TYPE_UNSPECIFIED",
    }
}

string_enum! {
    /// A user's kind (`user.type`).
    pub enum UserType {
        /// A person.
        Human = "HUMAN",
        /// A Chat app.
        Bot = "BOT",
        /// `TYPE_UNSPECIFIED`.
        Unspecified = "TYPE_UNSPECIFIED",
    }
}

string_enum! {
    /// The kind of an annotation of a message's text (`annotations[].type`).
    pub enum AnnotationType {
        /// An @mention.
        UserMention = "USER_MENTION",
        /// A slash command.
        SlashCommand = "SLASH_COMMAND",
        /// A rich link.
        RichLink = "RICH_LINK",
        /// A custom emoji.
        CustomEmoji = "CUSTOM_EMOJI",
        /// `ANNOTATION_TYPE_UNSPECIFIED`.
        Unspecified = "ANNOTATION_TYPE_UNSPECIFIED",
    }
}
