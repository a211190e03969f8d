//! The rulebook: every rule of the validator with its severity and where it comes from.
//!
//! A rule is an [`Severity::Error`] only when Chat refuses the request (HTTP 400) or
//! accepts it and shows nothing or a broken card. It is a [`Severity::Warning`] when Chat
//! accepts the request but ignores the part, when the part is deprecated or output-only,
//! or when it breaks a documented "must" that Google's own samples break (Chat accepts
//! those samples, so refusing them would lose messages that work).
//!
//! Chat's JSON is read by Google's API front end (ESF), whose parser is Google's C++
//! ProtoJSON parser with its legacy leniencies on (`allow_legacy_nonconformant_behavior`,
//! on by default in `google/protobuf/json/json.h`). What it accepts and the stricter Python
//! parser (`google.protobuf.json_format`) refuses is a warning here: a bool written as a
//! string, one object where a list belongs, the legacy `previewText`. What both refuse
//! stays an error: an unknown field name, a number or `""` for a bool, a number for a
//! string, an unknown enum name.
//!
//! The table in [`Rule::info`] is the one place severities are decided; the macro, the
//! runtime validator, the sender, the fake space and `chat-card check` all read it.
//! Sources name Google's public documents: `card.proto` and `message.proto` in
//! `googleapis/google/apps/card/v1` and `google/chat/v1`, the Chat API discovery document
//! (`chat.googleapis.com/$discovery/rest?version=v1`), the Chat docs pages, Google's
//! ProtoJSON parser (`google.protobuf.json_format`), or a message observed in a public
//! project.

use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Chat accepts the message but ignores the part, or the part is deprecated; the
    /// message is still sent.
    Warning,
    /// Chat refuses the message, or shows it blank or broken; it is not sent.
    Error,
}

impl Severity {
    /// `"error"` or `"warning"`, as `chat-card check` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rule of the validator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The tree is nested deeper than any card can be.
    TooDeep,
    /// A key appears twice in one object (also as camelCase and snake_case).
    DuplicateKey,
    /// A key the object does not have.
    UnknownField,
    /// A key known elsewhere that is not allowed in this object (a divider in columns).
    Misplaced,
    /// A field only Google Workspace add-ons use.
    AddOnOnly,
    /// A field only Chat dialogs use, outside a dialog.
    DialogOnly,
    /// A field only Workspace Studio add-ons use.
    StudioOnly,
    /// A deprecated field.
    DeprecatedField,
    /// An output-only field (Chat sets it in its answers).
    OutputOnly,
    /// A field Chat accepts on messages and ignores (the card's add-on `name`).
    IgnoredField,
    /// A field that was part of the API, is gone from its public reference, and that Chat
    /// still accepts and ignores (`previewText` on a message).
    LegacyField,
    /// Two members of a one-of group.
    OneOfConflict,
    /// A required field is missing.
    MissingRequired,
    /// A collapse control's button has no `onClick`.
    CollapseButtonWithoutClick,
    /// An object that must hold exactly one kind (a widget) holds none.
    MissingKind,
    /// A widget written as `{}`.
    EmptyWidget,
    /// A list with fewer items than allowed.
    TooFewItems,
    /// A list with more items than allowed.
    TooManyItems,
    /// A value of the wrong JSON type.
    WrongType,
    /// A boolean written as a string Google's front end parses (`"true"`, `"no"`, `"1"`…;
    /// its own rule, for its fix).
    BoolAsString,
    /// A list written as its one item, without the array (its own rule: the item is
    /// still checked, so every other problem is reported too).
    SingleForList,
    /// An integer outside 32 bits, or not among the accepted values.
    IntOutOfRange,
    /// An integer below a documented minimum (such as `uncollapsibleWidgetsCount: -1`).
    IntBelowMinimum,
    /// A number with a fraction where an integer is needed.
    NotInteger,
    /// A float outside its range.
    FloatOutOfRange,
    /// An enum value that is not in the enum.
    UnknownEnumValue,
    /// An enum written as a number that is not one of its values.
    UnknownEnumNumber,
    /// A deprecated enum value.
    DeprecatedEnumValue,
    /// A colour written wrongly (a hex string, a channel outside 0 to 1, a stray key).
    BadColor,
    /// A URL Chat cannot open (relative, `javascript:`, empty).
    BadUrl,
    /// Card text outside Chat's HTML subset, or Markdown in card HTML.
    CardMarkup,
    /// Markdown (`**bold**`, `[label](url)`) in card HTML, which Chat shows literally.
    MarkdownInCardText,
    /// Message text with HTML or other markup Chat shows literally.
    MessageMarkup,
    /// A thread key over 4,000 characters.
    ThreadKeyTooLong,
    /// A runtime value that cannot fill this field (a `String` as a whole URL).
    RuntimeValue,
    /// A fixed-footer button without text or colour.
    FooterButtonStyle,
    /// An action response whose type and parts do not fit (a dialog without
    /// `type: DIALOG`, `type: REQUEST_CONFIG` without `url`, …).
    ActionResponseMismatch,
    /// A collapse control with only one of its buttons.
    HalfCollapseControl,
    /// More widgets stay visible than the section has.
    UncollapsibleCountTooLarge,
    /// More than 100 widgets in one card.
    TooManyWidgets,
    /// A card's JSON over 32 KB, or a message over 32,000 bytes.
    TooLarge,
    /// A card of a several-card message without `cardId`.
    MissingCardId,
    /// Two cards of a message with one `cardId`.
    DuplicateCardId,
}

