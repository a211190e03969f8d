//! Property test: any model value serializes to JSON that deserializes to the same
//! value, and that JSON serializes back to itself.

use chat_card::model::*;
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 <>&\"'/é\u{1F600}]{0,10}"
}

fn url() -> impl Strategy<Value = String> {
    "https://[a-z]{1,8}\\.example/[a-z0-9?=&]{0,8}"
}

/// A known value of an API enum, or an unknown name (kept as `Other`).
fn api_enum<T: Clone + std::fmt::Debug + 'static>(
    all: &'static [T],
    other: fn(String) -> T,
) -> impl Strategy<Value = T> {
    prop_oneof![
        4 => proptest::sample::select(all),
        1 => "[a-z][a-z_]{0,8}".prop_map(other),
    ]
}

/// Colour components that print and parse exactly (multiples of 1/256).
fn unit_float() -> impl Strategy<Value = f64> {
    (0u32..=256).prop_map(|k| f64::from(k) / 256.0)
}

fn color() -> impl Strategy<Value = Color> {
    (
        of(unit_float()),
        of(unit_float()),
        of(unit_float()),
        of(unit_float()),
    )
        .prop_map(|(red, green, blue, alpha)| Color {
            red,
            green,
            blue,
            alpha,
        })
}

fn icon() -> impl Strategy<Value = Icon> {
    let material = (
        of(text()),
        of(any::<bool>()),
        of(any::<i32>()),
        of(any::<i32>()),
    )
        .prop_map(|(name, fill, weight, grade)| MaterialIcon {
            name,
            fill,
            weight,
            grade,
        });
    (
        of(api_enum(KnownIcon::ALL, KnownIcon::Other)),
        of(url()),
        of(material),
        of(text()),
        of(api_enum(ImageType::ALL, ImageType::Other)),
    )
        .prop_map(
            |(known_icon, icon_url, material_icon, alt_text, image_type)| Icon {
                known_icon,
                icon_url,
                material_icon,
                alt_text,
                image_type,
            },
        )
}

fn action() -> impl Strategy<Value = Action> {
    (
        of(text()),
        vec((of(text()), of(text())), 0..3),
        of(api_enum(LoadIndicator::ALL, LoadIndicator::Other)),
        of(any::<bool>()),
        of(api_enum(Interaction::ALL, Interaction::Other)),
        vec(text(), 0..3),
        of(any::<bool>()),
    )
        .prop_map(
            |(function, params, load_indicator, persist_values, interaction, required, all)| {
                Action {
                    function,
                    parameters: params
                        .into_iter()
                        .map(|(key, value)| ActionParameter { key, value })
                        .collect(),
                    load_indicator,
                    persist_values,
                    interaction,
                    required_widgets: required,
                    all_widgets_are_required: all,
                }
            },
        )
}

fn open_link() -> impl Strategy<Value = OpenLink> {
    (
        of(url()),
        of(api_enum(OpenAs::ALL, OpenAs::Other)),
        of(api_enum(OnClose::ALL, OnClose::Other)),
    )
        .prop_map(|(url, open_as, on_close)| OpenLink {
            url,
            open_as,
            on_close,
        })
}

/// On-clicks without overflow menus or cards (the leaves).
fn simple_on_click() -> impl Strategy<Value = OnClick> {
    prop_oneof![
        action().prop_map(OnClick::Action),
        open_link().prop_map(OnClick::OpenLink),
        action().prop_map(OnClick::OpenDynamicLinkAction),
        of(text()).prop_map(|title| OnClick::Card(Box::new(Card {
            header: title.map(CardHeader::new),
            ..Default::default()
        }))),
    ]
}

fn on_click() -> impl Strategy<Value = OnClick> {
    let item = (
        of(icon()),
        of(text()),
        of(simple_on_click()),
        of(any::<bool>()),
    )
        .prop_map(|(start_icon, text, on_click, disabled)| OverflowMenuItem {
            start_icon,
            text,
            on_click,
            disabled,
        });
    prop_oneof![
        3 => simple_on_click(),
        1 => vec(item, 0..3).prop_map(|items| OnClick::OverflowMenu(OverflowMenu { items })),
    ]
}

fn button() -> impl Strategy<Value = Button> {
    (
        of(text()),
        of(icon()),
        of(color()),
        of(on_click()),
        of(any::<bool>()),
        of(text()),
        of(api_enum(ButtonType::ALL, ButtonType::Other)),
    )
        .prop_map(
            |(text, icon, color, on_click, disabled, alt_text, button_type)| Button {
                text,
                icon,
                color,
                on_click,
                disabled,
                alt_text,
                button_type,
            },
        )
}

fn button_list() -> impl Strategy<Value = ButtonList> {
    vec(button(), 0..3).prop_map(|buttons| ButtonList { buttons })
}

