use super::*;

static LIST: ListCheck = ListCheck {
    place: "section 1 of card 1",
    what: "widgets",
    min: 1,
    max: 2,
    why: "test",
    widgets: true,
};
static INT: IntCheck = IntCheck {
    place: "`max_lines`",
    min: 0,
    max: 10,
    one_of: &[],
    accepts: "0 to 10",
};
static WEIGHT: IntCheck = IntCheck {
    place: "`weight`",
    min: i32::MIN as i64,
    max: i32::MAX as i64,
    one_of: &[100, 200],
    accepts: "one of 100, 200",
};
static RATIO: FloatCheck = FloatCheck {
    place: "`aspect_ratio`",
    min: f64::MIN,
    max: f64::MAX,
    positive: true,
    accepts: "a number greater than 0",
};
static CARD: CardCheck = CardCheck {
    name: "card 1",
    max_widgets: 2,
    max_bytes: 100,
};

#[test]
fn lists_get_commas_and_counts() {
    let mut w = Writer::with_capacity(16);
    w.card_open();
    w.widgets(1);
    w.list_open();
    for n in 0..2 {
        w.item();
        w.int(n, &INT);
    }
    w.list_close(&LIST);
    w.card_close(&CARD);
    assert!(matches!(
        w.finish(1000),
        Err(BuildError::TooManyWidgets { count: 3, .. })
    ));
}

#[test]
fn empty_and_long_lists_fail() {
    let mut w = Writer::with_capacity(0);
    w.list_open();
    w.list_close(&LIST);
    assert!(matches!(
        w.finish(1000),
        Err(BuildError::TooFewItems { count: 0, .. })
    ));
    let mut w = Writer::with_capacity(0);
    w.list_open();
    for _ in 0..3 {
        w.item();
        w.push("1");
    }
    w.list_close(&LIST);
    assert!(matches!(
        w.finish(1000),
        Err(BuildError::TooManyItems { count: 3, .. })
    ));
}

#[test]
fn holes_are_escaped_per_mode() {
    let mut w = Writer::with_capacity(0);
    w.html("<b>");
    w.push("|");
    w.chat("*x*");
    w.push("|");
    w.url_part("a b");
    w.push("|");
    w.text("\"");
    w.float(f64::NAN, &RATIO);
    assert!(matches!(w.finish(1000), Err(BuildError::NotFinite { .. })));
    let mut w = Writer::with_capacity(0);
    w.html("<b>");
    w.url_part("a b");
    assert_eq!(w.finish(1000).unwrap().as_str(), "&lt;b&gt;a%20b");
}

#[test]
fn message_size_is_checked() {
    let mut w = Writer::with_capacity(0);
    w.push("0123456789");
    assert!(matches!(
        w.finish(5),
        Err(BuildError::MessageTooLarge { bytes: 10, max: 5 })
    ));
}

#[test]
fn integers_and_floats_are_checked_against_their_field() {
    let mut w = Writer::with_capacity(0);
    assert_eq!(w.int(10, &INT), 10);
    assert_eq!(w.int(200, &WEIGHT), 200);
    w.float(1.5, &RATIO);
    assert_eq!(w.finish(1000).unwrap().as_str(), "102001.5");
    let mut w = Writer::with_capacity(0);
    w.int(11, &INT);
    assert!(matches!(
        w.finish(1000),
        Err(BuildError::IntOutOfRange { value: 11, .. })
    ));
    let mut w = Writer::with_capacity(0);
    w.int(150, &WEIGHT);
    assert!(w.finish(1000).is_err());
    let mut w = Writer::with_capacity(0);
    w.float(0.0, &RATIO);
    assert!(matches!(
        w.finish(1000),
        Err(BuildError::FloatOutOfRange { .. })
    ));
}

#[test]
fn uncollapsible_count_is_checked_against_the_widgets() {
    let mut w = Writer::with_capacity(0);
    w.uncollapsible(2, 2, "section 1");
    assert!(w.finish(1000).is_ok());
    let mut w = Writer::with_capacity(0);
    w.uncollapsible(3, 2, "section 1");
    assert!(matches!(
        w.finish(1000),
        Err(BuildError::TooManyUncollapsible {
            count: 3,
            widgets: 2,
            ..
        })
    ));
}

fn cards(ids: &[Option<&str>]) -> Result<JsonMessage, BuildError> {
    let mut w = Writer::with_capacity(0);
    for id in ids {
        if let Some(id) = id {
            w.id_open();
            w.push(&format!("\"{id}\""));
            w.id_close();
        }
        w.card_open();
        w.card_close(&CARD);
    }
    w.cards_done();
    w.finish(1000)
}

#[test]
fn several_cards_need_distinct_ids() {
    assert!(cards(&[None]).is_ok());
    assert!(cards(&[Some("a"), Some("b")]).is_ok());
    assert!(matches!(
        cards(&[Some("a"), None]),
        Err(BuildError::MissingCardId { index: 2, cards: 2 })
    ));
    assert_eq!(
        cards(&[Some("a"), Some("b"), Some("a")]),
        Err(BuildError::DuplicateCardId { id: "a".into() })
    );
}
