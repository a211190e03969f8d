//! The `requestId`s callers gave lately, with a fingerprint of each message's body, so a
//! `requestId` that comes back with a different body is logged: Chat answers a repeated
//! `requestId` with the first message and posts nothing new, which a caller reusing ids
//! by mistake would never see. Bounded: the oldest entries go first.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, PoisonError};

/// How many `requestId`s are remembered (about 40 bytes each).
const REMEMBERED: usize = 10_000;

/// Recently seen `(space, requestId)` pairs and their bodies' fingerprints.
#[derive(Debug, Default)]
pub(crate) struct RequestIds {
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    bodies: HashMap<u64, u64>,
    order: VecDeque<u64>,
}

fn fingerprint(parts: &[&[u8]]) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

impl RequestIds {
    /// Remembers a caller-given `request_id` of `space` with `body`; `true` when the
    /// same pair was seen lately with another body.
    pub(crate) fn conflicts(&self, space: &str, request_id: &str, body: &[u8]) -> bool {
        let key = fingerprint(&[space.as_bytes(), request_id.as_bytes()]);
        let body = fingerprint(&[body]);
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(before) = seen.bodies.get(&key) {
            return *before != body;
        }
        if seen.order.len() >= REMEMBERED
            && let Some(old) = seen.order.pop_front()
        {
            seen.bodies.remove(&old);
        }
        seen.bodies.insert(key, body);
        seen.order.push_back(key);
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_request_id_with_another_body_conflicts_and_memory_is_bounded() {
        let ids = RequestIds::default();
        assert!(!ids.conflicts("A", "r-1", b"one"));
        assert!(!ids.conflicts("A", "r-1", b"one"));
        assert!(ids.conflicts("A", "r-1", b"two"));
        assert!(!ids.conflicts("B", "r-1", b"two"));
        for i in 0..REMEMBERED + 10 {
            ids.conflicts("C", &i.to_string(), b"x");
        }
        let seen = ids.seen.lock().expect("lock");
        assert_eq!(seen.bodies.len(), REMEMBERED);
        assert_eq!(seen.order.len(), REMEMBERED);
    }
}
