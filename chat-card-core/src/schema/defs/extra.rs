//! Objects that only Workspace Studio add-ons use (`expressionData`, `eventActions`). They
//! are known so the validator can name them, and rejected in Chat messages.

use super::*;

/// A CEL expression with its conditions (`card.expressionData[]`; Studio only).
pub static EXPRESSION_DATA: ObjectDef = obj(
    "expression data",
    Some("GoogleAppsCardV1ExpressionData"),
    &[
        f("id", IDENT),
        f("expression", PLAIN),
        f("conditions", Ty::List(&any_list(Ty::Object(&CONDITION)))),
        f(
            "eventActions",
            Ty::List(&any_list(Ty::Object(&EVENT_ACTION))),
        ),
    ],
);

/// A condition of an expression (Studio only).
pub static CONDITION: ObjectDef = obj(
    "condition",
    Some("GoogleAppsCardV1Condition"),
    &[
        f("actionRuleId", IDENT),
        f(
            "expressionDataCondition",
            Ty::Object(&EXPRESSION_DATA_CONDITION),
        ),
    ],
);

/// The kind of an expression condition (Studio only).
pub static EXPRESSION_DATA_CONDITION: ObjectDef = obj(
    "expression data condition",
    Some("GoogleAppsCardV1ExpressionDataCondition"),
    &[f("conditionType", Ty::Enum(&CONDITION_TYPE))],
);

/// An action run on an event (`widget.eventActions[]`; Studio only).
pub static EVENT_ACTION: ObjectDef = obj(
    "event action",
    Some("GoogleAppsCardV1EventAction"),
    &[
        f("actionRuleId", IDENT),
        f("commonWidgetAction", Ty::Object(&COMMON_WIDGET_ACTION)),
        f(
            "postEventTriggers",
            Ty::List(&any_list(Ty::Object(&TRIGGER))),
        ),
    ],
);

/// A widget action of an event action (Studio only).
pub static COMMON_WIDGET_ACTION: ObjectDef = obj(
    "common widget action",
    Some("GoogleAppsCardV1CommonWidgetAction"),
    &[f(
        "updateVisibilityAction",
        Ty::Object(&UPDATE_VISIBILITY_ACTION),
    )],
);

/// Shows or hides a widget (Studio only).
pub static UPDATE_VISIBILITY_ACTION: ObjectDef = obj(
    "update visibility action",
    Some("GoogleAppsCardV1UpdateVisibilityAction"),
    &[f("visibility", Ty::Enum(&VISIBILITY))],
);

/// A trigger run after an event (Studio only).
pub static TRIGGER: ObjectDef = obj(
    "trigger",
    Some("GoogleAppsCardV1Trigger"),
    &[f("actionRuleId", IDENT)],
);
