//! The typed serde model of a Chat message: [`Message`], [`Card`], [`Section`],
//! [`Widget`] and every object of the `cardsV2` schema.
//!
//! Every JSON field of Google's schema has a Rust field here (snake_case for the API's
//! camelCase), so any valid Chat message deserializes and serializes back to the same
//! JSON. Fields meant for Workspace add-ons, dialogs or Workspace Studio are modelled
//! too (so nothing is lost in a round trip); the validator, not this model, decides
//! whether they are allowed in a Chat message. Fields are public and every struct
//! implements [`Default`], so values are built with struct literals:
//!
//! ```
//! use chat_card::model::*;
//!
//! let message = Message {
//!     text: Some("Deploy finished".into()),
//!     cards_v2: vec![CardWithId {
//!         card_id: Some("deploy".into()),
//!         card: Card {
//!             header: Some(CardHeader { title: "api v2.3.1".into(), ..Default::default() }),
//!             sections: vec![Section {
//!                 widgets: vec![TextParagraph::new("<b>3</b> hosts updated").into()],
//!                 ..Default::default()
//!             }],
//!             ..Default::default()
//!         },
//!     }],
//!     ..Default::default()
//! };
//! let json = serde_json::to_string(&message).unwrap();
//! let back: Message = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, message);
//! ```
//!
//! What a round trip canonicalises (the JSON means the same before and after):
//! - snake_case keys (`material_icon`, accepted by ProtoJSON) come back camelCase;
//! - `null` fields and empty arrays are omitted (protobuf has no presence for them);
//! - numbers: `1.0` in a colour comes back as `1`; `valueMsEpoch` given as a number
//!   comes back as the string ProtoJSON uses for int64;
//! - enum values must be names (`"CIRCLE"`); a name this crate does not know is kept
//!   verbatim in the enum's `Other` variant.
//!
//! Structured fields that only Workspace add-ons or Workspace Studio use
//! (`expressionData`, `eventActions`, `hostAppDataSource`) and message fields outside
//! cards (`cards` v1, `attachment`, `actionResponse`, output-only fields) are kept as
//! raw [`serde_json::Value`]s.

mod button;
mod card;
mod enums;
mod inputs;
mod layout;
mod message;
mod number;
mod on_click;
mod widgets;

pub use button::{Button, ButtonList, Chip, ChipList, Color, Icon, MaterialIcon};
pub use card::{Card, CardAction, CardFixedFooter, CardHeader, CollapseControl, Section};
pub use enums::*;
pub use inputs::{
    DataSourceConfig, DateTimePicker, PlatformDataSource, SelectionInput, SelectionItem,
    SuggestionItem, Suggestions, TextInput, Validation,
};
pub use layout::{
    BorderStyle, Carousel, CarouselCard, Column, ColumnWidget, Columns, Grid, GridItem,
    ImageComponent, ImageCropStyle, NestedWidget,
};
pub use message::{AccessoryWidget, CardWithId, Message, QuotedMessageMetadata, Thread, User};
pub use on_click::{Action, ActionParameter, OnClick, OpenLink, OverflowMenu, OverflowMenuItem};
pub use widgets::{
    DecoratedText, Divider, Image, SwitchControl, TextParagraph, Widget, WidgetKind,
};

/// A JSON object, used for fields kept as raw JSON.
pub type JsonMap = serde_json::Map<String, serde_json::Value>;
