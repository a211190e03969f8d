//! The walk over the tree, driven by the tables: objects, fields, lists, scopes, unknown
//! and duplicate keys, one-of groups and required fields.

use std::collections::HashMap;
use std::ptr;

use super::{Problem, Rule, Severity, join, present};
use crate::schema::{self, FieldDef, ObjectDef, Scope, Ty, same_key};
use crate::suggest::closest;
use crate::tree::{Member, Node, Origin, Value};
use crate::wording::article;

/// How deep the walk follows nested objects before giving up (the schema itself is about
/// 15 levels deep; this guards against trees built by other code).
const MAX_WALK_DEPTH: usize = 64;

/// The state of one validation run.
#[derive(Default)]
pub(super) struct Walker {
    pub(super) problems: Vec<Problem>,
    /// Inside `actionResponse.dialogAction.dialog.body`, where dialog-only fields are fine.
    pub(super) in_dialog: bool,
    /// Inside a section's `collapseControl`, whose buttons may lack `onClick`.
    pub(super) in_collapse_control: bool,
    /// Inside a text paragraph with `textSyntax: MARKDOWN`.
    pub(super) markdown_card_text: bool,
    /// Inside a message with `markupSyntax: MARKUP_SYNTAX_MARKDOWN`.
    pub(super) markdown_message_text: bool,
    depth: usize,
}

impl Walker {
    pub(super) fn report(
        &mut self,
        rule: Rule,
        path: &str,
        origin: Origin,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        super::report(&mut self.problems, rule, path, origin, message, help);
    }

    /// Checks an object against its definition.
    pub(super) fn object(&mut self, node: &Node, def: &'static ObjectDef, path: &str) {
        let Some(members) = node.as_object() else {
            self.type_error(node, Ty::Object(def), path);
            return;
        };
        if self.depth >= MAX_WALK_DEPTH {
            self.report(
                Rule::TooDeep,
                path,
                node.origin,
                "the card is nested too deeply to check",
                Some(
                    "Chat cards are at most about 15 levels deep; remove the extra nesting".into(),
                ),
            );
            return;
        }
        self.depth += 1;
        let saved = (
            self.in_dialog,
            self.in_collapse_control,
            self.markdown_card_text,
            self.markdown_message_text,
        );
        if ptr::eq(def, &schema::COLLAPSE_CONTROL) {
            self.in_collapse_control = true;
        }
        if ptr::eq(def, &schema::DIALOG) {
            self.in_dialog = true;
        }
        if ptr::eq(def, &schema::TEXT_PARAGRAPH) {
            self.markdown_card_text =
                node.get("textSyntax").and_then(Node::as_str) == Some("MARKDOWN");
        }
        if ptr::eq(def, &schema::MESSAGE) {
            self.markdown_message_text =
                node.get("markupSyntax").and_then(Node::as_str) == Some("MARKUP_SYNTAX_MARKDOWN");
        }

        let mut unknown_keys = false;
        let mut meant: Vec<&'static str> = Vec::new();
        // The first member of each key, by its snake_case spelling (two keys are the same
        // field exactly when their snake_case spellings are equal): one lookup per member,
        // so an object with many keys is checked in linear time.
        let mut first_of: HashMap<String, usize> = HashMap::with_capacity(members.len());
        for (i, member) in members.iter().enumerate() {
            let key_path = join(path, &member.key);
            let first = *first_of.entry(schema::snake_case(&member.key)).or_insert(i);
            if first != i {
                let first = &members[first];
                let same = if first.key == member.key {
                    String::new()
                } else {
                    format!(" (`{}` and `{}` are the same field)", first.key, member.key)
                };
                self.report(
                    Rule::DuplicateKey,
                    &key_path,
                    member.key_origin,
                    format!("duplicate key `{}`{same}", member.key),
                    Some("keep only one of them".into()),
                );
                continue;
            }
            let Some(field) = def.field(&member.key) else {
                unknown_keys = true;
                meant.extend(self.unknown_key(def, member, &key_path));
                continue;
            };
            if let Some((rule, message, help)) = self.scope_problem(field, &member.key) {
                self.report(rule, &key_path, member.key_origin, message, Some(help));
                if rule.severity() == Severity::Error {
                    continue;
                }
            }
            self.one_of_conflict(def, members, i, &key_path);
            self.value(&member.value, field.ty, &key_path);
        }

        for required in def.required {
            let covered = required
                .any_of
                .iter()
                .any(|k| present(members, k) || meant.iter().any(|m| same_key(m, k)));
            if !covered {
                // Google's CollapseControl reference example has buttons without
                // `onClick`, and Chat accepts them.
                let rule = if self.in_collapse_control && ptr::eq(def, &schema::BUTTON) {
                    Rule::CollapseButtonWithoutClick
                } else {
                    Rule::MissingRequired
                };
                let names = required
                    .any_of
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                self.report(
                    rule,
                    path,
                    node.origin,
                    format!("{} is missing {names}", article(def.name)),
                    Some(format!("{}; add {names}", required.why)),
                );
            }
        }
        for group in def.one_of.iter().filter(|g| g.required) {
            if !unknown_keys && !group.members.iter().any(|k| present(members, k)) {
                let rule = if members.is_empty() && def.is_widget_union() {
                    Rule::EmptyWidget
                } else {
                    Rule::MissingKind
                };
                let chat_members: Vec<String> = group
                    .members
                    .iter()
                    .filter(|k| def.field(k).is_some_and(|f| f.scope == Scope::Chat))
                    .map(|k| format!("`{k}`"))
                    .collect();
                let message = if rule == Rule::EmptyWidget {
                    format!("an empty {} `{{}}` shows nothing", def.name)
                } else {
                    format!("{} needs exactly one {}", article(def.name), group.name)
                };
                self.report(
                    rule,
                    path,
                    node.origin,
                    message,
                    Some(format!(
                        "remove it, or add one of {}",
                        chat_members.join(", ")
                    )),
                );
            }
        }
        super::rules::after_object(&mut self.problems, node, def, path);

        (
            self.in_dialog,
            self.in_collapse_control,
            self.markdown_card_text,
            self.markdown_message_text,
        ) = saved;
        self.depth -= 1;
    }