fn paragraph() -> impl Strategy<Value = TextParagraph> {
    (
        of(text()),
        of(any::<i32>()),
        of(api_enum(TextSyntax::ALL, TextSyntax::Other)),
    )
        .prop_map(|(text, max_lines, text_syntax)| TextParagraph {
            text,
            max_lines,
            text_syntax,
        })
}

fn image() -> impl Strategy<Value = Image> {
    (of(url()), of(on_click()), of(text())).prop_map(|(image_url, on_click, alt_text)| Image {
        image_url,
        on_click,
        alt_text,
    })
}

fn decorated_text() -> impl Strategy<Value = DecoratedText> {
    let switch = (
        of(text()),
        of(text()),
        of(any::<bool>()),
        of(action()),
        of(api_enum(SwitchControlType::ALL, SwitchControlType::Other)),
    )
        .prop_map(
            |(name, value, selected, on_change_action, control_type)| SwitchControl {
                name,
                value,
                selected,
                on_change_action,
                control_type,
            },
        );
    (
        (
            of(icon()),
            of(icon()),
            of(api_enum(VerticalAlignment::ALL, VerticalAlignment::Other)),
            of(text()),
            of(paragraph()),
            of(text()),
            of(paragraph()),
        ),
        (
            of(any::<bool>()),
            of(text()),
            of(paragraph()),
            of(on_click()),
            of(button()),
            of(switch),
            of(icon()),
        ),
    )
        .prop_map(|(a, b)| DecoratedText {
            icon: a.0,
            start_icon: a.1,
            start_icon_vertical_alignment: a.2,
            top_label: a.3,
            top_label_text: a.4,
            text: a.5,
            content_text: a.6,
            wrap_text: b.0,
            bottom_label: b.1,
            bottom_label_text: b.2,
            on_click: b.3,
            button: b.4,
            switch_control: b.5,
            end_icon: b.6,
        })
}

fn text_input() -> impl Strategy<Value = TextInput> {
    (
        (of(text()), of(text()), of(text()), of(text())),
        of(api_enum(TextInputType::ALL, TextInputType::Other)),
        of(action()),
        of(vec(of(text()), 0..3)),
        of(action()),
        of((
            of(any::<i32>()),
            of(api_enum(InputType::ALL, InputType::Other)),
        )),
        of(text()),
        of(text().prop_map(serde_json::Value::String)),
    )
        .prop_map(
            |(s, input_type, change, suggestions, auto, validation, placeholder, host)| TextInput {
                name: s.0,
                label: s.1,
                hint_text: s.2,
                value: s.3,
                input_type,
                on_change_action: change,
                initial_suggestions: suggestions.map(|items| Suggestions {
                    items: items
                        .into_iter()
                        .map(|text| SuggestionItem { text })
                        .collect(),
                }),
                auto_complete_action: auto,
                validation: validation.map(|(character_limit, input_type)| Validation {
                    character_limit,
                    input_type,
                }),
                placeholder_text: placeholder,
                host_app_data_source: host,
            },
        )
}

fn selection_input() -> impl Strategy<Value = SelectionInput> {
    let item = (
        of(text()),
        of(text()),
        of(any::<bool>()),
        of(url()),
        of(text()),
    )
        .prop_map(
            |(text, value, selected, start_icon_uri, bottom_text)| SelectionItem {
                text,
                value,
                selected,
                start_icon_uri,
                bottom_text,
            },
        );
    let platform = || {
        of(api_enum(CommonDataSource::ALL, CommonDataSource::Other)).prop_map(
            |common_data_source| PlatformDataSource {
                common_data_source,
                host_app_data_source: None,
            },
        )
    };
    let config = (of(action()), of(platform()), of(any::<i32>())).prop_map(
        |(remote_data_source, platform_data_source, min_characters_trigger)| DataSourceConfig {
            remote_data_source,
            platform_data_source,
            min_characters_trigger,
        },
    );
    (
        (
            of(text()),
            of(text()),
            of(api_enum(SelectionType::ALL, SelectionType::Other)),
        ),
        vec(item, 0..3),
        of(action()),
        (of(any::<i32>()), of(any::<i32>())),
        of(action()),
        of(platform()),
        vec(config, 0..2),
        of(text()),
    )
        .prop_map(
            |(s, items, change, (max, min), external, platform, configs, hint)| SelectionInput {
                name: s.0,
                label: s.1,
                selection_type: s.2,
                items,
                on_change_action: change,
                multi_select_max_selected_items: max,
                multi_select_min_query_length: min,
                external_data_source: external,
                platform_data_source: platform,
                data_source_configs: configs,
                hint_text: hint,
            },
        )
}

