//! The names of the queue's Redis keys. A space's keys carry the space as a hash tag,
//! `{SPACE}`, like the shared pacing's `chat-card:{SPACE}:next`, so a space's stream,
//! lease, attempts and group state share one Cluster slot with its pacing schedule.

/// The consumer group every relay reads the streams with.
pub(super) const GROUP: &str = "relays";

/// The counter that numbers accepted messages (the queue ids).
pub(super) const SEQ: &str = "chat-card:relay:seq";

/// The set of spaces whose streams hold messages.
pub(super) const SPACES: &str = "chat-card:relay:spaces";

/// How many messages wait, all spaces together.
pub(super) const QUEUED: &str = "chat-card:relay:queued";

/// The dead-letter stream (capped).
pub(super) const DEAD: &str = "chat-card:relay:dead";

/// The stream of a space's waiting messages.
pub(super) fn stream(space: &str) -> String {
    format!("chat-card:{{{space}}}:queue")
}

/// Who delivers a space now (a relay's id, expiring).
pub(super) fn lease(space: &str) -> String {
    format!("chat-card:{{{space}}}:lease")
}

/// The attempts made on a space's messages so far, by queue id.
pub(super) fn attempts(space: &str) -> String {
    format!("chat-card:{{{space}}}:attempts")
}

/// The state of a message group of a space (an Alertmanager group's Chat message).
pub(super) fn group(space: &str, group: &str) -> String {
    format!("chat-card:{{{space}}}:group:{group}")
}

/// A de-duplication key.
pub(super) fn seen(key: &str) -> String {
    format!("chat-card:relay:seen:{key}")
}

/// The stream entry id of queue id `n`.
pub(super) fn entry_id(n: i64) -> String {
    format!("{n}-0")
}

/// The queue id of a stream entry id (`N-0`).
pub(super) fn queue_id(entry: &str) -> Option<i64> {
    entry.split_once('-').and_then(|(n, _)| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spaces_keys_share_the_pacing_keys_hash_tag() {
        for key in [
            stream("AAAA"),
            lease("AAAA"),
            attempts("AAAA"),
            group("AAAA", "g"),
        ] {
            assert!(key.starts_with("chat-card:{AAAA}:"), "{key}");
        }
        assert_eq!(queue_id(&entry_id(42)), Some(42));
        assert_eq!(queue_id("nonsense"), None);
    }
}
