//! A `key: value` entry of an object body: the field it names, a shorthand for a path
//! of fields, a key known elsewhere but misplaced here, or an unknown key.

use chat_card_core::schema::{CARD_WITH_ID, MESSAGE, TextKind, Ty, same_key};
use chat_card_core::suggest::closest as nearest;

use super::lookup::{block_keywords, display_name, field_keys, find_field, insert_path, path_ty};
use super::{Layer, Lowerer};
use crate::diag::{article, with_help};
use crate::ir::LMember;
use crate::parse::Field;

impl Lowerer {
    /// Lowers one field entry into the first layer that takes its key.
    pub(super) fn field(&mut self, layers: &mut [Layer], field: &Field) {
        let key = field.key.to_string();
        let key_origin = self.spans.add(field.key.span());
        for layer in layers.iter_mut() {
            if let Some(fd) = find_field(layer.def, &key) {
                let value = self.value(&field.value, fd.ty, &key);
                layer.members.push(LMember {
                    key: fd.json.to_owned(),
                    key_origin,
                    value,
                    from_shorthand: false,
                });
                return;
            }
        }
        for layer in layers.iter_mut() {
            if let Some(sh) = layer.def.shorthands.iter().find(|s| s.name == key) {
                let Some(ty) = path_ty(layer.def, sh.path) else {
                    self.error(
                        field.key.span(),
                        format!("internal: shorthand `{key}` has no target"),
                    );
                    return;
                };
                let value = self.value(&field.value, ty, &key);
                insert_path(&mut layer.members, sh.path, key_origin, value);
                return;
            }
        }
        for layer in layers.iter_mut() {
            if let Some(m) = layer.def.misplaced.iter().find(|m| same_key(m.key, &key)) {
                let value = self.value(&field.value, Ty::Text(TextKind::Plain), &key);
                layer.members.push(LMember {
                    key: m.key.to_owned(),
                    key_origin,
                    value,
                    from_shorthand: false,
                });
                return;
            }
        }
        let is_block = layers
            .iter()
            .any(|l| block_keywords(l.def).iter().any(|k| *k == key));
        let where_ = layers
            .first()
            .map(|l| display_name(l.def))
            .unwrap_or("object");
        let candidates: Vec<String> = layers.iter().flat_map(|l| field_keys(l.def)).collect();
        let message = format!("unknown field `{key}` in {}", article(where_));
        let help = if let Some(help) = message_only_help(layers, &key) {
            help
        } else if is_block {
            format!("`{key}` is written as a block: `{key} {{ … }}`")
        } else if let Some(near) = nearest(&key, candidates.iter().map(String::as_str)) {
            format!("did you mean `{near}`?")
        } else {
            format!(
                "the fields of {} are: {}",
                article(where_),
                candidates.join(", ")
            )
        };
        self.error(field.key.span(), with_help(message, help));
    }
}

/// In the body of `card!`, a field or keyword of a whole message (`text`, `thread_key`,
/// `fallback_text`, `card`): the help points to `message!`.
pub(super) fn message_only_help(layers: &[Layer], key: &str) -> Option<String> {
    let at_card_root = layers
        .first()
        .is_some_and(|l| std::ptr::eq(l.def, &CARD_WITH_ID));
    let of_message = find_field(&MESSAGE, key).is_some()
        || MESSAGE.shorthands.iter().any(|s| s.name == key)
        || block_keywords(&MESSAGE).contains(&key);
    let written = if block_keywords(&MESSAGE).contains(&key) {
        format!("{key} …")
    } else {
        format!("{key}: …,")
    };
    (at_card_root && of_message).then(|| {
        format!(
            "`{key}` belongs to a whole message, not a card: write `message! {{ {written} card \"id\" {{ section {{ … }} }} }}`"
        )
    })
}