fn date_time_picker() -> impl Strategy<Value = DateTimePicker> {
    (
        of(text()),
        of(text()),
        of(api_enum(DateTimePickerType::ALL, DateTimePickerType::Other)),
        of(any::<i64>()),
        of(any::<i32>()),
        of(action()),
    )
        .prop_map(
            |(name, label, picker_type, value, offset, change)| DateTimePicker {
                name,
                label,
                picker_type,
                value_ms_epoch: value,
                timezone_offset_date: offset,
                on_change_action: change,
                host_app_data_source: None,
            },
        )
}

fn border_style() -> impl Strategy<Value = BorderStyle> {
    (
        of(api_enum(BorderType::ALL, BorderType::Other)),
        of(color()),
        of(any::<i32>()),
    )
        .prop_map(|(border_type, stroke_color, corner_radius)| BorderStyle {
            border_type,
            stroke_color,
            corner_radius,
        })
}

fn grid() -> impl Strategy<Value = Grid> {
    let crop = (
        of(api_enum(ImageCropType::ALL, ImageCropType::Other)),
        of(unit_float()),
    )
        .prop_map(|(crop_type, aspect_ratio)| ImageCropStyle {
            crop_type,
            aspect_ratio,
        });
    let component = (of(url()), of(text()), of(crop), of(border_style())).prop_map(
        |(image_uri, alt_text, crop_style, border_style)| ImageComponent {
            image_uri,
            alt_text,
            crop_style,
            border_style,
        },
    );
    let item = (
        of(text()),
        of(component),
        of(text()),
        of(text()),
        of(api_enum(GridItemLayout::ALL, GridItemLayout::Other)),
    )
        .prop_map(|(id, image, title, subtitle, layout)| GridItem {
            id,
            image,
            title,
            subtitle,
            layout,
        });
    (
        of(text()),
        vec(item, 0..3),
        of(border_style()),
        of(any::<i32>()),
        of(on_click()),
    )
        .prop_map(
            |(title, items, border_style, column_count, on_click)| Grid {
                title,
                items,
                border_style,
                column_count,
                on_click,
            },
        )
}

fn chip_list() -> impl Strategy<Value = ChipList> {
    let chip = (
        of(icon()),
        of(text()),
        of(on_click()),
        of(any::<bool>()),
        of(any::<bool>()),
        of(text()),
    )
        .prop_map(
            |(icon, label, on_click, enabled, disabled, alt_text)| Chip {
                icon,
                label,
                on_click,
                enabled,
                disabled,
                alt_text,
            },
        );
    (
        of(api_enum(ChipListLayout::ALL, ChipListLayout::Other)),
        vec(chip, 0..3),
    )
        .prop_map(|(layout, chips)| ChipList { layout, chips })
}

fn columns() -> impl Strategy<Value = Columns> {
    let widget = prop_oneof![
        paragraph().prop_map(ColumnWidget::TextParagraph),
        image().prop_map(ColumnWidget::Image),
        decorated_text().prop_map(|d| ColumnWidget::DecoratedText(Box::new(d))),
        button_list().prop_map(ColumnWidget::ButtonList),
        text_input().prop_map(ColumnWidget::TextInput),
        selection_input().prop_map(ColumnWidget::SelectionInput),
        date_time_picker().prop_map(ColumnWidget::DateTimePicker),
        chip_list().prop_map(ColumnWidget::ChipList),
    ];
    let column = (
        of(api_enum(
            HorizontalSizeStyle::ALL,
            HorizontalSizeStyle::Other,
        )),
        of(api_enum(
            HorizontalAlignment::ALL,
            HorizontalAlignment::Other,
        )),
        of(api_enum(
            ColumnVerticalAlignment::ALL,
            ColumnVerticalAlignment::Other,
        )),
        vec(widget, 0..3),
    )
        .prop_map(
            |(horizontal_size_style, horizontal_alignment, vertical_alignment, widgets)| Column {
                horizontal_size_style,
                horizontal_alignment,
                vertical_alignment,
                widgets,
            },
        );
    vec(column, 0..3).prop_map(|column_items| Columns { column_items })
}

fn carousel() -> impl Strategy<Value = Carousel> {
    let nested = prop_oneof![
        paragraph().prop_map(NestedWidget::TextParagraph),
        button_list().prop_map(NestedWidget::ButtonList),
        image().prop_map(NestedWidget::Image),
    ];
    let card =
        (vec(nested.clone(), 0..3), vec(nested, 0..2)).prop_map(|(widgets, footer_widgets)| {
            CarouselCard {
                widgets,
                footer_widgets,
            }
        });
    vec(card, 0..3).prop_map(|carousel_cards| Carousel { carousel_cards })
}

