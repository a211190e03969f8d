//! A message group's state in Redis (an Alertmanager group's Chat message and whether
//! it is closed), as one string `RESOLVED:MESSAGE_ID` under the space's hash tag, so any
//! relay continues any group. Changed only by the store script, and only if it is still
//! what the plan was made from.

use super::super::GroupState;

/// The state of a stored value ("" when the group is new).
pub(super) fn state(value: &str) -> Option<GroupState> {
    let (resolved, message_id) = value.split_once(':')?;
    Some(GroupState {
        message_id: message_id.to_owned(),
        resolved: resolved == "1",
    })
}

/// The stored value of a state.
pub(super) fn value(state: &GroupState) -> String {
    format!("{}:{}", u8::from(state.resolved), state.message_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_round_trips() {
        let s = GroupState {
            message_id: "client-a:b".into(),
            resolved: true,
        };
        assert_eq!(state(&value(&s)), Some(s));
        assert_eq!(state(""), None);
    }
}
