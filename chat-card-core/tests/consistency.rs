//! One definition per fact: the tables that restate a fact in another form are held to
//! each other here, so a change to one copy that forgets the other fails a test.

use chat_card_core::schema::{ALL_OBJECTS, ObjectDef, Ty, WIDGET_UNIONS};

/// The members of an object's required one-of groups, sorted.
fn required_one_of_members(def: &ObjectDef) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = def
        .one_of
        .iter()
        .filter(|g| g.required)
        .flat_map(|g| g.members.iter().copied())
        .collect();
    out.sort_unstable();
    out
}

/// The fields of an object that carry a widget keyword (object fields with a keyword are
/// union members; see the conventions in `schema::defs`), sorted.
fn keyword_members(def: &ObjectDef) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = def
        .fields
        .iter()
        .filter(|f| f.keyword.is_some() && matches!(f.ty, Ty::Object(_)))
        .map(|f| f.json)
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn the_widget_unions_are_the_objects_shaped_as_unions() {
    for def in ALL_OBJECTS {
        assert_eq!(
            def.is_union(),
            def.is_widget_union(),
            "`{}`: is_union() (the shape: a required one_of of several keyword members) says {}, \
             but WIDGET_UNIONS {} it; add it to or remove it from schema::WIDGET_UNIONS, \
             or fix its one_of",
            def.name,
            def.is_union(),
            if def.is_widget_union() {
                "lists"
            } else {
                "does not list"
            },
        );
    }
    for union in WIDGET_UNIONS {
        assert!(
            ALL_OBJECTS.iter().any(|d| std::ptr::eq(*d, *union)),
            "widget union `{}` is missing from ALL_OBJECTS",
            union.name
        );
    }
}

#[test]
fn each_unions_one_of_members_are_its_keyword_members() {
    for def in ALL_OBJECTS.iter().filter(|d| d.holds_widget_kind()) {
        assert_eq!(
            required_one_of_members(def),
            keyword_members(def),
            "`{}`: the members of its required one_of (left) and the fields carrying a \
             widget keyword (right) differ; a widget kind must be in both",
            def.name
        );
    }
}

#[test]
fn only_widget_unions_have_keyword_members() {
    for def in ALL_OBJECTS {
        assert_eq!(
            !keyword_members(def).is_empty(),
            def.holds_widget_kind(),
            "`{}`: object fields with a widget keyword ({:?}) belong only to the widget \
             unions and the accessory widget",
            def.name,
            keyword_members(def)
        );
    }
}