fn widget() -> impl Strategy<Value = Widget> {
    let kind = prop_oneof![
        paragraph().prop_map(WidgetKind::from),
        image().prop_map(WidgetKind::from),
        decorated_text().prop_map(WidgetKind::from),
        button_list().prop_map(WidgetKind::from),
        text_input().prop_map(WidgetKind::from),
        selection_input().prop_map(WidgetKind::from),
        date_time_picker().prop_map(WidgetKind::from),
        Just(WidgetKind::Divider(Divider {})),
        grid().prop_map(WidgetKind::from),
        columns().prop_map(WidgetKind::from),
        carousel().prop_map(WidgetKind::from),
        chip_list().prop_map(WidgetKind::from),
    ];
    (
        kind,
        of(api_enum(
            HorizontalAlignment::ALL,
            HorizontalAlignment::Other,
        )),
        of("[a-z0-9-]{1,8}"),
        of(api_enum(Visibility::ALL, Visibility::Other)),
    )
        .prop_map(|(kind, horizontal_alignment, id, visibility)| Widget {
            kind,
            horizontal_alignment,
            id,
            visibility,
            event_actions: Vec::new(),
        })
}

fn header() -> impl Strategy<Value = CardHeader> {
    (
        text(),
        of(text()),
        of(url()),
        of(api_enum(ImageType::ALL, ImageType::Other)),
        of(text()),
    )
        .prop_map(
            |(title, subtitle, image_url, image_type, image_alt_text)| CardHeader {
                title,
                subtitle,
                image_url,
                image_type,
                image_alt_text,
            },
        )
}

fn section() -> impl Strategy<Value = Section> {
    let collapse = (
        of(api_enum(
            HorizontalAlignment::ALL,
            HorizontalAlignment::Other,
        )),
        of(button()),
        of(button()),
    )
        .prop_map(
            |(horizontal_alignment, expand_button, collapse_button)| CollapseControl {
                horizontal_alignment,
                expand_button,
                collapse_button,
            },
        );
    (
        of(text()),
        vec(widget(), 0..4),
        of(any::<bool>()),
        of(any::<i32>()),
        of(collapse),
        of("[a-z0-9-]{1,8}"),
    )
        .prop_map(
            |(header, widgets, collapsible, count, collapse_control, id)| Section {
                header,
                widgets,
                collapsible,
                uncollapsible_widgets_count: count,
                collapse_control,
                id,
            },
        )
}

fn card() -> impl Strategy<Value = Card> {
    (
        of(header()),
        vec(section(), 0..3),
        of(api_enum(DividerStyle::ALL, DividerStyle::Other)),
        of((of(button()), of(button()))),
        of(text()),
        of(api_enum(DisplayStyle::ALL, DisplayStyle::Other)),
    )
        .prop_map(
            |(header, sections, section_divider_style, footer, name, display_style)| Card {
                header,
                sections,
                section_divider_style,
                fixed_footer: footer.map(|(primary_button, secondary_button)| CardFixedFooter {
                    primary_button,
                    secondary_button,
                }),
                name,
                display_style,
                ..Default::default()
            },
        )
}

fn message() -> impl Strategy<Value = Message> {
    (
        of(text()),
        vec((of("[a-z-]{1,8}"), card()), 0..3),
        of(text()),
        of((of("spaces/[a-z]{1,4}/threads/[a-z]{1,4}"), of(text()))),
        vec(of(button_list()), 0..2),
        of(api_enum(MarkupSyntax::ALL, MarkupSyntax::Other)),
    )
        .prop_map(
            |(text, cards, fallback_text, thread, accessory, markup_syntax)| Message {
                text,
                cards_v2: cards
                    .into_iter()
                    .map(|(card_id, card)| CardWithId { card_id, card })
                    .collect(),
                fallback_text,
                thread: thread.map(|(name, thread_key)| Thread { name, thread_key }),
                accessory_widgets: accessory
                    .into_iter()
                    .map(|button_list| AccessoryWidget { button_list })
                    .collect(),
                markup_syntax,
                ..Default::default()
            },
        )
}

/// Checks one message: model -> JSON -> model is the identity, and the JSON is stable.
fn check(message: Message) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(&message).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Message =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, &message);
    let value: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let again = serde_json::to_value(&back).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(again, value);
    Ok(())
}

#[test]
fn model_json_model_is_identity() {
    // The strategy's value trees are deeply nested generic types; in debug builds they
    // need more than the default 2 MiB test-thread stack.
    let worker = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(|| {
            let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
                cases: 512,
                ..ProptestConfig::default()
            });
            runner.run(&message(), check).map_err(|e| e.to_string())
        })
        .expect("spawns the property-test thread");
    match worker.join() {
        Ok(Ok(())) => {}
        Ok(Err(failure)) => panic!("{failure}"),
        Err(_) => panic!("the property-test thread panicked"),
    }
}