    /// Reports a member that shares a one-of group with an earlier non-null member.
    fn one_of_conflict(&mut self, def: &ObjectDef, members: &[Member], i: usize, path: &str) {
        let member = &members[i];
        if matches!(member.value.value, Value::Null) {
            return;
        }
        let Some(group) = def.group_of(&member.key) else {
            return;
        };
        let earlier = members[..i].iter().find(|p| {
            !matches!(p.value.value, Value::Null)
                && !same_key(&p.key, &member.key)
                && group.members.iter().any(|g| same_key(g, &p.key))
        });
        if let Some(earlier) = earlier {
            self.report(
                Rule::OneOfConflict,
                path,
                member.key_origin,
                format!(
                    "`{}` and `{}` cannot both be set: {} has one {}",
                    earlier.key,
                    member.key,
                    article(def.name),
                    group.name
                ),
                Some(format!(
                    "keep one of {}",
                    group
                        .members
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }

    /// Why a known field may not be used here, if it may not.
    fn scope_problem(&self, field: &FieldDef, key: &str) -> Option<(Rule, String, String)> {
        match field.scope {
            Scope::Chat => None,
            Scope::AddOnOnly(why) => Some((
                Rule::AddOnOnly,
                format!("`{key}` is only for Google Workspace add-ons, not Chat messages"),
                why.to_string(),
            )),
            Scope::DialogOnly(_) if self.in_dialog => None,
            Scope::DialogOnly(why) => Some((
                Rule::DialogOnly,
                format!("`{key}` only works in Chat dialogs, not in messages"),
                why.to_string(),
            )),
            Scope::StudioOnly => Some((
                Rule::StudioOnly,
                format!(
                    "`{key}` is only for Workspace Studio add-ons and is unavailable to Chat apps"
                ),
                "remove it".to_string(),
            )),
            Scope::Deprecated(instead) => Some((
                Rule::DeprecatedField,
                format!("`{key}` is deprecated; Chat still accepts it"),
                instead.to_string(),
            )),
            Scope::Ignored(why) => Some((
                Rule::IgnoredField,
                format!("`{key}` is ignored in Chat messages"),
                why.to_string(),
            )),
            Scope::Legacy(instead) => Some((
                Rule::LegacyField,
                format!("`{key}` is a legacy field, no longer documented; Chat accepts it"),
                instead.to_string(),
            )),
            Scope::OutputOnly => Some((
                Rule::OutputOnly,
                format!("`{key}` is set by Chat; Chat ignores it in a request"),
                if key == "name" || same_key(key, "clientAssignedMessageId") {
                    "remove it; to choose the message id, pass `messageId` (`client-…`) on the request"
                        .to_string()
                } else {
                    "remove it (Chat fills it in its response)".to_string()
                },
            )),
        }
    }

    /// Reports a key the object does not have, with the best hint we can find. Returns
    /// the field the key was probably meant to be, so a "missing field" report for that
    /// field can be left out.
    fn unknown_key(
        &mut self,
        def: &ObjectDef,
        member: &Member,
        path: &str,
    ) -> Option<&'static str> {
        let key = member.key.as_str();
        let here = article(def.name);
        if let Some(m) = def.misplaced.iter().find(|m| same_key(m.key, key)) {
            self.report(
                Rule::Misplaced,
                path,
                member.key_origin,
                format!("`{key}` is not allowed in {here}"),
                Some(m.reason.to_string()),
            );
            return None;
        }
        let chat_fields = def
            .fields
            .iter()
            .filter(|f| f.scope == Scope::Chat)
            .map(|f| f.json);
        let message = format!("unknown field `{key}` in {here}");
        let mut owners: Vec<&str> = Vec::new();
        for other in schema::ALL_OBJECTS {
            if !ptr::eq(*other, def)
                && other.field(key).is_some_and(|f| f.scope == Scope::Chat)
                && !owners.contains(&other.name)
            {
                owners.push(other.name);
            }
        }
        let owners_text = owners
            .iter()
            .take(4)
            .map(|o| article(o))
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(sh) = def.shorthands.iter().find(|s| same_key(s.name, key)) {
            // `link` on a button, `threadKey` on a message: short names of nested fields.
            let mut nested = "…".to_string();
            for step in sh.path.iter().rev() {
                nested = format!("{{\"{step}\": {nested}}}");
            }
            let help = match sh.path {
                [one] => format!("did you mean `{one}`?"),
                _ => format!("write it nested: `{nested}`"),
            };
            self.report(
                Rule::UnknownField,
                path,
                member.key_origin,
                message,
                Some(help),
            );
            return sh.path.first().copied();
        }
        // A widget's field written straight into the widget union: name the widget kinds
        // that have it.
        let mut kinds: Vec<(&str, &str)> = Vec::new();
        for kind in def
            .one_of
            .iter()
            .filter(|g| g.required)
            .flat_map(|g| g.members)
        {
            if let Some(FieldDef {
                ty: Ty::Object(member_def),
                scope: Scope::Chat,
                ..
            }) = def.field(kind)
                && member_def
                    .field(key)
                    .is_some_and(|f| f.scope == Scope::Chat)
            {
                kinds.push((kind, member_def.name));
            }
        }
        if let Some((kind, _)) = kinds.first() {
            let names: Vec<String> = kinds.iter().map(|(_, n)| article(n)).collect();
            self.report(
Rule::UnknownField,
                path,
                member.key_origin,
                message,
                Some(format!(
                    "`{key}` is a field of {}; put it inside a widget kind, like `{{\"{kind}\": {{\"{key}\": …}}}}`",
                    names.join(", ")
                )),
            );
            return None;
        }
        if let Some(s) = closest(key, chat_fields.clone()) {
            let help = if owners.is_empty() {
                format!("did you mean `{s}`?")
            } else {
                format!("did you mean `{s}`? (`{key}` is a field of {owners_text})")
            };
            self.report(
                Rule::UnknownField,
                path,
                member.key_origin,
                message,
                Some(help),
            );
            return Some(s);
        }
        if !owners.is_empty() {
            let hint = if def.holds_widget_kind() {
                format!(
                    "`{key}` is a field of {owners_text}; put it inside a widget kind, like `{{\"decoratedText\": {{\"{key}\": …}}}}`"
                )
            } else {
                format!("`{key}` is a field of {owners_text}, not of {here}")
            };
            self.report(
                Rule::UnknownField,
                path,
                member.key_origin,
                message,
                Some(hint),
            );
            return None;
        }
        let all: Vec<&str> = chat_fields.collect();
        let help = if all.is_empty() {
            format!("{here} has no fields; write `{{}}`")
        } else {
            format!("valid fields: {}", all.join(", "))
        };
        self.report(
            Rule::UnknownField,
            path,
            member.key_origin,
            message,
            Some(help),
        );
        None
    }

    /// Checks a value against a type.
    pub(super) fn value(&mut self, node: &Node, ty: Ty, path: &str) {
        match &node.value {
            Value::Null => return,
            Value::Dynamic(d) => return self.dynamic(*d, node, ty, path),
            _ => {}
        }
        match ty {
            Ty::Text(kind) => self.text(node, kind, path),
            Ty::Bool => match &node.value {
                Value::Bool(_) => {}
                Value::String(s) => match super::bool_from_string(s) {
                    Some(b) => self.report(
                        Rule::BoolAsString,
                        path,
                        node.origin,
                        format!(
                            "a boolean written as the string \"{s}\"; Google's front end reads it as `{b}`, other JSON parsers refuse it"
                        ),
                        Some(format!("write the bool: `{b}` without quotes")),
                    ),
                    None => self.type_error(node, ty, path),
                },
                _ => self.type_error(node, ty, path),
            },
            Ty::Int(rule) => self.int(node, rule, path),
            Ty::Int64 => self.int64(node, path),
            Ty::Float(rule) => self.float(node, rule, path),
            Ty::Enum(def) => self.enumeration(node, def, path),
            Ty::Color => self.color(node, path),
            Ty::Object(def) => self.object(node, def, path),
            Ty::List(list) => {
                let Value::Array(array) = &node.value else {
                    // Google's front end reads one item where a list belongs as a list of
                    // that item; an object never stands for a scalar, though.
                    let one_item = match (&node.value, list.item) {
                        (Value::Object(_), item) => matches!(item, Ty::Object(_)),
                        (Value::String(_) | Value::Template(_), Ty::Text(_)) => true,
                        (Value::String(_) | Value::Number(_), Ty::Enum(_)) => true,
                        (Value::String(_) | Value::Number(_), Ty::Int(_) | Ty::Int64) => true,
                        (Value::String(_) | Value::Number(_), Ty::Float(_)) => true,
                        (Value::Bool(_) | Value::String(_), Ty::Bool) => true,
                        _ => false,
                    };
                    if !one_item {
                        return self.type_error(node, ty, path);
                    }
                    self.report(
                        Rule::SingleForList,
                        path,
                        node.origin,
                        format!(
                            "expected {}, found {}; Google's front end reads it as a list of one, other JSON parsers refuse it",
                            expected(Ty::List(list)),
                            found(&node.value)
                        ),
                        Some("wrap it in an array: `[ … ]`".into()),
                    );
                    return self.value(node, list.item, path);
                };
                if !array.open {
                    let n = array.items.len();
                    if n < list.min {
                        self.report(
                            Rule::TooFewItems,
                            path,
                            node.origin,
                            format!(
                                "{} item{} here; at least {} needed",
                                n,
                                if n == 1 { "" } else { "s" },
                                list.min
                            ),
                            Some(list.why.to_string()),
                        );
                    }
                    if let Some(max) = list.max
                        && n > max
                    {
                        let first_extra = &array.items[max];
                        self.report(
                            Rule::TooManyItems,
                            &format!("{path}[{max}]"),
                            first_extra.origin,
                            format!("{n} items here; at most {max} are allowed"),
                            Some(list.why.to_string()),
                        );
                    }
                }
                for (i, item) in array.items.iter().enumerate() {
                    self.value(item, list.item, &format!("{path}[{i}]"));
                }
            }
        }
    }

    /// Reports a value of the wrong JSON type.
    pub(super) fn type_error(&mut self, node: &Node, ty: Ty, path: &str) {
        let found = found(&node.value);
        let expected = expected(ty);
        let help = match (&node.value, ty) {
            (Value::Array(_), Ty::Object(_)) => "write one object, not an array".to_string(),
            (Value::Object(_), Ty::List(_)) => "wrap it in an array: `[ … ]`".to_string(),
            (Value::Number(n), Ty::Text(_)) => {
                format!("write it in quotes: `\"{}\"`", n.as_str())
            }
            (Value::Bool(b), Ty::Text(_)) => format!("write it in quotes: `\"{b}\"`"),
            _ => format!("write {expected}"),
        };
        self.report(
            Rule::WrongType,
            path,
            node.origin,
            format!("expected {expected}, found {found}"),
            Some(help),
        );
    }
}

/// What a value is, for messages.
pub(super) fn found(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Template(_) => "a string with placeholders",
        Value::Dynamic(_) => "a runtime value",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What a type expects, for messages.
pub(super) fn expected(ty: Ty) -> String {
    match ty {
        Ty::Text(schema::TextKind::Url) => "a URL string".to_string(),
        Ty::Text(_) => "a string".to_string(),
        Ty::Bool => "`true` or `false`".to_string(),
        Ty::Int(_) => "an integer".to_string(),
        Ty::Int64 => "an integer (a number or a string of digits)".to_string(),
        Ty::Float(_) => "a number".to_string(),
        Ty::Enum(e) => format!("{} name (a string)", article(e.name)),
        Ty::Color => "a colour object `{\"red\": …, \"green\": …, \"blue\": …}`".to_string(),
        Ty::Object(def) => format!("an object ({})", def.name),
        Ty::List(list) => match list.item {
            Ty::Object(def) => format!("an array of {} objects", def.name),
            _ => "an array".to_string(),
        },
    }
}
