//! The schema's enums, written in JSON as the API's SCREAMING_CASE names.
//!
//! Each enum's first variant is the proto default (numeric value 0) and its
//! [`Default`]. A name this crate does not know deserializes into `Other(name)` and
//! serializes back unchanged, so newer API values survive a round trip.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! api_enum {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            $(#[doc = $fdoc:literal])* $first:ident = $first_api:literal
            $(, $(#[doc = $vdoc:literal])* $variant:ident = $api:literal)* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
        pub enum $name {
            $(#[doc = $fdoc])*
            #[doc = concat!("`", $first_api, "`")]
            #[default]
            $first,
            $(
                $(#[doc = $vdoc])*
                #[doc = concat!("`", $api, "`")]
                $variant,
            )*
            /// A value this crate does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every value this crate knows, in the API's order.
            pub const ALL: &'static [$name] = &[$name::$first, $($name::$variant),*];

            /// The API's name of this value, as written in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    $name::$first => $first_api,
                    $($name::$variant => $api,)*
                    $name::Other(name) => name,
                }
            }

            /// The value with this API name; unknown names give `Other`.
            pub fn from_name(name: &str) -> Self {
                match name {
                    $first_api => $name::$first,
                    $($api => $name::$variant,)*
                    other => $name::Other(other.to_owned()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = Cow::<'de, str>::deserialize(deserializer)?;
                Ok($name::from_name(&name))
            }
        }
    };
}

api_enum! {
    /// How an image is cropped: header images, icons.
    ImageType { Square = "SQUARE", Circle = "CIRCLE" }
}

api_enum! {
    /// Horizontal placement of a widget, column or collapse control.
    HorizontalAlignment {
        Unspecified = "HORIZONTAL_ALIGNMENT_UNSPECIFIED",
        Start = "START",
        Center = "CENTER",
        End = "END",
    }
}

api_enum! {
    /// Vertical placement of a decorated text's start icon.
    VerticalAlignment {
        Unspecified = "VERTICAL_ALIGNMENT_UNSPECIFIED",
        Top = "TOP",
        Middle = "MIDDLE",
        Bottom = "BOTTOM",
    }
}

api_enum! {
    /// Vertical placement of the widgets in a column (a different enum from
    /// [`VerticalAlignment`]).
    ColumnVerticalAlignment {
        Unspecified = "VERTICAL_ALIGNMENT_UNSPECIFIED",
        Center = "CENTER",
        Top = "TOP",
        Bottom = "BOTTOM",
    }
}

api_enum! {
    /// How much width a column takes.
    HorizontalSizeStyle {
        Unspecified = "HORIZONTAL_SIZE_STYLE_UNSPECIFIED",
        FillAvailableSpace = "FILL_AVAILABLE_SPACE",
        FillMinimumSpace = "FILL_MINIMUM_SPACE",
    }
}

api_enum! {
    /// Whether sections are separated by a divider line.
    DividerStyle {
        Unspecified = "DIVIDER_STYLE_UNSPECIFIED",
        SolidDivider = "SOLID_DIVIDER",
        NoDivider = "NO_DIVIDER",
    }
}

api_enum! {
    /// How an add-on card is shown (Workspace add-ons only).
    DisplayStyle {
        Unspecified = "DISPLAY_STYLE_UNSPECIFIED",
        Peek = "PEEK",
        Replace = "REPLACE",
    }
}

api_enum! {
    /// How a text paragraph's text is read.
    TextSyntax {
        Unspecified = "TEXT_SYNTAX_UNSPECIFIED",
        Html = "HTML",
        Markdown = "MARKDOWN",
    }
}

api_enum! {
    /// A button's style; ignored when the button has a colour.
    ButtonType {
        Unspecified = "TYPE_UNSPECIFIED",
        Outlined = "OUTLINED",
        Filled = "FILLED",
        FilledTonal = "FILLED_TONAL",
        Borderless = "BORDERLESS",
    }
}

api_enum! {
    /// How a decorated text's switch is drawn.
    SwitchControlType {
        Switch = "SWITCH",
        /// Deprecated spelling of `CHECK_BOX`.
        Checkbox = "CHECKBOX",
        CheckBox = "CHECK_BOX",
    }
}

api_enum! {
    /// The built-in icons of Chat card messages (`Icon.knownIcon`).
    KnownIcon {
        Airplane = "AIRPLANE",
        Bookmark = "BOOKMARK",
        Bus = "BUS",
        Car = "CAR",
        Clock = "CLOCK",
        ConfirmationNumberIcon = "CONFIRMATION_NUMBER_ICON",
        Description = "DESCRIPTION",
        Dollar = "DOLLAR",
        Email = "EMAIL",
        EventSeat = "EVENT_SEAT",
        FlightArrival = "FLIGHT_ARRIVAL",
        FlightDeparture = "FLIGHT_DEPARTURE",
        Hotel = "HOTEL",
        HotelRoomType = "HOTEL_ROOM_TYPE",
        Invite = "INVITE",
        MapPin = "MAP_PIN",
        Membership = "MEMBERSHIP",
        MultiplePeople = "MULTIPLE_PEOPLE",
        Person = "PERSON",
        Phone = "PHONE",
        RestaurantIcon = "RESTAURANT_ICON",
        ShoppingCart = "SHOPPING_CART",
        Star = "STAR",
        Store = "STORE",
        Ticket = "TICKET",
        Train = "TRAIN",
        VideoCamera = "VIDEO_CAMERA",
        VideoPlay = "VIDEO_PLAY",
    }
}

api_enum! {
    /// One or several lines in a text input.
    TextInputType { SingleLine = "SINGLE_LINE", MultipleLine = "MULTIPLE_LINE" }
}

api_enum! {
    /// What a text input accepts.
    InputType {
        Unspecified = "INPUT_TYPE_UNSPECIFIED",
        Text = "TEXT",
        Integer = "INTEGER",
        Float = "FLOAT",
        Email = "EMAIL",
        EmojiPicker = "EMOJI_PICKER",
    }
}

api_enum! {
    /// How a selection input is drawn.
    SelectionType {
        CheckBox = "CHECK_BOX",
        RadioButton = "RADIO_BUTTON",
        Switch = "SWITCH",
        Dropdown = "DROPDOWN",
        MultiSelect = "MULTI_SELECT",
    }
}

api_enum! {
    /// Workspace data offered by a multiselect.
    CommonDataSource { Unknown = "UNKNOWN", User = "USER" }
}

api_enum! {
    /// What a date-time picker asks for.
    DateTimePickerType {
        DateAndTime = "DATE_AND_TIME",
        DateOnly = "DATE_ONLY",
        TimeOnly = "TIME_ONLY",
    }
}

api_enum! {
    /// Where a grid item's text goes.
    GridItemLayout {
        Unspecified = "GRID_ITEM_LAYOUT_UNSPECIFIED",
        TextBelow = "TEXT_BELOW",
        TextAbove = "TEXT_ABOVE",
    }
}

api_enum! {
    /// How a grid image is cropped.
    ImageCropType {
        Unspecified = "IMAGE_CROP_TYPE_UNSPECIFIED",
        Square = "SQUARE",
        Circle = "CIRCLE",
        RectangleCustom = "RECTANGLE_CUSTOM",
        Rectangle4x3 = "RECTANGLE_4_3",
    }
}

api_enum! {
    /// Border of grid items and images.
    BorderType {
        Unspecified = "BORDER_TYPE_UNSPECIFIED",
        NoBorder = "NO_BORDER",
        Stroke = "STROKE",
    }
}

api_enum! {
    /// How a chip list lays out its chips.
    ChipListLayout {
        Unspecified = "LAYOUT_UNSPECIFIED",
        Wrapped = "WRAPPED",
        HorizontalScrollable = "HORIZONTAL_SCROLLABLE",
    }
}

api_enum! {
    /// What the client shows while an action runs.
    LoadIndicator { Spinner = "SPINNER", None = "NONE" }
}

api_enum! {
    /// Special handling of an action (opening a dialog).
    Interaction { Unspecified = "INTERACTION_UNSPECIFIED", OpenDialog = "OPEN_DIALOG" }
}

api_enum! {
    /// How a link opens (Workspace add-ons only).
    OpenAs { FullSize = "FULL_SIZE", Overlay = "OVERLAY" }
}

api_enum! {
    /// What happens when a link's window closes (Workspace add-ons only).
    OnClose { Nothing = "NOTHING", Reload = "RELOAD" }
}

api_enum! {
    /// Whether a widget is shown (Workspace Studio only).
    Visibility {
        Unspecified = "VISIBILITY_UNSPECIFIED",
        Visible = "VISIBLE",
        Hidden = "HIDDEN",
    }
}

api_enum! {
    /// How a message's `text` is read.
    MarkupSyntax {
        Unspecified = "MARKUP_SYNTAX_UNSPECIFIED",
        Chat = "MARKUP_SYNTAX_CHAT",
        Markdown = "MARKUP_SYNTAX_MARKDOWN",
    }
}

api_enum! {
    /// How a quoted message is quoted.
    QuoteType {
        Unspecified = "QUOTE_TYPE_UNSPECIFIED",
        Reply = "REPLY",
        Forward = "FORWARD",
    }
}