/// What the rulebook says about one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// A short stable name, used by `chat-card check --json` (`"unknown-field"`).
    pub code: &'static str,
    /// How bad breaking it is.
    pub severity: Severity,
    /// Where the rule comes from: the document and field, or the message it was observed in.
    pub source: &'static str,
}

const fn error(code: &'static str, source: &'static str) -> RuleInfo {
    RuleInfo {
        code,
        severity: Severity::Error,
        source,
    }
}

const fn warning(code: &'static str, source: &'static str) -> RuleInfo {
    RuleInfo {
        code,
        severity: Severity::Warning,
        source,
    }
}

impl Rule {
    /// Every rule, for documentation and tests.
    pub const ALL: &'static [Rule] = &[
        Rule::TooDeep,
        Rule::DuplicateKey,
        Rule::UnknownField,
        Rule::Misplaced,
        Rule::AddOnOnly,
        Rule::DialogOnly,
        Rule::StudioOnly,
        Rule::DeprecatedField,
        Rule::OutputOnly,
        Rule::IgnoredField,
        Rule::LegacyField,
        Rule::OneOfConflict,
        Rule::MissingRequired,
        Rule::CollapseButtonWithoutClick,
        Rule::MissingKind,
        Rule::EmptyWidget,
        Rule::TooFewItems,
        Rule::TooManyItems,
        Rule::WrongType,
        Rule::BoolAsString,
        Rule::SingleForList,
        Rule::IntOutOfRange,
        Rule::IntBelowMinimum,
        Rule::NotInteger,
        Rule::FloatOutOfRange,
        Rule::UnknownEnumValue,
        Rule::UnknownEnumNumber,
        Rule::DeprecatedEnumValue,
        Rule::BadColor,
        Rule::BadUrl,
        Rule::CardMarkup,
        Rule::MarkdownInCardText,
        Rule::MessageMarkup,
        Rule::ThreadKeyTooLong,
        Rule::RuntimeValue,
        Rule::FooterButtonStyle,
        Rule::ActionResponseMismatch,
        Rule::HalfCollapseControl,
        Rule::UncollapsibleCountTooLarge,
        Rule::TooManyWidgets,
        Rule::TooLarge,
        Rule::MissingCardId,
        Rule::DuplicateCardId,
    ];

    /// The rulebook entry: code, severity and source.
    pub const fn info(self) -> RuleInfo {
        match self {
            Rule::TooDeep => error(
                "too-deep",
                "card.proto: a card is about 15 objects deep; Google's JSON parser stops at 100 levels",
            ),
            Rule::DuplicateKey => error(
                "duplicate-key",
                "ProtoJSON (google.protobuf.json_format): a field given twice, or in both spellings, is refused",
            ),
            Rule::UnknownField => error(
                "unknown-field",
                "Chat API: an unknown key is answered 400 INVALID_ARGUMENT \"Cannot find field\" (ProtoJSON refuses it too)",
            ),
            Rule::Misplaced => error(
                "misplaced",
                "card.proto: the object has no such field (e.g. Columns.Column.Widgets has no divider); 400 like any unknown key",
            ),
            Rule::AddOnOnly => error(
                "add-on-only",
                "card.proto: fields documented \"Google Workspace add-ons only\"; not shown in Chat messages",
            ),
            Rule::DialogOnly => error(
                "dialog-only",
                "card.proto: fields documented for dialogs only (Card.fixed_footer \"not supported for Chat app messages\")",
            ),
            Rule::StudioOnly => error(
                "studio-only",
                "card.proto: fields documented \"Workspace Studio… unavailable for Google Chat apps\"",
            ),
            Rule::DeprecatedField => warning(
                "deprecated-field",
                "card.proto: marked deprecated; Chat still draws it (decoratedText.icon in Google's google-chat-samples)",
            ),
            Rule::OutputOnly => warning(
                "output-only",
                "discovery document: \"Output only\"; Chat ignores output-only fields on input (AIP-203), e.g. a user's displayName copied from an event",
            ),
            Rule::IgnoredField => warning(
                "ignored-field",
                "card.proto: Card.name is for add-on navigation; Chat ignores it (set in Google's google-chat-samples cards)",
            ),
            Rule::LegacyField => warning(
                "legacy-field",
                "Chat API discovery document (2018-2021): Message.previewText \"Text for generating preview chips\"; gone from message.proto and the REST reference, still accepted (Grafana sends it on every Google Chat alert: grafana/alerting receivers/googlechat, grafana/grafana#47305)",
            ),
            Rule::OneOfConflict => error(
                "one-of-conflict",
                "card.proto oneof groups: ProtoJSON refuses a message that sets two members of one oneof",
            ),
            Rule::MissingRequired => error(
                "missing-required",
                "card.proto / message.proto fields documented \"Required\"; Chat refuses or draws nothing without them",
            ),
            Rule::CollapseButtonWithoutClick => warning(
                "collapse-button-without-click",
                "card.proto Button.on_click is \"Required\", but Google's CollapseControl reference example has buttons without it, and Chat accepts them",
            ),
            Rule::MissingKind => error(
                "missing-kind",
                "card.proto Widget.data oneof: a widget with other fields but no widget kind draws nothing",
            ),
            Rule::EmptyWidget => warning(
                "empty-widget",
                "card.proto Widget.data oneof: Chat accepts an empty `{}` widget and draws nothing for it",
            ),
            Rule::TooFewItems => error(
                "too-few-items",
                "card.proto: documented minimum counts (a section needs at least one widget)",
            ),
            Rule::TooManyItems => error(
                "too-many-items",
                "card.proto: documented maximum counts (2 columns, 100 selection items)",
            ),
            Rule::WrongType => error(
                "wrong-type",
                "ProtoJSON: a value of the wrong JSON type is refused (400)",
            ),
            Rule::BoolAsString => warning(
                "bool-as-string",
                "Google's C++ JSON parser (protobuf json/internal/parser.cc, legacy behaviour on by default; util/internal/datapiece.cc safe_strtob before it) reads true/false/t/f/yes/no/y/n/1/0 in any case as a bool; the Python parser refuses them. Sent by Gatus (\"contentMultiline\": \"true\"), whose alerts render (TwiN/gatus#362)",
            ),
            Rule::SingleForList => warning(
                "single-for-list",
                "Google's C++ JSON parser (protobuf json/internal/parser.cc: \"The original ESF parser permits a single element in place of an array thereof\"; ProtoStreamObjectWriter implicit lists before it); the Python parser refuses it. Sent by google-github-actions/send-google-chat-webhook as one `cardsV2` object, and the action fails on any non-200",
            ),
            Rule::IntOutOfRange => error(
                "int-out-of-range",
                "ProtoJSON: an int32 outside 32 bits is refused; card.proto lists the accepted values (material icon weight, grade)",
            ),
            Rule::IntBelowMinimum => warning(
                "int-below-minimum",
                "card.proto documents non-negative counts, but Chat accepts smaller values and treats them as unset (uncollapsibleWidgetsCount: -1 observed in public bots)",
            ),
            Rule::NotInteger => error(
                "not-integer",
                "ProtoJSON: a number with a fraction for an integer field is refused",
            ),
            Rule::FloatOutOfRange => error(
                "float-out-of-range",
                "google/type/color.proto: channels are in [0, 1]; card.proto: aspect ratios are positive",
            ),
            Rule::UnknownEnumValue => error(
                "unknown-enum-value",
                "ProtoJSON: an enum name that is not in the enum is refused (400); knownIcon names outside Chat's list draw no icon",
            ),
            Rule::UnknownEnumNumber => warning(
                "unknown-enum-number",
                "ProtoJSON: proto3 enums are open, so an unknown number parses; Chat treats it as the default value",
            ),
            Rule::DeprecatedEnumValue => warning(
                "deprecated-enum-value",
                "card.proto: enum values marked deprecated still work (SwitchControl CHECKBOX)",
            ),
            Rule::BadColor => error(
                "bad-color",
                "google/type/color.proto: a colour is {red, green, blue, alpha} with channels in [0, 1]; ProtoJSON refuses other shapes",
            ),
            Rule::BadUrl => error(
                "bad-url",
                "Chat docs (cards): a relative, empty or non-http(s) URL blanks the card",
            ),
            Rule::CardMarkup => error(
                "card-markup",
                "Chat docs \"Format text in cards\": only the card HTML subset is rendered; other tags and Markdown show as broken text",
            ),
            Rule::MarkdownInCardText => warning(
                "markdown-in-card-text",
                "Chat docs \"Format text in cards\": card text is HTML, so Markdown shows literally; Chat still draws the card (observed: Grafana's alert cards send **bold**)",
            ),
            Rule::MessageMarkup => warning(
                "message-markup",
                "Chat docs \"Format messages\": message text uses Chat markup; Chat accepts HTML tags there and shows them literally",
            ),
            Rule::ThreadKeyTooLong => error(
                "thread-key-too-long",
                "message.proto Thread.thread_key: at most 4,000 characters",
            ),
            Rule::RuntimeValue => error(
                "runtime-value",
                "the card language: a runtime value must fit its field (a whole URL must be a checked WebUrl)",
            ),
            Rule::FooterButtonStyle => warning(
                "footer-button-style",
                "card.proto CardFixedFooter: \"must be a text button with text and color set\"; Google's dialog samples leave the colour out and Chat draws them",
            ),
            Rule::ActionResponseMismatch => error(
                "action-response-mismatch",
                "message.proto ActionResponse: dialog_action is for type DIALOG, updated_widget for UPDATE_WIDGET, url for REQUEST_CONFIG; otherwise Chat opens or updates nothing",
            ),
            Rule::HalfCollapseControl => error(
                "half-collapse-control",
                "card.proto CollapseControl: expand and collapse buttons come as a pair",
            ),
            Rule::UncollapsibleCountTooLarge => error(
                "uncollapsible-count-too-large",
                "card.proto Section.uncollapsible_widgets_count: at most the number of widgets",
            ),
            Rule::TooManyWidgets => error(
                "too-many-widgets",
                "Chat docs (cards): at most 100 widgets per card; later sections are dropped",
            ),
            Rule::TooLarge => error(
                "too-large",
                "Chat docs: a message is at most 32,000 bytes, a card at most 32 KB; larger ones are refused",
            ),
            Rule::MissingCardId => error(
                "missing-card-id",
                "message.proto CardWithId.card_id: required when a message has several cards",
            ),
            Rule::DuplicateCardId => error(
                "duplicate-card-id",
                "message.proto CardWithId.card_id: unique within a message",
            ),
        }
    }

    /// The rule's severity.
    pub const fn severity(self) -> Severity {
        self.info().severity
    }

    /// The rule's short stable name.
    pub const fn code(self) -> &'static str {
        self.info().code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_listed_once_with_a_unique_code_and_a_source() {
        let mut codes = std::collections::HashSet::new();
        for rule in Rule::ALL {
            let info = rule.info();
            assert!(codes.insert(info.code), "{rule:?}: duplicate code");
            assert!(!info.source.is_empty(), "{rule:?}: no source");
        }
        assert_eq!(codes.len(), Rule::ALL.len());
    }
}
